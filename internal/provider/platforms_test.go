package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/connect"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

const (
	adobeListRoute   = "GET " + sandbox.AdobeVIPRoot + "/v3/resellers/{reseller}/customers"
	adobeGetRoute    = "GET " + sandbox.AdobeVIPRoot + "/v3/customers/{id}"
	connectListRoute = "GET " + sandbox.ConnectRoot + "/customers"
	trutoListRoute   = "GET " + sandbox.TrutoRoot + "/unified/ecommerce/customers"
	trutoGetRoute    = trutoListRoute + "/{id}"
)

// idsOutput checks an output holding a list of ids.
func idsOutput(name string, ids []string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.StringExact(id)
	}
	return statecheck.ExpectKnownOutputValue(name, knownvalue.ListExact(checks))
}

func hclList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = fmt.Sprintf("%q", v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// planErrors turns (config, error pattern) pairs into plan-only steps; the
// first resets the sandbox's request log and the step after them asserts that
// none of them sent a request.
func planErrors(sb *sandbox.Server, cases [][2]string) []resource.TestStep {
	var steps []resource.TestStep
	for i, c := range cases {
		step := resource.TestStep{Config: c[0], PlanOnly: true, ExpectError: errorLike(c[1])}
		if i == 0 {
			step.PreConfig = sb.ResetCounts
		}
		steps = append(steps, step)
	}
	return steps
}

// noRequestsSince is a PreConfig that checks that nothing reached the sandbox
// since its counts were last reset (by the steps before: plan-time errors).
func noRequestsSince(t *testing.T, sb *sandbox.Server) func() {
	return func() { assert.Zero(t, sb.TotalRequests(), "requests that reached the sandbox") }
}

// TestAccAdobeVIP_customers: every active customer over several pages (the
// pages after the first concurrently, each request with Adobe's ids); every
// server-side filter on the wire under Adobe's names; ids and name applied
// locally; include_details reading full records; then the plan-time errors
// (unsupported filter, bad values, missing settings, the resource) that send
// nothing, and the 401/403 paths.
func TestAccAdobeVIP_customers(t *testing.T) {
	sb, base := startSandbox(t, sandbox.Options{AdobeCustomers: 137})
	all := sb.AdobeCustomers()
	active := testutil.AdobeActiveIDs(sb)
	// Pending accounts whose company name has an A, created 2021-02-01..2024-12-31, by name.
	var filtered []sandbox.AdobeCustomer
	for _, c := range all {
		day := c.CreationDate.Format("2006-01-02")
		if c.Status == "1002" && strings.Contains(strings.ToLower(c.CompanyName), "a") && day >= "2021-02-01" && day <= "2024-12-31" {
			filtered = append(filtered, c)
		}
	}
	slices.SortStableFunc(filtered, func(a, b sandbox.AdobeCustomer) int {
		if c := strings.Compare(strings.ToLower(a.CompanyName), strings.ToLower(b.CompanyName)); c != 0 {
			return c
		}
		return strings.Compare(a.CustomerID, b.CustomerID)
	})
	var filteredIDs []string
	for _, c := range filtered {
		filteredIDs = append(filteredIDs, c.CustomerID)
	}
	require.NotEmpty(t, filteredIDs, "the seed has pending customers for the filters")
	require.Greater(t, len(active), 100, "the seed has active customers over several pages")
	// ids and name are local: two ids, a name that only the first one has.
	one, _ := sb.AdobeCustomer(active[0])
	nameFilter := strings.ToLower(one.CompanyName[2:])
	var other sandbox.AdobeCustomer
	for _, id := range active[1:] {
		if c, _ := sb.AdobeCustomer(id); !strings.Contains(strings.ToLower(c.CompanyName), nameFilter) {
			other = c
			break
		}
	}
	pages := (len(active) + 19) / 20

	cfg := adobeProvider(base) + fmt.Sprintf(`
data "commerce_customers" "all" {
  page_size   = 20
  include_raw = true
}
data "commerce_customers" "filtered" {
  status       = "1002"
  company_name = "*A*"
  created_from = "2021-02-01T00:00:00Z"
  created_to   = "2024-12-31T22:00:00Z"
  sort_by      = "company_name"
  sort_order   = "asc"
}
data "commerce_customers" "local" {
  ids  = %s
  name = %q
}
data "commerce_customers" "details" {
  include_details = true
  include_raw     = true
  max_results     = 3
}
output "all_unique" {
  value = length(distinct(data.commerce_customers.all.customers[*].id))
}
output "filtered_ids" {
  value = data.commerce_customers.filtered.customers[*].id
}
output "local_ids" {
  value = data.commerce_customers.local.customers[*].id
}
output "detail_emails" {
  value = [for c in data.commerce_customers.details.customers : c.email if c.email != ""]
}
`, hclList([]string{one.CustomerID, other.CustomerID, "1000000001"}), nameFilter)

	bad := func(body string) string {
		return adobeProvider(base) + "data \"commerce_customers\" \"bad\" {\n  " + body + "\n}\n"
	}
	steps := []resource.TestStep{{
		Config: cfg,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.commerce_customers.all", tfjsonpath.New("total_results"), knownvalue.Int64Exact(int64(len(active)))),
			statecheck.ExpectKnownOutputValue("all_unique", knownvalue.Int64Exact(int64(len(active)))),
			statecheck.ExpectKnownValue("data.commerce_customers.all", tfjsonpath.New("customers").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"id":           knownvalue.StringExact(active[0]),
				"name":         knownvalue.StringExact(one.CompanyName),
				"status":       knownvalue.StringExact("1000"),
				"created_at":   knownvalue.StringRegexp(regexp.MustCompile(`^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)),
				"external_id":  nonEmpty,
				"email":        knownvalue.StringExact(""), // sparse list item
				"first_name":   knownvalue.StringExact(""),
				"raw":          knownvalue.StringRegexp(regexp.MustCompile(`"links"`)),
				"company_name": nonEmpty,
			})),
			idsOutput("filtered_ids", filteredIDs),
			idsOutput("local_ids", []string{one.CustomerID}),
			statecheck.ExpectKnownOutputValue("detail_emails", knownvalue.ListSizeExact(3)),
			statecheck.ExpectKnownValue("data.commerce_customers.details", tfjsonpath.New("customers").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"first_name":    nonEmpty,
				"phone":         knownvalue.StringRegexp(regexp.MustCompile(`^\+1 555`)),
				"customer_type": knownvalue.StringRegexp(regexp.MustCompile(`^(COM|EDU|GOV)$`)),
				"raw":           knownvalue.StringRegexp(regexp.MustCompile(`"contacts"`)),
			})),
			statecheck.ExpectKnownValue("data.commerce_customers.details", tfjsonpath.New("truncated"), knownvalue.Bool(true)),
		},
		Check: func(*terraform.State) error {
			var pageReqs, filteredReqs int
			reqIDs := map[string]bool{}
			for _, r := range sb.Requests() {
				if reqIDs[r.Header.Get("X-Request-Id")] || r.Header.Get("X-Correlation-Id") == "" {
					return fmt.Errorf("request %s: X-Request-Id must be fresh and X-Correlation-Id set", r.Path)
				}
				reqIDs[r.Header.Get("X-Request-Id")] = true
				if r.Pattern != adobeListRoute {
					continue
				}
				q := r.Query
				if q.Has("ids") || q.Has("name") || q.Has("customerId") {
					return fmt.Errorf("a local filter reached the server: %s", q.Encode())
				}
				if q.Get("limit") == "20" {
					pageReqs++
				}
				if q.Get("status") == "1002" {
					filteredReqs++
					for k, v := range map[string]string{"company-name": "*A*", "from-created-date": "2021-02-01", "to-created-date": "2024-12-31", "sort-by": "companyName", "order-by": "asc"} {
						if q.Get(k) != v {
							return fmt.Errorf("filtered request: %s = %q, want %q", k, q.Get(k), v)
						}
					}
				}
			}
			if pageReqs != pages || filteredReqs != 1 {
				return fmt.Errorf("%d page requests (want %d), %d filtered requests (want 1)", pageReqs, pages, filteredReqs)
			}
			if n := sb.Count(adobeGetRoute); n != 3 {
				return fmt.Errorf("%d full-record requests, want 3 (include_details, max_results = 3)", n)
			}
			return nil
		},
	}}
	steps = append(steps, planErrors(sb, [][2]string{
		{bad(`email = "ava@example.com"`), `Filter not supported on adobe_vip.*email.*Filter "email" is not supported on adobe_vip. adobe_vip supports: company_name, created_from, created_to, sort_by, sort_order, status \(sent to the API\); ids, name \(applied by the provider on the returned fields\)`},
		{bad(`status = "active"`), `Invalid status for adobe_vip .*status = "active" is not a value adobe_vip accepts: "1000", "1002", "1004", "1026"\.`},
		{bad(`sort_by = "updated_at"`), `sort_by = "updated_at" is not a value adobe_vip accepts: "created_at", "company_name"\.`},
		{providerBlock(`platform = "adobe_vip"`, fmt.Sprintf("base_url = %q", base+sandbox.AdobeVIPRoot)) + oneCustomer,
			`Missing reseller_id for adobe_vip.*reseller_id \(in the provider block or COMMERCE_ADOBE_VIP_RESELLER_ID\)`},
		{providerBlock(`platform = "adobe_vip"`, fmt.Sprintf("base_url = %q", base+sandbox.AdobeVIPRoot), `reseller_id = "r"`) + oneCustomer,
			`Missing Adobe VIP Marketplace credentials.*set either client_id \(in the provider block or COMMERCE_ADOBE_VIP_CLIENT_ID\) and client_secret \(in the provider block or COMMERCE_ADOBE_VIP_CLIENT_SECRET\), or token \(in the provider block or COMMERCE_ADOBE_VIP_TOKEN\) and api_key \(in the provider block or COMMERCE_ADOBE_VIP_API_KEY\)`},
		{adobeProvider(base) + `resource "commerce_customer" "x" { customer_id = "10001" }`, `works with Sellercloud customers.*"adobe_vip".*On Adobe VIP Marketplace, customers are managed with commerce_adobe_vip_customer`},
	})...)
	steps = append(steps,
		resource.TestStep{
			PreConfig:   noRequestsSince(t, sb),
			Config:      adobeProvider(base, `api_key = "wrong"`) + oneCustomer,
			PlanOnly:    true,
			ExpectError: errorLike(`GET /v3/resellers/1000361686/customers: HTTP 403 Forbidden: Invalid or missing API key \(code 4115\)`),
		},
		resource.TestStep{
			Config:      adobeProvider(base, `token = "expired"`) + oneCustomer,
			PlanOnly:    true,
			ExpectError: errorLike(`HTTP 401 Unauthorized: Invalid token \(code 4116\)`),
		},
	)
	accTest(t, steps...)
}

// TestAccConnect_customers: cursor paging (and the older offset form through
// a second provider alias), keyword as the server's free-text search,
// customer_type, email and phone_number applied locally, then the plan-time
// errors that send nothing and the 401/403 paths.
func TestAccConnect_customers(t *testing.T) {
	sb, base := startSandbox(t, sandbox.Options{ConnectCustomers: 137})
	old, oldBase := startSandbox(t, sandbox.Options{ConnectCustomers: 137, ConnectOffsetPaging: true})
	all := sb.ConnectCustomers()
	var search []string
	for _, c := range all {
		if strings.Contains(c.ReferenceID, "crm-customer-001") && c.CustomerType == "BUSINESS" && strings.Contains(c.Email, "example.com") {
			search = append(search, c.CustomerID)
		}
	}
	target := all[5]
	// One provider block per step: in-process test providers serve every alias
	// from one provider instance, so aliases would share one configuration.
	cfg := connectProvider(base) + fmt.Sprintf(`
data "commerce_customers" "all" {
  page_size = 40
}
data "commerce_customers" "search" {
  keyword       = "crm-customer-001"
  customer_type = "BUSINESS"
  email         = "example.com"
}
data "commerce_customers" "phone" {
  phone_number = %q
}
output "all_unique" {
  value = length(distinct(data.commerce_customers.all.customers[*].id))
}
output "search_ids" {
  value = data.commerce_customers.search.customers[*].id
}
output "phone_ids" {
  value = data.commerce_customers.phone.customers[*].id
}
`, strings.ReplaceAll(target.MSISDN, "+1555", "+1 (555) "))
	bad := func(body string) string {
		return connectProvider(base) + "data \"commerce_customers\" \"bad\" {\n  " + body + "\n}\n"
	}
	steps := []resource.TestStep{{
		Config: cfg,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("all_unique", knownvalue.Int64Exact(137)),
			statecheck.ExpectKnownValue("data.commerce_customers.all", tfjsonpath.New("customers").AtSliceIndex(5), knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"id":            knownvalue.StringExact(target.CustomerID),
				"name":          knownvalue.StringExact(target.Name),
				"email":         knownvalue.StringExact(target.Email),
				"phone":         knownvalue.StringExact(target.MSISDN),
				"customer_type": knownvalue.StringExact(target.CustomerType),
				"external_id":   knownvalue.StringExact(target.ReferenceID),
				"created_at":    knownvalue.StringExact(""), // the current page version has none
			})),
			idsOutput("search_ids", search),
			idsOutput("phone_ids", []string{target.CustomerID}),
		},
		Check: func(*terraform.State) error {
			var cursors []string
			for _, r := range sb.Requests() {
				q := r.Query
				if q.Has("customerType") || q.Has("email") || q.Has("phone") {
					return fmt.Errorf("a local filter reached the server: %s", q.Encode())
				}
				if q.Has(connect.SearchParam) && q.Get(connect.SearchParam) != "crm-customer-001" {
					return fmt.Errorf("search sent as %q", q.Get(connect.SearchParam))
				}
				if q.Get("limit") == "40" {
					cursors = append(cursors, q.Get("cursor"))
				}
			}
			if len(cursors) != 4 || cursors[0] != "" || slices.Contains(cursors[1:], "") || len(slices.Compact(slices.Clone(cursors))) != 4 {
				return fmt.Errorf("page requests with cursors %q, want 4: the first without a cursor, then three distinct ones", cursors)
			}
			return nil
		},
	}, {
		// The older page version: offset in, pagination {total, limit, offset} out.
		Config: connectProvider(oldBase) + `
data "commerce_customers" "old" {
  page_size = 40
}
output "old_unique" {
  value = length(distinct(data.commerce_customers.old.customers[*].id))
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("old_unique", knownvalue.Int64Exact(137)),
			statecheck.ExpectKnownValue("data.commerce_customers.old", tfjsonpath.New("customers").AtSliceIndex(5).AtMapKey("created_at"),
				knownvalue.StringExact(target.CreatedAt.UTC().Format(time.RFC3339))),
		},
		Check: func(*terraform.State) error {
			var offsets []string
			for _, r := range old.Requests() {
				offsets = append(offsets, r.Query.Get("offset"))
			}
			if !slices.Equal(offsets, []string{"", "40", "80", "120"}) {
				return fmt.Errorf("offset-paging requests with offsets %q, want \"\", 40, 80, 120", offsets)
			}
			return nil
		},
	}}
	steps = append(steps, planErrors(sb, [][2]string{
		{bad(`status = "active"`), `Filter "status" is not supported on connect. connect supports: keyword \(sent to the API\); customer_type, email, ids, name, phone_number \(applied by the provider on the returned fields\)`},
		{bad(`customer_type = "Retail"`), `customer_type = "Retail" is not a value connect accepts: "CONSUMER", "BUSINESS"\.`},
		{bad(`customer_type = "business"`), `customer_type = "business" is not a value connect accepts: "CONSUMER", "BUSINESS"\. Values are case-sensitive: did you mean "BUSINESS"\?`},
		{bad(`include_details = true`), `include_details not supported on connect.*adobe_vip and truto`},
		{providerBlock(`platform = "connect"`) + oneCustomer, `Missing base_url for connect.*base_url \(in the provider block or COMMERCE_CONNECT_BASE_URL\).*no default host.*Missing api_key for connect.*api_key \(in the provider block or COMMERCE_CONNECT_API_KEY\)`},
		{connectProvider(base) + `resource "commerce_customer" "x" { customer_id = "10001" }`, `works with Sellercloud customers.*"connect"`},
	})...)
	steps = append(steps,
		resource.TestStep{
			PreConfig:   noRequestsSince(t, sb),
			Config:      connectProvider(base, `api_key = "revoked"`) + oneCustomer,
			PlanOnly:    true,
			ExpectError: errorLike(`GET /customers: HTTP 403 Forbidden: Invalid API key \(FORBIDDEN\)`),
		},
		resource.TestStep{
			PreConfig: func() {
				sb.InjectFault(sandbox.Fault{Status: http.StatusUnauthorized, Body: `{"message":"API key expired","code":"UNAUTHORIZED"}`, Times: 1})
			},
			Config:      connectProvider(base) + oneCustomer,
			PlanOnly:    true,
			ExpectError: errorLike(`GET /customers: HTTP 401 Unauthorized: API key expired \(UNAUTHORIZED\)`),
		},
	)
	accTest(t, steps...)
}

// TestAccTruto_customers: next_cursor paging; the unified filters on the
// wire with sort_by as an object; status and a created range applied
// locally, with max_results counting matches; include_details; then the
// plan-time errors that send nothing, 401 and an unknown integrated account.
func TestAccTruto_customers(t *testing.T) {
	sb, base := startSandbox(t, sandbox.Options{TrutoCustomers: 137})
	all := sb.TrutoCustomers()
	from, to := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 12, 31, 23, 59, 59, 0, time.UTC)
	var local []string
	matches := 0
	for _, c := range all {
		if c.Status == "inactive" && !c.CreatedAt.Before(from) && !c.CreatedAt.After(to) {
			matches++
			if len(local) < 2 {
				local = append(local, c.ID)
			}
		}
	}
	require.Greater(t, matches, 2, "inactive customers created in 2022-2023 in the seed")
	cfg := trutoProvider(base) + fmt.Sprintf(`
data "commerce_customers" "all" {
  page_size   = 50
  include_raw = true
}
data "commerce_customers" "filtered" {
  email        = "example.com"
  name         = "a"
  first_name   = "a"
  last_name    = "s"
  company_name = "Acme"
  sort_by      = "updated_at"
  sort_order   = "desc"
}
data "commerce_customers" "local" {
  status       = "inactive"
  created_from = "2022-01-01T00:00:00Z"
  created_to   = "2023-12-31T23:59:59Z"
  max_results  = 2
}
data "commerce_customers" "details" {
  include_details = true
  ids             = %s
}
output "all_unique" {
  value = length(distinct(data.commerce_customers.all.customers[*].id))
}
output "local_ids" {
  value = data.commerce_customers.local.customers[*].id
}
`, hclList([]string{all[0].ID, all[1].ID}))
	bad := func(body string) string {
		return trutoProvider(base) + "data \"commerce_customers\" \"bad\" {\n  " + body + "\n}\n"
	}
	steps := []resource.TestStep{{
		Config: cfg,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("all_unique", knownvalue.Int64Exact(137)),
			statecheck.ExpectKnownValue("data.commerce_customers.all", tfjsonpath.New("customers").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"id":         knownvalue.StringExact(all[0].ID),
				"name":       knownvalue.StringExact(all[0].FirstName + " " + all[0].LastName),
				"email":      knownvalue.StringExact(all[0].Email),
				"phone":      knownvalue.StringExact(all[0].Phone),
				"status":     knownvalue.StringExact(all[0].Status),
				"created_at": knownvalue.StringExact(all[0].CreatedAt.UTC().Format(time.RFC3339)),
				"raw":        knownvalue.StringRegexp(regexp.MustCompile(`"remote_data"`)),
			})),
			idsOutput("local_ids", local),
			statecheck.ExpectKnownValue("data.commerce_customers.local", tfjsonpath.New("total_results"), knownvalue.Int64Exact(int64(matches))),
			statecheck.ExpectKnownValue("data.commerce_customers.local", tfjsonpath.New("truncated"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue("data.commerce_customers.details", tfjsonpath.New("customers"), knownvalue.ListSizeExact(2)),
		},
		Check: func(*terraform.State) error {
			var cursors []string
			filtered := 0
			for _, r := range sb.Requests() {
				q := r.Query
				if q.Get("integrated_account_id") != sandbox.DefaultIntegratedAccountID {
					return fmt.Errorf("request %s without the integrated account", r.Path)
				}
				if q.Has("status") || q.Has("created_at") || q.Has("ids") {
					return fmt.Errorf("a local filter reached the server: %s", q.Encode())
				}
				if q.Get("limit") == "50" {
					cursors = append(cursors, q.Get("next_cursor"))
				}
				if q.Has("email") {
					filtered++
					for k, v := range map[string]string{"email": "example.com", "name": "a", "first_name": "a", "last_name": "s", "company_name": "Acme", "sort_by[updated_at]": "desc"} {
						if q.Get(k) != v {
							return fmt.Errorf("filtered request: %s = %q, want %q", k, q.Get(k), v)
						}
					}
				}
			}
			if len(cursors) != 3 || cursors[0] != "" || cursors[1] == "" || cursors[2] == cursors[1] || filtered != 1 {
				return fmt.Errorf("page requests with next_cursor %q (want 3), %d filtered requests", cursors, filtered)
			}
			if n := sb.Count(trutoGetRoute); n != 2 {
				return fmt.Errorf("%d full-record requests, want 2", n)
			}
			return nil
		},
	}}
	steps = append(steps, planErrors(sb, [][2]string{
		{bad(`city = "Austin"`), `Filter "city" is not supported on truto. truto supports: company_name, email, first_name, last_name, name, sort_by, sort_order \(sent to the API\); created_from, created_to, ids, modified_from, modified_to, phone_number, status \(applied by the provider on the returned fields\)`},
		{bad(`sort_by = "company_name"`), `sort_by = "company_name" is not a value truto accepts: "created_at", "updated_at"\.`},
		{providerBlock(`platform = "truto"`) + oneCustomer, `Missing token for truto.*token \(in the provider block or COMMERCE_TRUTO_TOKEN\).*Missing integrated_account_id for truto.*integrated_account_id \(in the provider block or COMMERCE_TRUTO_INTEGRATED_ACCOUNT_ID\)`},
		{trutoProvider(base) + `resource "commerce_customer" "x" { customer_id = "10001" }`, `works with Sellercloud customers.*"truto"`},
	})...)
	steps = append(steps,
		resource.TestStep{
			PreConfig:   noRequestsSince(t, sb),
			Config:      trutoProvider(base, `token = "revoked"`) + oneCustomer,
			PlanOnly:    true,
			ExpectError: errorLike(`GET /unified/ecommerce/customers: HTTP 401 Unauthorized: Invalid API token`),
		},
		resource.TestStep{
			Config:      trutoProvider(base, `integrated_account_id = "someone-else"`) + oneCustomer,
			PlanOnly:    true,
			ExpectError: errorLike(`HTTP 404 Not Found: Integrated account not found`),
		},
		resource.TestStep{
			PreConfig: func() {
				sb.InjectFault(sandbox.Fault{Status: http.StatusForbidden, Times: 1,
					Body: `{"statusCode":403,"error":"Forbidden","message":"Missing scope read_customers","truto_is_remote_error":true}`})
			},
			Config:      trutoProvider(base) + oneCustomer,
			PlanOnly:    true,
			ExpectError: errorLike(`HTTP 403 Forbidden: Missing scope read_customers \(reported by the integrated platform\)`),
		},
	)
	accTest(t, steps...)
}

// TestAccSellercloud_unifiedFilters: name and company_name are applied on the
// returned items (corporate_name is the server-side twin); status, sort_by
// and include_details are plan-time errors on Sellercloud.
func TestAccSellercloud_unifiedFilters(t *testing.T) {
	sb, base := startSandbox(t, sandbox.Options{SellercloudCustomers: 60})
	var want []string
	for _, id := range sb.SellercloudIDs() {
		c, _ := sb.SellercloudCustomer(id)
		if strings.Contains(strings.ToLower(c.FirstName+" "+c.LastName), "an") && strings.Contains(strings.ToLower(c.CorporateName), "acme") {
			want = append(want, fmt.Sprint(id))
		}
	}
	bad := func(body string) string {
		return sellercloudProvider(base) + "data \"commerce_customers\" \"bad\" {\n  " + body + "\n}\n"
	}
	steps := []resource.TestStep{{
		Config: sellercloudProvider(base) + `
data "commerce_customers" "local" {
  name         = "AN"
  company_name = "acme"
}
output "ids" {
  value = data.commerce_customers.local.customers[*].id
}
`,
		ConfigStateChecks: []statecheck.StateCheck{idsOutput("ids", want)},
		Check: func(*terraform.State) error {
			for _, r := range sb.Requests() {
				if r.Query.Has("model.corporateName") || r.Query.Has("model.keyword") || r.Query.Has("name") {
					return fmt.Errorf("a local filter reached the server: %s", r.Query.Encode())
				}
			}
			return nil
		},
	}}
	steps = append(steps, planErrors(sb, [][2]string{
		{bad(`status = "active"`), `Filter "status" is not supported on sellercloud`},
		{bad(`sort_by = "created_at"`), `Filter "sort_by" is not supported on sellercloud`},
		{bad(`include_details = true`), `include_details not supported on sellercloud`},
	})...)
	steps = append(steps, resource.TestStep{PreConfig: noRequestsSince(t, sb), Config: sellercloudProvider(base) + oneCustomer})
	accTest(t, steps...)
}

// TestIgnoredSettings warns about another platform's settings set in the
// block, naming the platforms that use them.
func TestIgnoredSettings(t *testing.T) {
	truto, _ := platformNamed("truto")
	diags := ignoredSettings([]string{"server_id", "reseller_id", "token"}, truto)
	require.Equal(t, 2, diags.WarningsCount(), diags)
	require.False(t, diags.HasError(), diags)
	var got []string
	for _, d := range diags {
		got = append(got, d.Detail())
	}
	assert.Equal(t, []string{
		"server_id is used by sellercloud only; this provider block talks to truto, so it is ignored.",
		"reseller_id is used by adobe_vip only; this provider block talks to truto, so it is ignored.",
	}, got)
}
