// Package sellercloud is the client for Sellercloud's customer REST API
// (https://{server_id}.api.sellercloud.com/rest/api): token, filtered and paged
// customer list, single customer, and update. It has no Terraform imports.
package sellercloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
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
	query, err := Description.Query(filter)
	if err != nil {
		return customers.Pager{}, err
	}
	fetch := func(ctx context.Context, index, size int) (customers.Page, error) {
		ctx = httpclient.WithPage(ctx, index+1)
		q := maps.Clone(query)
		q.Set("model.pageNumber", strconv.Itoa(index+1))
		q.Set("model.pageSize", strconv.Itoa(size))
		var lr listResponse
		if err := c.http.Do(ctx, httpclient.Request{Method: http.MethodGet, Path: "/Customers", Query: q}, &lr); err != nil {
			return customers.Page{}, err
		}
		list, err := customers.DecodeAll("GET /Customers", lr.Items, fromListItem)
		return customers.Page{Total: lr.TotalResults, Customers: list}, err
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

// ParseID checks a Sellercloud customer id: a positive 32-bit integer.
func ParseID(id string) (int, error) {
	if err := Description.CheckID(id); err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(id)
	return n, err
}
