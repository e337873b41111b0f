package adobeviptf_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

func adobeListBlock(name string, lines ...string) string {
	return "list \"commerce_adobe_vip_customer\" \"" + name + "\" {\n  provider = commerce\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}

// byName is the config of a list block that finds the active accounts
// whose company name starts with prefix, in the order of their names.
func byName(prefix string) string {
	return fmt.Sprintf(`config {
    company_name = "%s*"
    sort_by      = "company_name"
    sort_order   = "asc"
  }`, prefix)
}

// nameAdobe names n accounts from the first id on "prefix 000", "prefix
// 001", ... and makes them active; it returns their ids in name order.
func nameAdobe(sb *sandbox.Server, first, n int, prefix string) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprint(1006374000 + first + i)
		sb.ChangeAdobeCustomer(ids[i], func(c *sandbox.AdobeCustomer) {
			c.CompanyName, c.Status = fmt.Sprintf("%s %03d", prefix, i), "1000"
		})
	}
	return ids
}

// activeByName are the ids of the active accounts in the order of their
// company names, as Adobe sorts them (sort_by company_name, ascending).
func activeByName(sb *sandbox.Server) []string {
	var active []sandbox.AdobeCustomer
	for _, c := range sb.AdobeCustomers() {
		if c.Status == "1000" {
			active = append(active, c)
		}
	}
	slices.SortStableFunc(active, func(a, b sandbox.AdobeCustomer) int {
		if c := strings.Compare(strings.ToLower(a.CompanyName), strings.ToLower(b.CompanyName)); c != 0 {
			return c
		}
		return strings.Compare(a.CustomerID, b.CustomerID)
	})
	ids := make([]string, len(active))
	for i, c := range active {
		ids[i] = c.CustomerID
	}
	return ids
}

// adobeWire is how Adobe's list requests look: offset and limit.
var adobeWire = acctest.WireOf(kit, "offset", "limit")

// pagesOf are the pages of 50 that a read of n accounts asks for.
func pagesOf(n int) []string {
	var out []string
	for off := 0; off == 0 || off < n; off += 50 {
		out = append(out, fmt.Sprintf("%d/50", off))
	}
	return out
}

// TestAccAdobeCustomerList_filters: list blocks with the data source's
// filters find exactly the matching accounts, each once and in the server's
// order, for 0, 1, page size + 1 (51) and 137 matches; with server-side
// filters (company_name, sort_by, sort_order, status) and ones the provider
// applies (name, ids). Each result carries the identity and the company
// name as its display name (Adobe's list items have no contacts); the pages
// read are the ideal ones, and no account is read one by one.
func TestAccAdobeCustomerList_filters(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 230})
	many, pagePlusOne, one := nameAdobe(sb, 0, 137, "Query Many"), nameAdobe(sb, 137, 51, "Query Page"), nameAdobe(sb, 188, 1, "Query One")
	var inactive []string
	for _, c := range sb.AdobeCustomers() {
		if c.Status == "1004" {
			inactive = append(inactive, c.CustomerID)
		}
	}
	require.NotEmpty(t, inactive)
	active := activeByName(sb)
	acctest.Test(t, resource.TestStep{
		Query:     true,
		PreConfig: func() { sb.ResetCounts() },
		Config: adobeProvider(url) +
			adobeListBlock("none", byName("Query None")) +
			adobeListBlock("one", byName("Query One")) +
			adobeListBlock("page_plus_one", "limit = 1000", byName("Query Page")) +
			adobeListBlock("many", "limit = 1000", byName("Query Many")) +
			// name and ids are applied by the provider on the list's fields.
			adobeListBlock("by_name", "limit = 1000", `config {
    name       = "query page"
    sort_by    = "company_name"
    sort_order = "asc"
  }`) +
			adobeListBlock("by_ids", fmt.Sprintf(`config {
    ids        = [%q, %q]
    sort_by    = "company_name"
    sort_order = "asc"
  }`, many[3], one[0])) +
			adobeListBlock("inactive", "limit = 1000", `config { status = "1004" }`),
		QueryResultChecks: []querycheck.QueryResultCheck{
			querycheck.ExpectLength("commerce_adobe_vip_customer.none", 0),
			querycheck.ExpectLength("commerce_adobe_vip_customer.one", 1),
			querycheck.ExpectLength("commerce_adobe_vip_customer.page_plus_one", 51),
			querycheck.ExpectLength("commerce_adobe_vip_customer.many", 137),
			acctest.ExpectIdentities("commerce_adobe_vip_customer.none", nil),
			acctest.ExpectIdentities("commerce_adobe_vip_customer.one", one),
			acctest.ExpectIdentities("commerce_adobe_vip_customer.page_plus_one", pagePlusOne),
			acctest.ExpectIdentities("commerce_adobe_vip_customer.many", many),
			acctest.ExpectIdentities("commerce_adobe_vip_customer.by_name", pagePlusOne),
			acctest.ExpectIdentities("commerce_adobe_vip_customer.by_ids", []string{many[3], one[0]}),
			querycheck.ExpectLength("commerce_adobe_vip_customer.inactive", len(inactive)),
			querycheck.ExpectIdentity("commerce_adobe_vip_customer.one", map[string]knownvalue.Check{
				"customer_id": knownvalue.StringExact(one[0]),
			}),
			querycheck.ExpectResourceDisplayName("commerce_adobe_vip_customer.one",
				queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"customer_id": knownvalue.StringExact(one[0])}),
				knownvalue.StringExact("Query One 000")),
			// none 1, one 1, page_plus_one 2, many 3, by_name and by_ids
			// every active account, inactive its own pages.
			adobeWire.Expect(sb, slices.Concat([]string{"0/50", "0/50", "0/50", "50/50", "0/50", "50/50", "100/50"},
				pagesOf(len(active)), pagesOf(len(active)), pagesOf(len(inactive))), 0),
		},
	})
}

// TestAccAdobeCustomerList_includeResourceAndLimit: limit = 10 is one list
// request for 10 accounts, not every page; include_resource carries the
// whole commerce_adobe_vip_customer object, with one GET per account found
// and no more, and names each account by its company and first contact.
func TestAccAdobeCustomerList_includeResourceAndLimit(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 137})
	activateAdobe(sb)
	ids := activeByName(sb)
	sb.ChangeAdobeCustomer(ids[0], func(c *sandbox.AdobeCustomer) { c.AddressLine2, c.GlobalSalesEnabled = "Suite 5", true })
	full := mustAdobe(t, sb, ids[0])
	byID := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"customer_id": knownvalue.StringExact(full.CustomerID)})
	sorted := `config {
    sort_by    = "company_name"
    sort_order = "asc"
  }`
	acctest.Test(t,
		resource.TestStep{
			Query:     true,
			PreConfig: func() { sb.ResetCounts() },
			Config:    adobeProvider(url) + adobeListBlock("ten", "limit = 10", sorted),
			QueryResultChecks: []querycheck.QueryResultCheck{
				acctest.ExpectIdentities("commerce_adobe_vip_customer.ten", ids[:10]),
				adobeWire.Expect(sb, []string{"0/10"}, 0),
			},
		},
		resource.TestStep{
			Query:     true,
			PreConfig: func() { sb.ResetCounts() },
			Config:    adobeProvider(url) + adobeListBlock("full", "limit = 12", "include_resource = true", sorted),
			QueryResultChecks: []querycheck.QueryResultCheck{
				acctest.ExpectIdentities("commerce_adobe_vip_customer.full", ids[:12]),
				querycheck.ExpectResourceDisplayName("commerce_adobe_vip_customer.full", byID,
					knownvalue.StringExact(full.CompanyName+" <"+full.Contacts[0].Email+">")),
				querycheck.ExpectResourceKnownValues("commerce_adobe_vip_customer.full", byID, []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(full.CustomerID)},
					{Path: tfjsonpath.New("customer_id"), KnownValue: knownvalue.StringExact(full.CustomerID)},
					{Path: tfjsonpath.New("company_name"), KnownValue: knownvalue.StringExact(full.CompanyName)},
					{Path: tfjsonpath.New("external_reference_id"), KnownValue: knownvalue.StringExact(full.ExternalReferenceID)},
					{Path: tfjsonpath.New("preferred_language"), KnownValue: knownvalue.StringExact(full.PreferredLanguage)},
					{Path: tfjsonpath.New("global_sales_enabled"), KnownValue: knownvalue.Bool(true)},
					{Path: tfjsonpath.New("address").AtMapKey("city"), KnownValue: knownvalue.StringExact(full.City)},
					{Path: tfjsonpath.New("address").AtMapKey("address_line_2"), KnownValue: knownvalue.StringExact("Suite 5")},
					{Path: tfjsonpath.New("contacts").AtSliceIndex(0).AtMapKey("email"), KnownValue: knownvalue.StringExact(full.Contacts[0].Email)},
					{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("1000")},
					{Path: tfjsonpath.New("reseller_id"), KnownValue: knownvalue.StringExact(sandbox.DefaultResellerID)},
				}),
				// One page of 12, then one GET per account.
				adobeWire.Expect(sb, []string{"0/12"}, 12),
			},
		},
	)
}

// TestAccAdobeCustomerList_errors: a filter Adobe does not have, a value it
// does not accept and a reversed time range are errors naming the attribute,
// before any request; a filter value the server refuses and a page that fails
// in the middle of the query fail the query with the server's message, never
// a partial result; another platform is refused by name.
func TestAccAdobeCustomerList_errors(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 137})
	activateAdobe(sb)
	noRequests := acctest.NoRequestsSince(t, sb)
	acctest.Test(t,
		resource.TestStep{
			Query:       true,
			Config:      adobeProvider(url) + adobeListBlock("a", `config { city = "Albany" }`),
			ExpectError: acctest.ErrorLike(`Filter not supported on adobe_vip .*Filter "city" is not supported on adobe_vip. adobe_vip supports: company_name`),
		},
		resource.TestStep{
			Query:       true,
			Config:      adobeProvider(url) + adobeListBlock("a", `config { status = "1010" }`),
			ExpectError: acctest.ErrorLike(`Invalid status for adobe_vip .*status = "1010" is not a value adobe_vip accepts: "1000", "1002", "1004", "1026"\.`),
		},
		resource.TestStep{
			Query:       true,
			Config:      adobeProvider(url) + adobeListBlock("a", `config { sort_by = "updated_at" }`),
			ExpectError: acctest.ErrorLike(`Invalid sort_by for adobe_vip`),
		},
		resource.TestStep{
			Query: true,
			Config: adobeProvider(url) + adobeListBlock("a", `config {
    created_from = "2024-02-01T00:00:00Z"
    created_to   = "2024-01-01T00:00:00Z"
  }`),
			ExpectError: acctest.ErrorLike(`Invalid time range`),
		},
		resource.TestStep{
			Query: true,
			PreConfig: func() {
				noRequests()
				// The server refuses a filter value the provider cannot know is wrong.
				sb.InjectFault(sandbox.Fault{Status: http.StatusBadRequest, Times: 1,
					Body:  `{"code":"1117","message":"Some Fields are Invalid","additionalDetails":["company-name"]}`,
					Match: func(r *http.Request) bool { return r.URL.Query().Get("company-name") == "**" }})
			},
			Config:      adobeProvider(url) + adobeListBlock("a", `config { company_name = "**" }`),
			ExpectError: acctest.ErrorLike(`Listing customers failed .*adobe_vip: the query failed after 0 customers, so its results are incomplete.*400.*Some Fields are Invalid \(code 1117: company-name\)`),
		},
		resource.TestStep{
			Query: true,
			PreConfig: func() {
				sb.ResetCounts()
				sb.InjectFault(sandbox.Fault{Status: http.StatusInternalServerError, Body: `{"code":"1124","message":"page three is on fire"}`,
					Match: func(r *http.Request) bool { return r.URL.Query().Get("offset") == "100" }})
			},
			Config: adobeProvider(url, "max_retries = 0", "max_concurrency = 1") +
				adobeListBlock("a", "limit = 1000", "config {}"),
			ExpectError: acctest.ErrorLike(`Listing customers failed .*the query failed after 100 customers, so its results are incomplete.*GET .*/customers.*500.*page three is on fire`),
		},
		resource.TestStep{
			Query:       true,
			PreConfig:   func() { sb.ClearFaults(); sb.ResetCounts() },
			Config:      acctest.SandboxProvider(sellercloud.Description.Name, url) + adobeListBlock("a", "config {}"),
			ExpectError: acctest.ErrorLike(`Platform not supported by commerce_adobe_vip_customer list resource .*configured for "sellercloud".*On Sellercloud, customers are managed with commerce_customer`),
		},
		resource.TestStep{
			Query:     true,
			PreConfig: noRequests,
			Config:    adobeProvider(url) + adobeListBlock("a", "limit = 1000", "config {}"),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("commerce_adobe_vip_customer.a", 137),
			},
		},
	)
}

// TestAccAdobeCustomerList_docsExample runs the docs' example query
// (examples/list-resources/commerce_adobe_vip_customer/list-resource.tfquery.hcl,
// which no check of make examples-check can read): the active accounts of
// companies whose name starts with "Acme".
func TestAccAdobeCustomerList_docsExample(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	example, err := os.ReadFile("../../../examples/list-resources/commerce_adobe_vip_customer/list-resource.tfquery.hcl")
	require.NoError(t, err)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 60})
	var acme []string
	for _, id := range activeByName(sb) {
		if strings.HasPrefix(mustAdobe(t, sb, id).CompanyName, "Acme") {
			acme = append(acme, id)
		}
	}
	require.NotEmpty(t, acme)
	acctest.Test(t, resource.TestStep{
		Query:             true,
		Config:            adobeProvider(url) + string(example),
		QueryResultChecks: []querycheck.QueryResultCheck{acctest.ExpectIdentities("commerce_adobe_vip_customer.acme", acme)},
	})
}

// TestAccAdobeCustomerList_generateConfigRoundTrip drives the CLI directly:
// `terraform query -generate-config-out` writes an import block (by
// identity) and a resource block per account found; they plan as "3 to
// import, 0 to add, 0 to change, 0 to destroy", apply without a PATCH, and
// then plan empty, for an account with two contacts and every address line,
// one without phone numbers or a second address line, and a seeded one.
func TestAccAdobeCustomerList_generateConfigRoundTrip(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 30})
	activateAdobe(sb)
	sb.ChangeAdobeCustomer("1006374001", func(c *sandbox.AdobeCustomer) {
		c.AddressLine2, c.GlobalSalesEnabled = "Suite 5", true
		c.Contacts = append(c.Contacts, sandbox.AdobeContact{FirstName: "Ada", LastName: "Byron", Email: "ada@example.com", PhoneNumber: "+1 555 0100"})
	})
	sb.ChangeAdobeCustomer("1006374002", func(c *sandbox.AdobeCustomer) { c.Phone, c.Contacts[0].PhoneNumber = "", "" })
	wanted := []string{"1006374001", "1006374002", "1006374003"}
	tf := acctest.NewCLI(t)
	tf.Write("main.tf", acctest.CLIHeader+adobeProvider(url))
	tf.Write("accounts.tfquery.hcl", adobeListBlock("adopt", fmt.Sprintf(`config { ids = [%q, %q, %q] }`, wanted[0], wanted[1], wanted[2])))
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	require.NoError(t, tf.Init(ctx, tf.Reattach), "terraform init")

	sb.ResetCounts()
	assert.Equal(t, 3, tf.QueryGenerateConfig(ctx), "accounts found")
	generated := tf.Generated()
	for _, id := range wanted {
		assert.Contains(t, generated, fmt.Sprintf(`customer_id = %q`, id), "the identity in an import block")
	}
	for _, want := range []string{`address_line_2 = "Suite 5"`, `email        = "ada@example.com"`,
		`phone_number = null`, `global_sales_enabled  = true`} {
		assert.Contains(t, generated, want, "generated configuration:\n%s", generated)
	}
	// An empty address line is written as the CLI writes it for a plan's
	// -generate-config-out (Terraform 1.14: left out), so it is not managed.
	_, written := acctest.GeneratedEmptyText(t)
	require.False(t, written, "terraform query exists from Terraform 1.14, which leaves empty fields out")
	assert.Equal(t, 1, strings.Count(generated, "address_line_2"), generated)
	assert.Contains(t, generated, "company_name", "create-only attributes are generated with the account's values")
	assert.NotRegexp(t, `(?m)^\s*status\s*=`, generated, "read-only attributes are not generated")
	assert.Equal(t, 3, strings.Count(generated, `resource "commerce_adobe_vip_customer"`), generated)
	assert.Equal(t, 3, strings.Count(generated, "import {"), generated)
	assert.Equal(t, 3, sb.Count(adobeGetRoute), "one GET per account for the resource blocks")

	tf.ResetOutput()
	changes, err := tf.Plan(ctx, tf.Reattach, tfexec.Out("import.tfplan"))
	require.NoError(t, err, tf.Output())
	assert.True(t, changes)
	assert.Contains(t, tf.Output(), "Plan: 3 to import, 0 to add, 0 to change, 0 to destroy.")
	plan, err := tf.ShowPlanFile(ctx, "import.tfplan", tf.Reattach)
	require.NoError(t, err)
	require.Len(t, plan.ResourceChanges, 3)
	for _, rc := range plan.ResourceChanges {
		assert.True(t, rc.Change.Importing != nil && rc.Change.Actions.NoOp(), "%s: %v", rc.Address, rc.Change.Actions)
	}
	require.NoError(t, tf.Apply(ctx, tf.Reattach, tfexec.DirOrPlan("import.tfplan")), tf.Output())
	changes, err = tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	assert.False(t, changes, "the plan after the import:\n%s", tf.Output())
	assert.Zero(t, sb.Count(adobePatchRoute), "PATCHes while adopting the generated configuration")

	state, err := tf.Show(ctx, tf.Reattach)
	require.NoError(t, err)
	var imported []string
	for _, r := range state.Values.RootModule.Resources {
		imported = append(imported, fmt.Sprint(r.AttributeValues["customer_id"]))
	}
	slices.Sort(imported)
	assert.Equal(t, wanted, imported)
}
