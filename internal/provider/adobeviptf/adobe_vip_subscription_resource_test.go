package adobeviptf_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

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

// mustSubs are an Adobe customer's subscriptions in the sandbox.
func mustSubs(t *testing.T, sb *sandbox.Server, customerID string, n int) []sandbox.AdobeSubscription {
	t.Helper()
	subs := sb.AdobeSubscriptions(customerID)
	require.Len(t, subs, n, "subscriptions of %s", customerID)
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
	subs := mustSubs(t, sb, cust, 3)
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
	now := mustSubs(t, sb, cust, 3)
	assert.False(t, now[0].AutoRenewalEnabled, "a after the destroy")
	assert.Equal(t, 10, now[0].RenewalQuantity, "a after the destroy")
	assert.True(t, now[1].AutoRenewalEnabled, "b after the destroy")
	assert.Equal(t, 7, now[1].RenewalQuantity, "b after the destroy")
}
