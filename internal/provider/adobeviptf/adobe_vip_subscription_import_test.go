package adobeviptf_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
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

// subIdentityIs checks the identity of a commerce_adobe_vip_subscription.
func subIdentityIs(address, customerID, subscriptionID string) statecheck.StateCheck {
	return statecheck.ExpectIdentity(address, map[string]knownvalue.Check{
		"customer_id": knownvalue.StringExact(customerID), "subscription_id": knownvalue.StringExact(subscriptionID),
	})
}

// TestAccAdobeSubscription_import: `terraform import` by
// customer_id/subscription_id reads every attribute as an adoption stored
// it (ImportStateVerify); an id of one part, or with a part that cannot be
// Adobe's, is an error that shows the form; an id Adobe does not know
// imports nothing. No PATCH.
func TestAccAdobeSubscription_import(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 12})
	const cust = "1006374000"
	sid := mustSubs(t, sb, cust)[0].SubscriptionID
	const a = "commerce_adobe_vip_subscription.a"
	config := adobeProvider(url) + subResource("a", cust, sid, "auto_renewal_enabled = true")
	acctest.Test(t,
		resource.TestStep{Config: config},
		resource.TestStep{ResourceName: a, ImportState: true, ImportStateId: cust + "/" + sid, ImportStateVerify: true},
		resource.TestStep{ResourceName: a, ImportState: true, ImportStateId: cust,
			ExpectError: acctest.ErrorLike(`Invalid import id .*Import a commerce_adobe_vip_subscription by ` + "`customer_id` and `subscription_id`" + ` joined by "/", such as 1006374000/8675309: "1006374000" has 1 part\(s\)`)},
		resource.TestStep{ResourceName: a, ImportState: true, ImportStateId: cust + "/not-one",
			ExpectError: acctest.ErrorLike(`Invalid import id .*subscription_id: "not-one" is not an Adobe VIP Marketplace subscription id`)},
		resource.TestStep{ResourceName: a, ImportState: true, ImportStateId: cust + "/8675309",
			ExpectError: acctest.ErrorLike(`Cannot import non-existent remote object`)},
	)
	assert.Zero(t, sb.Count(subPatchRoute), "PATCHes")
}

// TestAccAdobeSubscription_identity: adopting and updating set the identity
// (customer_id and subscription_id); importing by identity, the testing
// framework's import block from the state's identity and a hand-written
// `import { identity = ... }` with a block that manages nothing, plans a
// no-op import and sends no PATCH; a malformed identity is an error naming
// it.
func TestAccAdobeSubscription_identity(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIResourceIdentity)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 12})
	const cust = "1006374010"
	subs := mustSubs(t, sb, cust)
	const a, b = "commerce_adobe_vip_subscription.a", "commerce_adobe_vip_subscription.b"
	config := func(qty int) string {
		return adobeProvider(url) + subResource("a", cust, subs[0].SubscriptionID, fmt.Sprintf("renewal_quantity = %d", qty))
	}
	withImport := func(name, sid, identitySID string) string {
		return config(9) + fmt.Sprintf(`
import {
  to       = commerce_adobe_vip_subscription.%s
  identity = { customer_id = %q, subscription_id = %q }
}
`, name, cust, identitySID) + subResource(name, cust, sid)
	}
	acctest.Test(t,
		resource.TestStep{Config: config(8), ConfigStateChecks: []statecheck.StateCheck{subIdentityIs(a, cust, subs[0].SubscriptionID)}},
		resource.TestStep{
			Config:            config(9),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate)}},
			ConfigStateChecks: []statecheck.StateCheck{subIdentityIs(a, cust, subs[0].SubscriptionID)},
		},
		resource.TestStep{
			ResourceName: a, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(a, tfjsonpath.New("renewal_quantity"), knownvalue.Int64Exact(9)),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("subscription_id"), knownvalue.StringExact(subs[0].SubscriptionID)),
			}},
		},
		resource.TestStep{
			Config: withImport("b", subs[2].SubscriptionID, subs[2].SubscriptionID),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				acctest.ExpectImporting(b),
				plancheck.ExpectKnownValue(b, tfjsonpath.New("status"), knownvalue.StringExact("1004")),
				plancheck.ExpectKnownValue(b, tfjsonpath.New("offer_id"), knownvalue.StringExact(subs[2].OfferID)),
				acctest.ResetCounts(sb),
			}},
			ConfigStateChecks: []statecheck.StateCheck{subIdentityIs(b, cust, subs[2].SubscriptionID)},
		},
		resource.TestStep{
			Config:      withImport("c", subs[1].SubscriptionID, "not-one"),
			ExpectError: acctest.ErrorLike(`Invalid import identity .*identity.subscription_id of a commerce_adobe_vip_subscription import is its Adobe VIP Marketplace subscription id, such as 8675309: "not-one" is not an Adobe VIP Marketplace subscription id`),
		},
	)
	assert.Zero(t, sb.Count(subPatchRoute), "PATCHes after the update")
}

// TestAccAdobeSubscription_identityImportExample runs the docs' example of
// an import by identity (examples/resources/commerce_adobe_vip_subscription/import-by-identity.tf):
// a no-op import.
func TestAccAdobeSubscription_identityImportExample(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIResourceIdentity)
	example, err := os.ReadFile("../../../examples/resources/commerce_adobe_vip_subscription/import-by-identity.tf")
	require.NoError(t, err)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	// The example's ids, as Adobe's docs spell them.
	sb.PutAdobeSubscription("1006374000", sandbox.AdobeSubscription{SubscriptionID: "8675309", OfferID: "65304479CA01A12", CurrentQuantity: 4,
		AutoRenewalEnabled: true, RenewalQuantity: 4, RenewalDate: "2099-01-01", CurrencyCode: "USD", Status: "1000"})
	const team = "commerce_adobe_vip_subscription.team"
	acctest.Test(t, resource.TestStep{
		Config:            adobeProvider(url) + string(example) + subResource("team", "1006374000", "8675309"),
		ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{acctest.ExpectImporting(team)}},
		ConfigStateChecks: []statecheck.StateCheck{subIdentityIs(team, "1006374000", "8675309")},
	})
	assert.Zero(t, sb.Count(subPatchRoute))
}

// TestAccAdobeSubscription_generateConfigWarningsAndDestroy drives the
// terraform CLI directly (terraform-plugin-testing shows neither generated
// files nor warnings): `plan -generate-config-out` for a customer's three
// subscriptions (auto-renewal on with a flexible discount code, off,
// inactive) writes their auto-renewal attributes and nothing read-only; the
// generated configuration plans as no-op imports, applies without a PATCH
// and plans empty. Adopting with a change warns with what it replaces.
// Destroy warns at plan time, once, and leaves the subscriptions as they
// are.
func TestAccAdobeSubscription_generateConfigWarningsAndDestroy(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	const cust = "1006374000"
	subs := mustSubs(t, sb, cust)
	require.Equal(t, []string{"SUMMER_SALE_12"}, subs[0].FlexDiscountCodes, "seed changed")
	tf := acctest.NewCLI(t)
	main := acctest.CLIHeader + adobeProvider(url)
	imports := ""
	for i, s := range subs {
		imports += fmt.Sprintf("import {\n  to = commerce_adobe_vip_subscription.s%d\n  id = \"%s/%s\"\n}\n", i, cust, s.SubscriptionID)
	}
	tf.Write("main.tf", main+imports)
	ctx := acctest.CommandContext(t)
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	_, err := tf.Plan(ctx, tf.Reattach, tfexec.GenerateConfigOut("generated.tf"), tfexec.Out("import.tfplan"))
	require.NoError(t, err, tf.Output())
	generated := tf.Generated()
	for _, want := range []string{
		`flex_discount_codes  = ["SUMMER_SALE_12"]`, `flex_discount_codes  = []`,
		`auto_renewal_enabled = true`, `auto_renewal_enabled = false`,
		fmt.Sprintf(`renewal_quantity     = %d`, subs[0].RenewalQuantity),
		fmt.Sprintf(`subscription_id      = %q`, subs[2].SubscriptionID), fmt.Sprintf(`customer_id          = %q`, cust),
	} {
		assert.Contains(t, generated, want, "generated configuration:\n%s", generated)
	}
	for _, readOnly := range []string{"offer_id", "status", "renewal_date", "current_quantity"} {
		assert.NotContains(t, generated, readOnly, "read-only attributes are not generated")
	}
	tf.ImportAsPlanned(ctx, "import.tfplan", 3)
	assert.Zero(t, sb.Count(subPatchRoute), "PATCHes while importing")

	tf.ResetOutput()
	_, err = tf.Plan(ctx, tf.Reattach, tfexec.Destroy(true))
	require.NoError(t, err, tf.Output())
	for _, s := range subs {
		assert.Regexp(t, acctest.ErrorLike(`Warning: Destroying commerce_adobe_vip_subscription only forgets Adobe subscription `+cust+"/"+s.SubscriptionID+` .*removes the resource from the state`), tf.Output())
	}
	tf.ResetOutput()
	require.NoError(t, tf.Destroy(ctx, tf.Reattach), tf.Output())
	assert.Equal(t, 3, strings.Count(tf.Output(), "Warning: Destroying commerce_adobe_vip_subscription"), "one warning per subscription:\n%s", tf.Output())
	assert.Equal(t, subs, mustSubs(t, sb, cust), "the subscriptions after the destroy")
	assert.Zero(t, sb.Count(subPatchRoute), "PATCHes while destroying")

	// Adopting again with a change: the create plan says what it replaces.
	tf.Write("main.tf", main+subResource("s0", cust, subs[0].SubscriptionID, "renewal_quantity = 3", "flex_discount_codes = []"))
	tf.Write("generated.tf", "")
	tf.ResetOutput()
	_, err = tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	assert.Regexp(t, acctest.ErrorLike(fmt.Sprintf(`Warning: Adopting Adobe subscription %s/%s changes 2 fields .*renewal_quantity: %d -> 3 .*flex_discount_codes: \["SUMMER_SALE_12"\] -> \[\]`,
		cust, subs[0].SubscriptionID, subs[0].RenewalQuantity)), tf.Output())
}
