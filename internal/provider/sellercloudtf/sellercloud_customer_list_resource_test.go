package sellercloudtf_test

import (
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/connect"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// expectFound checks the customer ids a list block found, in the order they
// came, and that each came once.
func expectFound(listAddress string, want []int) querycheck.QueryResultCheck {
	ids := make([]string, len(want))
	for i, id := range want {
		ids[i] = strconv.Itoa(id)
	}
	return acctest.ExpectIdentities(listAddress, ids)
}

var sellercloudWire = acctest.WireOf(kit, "model.pageNumber", "model.pageSize")

// addCompany adds n customers of Sellercloud company companyID and returns
// their ids in the server's order.
func addCompany(sb *sandbox.Server, companyID, n int) []int {
	ids := make([]int, n)
	for i := range ids {
		ids[i] = sb.AddSellercloudCustomer(sandbox.SellercloudCustomer{
			FirstName: "Query", LastName: fmt.Sprintf("C%d-%03d", companyID, i), Name: fmt.Sprintf("Query C%d-%03d", companyID, i),
			Email: fmt.Sprintf("query.c%d.%03d@example.com", companyID, i), CompanyID: companyID, Rating: 4, // Satisfied
		})
	}
	return ids
}

func listBlock(name string, lines ...string) string {
	return "list \"commerce_customer\" \"" + name + "\" {\n  provider = commerce\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}

// TestAccCustomerList_filters: list blocks with the data source's filters
// find exactly the matching customers, each once and in the server's order,
// for 0, 1, page size + 1 (51) and 137 matches, and a filter the provider
// applies (name) as well as server-side ones; each result carries the
// identity and a display name of name and email. The pages read are the
// ideal ones, and no customer is read one by one without include_resource.
func TestAccCustomerList_filters(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 60})
	many, pagePlusOne, one := addCompany(sb, 70, 137), addCompany(sb, 71, 51), addCompany(sb, 72, 1)
	first := mustCustomer(t, sb, one[0])
	acctest.Test(t, resource.TestStep{
		Query: true,
		PreConfig: func() {
			sb.ResetCounts()
		},
		Config: sellercloudProvider(url) +
			listBlock("none", `config { company_ids = ["73"] }`) +
			listBlock("one", `config { company_ids = ["72"] }`) +
			listBlock("page_plus_one", "limit = 1000", `config { company_ids = ["71"] }`) +
			listBlock("many", "limit = 1000", `config {
    company_ids = ["70"]
    rating      = "Satisfied"
  }`) +
			// name is applied by the provider on the list's fields.
			listBlock("by_name", "limit = 1000", `config { name = "Query C71-" }`),
		QueryResultChecks: []querycheck.QueryResultCheck{
			querycheck.ExpectLength("commerce_customer.none", 0),
			querycheck.ExpectLength("commerce_customer.one", 1),
			querycheck.ExpectLength("commerce_customer.page_plus_one", 51),
			querycheck.ExpectLength("commerce_customer.many", 137),
			expectFound("commerce_customer.one", one),
			expectFound("commerce_customer.page_plus_one", pagePlusOne),
			expectFound("commerce_customer.many", many),
			expectFound("commerce_customer.by_name", pagePlusOne),
			querycheck.ExpectIdentity("commerce_customer.one", map[string]knownvalue.Check{
				"customer_id": knownvalue.StringExact(strconv.Itoa(one[0])),
			}),
			querycheck.ExpectResourceDisplayName("commerce_customer.one",
				queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"customer_id": knownvalue.StringExact(strconv.Itoa(one[0]))}),
				knownvalue.StringExact(first.FirstName+" "+first.LastName+" <"+first.Email+">")),
			// none 1, one 1, page_plus_one 2, many 3, by_name: all 60+189 customers.
			sellercloudWire.Expect(sb, []string{"1/50", "1/50", "1/50", "2/50", "1/50", "2/50", "3/50",
				"1/50", "2/50", "3/50", "4/50", "5/50"}, 0),
		},
	})
}

// TestAccCustomerList_includeResourceAndLimit: include_resource carries the
// whole commerce_customer object, one GET per customer found and no more;
// limit = 10 is one list request for 10 customers, not every page.
func TestAccCustomerList_includeResourceAndLimit(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 137})
	ids := sb.SellercloudIDs()
	full := mustCustomer(t, sb, 10001) // seeded with a title, a manager and an alias
	require.NotEmpty(t, full.Title)
	require.NotZero(t, full.AccountManagers[0].ID)
	byID := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"customer_id": knownvalue.StringExact("10001")})
	acctest.Test(t,
		resource.TestStep{
			Query:     true,
			PreConfig: func() { sb.ResetCounts() },
			Config:    sellercloudProvider(url) + listBlock("ten", "limit = 10", "config {}"),
			QueryResultChecks: []querycheck.QueryResultCheck{
				expectFound("commerce_customer.ten", ids[:10]),
				sellercloudWire.Expect(sb, []string{"1/10"}, 0),
			},
		},
		resource.TestStep{
			Query:     true,
			PreConfig: func() { sb.ResetCounts() },
			Config:    sellercloudProvider(url) + listBlock("full", "limit = 12", "include_resource = true", "config {}"),
			QueryResultChecks: []querycheck.QueryResultCheck{
				expectFound("commerce_customer.full", ids[:12]),
				querycheck.ExpectResourceKnownValues("commerce_customer.full", byID, []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact("10001")},
					{Path: tfjsonpath.New("customer_id"), KnownValue: knownvalue.StringExact("10001")},
					{Path: tfjsonpath.New("title"), KnownValue: knownvalue.StringExact(full.Title)},
					{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact(full.Name)},
					{Path: tfjsonpath.New("email"), KnownValue: knownvalue.StringExact(full.Email)},
					{Path: tfjsonpath.New("salesman"), KnownValue: knownvalue.StringExact(full.SalesMan)},
					{Path: tfjsonpath.New("company_id"), KnownValue: knownvalue.Int64Exact(int64(full.CompanyID))},
					{Path: tfjsonpath.New("account_managers").AtSliceIndex(0).AtMapKey("id"), KnownValue: knownvalue.Int64Exact(int64(full.AccountManagers[0].ID))},
					{Path: tfjsonpath.New("business_aliases"), KnownValue: knownvalue.SetSizeExact(len(full.BusinessAliases))},
				}),
				// One page of 12, then one GET per customer.
				sellercloudWire.Expect(sb, []string{"1/12"}, 12),
			},
		},
	)
}

// TestAccCustomerList_errors: a filter Sellercloud does not have, a value it
// does not accept and an id that cannot be its are errors naming the
// attribute, before any request; a filter the server refuses and a page that
// fails in the middle of the query fail the query with the server's message,
// never a partial result; another platform is refused by name.
func TestAccCustomerList_errors(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 137})
	noRequests := acctest.NoRequestsSince(t, sb)
	acctest.Test(t,
		resource.TestStep{
			Query:       true,
			Config:      sellercloudProvider(url) + listBlock("a", `config { status = "active" }`),
			ExpectError: acctest.ErrorLike(`Filter not supported on sellercloud .*Filter "status" is not supported on sellercloud`),
		},
		resource.TestStep{
			Query:       true,
			Config:      sellercloudProvider(url) + listBlock("a", `config { customer_type = "Reseller" }`),
			ExpectError: acctest.ErrorLike(`Invalid customer_type for sellercloud .*customer_type = "\w+" is not a value sellercloud accepts: "Retail", "Wholesale"\.`),
		},
		resource.TestStep{
			Query:       true,
			Config:      sellercloudProvider(url) + listBlock("a", `config { ids = ["10001", "x1"] }`),
			ExpectError: acctest.ErrorLike(`Invalid Sellercloud customer id .*"x1"`),
		},
		resource.TestStep{
			Query:       true,
			Config:      sellercloudProvider(url) + listBlock("a", `config { company_ids = ["-3"] }`),
			ExpectError: acctest.ErrorLike(`company_ids\[0\] is "-3"; it must be a positive whole number\.`),
		},
		resource.TestStep{
			Query: true,
			Config: sellercloudProvider(url) + listBlock("a", `config {
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
					Body:  `{"Message":"The value 'Atlantis' is not valid for City."}`,
					Match: func(r *http.Request) bool { return r.URL.Query().Get("model.city") == "Atlantis" }})
			},
			Config:      sellercloudProvider(url) + listBlock("a", `config { city = "Atlantis" }`),
			ExpectError: acctest.ErrorLike(`Listing customers failed .*sellercloud: the query failed after 0 customers, so its results are incomplete.*400.*The value 'Atlantis' is not valid for City`),
		},
		resource.TestStep{
			Query: true,
			PreConfig: func() {
				sb.ResetCounts()
				sb.InjectFault(sandbox.Fault{Status: http.StatusInternalServerError, Body: `{"Message":"page three is on fire"}`,
					Match: sellercloudPage("3")})
			},
			Config: sellercloudProvider(url, "max_retries = 0", "max_concurrency = 1") +
				listBlock("a", "limit = 1000", "config {}"),
			ExpectError: acctest.ErrorLike(`Listing customers failed .*the query failed after 100 customers, so its results are incomplete.*500.*page three is on fire`),
		},
		resource.TestStep{
			Query:       true,
			PreConfig:   func() { sb.ClearFaults(); sb.ResetCounts() },
			Config:      acctest.SandboxProvider(connect.Description.Name, url) + listBlock("a", "config {}"),
			ExpectError: acctest.ErrorLike(`Platform not supported by commerce_customer list resource .*configured for "connect"`),
		},
		resource.TestStep{
			Query:     true,
			PreConfig: noRequests,
			Config:    sellercloudProvider(url) + listBlock("a", "limit = 1000", "config {}"),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("commerce_customer.a", 137),
			},
		},
	)
}

// TestAccCustomerList_docsExample runs the docs' example query
// (examples/list-resources/commerce_customer/list-resource.tfquery.hcl, which
// no check of make examples-check can read): every wholesale customer.
func TestAccCustomerList_docsExample(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	example, err := os.ReadFile("../../../examples/list-resources/commerce_customer/list-resource.tfquery.hcl")
	require.NoError(t, err)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 150})
	var wholesale []int
	for _, id := range sb.SellercloudIDs() {
		if mustCustomer(t, sb, id).IsWholesale {
			wholesale = append(wholesale, id)
		}
	}
	require.NotEmpty(t, wholesale)
	acctest.Test(t, resource.TestStep{
		Query:             true,
		Config:            sellercloudProvider(url) + string(example),
		QueryResultChecks: []querycheck.QueryResultCheck{expectFound("commerce_customer.wholesale", wholesale)},
	})
}

// TestAccCustomerList_generateConfigRoundTrip drives the CLI directly:
// `terraform query -generate-config-out` writes an import block (by identity)
// and a resource block per customer found; they plan as "3 to import, 0 to
// add, 0 to change, 0 to destroy", apply without a PUT, and then plan empty,
// for a customer with every field set and one with none.
func TestAccCustomerList_generateConfigRoundTrip(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 30})
	// A customer with every field (a title, a manager, aliases), one whose
	// optional fields are all empty, and one in between.
	sparse := sb.AddSellercloudCustomer(sandbox.SellercloudCustomer{})
	wanted := []int{10001, addCompany(sb, 9, 1)[0], sparse}
	slices.Sort(wanted)
	require.NotEmpty(t, mustCustomer(t, sb, 10001).BusinessAliases)
	tf := acctest.NewCLI(t)
	tf.Write("main.tf", acctest.CLIHeader+sellercloudProvider(url))
	tf.Write("customers.tfquery.hcl", listBlock("adopt", fmt.Sprintf(`config { ids = ["%d", "%d", "%d"] }`, wanted[0], wanted[1], wanted[2])))
	ctx := acctest.CommandContext(t)
	require.NoError(t, tf.Init(ctx, tf.Reattach), "terraform init\n%s", tf.Output())

	sb.ResetCounts()
	msgs, err := tf.QueryJSON(ctx, tf.Reattach, tfexec.GenerateConfigOut("generated.tf"))
	require.NoError(t, err)
	found := 0
	for m := range msgs {
		require.NoError(t, m.Err, "terraform query -generate-config-out\n%s", tf.Output())
		if m.Msg == nil {
			continue
		}
		require.NotEqual(t, tfjson.Error, m.Msg.Level(), "terraform query: %s", m.Msg.Message())
		if _, ok := m.Msg.(tfjson.ListResourceFoundMessage); ok {
			found++
		}
	}
	assert.Equal(t, 3, found, "customers found")
	tf.RestoreStdout() // QueryJSON took stdout for its messages
	generated := tf.Generated()
	for _, id := range wanted {
		assert.Contains(t, generated, fmt.Sprintf(`customer_id = "%d"`, id), "the identity in an import block")
	}
	assert.Equal(t, 3, strings.Count(generated, `resource "commerce_customer"`), generated)
	// Custom columns, order options and shipping preferences too (customer
	// 10001 has values in each).
	for _, want := range []string{`ERP_ID = "ERP-00001"`, `PRICE_TIER = "GOLD"`, `tax_id = "TX-000001"`, `carrier_method_id = 3`} {
		assert.Regexp(t, strings.ReplaceAll(regexp.QuoteMeta(want), " = ", ` +=`+" "), generated)
	}
	assert.Equal(t, 3, strings.Count(generated, "import {"), generated)
	assert.Equal(t, 3, sb.Count(customerGetRoute), "one GET per customer for the resource blocks")
	// The empty customer's text fields are left out, as the docs say
	// Terraform 1.14 writes them: only the full customer has a title line.
	_, written := acctest.GeneratedEmptyText(t)
	require.False(t, written, "terraform query exists from Terraform 1.14, which leaves empty fields out")
	assert.Equal(t, 1, strings.Count(generated, "  title "), generated)
	assert.NotContains(t, generated, "= null", "no empty field written as null")

	tf.ResetOutput()
	changes, err := tf.Plan(ctx, tf.Reattach, tfexec.Out("import.tfplan"))
	require.NoError(t, err, tf.Output())
	assert.True(t, changes)
	assert.Contains(t, tf.Output(), "Plan: 3 to import, 0 to add, 0 to change, 0 to destroy.")
	tf.ImportAsPlanned(ctx, "import.tfplan", 3)
	assert.Zero(t, sb.Count(customerPutRoute), "PUTs while adopting the generated configuration")

	state, err := tf.Show(ctx, tf.Reattach)
	require.NoError(t, err)
	var imported []int
	for _, r := range state.Values.RootModule.Resources {
		id, _ := strconv.Atoi(fmt.Sprint(r.AttributeValues["customer_id"]))
		imported = append(imported, id)
	}
	slices.Sort(imported)
	assert.Equal(t, wanted, imported)
}
