package adobeviptf_test

import (
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
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// manySubs is the customer addSubscriptions gives more subscriptions.
const manySubs = "1006374010"

// addSubscriptions gives customer manySubs 20 more subscriptions, ids s00
// to s19: 23 in all with its 3 seeded ones.
func addSubscriptions(t *testing.T, sb *sandbox.Server) []sandbox.AdobeSubscription {
	t.Helper()
	const customerID = manySubs
	for i := range 20 {
		require.True(t, sb.PutAdobeSubscription(customerID, sandbox.AdobeSubscription{
			SubscriptionID: fmt.Sprintf("s%02d", i), OfferID: fmt.Sprintf("6530447%dCA01A12", i%10), CurrentQuantity: i + 1, UsedQuantity: i / 2,
			AutoRenewalEnabled: i%2 == 0, RenewalQuantity: i + 1, RenewalDate: "2099-01-0" + fmt.Sprint(1+i%9),
			CreationDate: time.Date(2024, 1, 1+i, 0, 0, 0, 0, time.UTC), CurrencyCode: "EUR", Status: "1000",
		}))
	}
	return sb.AdobeSubscriptions(customerID)
}

// subIDsOf are the subscription ids of sandbox subscriptions.
func subIDsOf(subs []sandbox.AdobeSubscription) []string {
	out := make([]string, len(subs))
	for i, s := range subs {
		out[i] = s.SubscriptionID
	}
	return out
}

// TestAccAdobeSubscriptionsDataSource_everyPage: a customer's 23
// subscriptions, read whole when Adobe answers with all of them (one
// request, no parameters, the documented form), and every one, in order,
// when Adobe pages by 5 (five requests: the first without parameters, then
// by offset and limit); each item has the resource's attributes. A customer
// without subscriptions is an empty list. It can feed
// commerce_adobe_vip_subscription.
func TestAccAdobeSubscriptionsDataSource_everyPage(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 12})
	const cust = manySubs
	subs := addSubscriptions(t, sb)
	require.Len(t, subs, 23)
	first := subs[0]
	ids := subIDsOf(subs)
	config := adobeProvider(url) + `
data "commerce_adobe_vip_subscriptions" "all" {
  customer_id = "` + cust + `"
}
data "commerce_adobe_vip_subscriptions" "none" {
  customer_id = "1006374001"
}
output "ids" {
  value = data.commerce_adobe_vip_subscriptions.all.subscriptions[*].subscription_id
}
`
	const all = "data.commerce_adobe_vip_subscriptions.all"
	item := func(i int, attr string, want knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(all, tfjsonpath.New("subscriptions").AtSliceIndex(i).AtMapKey(attr), want)
	}
	checks := []statecheck.StateCheck{
		acctest.IDsOutput("ids", ids),
		statecheck.ExpectKnownValue("data.commerce_adobe_vip_subscriptions.none", tfjsonpath.New("subscriptions"), knownvalue.ListExact([]knownvalue.Check{})),
		item(0, "offer_id", knownvalue.StringExact(first.OfferID)),
		item(0, "auto_renewal_enabled", knownvalue.Bool(true)),
		item(0, "renewal_quantity", knownvalue.Int64Exact(int64(first.RenewalQuantity))),
		item(0, "current_quantity", knownvalue.Int64Exact(int64(first.CurrentQuantity))),
		item(0, "used_quantity", knownvalue.Int64Exact(int64(first.UsedQuantity))),
		item(0, "renewal_date", knownvalue.StringExact(first.RenewalDate)),
		item(0, "currency_code", knownvalue.StringExact("USD")),
		item(0, "status", knownvalue.StringExact("1000")),
		item(0, "flex_discount_codes", knownvalue.SetExact([]knownvalue.Check{})),
		item(0, "renewal_code", knownvalue.StringExact("")),
		item(2, "status", knownvalue.StringExact("1004")),
		item(22, "subscription_id", knownvalue.StringExact("s19")),
		item(22, "creation_date", knownvalue.StringExact("2024-01-20T00:00:00Z")),
		item(22, "currency_code", knownvalue.StringExact("EUR")),
	}
	// expectListRequests checks the list requests since the last reset, as
	// their query strings: each read (the plan's, the apply's) asks for
	// these, each once.
	expectListRequests := func(want ...string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			defer sb.ResetCounts()
			var got []string
			for _, r := range sb.Requests() {
				if r.Pattern == subListRoute && strings.HasSuffix(r.Path, "/"+cust+"/subscriptions") {
					got = append(got, r.Query.Encode())
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			reads := len(got) / max(1, len(want))
			if reads == 0 || !slices.Equal(slices.Compact(slices.Clone(got)), want) || len(got) != reads*len(want) {
				return fmt.Errorf("subscription list requests %q, want %q", got, want)
			}
			return nil
		}
	}
	acctest.Test(t,
		resource.TestStep{PreConfig: sb.ResetCounts, Config: config, ConfigStateChecks: checks, Check: expectListRequests("")},
		resource.TestStep{
			PreConfig:         func() { sb.SetPageSizeCap(5); sb.ResetCounts() },
			Config:            config + "# paged\n",
			ConfigStateChecks: checks,
			Check:             expectListRequests("", "limit=5&offset=5", "limit=5&offset=10", "limit=5&offset=15", "limit=5&offset=20"),
		},
		resource.TestStep{
			// Feeding the resource: every active subscription, adopted as it is
			// (count: the testing framework's state reader has no for_each).
			Config: config + `
locals {
  renewing = [for s in data.commerce_adobe_vip_subscriptions.all.subscriptions : s if s.status == "1000" && startswith(s.renewal_date, "2099")]
}
resource "commerce_adobe_vip_subscription" "each" {
  count                = length(local.renewing)
  customer_id          = data.commerce_adobe_vip_subscriptions.all.customer_id
  subscription_id      = local.renewing[count.index].subscription_id
  auto_renewal_enabled = local.renewing[count.index].auto_renewal_enabled
  renewal_quantity     = local.renewing[count.index].renewal_quantity
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(`commerce_adobe_vip_subscription.each[19]`, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(`commerce_adobe_vip_subscription.each[19]`, tfjsonpath.New("subscription_id"), knownvalue.StringExact("s19"))},
			Check: func(*terraform.State) error {
				if n := sb.Count(subPatchRoute); n != 0 {
					return fmt.Errorf("%d PATCHes adopting the subscriptions as they are", n)
				}
				return nil
			},
		},
	)
}

// TestAccAdobeSubscriptionsDataSource_errors: a customer id that cannot be
// Adobe's is an error before any request; an unknown customer is an error
// naming customer_id with Adobe's message; a page that fails in the middle
// fails the read with the server's diagnostic, never a shorter list; an
// answer that is not a list is an error; another platform is refused.
func TestAccAdobeSubscriptionsDataSource_errors(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 12})
	const cust = manySubs
	addSubscriptions(t, sb)
	ds := func(id string) string {
		return "data \"commerce_adobe_vip_subscriptions\" \"all\" {\n  customer_id = \"" + id + "\"\n}\n"
	}
	p := adobeProvider(url, "max_retries = 0")
	acctest.Test(t,
		resource.TestStep{
			PreConfig:   sb.ResetCounts,
			Config:      p + ds("x"),
			ExpectError: acctest.ErrorLike(`customer_id: "x" is not an Adobe VIP Marketplace customer id`),
		},
		resource.TestStep{
			PreConfig:   acctest.NoRequestsSince(t, sb),
			Config:      p + ds("1006374099"),
			ExpectError: acctest.ErrorLike(`Customer account not found .*customer_id: Adobe VIP Marketplace has no customer account "1006374099" .*GET /v3/customers/1006374099/subscriptions: HTTP 404`),
		},
		resource.TestStep{
			PreConfig: func() {
				sb.SetPageSizeCap(5)
				sb.InjectFault(sandbox.Fault{Status: http.StatusInternalServerError, Body: `{"code":"5000","message":"page three is on fire"}`,
					Match: func(r *http.Request) bool { return r.URL.Query().Get("offset") == "10" }})
			},
			Config:      p + ds(cust),
			ExpectError: acctest.ErrorLike(`Reading the subscriptions failed .*GET .*/v3/customers/` + cust + `/subscriptions.*500.*page three is on fire`),
		},
		resource.TestStep{
			PreConfig: func() {
				sb.ClearFaults()
				sb.InjectFault(sandbox.Fault{Status: http.StatusOK, Body: `{"message":"down for maintenance"}`, Match: isListOf(cust)})
			},
			Config:      p + ds(cust),
			ExpectError: acctest.ErrorLike(`Reading the subscriptions failed .*the answer is not a subscription list: it has no "items" array`),
		},
		resource.TestStep{
			PreConfig:   sb.ClearFaults,
			Config:      acctest.SandboxProvider("sellercloud", url) + ds(cust),
			ExpectError: acctest.ErrorLike(`Platform not supported by commerce_adobe_vip_subscriptions data source .*configured for "sellercloud"`),
		},
	)
}

// isListOf matches the subscription list requests of a customer.
func isListOf(customerID string) func(*http.Request) bool {
	return func(r *http.Request) bool {
		return r.Method == http.MethodGet && r.URL.Path == sandbox.AdobeVIPRoot+"/v3/customers/"+customerID+"/subscriptions"
	}
}
