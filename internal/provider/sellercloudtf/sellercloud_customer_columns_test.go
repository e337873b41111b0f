package sellercloudtf_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// columnsConfig is customer 10002 adopted with these custom columns.
func columnsConfig(url string, cols map[string]string) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(cols)) {
		fmt.Fprintf(&b, "    %s = %q\n", k, cols[k])
	}
	return sellercloudProvider(url) + `
resource "commerce_customer" "a" {
  customer_id    = "10002"
  custom_columns = {
` + b.String() + `  }
}
`
}

// TestAccCustomerResource_customColumns adopts customer 10002 with a value
// for a column of each type and two drop-downs: one PUT
// /Customers/{id}/CustomColumns with exactly the configured columns, the
// state keeps only them in the configured spelling, and the server stores
// each canonically. Equivalent spellings plan no change and send nothing;
// a change sends only that column; drift in a managed column is reverted
// and in an unmanaged one is not planned.
func TestAccCustomerResource_customColumns(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	require.Empty(t, mustCustomer(t, sb, 10002).CustomColumns, "seed changed: customer 10002 should have no column values")
	const a = "commerce_customer.a"
	first := map[string]string{
		"CREDIT_DAYS": "+030", "DISCOUNT_RATE": "1.50", "CONTRACT_START": "05/01/2024", "TAX_CERTIFIED": "True",
		"NOTES": "ships on Mondays", "PORTAL_URL": "https://portal.example/acme", "PRICE_TIER": "SILVER", "REGION": "Central",
	}
	same := maps.Clone(first)
	same["CREDIT_DAYS"], same["DISCOUNT_RATE"], same["CONTRACT_START"], same["TAX_CERTIFIED"] = "30", "1.5", "2024-05-01T00:00:00", "TRUE"
	// The state keeps first's spellings (an equivalent plan is no change):
	// a change from there sends only the changed column.
	changed := maps.Clone(first)
	changed["CREDIT_DAYS"] = "45"
	acctest.Test(t,
		resource.TestStep{
			PreConfig: sb.ResetCounts,
			Config:    columnsConfig(url, first),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{expectWrites(sb, "planning the adoption", 1)},
				PostApplyPreRefresh: []plancheck.PlanCheck{expectWrites(sb, "adopting", 2,
					columnsWrite+`{"CustomColumns":[{"ColumnName":"CONTRACT_START","Value":"05/01/2024"},{"ColumnName":"CREDIT_DAYS","Value":"+030"},`+
						`{"ColumnName":"DISCOUNT_RATE","Value":"1.50"},{"ColumnName":"NOTES","Value":"ships on Mondays"},`+
						`{"ColumnName":"PORTAL_URL","Value":"https://portal.example/acme"},{"ColumnName":"PRICE_TIER","Value":"SILVER"},`+
						`{"ColumnName":"REGION","Value":"Central"},{"ColumnName":"TAX_CERTIFIED","Value":"True"}]}`)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), expectWrites(sb, "refreshing", 1)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(a, tfjsonpath.New("custom_columns"), knownvalue.MapExact(map[string]knownvalue.Check{
					"CREDIT_DAYS": knownvalue.StringExact("+030"), "DISCOUNT_RATE": knownvalue.StringExact("1.50"),
					"CONTRACT_START": knownvalue.StringExact("05/01/2024"), "TAX_CERTIFIED": knownvalue.StringExact("True"),
					"NOTES": knownvalue.StringExact("ships on Mondays"), "PORTAL_URL": knownvalue.StringExact("https://portal.example/acme"),
					"PRICE_TIER": knownvalue.StringExact("SILVER"), "REGION": knownvalue.StringExact("Central"),
				})),
			},
			Check: func(*terraform.State) error {
				want := map[string]string{"CREDIT_DAYS": "30", "DISCOUNT_RATE": "1.5", "CONTRACT_START": "2024-05-01T00:00:00", "TAX_CERTIFIED": "true",
					"NOTES": "ships on Mondays", "PORTAL_URL": "https://portal.example/acme", "PRICE_TIER": "SILVER", "REGION": "Central"}
				if got := mustCustomer(t, sb, 10002).CustomColumns; !maps.Equal(got, want) {
					return fmt.Errorf("sandbox columns %v, want %v", got, want)
				}
				return nil
			},
		},
		resource.TestStep{
			// Other spellings of the same values: no change, nothing sent.
			Config: columnsConfig(url, same),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:            []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), acctest.ResetCounts(sb)},
				PostApplyPreRefresh: []plancheck.PlanCheck{expectWrites(sb, "applying equivalent spellings", -1)},
			},
		},
		resource.TestStep{
			// One column changes: only it is sent.
			PreConfig: sb.ResetCounts,
			Config:    columnsConfig(url, changed),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate), acctest.ResetCounts(sb)},
				// Two GETs: Terraform's final plan checks the changed column
				// against the customer's columns (the apply's provider did not
				// refresh it), and the read back.
				PostApplyPreRefresh: []plancheck.PlanCheck{expectWrites(sb, "changing one column", 2, columnsWrite+`{"CustomColumns":[{"ColumnName":"CREDIT_DAYS","Value":"45"}]}`)},
			},
		},
		resource.TestStep{
			// Drift: a managed column is put back (only it sent); a change
			// to an unmanaged column is neither planned nor sent.
			PreConfig: func() {
				sb.ChangeSellercloudCustomer(10002, func(c *sandbox.SellercloudCustomer) {
					c.CustomColumns["NOTES"] = "changed in Sellercloud"
					c.CustomColumns["ERP_ID"] = "ERP-CHANGED"
				})
				sb.ResetCounts()
			},
			Config: columnsConfig(url, changed),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate),
					acctest.PlanCheckFunc(func(req plancheck.CheckPlanRequest) error {
						rc, err := acctest.PlannedChange(req, a)
						if err != nil {
							return err
						}
						before, _ := rc.Change.Before.(map[string]any)["custom_columns"].(map[string]any)
						if before["NOTES"] != "changed in Sellercloud" || before["ERP_ID"] != nil {
							return fmt.Errorf("custom_columns before the change: %v", before)
						}
						return nil
					}),
					acctest.ResetCounts(sb),
				},
				PostApplyPreRefresh:  []plancheck.PlanCheck{expectWrites(sb, "reverting drift", 2, columnsWrite+`{"CustomColumns":[{"ColumnName":"NOTES","Value":"ships on Mondays"}]}`)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: func(*terraform.State) error {
				if got := mustCustomer(t, sb, 10002).CustomColumns["ERP_ID"]; got != "ERP-CHANGED" {
					return fmt.Errorf("unmanaged ERP_ID is %q", got)
				}
				return nil
			},
		},
	)
}

// TestAccCustomerResource_customColumnErrors: a column the customer does
// not have, and a value that does not fit its column's type, length,
// drop-down list or requirement, are plan-time errors on the column, from
// the adoption's one read; nothing is written.
func TestAccCustomerResource_customColumnErrors(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	// A value to clear: "" for a required column without one is what it holds.
	sb.ChangeSellercloudCustomer(10002, func(c *sandbox.SellercloudCustomer) { c.CustomColumns = map[string]string{"ERP_ID": "ERP-2"} })
	col := func(k, v string) string { return columnsConfig(url, map[string]string{k: v}) }
	steps := acctest.PlanErrors(sb, [][2]string{
		{col("CREDIT_DAY", "1"), `(?s)custom_columns\["CREDIT_DAY"\]: the customer has no custom column "CREDIT_DAY"; its\s+columns are "CONTRACT_START", "CREDIT_DAYS",.*"TAX_CERTIFIED".*did you mean\s+"CREDIT_DAYS"`},
		{col("CREDIT_DAYS", "7.5"), `custom_columns\["CREDIT_DAYS"\]: custom column "CREDIT_DAYS"\s+\(Integer\): "7.5" is not a whole number`},
		{col("DISCOUNT_RATE", "1,5"), `custom_columns\["DISCOUNT_RATE"\]: custom column "DISCOUNT_RATE"\s+\(Decimal\)`},
		{col("CONTRACT_START", "next week"), `custom_columns\["CONTRACT_START"\]: custom column "CONTRACT_START"\s+\(DateTime\)`},
		{col("TAX_CERTIFIED", "yes"), `custom column "TAX_CERTIFIED"\s+\(Boolean\): "yes" is not true or false`},
		{col("PORTAL_URL", "portal.example"), `custom column "PORTAL_URL"\s+\(Hyperlink\): "portal.example" is not an http or https link`},
		{col("PRICE_TIER", "PLATINUM"), `custom column "PRICE_TIER" is a drop-down: "PLATINUM" is not one\s+of its values \("GOLD", "SILVER", "BRONZE"\)`},
		{col("ERP_ID", ""), `custom column "ERP_ID" is required: it cannot be empty`},
		{col("ERP_ID", strings.Repeat("x", 21)), `custom column "ERP_ID" holds at most 20 characters`},
	})
	steps = append(steps, resource.TestStep{
		PreConfig: func() {
			require.Empty(t, writesSince(sb), "writes after plan-time errors")
		},
		Config:   col("REGION", "Central"),
		PlanOnly: true, ExpectNonEmptyPlan: true,
	})
	acctest.Test(t, steps...)
}

// TestAccCustomerResource_createWithBadColumn: creating reads nothing
// while planning, so a column value the customer's columns refuse is
// Sellercloud's 400 after the POST: the customer is recorded with a
// warning (never a second one), and the next plan names the column.
func TestAccCustomerResource_createWithBadColumn(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	before := sb.SellercloudIDs()
	config := sellercloudProvider(url) + `
resource "commerce_customer" "new" {
  company_id     = 1
  first_name     = "Ada"
  last_name      = "Lovelace"
  email          = "columns@example.com"
  custom_columns = { CREDIT_DAYS = "soon" }
}
`
	acctest.Test(t,
		resource.TestStep{
			// The apply records the customer with a warning; the plan after
			// it names the column.
			Config:      config,
			ExpectError: acctest.ErrorLike(`custom_columns\["CREDIT_DAYS"\]: custom column "CREDIT_DAYS"\s+\(Integer\): "soon" is not a whole number`),
		},
		resource.TestStep{
			PreConfig: func() {
				made := newCustomers(sb, before)
				require.Len(t, made, 1, "one customer created")
				require.Empty(t, mustCustomer(t, sb, made[0]).CustomColumns, "the refused column")
			},
			Config:      config,
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(`custom column "CREDIT_DAYS"\s+\(Integer\): "soon" is not a whole number`),
		},
	)
	require.Len(t, newCustomers(sb, before), 1)
}

// TestAccCustomerResource_importSomeColumns: an import keeps every column
// of the customer; a configuration that names only some of them plans one
// update that drops the others from the state, and applying it sends
// nothing. The next plan is empty.
func TestAccCustomerResource_importSomeColumns(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	const a = "commerce_customer.a"
	acctest.Test(t, resource.TestStep{
		PreConfig: sb.ResetCounts,
		Config: sellercloudProvider(url) + `
import {
  to = commerce_customer.a
  id = "10001"
}
resource "commerce_customer" "a" {
  customer_id    = "10001"
  custom_columns = { ERP_ID = "ERP-00001", CREDIT_DAYS = "15" }
}
`,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate), acctest.ResetCounts(sb)},
			PostApplyPreRefresh:  []plancheck.PlanCheck{expectWrites(sb, "applying the import", -1)},
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(a, tfjsonpath.New("custom_columns"), knownvalue.MapExact(map[string]knownvalue.Check{
				"ERP_ID": knownvalue.StringExact("ERP-00001"), "CREDIT_DAYS": knownvalue.StringExact("15"),
			})),
		},
	})
}
