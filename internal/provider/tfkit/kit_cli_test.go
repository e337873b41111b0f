package tfkit

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/assert"
)

// The hooks under the real CLI (make test sets TF_ACC): what the protocol
// tests assume of Terraform holds. A create ends in an empty plan; a create
// recorded with a warning is not tainted (the next apply updates it, never
// replaces it); an import's mark reaches the read that follows, so an
// imported per-key map has every key; a replacing field plans a replace.

func cliTest(t *testing.T, shop *shopClient, steps ...tfresource.TestStep) {
	t.Helper()
	p := &testProvider{client: shop, resources: []func() resource.Resource{shopKind.NewResource, memberKind.NewResource}}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){"commerce": providerserver.NewProtocol6WithError(p)},
		Steps:                    steps,
	})
}

const adaHCL = `
resource "commerce_shop_customer" "ada" {
  name       = "Ada"
  email      = "ada@x.test"
  note       = "hello"
  first_name = "Ada"
  columns    = { Tier = "02" }
  timeouts {
    create = "5m"
  }
}
`

func TestCLI_createThenImport(t *testing.T) {
	shop := newShop()
	cliTest(t, shop,
		tfresource.TestStep{
			Config: adaHCL,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("commerce_shop_customer.ada", tfjsonpath.New("customer_id"), knownvalue.StringExact("101")),
				statecheck.ExpectKnownValue("commerce_shop_customer.ada", tfjsonpath.New("status"), knownvalue.StringExact("active")),
				statecheck.ExpectKnownValue("commerce_shop_customer.ada", tfjsonpath.New("columns"), knownvalue.MapExact(map[string]knownvalue.Check{"Tier": knownvalue.StringExact("02")})),
			},
		},
		tfresource.TestStep{
			ResourceName: "commerce_shop_customer.ada",
			ImportState:  true,
			ImportStateCheck: func(states []*terraform.InstanceState) error {
				assert.Len(t, states, 1)
				assert.Equal(t, "2", states[0].Attributes["columns.Tier"])
				assert.Equal(t, "north", states[0].Attributes["columns.Region"], "every key of the imported record")
				return nil
			},
		},
	)
	assert.Len(t, shop.records, 1)
}

func TestCLI_recoveredCreateIsNotTainted(t *testing.T) {
	shop := newShop()
	shop.createErr, shop.createSaves = lostAnswer, true
	cliTest(t, shop,
		tfresource.TestStep{Config: adaHCL, ExpectNonEmptyPlan: true}, // recorded, note and columns not sent yet
		tfresource.TestStep{
			Config:            adaHCL,
			ConfigPlanChecks:  tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("commerce_shop_customer.ada", plancheck.ResourceActionUpdate)}},
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue("commerce_shop_customer.ada", tfjsonpath.New("note"), knownvalue.StringExact("hello"))},
		},
	)
	assert.Len(t, shop.records, 1, "one customer")
	assert.Equal(t, "hello", shop.records["101"].Note)
}

func TestCLI_replacingFieldAndDelete(t *testing.T) {
	shop := newShop()
	member := func(role string) string {
		return `
resource "commerce_shop_member" "m" {
  customer_id = "100"
  user_id     = "u1"
  role        = "` + role + `"
}
`
	}
	cliTest(t, shop,
		tfresource.TestStep{Config: member("MEMBER")},
		tfresource.TestStep{
			Config:           member("ADMIN"),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("commerce_shop_member.m", plancheck.ResourceActionDestroyBeforeCreate)}},
		},
	)
	assert.Empty(t, shop.members, "destroyed at the end of the test: deleted")
	assert.Equal(t, 2, countOf(shop.taken(), "DELETE member 100/u1"), "the replacement's and the test's destroy")
}
