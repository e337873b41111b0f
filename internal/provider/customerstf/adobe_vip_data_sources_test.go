package customerstf_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// The fake Adobe API's list and single-customer routes.
var (
	adobeListRoute = sandbox.KitFor("adobe_vip").ListRoute
	adobeGetRoute  = sandbox.KitFor("adobe_vip").GetRoute
)

// TestAccAdobeVIP_customers: every active customer over several pages (the
// pages after the first concurrently, each request with Adobe's ids); every
// server-side filter on the wire under Adobe's names; ids and name applied
// locally; include_details reading full records; then the plan-time errors
// (unsupported filter, bad values, missing settings, the resource) that send
// nothing, and the 401/403 paths.
func TestAccAdobeVIP_customers(t *testing.T) {
	sb, base := acctest.StartSandbox(t, sandbox.Options{Customers: 137})
	all := sb.AdobeCustomers()
	active := sb.Listed("adobe_vip")
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

	cfg := acctest.SandboxProvider(adobevip.Description.Name, base) + fmt.Sprintf(`
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
`, acctest.HCLList([]string{one.CustomerID, other.CustomerID, "1000000001"}), nameFilter)

	bad := func(body string) string {
		return acctest.SandboxProvider(adobevip.Description.Name, base) + "data \"commerce_customers\" \"bad\" {\n  " + body + "\n}\n"
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
				"external_id":  acctest.NonEmpty,
				"email":        knownvalue.StringExact(""), // sparse list item
				"first_name":   knownvalue.StringExact(""),
				"raw":          knownvalue.StringRegexp(regexp.MustCompile(`"links"`)),
				"company_name": acctest.NonEmpty,
			})),
			acctest.IDsOutput("filtered_ids", filteredIDs),
			acctest.IDsOutput("local_ids", []string{one.CustomerID}),
			statecheck.ExpectKnownOutputValue("detail_emails", knownvalue.ListSizeExact(3)),
			statecheck.ExpectKnownValue("data.commerce_customers.details", tfjsonpath.New("customers").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"first_name":    acctest.NonEmpty,
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
	steps = append(steps, acctest.PlanErrors(sb, [][2]string{
		{bad(`email = "ava@example.com"`), `Filter not supported on adobe_vip.*email.*Filter "email" is not supported on adobe_vip. adobe_vip supports: company_name, created_from, created_to, sort_by, sort_order, status \(sent to the API\); ids, name \(applied by the provider on the returned fields\)`},
		{bad(`status = "active"`), `Invalid status for adobe_vip .*status = "active" is not a value adobe_vip accepts: "1000", "1002", "1004", "1026"\.`},
		{bad(`sort_by = "updated_at"`), `sort_by = "updated_at" is not a value adobe_vip accepts: "created_at", "company_name"\.`},
		{acctest.ProviderBlock(`platform = "adobe_vip"`, fmt.Sprintf("base_url = %q", base+sandbox.AdobeVIPRoot)) + oneCustomer,
			`Missing reseller_id for adobe_vip.*reseller_id \(in the provider block or COMMERCE_ADOBE_VIP_RESELLER_ID\)`},
		{acctest.ProviderBlock(`platform = "adobe_vip"`, fmt.Sprintf("base_url = %q", base+sandbox.AdobeVIPRoot), `reseller_id = "r"`) + oneCustomer,
			`Missing Adobe VIP Marketplace credentials.*set either client_id \(in the provider block or COMMERCE_ADOBE_VIP_CLIENT_ID\) and client_secret \(in the provider block or COMMERCE_ADOBE_VIP_CLIENT_SECRET\), or token \(in the provider block or COMMERCE_ADOBE_VIP_TOKEN\) and api_key \(in the provider block or COMMERCE_ADOBE_VIP_API_KEY\)`},
		{acctest.SandboxProvider(adobevip.Description.Name, base) + `resource "commerce_customer" "x" { customer_id = "10001" }`, `works with Sellercloud customers.*"adobe_vip".*On Adobe VIP Marketplace, customers are managed with commerce_adobe_vip_customer`},
	})...)
	steps = append(steps,
		resource.TestStep{
			PreConfig:   acctest.NoRequestsSince(t, sb),
			Config:      acctest.SandboxProvider(adobevip.Description.Name, base, `api_key = "wrong"`) + oneCustomer,
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(`GET /v3/resellers/1000361686/customers: HTTP 403 Forbidden: Invalid or missing API key \(code 4115\)`),
		},
		resource.TestStep{
			Config:      acctest.SandboxProvider(adobevip.Description.Name, base, `token = "expired"`) + oneCustomer,
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(`HTTP 401 Unauthorized: Invalid token \(code 4116\)`),
		},
	)
	acctest.Test(t, steps...)
}

// TestAccCustomerDataSource_adobeVIP reads one Adobe account with
// commerce_customer: its company, first contact, status and reference.
func TestAccCustomerDataSource_adobeVIP(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{})
	var adobe sandbox.AdobeCustomer
	for _, c := range sb.AdobeCustomers() {
		if c.Status == "1000" && len(c.Contacts) > 0 {
			adobe = c
			break
		}
	}
	singleCustomer(t, sb, url, "adobe_vip", adobe.CustomerID, map[string]knownvalue.Check{
		"name": knownvalue.StringExact(adobe.CompanyName), "company_name": knownvalue.StringExact(adobe.CompanyName),
		"email": knownvalue.StringExact(adobe.Contacts[0].Email), "first_name": knownvalue.StringExact(adobe.Contacts[0].FirstName),
		"status": knownvalue.StringExact("1000"), "external_id": knownvalue.StringExact(adobe.ExternalReferenceID),
	})
}
