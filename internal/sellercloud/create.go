package sellercloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// The create body's CustomerType numbers the types the other way round from
// the list filter (API-NOTES 1.6: create doc and swagger
// CreateCustomerRequest, "0 = WholeSale, 1 = Retail"; the list's
// customerType is 0 Retail, 1 Wholesale).
const (
	createWholesale = 0
	createRetail    = 1
)

// NewCustomer is what POST /Customers/ creates a customer from.
type NewCustomer struct {
	CompanyID int
	FirstName string
	// LastName is required for a retail customer.
	LastName string
	Email    string
	// BusinessName is required for a wholesale customer when the tenant's
	// client setting "Enable Required Fields for WholeSale Customers" is on,
	// which only the server knows: its 400 says so.
	BusinessName string
	Wholesale    bool
}

// FieldError is a value the API would refuse, named by the API's field
// (CompanyID, TaxID, ...), for the face to show on its attribute.
type FieldError struct {
	Field   string
	Message string
}

func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// Check lists what the create endpoint documents as required and n lacks:
// CompanyID, FirstName and Email always, LastName for a retail customer.
func (n NewCustomer) Check() []FieldError {
	var errs []FieldError
	if n.CompanyID <= 0 {
		errs = append(errs, FieldError{"CompanyID", "a customer is created in a company: a company id (a whole number from 1) is required"})
	}
	if strings.TrimSpace(n.FirstName) == "" {
		errs = append(errs, FieldError{"FirstName", "a first name is required to create a customer"})
	}
	if strings.TrimSpace(n.Email) == "" {
		errs = append(errs, FieldError{"Email", "an email is required to create a customer"})
	}
	if !n.Wholesale && strings.TrimSpace(n.LastName) == "" {
		errs = append(errs, FieldError{"LastName", "a last name is required to create a retail customer"})
	}
	return errs
}

// createBody is CreateCustomerRequest.
type createBody struct {
	CompanyID    int
	FirstName    string
	LastName     string
	Email        string
	BusinessName string
	CustomerType int
}

func (n NewCustomer) body() createBody {
	b := createBody{CompanyID: n.CompanyID, FirstName: n.FirstName, LastName: n.LastName, Email: n.Email,
		BusinessName: n.BusinessName, CustomerType: createRetail}
	if n.Wholesale {
		b.CustomerType = createWholesale
	}
	return b
}

// CreateUnknownError is a create whose outcome is unknown: the POST reached
// the server and no usable answer came back (a timeout, a dropped
// connection, a 5xx, a 200 without an id). The customer may exist: the POST
// has no idempotency key, so it is never sent again; FindCreated looks it up.
type CreateUnknownError struct {
	// Email is the email the customer was created with.
	Email string
	// Sent is the client's clock just before the POST was sent.
	Sent time.Time
	Err  error
}

func (e *CreateUnknownError) Error() string { return e.Err.Error() }
func (e *CreateUnknownError) Unwrap() error { return e.Err }

// Create sends POST /Customers/ once and returns the new customer's id. The
// HTTP layer never re-sends it (a POST not marked idempotent); a failure
// after it was sent is a *CreateUnknownError, any other failure (a 4xx, a
// request that never left) means nothing was created.
func (c *Client) Create(ctx context.Context, n NewCustomer) (int, error) {
	if errs := n.Check(); len(errs) > 0 {
		return 0, fmt.Errorf("cannot create the customer: %w", errors.Join(fieldErrors(errs)...))
	}
	req := httpclient.Request{Method: http.MethodPost, Path: "/Customers/", Body: n.body()}
	sent := time.Now()
	body, err := c.http.DoRaw(ctx, req)
	if err == nil {
		var id int
		if id, err = decodeCreated(body); err == nil {
			return id, nil
		}
		err = c.http.Invalid(req, "the answer is not the new customer's id: %v (%s)", err, httpclient.Describe(body))
	}
	if httpclient.OutcomeUnknown(err) {
		return 0, &CreateUnknownError{Email: n.Email, Sent: sent, Err: err}
	}
	return 0, err
}

// decodeCreated reads the create answer: a bare int32, the new customer's
// id (swagger Customers_Create). A numeric string is taken too.
func decodeCreated(body []byte) (int, error) {
	var id httpclient.StringOrNumber
	if err := json.Unmarshal(body, &id); err != nil {
		return 0, err
	}
	if id.String() == "" {
		return 0, errors.New("it carries no id")
	}
	return ParseID(id.String())
}

func fieldErrors(fe []FieldError) []error {
	errs := make([]error, len(fe))
	for i, e := range fe {
		errs[i] = e
	}
	return errs
}

// CreatedMatch is a customer FindCreated found.
type CreatedMatch struct {
	ID        int
	Name      string
	Email     string
	CreatedOn string
}

// createdWindow is how far before the POST FindCreated looks. The list's
// createdOnFrom is read in the server's time zone, which no document names
// (inference: a tenant's servers may keep local time), and the provider
// sends UTC: 14 hours covers every zone from UTC-12 to UTC+14, and five
// minutes the clocks' skew. A customer with the same email created in that
// window before the POST is found too: the caller then cannot tell which is
// its own, and says so.
const createdWindow = 14*time.Hour + 5*time.Minute

// MaxCreatedMatches bounds the customers FindCreated reads in full.
const MaxCreatedMatches = 10

// FindCreated looks up the customers with exactly this email (trimmed,
// case-insensitive) created since sent (less createdWindow): what a create
// whose outcome is unknown may have made. It lists GET /Customers by email
// and creation time, then reads each exact match (to report its name and
// creation time, and to prove it exists). More than MaxCreatedMatches exact
// matches is an error naming the first ids.
func (c *Client) FindCreated(ctx context.Context, email string, sent time.Time) ([]CreatedMatch, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return nil, errors.New("finding a created customer needs its email")
	}
	from := sent.Add(-createdWindow).UTC()
	res, err := customers.List(ctx, c, customers.Filter{Email: &email, CreatedFrom: &from}, customers.ListOptions{})
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, cu := range res.Customers {
		if strings.EqualFold(strings.TrimSpace(cu.Email), email) {
			ids = append(ids, cu.ID)
		}
	}
	if len(ids) > MaxCreatedMatches {
		return nil, fmt.Errorf("%d customers have the email %q and were created since %s (customers %s, ...): too many to tell which one a create made",
			len(ids), email, from.Format(time.RFC3339), strings.Join(ids[:MaxCreatedMatches], ", "))
	}
	matches := make([]CreatedMatch, 0, len(ids))
	for _, id := range ids {
		d, err := c.GetDetails(ctx, id)
		if errors.Is(err, customers.ErrNotFound) {
			continue // gone since the list was read
		}
		if err != nil {
			return nil, err
		}
		matches = append(matches, CreatedMatch{ID: d.ID, Name: d.Name, Email: d.Email, CreatedOn: d.CreatedOn})
	}
	return matches, nil
}

// MatchIDs are the matches' ids as text, for a message.
func MatchIDs(matches []CreatedMatch) []string {
	out := make([]string, len(matches))
	for i, m := range matches {
		out[i] = strconv.Itoa(m.ID)
	}
	return out
}
