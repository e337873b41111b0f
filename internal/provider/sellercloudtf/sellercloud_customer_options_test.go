package sellercloudtf_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// The write routes of order options and shipping preferences as
// expectWrites spells them.
const (
	orderOptionsWrite = "PUT /Customers/{id}/OrderOptions "
	shippingWrite     = "PUT /Customers/{id}/ShippingPreferences "
	customerWrite     = "PUT /Customers/{id} "
)

// TestAccCustomerResource_orderOptionsAndShipping adopts a retail customer
// with some order options and shipping preferences: each endpoint gets one
// PUT with exactly the configured fields, the other attributes show
// Sellercloud's values, amounts that round to the stored cent are not a
// change, drift in a managed part is reverted (only that part sent) and in
// an unmanaged one just shows, and leaving the attributes out stops
// managing them.
func TestAccCustomerResource_orderOptionsAndShipping(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	c := mustCustomer(t, sb, 10002)
	require.False(t, c.IsWholesale, "seed changed: customer 10002 should be retail")
	require.False(t, c.OrderOptions.TaxExempt, "seed changed: customer 10002 should not be tax exempt")
	const a = "commerce_customer.a"
	config := func(fee, charges string) string {
		return sellercloudProvider(url) + fmt.Sprintf(`
resource "commerce_customer" "a" {
  customer_id = "10002"
  order_options = {
    tax_exempt         = true
    tax_id             = "TX-9"
    tax_exempt_type    = "government"
    order_handling_fee = %s
  }
  shipping_preferences = {
    carrier_id = 2
    charges    = %s
  }
}
`, fee, charges)
	}
	acctest.Test(t,
		resource.TestStep{
			PreConfig: sb.ResetCounts,
			Config:    config("1.5", "3.5"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionCreate),
					// Unconfigured parts are planned as the values read.
					plancheck.ExpectKnownValue(a, tfjsonpath.New("order_options").AtMapKey("disable_ship_notifications"), knownvalue.Bool(false)),
					plancheck.ExpectKnownValue(a, tfjsonpath.New("shipping_preferences").AtMapKey("postal_code"), knownvalue.StringExact(c.ShippingPreferences.PostalCode)),
					expectWrites(sb, "planning the adoption", 1),
				},
				// The final plan's GET, one PUT per endpoint with its
				// configured fields only, one GET back; no PUT /Customers/{id}.
				PostApplyPreRefresh: []plancheck.PlanCheck{expectWrites(sb, "adopting", 2,
					orderOptionsWrite+`{"OrderHandlingFee":1.5,"TaxExempt":true,"TaxExemptType":"government","TaxID":"TX-9"}`,
					shippingWrite+`{"CarrierId":2,"Charges":3.5}`,
				)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), expectWrites(sb, "refreshing", 1)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(a, tfjsonpath.New("order_options"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"tax_exempt": knownvalue.Bool(true), "tax_id": knownvalue.StringExact("TX-9"), "tax_exempt_type": knownvalue.StringExact("government"),
					"order_handling_fee": knownvalue.Float64Exact(1.5), "apply_shipping_charges_to_order_total": knownvalue.Bool(false),
					"allow_shipping_unpaid_orders": knownvalue.Bool(false), "disable_ship_notifications": knownvalue.Bool(false),
					"company_allows_unpaid_orders": knownvalue.Bool(false),
				})),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("shipping_preferences"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"carrier_id": knownvalue.Int64Exact(2), "carrier_method_id": knownvalue.Int64Exact(0), "charges": knownvalue.Float64Exact(3.5),
					"account_number": knownvalue.StringExact(""), "postal_code": knownvalue.StringExact(c.ShippingPreferences.PostalCode),
					"enable_customer_shipping_account": knownvalue.Bool(false),
				})),
			},
			Check: func(*terraform.State) error {
				got := mustCustomer(t, sb, 10002)
				if o := got.OrderOptions; !o.TaxExempt || o.TaxID != "TX-9" || o.TaxExemptType != "government" || o.OrderHandlingFee != 1.5 {
					return fmt.Errorf("sandbox order options %+v", o)
				}
				if p := got.ShippingPreferences; p.CarrierID != 2 || p.Charges != 3.5 {
					return fmt.Errorf("sandbox shipping preferences %+v", p)
				}
				return nil
			},
		},
		resource.TestStep{
			// Amounts that round to the stored cent: no change, nothing sent.
			Config: config("1.501", "3.4990"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:            []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), acctest.ResetCounts(sb)},
				PostApplyPreRefresh: []plancheck.PlanCheck{expectWrites(sb, "applying equivalent amounts", 0)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(a, tfjsonpath.New("order_options").AtMapKey("order_handling_fee"), knownvalue.Float64Exact(1.5)),
			},
		},
		resource.TestStep{
			// Drift: a managed part of each is reverted (only it sent), the
			// unmanaged parts take Sellercloud's new values.
			PreConfig: func() {
				sb.ChangeSellercloudCustomer(10002, func(c *sandbox.SellercloudCustomer) {
					c.OrderOptions.TaxExemptType = "other"
					c.OrderOptions.DisableShipNotifications = true
					c.ShippingPreferences.Charges = 9
					c.ShippingPreferences.AccountNumber = "UPS-123"
				})
			},
			Config: config("1.5", "3.5"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(a, tfjsonpath.New("order_options").AtMapKey("tax_exempt_type"), knownvalue.StringExact("government")),
					plancheck.ExpectKnownValue(a, tfjsonpath.New("order_options").AtMapKey("disable_ship_notifications"), knownvalue.Bool(true)),
					plancheck.ExpectKnownValue(a, tfjsonpath.New("shipping_preferences").AtMapKey("account_number"), knownvalue.StringExact("UPS-123")),
					acctest.ResetCounts(sb),
				},
				PostApplyPreRefresh: []plancheck.PlanCheck{expectWrites(sb, "reverting the drift", 1,
					orderOptionsWrite+`{"TaxExemptType":"government"}`,
					shippingWrite+`{"Charges":3.5}`,
				)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: func(*terraform.State) error {
				got := mustCustomer(t, sb, 10002)
				if got.OrderOptions.TaxExemptType != "government" || !got.OrderOptions.DisableShipNotifications ||
					got.ShippingPreferences.Charges != 3.5 || got.ShippingPreferences.AccountNumber != "UPS-123" {
					return fmt.Errorf("after reverting the drift: %+v %+v", got.OrderOptions, got.ShippingPreferences)
				}
				return nil
			},
		},
		resource.TestStep{
			// Clearing the tax id and turning exemption off in one PUT; the
			// shipping preferences are no longer managed: nothing sent for them.
			Config: sellercloudProvider(url) + `
resource "commerce_customer" "a" {
  customer_id = "10002"
  order_options = {
    tax_exempt = false
    tax_id     = ""
  }
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{acctest.ResetCounts(sb)},
				PostApplyPreRefresh:  []plancheck.PlanCheck{expectWrites(sb, "clearing", 1, orderOptionsWrite+`{"TaxExempt":false,"TaxID":""}`)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		},
		resource.TestStep{
			Config:   sellercloudProvider(url) + "resource \"commerce_customer\" \"a\" {\n  customer_id = \"10002\"\n}\n",
			PlanOnly: true,
		},
	)
}

// TestAccCustomerResource_optionRules: each documented rule of the order
// options and each bad value is a plan-time error on its attribute, before
// anything is sent; a rule satisfied by another change of the same plan
// (the customer becoming wholesale) passes, and that plan's PUTs go in
// order: the customer first, then its order options. A shipping method
// without a carrier, which no document names, is left to the server: its
// 400 is shown with method, path and message.
func TestAccCustomerResource_optionRules(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	require.NotEqual(t, 1, mustCustomer(t, sb, 10002).CompanyID, "seed changed: customer 10002's company should not allow unpaid orders")
	retail := func(body string) string {
		return sellercloudProvider(url) + fmt.Sprintf("resource \"commerce_customer\" \"a\" {\n  customer_id = \"10002\"\n  %s\n}\n", body)
	}
	// Bad values: refused before any request.
	steps := acctest.PlanErrors(sb, [][2]string{
		{retail(`order_options = { tax_exempt_type = "Government" }`), `Invalid tax_exempt_type .*order_options.tax_exempt_type is "Government"; it must be "", "wholesale", "government", "other" or "non_exempt"\. .*did you mean "government"\?`},
		{retail(`order_options = { order_handling_fee = -1 }`), `Invalid order_handling_fee .*order_options.order_handling_fee is -1; it must be at least 0\.`},
		{retail(`shipping_preferences = { carrier_id = -1 }`), `Invalid carrier_id .*shipping_preferences.carrier_id is -1; it must be a whole number from 0 to 2147483647\.`},
		{retail(`shipping_preferences = { charges = -0.5 }`), `Invalid charges .*shipping_preferences.charges is -0.5; it must be at least 0\.`},
	})
	// The rules: judged on the adoption's read, nothing written.
	rules := acctest.PlanErrors(sb, [][2]string{
		{retail(`order_options = { tax_id = "TX-1" }`), `A tax id needs a tax-exempt customer .*order_options = \{ tax_id = "TX-1" \}.*order_options.tax_id is "TX-1", but order_options.tax_exempt would be false: a tax id can only be set when the customer is tax exempt\. Set order_options.tax_exempt = true`},
		{retail(`order_options = { apply_shipping_charges_to_order_total = true }`), `Shipping charges on the order total need a wholesale customer .*customer 10002 would be a retail customer \(is_wholesale = false\): shipping charges can be applied to the order total only for a wholesale customer\. Set is_wholesale = true`},
		{retail(`order_options = { allow_shipping_unpaid_orders = true }`), `The customer's company does not allow shipping unpaid orders .*the company of customer 10002 does not allow it \(order_options.company_allows_unpaid_orders is false\)`},
	})
	rules[0].PreConfig = acctest.NoRequestsSince(t, sb)
	steps = append(steps, rules...)
	steps = append(steps,
		resource.TestStep{
			PreConfig: func() {
				assert.Empty(t, writesSince(sb), "writes of the plans refused")
				assert.Equal(t, 3, sb.Count(customerGetRoute), "one read per adoption plan")
			},
			// Wholesale in the same plan: the rule holds after the first PUT.
			Config: retail(`is_wholesale = true
  order_options = { apply_shipping_charges_to_order_total = true }`),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{acctest.ResetCounts(sb)},
				PostApplyPreRefresh: []plancheck.PlanCheck{expectWrites(sb, "becoming wholesale", 2,
					customerWrite+`{"IsWholesale":true}`,
					orderOptionsWrite+`{"ApplyShippingChargesToOrderTotal":true}`,
				)},
			},
		},
		resource.TestStep{
			Config:      retail(`shipping_preferences = { carrier_method_id = 4 }`),
			ExpectError: acctest.ErrorLike(`Sellercloud rejected the update of customer 10002 \(shipping_preferences.carrier_method_id\); nothing was changed\. .*PUT /Customers/10002/ShippingPreferences: HTTP 400 Bad Request: CarrierMethodId needs a CarrierId\.`),
		},
	)
	acctest.Test(t, steps...)
}

// TestAccCustomerResource_optionsNotShown: a Sellercloud whose record has
// neither OrderOptions.TaxID nor a ShippingPreferences section (its 2022
// API) shows them as null, and configuring them is a plan-time error saying
// why, while the other order options are managed as usual.
func TestAccCustomerResource_optionsNotShown(t *testing.T) {
	_, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	old := rewriteJSON(t, url, func(r *http.Request, v map[string]any) {
		if r.Method != http.MethodGet || !strings.Contains(r.URL.Path, "/Customers/1") {
			return
		}
		delete(v, "ShippingPreferences")
		if o, ok := v["OrderOptions"].(map[string]any); ok {
			delete(o, "TaxID")
		}
	})
	const a = "commerce_customer.a"
	with := func(body string) string {
		return sellercloudProvider(old) + fmt.Sprintf("resource \"commerce_customer\" \"a\" {\n  customer_id = \"10001\"\n  %s\n}\n", body)
	}
	acctest.Test(t,
		resource.TestStep{
			Config: with(`order_options = { disable_ship_notifications = true }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(a, tfjsonpath.New("order_options").AtMapKey("tax_id"), knownvalue.Null()),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("order_options").AtMapKey("tax_exempt"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("shipping_preferences").AtMapKey("carrier_id"), knownvalue.Null()),
			},
		},
		resource.TestStep{
			Config:      with(`order_options = { tax_id = "TX-2" }`),
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(`Sellercloud does not show the tax id .*customer 10001 has no OrderOptions.TaxID, so the provider can neither read the tax id nor see it change: remove order_options.tax_id`),
		},
		resource.TestStep{
			Config:      with(`shipping_preferences = { charges = 1 }`),
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(`Sellercloud does not show the shipping preferences .*customer 10001 has no ShippingPreferences section`),
		},
	)
}
