package sellercloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// AccountManager is one of a customer's three account-manager slots.
type AccountManager struct {
	ID         int
	Commission float64
}

// Details is one customer as GET /Customers/{id} returns it, flattened to the
// fields the PUT body can change (API-NOTES 1.4, 1.5).
type Details struct {
	ID              int
	Title           string
	Name            string
	Email           string
	EmailCC         string
	BusinessName    string
	BusinessAliases []string
	SourceID        string
	IsWholesale     bool
	CompanyID       int
	AccountManagers [3]AccountManager
	Salesman        string
	Comments        string
	Rating          string
	Phone1          string
	Phone2          string
	Phone3          string
	Mobile          string
	Fax             string
	CreatedOn       string
	// CustomColumns are the tenant's custom columns with this customer's
	// values, in the server's order.
	CustomColumns []CustomColumn
	// OrderOptions and ShippingPreferences are nil when the record has no
	// such section (ShippingPreferences: every 2022 record; see options.go).
	OrderOptions        *OrderOptions
	ShippingPreferences *ShippingPreferences
	// Groups are the customer's groups (CustomerGroups.CustomerGroups).
	Groups []Group
	// Raw is the server's nested JSON object without its CreditCards
	// (scrub.go): a credit card is never kept, not even here.
	Raw json.RawMessage
}

// detailsDto is the nested CustomerDetailsDto; names differ from the PUT body.
type detailsDto struct {
	// General is required: a record without it is not a customer.
	General *struct {
		ID              httpclient.StringOrNumber
		Title           string
		Name            string
		Email           string
		EmailCC         string
		CorporateName   string
		BusinessAliases []string
		SourceId        string
		IsWholeSaleUser bool
	}
	Internal struct {
		CompanyID                 int
		AccountManagerId          int
		AccountManagerCommission  float64
		AccountManager2Id         int
		AccountManager2Commission float64
		AccountManager3Id         int
		AccountManager3Commission float64
		SalesMan                  string
		Comment                   string
		LocalRating               int
		CreatedOn                 string
	}
	Personal struct {
		Phone1, Phone2, Phone3, Mobile, Fax string
	}
	CustomColumns       []customColumnDto
	OrderOptions        *OrderOptions
	ShippingPreferences *ShippingPreferences
	CustomerGroups      struct {
		CustomerGroups []struct {
			ID   int
			Name string
		}
	}
	// CreditCards has no field on purpose: cards are never decoded.
}

// GetDetails reads one customer; a missing one wraps customers.ErrNotFound.
func (c *Client) GetDetails(ctx context.Context, id string) (Details, error) {
	n, err := ParseID(id)
	if err != nil {
		return Details{}, err
	}
	return httpclient.GetOne(ctx, c.http, "/Customers/"+strconv.Itoa(n), nil, customers.ErrNotFound, decodeDetails(n))
}

// decodeDetails decodes the record asked for as customer n: it must have
// its General object, and General.ID must be n (a wrong record would be
// written into the state, and a write built on it, as this customer).
func decodeDetails(n int) func(raw []byte) (Details, error) {
	return func(raw []byte) (Details, error) {
		var dto detailsDto
		if err := json.Unmarshal(raw, &dto); err != nil {
			return Details{}, fmt.Errorf("cannot decode the customer: %w", err)
		}
		g, in, p := dto.General, dto.Internal, dto.Personal
		if g == nil {
			return Details{}, errors.New(`the answer is not a customer: it has no "General" object`)
		}
		if err := customers.SameID(strconv.Itoa(n), string(g.ID)); err != nil {
			return Details{}, fmt.Errorf("General.ID: %w", err)
		}
		columns, err := decodeCustomColumns(dto.CustomColumns)
		if err != nil {
			return Details{}, err
		}
		scrubbed, err := withoutCreditCards(raw)
		if err != nil {
			return Details{}, fmt.Errorf("cannot decode the customer: %w", err)
		}
		var groups []Group
		for _, g := range dto.CustomerGroups.CustomerGroups {
			groups = append(groups, Group{ID: g.ID, Name: g.Name})
		}
		return Details{
			ID: n, Title: g.Title, Name: g.Name, Email: g.Email, EmailCC: g.EmailCC,
			BusinessName: g.CorporateName, BusinessAliases: g.BusinessAliases, SourceID: g.SourceId,
			IsWholesale: g.IsWholeSaleUser, CompanyID: in.CompanyID,
			AccountManagers: [3]AccountManager{
				{in.AccountManagerId, in.AccountManagerCommission},
				{in.AccountManager2Id, in.AccountManager2Commission},
				{in.AccountManager3Id, in.AccountManager3Commission},
			},
			Salesman: in.SalesMan, Comments: in.Comment, Rating: RatingName(in.LocalRating),
			Phone1: p.Phone1, Phone2: p.Phone2, Phone3: p.Phone3, Mobile: p.Mobile, Fax: p.Fax,
			CreatedOn: in.CreatedOn, CustomColumns: columns, OrderOptions: dto.OrderOptions,
			ShippingPreferences: dto.ShippingPreferences, Groups: groups, Raw: scrubbed,
		}, nil
	}
}

// Get reads one customer as a core customer.
func (c *Client) Get(ctx context.Context, id string) (customers.Customer, error) {
	d, err := c.GetDetails(ctx, id)
	if err != nil {
		return customers.Customer{}, err
	}
	return CustomerFromDetails(d), nil
}

// CustomerFromDetails maps the single-customer record to a core customer. It
// has one name field, no first and last name.
func CustomerFromDetails(d Details) customers.Customer {
	customerType := CustomerTypes[0]
	if d.IsWholesale {
		customerType = CustomerTypes[1]
	}
	return customers.Customer{
		ID: strconv.Itoa(d.ID), Name: d.Name, Email: d.Email, EmailCC: d.EmailCC, Phone: d.Phone1,
		CompanyName: d.BusinessName, CustomerType: customerType, Rating: d.Rating, CreatedAt: d.CreatedOn,
		ExternalID: d.SourceID, Raw: d.Raw,
	}
}

// Update is the flat PUT /Customers/{id} body: a nil field is left out, which
// the server reads as "unchanged"; "" clears a text field.
type Update struct {
	Title                     *string   `json:"Title,omitempty"`
	Name                      *string   `json:"Name,omitempty"`
	Email                     *string   `json:"Email,omitempty"`
	EmailCC                   *string   `json:"EmailCC,omitempty"`
	BusinessName              *string   `json:"BusinessName,omitempty"`
	BusinessAliases           *[]string `json:"BusinessAliases,omitempty"`
	SourceID                  *string   `json:"SourceId,omitempty"`
	IsWholesale               *bool     `json:"IsWholesale,omitempty"`
	CompanyID                 *int      `json:"CompanyId,omitempty"`
	AccountManager1ID         *int      `json:"AccountManager1Id,omitempty"`
	AccountManager1Commission *float64  `json:"AccountManager1Commission,omitempty"`
	AccountManager2ID         *int      `json:"AccountManager2Id,omitempty"`
	AccountManager2Commission *float64  `json:"AccountManager2Commission,omitempty"`
	AccountManager3ID         *int      `json:"AccountManager3Id,omitempty"`
	AccountManager3Commission *float64  `json:"AccountManager3Commission,omitempty"`
	Salesman                  *string   `json:"Salesman,omitempty"`
	Comments                  *string   `json:"Comments,omitempty"`
	// Rating is sent as its enum name (the PUT body's type is undocumented;
	// Sellercloud's other update endpoints take enum names).
	Rating *string `json:"Rating,omitempty"`
	Phone1 *string `json:"Phone1,omitempty"`
	Phone2 *string `json:"Phone2,omitempty"`
	Phone3 *string `json:"Phone3,omitempty"`
	Mobile *string `json:"Mobile,omitempty"`
	Fax    *string `json:"Fax,omitempty"`
}

// Update sends PUT /Customers/{id} with only the fields set in u.
func (c *Client) Update(ctx context.Context, id string, u Update) error {
	n, err := ParseID(id)
	if err != nil {
		return err
	}
	err = c.http.Do(ctx, httpclient.Request{Method: http.MethodPut, Path: "/Customers/" + strconv.Itoa(n), Body: u}, nil)
	return httpclient.MarkNotFound(err, customers.ErrNotFound)
}
