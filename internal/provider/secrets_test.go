package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// TestAccSecrets_neverInTraceLogs runs a real apply and destroy with
// TF_LOG=TRACE, with a password grant and an API key, then again with a
// static token, and checks that no credential appears in
// terraform's output, terraform's own log or the provider's log.
func TestAccSecrets_neverInTraceLogs(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	const (
		password = "pw-Zq8!never-logged"
		apiKey   = "key-7Hd2-never-logged"
	)
	sb, url := startSandbox(t, sandbox.Options{Password: password, SellercloudCustomers: 60})
	token := sb.Options().Token
	logDir := t.TempDir()
	providerLog := filepath.Join(logDir, "provider.log")
	coreLog := filepath.Join(logDir, "terraform.log")
	// The in-process provider's log sink reads these when it starts.
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", providerLog)

	tf := newTerraformCLI(t)
	if err := tf.SetLog("TRACE"); err != nil {
		t.Fatal(err)
	}
	if err := tf.SetLogPath(coreLog); err != nil {
		t.Fatal(err)
	}
	// Two runs, not two provider aliases: the in-process test server serves
	// every alias with the client configured last.
	header := `terraform {
  required_providers {
    commerce = { source = "commercetf/commerce" }
  }
}
`
	passwordRun := header + fmt.Sprintf(`provider "commerce" {
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
	tokenRun := header + fmt.Sprintf(`provider "commerce" {
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
	ctx := context.Background()
	for _, cfg := range []string{passwordRun, tokenRun} {
		tf.write("main.tf", cfg)
		if err := tf.Init(ctx, tf.reattach); err != nil {
			t.Fatalf("terraform init: %v\n%s", err, tf.output())
		}
		if err := tf.Apply(ctx, tf.reattach); err != nil {
			t.Fatalf("terraform apply: %v\n%s", err, tf.output())
		}
		if err := tf.Destroy(ctx, tf.reattach); err != nil {
			t.Fatalf("terraform destroy: %v\n%s", err, tf.output())
		}
	}
	if c, _ := sb.SellercloudCustomer(10003); c.Comment != "touched by the secrets test" {
		t.Fatal("the token run did not reach the sandbox")
	}
	if sb.Count("POST "+sandbox.SellercloudRoot+"/token") == 0 {
		t.Fatalf("the password grant was not used:\n%s", tf.output())
	}
	// The API key really went out on the wire, so its absence from logs means something.
	sawKey := false
	userAgent := regexp.MustCompile(`^terraform-provider-commerce/test terraform/\d+\.\d+\.\d+`)
	for _, r := range sb.Requests() {
		sawKey = sawKey || r.Header.Get("X-Api-Key") == apiKey
		if ua := r.Header.Get("User-Agent"); !userAgent.MatchString(ua) {
			t.Errorf("%s %s: User-Agent %q", r.Method, r.Path, ua)
		}
	}
	if !sawKey {
		t.Fatal("no request carried the API key")
	}

	everything := tf.output()
	for _, f := range []string{providerLog, coreLog} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("reading %s: %v", f, err)
		}
		if len(b) < 1000 {
			t.Fatalf("%s holds only %d bytes: TRACE logging did not happen", filepath.Base(f), len(b))
		}
		everything += string(b)
	}
	if !strings.Contains(everything, "commerce API request") {
		t.Fatal("the provider's request log lines are missing from the logs")
	}
	for name, secret := range map[string]string{"password": password, "api_key": apiKey, "token": token} {
		if strings.Contains(everything, secret) {
			t.Errorf("the %s appears in the TRACE output", name)
		}
	}
}
