// Package truto is the client for Truto's unified e-commerce customers: the
// cursor-paged list and the single customer of one integrated account
// (API-NOTES 4). Truto's e-commerce customers are read-only. It has no
// Terraform imports.
package truto

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

const (
	// DefaultBaseURL is Truto's API root.
	DefaultBaseURL = "https://api.truto.one"
	// MaxPageSize is the largest limit asked for. Truto documents no maximum
	// (the integration's own page size applies); 100 is a common upstream cap.
	MaxPageSize = 100
	listPath    = "/unified/ecommerce/customers"
)

// Client talks to Truto for one integrated account.
type Client struct {
	http *httpclient.Client
	// AccessSource hands out the HTTP client's credential (Access,
	// RenewAccess) for calls made outside the provider.
	httpclient.AccessSource
	accountID string
}

// New wraps an HTTP client configured with Configure.
func New(http *httpclient.Client, integratedAccountID string) *Client {
	return &Client{http: http, AccessSource: http, accountID: integratedAccountID}
}

// Description is Truto's description (see Description).
func (*Client) Description() *customers.Description { return &Description }

// Configure adds the bearer token and the error reader to an HTTP
// configuration. Truto's 429s carry Retry-After and ratelimit-reset headers,
// which the HTTP layer reads; the body has no reset time. A 503 means the
// integrated account is blocked (API-NOTES 4.5): retrying cannot help.
func Configure(hc httpclient.Config, token string) httpclient.Config {
	hc.Auth = httpclient.Headers{"Authorization": "Bearer " + token}
	hc.ErrorMessage = ErrorMessage
	hc.FinalStatuses = []int{http.StatusServiceUnavailable}
	return hc
}

// apiError is Truto's error body (API-NOTES 4.5).
type apiError struct {
	StatusCode        int                        `json:"statusCode"`
	Error             string                     `json:"error"`
	Message           string                     `json:"message"`
	TrutoIsRemoteErr  bool                       `json:"truto_is_remote_error"`
	TrutoErrorInsight map[string]json.RawMessage `json:"truto_error_insight"`
}

// ErrorMessage renders {statusCode, error, message} and says when the error
// came from the integrated platform rather than Truto.
func ErrorMessage(body []byte) string {
	var e apiError
	if json.Unmarshal(body, &e) != nil || (e.Message == "" && e.Error == "") {
		return strings.TrimSpace(string(body))
	}
	msg := e.Message
	if msg == "" {
		msg = e.Error
	}
	if e.TrutoIsRemoteErr {
		msg += " (reported by the integrated platform)"
	}
	if raw, ok := e.TrutoErrorInsight["missing_required_query_parameters"]; ok {
		msg += "; missing query parameters: " + strings.Trim(string(raw), "[]")
	}
	return msg
}

// customerDto is a unified customer. Older docs name the phone list
// phone_numbers and the primary flag status; both are read.
type customerDto struct {
	ID          httpclient.StringOrNumber `json:"id"`
	FirstName   string                    `json:"first_name"`
	LastName    string                    `json:"last_name"`
	Name        string                    `json:"name"`
	CompanyName string                    `json:"company_name"`
	Status      string                    `json:"status"`
	Emails      []struct {
		Email     string `json:"email"`
		IsPrimary *bool  `json:"is_primary"`
		Status    string `json:"status"`
	} `json:"emails"`
	Phones       []phone `json:"phones"`
	PhoneNumbers []phone `json:"phone_numbers"`
	CreatedAt    string  `json:"created_at"`
	UpdatedAt    string  `json:"updated_at"`
}

type phone struct {
	Number    string `json:"number"`
	Extension string `json:"extension"`
}

func toCustomer(raw json.RawMessage) (customers.Customer, error) {
	d, id, err := customers.DecodeRecord(raw, "customer", "id", func(d *customerDto) string { return string(d.ID) })
	if err != nil {
		return customers.Customer{}, err
	}
	c := customers.Customer{
		ID:          id,
		Name:        d.Name,
		FirstName:   d.FirstName,
		LastName:    d.LastName,
		CompanyName: d.CompanyName,
		Status:      d.Status,
		CreatedAt:   d.CreatedAt,
		UpdatedAt:   d.UpdatedAt,
		Raw:         raw,
	}
	if c.Name == "" {
		c.Name = strings.TrimSpace(d.FirstName + " " + d.LastName)
	}
	for i, e := range d.Emails {
		primary := (e.IsPrimary != nil && *e.IsPrimary) || strings.EqualFold(e.Status, "primary")
		if i == 0 || primary {
			c.Email = e.Email
		}
		if primary {
			break
		}
	}
	phones := d.Phones
	if len(phones) == 0 {
		phones = d.PhoneNumbers
	}
	if len(phones) > 0 {
		c.Phone = phones[0].Number
		if phones[0].Extension != "" {
			c.Phone += " ext. " + phones[0].Extension
		}
	}
	return c, nil
}

// listResponse is {"result": [...], "next_cursor": string|null}. Both keys
// are required (next_cursor is null on the last page): {}, null, a
// maintenance object or a next page spelled another way is an error, never
// a list that ends early.
type listResponse struct {
	Result     *[]json.RawMessage `json:"result"`
	NextCursor json.RawMessage    `json:"next_cursor"`
}

// decodeList checks a list answer's envelope, decodes its items and reads
// next_cursor ("" when null or empty: the last page).
func (c *Client) decodeList(req httpclient.Request, body []byte) ([]customers.Customer, string, error) {
	var lr listResponse
	if err := json.Unmarshal(body, &lr); err != nil {
		return nil, "", c.http.Invalid(req, "the answer is not a customer list: %v", err)
	}
	switch {
	case lr.Result == nil:
		return nil, "", c.http.Invalid(req, "the answer is not a customer list: it has no \"result\" array (%s)", httpclient.Describe(body))
	case lr.NextCursor == nil:
		return nil, "", c.http.Invalid(req, "the next page cannot be read: the answer has no \"next_cursor\" (null on the last page; %s)", httpclient.Describe(body))
	}
	var next *string
	if err := json.Unmarshal(lr.NextCursor, &next); err != nil {
		return nil, "", c.http.Invalid(req, "the next page cannot be read: next_cursor is not a string or null: %v", err)
	}
	items, err := customers.DecodeAll(*lr.Result, toCustomer)
	if err != nil {
		return nil, "", c.http.Invalid(req, "%v", err)
	}
	if next == nil {
		return items, "", nil
	}
	return items, *next, nil
}

// Pager follows next_cursor through the integrated account's customers with
// the server-side filters in filter.
func (c *Client) Pager(filter customers.Filter) (customers.Pager, error) {
	return Description.CursorList(c.http, filter, listPath, func(q url.Values, cursor string, size int) {
		q.Set("integrated_account_id", c.accountID)
		q.Set("limit", strconv.Itoa(size))
		if cursor != "" {
			q.Set("next_cursor", cursor)
		}
	}, c.decodeList)
}

// sortParam is sort_by, an object sent as sort_by[field]=direction.
const sortParam = "sort_by[{field}]"

// writeSort writes sort_by and sort_order as the one sort_by object.
func writeSort(q url.Values, f customers.Filter) error {
	field, order := customers.SortCreatedAt, "asc"
	if f.SortBy != nil {
		field = *f.SortBy
	}
	if field != customers.SortCreatedAt && field != customers.SortUpdatedAt {
		return fmt.Errorf("truto cannot sort by %q", field)
	}
	if f.SortOrder != nil {
		order = strings.ToLower(*f.SortOrder)
	}
	q.Set("sort_by["+field+"]", order)
	return nil
}

// Get reads one customer (the object comes unwrapped); an unknown id wraps
// ErrNotFound, and a record of another customer is an error.
func (c *Client) Get(ctx context.Context, id string) (customers.Customer, error) {
	if err := Description.CheckID(id); err != nil {
		return customers.Customer{}, err
	}
	q := url.Values{"integrated_account_id": {c.accountID}}
	return httpclient.GetOne(ctx, c.http, listPath+"/"+url.PathEscape(id), q, customers.ErrNotFound, customers.TheOneAsked(id, toCustomer))
}
