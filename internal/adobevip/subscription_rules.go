package adobevip

import (
	"fmt"
	"slices"
	"time"
	"unicode/utf8"
)

// The auto-renewal limits (subscription-management/update-subscription.md,
// references/resources.md AutoRenewal).
const (
	// MinRenewalQuantity and MaxRenewalQuantity bound renewalQuantity: at
	// least 1 (resources.md), at most 10,000 for Team products; Enterprise
	// products (200,000) are "not supported yet" by the update.
	MinRenewalQuantity = 1
	MaxRenewalQuantity = 10_000
	// MaxFlexDiscountCodes is how many flexible discount codes one
	// subscription takes: error 2147, "Only one Flexible Discount code is
	// allowed per line item", applies to Update Subscription.
	MaxFlexDiscountCodes = 1
	// MaxFlexDiscountCode is a code's length (resources.md: 40 characters).
	MaxFlexDiscountCode = 40
	// RenewalLeadDays is how many days before the renewal date a change
	// must be made to count at that renewal: "set the autorenewal
	// preferences to at least 3 days before the customer's cotermDate
	// (subscription's renewalDate)" (subscription-management/index.md).
	RenewalLeadDays = 3
)

// editableStatuses are the subscription statuses whose auto-renewal can
// change: active (update-subscription.md: "can only be updated for an
// active subscription"; 3119 otherwise), and scheduled, which the same
// page's PATCH example answers with (status 1009; an inference).
var editableStatuses = []string{SubscriptionActive, SubscriptionScheduled}

var subscriptionStatusTexts = map[string]string{
	SubscriptionActive: "active", SubscriptionPending: "pending",
	SubscriptionInactive: "inactive", SubscriptionScheduled: "scheduled",
}

// SubscriptionStatusText says what a subscription status code means:
// "inactive (1004)".
func SubscriptionStatusText(status string) string {
	if t, ok := subscriptionStatusTexts[status]; ok {
		return t + " (" + status + ")"
	}
	return "status " + status
}

// CheckRenewalQuantity checks a renewalQuantity: from 1 to 10,000.
func CheckRenewalQuantity(n int) error { return asError(renewalQuantityProblem(n)) }

func renewalQuantityProblem(n int) *Problem {
	if n < MinRenewalQuantity || n > MaxRenewalQuantity {
		return &Problem{Field: "autoRenewal.renewalQuantity",
			Detail: fmt.Sprintf("must be from %d to %d (Adobe's most for Team products), got %d", MinRenewalQuantity, MaxRenewalQuantity, n)}
	}
	return nil
}

// asError is p as an error, nil when there is none.
func asError(p *Problem) error {
	if p == nil {
		return nil
	}
	return *p
}

// CheckFlexDiscountCodes checks the flexible discount codes a PATCH would
// set: at most one, each 1 to 40 characters, and only with auto-renewal
// enabled ("If Auto Renew is OFF, it must be turned ON to apply PromoCode",
// update-subscription.md). An empty list is a removal
// (?reset-flex-discount-codes=true), which is always allowed.
func CheckFlexDiscountCodes(codes []string, enabled bool) error {
	return asError(flexCodesProblem(codes, enabled))
}

func flexCodesProblem(codes []string, enabled bool) *Problem {
	const field = "autoRenewal.flexDiscountCodes"
	switch {
	case len(codes) == 0:
		return nil
	case len(codes) > MaxFlexDiscountCodes:
		return &Problem{Field: field, Detail: fmt.Sprintf("takes at most %d code per subscription (Adobe's error 2147), got %d", MaxFlexDiscountCodes, len(codes))}
	case !enabled:
		return &Problem{Field: field, Detail: "apply only with auto-renewal enabled: Adobe applies a flexible discount at the renewal"}
	}
	for _, code := range codes {
		if n := utf8.RuneCountInString(code); n == 0 || n > MaxFlexDiscountCode {
			return &Problem{Field: field, Detail: fmt.Sprintf("a code is 1 to %d characters, got %q", MaxFlexDiscountCode, code)}
		}
	}
	return nil
}

// Refusal says why Adobe will not change this subscription's auto-renewal
// now, or "" when it will: the subscription is not active (3119), or its
// renewal is fewer than RenewalLeadDays days away (or past and not yet
// rolled over): a change then is not taken into that renewal, and on the
// renewal date the preferences cannot be updated at all while the renewal
// order is fulfilled (subscription-management/index.md). Days are counted
// in UTC, as Adobe renews "soon after midnight UTC". A renewal date Adobe
// did not give sets no window.
func (s Subscription) Refusal(now time.Time) string {
	if !slices.Contains(editableStatuses, s.Status) {
		return fmt.Sprintf("the subscription is %s: Adobe changes the auto-renewal of an active subscription only (error 3119)",
			SubscriptionStatusText(s.Status))
	}
	if days, ok := DaysToRenewal(s.RenewalDate, now); ok && days < RenewalLeadDays {
		when := fmt.Sprintf("renews on %s, in %d days", s.RenewalDate, days)
		switch {
		case days == 1:
			when = "renews tomorrow, " + s.RenewalDate
		case days == 0:
			when = "renews today, " + s.RenewalDate
		case days < 0:
			when = "was due to renew on " + s.RenewalDate + " and has not rolled over yet"
		}
		return fmt.Sprintf("the subscription %s: Adobe takes auto-renewal changes into a renewal only when made at least %d days before it, and none while the renewal is under way; change it after the renewal",
			when, RenewalLeadDays)
	}
	return ""
}

// DaysToRenewal is how many whole days (UTC) from now until renewalDate
// (YYYY-MM-DD): 0 on the day, negative once past; ok is false when there
// is no date.
func DaysToRenewal(renewalDate string, now time.Time) (int, bool) {
	d, err := time.Parse(time.DateOnly, renewalDate)
	if err != nil {
		return 0, false
	}
	y, m, dd := now.UTC().Date()
	today := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
	return int(d.Sub(today).Hours() / 24), true
}

// Problems are the reasons Adobe would refuse this change of current's
// auto-renewal at now; none when the change changes nothing. The face
// checks them at plan time.
func (ch AutoRenewalChange) Problems(current Subscription, now time.Time) []Problem {
	if _, changed := ch.diff(current); len(changed) == 0 {
		return nil
	}
	var ps []Problem
	if why := current.Refusal(now); why != "" {
		ps = append(ps, Problem{Field: "autoRenewal", Detail: why})
	}
	enabled := current.AutoRenewal.Enabled
	if ch.Enabled != nil {
		enabled = *ch.Enabled
	}
	if q := ch.RenewalQuantity; q != nil {
		if p := renewalQuantityProblem(*q); p != nil {
			ps = append(ps, *p)
		} else if cur := current.AutoRenewal.RenewalQuantity; !enabled && (cur == nil || *cur != *q) {
			// Sent, it would be ignored, and the next read would differ again.
			ps = append(ps, Problem{Field: "autoRenewal.renewalQuantity",
				Detail: "changes only with auto-renewal enabled: with auto-renewal off, Adobe ignores the renewal quantity"})
		}
	}
	if p := flexCodesProblem(ch.FlexDiscountCodes, enabled); p != nil {
		ps = append(ps, *p)
	}
	return ps
}
