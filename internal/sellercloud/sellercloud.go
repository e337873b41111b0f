// Package sellercloud is the client for Sellercloud's customer REST API
// (https://{server_id}.api.sellercloud.com/rest/api): token, filtered and paged
// customer list, single customer (details.go: with its custom columns, order
// options, shipping preferences and groups, never its credit cards:
// scrub.go), update, create and the lookup after a create whose outcome is
// unknown (create.go), custom columns and their value rules (columns.go),
// order options and shipping preferences (options.go), and adding customers
// to a group (groups.go). It has no Terraform imports.
package sellercloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

const (
	// MaxPageSize is the largest page asked for. Sellercloud does not document
	// a maximum; public clients report 50 (API-NOTES 1.10), and a server that
	// caps lower is detected by the paging engine.
	MaxPageSize = 50
)

// Client talks to one Sellercloud server.
type Client struct {
	http *httpclient.Client
	// AccessSource hands out the HTTP client's credential (Access,
	// RenewAccess) for calls made outside the provider.
	httpclient.AccessSource
}

// New wraps an HTTP client whose base URL is the server's API root.
func New(http *httpclient.Client) *Client { return &Client{http: http, AccessSource: http} }

// Description is Sellercloud's description (see Description).
func (*Client) Description() *customers.Description { return &Description }

// tokenResponse is CreateTokenResponse (API-NOTES 1.2).
type tokenResponse struct {
	AccessToken string               `json:"access_token"`
	TokenType   string               `json:"token_type"`
	ExpiresIn   httpclient.ExpiresIn `json:"expires_in"`
	Expires     string               `json:".expires"`
}

// PasswordTokenSource gets tokens from POST /token with Username and Password.
// The expiry comes from the response (expires_in, a number or a numeric
// string, else .expires), never from a hard-coded lifetime.
func PasswordTokenSource(http *httpclient.Client, username, password string, now func() time.Time) httpclient.TokenSource {
	return func(ctx context.Context) (httpclient.Token, error) {
		var tr tokenResponse
		err := http.Do(ctx, httpclient.Request{
			Method:     "POST",
			Path:       "/token",
			Body:       map[string]string{"Username": username, "Password": password},
			Idempotent: true, // asking for a token twice is harmless
			NoAuth:     true,
		}, &tr)
		if err != nil {
			return httpclient.Token{}, fmt.Errorf("getting a Sellercloud token for username %q: %w", username, err)
		}
		if tr.AccessToken == "" {
			return httpclient.Token{}, errors.New("POST /token: the response carries no access_token")
		}
		// The expiry is clamped twice: expires_in before it becomes a
		// duration, and the token's lifetime by RenewingBearer.
		t := httpclient.Token{Value: tr.AccessToken, Expires: tr.ExpiresIn.Expires(now())}
		if t.Expires.IsZero() && tr.Expires != "" {
			t.Expires, _ = time.Parse(time.RFC3339Nano, tr.Expires)
		}
		return t, nil
	}
}

// ErrorMessage extracts the message of a Sellercloud error body: the
// throttle's {"Error": ...}, ASP.NET's {"Message": ...}, or the text itself.
func ErrorMessage(body []byte) string {
	var e struct {
		Error            string
		Message          string
		ExceptionMessage string
	}
	if json.Unmarshal(body, &e) == nil {
		for _, m := range []string{e.Error, e.Message, e.ExceptionMessage} {
			if m != "" {
				return m
			}
		}
	}
	return strings.TrimSpace(string(body))
}

// Throttled reports whether an error answer is Sellercloud's throttle sent
// as HTTP 409, as third-party clients report it: the documented body
// {"Error": "Too many requests.", "RateLimitResetTime": ...} (API-NOTES 1.9).
// A 409 without that body is a conflict like any other, not a rate limit.
func Throttled(status int, body []byte) bool {
	if status != http.StatusConflict {
		return false
	}
	var e struct{ Error string }
	if json.Unmarshal(body, &e) != nil {
		return false
	}
	return strings.EqualFold(strings.TrimSuffix(strings.TrimSpace(e.Error), "."), "too many requests")
}

// RateLimitReset reads RateLimitResetTime from the throttle body (API-NOTES
// 1.9); the HTTP layer clamps the wait it implies.
func RateLimitReset(body []byte) (httpclient.Reset, bool) {
	var e struct{ RateLimitResetTime string }
	if json.Unmarshal(body, &e) != nil || e.RateLimitResetTime == "" {
		return httpclient.Reset{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, e.RateLimitResetTime)
	if err != nil {
		return httpclient.Reset{}, false
	}
	return httpclient.ResetAt(t, "RateLimitResetTime", e.RateLimitResetTime), true
}

// listItem is CustomerDto, one item of GET /Customers.
type listItem struct {
	// UserID is required and positive; 1500.0 reads as 1500.
	UserID            httpclient.StringOrNumber
	Email             string
	FirstName         string
	LastName          string
	EmailCC           string
	Rating            int
	CorporateName     string
	IsWholeSaleUser   bool
	IsWholesaleString string
}

// listResponse is GetAllResponse (API-NOTES 1.3): both keys are required,
// so that a body of {}, null or a maintenance object is an error, never an
// empty list.
type listResponse struct {
	Items        *[]json.RawMessage
	TotalResults *int
}

// Contents are the items and the total (customers.TotalEnvelope).
func (lr listResponse) Contents() (*[]json.RawMessage, *int) { return lr.Items, lr.TotalResults }

// decodeList checks a list answer's envelope and decodes its items.
func (c *Client) decodeList(req httpclient.Request, body []byte) (customers.Page, error) {
	page, err := customers.DecodeTotalPage[listResponse](body, "customer", `"Items"`, `"TotalResults"`, fromListItem)
	if err != nil {
		return customers.Page{}, c.http.Invalid(req, "%v", err)
	}
	return page, nil
}

// Pager reads GET /Customers with the server-side filters in filter, page
// number by page number.
func (c *Client) Pager(filter customers.Filter) (customers.Pager, error) {
	return Description.PagedList(c.http, filter, "/Customers", func(q url.Values, index, size int) {
		q.Set("model.pageNumber", strconv.Itoa(index+1))
		q.Set("model.pageSize", strconv.Itoa(size))
	}, c.decodeList)
}

func fromListItem(raw json.RawMessage) (customers.Customer, error) {
	var it listItem
	if err := json.Unmarshal(raw, &it); err != nil {
		return customers.Customer{}, fmt.Errorf("cannot decode a customer: %w", err)
	}
	if it.UserID.String() == "" {
		return customers.Customer{}, fmt.Errorf("a customer has no UserID (%s)", httpclient.Describe(raw))
	}
	id, err := ParseID(it.UserID.String())
	if err != nil {
		return customers.Customer{}, fmt.Errorf("a customer's UserID: %w", err)
	}
	customerType := CustomerTypes[0]
	if it.IsWholeSaleUser {
		customerType = CustomerTypes[1]
	}
	if raw, err = withoutCreditCards(raw); err != nil {
		return customers.Customer{}, fmt.Errorf("cannot decode a customer: %w", err)
	}
	return customers.Customer{
		ID:           strconv.Itoa(id),
		FirstName:    it.FirstName,
		LastName:     it.LastName,
		Name:         strings.TrimSpace(it.FirstName + " " + it.LastName),
		Email:        it.Email,
		EmailCC:      it.EmailCC,
		CompanyName:  it.CorporateName,
		CustomerType: customerType,
		Rating:       RatingName(it.Rating),
		Raw:          raw,
	}, nil
}

// ParseID checks a Sellercloud customer id: a positive 32-bit integer.
func ParseID(id string) (int, error) {
	if err := Description.CheckID(id); err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(id)
	return n, err
}
