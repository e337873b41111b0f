package provider_test

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
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/connect"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// listFilter is one list block of the filters test: its lines, the ids it
// must find in the server's order (or, with want nil, only how many), and
// how many records the server hands over for it (its pages of 50).
type listFilter struct {
	name    string
	lines   []string
	want    []string
	count   int
	scanned int
}

// listFault is a server error the list tests inject: the config of the list
// block's filter that meets it, and the query's error (acctest.ErrorLike).
type listFault struct {
	config, err string
	fault       sandbox.Fault
}

// listedCustomer is what the list tests (terraform query) need to know of a
// managed customer resource; the provider block, the list and get routes
// come from its platform's sandbox kit.
type listedCustomer struct {
	typeName, platform string
	// pageParam and sizeParam are the list request's query parameters;
	// page is how the index-th page of size looks in them ("page/size").
	pageParam, sizeParam string
	page                 func(index, size int) string
	updateRoute          string
	// listAll makes every seeded customer one that a list with no filter
	// finds; ordered is a config under which the list's order is known, and
	// inOrder the ids in it.
	listAll func(sb *sandbox.Server)
	ordered string
	inOrder func(sb *sandbox.Server) []string

	// filterCustomers are seeded for the filters test; filters adds the
	// customers it finds and returns its list blocks, the id of the one
	// customer block "one" finds and that customer's display name.
	filterCustomers int
	filters         func(t *testing.T, sb *sandbox.Server) (filters []listFilter, one, oneName string)
	// full readies a customer with every field among the first 12 of
	// inOrder and returns its id, display name and the values an
	// include_resource result carries.
	full func(t *testing.T, sb *sandbox.Server, ids []string) (id, name string, values []querycheck.KnownValueCheck)
	// invalid are list configs refused before any request, with the errors;
	// refused is a filter value only the server refuses; failedPage fails
	// the third page; otherPlatform is a provider block the list resource
	// refuses, with otherPlatformError.
	invalid                           [][2]string
	refused, failedPage               listFault
	otherPlatform, otherPlatformError string
	// example is the docs' query under examples/list-resources/, found the
	// list block's address and exampleFinds what it must find.
	example, found string
	exampleSeed    int
	exampleFinds   func(t *testing.T, sb *sandbox.Server) []string
	// adopt readies the customers the generated configuration adopts and
	// returns their ids, sorted; adopted checks the platform's fields in the
	// generated configuration.
	adopt   func(t *testing.T, sb *sandbox.Server) []string
	adopted func(t *testing.T, generated string)
}

var listedCustomers = []listedCustomer{
	{
		typeName: "commerce_customer", platform: sellercloud.Description.Name,
		pageParam: "model.pageNumber", sizeParam: "model.pageSize",
		page:        func(index, size int) string { return fmt.Sprintf("%d/%d", index+1, size) },
		updateRoute: sandbox.SellercloudUpdateRoute,
		listAll:     func(*sandbox.Server) {},
		ordered:     "config {}",
		inOrder:     func(sb *sandbox.Server) []string { return idStrings(sb.SellercloudIDs()) },

		filterCustomers: 60,
		filters: func(t *testing.T, sb *sandbox.Server) ([]listFilter, string, string) {
			many, pagePlusOne, one := addCompany(sb, 70, 137), addCompany(sb, 71, 51), addCompany(sb, 72, 1)
			first := mustCustomer(t, sb, sellercloudID(t, one[0]))
			return []listFilter{
				{name: "none", lines: []string{`config { company_ids = ["73"] }`}, want: []string{}, scanned: 0},
				{name: "one", lines: []string{`config { company_ids = ["72"] }`}, want: one, scanned: 1},
				{name: "page_plus_one", lines: []string{"limit = 1000", `config { company_ids = ["71"] }`}, want: pagePlusOne, scanned: 51},
				{name: "many", lines: []string{"limit = 1000", `config {
    company_ids = ["70"]
    rating      = "Satisfied"
  }`}, want: many, scanned: 137},
				// name is applied by the provider on the list's fields: it
				// reads every customer.
				{name: "by_name", lines: []string{"limit = 1000", `config { name = "Query C71-" }`}, want: pagePlusOne, scanned: len(sb.SellercloudIDs())},
			}, one[0], first.FirstName + " " + first.LastName + " <" + first.Email + ">"
		},
		full: func(t *testing.T, sb *sandbox.Server, _ []string) (string, string, []querycheck.KnownValueCheck) {
			full := mustCustomer(t, sb, 10001) // seeded with a title, a manager and an alias
			require.NotEmpty(t, full.Title)
			require.NotZero(t, full.AccountManagers[0].ID)
			return "10001", full.FirstName + " " + full.LastName + " <" + full.Email + ">", []querycheck.KnownValueCheck{
				{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact("10001")},
				{Path: tfjsonpath.New("customer_id"), KnownValue: knownvalue.StringExact("10001")},
				{Path: tfjsonpath.New("title"), KnownValue: knownvalue.StringExact(full.Title)},
				{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact(full.Name)},
				{Path: tfjsonpath.New("email"), KnownValue: knownvalue.StringExact(full.Email)},
				{Path: tfjsonpath.New("salesman"), KnownValue: knownvalue.StringExact(full.SalesMan)},
				{Path: tfjsonpath.New("company_id"), KnownValue: knownvalue.Int64Exact(int64(full.CompanyID))},
				{Path: tfjsonpath.New("account_managers").AtSliceIndex(0).AtMapKey("id"), KnownValue: knownvalue.Int64Exact(int64(full.AccountManagers[0].ID))},
				{Path: tfjsonpath.New("business_aliases"), KnownValue: knownvalue.SetSizeExact(len(full.BusinessAliases))},
			}
		},
		invalid: [][2]string{
			{`config { status = "active" }`, `Filter not supported on sellercloud .*Filter "status" is not supported on sellercloud`},
			{`config { customer_type = "Reseller" }`, `Invalid customer_type for sellercloud .*customer_type = "\w+" is not a value sellercloud accepts: "Retail", "Wholesale"\.`},
			{`config { ids = ["10001", "x1"] }`, `Invalid Sellercloud customer id .*"x1"`},
			{`config { company_ids = ["-3"] }`, `company_ids\[0\] is "-3"; it must be a positive whole number\.`},
		},
		refused: listFault{
			config: `config { city = "Atlantis" }`,
			fault: sandbox.Fault{Status: http.StatusBadRequest, Times: 1,
				Body:  `{"Message":"The value 'Atlantis' is not valid for City."}`,
				Match: func(r *http.Request) bool { return r.URL.Query().Get("model.city") == "Atlantis" }},
			err: `Listing customers failed .*sellercloud: the query failed after 0 customers, so its results are incomplete.*400.*The value 'Atlantis' is not valid for City`,
		},
		failedPage: listFault{
			fault: sandbox.Fault{Status: http.StatusInternalServerError, Body: `{"Message":"page three is on fire"}`, Match: sellercloudPage("3")},
			err:   `Listing customers failed .*the query failed after 100 customers, so its results are incomplete.*500.*page three is on fire`,
		},
		otherPlatform:      connect.Description.Name,
		otherPlatformError: `Platform not supported by commerce_customer list resource .*configured for "connect"`,

		// Every wholesale customer.
		example: "commerce_customer/list-resource.tfquery.hcl", found: "commerce_customer.wholesale", exampleSeed: 150,
		exampleFinds: func(t *testing.T, sb *sandbox.Server) []string {
			var wholesale []string
			for _, id := range sb.SellercloudIDs() {
				if mustCustomer(t, sb, id).IsWholesale {
					wholesale = append(wholesale, strconv.Itoa(id))
				}
			}
			return wholesale
		},

		// A customer with every field (a title, a manager, aliases), one
		// whose optional fields are all empty, and one in between.
		adopt: func(t *testing.T, sb *sandbox.Server) []string {
			sparse := sb.AddSellercloudCustomer(sandbox.SellercloudCustomer{})
			require.NotEmpty(t, mustCustomer(t, sb, 10001).BusinessAliases)
			wanted := []string{"10001", addCompany(sb, 9, 1)[0], strconv.Itoa(sparse)}
			slices.Sort(wanted) // ids of five digits: the text order is the numbers'
			return wanted
		},
		adopted: func(t *testing.T, generated string) {
			// Custom columns, order options and shipping preferences too
			// (customer 10001 has values in each).
			for _, want := range []string{`ERP_ID = "ERP-00001"`, `PRICE_TIER = "GOLD"`, `tax_id = "TX-000001"`, `carrier_method_id = 3`} {
				assert.Regexp(t, strings.ReplaceAll(regexp.QuoteMeta(want), " = ", ` +=`+" "), generated)
			}
			// The empty customer's text fields are left out: only the full
			// customer has a title line.
			assert.Equal(t, 1, strings.Count(generated, "  title "), generated)
			assert.NotContains(t, generated, "= null", "no empty field written as null")
		},
	},
	{
		typeName: "commerce_adobe_vip_customer", platform: adobevip.Description.Name,
		pageParam: "offset", sizeParam: "limit",
		page:        func(index, size int) string { return fmt.Sprintf("%d/%d", index*size, size) },
		updateRoute: sandbox.AdobePatchRoute,
		listAll:     activateAdobe,
		ordered: `config {
    sort_by    = "company_name"
    sort_order = "asc"
  }`,
		inOrder: activeByName,

		filterCustomers: 230,
		filters: func(t *testing.T, sb *sandbox.Server) ([]listFilter, string, string) {
			many, pagePlusOne, one := nameAdobe(sb, 0, 137, "Query Many"), nameAdobe(sb, 137, 51, "Query Page"), nameAdobe(sb, 188, 1, "Query One")
			var inactive []string
			for _, c := range sb.AdobeCustomers() {
				if c.Status == "1004" {
					inactive = append(inactive, c.CustomerID)
				}
			}
			require.NotEmpty(t, inactive)
			active := len(activeByName(sb))
			return []listFilter{
				{name: "none", lines: []string{byName("Query None")}, want: []string{}, scanned: 0},
				{name: "one", lines: []string{byName("Query One")}, want: one, scanned: 1},
				{name: "page_plus_one", lines: []string{"limit = 1000", byName("Query Page")}, want: pagePlusOne, scanned: 51},
				{name: "many", lines: []string{"limit = 1000", byName("Query Many")}, want: many, scanned: 137},
				// name and ids are applied by the provider on the list's
				// fields: they read every active account.
				{name: "by_name", lines: []string{"limit = 1000", `config {
    name       = "query page"
    sort_by    = "company_name"
    sort_order = "asc"
  }`}, want: pagePlusOne, scanned: active},
				{name: "by_ids", lines: []string{fmt.Sprintf(`config {
    ids        = [%q, %q]
    sort_by    = "company_name"
    sort_order = "asc"
  }`, many[3], one[0])}, want: []string{many[3], one[0]}, scanned: active},
				{name: "inactive", lines: []string{"limit = 1000", `config { status = "1004" }`}, count: len(inactive), scanned: len(inactive)},
				// Adobe's list items have no contacts: the display name is
				// the company's.
			}, one[0], "Query One 000"
		},
		full: func(t *testing.T, sb *sandbox.Server, ids []string) (string, string, []querycheck.KnownValueCheck) {
			sb.ChangeAdobeCustomer(ids[0], func(c *sandbox.AdobeCustomer) { c.AddressLine2, c.GlobalSalesEnabled = "Suite 5", true })
			full := mustAdobe(t, sb, ids[0])
			return full.CustomerID, full.CompanyName + " <" + full.Contacts[0].Email + ">", []querycheck.KnownValueCheck{
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
			}
		},
		invalid: [][2]string{
			{`config { city = "Albany" }`, `Filter not supported on adobe_vip .*Filter "city" is not supported on adobe_vip. adobe_vip supports: company_name`},
			{`config { status = "1010" }`, `Invalid status for adobe_vip .*status = "1010" is not a value adobe_vip accepts: "1000", "1002", "1004", "1026"\.`},
			{`config { sort_by = "updated_at" }`, `Invalid sort_by for adobe_vip`},
		},
		refused: listFault{
			config: `config { company_name = "**" }`,
			fault: sandbox.Fault{Status: http.StatusBadRequest, Times: 1,
				Body:  `{"code":"1117","message":"Some Fields are Invalid","additionalDetails":["company-name"]}`,
				Match: func(r *http.Request) bool { return r.URL.Query().Get("company-name") == "**" }},
			err: `Listing customers failed .*adobe_vip: the query failed after 0 customers, so its results are incomplete.*400.*Some Fields are Invalid \(code 1117: company-name\)`,
		},
		failedPage: listFault{
			fault: sandbox.Fault{Status: http.StatusInternalServerError, Body: `{"code":"1124","message":"page three is on fire"}`,
				Match: func(r *http.Request) bool { return r.URL.Query().Get("offset") == "100" }},
			err: `Listing customers failed .*the query failed after 100 customers, so its results are incomplete.*GET .*/customers.*500.*page three is on fire`,
		},
		otherPlatform:      sellercloud.Description.Name,
		otherPlatformError: `Platform not supported by commerce_adobe_vip_customer list resource .*configured for "sellercloud".*On Sellercloud, customers are managed with commerce_customer`,

		// The active accounts of companies whose name starts with "Acme".
		example: "commerce_adobe_vip_customer/list-resource.tfquery.hcl", found: "commerce_adobe_vip_customer.acme", exampleSeed: 60,
		exampleFinds: func(t *testing.T, sb *sandbox.Server) []string {
			var acme []string
			for _, id := range activeByName(sb) {
				if strings.HasPrefix(mustAdobe(t, sb, id).CompanyName, "Acme") {
					acme = append(acme, id)
				}
			}
			return acme
		},

		// An account with two contacts and every address line, one without
		// phone numbers or a second address line, and a seeded one.
		adopt: func(t *testing.T, sb *sandbox.Server) []string {
			activateAdobe(sb)
			sb.ChangeAdobeCustomer("1006374001", func(c *sandbox.AdobeCustomer) {
				c.AddressLine2, c.GlobalSalesEnabled = "Suite 5", true
				c.Contacts = append(c.Contacts, sandbox.AdobeContact{FirstName: "Ada", LastName: "Byron", Email: "ada@example.com", PhoneNumber: "+1 555 0100"})
			})
			sb.ChangeAdobeCustomer("1006374002", func(c *sandbox.AdobeCustomer) { c.Phone, c.Contacts[0].PhoneNumber = "", "" })
			return []string{"1006374001", "1006374002", "1006374003"}
		},
		adopted: func(t *testing.T, generated string) {
			for _, want := range []string{`address_line_2 = "Suite 5"`, `email        = "ada@example.com"`,
				`phone_number = null`, `global_sales_enabled  = true`} {
				assert.Contains(t, generated, want, "generated configuration:\n%s", generated)
			}
			// An empty address line is left out (Terraform 1.14), so it is
			// not managed.
			assert.Equal(t, 1, strings.Count(generated, "address_line_2"), generated)
			assert.Contains(t, generated, "company_name", "create-only attributes are generated with the account's values")
			assert.NotRegexp(t, `(?m)^\s*status\s*=`, generated, "read-only attributes are not generated")
		},
	},
}

func (l listedCustomer) provider(url string, extra ...string) string {
	return acctest.SandboxProvider(l.platform, url, extra...)
}

func (l listedCustomer) block(name string, lines ...string) string {
	return "list \"" + l.typeName + "\" \"" + name + "\" {\n  provider = commerce\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}

func (l listedCustomer) wire() acctest.ListWire {
	return acctest.WireOf(sandbox.KitFor(l.platform), l.pageParam, l.sizeParam)
}

// pagesOf are the pages of 50 that a read of n records asks for.
func (l listedCustomer) pagesOf(n int) []string {
	var out []string
	for i := 0; i == 0 || i*50 < n; i++ {
		out = append(out, l.page(i, 50))
	}
	return out
}

func idStrings(ids []int) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.Itoa(id)
	}
	return out
}

// addCompany adds n Sellercloud customers of company companyID and returns
// their ids in the server's order.
func addCompany(sb *sandbox.Server, companyID, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = strconv.Itoa(sb.AddSellercloudCustomer(sandbox.SellercloudCustomer{
			FirstName: "Query", LastName: fmt.Sprintf("C%d-%03d", companyID, i), Name: fmt.Sprintf("Query C%d-%03d", companyID, i),
			Email: fmt.Sprintf("query.c%d.%03d@example.com", companyID, i), CompanyID: companyID, Rating: 4, // Satisfied
		}))
	}
	return ids
}

// byName is the config of an Adobe list block that finds the active
// accounts whose company name starts with prefix, in the order of their
// names.
func byName(prefix string) string {
	return fmt.Sprintf(`config {
    company_name = "%s*"
    sort_by      = "company_name"
    sort_order   = "asc"
  }`, prefix)
}

// nameAdobe names n Adobe accounts from the first id on "prefix 000",
// "prefix 001", ... and makes them active; it returns their ids in name
// order.
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

// activeByName are the ids of the active Adobe accounts in the order of
// their company names, as Adobe sorts them (sort_by company_name,
// ascending).
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

// activateAdobe makes every seeded Adobe account active: Adobe lists only
// active accounts when status is not set.
func activateAdobe(sb *sandbox.Server) {
	for _, c := range sb.AdobeCustomers() {
		sb.ChangeAdobeCustomer(c.CustomerID, func(c *sandbox.AdobeCustomer) { c.Status = "1000" })
	}
}

// TestAccManagedCustomerList_filters, for each managed customer resource:
// list blocks with the data source's filters (server-side ones and ones the
// provider applies) find exactly the matching customers, each once and in
// the server's order, for 0, 1, page size + 1 (51) and 137 matches; each
// result carries the identity and a display name. The pages read are the
// ideal ones, and no customer is read one by one without include_resource.
func TestAccManagedCustomerList_filters(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	for _, l := range listedCustomers {
		t.Run(l.typeName, func(t *testing.T) {
			sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: l.filterCustomers})
			filters, one, oneName := l.filters(t, sb)
			config := l.provider(url)
			var checks []querycheck.QueryResultCheck
			var pages []string
			for _, f := range filters {
				address := l.typeName + "." + f.name
				config += l.block(f.name, f.lines...)
				if f.want != nil {
					checks = append(checks, querycheck.ExpectLength(address, len(f.want)), acctest.ExpectIdentities(address, f.want))
				} else {
					checks = append(checks, querycheck.ExpectLength(address, f.count))
				}
				pages = append(pages, l.pagesOf(f.scanned)...)
			}
			byOne := map[string]knownvalue.Check{"customer_id": knownvalue.StringExact(one)}
			acctest.Test(t, resource.TestStep{
				Query:     true,
				PreConfig: func() { sb.ResetCounts() },
				Config:    config,
				QueryResultChecks: append(checks,
					querycheck.ExpectIdentity(l.typeName+".one", byOne),
					querycheck.ExpectResourceDisplayName(l.typeName+".one", queryfilter.ByResourceIdentity(byOne), knownvalue.StringExact(oneName)),
					l.wire().Expect(sb, pages, 0),
				),
			})
		})
	}
}

// TestAccManagedCustomerList_includeResourceAndLimit, for each managed
// customer resource: limit = 10 is one list request for 10 customers, not
// every page; include_resource carries the whole resource object, with one
// GET per customer found and no more, and the display name.
func TestAccManagedCustomerList_includeResourceAndLimit(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	for _, l := range listedCustomers {
		t.Run(l.typeName, func(t *testing.T) {
			sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 137})
			l.listAll(sb)
			ids := l.inOrder(sb)
			id, name, values := l.full(t, sb, ids)
			require.Contains(t, ids[:12], id)
			byID := queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"customer_id": knownvalue.StringExact(id)})
			acctest.Test(t,
				resource.TestStep{
					Query:     true,
					PreConfig: func() { sb.ResetCounts() },
					Config:    l.provider(url) + l.block("ten", "limit = 10", l.ordered),
					QueryResultChecks: []querycheck.QueryResultCheck{
						acctest.ExpectIdentities(l.typeName+".ten", ids[:10]),
						l.wire().Expect(sb, []string{l.page(0, 10)}, 0),
					},
				},
				resource.TestStep{
					Query:     true,
					PreConfig: func() { sb.ResetCounts() },
					Config:    l.provider(url) + l.block("full", "limit = 12", "include_resource = true", l.ordered),
					QueryResultChecks: []querycheck.QueryResultCheck{
						acctest.ExpectIdentities(l.typeName+".full", ids[:12]),
						querycheck.ExpectResourceDisplayName(l.typeName+".full", byID, knownvalue.StringExact(name)),
						querycheck.ExpectResourceKnownValues(l.typeName+".full", byID, values),
						// One page of 12, then one GET per customer.
						l.wire().Expect(sb, []string{l.page(0, 12)}, 12),
					},
				},
			)
		})
	}
}

// TestAccManagedCustomerList_errors, for each managed customer resource: a
// filter the platform does not have, a value it does not accept, an id that
// cannot be its and a reversed time range are errors naming the attribute,
// before any request; a filter value the server refuses and a page that
// fails in the middle of the query fail the query with the server's
// message, never a partial result; another platform is refused by name;
// afterwards the list works.
func TestAccManagedCustomerList_errors(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	for _, l := range listedCustomers {
		t.Run(l.typeName, func(t *testing.T) {
			sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 137})
			l.listAll(sb)
			noRequests := acctest.NoRequestsSince(t, sb)
			var steps []resource.TestStep
			invalid := append(slices.Clone(l.invalid), [2]string{`config {
    created_from = "2024-02-01T00:00:00Z"
    created_to   = "2024-01-01T00:00:00Z"
  }`, `Invalid time range`})
			for _, c := range invalid {
				steps = append(steps, resource.TestStep{
					Query: true, Config: l.provider(url) + l.block("a", c[0]), ExpectError: acctest.ErrorLike(c[1]),
				})
			}
			steps = append(steps,
				resource.TestStep{
					Query: true,
					PreConfig: func() {
						noRequests()
						// The server refuses a filter value the provider
						// cannot know is wrong.
						sb.InjectFault(l.refused.fault)
					},
					Config:      l.provider(url) + l.block("a", l.refused.config),
					ExpectError: acctest.ErrorLike(l.refused.err),
				},
				resource.TestStep{
					Query:       true,
					PreConfig:   func() { sb.ResetCounts(); sb.InjectFault(l.failedPage.fault) },
					Config:      l.provider(url, "max_retries = 0", "max_concurrency = 1") + l.block("a", "limit = 1000", "config {}"),
					ExpectError: acctest.ErrorLike(l.failedPage.err),
				},
				resource.TestStep{
					Query:       true,
					PreConfig:   func() { sb.ClearFaults(); sb.ResetCounts() },
					Config:      acctest.SandboxProvider(l.otherPlatform, url) + l.block("a", "config {}"),
					ExpectError: acctest.ErrorLike(l.otherPlatformError),
				},
				resource.TestStep{
					Query:             true,
					PreConfig:         noRequests,
					Config:            l.provider(url) + l.block("a", "limit = 1000", "config {}"),
					QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength(l.typeName+".a", 137)},
				},
			)
			acctest.Test(t, steps...)
		})
	}
}

// TestAccManagedCustomerList_docsExample runs each managed customer
// resource's docs example query
// (examples/list-resources/<type>/list-resource.tfquery.hcl, which no check
// of make examples-check can read).
func TestAccManagedCustomerList_docsExample(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	for _, l := range listedCustomers {
		t.Run(l.typeName, func(t *testing.T) {
			example, err := os.ReadFile("../../examples/list-resources/" + l.example)
			require.NoError(t, err)
			sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: l.exampleSeed})
			want := l.exampleFinds(t, sb)
			require.NotEmpty(t, want)
			acctest.Test(t, resource.TestStep{
				Query:             true,
				Config:            l.provider(url) + string(example),
				QueryResultChecks: []querycheck.QueryResultCheck{acctest.ExpectIdentities(l.found, want)},
			})
		})
	}
}

// TestAccManagedCustomerList_generateConfigRoundTrip drives the CLI
// directly, for each managed customer resource: `terraform query
// -generate-config-out` writes an import block (by identity) and a resource
// block per customer found, with the platform's fields; they plan as "3 to
// import, 0 to add, 0 to change, 0 to destroy", apply without an update,
// and then plan empty.
func TestAccManagedCustomerList_generateConfigRoundTrip(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
	for _, l := range listedCustomers {
		t.Run(l.typeName, func(t *testing.T) {
			sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 30})
			wanted := l.adopt(t, sb)
			tf := acctest.NewCLI(t)
			tf.Write("main.tf", acctest.CLIHeader+l.provider(url))
			tf.Write("customers.tfquery.hcl", l.block("adopt", fmt.Sprintf(`config { ids = [%q, %q, %q] }`, wanted[0], wanted[1], wanted[2])))
			ctx := acctest.CommandContext(t)
			require.NoError(t, tf.Init(ctx, tf.Reattach), "terraform init\n%s", tf.Output())

			sb.ResetCounts()
			assert.Equal(t, 3, tf.QueryGenerateConfig(ctx), "customers found")
			generated := tf.Generated()
			for _, id := range wanted {
				assert.Contains(t, generated, fmt.Sprintf(`customer_id = %q`, id), "the identity in an import block")
			}
			_, written := acctest.GeneratedEmptyText(t)
			require.False(t, written, "terraform query exists from Terraform 1.14, which leaves empty fields out")
			l.adopted(t, generated)
			assert.Equal(t, 3, strings.Count(generated, `resource "`+l.typeName+`"`), generated)
			assert.Equal(t, 3, strings.Count(generated, "import {"), generated)
			assert.Equal(t, 3, sb.Count(sandbox.KitFor(l.platform).GetRoute), "one GET per customer for the resource blocks")

			tf.ResetOutput()
			changes, err := tf.Plan(ctx, tf.Reattach, tfexec.Out("import.tfplan"))
			require.NoError(t, err, tf.Output())
			assert.True(t, changes)
			assert.Contains(t, tf.Output(), "Plan: 3 to import, 0 to add, 0 to change, 0 to destroy.")
			tf.ImportAsPlanned(ctx, "import.tfplan", 3)
			assert.Zero(t, sb.Count(l.updateRoute), "updates while adopting the generated configuration")

			state, err := tf.Show(ctx, tf.Reattach)
			require.NoError(t, err)
			var imported []string
			for _, r := range state.Values.RootModule.Resources {
				imported = append(imported, fmt.Sprint(r.AttributeValues["customer_id"]))
			}
			slices.Sort(imported)
			assert.Equal(t, wanted, imported)
		})
	}
}
