package provider_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
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

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// managedCustomer is what the identity tests need to know of a managed
// customer resource; everything else comes from its platform's sandbox kit
// (the provider block, the seeded customers' ids).
type managedCustomer struct {
	typeName, platform string
	// field is a managed string attribute the tests set to first, then to
	// second (an update).
	field, first, second string
	// missingID is an id of the platform's form that the sandbox does not
	// know; badID is not an id of the platform, and badIDError is the
	// import's error about it (a regular expression, acctest.ErrorLike).
	missingID, badID, badIDError string
	// updateRoute is the write an update sends: no import may send it.
	updateRoute string
	// example is the docs' import by identity under examples/resources/,
	// exampleID the customer id it imports.
	example, exampleID string
	// importedChecks are the plan checks that an import of the sandbox's
	// customer id at address read that customer's fields.
	importedChecks func(t *testing.T, sb *sandbox.Server, address, id string) []plancheck.PlanCheck
	// remove deletes customer id from the sandbox, as if deleted outside
	// Terraform.
	remove func(t *testing.T, sb *sandbox.Server, id string)
}

var managedCustomers = []managedCustomer{
	{
		typeName: "commerce_customer", platform: sellercloud.Description.Name,
		field: "name", first: "Identity One", second: "Identity Two",
		missingID: "99999", badID: "ten",
		badIDError:  `identity.customer_id of a commerce_customer import is its Sellercloud customer id, such as 10001: "ten" is not a Sellercloud customer id \(a whole number from 1 to 2147483647\)`,
		updateRoute: sandbox.SellercloudUpdateRoute,
		example:     "commerce_customer/import-by-identity.tf", exampleID: "10001",
		importedChecks: func(t *testing.T, sb *sandbox.Server, address, id string) []plancheck.PlanCheck {
			c := mustCustomer(t, sb, sellercloudID(t, id))
			require.NotEmpty(t, c.Email, "customer %s has no email to check", id)
			return []plancheck.PlanCheck{plancheck.ExpectKnownValue(address, tfjsonpath.New("email"), knownvalue.StringExact(c.Email))}
		},
		remove: func(t *testing.T, sb *sandbox.Server, id string) {
			require.True(t, sb.RemoveSellercloudCustomer(sellercloudID(t, id)), "remove customer %s", id)
		},
	},
	{
		typeName: "commerce_adobe_vip_customer", platform: adobevip.Description.Name,
		field: "external_reference_id", first: "ERP-1", second: "ERP-2",
		missingID: "9999999999", badID: "no",
		badIDError:  `identity.customer_id of a commerce_adobe_vip_customer import is its Adobe VIP Marketplace customer id, such as 1006374000: "no" is not an Adobe VIP Marketplace customer id`,
		updateRoute: sandbox.AdobePatchRoute,
		example:     "commerce_adobe_vip_customer/import-by-identity.tf", exampleID: "1006374001",
		importedChecks: func(t *testing.T, sb *sandbox.Server, address, id string) []plancheck.PlanCheck {
			c := mustAdobe(t, sb, id)
			require.NotEmpty(t, c.CompanyName, "account %s has no company name to check", id)
			require.NotEmpty(t, c.Contacts, "account %s has no contact to check", id)
			return []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(address, tfjsonpath.New("company_name"), knownvalue.StringExact(c.CompanyName)),
				plancheck.ExpectKnownValue(address, tfjsonpath.New("contacts").AtSliceIndex(0).AtMapKey("email"), knownvalue.StringExact(c.Contacts[0].Email)),
			}
		},
		remove: func(t *testing.T, sb *sandbox.Server, id string) {
			mustAdobe(t, sb, id)
			sb.RemoveAdobeCustomer(id)
		},
	},
}

func sellercloudID(t *testing.T, id string) int {
	t.Helper()
	n, err := strconv.Atoi(id)
	require.NoError(t, err)
	return n
}

// identityIs checks a customer_id identity in the state.
func identityIs(address, id string) statecheck.StateCheck {
	return statecheck.ExpectIdentity(address, map[string]knownvalue.Check{"customer_id": knownvalue.StringExact(id)})
}

// TestAccManagedCustomerIdentity, for each managed customer resource:
// adopting (with a managed field set, and with none, which applies the plan
// as it is), updating and refreshing set the identity; importing by
// identity (the testing framework's import block from the state's
// identity, and a hand-written `import { identity = ... }` with a block
// that manages nothing yet) plans a no-op import that reads the customer
// and sends no update; a malformed identity and a customer the platform
// does not know are errors.
func TestAccManagedCustomerIdentity(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIResourceIdentity)
	for _, m := range managedCustomers {
		t.Run(m.typeName, func(t *testing.T) {
			sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
			id := sandbox.KitFor(m.platform).ID
			a, b, c := m.typeName+".a", m.typeName+".b", m.typeName+".c"
			config := func(value string) string {
				return acctest.SandboxProvider(m.platform, url) + fmt.Sprintf(`
resource %[1]q "a" {
  customer_id = %[2]q
  %[3]s = %[4]q
}
resource %[1]q "b" {
  customer_id = %[5]q
}
`, m.typeName, id(3), m.field, value, id(1))
			}
			// withImport adds resource name with customerID, imported by
			// identity as identityID.
			withImport := func(name, customerID, identityID string) string {
				return config(m.second) + fmt.Sprintf(`
import {
  to       = %[1]s.%[2]s
  identity = { customer_id = %[3]q }
}
resource %[1]q %[2]q {
  customer_id = %[4]q
}
`, m.typeName, name, identityID, customerID)
			}
			acctest.Test(t,
				resource.TestStep{
					Config: config(m.first),
					ConfigStateChecks: []statecheck.StateCheck{
						identityIs(a, id(3)), identityIs(b, id(1)),
						statecheck.ExpectIdentityValueMatchesState(a, tfjsonpath.New("customer_id")),
					},
				},
				resource.TestStep{
					Config:            config(m.second),
					ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate)}},
					ConfigStateChecks: []statecheck.StateCheck{identityIs(a, id(3))},
				},
				resource.TestStep{
					ResourceName:    a,
					ImportState:     true,
					ImportStateKind: resource.ImportBlockWithResourceIdentity,
					ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectKnownValue(a, tfjsonpath.New("customer_id"), knownvalue.StringExact(id(3))),
						plancheck.ExpectKnownValue(a, tfjsonpath.New(m.field), knownvalue.StringExact(m.second)),
					}},
				},
				resource.TestStep{
					// An import block with identity, and a resource block
					// that manages nothing yet: a no-op import.
					Config: withImport("c", id(4), id(4)),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: append(
						append([]plancheck.PlanCheck{acctest.ExpectImporting(c)}, m.importedChecks(t, sb, c, id(4))...),
						// The update above went by updateRoute, so the
						// count of it after the reset below says something.
						acctest.PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
							if sb.Count(m.updateRoute) == 0 {
								return fmt.Errorf("the update of %s sent no %s", a, m.updateRoute)
							}
							return nil
						}),
						acctest.ResetCounts(sb),
					)},
					ConfigStateChecks: []statecheck.StateCheck{identityIs(c, id(4)), identityIs(a, id(3))},
				},
				resource.TestStep{
					Config:      withImport("d", id(5), m.badID),
					ExpectError: acctest.ErrorLike(`Invalid import identity .*` + m.badIDError),
				},
				resource.TestStep{
					Config:      withImport("d", m.missingID, m.missingID),
					ExpectError: acctest.ErrorLike(`Cannot import non-existent remote object`),
				},
			)
			assert.Zero(t, sb.Count(m.updateRoute), "importing by identity sent %s", m.updateRoute)
		})
	}
}

// TestAccManagedCustomerIdentity_importExample runs each managed customer
// resource's docs example of an import by identity
// (examples/resources/<type>/import-by-identity.tf, which the machine's
// Terraform 1.11 cannot validate): a no-op import that sends no update.
func TestAccManagedCustomerIdentity_importExample(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIResourceIdentity)
	for _, m := range managedCustomers {
		t.Run(m.typeName, func(t *testing.T) {
			example, err := os.ReadFile("../../examples/resources/" + m.example)
			require.NoError(t, err)
			sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
			acme := m.typeName + ".acme"
			acctest.Test(t, resource.TestStep{
				Config: acctest.SandboxProvider(m.platform, url) + string(example) +
					fmt.Sprintf("resource %q \"acme\" {\n  customer_id = %q\n}\n", m.typeName, m.exampleID),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{acctest.ExpectImporting(acme)}},
				ConfigStateChecks: []statecheck.StateCheck{identityIs(acme, m.exampleID)},
			})
			assert.Zero(t, sb.Count(m.updateRoute))
		})
	}
}

// TestManagedCustomerIdentity_setByRefresh, for each managed customer
// resource: a state written by a CLI without resource identity (Terraform
// < 1.12) gets the identity on its first refresh, and a customer that is
// gone by then is removed from the state without an error, through the
// protocol server as the CLI calls it.
func TestManagedCustomerIdentity_setByRefresh(t *testing.T) {
	for _, m := range managedCustomers {
		t.Run(m.typeName, func(t *testing.T) {
			sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
			ctx := context.Background()
			server, schemas := acctest.SandboxServer(t, m.platform, url, nil)
			stateType := schemas.ResourceSchemas[m.typeName].ValueType()
			identityType := identityType(t, server, m.typeName)
			read := func(id string) *tfprotov6.ReadResourceResponse {
				state := acctest.ObjectValue(t, stateType, map[string]tftypes.Value{"id": acctest.StringValue(id), "customer_id": acctest.StringValue(id)})
				resp, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: m.typeName, CurrentState: state})
				require.NoError(t, err)
				return resp
			}
			id := sandbox.KitFor(m.platform).ID(2)

			resp := read(id)
			require.Empty(t, resp.Diagnostics)
			require.NotNil(t, resp.NewIdentity)
			got, err := resp.NewIdentity.IdentityData.Unmarshal(identityType)
			require.NoError(t, err)
			assert.True(t, got.Equal(tftypes.NewValue(identityType, map[string]tftypes.Value{"customer_id": acctest.StringValue(id)})), "identity %s", got)

			m.remove(t, sb, id)
			resp = read(id)
			for _, d := range resp.Diagnostics {
				assert.NotEqual(t, tfprotov6.DiagnosticSeverityError, d.Severity, "%s: %s", d.Summary, d.Detail)
			}
			gone, err := resp.NewState.Unmarshal(stateType)
			require.NoError(t, err)
			assert.True(t, gone.IsNull(), "the state of a customer that is gone")
		})
	}
}
