package customerstf_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/connect"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// TestAccConnect_customers: cursor paging (and the older offset form through
// a second provider alias), keyword as the server's free-text search,
// customer_type, email and phone_number applied locally, then the plan-time
// errors that send nothing and the 401/403 paths.
func TestAccConnect_customers(t *testing.T) {
	sb, base := acctest.StartSandbox(t, sandbox.Options{Customers: 137})
	old, oldBase := acctest.StartSandbox(t, sandbox.Options{Customers: 137})
	old.SetConnectOffsetPaging(true)
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
	cfg := acctest.SandboxProvider(connect.Description.Name, base) + fmt.Sprintf(`
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
		return acctest.SandboxProvider(connect.Description.Name, base) + "data \"commerce_customers\" \"bad\" {\n  " + body + "\n}\n"
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
			acctest.IDsOutput("search_ids", search),
			acctest.IDsOutput("phone_ids", []string{target.CustomerID}),
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
		Config: acctest.SandboxProvider(connect.Description.Name, oldBase) + `
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
	steps = append(steps, acctest.PlanErrors(sb, [][2]string{
		{bad(`status = "active"`), `Filter "status" is not supported on connect. connect supports: keyword \(sent to the API\); customer_type, email, ids, name, phone_number \(applied by the provider on the returned fields\)`},
		{bad(`customer_type = "Retail"`), `customer_type = "Retail" is not a value connect accepts: "CONSUMER", "BUSINESS"\.`},
		{bad(`customer_type = "business"`), `customer_type = "business" is not a value connect accepts: "CONSUMER", "BUSINESS"\. Values are case-sensitive: did you mean "BUSINESS"\?`},
		{bad(`include_details = true`), `include_details not supported on connect.*` + strings.Join(sparsePlatforms(), " and ")},
		{acctest.ProviderBlock(`platform = "connect"`) + oneCustomer, `Missing base_url for connect.*base_url \(in the provider block or COMMERCE_CONNECT_BASE_URL\).*no default host.*Missing api_key for connect.*api_key \(in the provider block or COMMERCE_CONNECT_API_KEY\)`},
		{acctest.SandboxProvider(connect.Description.Name, base) + `resource "commerce_customer" "x" { customer_id = "10001" }`, `works with Sellercloud customers.*"connect"`},
	})...)
	steps = append(steps,
		resource.TestStep{
			PreConfig:   acctest.NoRequestsSince(t, sb),
			Config:      acctest.SandboxProvider(connect.Description.Name, base, `api_key = "revoked"`) + oneCustomer,
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(`GET /customers: HTTP 403 Forbidden: Invalid API key \(FORBIDDEN\)`),
		},
		resource.TestStep{
			PreConfig: func() {
				sb.InjectFault(sandbox.Fault{Status: http.StatusUnauthorized, Body: `{"message":"API key expired","code":"UNAUTHORIZED"}`, Times: 1})
			},
			Config:      acctest.SandboxProvider(connect.Description.Name, base) + oneCustomer,
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(`GET /customers: HTTP 401 Unauthorized: API key expired \(UNAUTHORIZED\)`),
		},
	)
	acctest.Test(t, steps...)
}

// TestAccCustomerDataSource_connect reads one Connect customer with
// commerce_customer; several matches of a filter are counted exactly although
// the cursor API reports no total.
func TestAccCustomerDataSource_connect(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{})
	connect := sb.ConnectCustomers()[3]
	connectMatches := 0
	for _, c := range sb.ConnectCustomers() {
		if strings.Contains(strings.ToLower(strings.Join([]string{c.CustomerID, c.Name, c.Email, c.MSISDN, c.ReferenceID, c.HumanReadableID}, " ")), "example.com") {
			connectMatches++
		}
	}
	require.Greater(t, connectMatches, 2, "Connect customers with example.com in the seed")
	singleCustomer(t, sb, url, "connect", connect.CustomerID, map[string]knownvalue.Check{
		"name": knownvalue.StringExact(connect.Name), "email": knownvalue.StringExact(connect.Email),
		"phone": knownvalue.StringExact(connect.MSISDN), "customer_type": knownvalue.StringExact(connect.CustomerType),
		"external_id": knownvalue.StringExact(connect.ReferenceID),
	}, resource.TestStep{
		Config:      acctest.SandboxProvider("connect", url) + `data "commerce_customer" "many" { filter = { keyword = "example.com" } }`,
		ExpectError: acctest.ErrorLike(fmt.Sprintf(`Not exactly one customer matched.*%d customers matched the filters keyword = "example.com"`, connectMatches)),
	})
}
