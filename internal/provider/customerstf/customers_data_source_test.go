package customerstf_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/customerstf"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

var (
	listRoute        = sandbox.KitFor("sellercloud").ListRoute
	customerGetRoute = sandbox.KitFor("sellercloud").GetRoute
)

// TestAccCustomers_pagingBoundaries reads 0, 1, page size, page size + 1 and
// 137 customers and checks that every customer arrives once, with
// ceil(n / 50) requests (one request for an empty list).
func TestAccCustomers_pagingBoundaries(t *testing.T) {
	for _, n := range []int{0, 1, 50, 51, 137} {
		t.Run(fmt.Sprintf("%d_customers", n), func(t *testing.T) {
			seed := n
			if n == 0 {
				seed = -1 // an empty store
			}
			sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: seed})
			checks := []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.commerce_customers.all", tfjsonpath.New("total_results"), knownvalue.Int64Exact(int64(n))),
				statecheck.ExpectKnownValue("data.commerce_customers.all", tfjsonpath.New("truncated"), knownvalue.Bool(false)),
				statecheck.ExpectKnownOutputValue("unique", knownvalue.Int64Exact(int64(n))),
			}
			if n == 1 {
				checks = append(checks, statecheck.ExpectKnownValue("data.commerce_customers.all", tfjsonpath.New("customers").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id":            knownvalue.StringExact("10001"),
					"first_name":    acctest.NonEmpty,
					"email":         knownvalue.StringRegexp(regexp.MustCompile(`@example\.com$`)),
					"customer_type": knownvalue.StringExact("Wholesale"),
					"raw":           knownvalue.StringExact(""), // without include_raw
				})))
			}
			acctest.Test(t, resource.TestStep{
				Config: acctest.SandboxProvider(sellercloud.Description.Name, url) + `
data "commerce_customers" "all" {}
output "unique" {
  value = length(distinct(data.commerce_customers.all.customers[*].id))
}
`,
				ConfigStateChecks: checks,
				Check: func(*terraform.State) error {
					if got, want := sb.Count(listRoute), max(1, (n+49)/50); got != want {
						return fmt.Errorf("%d list requests, want %d", got, want)
					}
					return nil
				},
			})
		})
	}
}

// TestAccCustomers_filtersReachServer sets every filter and checks the query
// the server received: swagger names (model.*), enums as numbers, booleans as
// 0/1, times as mm/dd/yyyy hh:mm in UTC.
func TestAccCustomers_filtersReachServer(t *testing.T) {
	sb, base := acctest.StartSandbox(t, sandbox.Options{})
	cfg := acctest.SandboxProvider(sellercloud.Description.Name, base) + `
data "commerce_customers" "all_filters" {
  ids            = ["10001", "10002"]
  first_name     = "Ava"
  last_name      = "Smith"
  email          = "ava@example.com"
  rating         = "Disatisfied"
  customer_type  = "Wholesale"
  subscribed     = true
  created_from   = "2021-01-01T00:00:00Z"
  created_to     = "2024-06-30T23:59:00+02:00"
  modified_from  = "2021-02-03T04:05:00Z"
  modified_to    = "2025-12-31T00:00:00Z"
  phone_number   = "555"
  city           = "Austin"
  zip_code       = "78701"
  exported       = false
  channel        = "Amazon"
  corporate_name = "Acme"
  company_ids    = ["1", "3"]
  keyword        = "wholesale"
  page_size      = 20
}
`
	want := url.Values{
		"model.customerIds":    {"10001", "10002"},
		"model.firstName":      {"Ava"},
		"model.lastName":       {"Smith"},
		"model.email":          {"ava@example.com"},
		"model.rating":         {"2"},
		"model.customerType":   {"1"},
		"model.subscribed":     {"1"},
		"model.createdOnFrom":  {"01/01/2021 00:00"},
		"model.createdOnTo":    {"06/30/2024 21:59"},
		"model.modifiedOnFrom": {"02/03/2021 04:05"},
		"model.modifiedOnTo":   {"12/31/2025 00:00"},
		"model.phoneNumber":    {"555"},
		"model.city":           {"Austin"},
		"model.zipCode":        {"78701"},
		"model.exported":       {"0"},
		"model.channel":        {"4"},
		"model.corporateName":  {"Acme"},
		"model.companyIds":     {"1", "3"},
		"model.keyword":        {"wholesale"},
		"model.pageNumber":     {"1"},
		"model.pageSize":       {"20"},
	}
	acctest.Test(t, resource.TestStep{
		Config: cfg,
		Check: func(*terraform.State) error {
			for _, r := range sb.Requests() {
				if r.Pattern != listRoute {
					continue
				}
				got := r.Query
				for k := range got {
					if _, ok := want[k]; !ok {
						return fmt.Errorf("unexpected query parameter %s=%v", k, got[k])
					}
				}
				for k, v := range want {
					if !sameSet(got[k], v) {
						return fmt.Errorf("query parameter %s = %v, want %v", k, got[k], v)
					}
				}
				return nil
			}
			return fmt.Errorf("no list request reached the sandbox")
		},
	})
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		seen[s]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

// TestAccCustomers_filteredResults checks that filters select the right
// customers end to end, and that max_results caps the list and says so.
func TestAccCustomers_filteredResults(t *testing.T) {
	_, url := acctest.StartSandbox(t, sandbox.Options{})
	cfg := acctest.SandboxProvider(sellercloud.Description.Name, url) + `
data "commerce_customers" "wholesale_austin" {
  customer_type = "Wholesale"
  city          = "Austin"
}
data "commerce_customers" "capped" {
  max_results = 7
  page_size   = 5
}
data "commerce_customers" "none" {
  email = "nobody-has-this-address"
}
output "all_wholesale" {
  value = alltrue([for c in data.commerce_customers.wholesale_austin.customers : c.customer_type == "Wholesale"])
}
`
	acctest.Test(t, resource.TestStep{
		Config: cfg,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("all_wholesale", knownvalue.Bool(true)),
			statecheck.ExpectKnownValue("data.commerce_customers.wholesale_austin", tfjsonpath.New("customers"), knownvalue.ListSizeExact(7)),
			statecheck.ExpectKnownValue("data.commerce_customers.capped", tfjsonpath.New("customers"), knownvalue.ListSizeExact(7)),
			statecheck.ExpectKnownValue("data.commerce_customers.capped", tfjsonpath.New("truncated"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue("data.commerce_customers.capped", tfjsonpath.New("total_results"), knownvalue.Int64Exact(250)),
			statecheck.ExpectKnownValue("data.commerce_customers.none", tfjsonpath.New("customers"), knownvalue.ListSizeExact(0)),
			statecheck.ExpectKnownValue("data.commerce_customers.none", tfjsonpath.New("total_results"), knownvalue.Int64Exact(0)),
		},
	})
}

// TestAccCustomers_serverCapsPageSize: the server serves 20 per page although
// 50 were asked; all 137 still arrive, with ceil(137/20) requests per read.
func TestAccCustomers_serverCapsPageSize(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 137})
	sb.SetPageSizeCap(20)
	acctest.Test(t, resource.TestStep{
		Config: acctest.SandboxProvider(sellercloud.Description.Name, url) + `
data "commerce_customers" "all" {}
output "unique" {
  value = length(distinct(data.commerce_customers.all.customers[*].id))
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("unique", knownvalue.Int64Exact(137)),
		},
		Check: func(*terraform.State) error {
			if got, want := sb.Count(listRoute), 7; got != want {
				return fmt.Errorf("%d list requests, want %d", got, want)
			}
			return nil
		},
	})
}

// TestAccCustomers_apiErrors: a bad token is a 401 diagnostic; a 500 on a
// middle page fails the whole read with method, path, status and message.
func TestAccCustomers_apiErrors(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 137})
	sb.InjectFault(sandbox.Fault{
		Match:  sellercloudPage("2"),
		Status: http.StatusInternalServerError,
		Body:   `{"Message":"An error has occurred on page two."}`,
	})
	badToken := acctest.SandboxProvider(sellercloud.Description.Name, url, `token = "wrong"`)
	acctest.Test(t,
		resource.TestStep{
			Config:      badToken + `data "commerce_customers" "all" {}`,
			ExpectError: acctest.ErrorLike(`GET /Customers: HTTP 401 Unauthorized: Not Valid Token`),
		},
		resource.TestStep{
			Config:      acctest.SandboxProvider(sellercloud.Description.Name, url, "max_retries = 1") + `data "commerce_customers" "all" {}`,
			ExpectError: acctest.ErrorLike(`nothing was read into state.*GET /Customers: HTTP 500 Internal Server Error: An error has occurred on page two`),
		},
	)
}

// TestAccCustomers_badInput: every bad input is a plan-time error that names
// the attribute, before any request is sent.
func TestAccCustomers_badInput(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{})
	cases := []struct{ body, want string }{
		{`rating = "Happy"`, `Invalid rating for sellercloud .*rating = "Happy" is not a value sellercloud accepts: "NotRated", "Very_Disatisfied", "Disatisfied", "Neutral", "Satisfied", "Very_Satisfied"\.`},
		{`customer_type = "Reseller"`, `Invalid customer_type for sellercloud .*customer_type = "Reseller" is not a value sellercloud accepts: "Retail", "Wholesale"\.`},
		{`customer_type = "wholesale"`, `customer_type = "wholesale" is not a value sellercloud accepts: "Retail", "Wholesale"\. Values are case-sensitive: did you mean "Wholesale"\?`},
		{`customer_type = "Wholsale"`, `Did you mean "Wholesale"\?`},
		{`page_size = 0`, `Invalid page_size .*page_size is 0; it must be a whole number from 1 to 1000\.`},
		{`page_size = 60`, `(?s)page_size out of range.*sellercloud serves at most 50`},
		{`created_from = "2024-01-31"`, `(?s)created_from: "2024-01-31" is not an RFC 3339 timestamp.*for example\s+"2024-01-01T00:00:00Z"`},
		{`ids = ["10001", "abc"]`, `Invalid Sellercloud customer id .*"abc" is not a Sellercloud customer id \(a whole number from 1 to 2147483647\)`},
		{`ids = ["2147483648"]`, `"2147483648" is not a Sellercloud customer id \(a whole number from 1 to 2147483647\)`},
		{`ids = []`, `Invalid ids .*ids is empty; give it at least 1 element, or leave it out\.`},
		{`company_ids = ["-3"]`, `Invalid company_ids .*an element of company_ids is "-3"; it must be a positive whole number\.`},
		{`created_from = "2024-02-01T00:00:00Z"
  created_to = "2024-01-01T00:00:00Z"`, `(?s)created_from.*is after created_to`},
		{`channel = "Myspace"`, `Invalid channel for sellercloud .*channel = "Myspace" is not a value sellercloud accepts`},
		{`sort_order = "ascending"`, `Invalid sort_order .*sort_order is "ascending"; it must be "asc" or "desc"\.`},
		{`max_results = 0`, `Invalid max_results .*max_results is 0; it must be a whole number, at least 1\.`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      acctest.SandboxProvider(sellercloud.Description.Name, url) + "data \"commerce_customers\" \"bad\" {\n  " + c.body + "\n}\n",
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(c.want),
		})
	}
	steps = append(steps, resource.TestStep{
		Config: acctest.SandboxProvider(sellercloud.Description.Name, url) + `data "commerce_customers" "ok" { max_results = 1 }`,
		Check: func(*terraform.State) error {
			// Only this last, valid step may have reached the server.
			if got := sb.Count(listRoute); got != 1 {
				return fmt.Errorf("%d list requests, want 1 (bad input must not reach the server)", got)
			}
			return nil
		},
	})
	acctest.Test(t, steps...)
}

// TestAccCustomers_rawOnlyWhenAskedFor: without include_raw every customer's
// raw is "" and the state holds the documented fields only, nothing of the
// server's objects; with include_raw = true, raw is each customer's JSON.
func TestAccCustomers_rawOnlyWhenAskedFor(t *testing.T) {
	_, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	documented := map[string]bool{}
	for _, name := range customerstf.ItemFields() {
		documented[name] = true
	}
	const ds = "data.commerce_customers.all"
	state := func(includeRaw bool) func(*terraform.State) error {
		return func(s *terraform.State) error {
			rs := s.RootModule().Resources[ds]
			if rs == nil {
				return fmt.Errorf("%s not in state", ds)
			}
			items := 0
			for key, value := range rs.Primary.Attributes {
				rest, ok := strings.CutPrefix(key, "customers.")
				if !ok || rest == "#" {
					continue
				}
				_, field, _ := strings.Cut(rest, ".")
				switch {
				case field == "%":
					items++
				case !documented[field]:
					return fmt.Errorf("%s: a field the docs do not list", key)
				case field == "raw" && !includeRaw && value != "":
					return fmt.Errorf("%s = %q without include_raw", key, value)
				case field == "raw" && includeRaw && !strings.Contains(value, `"UserID":`):
					return fmt.Errorf("%s = %q with include_raw", key, value)
				case !includeRaw && strings.Contains(value, `"UserID"`):
					return fmt.Errorf("%s holds the server's JSON without include_raw", key)
				}
			}
			if items != 5 {
				return fmt.Errorf("%d customers in state, want 5", items)
			}
			return nil
		}
	}
	acctest.Test(t,
		resource.TestStep{Config: acctest.SandboxProvider(sellercloud.Description.Name, url) + `data "commerce_customers" "all" {}`, Check: state(false)},
		resource.TestStep{Config: acctest.SandboxProvider(sellercloud.Description.Name, url) + `data "commerce_customers" "all" {
  include_raw = true
}`, Check: state(true)},
	)
}
