package adobeviptf_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// The routes of Adobe's subscriptions on the sandbox.
const (
	subGetRoute   = sandbox.AdobeSubscriptionRoute
	subListRoute  = sandbox.AdobeSubscriptionsRoute
	subPatchRoute = sandbox.AdobeSubscriptionPatchRoute
)

// subPatches are the subscription PATCHes since the last reset, each as
// "<subscription id>?<query> <compact body>".
func subPatches(sb *sandbox.Server) []string {
	out := []string{}
	for _, r := range sb.Requests() {
		if r.Pattern != subPatchRoute {
			continue
		}
		var body bytes.Buffer
		if len(r.Body) > 0 && json.Compact(&body, r.Body) != nil {
			body.Reset()
			body.Write(r.Body)
		}
		out = append(out, fmt.Sprintf("%s?%s %s", r.Path[strings.LastIndex(r.Path, "/")+1:], r.Query.Encode(), body.String()))
	}
	return out
}

// expectSubPatches checks the subscription PATCHes since the last reset
// and the GETs of one subscription, then resets the counts.
func expectSubPatches(sb *sandbox.Server, what string, gets int, want ...string) plancheck.PlanCheck {
	return acctest.PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
		defer sb.ResetCounts()
		got := subPatches(sb)
		if want == nil {
			want = []string{}
		}
		if !slices.Equal(got, want) || sb.Count(subGetRoute) != gets {
			return fmt.Errorf("%s: %d subscription GETs and PATCHes %q, want %d GETs and %q", what, sb.Count(subGetRoute), got, gets, want)
		}
		return nil
	})
}

// mustSubs are the three subscriptions the sandbox seeds for an Adobe
// customer whose id ends in 0 or 5.
func mustSubs(t *testing.T, sb *sandbox.Server, customerID string) []sandbox.AdobeSubscription {
	t.Helper()
	subs := sb.AdobeSubscriptions(customerID)
	require.Len(t, subs, 3, "subscriptions of %s", customerID)
	return subs
}

func subResource(name, customerID, subscriptionID string, lines ...string) string {
	out := fmt.Sprintf("resource \"commerce_adobe_vip_subscription\" %q {\n  customer_id     = %q\n  subscription_id = %q\n", name, customerID, subscriptionID)
	for _, l := range lines {
		out += "  " + l + "\n"
	}
	return out + "}\n"
}

// TestAccAdobeSubscription_adoptChangeNoop adopts two subscriptions of a
// customer whose renewal is 90 days away: one with nothing managed (no
// PATCH, the plan shows Adobe's values), one whose auto-renewal is turned
// on without a quantity (one PATCH of enabled only; the renewal quantity
// is known after apply and becomes every licence the customer has). Then,
// each with exactly the PATCH it needs and its body: a renewal quantity
// alone (enabled not sent, so the quantity is not reset), a flexible
// discount code, the codes removed (the reset query, no body), auto-renewal
// turned off; a plan without changes sends nothing, and removing the
// attributes from the configuration plans nothing. Destroy sends nothing and
// leaves the subscription as it is.
func TestAccAdobeSubscription_adoptChangeNoop(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 12})
	const cust = "1006374010"
	subs := mustSubs(t, sb, cust)
	on, off := subs[0], subs[1]
	require.True(t, on.AutoRenewalEnabled)
	require.False(t, off.AutoRenewalEnabled)
	// The customer has 7 licences of the disabled one; its renewal quantity
	// says 2: turning auto-renewal on renews all 7.
	sb.ChangeAdobeSubscription(cust, off.SubscriptionID, func(s *sandbox.AdobeSubscription) { s.CurrentQuantity = 7 })
	const a, b = "commerce_adobe_vip_subscription.a", "commerce_adobe_vip_subscription.b"
	config := func(aLines ...string) string {
		return adobeProvider(url) + subResource("a", cust, on.SubscriptionID, aLines...) +
			subResource("b", cust, off.SubscriptionID, "auto_renewal_enabled = true")
	}
	qty := func(address string, n int) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(address, tfjsonpath.New("renewal_quantity"), knownvalue.Int64Exact(int64(n)))
	}
	codes := func(address string, cs ...string) statecheck.StateCheck {
		checks := make([]knownvalue.Check, len(cs))
		for i, c := range cs {
			checks[i] = knownvalue.StringExact(c)
		}
		return statecheck.ExpectKnownValue(address, tfjsonpath.New("flex_discount_codes"), knownvalue.SetExact(checks))
	}
	noChange := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	acctest.Test(t,
		resource.TestStep{
			PreConfig: sb.ResetCounts,
			Config:    config(),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(a, tfjsonpath.New("offer_id"), knownvalue.StringExact(on.OfferID)),
					plancheck.ExpectKnownValue(a, tfjsonpath.New("renewal_quantity"), knownvalue.Int64Exact(int64(on.RenewalQuantity))),
					plancheck.ExpectKnownValue(a, tfjsonpath.New("renewal_date"), knownvalue.StringExact(on.RenewalDate)),
					plancheck.ExpectKnownValue(a, tfjsonpath.New("id"), knownvalue.StringExact(cust+"/"+on.SubscriptionID)),
					plancheck.ExpectKnownValue(b, tfjsonpath.New("auto_renewal_enabled"), knownvalue.Bool(true)),
					plancheck.ExpectUnknownValue(b, tfjsonpath.New("renewal_quantity")),
					plancheck.ExpectUnknownValue(b, tfjsonpath.New("status")),
					plancheck.ExpectKnownValue(b, tfjsonpath.New("current_quantity"), knownvalue.Int64Exact(7)),
					acctest.ResetCounts(sb),
				},
				// The final plans' GETs (one per subscription), and the one
				// PATCH of b: enabled only.
				PostApplyPreRefresh: []plancheck.PlanCheck{expectSubPatches(sb, "adopting", 2, off.SubscriptionID+"? {\"autoRenewal\":{\"enabled\":true}}")},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				qty(a, on.RenewalQuantity), qty(b, 7), codes(a), codes(b),
				statecheck.ExpectKnownValue(b, tfjsonpath.New("status"), knownvalue.StringExact("1000")),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("currency_code"), knownvalue.StringExact("USD")),
			},
		},
		resource.TestStep{
			Config: config("renewal_quantity = 10"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:            []plancheck.PlanCheck{plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate), plancheck.ExpectResourceAction(b, plancheck.ResourceActionNoop), acctest.ResetCounts(sb)},
				PostApplyPreRefresh: []plancheck.PlanCheck{expectSubPatches(sb, "a quantity", 1, on.SubscriptionID+"? {\"autoRenewal\":{\"renewalQuantity\":10}}")},
			},
			ConfigStateChecks: []statecheck.StateCheck{qty(a, 10)},
		},
		resource.TestStep{
			Config:           config("renewal_quantity = 10"),
			PreConfig:        sb.ResetCounts,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), expectSubPatches(sb, "a plan without changes", 2)}},
		},
		resource.TestStep{
			Config: config("renewal_quantity = 10", `flex_discount_codes = ["SPRING_SALE_10"]`),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:            []plancheck.PlanCheck{acctest.ResetCounts(sb)},
				PostApplyPreRefresh: []plancheck.PlanCheck{expectSubPatches(sb, "a code", 1, on.SubscriptionID+"? {\"autoRenewal\":{\"flexDiscountCodes\":[\"SPRING_SALE_10\"]}}")},
			},
			ConfigStateChecks: []statecheck.StateCheck{codes(a, "SPRING_SALE_10"), qty(a, 10)},
		},
		resource.TestStep{
			Config: config("renewal_quantity = 10", "flex_discount_codes = []"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:            []plancheck.PlanCheck{acctest.ResetCounts(sb)},
				PostApplyPreRefresh: []plancheck.PlanCheck{expectSubPatches(sb, "the codes removed", 1, on.SubscriptionID+"?reset-flex-discount-codes=true ")},
			},
			ConfigStateChecks: []statecheck.StateCheck{codes(a), qty(a, 10)},
		},
		resource.TestStep{
			Config: config("renewal_quantity = 10", "flex_discount_codes = []", "auto_renewal_enabled = false"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:            []plancheck.PlanCheck{acctest.ResetCounts(sb)},
				PostApplyPreRefresh: []plancheck.PlanCheck{expectSubPatches(sb, "auto-renewal off", 1, on.SubscriptionID+"? {\"autoRenewal\":{\"enabled\":false}}")},
			},
			ConfigStateChecks: []statecheck.StateCheck{qty(a, 10), statecheck.ExpectKnownValue(a, tfjsonpath.New("auto_renewal_enabled"), knownvalue.Bool(false))},
		},
		resource.TestStep{
			// Nothing managed any more: no change, no request but the refresh.
			Config:           adobeProvider(url) + subResource("a", cust, on.SubscriptionID) + subResource("b", cust, off.SubscriptionID),
			PreConfig:        sb.ResetCounts,
			ConfigPlanChecks: noChange,
		},
	)
	assert.Empty(t, subPatches(sb), "PATCHes after the last change (the destroy included)")
	now := mustSubs(t, sb, cust)
	assert.False(t, now[0].AutoRenewalEnabled, "a after the destroy")
	assert.Equal(t, 10, now[0].RenewalQuantity, "a after the destroy")
	assert.True(t, now[1].AutoRenewalEnabled, "b after the destroy")
	assert.Equal(t, 7, now[1].RenewalQuantity, "b after the destroy")
}

// TestAccAdobeSubscription_planTimeRules: each of Adobe's rules and each bad
// value is an error at plan time naming its attribute, and no PATCH is
// ever sent: quantities out of bounds, two codes, a code too long, a change
// of an inactive subscription (3119), a change inside the 3 days before the
// renewal date, a renewal quantity or a code while auto-renewal stays off,
// ids that cannot be Adobe's or that Adobe does not know, another
// platform's provider block. A subscription that is inactive or about to
// renew is adopted when nothing changes, and a subscription that became
// inactive since its adoption refuses the next change at plan time.
func TestAccAdobeSubscription_planTimeRules(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 12})
	const cust, soon = "1006374010", "1006374005" // renews in 90 days; renews tomorrow
	subs, soonSubs := mustSubs(t, sb, cust), mustSubs(t, sb, soon)
	on, off, lapsed := subs[0].SubscriptionID, subs[1].SubscriptionID, subs[2].SubscriptionID
	p := adobeProvider(url)
	cases := [][2]string{
		{p + subResource("a", cust, on, "renewal_quantity = 0"), `Invalid renewal_quantity .*renewal_quantity is 0; it must be a whole number from 1 to 10000`},
		{p + subResource("a", cust, on, "renewal_quantity = 10001"), `renewal_quantity is 10001; it must be a whole number from 1 to 10000`},
		{p + subResource("a", cust, on, `flex_discount_codes = ["A1", "B2"]`), `flex_discount_codes has 2 elements; it may have at most 1 \(Adobe takes one flexible discount per subscription, error 2147\)`},
		{p + subResource("a", cust, on, `flex_discount_codes = ["`+strings.Repeat("X", 41)+`"]`), `flex_discount_codes.* 41 characters`},
		{p + subResource("a", cust, lapsed, "auto_renewal_enabled = true"),
			`Adobe does not change this subscription's auto-renewal now .*Subscription ` + cust + "/" + lapsed + `: the subscription is inactive \(1004\): Adobe changes the auto-renewal of an active subscription only \(error 3119\)\. This plan would change auto_renewal_enabled`},
		{p + subResource("a", soon, soonSubs[0].SubscriptionID, "renewal_quantity = 3"),
			`Adobe does not change this subscription's auto-renewal now .*renews tomorrow, ` + soonSubs[0].RenewalDate + `: Adobe takes auto-renewal changes into a renewal only when made at least 3 days before it`},
		{p + subResource("a", cust, off, "renewal_quantity = 5"),
			`Adobe refuses this renewal_quantity .*renewal_quantity changes only with auto-renewal enabled: with auto-renewal off, Adobe ignores the renewal quantity`},
		{p + subResource("a", cust, off, `flex_discount_codes = ["SPRING_SALE_10"]`),
			`Adobe refuses this flex_discount_codes .*flex_discount_codes apply only with auto-renewal enabled`},
		{p + subResource("a", cust, "not-an-id"), `Invalid subscription_id .*"not-an-id" is not an Adobe VIP Marketplace subscription id`},
		{p + subResource("a", "no", on), `Invalid customer_id .*"no" is not an Adobe VIP Marketplace customer id`},
		{p + subResource("a", cust, "8675309"), `Subscription not found .*has no subscription with customer_id "1006374010" and subscription_id "8675309" \(no such customer or subscription: .*GET /v3/customers/1006374010/subscriptions/8675309: HTTP 404 Not Found: Invalid Customer or Subscription ID \(code 3115\)\)`},
		{p + subResource("a", "1006374099", on), `Subscription not found`},
		{acctest.SandboxProvider("sellercloud", url) + subResource("a", cust, on, "renewal_quantity = 3"),
			`Platform not supported by commerce_adobe_vip_subscription resource .*configured for "sellercloud"`},
	}
	steps := acctest.PlanErrors(sb, cases)
	steps = append(steps,
		resource.TestStep{
			// Adopting without a change: an inactive subscription, one about to
			// renew (its current values configured), one off.
			PreConfig: func() { assert.Zero(t, sb.Count(subPatchRoute), "PATCHes of the plan-time errors") },
			Config: p + subResource("a", cust, lapsed, "auto_renewal_enabled = false") +
				subResource("b", soon, soonSubs[0].SubscriptionID, fmt.Sprintf("renewal_quantity = %d", soonSubs[0].RenewalQuantity)) +
				subResource("c", cust, off),
		},
		resource.TestStep{
			// c became inactive since: a change is refused while planning.
			PreConfig: func() {
				sb.ChangeAdobeSubscription(cust, off, func(s *sandbox.AdobeSubscription) { s.Status = "1004" })
			},
			Config: p + subResource("a", cust, lapsed, "auto_renewal_enabled = false") +
				subResource("b", soon, soonSubs[0].SubscriptionID, fmt.Sprintf("renewal_quantity = %d", soonSubs[0].RenewalQuantity)) +
				subResource("c", cust, off, "auto_renewal_enabled = true"),
			ExpectError: acctest.ErrorLike(`commerce_adobe_vip_subscription.c.*the subscription is inactive \(1004\)`),
		},
	)
	acctest.Test(t, steps...)
	assert.Zero(t, sb.Count(subPatchRoute), "PATCHes")
}

// isSubPatch matches the subscription PATCHes.
func isSubPatch(r *http.Request) bool {
	return r.Method == http.MethodPatch && strings.Contains(r.URL.Path, "/subscriptions/")
}

// correlationIDs are the X-Correlation-Id headers of the subscription
// PATCHes since the last reset.
func correlationIDs(sb *sandbox.Server) []string {
	var out []string
	for _, r := range sb.Requests() {
		if r.Pattern == subPatchRoute {
			out = append(out, r.Header.Get("X-Correlation-Id"))
		}
	}
	return out
}

// TestAccAdobeSubscription_applyFailures: a PATCH whose answer breaks off
// after Adobe applied it is retried under the same X-Correlation-Id and
// applied once; a PATCH whose outcome stays unknown is an error naming the
// correlation id, keeps the prior state, and the next plan reads what
// Adobe holds; a subscription whose renewal came inside the 3-day window
// between plan and apply is refused by Adobe (3120) with its diagnostic
// (method, host, path, status, message) and nothing changes; drift outside
// Terraform plans back; a subscription gone from Adobe leaves the state.
func TestAccAdobeSubscription_applyFailures(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 12})
	const cust = "1006374010"
	sub := mustSubs(t, sb, cust)[0]
	sid := sub.SubscriptionID
	const a = "commerce_adobe_vip_subscription.a"
	config := func(qty int) string {
		return adobeProvider(url, "max_retries = 1") + subResource("a", cust, sid, fmt.Sprintf("renewal_quantity = %d", qty))
	}
	stored := func() sandbox.AdobeSubscription { return mustSubs(t, sb, cust)[0] }
	qty := func(n int) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(a, tfjsonpath.New("renewal_quantity"), knownvalue.Int64Exact(int64(n)))
	}
	var renewal string
	acctest.Test(t,
		resource.TestStep{Config: config(sub.RenewalQuantity)},
		resource.TestStep{
			// The answer breaks off after Adobe applied the change.
			Config: config(11),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{acctest.PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
					sb.ResetCounts()
					sb.InjectFault(sandbox.Fault{Match: isSubPatch, Break: true, Times: 1})
					return nil
				})},
				PostApplyPreRefresh: []plancheck.PlanCheck{acctest.PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
					ids := correlationIDs(sb)
					if len(ids) != 2 || ids[0] == "" || ids[0] != ids[1] {
						return fmt.Errorf("PATCH correlation ids %q, want two attempts under one", ids)
					}
					return nil
				})},
			},
			ConfigStateChecks: []statecheck.StateCheck{qty(11)},
		},
		resource.TestStep{
			// Every answer is a 502 after Adobe applied the change: the outcome
			// is unknown, and the error names the correlation id.
			Config: config(12),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{acctest.PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
				sb.ResetCounts()
				sb.InjectFault(sandbox.Fault{Match: isSubPatch, Applied: true, Status: http.StatusBadGateway})
				return nil
			})}},
			ExpectError: acctest.ErrorLike(`Updating the subscription failed .*The update of subscription ` + cust + "/" + sid + ` \(renewal_quantity\) failed and its outcome is unknown: Adobe may have saved it.*X-Correlation-Id`),
		},
		resource.TestStep{
			// The prior state was kept; the refresh finds what Adobe holds.
			PreConfig: func() {
				ids := correlationIDs(sb)
				assert.Len(t, ids, 2, "attempts")
				assert.Len(t, slices.Compact(ids), 1, "correlation ids of the attempts: %q", ids)
				sb.ClearFaults()
				assert.Equal(t, 12, stored().RenewalQuantity)
			},
			Config:           config(12),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), acctest.ExpectBefore(a, "renewal_quantity", 12)}},
		},
		resource.TestStep{
			// The renewal date moves to tomorrow between plan and apply: Adobe
			// refuses (3120) and nothing changes.
			Config: config(13),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{acctest.PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
				sb.ChangeAdobeSubscription(cust, sid, func(s *sandbox.AdobeSubscription) {
					renewal = s.RenewalDate
					s.RenewalDate = time.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)
				})
				return nil
			})}},
			ExpectError: acctest.ErrorLike(`Updating the subscription failed .*Adobe VIP Marketplace refused the update of subscription ` + cust + "/" + sid + ` \(renewal_quantity\); nothing was changed\..*PATCH /v3/customers/` + cust + `/subscriptions/` + sid + `: HTTP 400 Bad Request: Update could not be performed because it would create an invalid renewal order \(code 3120`),
		},
		resource.TestStep{
			// Drift: changed outside Terraform once the window is past.
			PreConfig: func() {
				assert.Equal(t, 12, stored().RenewalQuantity, "after the refusal")
				sb.ChangeAdobeSubscription(cust, sid, func(s *sandbox.AdobeSubscription) { s.RenewalDate, s.RenewalQuantity = renewal, 30 })
				sb.ResetCounts()
			},
			Config: config(13),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:            []plancheck.PlanCheck{acctest.ExpectBefore(a, "renewal_quantity", 30), acctest.ResetCounts(sb)},
				PostApplyPreRefresh: []plancheck.PlanCheck{expectSubPatches(sb, "drift", 1, sid+"? {\"autoRenewal\":{\"renewalQuantity\":13}}")},
			},
			ConfigStateChecks: []statecheck.StateCheck{qty(13)},
		},
		resource.TestStep{
			// Gone from Adobe: the refresh removes it, and adopting it again
			// fails at plan.
			PreConfig: func() {
				sb.ChangeAdobeCustomer(cust, func(c *sandbox.AdobeCustomer) { c.Subscriptions = c.Subscriptions[1:] })
			},
			Config:      config(13),
			ExpectError: acctest.ErrorLike(`Subscription not found`),
		},
	)
}
