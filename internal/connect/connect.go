// Package connect is the client for the Telness Tech Connect API's customer
// endpoints: the cursor-paged customer list (also in its older offset form)
// and the single customer (API-NOTES 3). It has no Terraform imports.
package connect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"

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
}

// New wraps an HTTP client configured with Configure.
func New(http *httpclient.Client) *Client { return &Client{http: http} }

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
	var d customerDto
	if err := json.Unmarshal(raw, &d); err != nil {
		return customers.Customer{}, fmt.Errorf("cannot decode a customer: %w", err)
	}
	if d.CustomerID == "" {
		return customers.Customer{}, errors.New("a customer has no customerId")
	}
	return customers.Customer{
		ID:           d.CustomerID.String(),
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
type listResponse struct {
	Items      []json.RawMessage          `json:"items"`
	Pagination map[string]json.RawMessage `json:"pagination"`
}

// Pager follows the customer list's cursors (or offsets, from a server that
// still pages the older way) with the server-side filters in filter.
func (c *Client) Pager(filter customers.Filter) (customers.Pager, error) {
	query, err := Description.Query(filter)
	if err != nil {
		return customers.Pager{}, err
	}
	offsets := false // set once the server answers in the offset form
	var step atomic.Int64
	fetch := func(ctx context.Context, cursor string, size int) ([]customers.Customer, string, error) {
		ctx = httpclient.WithCursorStep(ctx, int(step.Add(1)))
		q := maps.Clone(query)
		q.Set("limit", strconv.Itoa(size))
		switch {
		case offsets:
			q.Set("offset", cursor)
		case cursor != "":
			q.Set("cursor", cursor)
		}
		var lr listResponse
		if err := c.http.Do(ctx, httpclient.Request{Method: http.MethodGet, Path: "/customers", Query: q}, &lr); err != nil {
			return nil, "", err
		}
		items, err := customers.DecodeAll("GET /customers", lr.Items, toCustomer)
		if err != nil {
			return nil, "", err
		}
		next, isOffset, err := nextPage(lr.Pagination, len(items))
		if err != nil {
			return nil, "", fmt.Errorf("GET /customers: %w", err)
		}
		offsets = offsets || isOffset
		return items, next, nil
	}
	return customers.Pager{Cursor: fetch, Endpoint: "GET /customers"}, nil
}

// nextPage reads the next cursor ("" = done) from either pagination form.
func nextPage(p map[string]json.RawMessage, got int) (next string, isOffset bool, err error) {
	if raw, ok := p["nextCursor"]; ok {
		var cur *string
		if err := json.Unmarshal(raw, &cur); err != nil {
			return "", false, fmt.Errorf("pagination.nextCursor is not a string: %w", err)
		}
		if cur == nil {
			return "", false, nil
		}
		return *cur, false, nil
	}
	rawTotal, hasTotal := p["total"]
	rawOffset, hasOffset := p["offset"]
	if !hasTotal || !hasOffset {
		return "", false, nil // no pagination block: a single page
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
// client's inference; an unknown id wraps ErrNotFound.
func (c *Client) Get(ctx context.Context, id string) (customers.Customer, error) {
	if strings.TrimSpace(id) == "" {
		return customers.Customer{}, errors.New("a Connect customer id must not be empty")
	}
	return httpclient.GetOne(ctx, c.http, "/customers/"+url.PathEscape(id), nil, customers.ErrNotFound, toCustomer)
}
