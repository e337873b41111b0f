// Package connect is the client for the Telness Tech Connect API's customer
// endpoints: the cursor-paged customer list (also in its older offset form)
// and the single customer (API-NOTES 3). It has no Terraform imports.
package connect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

const (
	// MaxPageSize is the list's largest limit (1 <= limit <= 1000).
	MaxPageSize = 1000
	// SearchParam is the list's free-text search parameter. The vendor page
	// documents "a free text search string" without a readable name
	// (API-NOTES 3.2); "search" is this client's reading of it.
	SearchParam = "search"
)

// Client talks to one Connect API root (there is no default host).
type Client struct {
	http *httpclient.Client
	// AccessSource hands out the HTTP client's credential (Access,
	// RenewAccess) for calls made outside the provider.
	httpclient.AccessSource
}

// New wraps an HTTP client configured with Configure.
func New(http *httpclient.Client) *Client { return &Client{http: http, AccessSource: http} }

// Description is the Connect API's description (see Description).
func (*Client) Description() *customers.Description { return &Description }

// Configure adds the API key and the error reader to an HTTP configuration.
func Configure(hc httpclient.Config, apiKey string) httpclient.Config {
	hc.Auth = httpclient.Headers{"X-Api-Key": apiKey}
	hc.ErrorMessage = ErrorMessage
	return hc
}

// apiError is the error body described for the API (API-NOTES 3.5):
// {"message", "code", "details": [{"message", "code", "property"}], "hint"}.
type apiError struct {
	Message string `json:"message"`
	Code    string `json:"code"`
	Details []struct {
		Message  string `json:"message"`
		Property string `json:"property"`
	} `json:"details"`
	Hint string `json:"hint"`
}

// ErrorMessage renders an error body as "message (CODE): property: detail; hint".
func ErrorMessage(body []byte) string {
	var e apiError
	if json.Unmarshal(body, &e) != nil || e.Message == "" {
		return strings.TrimSpace(string(body))
	}
	msg := e.Message
	if e.Code != "" {
		msg += " (" + e.Code + ")"
	}
	for _, d := range e.Details {
		if d.Property != "" {
			msg += "; " + d.Property + ": " + d.Message
		} else if d.Message != "" {
			msg += "; " + d.Message
		}
	}
	if e.Hint != "" {
		msg += ". " + e.Hint
	}
	return msg
}

// customerDto is a Connect customer; createdAt/updatedAt appear in the older
// version of the page only.
type customerDto struct {
	CustomerID   httpclient.StringOrNumber `json:"customerId"`
	CustomerType string                    `json:"customerType"`
	Name         string                    `json:"name"`
	Contact      struct {
		Email  string `json:"email"`
		MSISDN string `json:"msisdn"`
	} `json:"contact"`
	ReferenceID string `json:"referenceId"`
	CreatedAt   string `json:"createdAt"`
	UpdatedAt   string `json:"updatedAt"`
}

func toCustomer(raw json.RawMessage) (customers.Customer, error) {
	d, id, err := customers.DecodeRecord(raw, "customer", "customerId", func(d *customerDto) string { return string(d.CustomerID) })
	if err != nil {
		return customers.Customer{}, err
	}
	return customers.Customer{
		ID:           id,
		Name:         d.Name,
		Email:        d.Contact.Email,
		Phone:        d.Contact.MSISDN,
		CustomerType: d.CustomerType,
		CreatedAt:    d.CreatedAt,
		UpdatedAt:    d.UpdatedAt,
		ExternalID:   d.ReferenceID,
		Raw:          raw,
	}, nil
}

// listResponse is {"items": [...], "pagination": {...}}: pagination is
// {"nextCursor"} now and was {"total", "limit", "offset", "sort"} before.
// Both keys are required, and pagination must be one of its two forms: {},
// null, a maintenance object or a next page spelled another way is an
// error, never a list that ends early.
type listResponse struct {
	Items      *[]json.RawMessage         `json:"items"`
	Pagination map[string]json.RawMessage `json:"pagination"`
}

// Pager follows the customer list's cursors (or offsets, from a server that
// still pages the older way) with the server-side filters in filter.
func (c *Client) Pager(filter customers.Filter) (customers.Pager, error) {
	offsets := false // set once the server answers in the offset form
	return Description.CursorList(c.http, filter, "/customers", func(q url.Values, cursor string, size int) {
		q.Set("limit", strconv.Itoa(size))
		switch {
		case offsets:
			q.Set("offset", cursor)
		case cursor != "":
			q.Set("cursor", cursor)
		}
	}, func(req httpclient.Request, body []byte) ([]customers.Customer, string, error) {
		items, next, isOffset, err := c.decodeList(req, body)
		if err != nil {
			return nil, "", err
		}
		offsets = offsets || isOffset
		return items, next, nil
	})
}

// decodeList checks a list answer's envelope, decodes its items and reads
// the next page from its pagination.
func (c *Client) decodeList(req httpclient.Request, body []byte) (items []customers.Customer, next string, isOffset bool, err error) {
	var lr listResponse
	if err := json.Unmarshal(body, &lr); err != nil {
		return nil, "", false, c.http.Invalid(req, "the answer is not a customer list: %v", err)
	}
	switch {
	case lr.Items == nil:
		return nil, "", false, c.http.Invalid(req, "the answer is not a customer list: it has no \"items\" array (%s)", httpclient.Describe(body))
	case lr.Pagination == nil:
		return nil, "", false, c.http.Invalid(req, "the answer is not a customer list: it has no \"pagination\" object (%s)", httpclient.Describe(body))
	}
	if items, err = customers.DecodeAll(*lr.Items, toCustomer); err != nil {
		return nil, "", false, c.http.Invalid(req, "%v", err)
	}
	next, isOffset, err = nextPage(lr.Pagination, len(items))
	if err != nil {
		return nil, "", false, c.http.Invalid(req, "%v", err)
	}
	return items, next, isOffset, nil
}

// nextPage reads the next cursor ("" = done) from either pagination form:
// nextCursor (a string, or null or "" on the last page), or total and offset. A
// pagination without either cannot be followed: an error, never the end.
func nextPage(p map[string]json.RawMessage, got int) (next string, isOffset bool, err error) {
	if raw, ok := p["nextCursor"]; ok {
		var cur *string
		if err := json.Unmarshal(raw, &cur); err != nil {
			return "", false, fmt.Errorf("pagination.nextCursor is not a string: %w", err)
		}
		if cur == nil {
			return "", false, nil
		}
		return *cur, false, nil // "" ends the list, like null
	}
	rawTotal, hasTotal := p["total"]
	rawOffset, hasOffset := p["offset"]
	if !hasTotal || !hasOffset {
		return "", false, fmt.Errorf("the next page cannot be read: pagination has neither \"nextCursor\" nor \"total\" and \"offset\" (%s)",
			httpclient.Describe(mustJSON(p)))
	}
	var total, offset int
	if json.Unmarshal(rawTotal, &total) != nil || json.Unmarshal(rawOffset, &offset) != nil {
		return "", true, errors.New("pagination.total and pagination.offset must be numbers")
	}
	// The next offset is computed from the server's numbers: they must be
	// counts, or the offset could go negative or wrap around.
	if total < 0 || offset < 0 || offset > math.MaxInt32 {
		return "", true, fmt.Errorf("pagination.total (%d) and pagination.offset (%d) must be counts (an offset at most %d)", total, offset, math.MaxInt32)
	}
	if got == 0 || offset+got >= total {
		return "", true, nil
	}
	return strconv.Itoa(offset + got), true, nil
}

// Get reads one customer. The vendor documents the update at
// /customers/{customerId} but no read there (API-NOTES 3.4): this GET is the
// client's inference; an unknown id wraps ErrNotFound, and a record of
// another customer is an error.
func (c *Client) Get(ctx context.Context, id string) (customers.Customer, error) {
	if err := Description.CheckID(id); err != nil {
		return customers.Customer{}, err
	}
	return httpclient.GetOne(ctx, c.http, customerPath(id), nil, customers.ErrNotFound, customers.TheOneAsked(id, toCustomer))
}

// mustJSON encodes what was decoded from JSON (it cannot fail).
func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
