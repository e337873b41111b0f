// Package sellercloud is the client for Sellercloud's customer REST API
// (https://{server_id}.api.sellercloud.com/rest/api): token, filtered and paged
// customer list, single customer, and update. It has no Terraform imports.
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
	// filterTimeLayout is the DateTime format the REST API expects in queries
	// (API-NOTES 1.1: mm/dd/yyyy hh:mm).
	filterTimeLayout = "01/02/2006 15:04"
)

// RootURL is the API root of a Sellercloud server.
func RootURL(serverID string) string {
	return "https://" + url.PathEscape(serverID) + ".api.sellercloud.com/rest/api"
}

// Client talks to one Sellercloud server.
type Client struct {
	http *httpclient.Client
}

// New wraps an HTTP client whose base URL is the server's API root.
func New(http *httpclient.Client) *Client { return &Client{http: http} }

// Description is Sellercloud's description (see Description).
func (*Client) Description() *customers.Description { return &Description }

// tokenResponse is CreateTokenResponse (API-NOTES 1.2).
type tokenResponse struct {
	AccessToken string  `json:"access_token"`
	TokenType   string  `json:"token_type"`
	ExpiresIn   float64 `json:"expires_in"`
	Expires     string  `json:".expires"`
}

// PasswordTokenSource gets tokens from POST /token with Username and Password.
// The expiry comes from the response (expires_in, else .expires), never from
// a hard-coded lifetime.
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
		t := httpclient.Token{Value: tr.AccessToken}
		switch {
		case tr.ExpiresIn > 0:
			t.Expires = now().Add(time.Duration(tr.ExpiresIn * float64(time.Second)))
		case tr.Expires != "":
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

// RateLimitReset reads RateLimitResetTime from the throttle body (API-NOTES 1.9).
func RateLimitReset(body []byte) (time.Time, bool) {
	var e struct{ RateLimitResetTime string }
	if json.Unmarshal(body, &e) != nil || e.RateLimitResetTime == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, e.RateLimitResetTime)
	return t, err == nil
}

// listItem is CustomerDto, one item of GET /Customers.
type listItem struct {
	UserID            int
	Email             string
	FirstName         string
	LastName          string
	EmailCC           string
	Rating            int
	CorporateName     string
	IsWholeSaleUser   bool
	IsWholesaleString string
}

type listResponse struct {
	Items        []json.RawMessage
	TotalResults int
}

// Pager reads GET /Customers with the server-side filters in filter, page
// number by page number.
func (c *Client) Pager(filter customers.Filter) (customers.Pager, error) {
	query, err := listQuery(filter)
	if err != nil {
		return customers.Pager{}, err
	}
	fetch := func(ctx context.Context, index, size int) (customers.Page, error) {
		ctx = httpclient.WithPage(ctx, index+1)
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("model.pageNumber", strconv.Itoa(index+1))
		q.Set("model.pageSize", strconv.Itoa(size))
		var lr listResponse
		if err := c.http.Do(ctx, httpclient.Request{Method: http.MethodGet, Path: "/Customers", Query: q}, &lr); err != nil {
			return customers.Page{}, err
		}
		page := customers.Page{Total: lr.TotalResults, Customers: make([]customers.Customer, 0, len(lr.Items))}
		for _, raw := range lr.Items {
			cust, err := fromListItem(raw)
			if err != nil {
				return customers.Page{}, fmt.Errorf("GET /Customers: %w", err)
			}
			page.Customers = append(page.Customers, cust)
		}
		return page, nil
	}
	return customers.Pager{Page: fetch, Endpoint: "GET /Customers"}, nil
}

func fromListItem(raw json.RawMessage) (customers.Customer, error) {
	var it listItem
	if err := json.Unmarshal(raw, &it); err != nil {
		return customers.Customer{}, fmt.Errorf("cannot decode a customer: %w", err)
	}
	customerType := CustomerTypes[0]
	if it.IsWholeSaleUser {
		customerType = CustomerTypes[1]
	}
	return customers.Customer{
		ID:           strconv.Itoa(it.UserID),
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

// listQuery maps a filter to GET /Customers query parameters, under the
// swagger's model.* names, enums as their numbers.
func listQuery(f customers.Filter) (url.Values, error) {
	q := url.Values{}
	for _, id := range f.IDs {
		if _, err := ParseID(id); err != nil {
			return nil, err
		}
		q.Add("model.customerIds", id)
	}
	for _, id := range f.CompanyIDs {
		q.Add("model.companyIds", id)
	}
	setString := func(name string, v *string) {
		if v != nil {
			q.Set(name, *v)
		}
	}
	setString("model.firstName", f.FirstName)
	setString("model.lastName", f.LastName)
	setString("model.email", f.Email)
	setString("model.phoneNumber", f.PhoneNumber)
	setString("model.city", f.City)
	setString("model.zipCode", f.ZipCode)
	setString("model.corporateName", f.CorporateName)
	setString("model.keyword", f.Keyword)
	if f.Rating != nil {
		n := enumIndex(Ratings, *f.Rating)
		if n < 0 {
			return nil, fmt.Errorf("unknown rating %q", *f.Rating)
		}
		q.Set("model.rating", strconv.Itoa(n))
	}
	if f.CustomerType != nil {
		n := enumIndex(CustomerTypes, *f.CustomerType)
		if n < 0 {
			return nil, fmt.Errorf("unknown customer type %q", *f.CustomerType)
		}
		q.Set("model.customerType", strconv.Itoa(n))
	}
	if f.Channel != nil {
		n, ok := Channels[*f.Channel]
		if !ok {
			return nil, fmt.Errorf("unknown channel %q", *f.Channel)
		}
		q.Set("model.channel", strconv.Itoa(n))
	}
	setBool := func(name string, v *bool) {
		if v != nil {
			q.Set(name, map[bool]string{true: "1", false: "0"}[*v])
		}
	}
	setBool("model.subscribed", f.Subscribed)
	setBool("model.exported", f.Exported)
	setTime := func(name string, v *time.Time) {
		if v != nil {
			q.Set(name, v.UTC().Format(filterTimeLayout))
		}
	}
	setTime("model.createdOnFrom", f.CreatedFrom)
	setTime("model.createdOnTo", f.CreatedTo)
	setTime("model.modifiedOnFrom", f.ModifiedFrom)
	setTime("model.modifiedOnTo", f.ModifiedTo)
	return q, nil
}

// ParseID checks a Sellercloud customer id: a positive 32-bit integer.
func ParseID(id string) (int, error) {
	if err := Description.CheckID(id); err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(id)
	return n, err
}
