package adobeviptf_test

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

func subListBlock(name, customerID string, lines ...string) string {
	return fmt.Sprintf("list \"commerce_adobe_vip_subscription\" %q {\n  provider = commerce\n  %s\n  config {\n    customer_id = %q\n  }\n}\n",
		name, strings.Join(lines, "\n  "), customerID)
}

// expectSubIdentities checks the identities a subscription list block
// found, in order: customer_id/subscription_id.
func expectSubIdentities(listAddress string, want []string) querycheck.QueryResultCheck {
	return acctest.QueryCheckFunc(func(req querycheck.CheckQueryRequest) error {
		got := []string{}
		for _, r := range req.Query {
			if strings.TrimPrefix(r.Address, "list.") == listAddress {
				got = append(got, fmt.Sprint(r.Identity["customer_id"])+"/"+fmt.Sprint(r.Identity["subscription_id"]))
			}
		}
		if want == nil {
			want = []string{}
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			return fmt.Errorf("%s found %v, want %v", listAddress, got, want)
		}
		return nil
	})
}

func joinedIDs(customerID string, subs []sandbox.AdobeSubscription) []string {
	out := make([]string, len(subs))
	for i, s := range subs {
		out[i] = customerID + "/" + s.SubscriptionID
	}
	return out
}

// TestAccAdobeSubscriptionList_query: a list block finds one customer's
// subscriptions, each once and in Adobe's order, every page when Adobe
// pages by 5 (23 subscriptions), none for a customer without any; the
// display name says what the subscription is; limit cuts the results;
// include_resource carries the whole commerce_adobe_vip_subscription object
// with no request more than the list's.
func TestAccAdobeSubscriptionList_query(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 12})
	const cust = manySubs
	subs := addSubscriptions(t, sb)
	first := subs[0]
	byID := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
		"customer_id": knownvalue.StringExact(cust), "subscription_id": knownvalue.StringExact(first.SubscriptionID),
	})
	acctest.Test(t,
		resource.TestStep{
			Query:     true,
			PreConfig: func() { sb.SetPageSizeCap(5); sb.ResetCounts() },
			Config: adobeProvider(url) + subListBlock("all", cust) + subListBlock("none", "1006374001") +
				subListBlock("three", cust, "limit = 3"),
			QueryResultChecks: []querycheck.QueryResultCheck{
				expectSubIdentities("commerce_adobe_vip_subscription.all", joinedIDs(cust, subs)),
				expectSubIdentities("commerce_adobe_vip_subscription.none", nil),
				expectSubIdentities("commerce_adobe_vip_subscription.three", joinedIDs(cust, subs[:3])),
				querycheck.ExpectResourceDisplayName("commerce_adobe_vip_subscription.all", byID,
					knownvalue.StringExact(fmt.Sprintf("%s, %d licences, active, renews %s (auto-renewal on, %d)", first.OfferID, first.CurrentQuantity, first.RenewalDate, first.RenewalQuantity))),
				acctest.QueryCheckFunc(func(querycheck.CheckQueryRequest) error {
					if n := sb.Count(subGetRoute); n != 0 {
						return fmt.Errorf("%d subscription GETs, want none", n)
					}
					return nil
				}),
			},
		},
		resource.TestStep{
			Query:     true,
			PreConfig: sb.ResetCounts,
			Config:    adobeProvider(url) + subListBlock("full", cust, "include_resource = true"),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("commerce_adobe_vip_subscription.full", 23),
				querycheck.ExpectResourceKnownValues("commerce_adobe_vip_subscription.full", byID, []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(cust + "/" + first.SubscriptionID)},
					{Path: tfjsonpath.New("customer_id"), KnownValue: knownvalue.StringExact(cust)},
					{Path: tfjsonpath.New("offer_id"), KnownValue: knownvalue.StringExact(first.OfferID)},
					{Path: tfjsonpath.New("auto_renewal_enabled"), KnownValue: knownvalue.Bool(true)},
					{Path: tfjsonpath.New("renewal_quantity"), KnownValue: knownvalue.Int64Exact(int64(first.RenewalQuantity))},
					{Path: tfjsonpath.New("renewal_date"), KnownValue: knownvalue.StringExact(first.RenewalDate)},
				}),
				acctest.QueryCheckFunc(func(querycheck.CheckQueryRequest) error {
					if g, l := sb.Count(subGetRoute), sb.Count(subListRoute); g != 0 || l != 5 {
						return fmt.Errorf("%d subscription GETs and %d list pages, want none and 5", g, l)
					}
					return nil
				}),
			},
		},
	)
}

// TestAccAdobeSubscriptionList_errors: a customer id that cannot be
// Adobe's is an error naming customer_id before any request; an unknown
// customer and a page that fails fail the query with Adobe's diagnostic,
// never a partial list; another platform is refused by name.
func TestAccAdobeSubscriptionList_errors(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 12})
	const cust = manySubs
	addSubscriptions(t, sb)
	p := adobeProvider(url, "max_retries = 0")
	acctest.Test(t,
		resource.TestStep{
			Query:       true,
			PreConfig:   sb.ResetCounts,
			Config:      p + subListBlock("a", "no"),
			ExpectError: acctest.ErrorLike(`Invalid customer_id .*"no" is not an Adobe VIP Marketplace customer id`),
		},
		resource.TestStep{
			Query:       true,
			PreConfig:   acctest.NoRequestsSince(t, sb),
			Config:      p + subListBlock("a", "1006374099"),
			ExpectError: acctest.ErrorLike(`Listing subscriptions failed .*adobe_vip: the subscriptions of customer 1006374099 could not be read, so the query has no results.*GET /v3/customers/1006374099/subscriptions: HTTP 404`),
		},
		resource.TestStep{
			Query: true,
			PreConfig: func() {
				sb.SetPageSizeCap(5)
				sb.InjectFault(sandbox.Fault{Status: http.StatusInternalServerError, Body: `{"code":"5000","message":"page three is on fire"}`,
					Match: func(r *http.Request) bool { return r.URL.Query().Get("offset") == "10" }})
			},
			Config:      p + subListBlock("a", cust),
			ExpectError: acctest.ErrorLike(`Listing subscriptions failed .*500.*page three is on fire`),
		},
		resource.TestStep{
			Query:       true,
			PreConfig:   sb.ClearFaults,
			Config:      acctest.SandboxProvider("sellercloud", url) + subListBlock("a", cust),
			ExpectError: acctest.ErrorLike(`Platform not supported by commerce_adobe_vip_subscription list resource .*configured for "sellercloud"`),
		},
	)
}

// TestAccAdobeSubscriptionList_docsExample runs the docs' example query
// (examples/list-resources/commerce_adobe_vip_subscription/list-resource.tfquery.hcl).
func TestAccAdobeSubscriptionList_docsExample(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	example, err := os.ReadFile("../../../examples/list-resources/commerce_adobe_vip_subscription/list-resource.tfquery.hcl")
	require.NoError(t, err)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	acctest.Test(t, resource.TestStep{
		Query:             true,
		Config:            adobeProvider(url) + string(example),
		QueryResultChecks: []querycheck.QueryResultCheck{expectSubIdentities("commerce_adobe_vip_subscription.acme", joinedIDs("1006374000", sb.AdobeSubscriptions("1006374000")))},
	})
}

// TestAccAdobeSubscriptionList_generateConfigRoundTrip drives the CLI
// directly: `terraform query -generate-config-out` writes an import block
// (by identity) and a resource block per subscription; they plan as "3 to
// import, 0 to add, 0 to change, 0 to destroy", apply without a PATCH, and
// then plan empty.
func TestAccAdobeSubscriptionList_generateConfigRoundTrip(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	const cust = "1006374000"
	subs := mustSubs(t, sb, cust)
	tf := acctest.NewCLI(t)
	tf.Write("main.tf", acctest.CLIHeader+adobeProvider(url))
	tf.Write("subscriptions.tfquery.hcl", subListBlock("adopt", cust))
	ctx := acctest.CommandContext(t)
	require.NoError(t, tf.Init(ctx, tf.Reattach), "terraform init")

	assert.Equal(t, 3, tf.QueryGenerateConfig(ctx), "subscriptions found")
	generated := tf.Generated()
	for _, s := range subs {
		assert.Contains(t, generated, fmt.Sprintf(`subscription_id = %q`, s.SubscriptionID), "the identity in an import block:\n%s", generated)
	}
	assert.Contains(t, generated, `flex_discount_codes  = ["SUMMER_SALE_12"]`, generated)
	assert.NotContains(t, generated, "offer_id", "read-only attributes are not generated")
	assert.Equal(t, 3, strings.Count(generated, `resource "commerce_adobe_vip_subscription"`), generated)

	tf.ResetOutput()
	changes, err := tf.Plan(ctx, tf.Reattach, tfexec.Out("import.tfplan"))
	require.NoError(t, err, tf.Output())
	assert.True(t, changes)
	assert.Contains(t, tf.Output(), "Plan: 3 to import, 0 to add, 0 to change, 0 to destroy.")
	tf.ImportAsPlanned(ctx, "import.tfplan", 3)
	assert.Zero(t, sb.Count(subPatchRoute), "PATCHes while adopting the generated configuration")
}
