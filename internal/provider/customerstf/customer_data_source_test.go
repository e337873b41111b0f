package customerstf_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// TestAccCustomerDataSource reads one customer by id and one by a filter,
// checks every field against the sandbox record and the request counts (one
// GET by id; one list request of two items plus one GET by filter), and feeds
// a value into a resource.
func TestAccCustomerDataSource(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 12})
	sb.ChangeSellercloudCustomer(10001, func(c *sandbox.SellercloudCustomer) {
		c.EmailCC, c.SourceID, c.Comment, c.Mobile = "cc@example.com", "SRC-1", "VIP", "+1 555 123 0000"
		c.AccountManagers[2] = sandbox.AccountManager{ID: 11, Commission: 1.25}
		c.BusinessAliases = []string{"A One", "B Two"}
	})
	c1, c2 := mustCustomer(t, sb, 10001), mustCustomer(t, sb, 10002)
	const byID, byFilter = "data.commerce_customer.by_id", "data.commerce_customer.by_filter"
	acctest.Test(t, resource.TestStep{
		PreConfig: sb.ResetCounts,
		Config: acctest.SandboxProvider(sellercloud.Description.Name, url) + fmt.Sprintf(`
data "commerce_customer" "by_id" {
  id          = "10001"
  include_raw = true
}
data "commerce_customer" "by_filter" {
  filter = {
    email = %q
  }
}
resource "terraform_data" "fed" {
  input = data.commerce_customer.by_filter.name
}
`, c2.Email),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("id"), knownvalue.StringExact("10001")),
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("title"), knownvalue.StringExact(c1.Title)),
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("name"), knownvalue.StringExact(c1.Name)),
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("email"), knownvalue.StringExact(c1.Email)),
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("email_cc"), knownvalue.StringExact("cc@example.com")),
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("business_name"), knownvalue.StringExact(c1.CorporateName)),
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("business_aliases"), knownvalue.SetExact([]knownvalue.Check{
				knownvalue.StringExact("A One"), knownvalue.StringExact("B Two"),
			})),
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("source_id"), knownvalue.StringExact("SRC-1")),
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("is_wholesale"), knownvalue.Bool(c1.IsWholesale)),
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("company_id"), knownvalue.Int64Exact(int64(c1.CompanyID))),
			// Slot 2 is empty, slot 3 is not: the empty slot stays in place.
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("account_managers"), knownvalue.ListExact([]knownvalue.Check{
				knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(int64(c1.AccountManagers[0].ID)), "commission": knownvalue.Float64Exact(c1.AccountManagers[0].Commission)}),
				knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(0), "commission": knownvalue.Float64Exact(0)}),
				knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(11), "commission": knownvalue.Float64Exact(1.25)}),
			})),
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("salesman"), knownvalue.StringExact(c1.SalesMan)),
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("comments"), knownvalue.StringExact("VIP")),
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("rating"), knownvalue.StringExact([]string{"NotRated", "Very_Disatisfied", "Disatisfied", "Neutral", "Satisfied", "Very_Satisfied"}[c1.Rating])),
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("phone_1"), knownvalue.StringExact(c1.Phone1)),
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("phone_2"), knownvalue.StringExact("")),
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("mobile"), knownvalue.StringExact("+1 555 123 0000")),
			statecheck.ExpectKnownValue(byID, tfjsonpath.New("raw"), knownvalue.StringRegexp(regexp.MustCompile(`"Addresses":\[`))),
			statecheck.ExpectKnownValue(byFilter, tfjsonpath.New("raw"), knownvalue.StringExact("")), // without include_raw
			statecheck.ExpectKnownValue(byFilter, tfjsonpath.New("id"), knownvalue.StringExact("10002")),
			statecheck.ExpectKnownValue(byFilter, tfjsonpath.New("name"), knownvalue.StringExact(c2.Name)),
			statecheck.ExpectKnownValue("terraform_data.fed", tfjsonpath.New("output"), knownvalue.StringExact(c2.Name)),
		},
		Check: func(*terraform.State) error {
			// The step's plan read both data sources; applying the saved
			// plan reads neither again.
			if lists, gets := sb.Count(listRoute), sb.Count(customerGetRoute); lists != 1 || gets != 2 {
				return fmt.Errorf("%d list and %d single-customer requests, want 1 list and 2 GET", lists, gets)
			}
			for _, r := range sb.Requests() {
				if r.Pattern == listRoute && r.Query.Get("model.pageSize") != "2" {
					return fmt.Errorf("the filter lookup asked for %q customers per page, want 2", r.Query.Get("model.pageSize"))
				}
			}
			return nil
		},
	})
}

// TestAccCustomerDataSource_notExactlyOne checks the errors for zero and
// several matches (with the count and the filters), a malformed and a
// missing id, and a configuration with both or neither of id and filter.
func TestAccCustomerDataSource_notExactlyOne(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 30})
	austin := 0
	for _, id := range sb.SellercloudIDs() {
		if c := mustCustomer(t, sb, id); c.City == "Austin" {
			austin++
		}
	}
	require.GreaterOrEqual(t, austin, 2, "seed changed: customers in Austin, want several")
	step := func(body, want string) resource.TestStep {
		return resource.TestStep{
			Config:      acctest.SandboxProvider(sellercloud.Description.Name, url) + "data \"commerce_customer\" \"x\" {\n" + body + "\n}\n",
			ExpectError: acctest.ErrorLike(want),
		}
	}
	acctest.Test(t,
		step(`filter = { city = "Austin" }`, fmt.Sprintf(`Not exactly one customer matched .*%d customers matched the filters city = "Austin"; commerce_customer needs exactly one`, austin)),
		step(`filter = { email = "nobody@nowhere.test", customer_type = "Retail" }`, `0 customers matched the filters customer_type = "Retail", email = "nobody@nowhere.test"`),
		step(`id = "abc"`, `Invalid id .*id: "abc" is not a Sellercloud customer id \(a whole number from 1 to 2147483647\)\.`),
		step(`id = "2147483648"`, `Invalid id .*id: "2147483648" is not a Sellercloud customer id \(a whole number from 1 to 2147483647\)\.`),
		step(`id = "99999"`, `Customer not found .*0 customers matched id = "99999".*GET /Customers/99999: HTTP 404`),
		step(`
  id     = "10001"
  filter = { city = "Austin" }`, `Conflicting id and filter .*commerce_customer reads one customer, by its id or by a filter that matches it: set id or filter, not both\.`),
		step(``, `Missing id or filter .*commerce_customer reads one customer, by its id or by a filter that matches it: set id or filter\.`),
		step(`filter = { created_from = "2024-01-01T00:00:00Z", created_to = "2023-01-01T00:00:00Z" }`, `filter.created_from \(2024-01-01T00:00:00Z\) is after filter.created_to`),
	)
}

// singleCustomer reads one customer of a platform whose commerce_customer
// reads the single-customer endpoint (every platform but Sellercloud), by id
// and by filter: the unified fields are filled (want), the Sellercloud-only
// fields are null, and a missing id or a filter matching nobody is an error
// that says so; more steps follow.
func singleCustomer(t *testing.T, sb *sandbox.Server, url, platform, id string, want map[string]knownvalue.Check, more ...resource.TestStep) {
	provider := acctest.SandboxProvider(platform, url)
	checks := map[string]knownvalue.Check{
		"id":               knownvalue.StringExact(id),
		"raw":              knownvalue.StringRegexp(regexp.MustCompile(regexp.QuoteMeta(id))),
		"business_aliases": knownvalue.Null(),
		"title":            knownvalue.Null(),
		"account_managers": knownvalue.Null(),
	}
	for k, v := range want {
		checks[k] = v
	}
	cfg := provider + fmt.Sprintf(`
data "commerce_customer" "by_id" {
  id          = %q
  include_raw = true
}
data "commerce_customer" "by_filter" {
  filter = {
    ids = [%q]
  }
  include_raw = true
}
`, id, id)
	getRoute := sandbox.KitFor(platform).GetRoute
	steps := []resource.TestStep{
		{
			Config:            cfg,
			ConfigStateChecks: append(checkAttrs("data.commerce_customer.by_id", checks), checkAttrs("data.commerce_customer.by_filter", checks)...),
			Check: func(*terraform.State) error {
				if got := sb.Count(getRoute); got < 2 {
					return fmt.Errorf("%d single-customer requests, want one per data source", got)
				}
				return nil
			},
		},
		{
			Config:      provider + `data "commerce_customer" "missing" { id = "no-such-customer" }`,
			ExpectError: acctest.ErrorLike(`Customer not found.*0 customers matched id = "no-such-customer"`),
		},
		{
			Config:      provider + `data "commerce_customer" "nobody" { filter = { ids = ["no-such-customer"] } }`,
			ExpectError: acctest.ErrorLike(`Not exactly one customer matched.*0 customers matched the filters ids = \["no-such-customer"\]`),
		},
	}
	acctest.Test(t, append(steps, more...)...)
}

// checkAttrs checks several top-level attributes of one resource or data source.
func checkAttrs(address string, want map[string]knownvalue.Check) []statecheck.StateCheck {
	var checks []statecheck.StateCheck
	for name, check := range want {
		checks = append(checks, statecheck.ExpectKnownValue(address, tfjsonpath.New(name), check))
	}
	return checks
}
