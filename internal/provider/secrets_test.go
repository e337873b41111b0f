package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// TestAccSecrets_neverInTraceLogs runs a real apply and destroy with
// TF_LOG=TRACE, with a password grant and an API key, then again with a
// static token, and checks that no credential appears in
// terraform's output, terraform's own log or the provider's log.
func TestAccSecrets_neverInTraceLogs(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	const (
		password = "pw-Zq8!never-logged"
		apiKey   = "key-7Hd2-never-logged"
	)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Password: password, Customers: 60})
	token := sb.Options().Token
	tf, traced := acctest.NewTracedCLI(t)
	// Two runs, not two provider aliases: the in-process test server serves
	// every alias with the client configured last.
	passwordRun := acctest.CLIHeader + fmt.Sprintf(`provider "commerce" {
  base_url = %q
  username = %q
  password = %q
  api_key  = %q
}
data "commerce_customers" "all" {
  page_size = 20
}
resource "commerce_customer" "managed" {
  customer_id = "10002"
  comments    = "touched by the secrets test"
}
output "count" {
  value = length(data.commerce_customers.all.customers)
}
`, url+sandbox.SellercloudRoot, sandbox.DefaultUsername, password, apiKey)
	tokenRun := acctest.CLIHeader + fmt.Sprintf(`provider "commerce" {
  base_url = %q
  token    = %q
}
data "commerce_customers" "by_token" {
  max_results = 3
}
resource "commerce_customer" "managed" {
  customer_id = "10003"
  comments    = "touched by the secrets test"
}
`, url+sandbox.SellercloudRoot, token)
	ctx := acctest.CommandContext(t)
	for _, cfg := range []string{passwordRun, tokenRun} {
		tf.Write("main.tf", cfg)
		require.NoError(t, tf.Init(ctx, tf.Reattach), "terraform init\n%s", tf.Output())
		require.NoError(t, tf.Apply(ctx, tf.Reattach), "terraform apply\n%s", tf.Output())
		require.NoError(t, tf.Destroy(ctx, tf.Reattach), "terraform destroy\n%s", tf.Output())
	}
	c, _ := sb.SellercloudCustomer(10003)
	require.Equal(t, "touched by the secrets test", c.Comment, "the token run reached the sandbox")
	require.NotZero(t, sb.Count("POST "+sandbox.SellercloudRoot+"/token"), "the password grant was used:\n%s", tf.Output())
	// The API key really went out on the wire, so its absence from logs means something.
	sawKey := false
	userAgent := regexp.MustCompile(`^terraform-provider-commerce/test terraform/\d+\.\d+\.\d+`)
	for _, r := range sb.Requests() {
		sawKey = sawKey || r.Header.Get("X-Api-Key") == apiKey
		assert.Regexp(t, userAgent, r.Header.Get("User-Agent"), "%s %s: User-Agent", r.Method, r.Path)
	}
	require.True(t, sawKey, "a request carried the API key")

	everything := traced()
	for name, secret := range map[string]string{"password": password, "api_key": apiKey, "token": token} {
		assert.NotContains(t, everything, secret, "the %s appears in the TRACE output", name)
	}
}
