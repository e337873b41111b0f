package provider

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// testProviders serves the provider in-process to the terraform CLI.
var testProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"commerce": NewProtocol6Server("test"),
}

func TestMain(m *testing.M) {
	// Acceptance tests read provider settings from the config only: a
	// developer's COMMERCE_* environment must not leak into them.
	for _, env := range []string{"COMMERCE_PLATFORM", "COMMERCE_SERVER_ID", "COMMERCE_BASE_URL", "COMMERCE_TOKEN",
		"COMMERCE_USERNAME", "COMMERCE_PASSWORD", "COMMERCE_API_KEY", "COMMERCE_MAX_RPS",
		"COMMERCE_RESELLER_ID", "COMMERCE_INTEGRATED_ACCOUNT_ID",
		"COMMERCE_CLIENT_ID", "COMMERCE_CLIENT_SECRET", "COMMERCE_SCOPES", "COMMERCE_IMS_URL"} {
		_ = os.Unsetenv(env)
	}
	_ = os.Setenv("CHECKPOINT_DISABLE", "1")
	os.Exit(m.Run())
}

// startSandbox runs a sandbox for one test and stops it when the test ends.
func startSandbox(t *testing.T, opts sandbox.Options) (*sandbox.Server, string) {
	t.Helper()
	sb := sandbox.New(opts)
	url, stop := sb.Start()
	t.Cleanup(stop)
	return sb, url
}

// sellercloudProvider is a provider block for the sandbox's Sellercloud API
// with its static token; extra lines (HCL, e.g. `token = "wrong"`) go inside
// the block and replace a default setting of the same name.
func sellercloudProvider(baseURL string, extra ...string) string {
	return providerBlock(append([]string{fmt.Sprintf("base_url = %q", baseURL+sandbox.SellercloudRoot),
		fmt.Sprintf("token = %q", sandbox.DefaultToken)}, extra...)...)
}

// providerBlock is a provider block with the given settings (HCL lines); a
// later line for the same attribute replaces the earlier one.
func providerBlock(lines ...string) string {
	var out []string
	for _, l := range lines {
		key, _, _ := strings.Cut(l, "=")
		if i := slices.IndexFunc(out, func(o string) bool {
			k, _, _ := strings.Cut(o, "=")
			return strings.TrimSpace(k) == strings.TrimSpace(key)
		}); i >= 0 {
			out[i] = l
			continue
		}
		out = append(out, l)
	}
	return "provider \"commerce\" {\n  " + strings.Join(out, "\n  ") + "\n}\n"
}

func adobeProvider(baseURL string, extra ...string) string {
	return providerBlock(append([]string{`platform = "adobe_vip"`, fmt.Sprintf("base_url = %q", baseURL+sandbox.AdobeVIPRoot),
		fmt.Sprintf("token = %q", sandbox.DefaultToken), fmt.Sprintf("api_key = %q", sandbox.DefaultAPIKey),
		fmt.Sprintf("reseller_id = %q", sandbox.DefaultResellerID)}, extra...)...)
}

func connectProvider(baseURL string, extra ...string) string {
	return providerBlock(append([]string{`platform = "connect"`, fmt.Sprintf("base_url = %q", baseURL+sandbox.ConnectRoot),
		fmt.Sprintf("api_key = %q", sandbox.DefaultAPIKey)}, extra...)...)
}

func trutoProvider(baseURL string, extra ...string) string {
	return providerBlock(append([]string{`platform = "truto"`, fmt.Sprintf("base_url = %q", baseURL+sandbox.TrutoRoot),
		fmt.Sprintf("token = %q", sandbox.DefaultToken), fmt.Sprintf("integrated_account_id = %q", sandbox.DefaultIntegratedAccountID)}, extra...)...)
}

// errorLike matches a diagnostic whatever the CLI's line wrapping: each space
// in pattern matches any run of whitespace, and . matches newlines.
func errorLike(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}

// nonEmpty matches a string attribute that holds a value (fields a platform
// lacks are "", so NotNull would not tell).
var nonEmpty = knownvalue.StringRegexp(regexp.MustCompile(`\S`))
