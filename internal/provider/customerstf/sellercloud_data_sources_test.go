package customerstf_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// TestAccSellercloud_unifiedFilters: name and company_name are applied on the
// returned items (corporate_name is the server-side twin); status, sort_by
// and include_details are plan-time errors on Sellercloud.
func TestAccSellercloud_unifiedFilters(t *testing.T) {
	sb, base := acctest.StartSandbox(t, sandbox.Options{Customers: 60})
	var want []string
	for _, id := range sb.SellercloudIDs() {
		c, _ := sb.SellercloudCustomer(id)
		if strings.Contains(strings.ToLower(c.FirstName+" "+c.LastName), "an") && strings.Contains(strings.ToLower(c.CorporateName), "acme") {
			want = append(want, fmt.Sprint(id))
		}
	}
	bad := func(body string) string {
		return acctest.SandboxProvider(sellercloud.Description.Name, base) + "data \"commerce_customers\" \"bad\" {\n  " + body + "\n}\n"
	}
	steps := []resource.TestStep{{
		Config: acctest.SandboxProvider(sellercloud.Description.Name, base) + `
data "commerce_customers" "local" {
  name         = "AN"
  company_name = "acme"
}
output "ids" {
  value = data.commerce_customers.local.customers[*].id
}
`,
		ConfigStateChecks: []statecheck.StateCheck{acctest.IDsOutput("ids", want)},
		Check: func(*terraform.State) error {
			for _, r := range sb.Requests() {
				if r.Query.Has("model.corporateName") || r.Query.Has("model.keyword") || r.Query.Has("name") {
					return fmt.Errorf("a local filter reached the server: %s", r.Query.Encode())
				}
			}
			return nil
		},
	}}
	steps = append(steps, acctest.PlanErrors(sb, [][2]string{
		{bad(`status = "active"`), `Filter "status" is not supported on sellercloud`},
		{bad(`sort_by = "created_at"`), `Filter "sort_by" is not supported on sellercloud`},
		{bad(`include_details = true`), `include_details not supported on sellercloud`},
	})...)
	steps = append(steps, resource.TestStep{PreConfig: acctest.NoRequestsSince(t, sb), Config: acctest.SandboxProvider(sellercloud.Description.Name, base) + oneCustomer})
	acctest.Test(t, steps...)
}
