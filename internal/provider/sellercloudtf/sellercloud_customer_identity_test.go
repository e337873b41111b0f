package sellercloudtf_test

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

	"github.com/commercetf/terraform-provider-commerce/internal/provider"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// TestAccCustomerResource_identity: create, update and refresh set the
// identity; importing by identity (the testing framework's import block from
// the state's identity, and a hand-written `import { identity = ... }`) plans
// a no-op import like the id import does; a malformed identity and a missing
// customer are errors.
func TestAccCustomerResource_identity(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIResourceIdentity)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	c4 := mustCustomer(t, sb, 10004)
	const a, b = "commerce_customer.a", "commerce_customer.b"
	identityIs := func(address, id string) statecheck.StateCheck {
		return statecheck.ExpectIdentity(address, map[string]knownvalue.Check{"customer_id": knownvalue.StringExact(id)})
	}
	config := func(name string) string {
		return sellercloudProvider(url) + `
resource "commerce_customer" "a" {
  customer_id = "10003"
  name        = "` + name + `"
}
`
	}
	acctest.Test(t,
		resource.TestStep{
			Config: config("Identity One"),
			ConfigStateChecks: []statecheck.StateCheck{
				identityIs(a, "10003"),
				statecheck.ExpectIdentityValueMatchesState(a, tfjsonpath.New("customer_id")),
			},
		},
		resource.TestStep{
			Config:            config("Identity Two"),
			ConfigStateChecks: []statecheck.StateCheck{identityIs(a, "10003")},
		},
		resource.TestStep{
			ResourceName:    a,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithResourceIdentity,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(a, tfjsonpath.New("customer_id"), knownvalue.StringExact("10003")),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("name"), knownvalue.StringExact("Identity Two")),
			}},
		},
		resource.TestStep{
			// The example: an import block with identity, and a
			// resource block that manages nothing yet.
			Config: config("Identity Two") + `
import {
  to       = commerce_customer.b
  identity = { customer_id = "10004" }
}
resource "commerce_customer" "b" {
  customer_id = "10004"
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				acctest.ExpectImporting(b),
				plancheck.ExpectKnownValue(b, tfjsonpath.New("email"), knownvalue.StringExact(c4.Email)),
				acctest.ResetCounts(sb),
			}},
			ConfigStateChecks: []statecheck.StateCheck{identityIs(b, "10004"), identityIs(a, "10003")},
		},
		resource.TestStep{
			Config: config("Identity Two") + `
import {
  to       = commerce_customer.c
  identity = { customer_id = "ten" }
}
resource "commerce_customer" "c" {
  customer_id = "10005"
}
`,
			ExpectError: acctest.ErrorLike(`Invalid import identity .*identity.customer_id of a commerce_customer import is its Sellercloud customer id, such as 10001: "ten" is not a Sellercloud customer id \(a whole number from 1 to 2147483647\)`),
		},
		resource.TestStep{
			Config: config("Identity Two") + `
import {
  to       = commerce_customer.c
  identity = { customer_id = "99999" }
}
resource "commerce_customer" "c" {
  customer_id = "99999"
}
`,
			ExpectError: acctest.ErrorLike(`Cannot import non-existent remote object`),
		},
	)
	assert.Zero(t, sb.Count(customerPutRoute), "importing by identity sent a PUT")
}

// TestAccCustomerResource_identityImportExample runs the docs' example of an
// import by identity (examples/resources/commerce_customer/import-by-identity.tf,
// which the machine's Terraform 1.11 cannot validate): a no-op import.
func TestAccCustomerResource_identityImportExample(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIResourceIdentity)
	example, err := os.ReadFile("../../../examples/resources/commerce_customer/import-by-identity.tf")
	require.NoError(t, err)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	acctest.Test(t, resource.TestStep{
		Config:           sellercloudProvider(url) + string(example) + "resource \"commerce_customer\" \"acme\" {\n  customer_id = \"10001\"\n}\n",
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{acctest.ExpectImporting("commerce_customer.acme")}},
		ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity("commerce_customer.acme",
			map[string]knownvalue.Check{"customer_id": knownvalue.StringExact("10001")})},
	})
	assert.Zero(t, sb.Count(customerPutRoute))
}

// TestCustomerResource_refreshGivesIdentity: a state written by a CLI
// without resource identity (Terraform < 1.12) gets the identity on its
// first refresh, and a customer that is gone by then is removed from the
// state without an error, through the protocol server as the CLI calls it.
func TestCustomerResource_refreshGivesIdentity(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	ctx := context.Background()
	server, err := provider.NewProtocol6Server("test")()
	require.NoError(t, err)
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	require.NoError(t, err)
	identities, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	require.NoError(t, err)
	acctest.Configure(t, server, schemas.Provider.ValueType(), map[string]tftypes.Value{
		"base_url": tftypes.NewValue(tftypes.String, url+sandbox.SellercloudRoot),
		"token":    tftypes.NewValue(tftypes.String, sandbox.DefaultToken),
	})
	stateType := schemas.ResourceSchemas["commerce_customer"].ValueType()
	identityType := identities.IdentitySchemas["commerce_customer"].ValueType()

	read := func(id string) *tfprotov6.ReadResourceResponse {
		state := acctest.ObjectValue(t, stateType, map[string]tftypes.Value{
			"id": tftypes.NewValue(tftypes.String, id), "customer_id": tftypes.NewValue(tftypes.String, id),
		})
		resp, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "commerce_customer", CurrentState: state})
		require.NoError(t, err)
		return resp
	}

	resp := read("10002")
	require.Empty(t, resp.Diagnostics)
	require.NotNil(t, resp.NewIdentity)
	got, err := resp.NewIdentity.IdentityData.Unmarshal(identityType)
	require.NoError(t, err)
	assert.True(t, got.Equal(tftypes.NewValue(identityType, map[string]tftypes.Value{
		"customer_id": tftypes.NewValue(tftypes.String, "10002"),
	})), "identity %s", got)

	require.True(t, sb.RemoveSellercloudCustomer(10002))
	resp = read("10002")
	for _, d := range resp.Diagnostics {
		assert.NotEqual(t, tfprotov6.DiagnosticSeverityError, d.Severity, "%s: %s", d.Summary, d.Detail)
	}
	gone, err := resp.NewState.Unmarshal(stateType)
	require.NoError(t, err)
	assert.True(t, gone.IsNull(), "the state of a customer that is gone")
}
