package sellercloudtf_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
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

	"github.com/commercetf/terraform-provider-commerce/internal/connect"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/truto"
)

// expectPutBodies checks the fields of every PUT body sent since the last
// reset, one sorted list of field names per PUT.
func expectPutBodies(sb *sandbox.Server, want ...[]string) plancheck.PlanCheck {
	return acctest.PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
		var got [][]string
		for _, r := range sb.Requests() {
			if r.Pattern != customerPutRoute {
				continue
			}
			var body map[string]any
			if err := json.Unmarshal(r.Body, &body); err != nil {
				return fmt.Errorf("PUT %s: body %q: %v", r.Path, r.Body, err)
			}
			keys := make([]string, 0, len(body))
			for k := range body {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			got = append(got, keys)
		}
		for _, w := range want {
			slices.Sort(w)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("PUT bodies carry fields %v, want %v", got, want)
		}
		return nil
	})
}

func mustCustomer(t *testing.T, sb *sandbox.Server, id int) sandbox.SellercloudCustomer {
	t.Helper()
	c, ok := sb.SellercloudCustomer(id)
	require.True(t, ok, "sandbox has no customer %d", id)
	return c
}

// TestAccCustomerResource_adoptUpdateNoop adopts two customers (one with two
// managed fields, one with none), updates one, and checks the request counts
// of each apply and refresh, the PUT bodies, that unmanaged fields keep the
// server's values, that server normalisation (email case, alias order and
// spaces, commission precision) leaves an empty plan, and that removing
// fields from the configuration plans nothing.
func TestAccCustomerResource_adoptUpdateNoop(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	a0, b0 := mustCustomer(t, sb, 10001), mustCustomer(t, sb, 10002)
	require.NotEmpty(t, a0.Title, "seed changed: customer 10001 should have a title")
	require.NotZero(t, a0.AccountManagers[0].ID, "seed changed: customer 10001 should have an account manager")
	const a, b = "commerce_customer.a", "commerce_customer.b"
	step1 := sellercloudProvider(url) + `
resource "commerce_customer" "a" {
  customer_id = "10001"
  comments    = "Adopted by Terraform"
  email       = "Adopted.Customer@Example.COM"
}
resource "commerce_customer" "b" {
  customer_id = "10002"
}
`
	step2 := sellercloudProvider(url) + `
resource "commerce_customer" "a" {
  customer_id      = "10001"
  comments         = "Updated by Terraform"
  rating           = "Disatisfied"
  business_aliases = ["Zeta Trading", "alpha goods", "  Mid Co  "]
  account_managers = [
    { id = 7, commission = 2.555 },
    { id = 9, commission = 10 },
  ]
}
resource "commerce_customer" "b" {
  customer_id = "10002"
}
`
	acctest.Test(t,
		resource.TestStep{
			PreConfig: sb.ResetCounts,
			Config:    step1,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(b, plancheck.ResourceActionCreate),
					// Planning reads each customer to adopt once.
					expectRequests(sb, "planning the adoptions", 2, 0),
				},
				// Terraform plans each resource again during apply (one GET
				// each), and Create decides on that read: adopting a is then
				// a PUT and a GET back, adopting b (nothing to change)
				// nothing more. Four requests for a, two for b, plan included.
				PostApplyPreRefresh: []plancheck.PlanCheck{
					expectPutBodies(sb, []string{"Comments", "Email"}),
					expectRequests(sb, "adopting", 2+1, 1),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					expectRequests(sb, "refreshing", 2, 0),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(a, tfjsonpath.New("id"), knownvalue.StringExact("10001")),
				// The configured spelling stays although the server lower-cased it.
				statecheck.ExpectKnownValue(a, tfjsonpath.New("email"), knownvalue.StringExact("Adopted.Customer@Example.COM")),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("comments"), knownvalue.StringExact("Adopted by Terraform")),
				// Unmanaged fields show the server's values.
				statecheck.ExpectKnownValue(a, tfjsonpath.New("title"), knownvalue.StringExact(a0.Title)),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("name"), knownvalue.StringExact(a0.Name)),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("account_managers"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id": knownvalue.Int64Exact(int64(a0.AccountManagers[0].ID)), "commission": knownvalue.Float64Exact(a0.AccountManagers[0].Commission),
					}),
				})),
				statecheck.ExpectKnownValue(b, tfjsonpath.New("name"), knownvalue.StringExact(b0.Name)),
				statecheck.ExpectKnownValue(b, tfjsonpath.New("email"), knownvalue.StringExact(b0.Email)),
				statecheck.ExpectKnownValue(b, tfjsonpath.New("comments"), knownvalue.StringExact("")),
			},
			Check: func(*terraform.State) error {
				got := mustCustomer(t, sb, 10001)
				if got.Email != "adopted.customer@example.com" || got.Comment != "Adopted by Terraform" || got.Name != a0.Name || got.Title != a0.Title {
					return fmt.Errorf("sandbox customer 10001 after adopting: %+v", got)
				}
				if mustCustomer(t, sb, 10002).ModifiedOn != b0.ModifiedOn {
					return fmt.Errorf("customer 10002 was changed although nothing of it is managed")
				}
				return nil
			},
		},
		resource.TestStep{
			// email leaves the configuration: no longer managed, and no diff for it.
			Config: step2,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(b, plancheck.ResourceActionNoop),
					plancheck.ExpectKnownValue(a, tfjsonpath.New("email"), knownvalue.StringExact("Adopted.Customer@Example.COM")),
					plancheck.ExpectKnownValue(a, tfjsonpath.New("title"), knownvalue.StringExact(a0.Title)),
					acctest.ResetCounts(sb),
				},
				// One PUT with only what changed (manager 1 keeps id 7), one GET.
				PostApplyPreRefresh: []plancheck.PlanCheck{
					expectPutBodies(sb, []string{"Comments", "Rating", "BusinessAliases", "AccountManager1Commission", "AccountManager2Id", "AccountManager2Commission"}),
					expectRequests(sb, "updating", 1, 1),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					expectRequests(sb, "refreshing", 2, 0),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(a, tfjsonpath.New("rating"), knownvalue.StringExact("Disatisfied")),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("business_aliases"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.StringExact("Zeta Trading"), knownvalue.StringExact("alpha goods"), knownvalue.StringExact("  Mid Co  "),
				})),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("account_managers").AtSliceIndex(0).AtMapKey("commission"), knownvalue.Float64Exact(2.555)),
			},
			Check: func(*terraform.State) error {
				got := mustCustomer(t, sb, 10001)
				if !slices.Equal(got.BusinessAliases, []string{"alpha goods", "Mid Co", "Zeta Trading"}) {
					return fmt.Errorf("sandbox aliases %q", got.BusinessAliases)
				}
				if m := got.AccountManagers; m[0].ID != 7 || (m[0].Commission != 2.55 && m[0].Commission != 2.56) || m[1] != (sandbox.AccountManager{ID: 9, Commission: 10}) || m[2] != (sandbox.AccountManager{}) {
					return fmt.Errorf("sandbox account managers %+v", m)
				}
				if got.Rating != 2 || got.Comment != "Updated by Terraform" || got.Email != "adopted.customer@example.com" {
					return fmt.Errorf("sandbox customer 10001 after the update: %+v", got)
				}
				return nil
			},
		},
		resource.TestStep{
			// Managing email again in another spelling of the same address,
			// and equivalent edits of every other kind (surrounding spaces,
			// aliases reordered and repeated, a commission that rounds to the
			// stored one), plan no change: the state keeps its values, and
			// nothing is sent.
			Config: strings.NewReplacer(
				`comments         = "Updated by Terraform"`, `comments         = "  Updated by Terraform  "
  email            = "adopted.customer@EXAMPLE.com "`,
				`["Zeta Trading", "alpha goods", "  Mid Co  "]`, `["alpha goods", "Mid Co", "Zeta Trading", " Zeta Trading"]`,
				`{ id = 9, commission = 10 }`, `{ id = 9, commission = 10.001 }`,
			).Replace(step2),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					acctest.ResetCounts(sb),
				},
				PostApplyPreRefresh: []plancheck.PlanCheck{expectRequests(sb, "applying equivalent spellings", 0, 0)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(a, tfjsonpath.New("email"), knownvalue.StringExact("Adopted.Customer@Example.COM")),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("comments"), knownvalue.StringExact("Updated by Terraform")),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("account_managers").AtSliceIndex(1).AtMapKey("commission"), knownvalue.Float64Exact(10)),
			},
		},
		resource.TestStep{
			// Removing every managed field stops managing them: an empty plan.
			Config: sellercloudProvider(url) + `
resource "commerce_customer" "a" {
  customer_id = "10001"
}
resource "commerce_customer" "b" {
  customer_id = "10002"
}
`,
			PlanOnly: true,
		},
	)
}

// TestAccCustomerResource_unknownShrinkClear feeds managed attributes from
// another resource (unknown at plan time, on adopt and on update), shrinks
// account_managers from three to one and clears a text field with "": the
// update is one PUT carrying exactly those fields (the emptied slots as
// zeros) plus one GET, and the plan after each apply is empty.
func TestAccCustomerResource_unknownShrinkClear(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	require.NotEmpty(t, mustCustomer(t, sb, 10001).Title, "seed changed: customer 10001 should have a title")
	const a = "commerce_customer.a"
	config := func(input, extra string) string {
		return sellercloudProvider(url) + fmt.Sprintf(`
resource "terraform_data" "src" {
  input = %q
}
resource "commerce_customer" "a" {
  customer_id = "10001"
  email       = terraform_data.src.output
  %s
}
`, input, extra)
	}
	acctest.Test(t,
		resource.TestStep{
			Config: config("Fed.From@Example.com", `account_managers = [{ id = 7, commission = 1 }, { id = 8, commission = 2 }, { id = 9, commission = 3 }]`),
			// The configured email is unknown; the unconfigured title
			// still comes from the plan-time read.
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue(a, tfjsonpath.New("email")),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("title"), knownvalue.StringExact(mustCustomer(t, sb, 10001).Title)),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(a, tfjsonpath.New("email"), knownvalue.StringExact("Fed.From@Example.com")),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("account_managers"), knownvalue.ListSizeExact(3)),
			},
		},
		resource.TestStep{
			Config: config("Second@Example.com", `title = ""
  account_managers = [{ id = 7, commission = length(terraform_data.src.output) }]`),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(a, tfjsonpath.New("email")),
					plancheck.ExpectUnknownValue(a, tfjsonpath.New("account_managers").AtSliceIndex(0).AtMapKey("commission")),
					plancheck.ExpectKnownValue(a, tfjsonpath.New("title"), knownvalue.StringExact("")),
					acctest.ResetCounts(sb),
				},
				PostApplyPreRefresh: []plancheck.PlanCheck{
					expectPutBodies(sb, []string{"Email", "Title", "AccountManager1Commission", "AccountManager2Id", "AccountManager2Commission", "AccountManager3Id", "AccountManager3Commission"}),
					expectRequests(sb, "updating", 1, 1),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(a, tfjsonpath.New("email"), knownvalue.StringExact("Second@Example.com")),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("title"), knownvalue.StringExact("")),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("account_managers"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(7), "commission": knownvalue.Float64Exact(18)}),
				})),
			},
			Check: func(*terraform.State) error {
				got := mustCustomer(t, sb, 10001)
				if got.Email != "second@example.com" || got.Title != "" ||
					got.AccountManagers != [3]sandbox.AccountManager{{ID: 7, Commission: 18}} {
					return fmt.Errorf("sandbox customer 10001 after the update: email %q, title %q, managers %+v", got.Email, got.Title, got.AccountManagers)
				}
				return nil
			},
		},
	)
}

// TestAccCustomerResource_import imports with `terraform import` (verified
// against the applied state) and with an import block (a no-op import plan),
// and rejects a malformed and a missing import id.
func TestAccCustomerResource_import(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	c := mustCustomer(t, sb, 10003)
	const a = "commerce_customer.a"
	acctest.Test(t,
		resource.TestStep{
			Config: sellercloudProvider(url) + `
resource "commerce_customer" "a" {
  customer_id = "10003"
  name        = "Imported Name"
  phone_1     = "+1 555 000 1111"
  account_managers = [{ id = 4, commission = 12.5 }]
}
`,
		},
		resource.TestStep{
			ResourceName:      a,
			ImportState:       true,
			ImportStateVerify: true,
			// An import keeps every custom column the customer has (so that
			// generated configuration plans clean); the applied state, none
			// being configured, keeps none.
			ImportStateVerifyIgnore: []string{"custom_columns"},
		},
		resource.TestStep{
			ResourceName:    a,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(a, tfjsonpath.New("customer_id"), knownvalue.StringExact("10003")),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("name"), knownvalue.StringExact("Imported Name")),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("email"), knownvalue.StringExact(c.Email)),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("account_managers").AtSliceIndex(0).AtMapKey("id"), knownvalue.Int64Exact(4)),
			}},
		},
		resource.TestStep{
			ResourceName:  a,
			ImportState:   true,
			ImportStateId: "abc",
			ExpectError:   acctest.ErrorLike(`Invalid import id .*Import a commerce_customer by its Sellercloud customer id, such as 10001: "abc" is not a Sellercloud customer id \(a whole number from 1 to 2147483647\)\.`),
		},
		resource.TestStep{
			ResourceName:  a,
			ImportState:   true,
			ImportStateId: "99999",
			ExpectError:   acctest.ErrorLike(`Cannot import non-existent remote object`),
		},
	)
}

// TestAccCustomerResource_driftAnd404 changes a customer behind Terraform's
// back (a managed and an unmanaged field): the plan shows the managed one
// reverting and apply reverts it, the unmanaged one just shows up in state.
// Then the customer disappears: the refresh removes it from state, and the
// same plan, adopting it again, fails naming the id.
func TestAccCustomerResource_driftAnd404(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	const a = "commerce_customer.a"
	config := sellercloudProvider(url) + `
resource "commerce_customer" "a" {
  customer_id = "10004"
  name        = "Drift Target"
  phone_1     = "+1 555 111 2222"
}
`
	acctest.Test(t,
		resource.TestStep{Config: config},
		resource.TestStep{
			PreConfig: func() {
				sb.ChangeSellercloudCustomer(10004, func(c *sandbox.SellercloudCustomer) {
					c.Name = "Changed In Sellercloud"
					c.Fax = "+1 555 999 0000"
				})
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate),
				acctest.ExpectBefore(a, "name", "Changed In Sellercloud"),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("name"), knownvalue.StringExact("Drift Target")),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("fax"), knownvalue.StringExact("+1 555 999 0000")),
				acctest.ResetCounts(sb),
			}},
			Check: func(*terraform.State) error {
				got := mustCustomer(t, sb, 10004)
				if got.Name != "Drift Target" || got.Fax != "+1 555 999 0000" {
					return fmt.Errorf("after reverting the drift: name %q, fax %q", got.Name, got.Fax)
				}
				if n := sb.Count(customerPutRoute); n != 1 {
					return fmt.Errorf("%d PUTs to revert the drift, want 1", n)
				}
				return nil
			},
		},
		resource.TestStep{
			PreConfig:   func() { sb.RemoveSellercloudCustomer(10004) },
			Config:      config,
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(`Customer not found .*customer_id: Sellercloud has no customer with id 10004 .*GET /Customers/10004: HTTP 404`),
		},
	)
}

// TestAccCustomerResource_serverRejects sends updates the server refuses with
// HTTP 400 (a wholesale customer without a business name, with the client
// setting on), on update and on adopt: the error carries method, path, status
// and the server's message, the customers stay unchanged, and the state keeps
// the values from before (the earlier configuration still plans empty, and the
// failed adoption is not in state).
func TestAccCustomerResource_serverRejects(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	sb.RequireBusinessNameForWholesale(true)
	c3 := mustCustomer(t, sb, 10003)
	require.False(t, mustCustomer(t, sb, 10002).IsWholesale, "seed changed: customer 10002 should be retail")
	require.False(t, c3.IsWholesale, "seed changed: customer 10003 should be retail")
	before := sellercloudProvider(url) + `
resource "commerce_customer" "a" {
  customer_id = "10002"
  comments    = "Before"
}
`
	acctest.Test(t,
		resource.TestStep{Config: before},
		resource.TestStep{
			Config: sellercloudProvider(url) + `
resource "commerce_customer" "a" {
  customer_id   = "10002"
  comments      = "After"
  is_wholesale  = true
  business_name = ""
}
resource "commerce_customer" "c" {
  customer_id   = "10003"
  is_wholesale  = true
  business_name = ""
}
`,
			ExpectError: acctest.ErrorLike(`PUT /Customers/100\d\d: HTTP 400 Bad Request: BusinessName is required for WholeSale customers`),
		},
		resource.TestStep{
			PreConfig: func() {
				got := mustCustomer(t, sb, 10002)
				assert.Equal(t, "Before", got.Comment, "customer 10002 was half-updated")
				assert.False(t, got.IsWholesale, "customer 10002 was half-updated")
				got = mustCustomer(t, sb, 10003)
				assert.Equal(t, c3.IsWholesale, got.IsWholesale, "customer 10003 was changed")
				assert.Equal(t, c3.CorporateName, got.CorporateName, "customer 10003 was changed")
			},
			Config:   before,
			PlanOnly: true,
		},
	)
}

// TestAccCustomerResource_badInput checks that each bad value is a plan-time
// error naming its attribute, and that the rating the HTML docs leave out
// (Disatisfied) is accepted (it is applied in the adopt test).
func TestAccCustomerResource_badInput(t *testing.T) {
	_, url := acctest.StartSandbox(t, sandbox.Options{Customers: 1})
	bad := []struct{ body, want string }{
		{`email = "not-an-email"`, `email: "not-an-email" is not an email address`},
		{`email = "a b@example.com"`, `Invalid email address`},
		{`email_cc = "a@example.com; nope"`, `email_cc: "nope" is not an email address`},
		{`rating = "Happy"`, `Invalid rating .*rating is "Happy"; it must be "NotRated", "Very_Disatisfied", "Disatisfied", "Neutral", "Satisfied" or "Very_Satisfied"\.`},
		{`rating = "neutral"`, `rating is "neutral"; .* Values are case-sensitive: did you mean "Neutral"\?`},
		{`account_managers = [for i in range(4) : { id = i + 1, commission = 1 }]`, `Invalid account_managers .*account_managers has 4 elements; it may have at most 3 \(Sellercloud has three account manager slots\)\.`},
		{`company_id = -1`, `Invalid company_id .*company_id is -1; it must be a whole number from 0 to 2147483647\.`},
		{`company_id = "abc"`, `Inappropriate value for attribute "company_id": a number is required`},
		{`account_managers = [{ id = -3, commission = 1 }]`, `Invalid id .*account_managers = \[\{ id = -3, commission = 1 \}\].*account_managers\[0\].id is -3; it must be a whole number from 0 to 2147483647\.`},
		{`account_managers = [{ id = 3, commission = 100.5 }]`, `Invalid commission .*account_managers\[0\].commission is 100.5; it must be from 0 to 100\.`},
		{`account_managers = [{ id = 3, commission = -1 }]`, `account_managers\[0\].commission is -1; it must be from 0 to 100\.`},
		{`business_aliases = ["ok", " "]`, `Invalid business_aliases .*business_aliases = \["ok", " "\].*an element of business_aliases is " "; it must not be empty or only spaces\.`},
	}
	var steps []resource.TestStep
	for _, b := range bad {
		steps = append(steps, resource.TestStep{
			Config: sellercloudProvider(url) + fmt.Sprintf(`
resource "commerce_customer" "a" {
  customer_id = "10001"
  %s
}
`, b.body),
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(b.want),
		})
	}
	for _, id := range []string{"abc", "-5", "0", "2147483648", "99999999999"} {
		steps = append(steps, resource.TestStep{
			Config:      sellercloudProvider(url) + fmt.Sprintf("resource \"commerce_customer\" \"a\" {\n  customer_id = %q\n}\n", id),
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(fmt.Sprintf(`Invalid customer_id .*customer_id: %q is not a Sellercloud customer id \(a whole number from 1 to 2147483647\)\.`, id)),
		})
	}
	acctest.Test(t, steps...)
}

// TestAccCustomerResource_generateConfigAndDestroy drives the terraform CLI
// directly (terraform-plugin-testing shows neither generated files nor
// warnings): `plan -generate-config-out` for a customer whose optional fields
// are all empty and for a full one, then the generated configuration must
// plan as a no-op import, apply without a PUT and plan empty. Destroy must
// warn and leave both customers in the sandbox.
func TestAccCustomerResource_generateConfigAndDestroy(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 1})
	sparse := sb.AddSellercloudCustomer(sandbox.SellercloudCustomer{})
	full := mustCustomer(t, sb, 10001)
	tf := acctest.NewCLI(t)
	tf.Write("main.tf", acctest.CLIHeader+sellercloudProvider(url)+fmt.Sprintf(`
import {
  to = commerce_customer.sparse
  id = "%d"
}
import {
  to = commerce_customer.full
  id = "10001"
}
`, sparse))
	ctx := acctest.CommandContext(t)
	require.NoError(t, tf.Init(ctx, tf.Reattach), "terraform init\n%s", tf.Output())
	_, err := tf.Plan(ctx, tf.Reattach, tfexec.GenerateConfigOut("generated.tf"), tfexec.Out("import.tfplan"))
	require.NoError(t, err, "terraform plan -generate-config-out\n%s", tf.Output())
	generated := tf.Generated()
	// Terraform aligns the = of neighbouring attributes: any spaces.
	for _, want := range []string{
		fmt.Sprintf(`customer_id = "%d"`, sparse), `customer_id = "10001"`,
		`rating = "NotRated"`, `company_id = 0`, `is_wholesale = false`,
		fmt.Sprintf("email = %q", full.Email), fmt.Sprintf("name = %q", full.Name),
		// Custom columns, order options and shipping preferences too.
		`ERP_ID = "ERP-00001"`, `CREDIT_DAYS = "15"`, `PRICE_TIER = "GOLD"`, `tax_id = "TX-000001"`, `carrier_method_id = 3`,
	} {
		assert.Regexp(t, strings.ReplaceAll(regexp.QuoteMeta(want), " = ", ` +=`+" "), generated, "the generated configuration")
	}
	// The sparse customer's empty text fields, as the docs say each CLI writes them.
	sparseBlock, _, _ := strings.Cut(generated[strings.Index(generated, `"sparse" {`):], "\n}\n")
	empty, written := acctest.GeneratedEmptyText(t)
	for _, attr := range []string{"comments", "fax", "source_id", "title"} {
		m := regexp.MustCompile(`(?m)^  ` + attr + ` += (.*)$`).FindStringSubmatch(sparseBlock)
		if !written {
			assert.Nil(t, m, "%s: the CLI leaves an empty field out:\n%s", attr, sparseBlock)
		} else if assert.NotNil(t, m, "%s:\n%s", attr, sparseBlock) {
			assert.Equal(t, empty, m[1], "%s: how the CLI writes an empty field", attr)
		}
	}
	tf.ImportAsPlanned(ctx, "import.tfplan", 2)
	assert.Zero(t, sb.Count(customerPutRoute), "PUTs while importing")

	tf.ResetOutput()
	require.NoError(t, tf.Destroy(ctx, tf.Reattach), "terraform destroy\n%s", tf.Output())
	out := tf.Output()
	// One warning per customer, from the plan the destroy shows; none at apply.
	assert.Equal(t, 2, strings.Count(out, "Warning: Destroying commerce_customer"), out)
	assert.NotContains(t, out, "not deleted", "no second warning from the apply")
	for _, id := range []int{sparse, 10001} {
		assert.Equal(t, 1, strings.Count(out, fmt.Sprintf("Warning: Destroying commerce_customer only forgets Sellercloud customer %d\n", id)), "the destroy warning\n%s", out)
		mustCustomer(t, sb, id)
	}
	assert.Zero(t, sb.Count(customerPutRoute), "PUTs while destroying")
}

// TestAccCustomerResource_otherPlatform checks that the resource refuses a
// provider block for another platform at plan time, saying it supports only
// Sellercloud, before any request is sent.
func TestAccCustomerResource_otherPlatform(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 1})
	acctest.Test(t,
		resource.TestStep{
			Config:      acctest.SandboxProvider(connect.Description.Name, url) + "resource \"commerce_customer\" \"a\" {\n  customer_id = \"10001\"\n}\n",
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(`Platform not supported by commerce_customer resource .*works with Sellercloud customers .*but this provider block is configured for "connect".*looks customers up .*but does not manage them`),
		},
		resource.TestStep{
			PreConfig: acctest.NoRequestsSince(t, sb),
			Config:    acctest.SandboxProvider(connect.Description.Name, url),
			PlanOnly:  true,
		},
	)
}

// TestAccCustomerResource_platformBeforeID: commerce_customer on a Truto
// block, with a Truto id or an id past Sellercloud's range, fails with the
// platform error only: the id is not judged by a rule that is not its
// platform's, and nothing is sent.
func TestAccCustomerResource_platformBeforeID(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 1})
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	for _, id := range []string{"cus_8f2k", "2147483648"} {
		tf.Write("main.tf", acctest.CLIHeader+acctest.SandboxProvider(truto.Description.Name, url)+fmt.Sprintf("resource \"commerce_customer\" \"a\" {\n  customer_id = %q\n}\n", id))
		require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
		tf.ResetOutput()
		_, err := tf.Plan(ctx, tf.Reattach)
		require.Error(t, err, id)
		out := tf.Output()
		assert.Regexp(t, acctest.ErrorLike(`Platform not supported by commerce_customer resource .*configured for "truto"`), out, id)
		assert.NotContains(t, out, "Invalid customer_id", id)
		assert.NotContains(t, out, "is not a Sellercloud customer id", id)
	}
	assert.Zero(t, sb.TotalRequests(), "nothing was sent")
}
