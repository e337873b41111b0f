package provider_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

const oneCustomer = `
data "commerce_customers" "one" {
  max_results = 1
}
`

// TestAccProvider_configErrors: missing or unusable settings are errors that
// name the attribute and its environment variable.
func TestAccProvider_configErrors(t *testing.T) {
	_, url := acctest.StartSandbox(t, sandbox.Options{})
	root := url + sandbox.SellercloudRoot
	cases := []struct{ name, provider, want string }{
		{"no credentials", fmt.Sprintf(`provider "commerce" { base_url = %q }`, root),
			`Missing Sellercloud credentials.*set username \(in the provider block, COMMERCE_SELLERCLOUD_USERNAME or COMMERCE_USERNAME\) and password \(in the provider block, COMMERCE_SELLERCLOUD_PASSWORD or COMMERCE_PASSWORD\), or token \(in the provider block, COMMERCE_SELLERCLOUD_TOKEN or COMMERCE_TOKEN\)`},
		{"no server", `provider "commerce" { token = "t" }`,
			`Missing server_id for sellercloud.*needs server_id \(in the provider block, COMMERCE_SELLERCLOUD_SERVER_ID or COMMERCE_SERVER_ID\), or base_url \(in the provider block, COMMERCE_SELLERCLOUD_BASE_URL or COMMERCE_BASE_URL\)`},
		{"username without password", fmt.Sprintf(`provider "commerce" {
  base_url = %q
  username = "sandbox"
}`, root), `Missing password for sellercloud.*username \(from the provider block\) is set but password is not: set password \(in the provider block, COMMERCE_SELLERCLOUD_PASSWORD or COMMERCE_PASSWORD\) as well, or use token instead\.`},
		{"http to a remote host", `provider "commerce" {
  base_url = "http://sellercloud.example.com/rest/api"
  token    = "t"
}`, `Invalid base_url.*base_url.*uses http:// for a non-loopback host; use https://`},
		{"misspelled platform", `provider "commerce" { platform = "selercloud" }`,
			`Invalid platform .*on terraform_plugin_test.tf line \d+, in provider "commerce":.*platform = "selercloud".*platform is "selercloud"; it must be ` + platformChoices + `\. Did you mean "sellercloud"\?`},
		{"throttle of zero", fmt.Sprintf(`provider "commerce" {
  base_url                = %q
  token                   = "t"
  max_requests_per_second = 0
}`, root), `Invalid max_requests_per_second .*max_requests_per_second is 0; it must be at least 0\.01\.`},
		{"unknown platform", `provider "commerce" { platform = "shopify" }`,
			`Invalid platform.*platform is "shopify"; it must be ` + platformChoices + `\.`},
		{"bad timeout", fmt.Sprintf(`provider "commerce" {
  base_url        = %q
  token           = "t"
  request_timeout = "soon"
}`, root), `Invalid request_timeout .*request_timeout is "soon", which is not a positive duration; write it like 30s, 90s or 2m\.`},
		{"setting known only after apply", fmt.Sprintf(`resource "terraform_data" "token" {
  input = "late"
}
provider "commerce" {
  base_url = %q
  token    = terraform_data.token.output
}`, root), `Provider setting not known yet.*"token" comes from a value that is only known after apply`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      c.provider + oneCustomer,
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(c.want),
		})
	}
	acctest.Test(t, steps...)
}

// TestAccProvider_passwordGrant gets a token from POST /token with username
// and password, and uses it for the list.
func TestAccProvider_passwordGrant(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{})
	cfg := sellercloudPasswordProvider(url)
	acctest.Test(t, resource.TestStep{
		Config: cfg + oneCustomer,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.commerce_customers.one", tfjsonpath.New("customers"), knownvalue.ListSizeExact(1)),
		},
		Check: func(*terraform.State) error {
			if got := sb.Count("POST " + sandbox.SellercloudRoot + "/token"); got != 1 {
				return fmt.Errorf("%d token requests, want 1", got)
			}
			return nil
		},
	})
}

// TestAccProvider_environment: the environment fills settings the config
// leaves out, and a configured value beats the environment.
func TestAccProvider_environment(t *testing.T) {
	_, url := acctest.StartSandbox(t, sandbox.Options{})
	t.Setenv("COMMERCE_BASE_URL", url+sandbox.SellercloudRoot)
	t.Setenv("COMMERCE_TOKEN", "not-the-right-token")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers,
		Steps: []resource.TestStep{
			{
				// Environment only: the wrong token from COMMERCE_TOKEN is used.
				Config:      `provider "commerce" {}` + oneCustomer,
				PlanOnly:    true,
				ExpectError: acctest.ErrorLike(`HTTP 401 Unauthorized: Not Valid Token`),
			},
			{
				// The configured token wins over COMMERCE_TOKEN.
				Config: fmt.Sprintf(`provider "commerce" { token = %q }`, sandbox.DefaultToken) + oneCustomer,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.commerce_customers.one", tfjsonpath.New("customers"), knownvalue.ListSizeExact(1)),
				},
			},
		},
	})
}
