package customerstf_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/truto"
)

// TestAccTruto_customers: next_cursor paging; the unified filters on the
// wire with sort_by as an object; status and a created range applied
// locally, with max_results counting matches; include_details; then the
// plan-time errors that send nothing, 401 and an unknown integrated account.
func TestAccTruto_customers(t *testing.T) {
	sb, base := acctest.StartSandbox(t, sandbox.Options{Customers: 137})
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
	cfg := acctest.SandboxProvider(truto.Description.Name, base) + fmt.Sprintf(`
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
`, acctest.HCLList([]string{all[0].ID, all[1].ID}))
	bad := func(body string) string {
		return acctest.SandboxProvider(truto.Description.Name, base) + "data \"commerce_customers\" \"bad\" {\n  " + body + "\n}\n"
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
			acctest.IDsOutput("local_ids", local),
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
			if n := sb.Count(sandbox.KitFor("truto").GetRoute); n != 2 {
				return fmt.Errorf("%d full-record requests, want 2", n)
			}
			return nil
		},
	}}
	steps = append(steps, acctest.PlanErrors(sb, [][2]string{
		{bad(`city = "Austin"`), `Filter "city" is not supported on truto. truto supports: company_name, email, first_name, last_name, name, sort_by, sort_order \(sent to the API\); created_from, created_to, ids, modified_from, modified_to, phone_number, status \(applied by the provider on the returned fields\)`},
		{bad(`sort_by = "company_name"`), `sort_by = "company_name" is not a value truto accepts: "created_at", "updated_at"\.`},
		{acctest.ProviderBlock(`platform = "truto"`) + oneCustomer, `Missing token for truto.*token \(in the provider block or COMMERCE_TRUTO_TOKEN\).*Missing integrated_account_id for truto.*integrated_account_id \(in the provider block or COMMERCE_TRUTO_INTEGRATED_ACCOUNT_ID\)`},
		{acctest.SandboxProvider(truto.Description.Name, base) + `resource "commerce_customer" "x" { customer_id = "10001" }`, `works with Sellercloud customers.*"truto"`},
	})...)
	steps = append(steps,
		resource.TestStep{
			PreConfig:   acctest.NoRequestsSince(t, sb),
			Config:      acctest.SandboxProvider(truto.Description.Name, base, `token = "revoked"`) + oneCustomer,
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(`GET /unified/ecommerce/customers: HTTP 401 Unauthorized: Invalid API token`),
		},
		resource.TestStep{
			Config:      acctest.SandboxProvider(truto.Description.Name, base, `integrated_account_id = "someone-else"`) + oneCustomer,
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(`HTTP 404 Not Found: Integrated account not found`),
		},
		resource.TestStep{
			PreConfig: func() {
				sb.InjectFault(sandbox.Fault{Status: http.StatusForbidden, Times: 1,
					Body: `{"statusCode":403,"error":"Forbidden","message":"Missing scope read_customers","truto_is_remote_error":true}`})
			},
			Config:      acctest.SandboxProvider(truto.Description.Name, base) + oneCustomer,
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(`HTTP 403 Forbidden: Missing scope read_customers \(reported by the integrated platform\)`),
		},
	)
	acctest.Test(t, steps...)
}

// TestAccCustomerDataSource_truto reads one Truto customer with
// commerce_customer.
func TestAccCustomerDataSource_truto(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{})
	truto := sb.TrutoCustomers()[3]
	singleCustomer(t, sb, url, "truto", truto.ID, map[string]knownvalue.Check{
		"first_name": knownvalue.StringExact(truto.FirstName), "last_name": knownvalue.StringExact(truto.LastName),
		"email": knownvalue.StringExact(truto.Email), "status": knownvalue.StringExact(truto.Status),
	})
}
