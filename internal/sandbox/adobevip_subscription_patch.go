package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// The subscription PATCH body's keys (update-subscription.md).
var (
	subscriptionPatchReadOnly = []string{"subscriptionId", "offerId", "currentQuantity", "usedQuantity", "creationDate",
		"renewalDate", "status", "links", "currencyCode", "deploymentId", "allowedActions"}
	autoRenewalKeys = []string{"enabled", "renewalQuantity", "flexDiscountCodes", "renewalCode"}
	renewalCodes    = []string{"MOQ_100", "MOQ_250", "MOQ_500"}
)

// Adobe's auto-renewal rules (update-subscription.md, references/resources.md,
// subscription-management/index.md).
const (
	maxRenewalQuantity = 10_000 // Team products
	maxFlexCodes       = 1      // error 2147: one code per line item
	maxFlexCodeLen     = 40
	renewalLeadDays    = 3 // "at least 3 days before the customer's cotermDate"
)

// subscriptionPatch is a PATCH body that has the shape Adobe requires.
type subscriptionPatch struct {
	enabled         *bool
	renewalQuantity *int
	codes           []string
	hasCodes        bool
	renewalCode     *string
}

func parseSubscriptionPatch(body []byte) (*subscriptionPatch, *adobePatchError) {
	pr := &patchReader{}
	p := &subscriptionPatch{}
	top := pr.object(body, "", []string{"autoRenewal"}, []string{"autoRenewal"})
	if top == nil {
		return nil, pr.firstError()
	}
	for k := range top {
		if slices.Contains(subscriptionPatchReadOnly, k) {
			pr.unexpected = slices.DeleteFunc(pr.unexpected, func(u string) bool { return u == k })
			pr.notEditable = append(pr.notEditable, k)
		}
	}
	if raw, ok := top["autoRenewal"]; ok {
		ar := pr.object(raw, "autoRenewal.", autoRenewalKeys, nil)
		if ar != nil && len(ar) == 0 {
			pr.missing = append(pr.missing, "autoRenewal.enabled")
		}
		decode := func(key string, dst any) bool {
			raw, ok := ar[key]
			if ok && json.Unmarshal(raw, dst) != nil {
				pr.invalid = append(pr.invalid, "autoRenewal."+key)
			}
			return ok
		}
		var enabled bool
		if decode("enabled", &enabled) {
			p.enabled = &enabled
		}
		var q int
		if decode("renewalQuantity", &q) {
			p.renewalQuantity = &q
		}
		p.hasCodes = decode("flexDiscountCodes", &p.codes)
		var code string
		if decode("renewalCode", &code) {
			if !slices.Contains(renewalCodes, code) {
				pr.invalid = append(pr.invalid, "autoRenewal.renewalCode")
			}
			p.renewalCode = &code
		}
	}
	return p, pr.firstError()
}

// check applies the rules that depend on the stored subscription, in this
// order: only an active (or scheduled) subscription (3119); not within 3
// days of its renewal date, nor on or after it until it rolls over (3120:
// an inference of the code, from "set the autorenewal preferences to at
// least 3 days before the customer's cotermDate" and "during this brief
// period ... the autoRenewal preferences may not be updated"); a renewal
// quantity from 1 to 10,000 (3116); at most one flexible discount code
// (2147), each 1 to 40 characters, and only with auto-renewal on (1117:
// "If Auto Renew is OFF, it must be turned ON to apply PromoCode").
func (p *subscriptionPatch) check(sub *AdobeSubscription, today time.Time) *adobePatchError {
	if !slices.Contains([]string{"1000", "1009"}, sub.Status) {
		return &adobePatchError{code: "3119", message: "Inactive Subscription is not Editable"}
	}
	if d, err := time.Parse(time.DateOnly, sub.RenewalDate); err == nil && d.Sub(today) < renewalLeadDays*24*time.Hour {
		return &adobePatchError{code: "3120", message: "Update could not be performed because it would create an invalid renewal order",
			fields: []string{"renewalDate " + sub.RenewalDate}}
	}
	if p == nil {
		return nil
	}
	if q := p.renewalQuantity; q != nil && !p.disables() && (*q < 1 || *q > maxRenewalQuantity) {
		return &adobePatchError{code: "3116", message: "renewalQuantity out of range", fields: []string{"autoRenewal.renewalQuantity"}}
	}
	if !p.hasCodes || len(p.codes) == 0 {
		return nil
	}
	if len(p.codes) > maxFlexCodes {
		return &adobePatchError{code: "2147", message: "Only one Flexible Discount code is allowed per line item.", fields: []string{"autoRenewal.flexDiscountCodes"}}
	}
	for _, c := range p.codes {
		if c == "" || len([]rune(c)) > maxFlexCodeLen {
			return &adobePatchError{code: "1117", message: "Some Fields are Invalid", fields: []string{"autoRenewal.flexDiscountCodes"}}
		}
	}
	enabled := sub.AutoRenewalEnabled
	if p.enabled != nil {
		enabled = *p.enabled
	}
	if !enabled {
		return &adobePatchError{code: "1117", message: "Some Fields are Invalid: auto-renewal must be on to apply a flexible discount", fields: []string{"autoRenewal.enabled"}}
	}
	return nil
}

// disables reports whether the PATCH turns auto-renewal off: its renewal
// quantity is then ignored.
func (p *subscriptionPatch) disables() bool { return p.enabled != nil && !*p.enabled }

// apply stores a checked PATCH: "Setting enabled to true without the
// renewalQuantity field will mark all active licenses in the subscription
// for autorenewal. Setting enabled to false with a renewalQuantity will
// disable autorenewal, the renewalQuantity will be ignored"
// (sandbox-portal/subscription-management/update-auto-renwal.md).
func (p *subscriptionPatch) apply(sub *AdobeSubscription) {
	if p.enabled != nil {
		sub.AutoRenewalEnabled = *p.enabled
	}
	switch {
	case p.disables():
	case p.renewalQuantity != nil:
		sub.RenewalQuantity = *p.renewalQuantity
	case p.enabled != nil:
		sub.RenewalQuantity = sub.CurrentQuantity
	}
	if p.hasCodes && len(p.codes) > 0 {
		sub.FlexDiscountCodes = slices.Clone(p.codes)
	}
	if p.renewalCode != nil {
		sub.RenewalCode = *p.renewalCode
	}
}

// adobeSubscriptionPatch is PATCH /v3/customers/{id}/subscriptions/{sid}
// (update-subscription.md): the autoRenewal object's preferences, checked
// (parseSubscriptionPatch, check) and stored; ?reset-flex-discount-codes=true
// removes the flexible discount codes, with no body. An unknown customer or
// subscription is 404 3115. The answer is the subscription as stored.
func (s *Server) adobeSubscriptionPatch(w http.ResponseWriter, r *http.Request) {
	body := readBody(r)
	reset := r.URL.Query().Get("reset-flex-discount-codes") == "true"
	today := s.adobe().now().UTC().Truncate(24 * time.Hour)
	s.withAdobeSubscription(w, r, func(c *AdobeCustomer, sub *AdobeSubscription) {
		var p *subscriptionPatch
		var perr *adobePatchError
		if !reset || len(bytes.TrimSpace(body)) > 0 {
			p, perr = parseSubscriptionPatch(body)
		}
		if perr == nil {
			perr = p.check(sub, today)
		}
		if perr != nil {
			writeAdobeError(w, http.StatusBadRequest, perr.code, perr.message, perr.fields...)
			return
		}
		if reset {
			sub.FlexDiscountCodes = nil
		}
		if p != nil {
			p.apply(sub)
		}
		writeJSON(w, http.StatusOK, subscriptionJSON(c.CustomerID, sub))
	})
}
