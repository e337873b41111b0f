// Package adobevip is the client for Adobe VIP Marketplace's Commerce Partner
// API customer endpoints (API-NOTES 2, API-LIFECYCLE 1.2): the offset-paged
// reseller customer list, the single customer and its update, the create
// with its pending window, a customer's subscriptions and their
// auto-renewal, and the admin welcome email's resend. Every write goes
// under one X-Correlation-Id kept while its outcome is unknown; the rules
// Adobe applies are plain Go here (rules.go, subscription_rules.go), for
// the face to check at plan time. It has no Terraform imports.
package adobevip

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

const (
	// DefaultBaseURL is the production API root; the sandbox is
	// https://partnersandbox-stage.adobe.io (API-NOTES 2.1).
	DefaultBaseURL = "https://partners.adobe.io"
	// MaxPageSize is the list's largest limit (API-NOTES 2.6: 1..50).
	MaxPageSize = 50
)

// Client talks to the Commerce Partner API for one reseller.
type Client struct {
	http *httpclient.Client
	// AccessSource hands out the HTTP client's credential (Access,
	// RenewAccess) for calls made outside the provider.
	httpclient.AccessSource
	resellerID string
	// sleep replaces the pauses of WaitWhilePending in tests; nil sleeps.
	sleep func(ctx context.Context, d time.Duration) error
}

// New wraps an HTTP client configured with Configure.
func New(http *httpclient.Client, resellerID string) *Client {
	return &Client{http: http, AccessSource: http, resellerID: resellerID}
}

// Description is Adobe VIP Marketplace's description (see Description).
func (*Client) Description() *customers.Description { return &Description }

// Configure adds Adobe's credentials, request headers and error reader to an
// HTTP configuration: Authorization and X-Api-Key on every request, a fresh
// X-Request-Id per request, and an X-Correlation-Id per intent.
func Configure(hc httpclient.Config, token, apiKey string) httpclient.Config {
	return configureAuth(hc, httpclient.Headers{"Authorization": "Bearer " + token, "X-Api-Key": apiKey})
}

// configureBearer is Configure with tokens from the OAuth grant.
func configureBearer(hc httpclient.Config, b *httpclient.RenewingBearer, apiKey string) httpclient.Config {
	b.Extra = httpclient.Headers{"X-Api-Key": apiKey}
	return configureAuth(hc, b)
}

func configureAuth(hc httpclient.Config, auth httpclient.Authenticator) httpclient.Config {
	hc.Auth = auth
	hc.ErrorMessage = ErrorMessage
	hc.ErrorCode = ErrorCode
	hc.PerRequest = perRequest
	// Adobe replays the answer it gave a correlation id (API-NOTES 2.2): the
	// HTTP layer keeps the id across attempts whose outcome is unknown (a
	// timeout, a body that broke off or stalled, a PATCH answered 5xx), so
	// a change is applied once, and takes a new one after an answer that
	// settles it.
	hc.IdempotencyKeyHeader = "X-Correlation-Id"
	return hc
}

// perRequest sets the headers Adobe wants on every attempt: Content-Type
// (documented as required on every call, GETs included) and a fresh
// X-Request-Id.
func perRequest(req *http.Request) {
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Request-Id", uuid.NewString())
}

// apiError is Adobe's error body (API-NOTES 2.8), or the adobe.io gateway's
// {"error_code": "403003", "message": "Api Key is invalid"}.
type apiError struct {
	Code              httpclient.StringOrNumber `json:"code"`
	GatewayCode       httpclient.StringOrNumber `json:"error_code"`
	Message           string                    `json:"message"`
	AdditionalDetails []string                  `json:"additionalDetails"`
}

// ErrorMessage renders {code, message, additionalDetails} as
// "message (code 1117: companyProfile.companyName)", the fields named being
// what additionalDetails lists, and the gateway's {error_code, message} as
// "message (error_code 403003)".
func ErrorMessage(body []byte) string {
	var e apiError
	if json.Unmarshal(body, &e) != nil || (e.Message == "" && e.Code == "" && e.GatewayCode == "") {
		return strings.TrimSpace(string(body))
	}
	msg := e.Message
	switch {
	case e.Code != "":
		msg += " (code " + e.Code.String()
		if len(e.AdditionalDetails) > 0 {
			msg += ": " + strings.Join(e.AdditionalDetails, ", ")
		}
		msg += ")"
	case e.GatewayCode != "":
		msg += " (error_code " + e.GatewayCode.String() + ")"
	}
	return strings.TrimSpace(msg)
}

// customerDto is a customer as the list (sparse) or GET /v3/customers/{id}
// (full) returns it; unknown fields are ignored.
type customerDto struct {
	CustomerID          httpclient.StringOrNumber `json:"customerId"`
	ExternalReferenceID string                    `json:"externalReferenceId"`
	ResellerID          httpclient.StringOrNumber `json:"resellerId"`
	Status              httpclient.StringOrNumber `json:"status"`
	CreationDate        string                    `json:"creationDate"`
	CompanyProfile      struct {
		CompanyName   string `json:"companyName"`
		MarketSegment string `json:"marketSegment"`
		Address       struct {
			PhoneNumber string `json:"phoneNumber"`
		} `json:"address"`
		Contacts []struct {
			FirstName   string `json:"firstName"`
			LastName    string `json:"lastName"`
			Email       string `json:"email"`
			PhoneNumber string `json:"phoneNumber"`
		} `json:"contacts"`
	} `json:"companyProfile"`
}

// toCustomer maps an Adobe customer: the account is named by its company, the
// first contact gives the person fields, the market segment is the type.
func toCustomer(raw json.RawMessage) (customers.Customer, error) {
	d, id, err := customers.DecodeRecord(raw, "customer", "customerId", func(d *customerDto) string { return string(d.CustomerID) })
	if err != nil {
		return customers.Customer{}, err
	}
	p := d.CompanyProfile
	c := customers.Customer{
		ID:           id,
		Name:         p.CompanyName,
		CompanyName:  p.CompanyName,
		CustomerType: p.MarketSegment,
		Status:       d.Status.String(),
		CreatedAt:    d.CreationDate,
		ExternalID:   d.ExternalReferenceID,
		Phone:        p.Address.PhoneNumber,
		Raw:          raw,
	}
	if len(p.Contacts) > 0 {
		k := p.Contacts[0]
		c.FirstName, c.LastName, c.Email = k.FirstName, k.LastName, k.Email
		if k.PhoneNumber != "" {
			c.Phone = k.PhoneNumber
		}
	}
	return c, nil
}

// listResponse is the list envelope; the array is under "customers" in the
// first version of the docs and "accounts" since (API-NOTES 2.6). The array
// and totalCount, which paging steers by, are required: {}, null or a
// maintenance object is an error, never an empty list.
type listResponse struct {
	TotalCount *int               `json:"totalCount"`
	Customers  *[]json.RawMessage `json:"customers"`
	Accounts   *[]json.RawMessage `json:"accounts"`
}

// Contents are the accounts (else the customers) and the total
// (customers.TotalEnvelope).
func (lr listResponse) Contents() (*[]json.RawMessage, *int) {
	if lr.Accounts != nil {
		return lr.Accounts, lr.TotalCount
	}
	return lr.Customers, lr.TotalCount
}

// decodeList checks a list answer's envelope and decodes its items.
func (c *Client) decodeList(req httpclient.Request, body []byte) (customers.Page, error) {
	page, err := customers.DecodeTotalPage[listResponse](body, "customer", `"accounts" (or "customers")`, `"totalCount"`, toCustomer)
	if err != nil {
		return customers.Page{}, c.http.Invalid(req, "%v", err)
	}
	return page, nil
}

// Pager reads the reseller's customer list with the server-side filters in
// filter, offset by offset.
func (c *Client) Pager(filter customers.Filter) (customers.Pager, error) {
	path := "/v3/resellers/" + url.PathEscape(c.resellerID) + "/customers"
	return Description.PagedList(c.http, filter, path, func(q url.Values, index, size int) {
		q.Set("offset", strconv.Itoa(index*size))
		q.Set("limit", strconv.Itoa(size))
	}, c.decodeList)
}

// Get reads one customer's full record; an unknown id wraps ErrNotFound.
// The record must be the one asked for.
func (c *Client) Get(ctx context.Context, id string) (customers.Customer, error) {
	if err := Description.CheckID(id); err != nil {
		return customers.Customer{}, err
	}
	return httpclient.GetOne(ctx, c.http, accountPath(id), nil, customers.ErrNotFound, customers.TheOneAsked(id, toCustomer))
}
