package sellercloudtf_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// TestAccCustomerDataSource_fullRecord: the commerce_customer data source
// shows Sellercloud's custom columns, order options and shipping
// preferences read-only,
// from the one GET /Customers/{id}.
func TestAccCustomerDataSource_fullRecord(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	sb.SellercloudCompanyAllowsUnpaid(1, true)
	sb.ChangeSellercloudCustomer(10001, func(c *sandbox.SellercloudCustomer) {
		c.OrderOptions.AllowShippingUnpaidOrders = true
		c.ShippingPreferences.AccountNumber = "UPS-77"
		c.ShippingPreferences.EnableCustomerShippingAccount = true
	})
	c := mustCustomer(t, sb, 10001)
	require.True(t, c.OrderOptions.TaxExempt, "seed changed: customer 10001 should be tax exempt")
	const d = "data.commerce_customer.c"
	acctest.Test(t, resource.TestStep{
		Config: sellercloudProvider(url) + "data \"commerce_customer\" \"c\" {\n  id = \"10001\"\n}\n",
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(d, tfjsonpath.New("order_options"), knownvalue.ObjectExact(map[string]knownvalue.Check{
				"tax_exempt": knownvalue.Bool(true), "tax_id": knownvalue.StringExact(c.OrderOptions.TaxID),
				"tax_exempt_type": knownvalue.StringExact(c.OrderOptions.TaxExemptType), "order_handling_fee": knownvalue.Float64Exact(c.OrderOptions.OrderHandlingFee),
				"apply_shipping_charges_to_order_total": knownvalue.Bool(false), "allow_shipping_unpaid_orders": knownvalue.Bool(true),
				"disable_ship_notifications": knownvalue.Bool(false), "company_allows_unpaid_orders": knownvalue.Bool(true),
			})),
			// Every custom column, "" for one without a value.
			statecheck.ExpectKnownValue(d, tfjsonpath.New("custom_columns"), knownvalue.MapExact(map[string]knownvalue.Check{
				"ERP_ID": knownvalue.StringExact("ERP-00001"), "CREDIT_DAYS": knownvalue.StringExact("15"), "DISCOUNT_RATE": knownvalue.StringExact("0.25"),
				"CONTRACT_START": knownvalue.StringExact(c.CustomColumns["CONTRACT_START"]), "TAX_CERTIFIED": knownvalue.StringExact("true"),
				"NOTES": knownvalue.StringExact(""), "PORTAL_URL": knownvalue.StringExact(""), "PRICE_TIER": knownvalue.StringExact("GOLD"),
				"REGION": knownvalue.StringExact(""),
			})),
			statecheck.ExpectKnownValue(d, tfjsonpath.New("shipping_preferences"), knownvalue.ObjectExact(map[string]knownvalue.Check{
				"carrier_id": knownvalue.Int64Exact(int64(c.ShippingPreferences.CarrierID)), "carrier_method_id": knownvalue.Int64Exact(int64(c.ShippingPreferences.CarrierMethodID)),
				"charges": knownvalue.Float64Exact(c.ShippingPreferences.Charges), "account_number": knownvalue.StringExact("UPS-77"),
				"postal_code": knownvalue.StringExact(c.ShippingPreferences.PostalCode), "enable_customer_shipping_account": knownvalue.Bool(true),
			})),
		},
	})
}
