package sellercloudtf_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

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
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// expectReadWhilePlanning checks that a data source was read while planning:
// a data source read during apply has a "read" change in the plan.
func expectReadWhilePlanning(address string) plancheck.PlanCheck {
	return acctest.PlanCheckFunc(func(req plancheck.CheckPlanRequest) error {
		if rc, err := acctest.PlannedChange(req, address); err == nil {
			return fmt.Errorf("%s is planned as %v, want it read while planning (no change)", address, rc.Change.Actions)
		}
		return nil
	})
}

// managersCheck is the plan or state check of a customer's account managers.
func managersCheck(c sandbox.SellercloudCustomer) knownvalue.Check {
	var slots []knownvalue.Check
	for _, m := range c.AccountManagers {
		if m != (sandbox.AccountManager{}) {
			slots = append(slots, knownvalue.ObjectExact(map[string]knownvalue.Check{
				"id": knownvalue.Int64Exact(int64(m.ID)), "commission": knownvalue.Float64Exact(m.Commission),
			}))
		}
	}
	return knownvalue.ListExact(slots)
}

// TestAccCustomerResource_planShowsCurrentValues: planning an adoption reads
// the customer once, so the plan holds the current value of every field left
// out of the configuration (not "known after apply"), the configured values,
// and an id known while planning: a map keyed by it is known, and a data
// source fed by it (through a local value) is read while planning.
func TestAccCustomerResource_planShowsCurrentValues(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	c := mustCustomer(t, sb, 10001)
	require.NotEmpty(t, c.Title, "seed changed: customer 10001 should have a title")
	require.NotZero(t, c.AccountManagers[0].ID, "seed changed: customer 10001 should have an account manager")
	const a = "commerce_customer.a"
	cfg := sellercloudProvider(url) + fmt.Sprintf(`
resource "commerce_customer" "a" {
  customer_id = "10001"
  comments    = "Planned by Terraform"
  email       = %q
}
# Terraform reads a data source that refers to a resource with changes
# pending during apply (it takes the reference as depends_on); through a
# local value it is read while planning once the id is known.
locals {
  customer_id = commerce_customer.a.id
}
data "commerce_customer" "fed" {
  id = local.customer_id
}
output "fed_name" {
  value = data.commerce_customer.fed.name
}
# A map keyed by the id (like a for_each) is known only if the id is.
resource "terraform_data" "by_id" {
  input = { (commerce_customer.a.id) = commerce_customer.a.name }
}
`, strings.ToUpper(c.Email))
	acctest.Test(t, resource.TestStep{
		PreConfig: sb.ResetCounts,
		Config:    cfg,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(a, plancheck.ResourceActionCreate),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("id"), knownvalue.StringExact("10001")),
				// Left out of the configuration: the current values.
				plancheck.ExpectKnownValue(a, tfjsonpath.New("title"), knownvalue.StringExact(c.Title)),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("name"), knownvalue.StringExact(c.Name)),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("rating"), knownvalue.StringExact(sellercloud.Ratings[c.Rating])),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("salesman"), knownvalue.StringExact(c.SalesMan)),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("is_wholesale"), knownvalue.Bool(c.IsWholesale)),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("company_id"), knownvalue.Int64Exact(int64(c.CompanyID))),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("account_managers"), managersCheck(c)),
				// Configured: as written.
				plancheck.ExpectKnownValue(a, tfjsonpath.New("comments"), knownvalue.StringExact("Planned by Terraform")),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("email"), knownvalue.StringExact(strings.ToUpper(c.Email))),
				// The id is known, so the data source was read while
				// planning, and the map keyed by it is known.
				expectReadWhilePlanning("data.commerce_customer.fed"),
				plancheck.ExpectKnownOutputValue("fed_name", knownvalue.StringExact(c.Name)),
				plancheck.ExpectKnownValue("terraform_data.by_id", tfjsonpath.New("input"),
					knownvalue.ObjectExact(map[string]knownvalue.Check{"10001": knownvalue.StringExact(c.Name)})),
				// One GET for the adoption, one for the data source.
				expectRequests(sb, "planning", 2, 0),
			},
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(a, tfjsonpath.New("title"), knownvalue.StringExact(c.Title)),
			statecheck.ExpectKnownValue(a, tfjsonpath.New("comments"), knownvalue.StringExact("Planned by Terraform")),
		},
		Check: func(*terraform.State) error {
			if got := mustCustomer(t, sb, 10001); got.Comment != "Planned by Terraform" || got.Email != c.Email {
				return fmt.Errorf("customer 10001 after adopting: comment %q, email %q", got.Comment, got.Email)
			}
			return nil
		},
	})
}

// TestAccCustomerResource_missingIDRefusedAtPlan: a customer id that does not
// exist fails the plan with an error naming customer_id and the id, so the
// apply never starts: no PUT, not even for another customer in the same
// configuration.
func TestAccCustomerResource_missingIDRefusedAtPlan(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	before := mustCustomer(t, sb, 10001)
	acctest.Test(t, resource.TestStep{
		Config: sellercloudProvider(url) + `
resource "commerce_customer" "ok" {
  customer_id = "10001"
  comments    = "must not be sent"
}
resource "commerce_customer" "missing" {
  customer_id = "99999"
  comments    = "must not be sent"
}
`,
		ExpectError: acctest.ErrorLike(`Error: Customer not found .*commerce_customer.missing.*customer_id: Sellercloud has no customer with id 99999 .*GET /Customers/99999: HTTP 404.*With customer_id set, commerce_customer adopts an existing customer; leave customer_id out to create one`),
	})
	assert.Zero(t, sb.Count(customerPutRoute), "no PUT after a plan-time error")
	assert.Equal(t, before, mustCustomer(t, sb, 10001), "customer 10001 unchanged")
}

// TestAccCustomerResource_unknownIDDeferred: a customer_id only known after
// apply is not read while planning; the plan shows the unconfigured fields,
// the id and the data source it feeds as known after apply, and the apply
// adopts the customer.
func TestAccCustomerResource_unknownIDDeferred(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	c := mustCustomer(t, sb, 10002)
	const a = "commerce_customer.a"
	acctest.Test(t, resource.TestStep{
		PreConfig: sb.ResetCounts,
		Config: sellercloudProvider(url) + `
resource "terraform_data" "id" {
  input = "10002"
}
resource "commerce_customer" "a" {
  customer_id = terraform_data.id.output
  comments    = "Adopted at apply"
}
data "commerce_customer" "fed" {
  id = commerce_customer.a.id
}
`,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(a, plancheck.ResourceActionCreate),
				plancheck.ExpectUnknownValue(a, tfjsonpath.New("customer_id")),
				plancheck.ExpectUnknownValue(a, tfjsonpath.New("id")),
				plancheck.ExpectUnknownValue(a, tfjsonpath.New("title")),
				plancheck.ExpectUnknownValue(a, tfjsonpath.New("name")),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("comments"), knownvalue.StringExact("Adopted at apply")),
				plancheck.ExpectResourceAction("data.commerce_customer.fed", plancheck.ResourceActionRead),
				expectRequests(sb, "planning with an unknown id", 0, 0),
			},
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(a, tfjsonpath.New("id"), knownvalue.StringExact("10002")),
			statecheck.ExpectKnownValue(a, tfjsonpath.New("name"), knownvalue.StringExact(c.Name)),
			statecheck.ExpectKnownValue(a, tfjsonpath.New("comments"), knownvalue.StringExact("Adopted at apply")),
			// Read during apply, after the adoption.
			statecheck.ExpectKnownValue("data.commerce_customer.fed", tfjsonpath.New("comments"), knownvalue.StringExact("Adopted at apply")),
		},
		Check: func(*terraform.State) error {
			if got := mustCustomer(t, sb, 10002).Comment; got != "Adopted at apply" {
				return fmt.Errorf("customer 10002 comment %q after the apply", got)
			}
			return nil
		},
	})
}

// TestAccCustomerResource_changedBetweenPlanAndApply: a field left out of the
// configuration changes in Sellercloud after the plan showed it. Terraform's
// final plan during apply reads the new value and refuses the stale plan, as
// the resource's docs say, before anything is sent; planning again applies.
func TestAccCustomerResource_changedBetweenPlanAndApply(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	cfg := sellercloudProvider(url) + `
resource "commerce_customer" "a" {
  customer_id = "10002"
  comments    = "After the plan"
}
`
	acctest.Test(t,
		resource.TestStep{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				acctest.PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
					sb.ChangeSellercloudCustomer(10002, func(c *sandbox.SellercloudCustomer) { c.Name = "Renamed After The Plan" })
					return nil
				}),
			}},
			ExpectError: acctest.ErrorLike(`Provider produced inconsistent final plan.*\.name: was cty.StringVal\(".*"\), but now cty.StringVal\("Renamed After The Plan"\)`),
		},
		resource.TestStep{
			PreConfig: func() {
				assert.Zero(t, sb.Count(customerPutRoute), "the stale plan sent nothing")
				assert.Empty(t, mustCustomer(t, sb, 10002).Comment)
			},
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("commerce_customer.a", tfjsonpath.New("name"), knownvalue.StringExact("Renamed After The Plan")),
			},
		},
	)
}

// TestAccCustomerResource_planWarnings drives the CLI (terraform-plugin-testing
// shows no warnings): the plan of an adoption warns with each configured
// field that changes as `attr: "current" -> "configured"` (not the ones
// equal or equivalent to the current value); a replacement warns that the old
// customer is only forgotten; a destroy plan warns that destroying only
// forgets the customer and shows the removed block; and the
// removed block the docs show forgets the customer without a destroy, a
// warning or a request.
func TestAccCustomerResource_planWarnings(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	c := mustCustomer(t, sb, 10001)
	require.Empty(t, c.Comment, "seed changed: customer 10001 should have no comments")
	header := `terraform {
  required_providers {
    commerce = { source = "commercetf/commerce" }
  }
}
` + sellercloudProvider(url)
	tf := acctest.NewCLI(t)
	tf.Write("main.tf", header+fmt.Sprintf(`
resource "commerce_customer" "a" {
  customer_id = "10001"
  comments    = "Planned by Terraform"
  name        = "New Name"
  email       = %q
  title       = %q
}
`, strings.ToUpper(c.Email), c.Title))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	require.NoError(t, tf.Init(ctx, tf.Reattach), "terraform init")

	_, err := tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	out := tf.Output()
	assert.Regexp(t, acctest.ErrorLike(`Warning: Adopting Sellercloud customer 10001 changes 2 fields .*Sellercloud customer 10001 already exists: applying adopts it`), out)
	assert.Contains(t, out, fmt.Sprintf(`  name: %q -> "New Name"`, c.Name))
	assert.Contains(t, out, `  comments: "" -> "Planned by Terraform"`)
	assert.NotContains(t, out, "  email: ", "an equivalent spelling is not a change")
	assert.NotContains(t, out, "  title: ", "an equal value is not a change")

	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())

	// Another customer_id replaces the resource: the old customer is forgotten.
	tf.Write("main.tf", header+`
resource "commerce_customer" "a" {
  customer_id = "10002"
  comments    = "Planned by Terraform"
}
`)
	tf.ResetOutput()
	_, err = tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	out = tf.Output()
	assert.Regexp(t, acctest.ErrorLike(`Warning: Replacing commerce_customer forgets Sellercloud customer 10001 .*only forgotten \(not deleted`), out)
	assert.Contains(t, out, "must be replaced")
	tf.Write("main.tf", header+`
resource "commerce_customer" "a" {
  customer_id = "10001"
  comments    = "Planned by Terraform"
}
`)

	tf.ResetOutput()
	_, err = tf.Plan(ctx, tf.Reattach, tfexec.Destroy(true))
	require.NoError(t, err, tf.Output())
	out = tf.Output()
	assert.Regexp(t, acctest.ErrorLike(`Warning: Destroying commerce_customer only forgets Sellercloud customer 10001 .*Sellercloud has no API to delete a customer`), out)
	assert.Regexp(t, acctest.ErrorLike(`removed \{ from = commerce_customer\.<name> lifecycle \{ destroy = false \} \}`), out)
	assert.Contains(t, out, "Plan: 0 to add, 0 to change, 1 to destroy.")

	// The removed block of the docs, in place of the resource block.
	removed, err := os.ReadFile("../../../examples/resources/commerce_customer/removed.tf")
	require.NoError(t, err)
	tf.Write("main.tf", header+strings.ReplaceAll(string(removed), "commerce_customer.acme", "commerce_customer.a"))
	sb.ResetCounts()
	tf.ResetOutput()
	_, err = tf.Plan(ctx, tf.Reattach, tfexec.Out("removed.tfplan"))
	require.NoError(t, err, tf.Output())
	assert.NotContains(t, tf.Output(), "only forgets", "no destroy is planned")
	plan, err := tf.ShowPlanFile(ctx, "removed.tfplan", tf.Reattach)
	require.NoError(t, err)
	require.Len(t, plan.ResourceChanges, 1)
	assert.True(t, plan.ResourceChanges[0].Change.Actions.Forget(), "planned %v, want forget", plan.ResourceChanges[0].Change.Actions)
	assert.Zero(t, sb.Count(customerPutRoute), "planning to forget sends no PUT")
	sb.ResetCounts()
	require.NoError(t, tf.Apply(ctx, tf.Reattach, tfexec.DirOrPlan("removed.tfplan")), tf.Output())
	assert.Zero(t, sb.TotalRequests(), "applying the removed block sends nothing")
	state, err := tf.Show(ctx, tf.Reattach)
	require.NoError(t, err)
	assert.True(t, state.Values == nil || len(state.Values.RootModule.Resources) == 0, "the state is empty")
	assert.Equal(t, "Planned by Terraform", mustCustomer(t, sb, 10001).Comment, "the customer keeps its values")
}

// TestAccCustomers_timestampErrorShowsExample: a date filter that is not RFC
// 3339 is a plan-time error naming the attribute (also inside the singular
// data source's filter) with a timestamp to copy, and for a date or a time
// without a zone the value written in full; never Go's layout string. No
// request is sent.
func TestAccCustomers_timestampErrorShowsExample(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	tf := acctest.NewCLI(t)
	tf.Write("main.tf", `terraform {
  required_providers {
    commerce = { source = "commercetf/commerce" }
  }
}
`+sellercloudProvider(url)+`
data "commerce_customers" "date_only" {
  created_from = "2024-01-31"
}
data "commerce_customers" "words" {
  created_to = "yesterday"
}
data "commerce_customer" "no_zone" {
  filter = {
    modified_to = "2024-01-31 10:30"
  }
}
`)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	require.NoError(t, tf.Init(ctx, tf.Reattach), "terraform init")
	_, err := tf.Plan(ctx, tf.Reattach)
	require.Error(t, err, "the plan must fail")
	out := tf.Output()
	for _, want := range []string{
		`Error: Invalid timestamp .*created_from: "2024-01-31" is not an RFC 3339 timestamp\. .*for example "2024-01-01T00:00:00Z" .*For this value in UTC: "2024-01-31T00:00:00Z"\.`,
		`Error: Invalid timestamp .*created_to: "yesterday" is not an RFC 3339 timestamp\. .*for example "2024-01-01T00:00:00Z"`,
		`Error: Invalid timestamp .*filter.modified_to: "2024-01-31 10:30" is not an RFC 3339 timestamp\. .*For this value in UTC: "2024-01-31T10:30:00Z"\.`,
	} {
		assert.Regexp(t, acctest.ErrorLike(want), out)
	}
	assert.NotContains(t, out, "2006-01-02", "Go's layout string")
	assert.Zero(t, sb.TotalRequests(), "nothing was sent")
}
