package adobeviptf_test

import (
	"context"
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
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

// adobeIdentityIs checks the identity of a commerce_adobe_vip_customer in the state.
func adobeIdentityIs(address, id string) statecheck.StateCheck {
	return statecheck.ExpectIdentity(address, map[string]knownvalue.Check{"customer_id": knownvalue.StringExact(id)})
}

// TestAccAdobeCustomer_identity: adopting (with managed fields, and with
// none, which applies the plan as it is), updating and refreshing set the
// identity; importing by identity (the testing framework's import block
// from the state's identity, and a hand-written `import { identity = ... }`)
// plans a no-op import and sends no PATCH; a malformed identity and an
// account Adobe does not know are errors.
func TestAccAdobeCustomer_identity(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIResourceIdentity)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 6})
	c4 := mustAdobe(t, sb, "1006374004")
	const a, b, c = "commerce_adobe_vip_customer.a", "commerce_adobe_vip_customer.b", "commerce_adobe_vip_customer.c"
	config := func(ref string) string {
		return adobeProvider(url) + `
resource "commerce_adobe_vip_customer" "a" {
  customer_id           = "1006374003"
  external_reference_id = "` + ref + `"
}
resource "commerce_adobe_vip_customer" "b" {
  customer_id = "1006374001"
}
`
	}
	// withImport adds resource name, imported by identity.
	withImport := func(name, id, identity string) string {
		return config("ERP-2") + `
import {
  to       = commerce_adobe_vip_customer.` + name + `
  identity = { customer_id = "` + identity + `" }
}
resource "commerce_adobe_vip_customer" "` + name + `" {
  customer_id = "` + id + `"
}
`
	}
	acctest.Test(t,
		resource.TestStep{
			Config: config("ERP-1"),
			ConfigStateChecks: []statecheck.StateCheck{
				adobeIdentityIs(a, "1006374003"), adobeIdentityIs(b, "1006374001"),
				statecheck.ExpectIdentityValueMatchesState(a, tfjsonpath.New("customer_id")),
			},
		},
		resource.TestStep{
			Config:            config("ERP-2"),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate)}},
			ConfigStateChecks: []statecheck.StateCheck{adobeIdentityIs(a, "1006374003")},
		},
		resource.TestStep{
			ResourceName:    a,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithResourceIdentity,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(a, tfjsonpath.New("customer_id"), knownvalue.StringExact("1006374003")),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("external_reference_id"), knownvalue.StringExact("ERP-2")),
			}},
		},
		resource.TestStep{
			// An import block with identity, and a resource block that
			// manages nothing yet: a no-op import, no PATCH.
			Config: withImport("c", "1006374004", "1006374004"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				acctest.ExpectImporting(c),
				plancheck.ExpectKnownValue(c, tfjsonpath.New("company_name"), knownvalue.StringExact(c4.CompanyName)),
				plancheck.ExpectKnownValue(c, tfjsonpath.New("contacts").AtSliceIndex(0).AtMapKey("email"), knownvalue.StringExact(c4.Contacts[0].Email)),
				acctest.ResetCounts(sb),
			}},
			ConfigStateChecks: []statecheck.StateCheck{adobeIdentityIs(c, "1006374004"), adobeIdentityIs(a, "1006374003")},
		},
		resource.TestStep{
			Config:      withImport("d", "1006374005", "no"),
			ExpectError: acctest.ErrorLike(`Invalid import identity .*identity.customer_id of a commerce_adobe_vip_customer import is its Adobe VIP Marketplace customer id, such as 1006374000: "no" is not an Adobe VIP Marketplace customer id`),
		},
		resource.TestStep{
			Config:      withImport("d", "9999999999", "9999999999"),
			ExpectError: acctest.ErrorLike(`Cannot import non-existent remote object`),
		},
	)
	assert.Zero(t, sb.Count(adobePatchRoute), "PATCHes after the update")
}

// TestAccAdobeCustomer_identityImportExample runs the docs' example of an
// import by identity (examples/resources/commerce_adobe_vip_customer/import-by-identity.tf,
// which the machine's Terraform 1.11 cannot validate): a no-op import.
func TestAccAdobeCustomer_identityImportExample(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIResourceIdentity)
	example, err := os.ReadFile("../../../examples/resources/commerce_adobe_vip_customer/import-by-identity.tf")
	require.NoError(t, err)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	const acme = "commerce_adobe_vip_customer.acme"
	acctest.Test(t, resource.TestStep{
		Config:            adobeProvider(url) + string(example) + "resource \"commerce_adobe_vip_customer\" \"acme\" {\n  customer_id = \"1006374001\"\n}\n",
		ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{acctest.ExpectImporting(acme)}},
		ConfigStateChecks: []statecheck.StateCheck{adobeIdentityIs(acme, "1006374001")},
	})
	assert.Zero(t, sb.Count(adobePatchRoute))
}

// TestAdobeCustomer_refreshGivesIdentity: a state written by a CLI without
// resource identity (Terraform < 1.12) gets the identity on its first
// refresh, and an account that is gone by then is removed from the state
// without an error, through the protocol server as the CLI calls it.
func TestAdobeCustomer_refreshGivesIdentity(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	ctx := context.Background()
	server, schemas := adobeListServer(t, url, nil)
	identities, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	require.NoError(t, err)
	stateType := schemas.ResourceSchemas["commerce_adobe_vip_customer"].ValueType()
	identityType := identities.IdentitySchemas["commerce_adobe_vip_customer"].ValueType()

	read := func(id string) *tfprotov6.ReadResourceResponse {
		state := acctest.ObjectValue(t, stateType, map[string]tftypes.Value{"id": acctest.StringValue(id), "customer_id": acctest.StringValue(id)})
		resp, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "commerce_adobe_vip_customer", CurrentState: state})
		require.NoError(t, err)
		return resp
	}

	resp := read("1006374002")
	require.Empty(t, resp.Diagnostics)
	require.NotNil(t, resp.NewIdentity)
	got, err := resp.NewIdentity.IdentityData.Unmarshal(identityType)
	require.NoError(t, err)
	assert.True(t, got.Equal(tftypes.NewValue(identityType, map[string]tftypes.Value{"customer_id": acctest.StringValue("1006374002")})), "identity %s", got)

	sb.RemoveAdobeCustomer("1006374002")
	resp = read("1006374002")
	for _, d := range resp.Diagnostics {
		assert.NotEqual(t, tfprotov6.DiagnosticSeverityError, d.Severity, "%s: %s", d.Summary, d.Detail)
	}
	gone, err := resp.NewState.Unmarshal(stateType)
	require.NoError(t, err)
	assert.True(t, gone.IsNull(), "the state of an account that is gone")
}
