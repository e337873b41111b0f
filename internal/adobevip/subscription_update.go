package adobevip

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// AutoRenewalChange is what one update of a subscription's auto-renewal
// changes; a nil field keeps the subscription's value.
type AutoRenewalChange struct {
	// Enabled turns auto-renewal on or off. Turned on without a
	// RenewalQuantity, Adobe renews every active licence; turned off, Adobe
	// ignores a renewal quantity (update-auto-renwal.md).
	Enabled         *bool
	RenewalQuantity *int
	// FlexDiscountCodes sets the codes when not nil (at most one); an empty
	// list removes them, which is its own request
	// (?reset-flex-discount-codes=true).
	FlexDiscountCodes []string
}

// autoRenewalBody is PATCH /v3/customers/{id}/subscriptions/{sid}'s body
// (update-subscription.md), with only what changes. enabled goes only when
// it changes: "Setting enabled to true without the renewalQuantity field
// will mark all active licenses in the subscription for autorenewal"
// (sandbox-portal/subscription-management/update-auto-renwal.md), so an
// enabled: true sent along with a code would reset an explicit renewal
// quantity; the flexible discount example says enabled is optional when
// auto-renewal is on.
type autoRenewalBody struct {
	AutoRenewal struct {
		Enabled           *bool    `json:"enabled,omitempty"`
		RenewalQuantity   *int     `json:"renewalQuantity,omitempty"`
		FlexDiscountCodes []string `json:"flexDiscountCodes,omitempty"`
	} `json:"autoRenewal"`
}

// diff builds the body of the change against current, and names (in
// Adobe's spelling) what it changes; reset is set when the codes are to be
// removed. Nothing named means nothing to send.
func (ch AutoRenewalChange) diff(current Subscription) (body autoRenewalBody, changed []string) {
	cur := current.AutoRenewal
	if ch.Enabled != nil && *ch.Enabled != cur.Enabled {
		body.AutoRenewal.Enabled = ch.Enabled
		changed = append(changed, "autoRenewal.enabled")
	}
	if q := ch.RenewalQuantity; q != nil && (cur.RenewalQuantity == nil || *q != *cur.RenewalQuantity) {
		body.AutoRenewal.RenewalQuantity = q
		changed = append(changed, "autoRenewal.renewalQuantity")
	}
	if ch.FlexDiscountCodes != nil && !slices.Equal(ch.FlexDiscountCodes, cur.FlexDiscountCodes) {
		body.AutoRenewal.FlexDiscountCodes = ch.FlexDiscountCodes
		changed = append(changed, "autoRenewal.flexDiscountCodes")
	}
	return body, changed
}

// UpdateAutoRenewal applies the change to subscription subscriptionID of
// customer customerID, built against current (the subscription as just
// read), and returns the subscription as Adobe stored it and the fields
// changed. Nothing is sent when nothing differs. The target is the ids
// given, never ids taken from a response; current must be that
// subscription.
//
// A removal of the codes is PATCH ...?reset-flex-discount-codes=true with
// no body, sent first; the other changes are one PATCH of the autoRenewal
// object. Each PATCH is one intended change with its own X-Correlation-Id,
// kept across retries whose outcome is unknown, so Adobe applies it once;
// an outcome still unknown after the retries is an *OutcomeUnknownError
// naming it. Adobe's refusals wrap ErrSubscriptionInactive (3119),
// ErrRenewalQuantityOutOfRange (3116) and ErrInvalidRenewalOrder (3120); an
// unknown customer or subscription wraps customers.ErrNotFound. The rules
// Adobe applies (AutoRenewalChange.Problems) are the caller's to check:
// nothing here refuses what Adobe might take.
func (c *Client) UpdateAutoRenewal(ctx context.Context, customerID, subscriptionID string, current Subscription, ch AutoRenewalChange) (Subscription, []string, error) {
	if err := checkIDs(customerID, subscriptionID); err != nil {
		return current, nil, err
	}
	if current.SubscriptionID != subscriptionID {
		return current, nil, fmt.Errorf("the update of subscription %q was built on subscription %q; nothing was sent", subscriptionID, current.SubscriptionID)
	}
	body, changed := ch.diff(current)
	if len(changed) == 0 {
		return current, nil, nil
	}
	if len(ch.FlexDiscountCodes) == 0 && slices.Contains(changed, "autoRenewal.flexDiscountCodes") {
		reset, err := c.ResetFlexDiscountCodes(ctx, customerID, subscriptionID)
		if err != nil {
			return current, changed, err
		}
		if left := reset.AutoRenewal.FlexDiscountCodes; len(left) > 0 {
			return reset, changed, fmt.Errorf("%s: Adobe answered the removal of the flexible discount codes with %d code(s) still set; nothing else was sent",
				subscriptionPath(customerID, subscriptionID), len(left))
		}
		var rest []string
		if body, rest = ch.diff(reset); len(rest) == 0 {
			return reset, changed, nil // the removal was all
		}
	}
	req := httpclient.Request{Method: http.MethodPatch, Path: subscriptionPath(customerID, subscriptionID), Body: body}
	what := fmt.Sprintf("the auto-renewal update of subscription %s of customer %s", subscriptionID, customerID)
	s, err := c.subscriptionWrite(ctx, req, what, customerID, subscriptionID)
	return s, changed, err
}

// ResetFlexDiscountCodes removes every flexible discount code of a
// subscription (PATCH ...?reset-flex-discount-codes=true, no body) and
// returns the subscription as Adobe stored it.
func (c *Client) ResetFlexDiscountCodes(ctx context.Context, customerID, subscriptionID string) (Subscription, error) {
	if err := checkIDs(customerID, subscriptionID); err != nil {
		return Subscription{}, err
	}
	req := httpclient.Request{Method: http.MethodPatch, Path: subscriptionPath(customerID, subscriptionID),
		Query: url.Values{"reset-flex-discount-codes": {"true"}}}
	what := fmt.Sprintf("the removal of the flexible discount codes of subscription %s of customer %s", subscriptionID, customerID)
	return c.subscriptionWrite(ctx, req, what, customerID, subscriptionID)
}

// subscriptionWrite sends one PATCH of a subscription under its own
// correlation id and decodes the answer, which must be that subscription;
// a 204 (the OpenAPI lists it) is read back.
func (c *Client) subscriptionWrite(ctx context.Context, req httpclient.Request, what, customerID, subscriptionID string) (Subscription, error) {
	resp, key, err := c.keyedWrite(ctx, req, "", what, errSubscriptionNotFound, "3115")
	if err != nil {
		return Subscription{}, err
	}
	if len(bytes.TrimSpace(resp)) == 0 {
		return c.GetSubscription(ctx, customerID, subscriptionID)
	}
	s, err := theSubscriptionAsked(subscriptionID)(resp)
	if err != nil {
		return Subscription{}, unknownAnswer(what, key, c.http.Invalid(req, "%v (%s)", err, httpclient.Describe(resp)))
	}
	return s, nil
}
