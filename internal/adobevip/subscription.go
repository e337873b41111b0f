package adobevip

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// Subscription is one of a customer's subscriptions, as GET
// /v3/customers/{id}/subscriptions[/{sid}] answers it
// (subscription-management/get-details.md, references/resources.md).
// Adobe's links and usage-only details are dropped.
type Subscription struct {
	SubscriptionID string
	// OfferID is the base discount level's offer id ("65304479CA01A12").
	OfferID string
	// CurrentQuantity is the licences the customer has now; UsedQuantity
	// how many are used.
	CurrentQuantity int
	UsedQuantity    int
	AutoRenewal     AutoRenewal
	// RenewalDate is when the subscription renews (the customer's
	// cotermDate, its anniversary date, for all but Stock Credit Packs),
	// YYYY-MM-DD, or "" when Adobe gives none.
	RenewalDate string
	// CreationDate is when it was created, as Adobe gives it.
	CreationDate string
	DeploymentID string
	// CurrencyCode is the subscription's currency ("USD"); "" when Adobe
	// gives none.
	CurrencyCode string
	// Status is the subscription's status code: 1000 active, 1002 pending,
	// 1004 inactive, 1009 scheduled (references/error-handling.md).
	Status string
	// AllowedActions are what the subscription allows ("MANUAL_RENEWAL").
	AllowedActions []string
}

// AutoRenewal is a subscription's auto-renewal preferences, evaluated on its
// renewal date (subscription-management/index.md).
type AutoRenewal struct {
	Enabled bool
	// RenewalQuantity is the quantity renewed; nil when Adobe gives none.
	RenewalQuantity *int
	// FlexDiscountCodes are the flexible discounts applied at renewal.
	FlexDiscountCodes []string
	// RenewalCode is a High Growth (minimum order quantity) offer's code,
	// "MOQ_100", given only when the customer gets one at the next
	// anniversary.
	RenewalCode string
}

// Subscription status codes (references/error-handling.md).
const (
	SubscriptionActive    = "1000"
	SubscriptionPending   = "1002"
	SubscriptionInactive  = "1004"
	SubscriptionScheduled = "1009"
)

// subscriptionIDs are resources.md's subscriptionId: at most 40 characters;
// the examples are letters and digits ("8675309",
// "1c3a4517c44cfc925704fe942a79abNA").
var subscriptionIDs = regexp.MustCompile(`^[\p{L}\p{N}]{1,40}$`)

// CheckSubscriptionID accepts text that can be an Adobe subscription id: 1
// to 40 letters and digits.
func CheckSubscriptionID(id string) error {
	if !subscriptionIDs.MatchString(id) {
		return fmt.Errorf("%q is not an Adobe VIP Marketplace subscription id (1 to 40 letters and digits, such as 1c3a4517c44cfc925704fe942a79abNA)", id)
	}
	return customers.CheckIDText(id)
}

// quantity is a licence count: a whole JSON number (or a string of one)
// from 0 to maxQuantity; anything else is an error, never 0.
type quantity int

// maxQuantity is above any quantity Adobe sells (599,000 for Enterprise,
// resources.md): a larger one is not a count.
const maxQuantity = 10_000_000

func (q *quantity) UnmarshalJSON(data []byte) error {
	text := strings.Trim(string(bytes.TrimSpace(data)), `"`)
	n, err := strconv.Atoi(text)
	if err != nil || n < 0 || n > maxQuantity {
		return fmt.Errorf("%s is not a quantity (a whole number from 0 to %d)", data, maxQuantity)
	}
	*q = quantity(n)
	return nil
}

// subscriptionDto is the wire shape; unknown fields are ignored. The
// fields a caller steers by are pointers, so that a missing one is an
// error rather than a zero.
type subscriptionDto struct {
	SubscriptionID  httpclient.StringOrNumber `json:"subscriptionId"`
	OfferID         *string                   `json:"offerId"`
	CurrentQuantity *quantity                 `json:"currentQuantity"`
	UsedQuantity    quantity                  `json:"usedQuantity"`
	AutoRenewal     *struct {
		Enabled           *bool     `json:"enabled"`
		RenewalQuantity   *quantity `json:"renewalQuantity"`
		FlexDiscountCodes []string  `json:"flexDiscountCodes"`
		RenewalCode       string    `json:"renewalCode"`
	} `json:"autoRenewal"`
	RenewalDate    string                    `json:"renewalDate"`
	CreationDate   string                    `json:"creationDate"`
	DeploymentID   string                    `json:"deploymentId"`
	CurrencyCode   string                    `json:"currencyCode"`
	Status         httpclient.StringOrNumber `json:"status"`
	AllowedActions []string                  `json:"allowedActions"`
}

// decodeSubscription decodes one subscription: it needs its id, offer id,
// status, current quantity and autoRenewal.enabled (what a plan and a PATCH
// are built on), and a renewal date, when it has one, that is a date.
func decodeSubscription(raw []byte) (Subscription, error) {
	d, id, err := customers.DecodeRecord(raw, "subscription", "subscriptionId", func(d *subscriptionDto) string { return string(d.SubscriptionID) })
	if err != nil {
		return Subscription{}, err
	}
	missing := func(key string) error { return fmt.Errorf("subscription %q has no %q", id, key) }
	switch {
	case d.OfferID == nil || strings.TrimSpace(*d.OfferID) == "":
		return Subscription{}, missing("offerId")
	case strings.TrimSpace(d.Status.String()) == "":
		return Subscription{}, missing("status")
	case d.CurrentQuantity == nil:
		return Subscription{}, missing("currentQuantity")
	case d.AutoRenewal == nil:
		return Subscription{}, missing("autoRenewal")
	case d.AutoRenewal.Enabled == nil:
		return Subscription{}, missing("autoRenewal.enabled")
	}
	renewal, err := day(d.RenewalDate)
	if err != nil {
		return Subscription{}, fmt.Errorf("subscription %q: renewalDate %w", id, err)
	}
	s := Subscription{
		SubscriptionID:  id,
		OfferID:         strings.TrimSpace(*d.OfferID),
		CurrentQuantity: int(*d.CurrentQuantity),
		UsedQuantity:    int(d.UsedQuantity),
		AutoRenewal: AutoRenewal{
			Enabled:           *d.AutoRenewal.Enabled,
			FlexDiscountCodes: d.AutoRenewal.FlexDiscountCodes,
			RenewalCode:       d.AutoRenewal.RenewalCode,
		},
		RenewalDate:    renewal,
		CreationDate:   d.CreationDate,
		DeploymentID:   d.DeploymentID,
		CurrencyCode:   strings.TrimSpace(d.CurrencyCode),
		Status:         strings.TrimSpace(d.Status.String()),
		AllowedActions: d.AllowedActions,
	}
	if q := d.AutoRenewal.RenewalQuantity; q != nil {
		n := int(*q)
		s.AutoRenewal.RenewalQuantity = &n
	}
	return s, nil
}

// day normalises a date Adobe gives as YYYY-MM-DD (the docs) or as a
// date-time (the 2023 OpenAPI's format) to YYYY-MM-DD; "" stays "".
func day(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	for _, layout := range []string{time.DateOnly, time.RFC3339} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC().Format(time.DateOnly), nil
		}
	}
	return "", fmt.Errorf("%q is not a date (YYYY-MM-DD)", v)
}

func subscriptionsPath(customerID string) string {
	return accountPath(customerID) + "/subscriptions"
}

func subscriptionPath(customerID, subscriptionID string) string {
	return subscriptionsPath(customerID) + "/" + url.PathEscape(subscriptionID)
}

func checkIDs(customerID, subscriptionID string) error {
	if err := Description.CheckID(customerID); err != nil {
		return err
	}
	return CheckSubscriptionID(subscriptionID)
}

// GetSubscription reads one subscription (GET
// /v3/customers/{id}/subscriptions/{sid}); an unknown customer or
// subscription (404, or error 3115) wraps customers.ErrNotFound. The record
// must be the subscription asked for.
func (c *Client) GetSubscription(ctx context.Context, customerID, subscriptionID string) (Subscription, error) {
	if err := checkIDs(customerID, subscriptionID); err != nil {
		return Subscription{}, err
	}
	s, err := httpclient.GetOne(ctx, c.http, subscriptionPath(customerID, subscriptionID), nil, errSubscriptionNotFound, theSubscriptionAsked(subscriptionID))
	return s, markRefusal(err, errSubscriptionNotFound, "3115")
}

// theSubscriptionAsked decodes a subscription that must be subscriptionID.
func theSubscriptionAsked(subscriptionID string) func([]byte) (Subscription, error) {
	return func(body []byte) (Subscription, error) {
		s, err := decodeSubscription(body)
		switch {
		case err != nil:
			return Subscription{}, fmt.Errorf("the record asked for as subscription %q: %w", subscriptionID, err)
		case s.SubscriptionID != subscriptionID:
			return Subscription{}, fmt.Errorf("the record asked for as subscription %q is subscription %q: it was not used", subscriptionID, s.SubscriptionID)
		}
		return s, nil
	}
}

// subscriptionList is the list's envelope: totalCount and items, both
// required ({}, null or a maintenance object is an error, never no
// subscriptions).
type subscriptionList struct {
	TotalCount *int               `json:"totalCount"`
	Items      *[]json.RawMessage `json:"items"`
}

// Contents are the items and the total (customers.TotalEnvelope).
func (l subscriptionList) Contents() (*[]json.RawMessage, *int) { return l.Items, l.TotalCount }

// subscriptionPageSize is the page size asked for after a first page that
// came short of its totalCount; the server's own page size, when smaller,
// wins (customers.ListPaged).
const subscriptionPageSize = 50

// ListSubscriptions reads every subscription of a customer (GET
// /v3/customers/{id}/subscriptions), in Adobe's order; an unknown customer
// wraps customers.ErrNotFound.
//
// The docs document no paging (get-details-for-customers.md: "No parameters
// or filters are available"): the first request has no parameters, and
// when its totalCount covers its items, that is the list. A first page
// short of its totalCount means the server pages: the rest is read by
// offset and limit, as Adobe's other lists page (an inference), through
// the customer list's reader (customers.ListPaged), with its bounds: a
// server whose pages bring nothing new, or whose totals do not add up,
// fails the read; no partial list is ever returned.
func (c *Client) ListSubscriptions(ctx context.Context, customerID string) ([]Subscription, error) {
	if err := Description.CheckID(customerID); err != nil {
		return nil, err
	}
	path := subscriptionsPath(customerID)
	fetch := func(ctx context.Context, index, size int) (customers.Page, error) {
		req := httpclient.Request{Method: http.MethodGet, Path: path}
		if index > 0 {
			req.Query = url.Values{"offset": {strconv.Itoa(index * size)}, "limit": {strconv.Itoa(size)}}
		}
		body, err := c.http.DoRaw(ctx, req)
		if err != nil {
			return customers.Page{}, httpclient.MarkNotFound(err, customers.ErrNotFound)
		}
		return c.decodeSubscriptionPage(req, body)
	}
	res, err := customers.ListPaged(ctx, fetch, subscriptionPageSize, customers.ListOptions{Concurrency: 4})
	var paging *customers.PagingError
	if errors.As(err, &paging) { // the reader's words are about customers
		err = &customers.PagingError{Detail: strings.ReplaceAll(paging.Detail, "customers", "subscriptions")}
	}
	if err != nil {
		return nil, customers.WithEndpoint(err, "GET "+path)
	}
	out := make([]Subscription, 0, len(res.Customers))
	for _, item := range res.Customers {
		s, err := decodeSubscription(item.Raw)
		if err != nil { // decoded once already: cannot happen
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// decodeSubscriptionPage checks a list answer's envelope and decodes its
// items, each carried as a customers.Customer keyed by its subscription id
// (so that the customer list's reader pages and deduplicates them), its
// Raw the item.
func (c *Client) decodeSubscriptionPage(req httpclient.Request, body []byte) (customers.Page, error) {
	page, err := customers.DecodeTotalPage[subscriptionList](body, "subscription", `"items"`, `"totalCount"`,
		func(raw json.RawMessage) (customers.Customer, error) {
			s, err := decodeSubscription(raw)
			return customers.Customer{ID: s.SubscriptionID, Raw: raw}, err
		})
	if err != nil {
		return customers.Page{}, c.http.Invalid(req, "%v", err)
	}
	return page, nil
}
