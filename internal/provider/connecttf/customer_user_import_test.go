package connecttf_test

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
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// TestAccConnectCustomerUser_import: `terraform import` by
// customer_id/user_id reads the membership as it is (ids, role, name); an
// import id that is not two ids, or a customer id Connect's rule refuses,
// is an error saying the form; a membership that does not exist cannot be
// imported.
func TestAccConnectCustomerUser_import(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	customer, user := sb.ConnectCustomers()[0].CustomerID, sandbox.ConnectUserID(11)
	config := userConfig(url, customer, user, "MANAGER")
	importStep := func(id, want string) resource.TestStep {
		return resource.TestStep{Config: config, ResourceName: userAddr, ImportState: true, ImportStateId: id, ExpectError: acctest.ErrorLike(want)}
	}
	acctest.Test(t,
		resource.TestStep{Config: config},
		resource.TestStep{
			Config: config, ResourceName: userAddr, ImportState: true, ImportStateId: customer + "/" + user,
			ImportStateVerify: true,
		},
		importStep(customer, `Invalid import id .*Import a commerce_connect_customer_user by `+"`customer_id` and `user_id`"+` joined by "/", such as 0f6c2a9e-5b1d-4c3e-8a7f-2d4b6e8f0a1c/usr-7d3f9a21: "`+customer+`" has 1 part\(s\).`),
		importStep(customer+"/ usr-1", `Invalid import id .*user_id: " usr-1" is not a Connect user id: it has spaces around it.`),
		importStep(customer+"/"+sandbox.ConnectUserID(12), `Cannot import non-existent remote object`),
	)
}

// TestAccConnectCustomerUser_generateConfig: `terraform plan
// -generate-config-out` for an import block by customer_id/user_id writes
// the ids and the role; the generated configuration plans a no-op import,
// applies without a write, and plans empty.
func TestAccConnectCustomerUser_generateConfig(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	c := sb.ConnectCustomers()[1]
	contact := c.Users[0]
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", acctest.CLIHeader+connectProvider(url)+fmt.Sprintf(`
import {
  to = commerce_connect_customer_user.contact
  id = "%s/%s"
}
`, c.CustomerID, contact.UserID))
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	_, err := tf.Plan(ctx, tf.Reattach, tfexec.GenerateConfigOut("generated.tf"), tfexec.Out("import.tfplan"))
	require.NoError(t, err, "terraform plan -generate-config-out\n%s", tf.Output())
	generated := tf.Generated()
	for _, want := range []string{
		fmt.Sprintf("customer_id = %q", c.CustomerID), fmt.Sprintf("user_id     = %q", contact.UserID),
		fmt.Sprintf("role        = %q", contact.Role),
	} {
		assert.Contains(t, generated, want, "the generated configuration")
	}
	assert.NotContains(t, generated, "name", "name is read only")
	sb.ResetCounts()
	tf.ImportAsPlanned(ctx, "import.tfplan", 1)
	assert.Zero(t, sb.Count(sandbox.ConnectAddUserRoute)+sb.Count(sandbox.ConnectRemoveUserRoute), "no write")
}

// identityIs checks the identity of the membership in the state.
func identityIs(customer, user string) statecheck.StateCheck {
	return statecheck.ExpectIdentity(userAddr, map[string]knownvalue.Check{
		"customer_id": knownvalue.StringExact(customer), "user_id": knownvalue.StringExact(user),
	})
}

// TestAccConnectCustomerUser_identity (Terraform 1.12 and later, OpenTofu
// 1.12 and later): a create and a replacement set the identity
// (customer_id, user_id); an import block by identity plans a no-op
// import of the membership as it is; an identity whose user id is not one
// is an error naming it.
func TestAccConnectCustomerUser_identity(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIResourceIdentity)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	customer, user := sb.ConnectCustomers()[1].CustomerID, sandbox.ConnectUserID(13)
	contact, _ := sb.ConnectCustomer(customer)
	withImport := func(name, userID string) string {
		return userConfig(url, customer, user, "MEMBER") + fmt.Sprintf(`
import {
  to       = commerce_connect_customer_user.%s
  identity = { customer_id = %q, user_id = %q }
}
resource "commerce_connect_customer_user" "%s" {
  customer_id = %q
  user_id     = %q
}
`, name, customer, userID, name, customer, contact.Users[0].UserID)
	}
	acctest.Test(t,
		resource.TestStep{
			Config:            userConfig(url, customer, user, "ADMIN"),
			ConfigStateChecks: []statecheck.StateCheck{identityIs(customer, user)},
		},
		resource.TestStep{
			Config: userConfig(url, customer, user, "MEMBER"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(userAddr, plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{identityIs(customer, user), statecheck.ExpectIdentityValueMatchesState(userAddr, tfjsonpath.New("user_id"))},
		},
		resource.TestStep{
			ResourceName:    userAddr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithResourceIdentity,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(userAddr, tfjsonpath.New("role"), knownvalue.StringExact("MEMBER")),
				plancheck.ExpectKnownValue(userAddr, tfjsonpath.New("id"), knownvalue.StringExact(customer+"/"+user)),
			}},
		},
		resource.TestStep{
			Config: withImport("contact", contact.Users[0].UserID),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				acctest.ExpectImporting("commerce_connect_customer_user.contact"),
				plancheck.ExpectKnownValue("commerce_connect_customer_user.contact", tfjsonpath.New("role"), knownvalue.StringExact(contact.Users[0].Role)),
				plancheck.ExpectKnownValue("commerce_connect_customer_user.contact", tfjsonpath.New("name"), knownvalue.StringExact(contact.Users[0].Name)),
			}},
		},
		resource.TestStep{
			Config:      withImport("other", " bad"),
			ExpectError: acctest.ErrorLike(`Invalid import identity .*identity.user_id of a commerce_connect_customer_user import is its Connect user id, such as usr-7d3f9a21: " bad" is not a Connect user id: it has spaces around it.`),
		},
	)
}

// TestAccConnectCustomerUser_identityImportExample runs the docs' example
// of an import by identity (Terraform 1.12 and later: examples-check's
// Terraform 1.11 cannot validate it) against the sandbox, its ids replaced
// by a sandbox customer's contact person: a no-op import that sends no
// write and records the identity.
func TestAccConnectCustomerUser_identityImportExample(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIResourceIdentity)
	example, err := os.ReadFile("../../../examples/resources/commerce_connect_customer_user/import-by-identity.tf")
	require.NoError(t, err)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	c := sb.ConnectCustomers()[0]
	contact := c.Users[0]
	config := strings.NewReplacer("0f6c2a9e-5b1d-4c3e-8a7f-2d4b6e8f0a1c", c.CustomerID, "usr-7d3f9a21", contact.UserID).Replace(string(example))
	require.NotEqual(t, string(example), config, "the example's ids")
	const addr = "commerce_connect_customer_user.billing_admin"
	acctest.Test(t, resource.TestStep{
		Config: connectProvider(url) + config + fmt.Sprintf("resource \"commerce_connect_customer_user\" \"billing_admin\" {\n  customer_id = %q\n  user_id     = %q\n}\n", c.CustomerID, contact.UserID),
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			acctest.ExpectImporting(addr),
			plancheck.ExpectKnownValue(addr, tfjsonpath.New("role"), knownvalue.StringExact(contact.Role)),
		}},
		ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{
			"customer_id": knownvalue.StringExact(c.CustomerID), "user_id": knownvalue.StringExact(contact.UserID),
		})},
		Check: func(*terraform.State) error {
			assert.Zero(t, sb.Count(sandbox.ConnectAddUserRoute)+sb.Count(sandbox.ConnectRemoveUserRoute), "no write while importing")
			return nil
		},
	})
	assert.Empty(t, roleOf(t, sb, c.CustomerID, contact.UserID), "the test's destroy removed the imported membership")
}
