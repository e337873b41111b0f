package provider

import (
	"fmt"
	"maps"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/stretchr/testify/assert"

	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// testProviders serves the provider in-process to the terraform CLI.
var testProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"commerce": NewProtocol6Server("test"),
}

func TestMain(m *testing.M) {
	// Acceptance tests read provider settings from the config only: a
	// developer's COMMERCE_* environment must not leak into them. The list
	// is the provider's own (providerVariables), so no variable is missed.
	for _, v := range providerVariables() {
		_ = os.Unsetenv(v.Name)
	}
	_ = os.Setenv("CHECKPOINT_DISABLE", "1")
	code := m.Run()
	removeBuiltProvider()
	os.Exit(code)
}

// startSandbox runs a sandbox for one test and stops it when the test ends.
func startSandbox(t *testing.T, opts sandbox.Options) (*sandbox.Server, string) {
	t.Helper()
	return testutil.StartSandbox(t, opts)
}

// accTest runs steps as one parallel acceptance test of the provider served
// in-process.
func accTest(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testProviders, Steps: steps})
}

// sandboxProvider is a provider block for platform on the sandbox at
// baseURL, with the sandbox's credentials (testutil.Settings); extra lines
// (HCL, e.g. `token = "wrong"`) go inside the block and replace a default
// setting of the same name.
func sandboxProvider(platform, baseURL string, extra ...string) string {
	settings := testutil.Settings(platform, baseURL)
	lines := []string{fmt.Sprintf("platform = %q", platform)}
	for _, name := range slices.Sorted(maps.Keys(settings)) {
		lines = append(lines, fmt.Sprintf("%s = %q", name, settings[name]))
	}
	return providerBlock(append(lines, extra...)...)
}

// sellercloudProvider and adobeProvider are sandboxProvider for the two
// platforms whose customers the provider manages.
func sellercloudProvider(baseURL string, extra ...string) string {
	return sandboxProvider("sellercloud", baseURL, extra...)
}

func adobeProvider(baseURL string, extra ...string) string {
	return sandboxProvider("adobe_vip", baseURL, extra...)
}

// sellercloudPasswordProvider is the Sellercloud provider block for the
// sandbox with its username and password instead of its token.
func sellercloudPasswordProvider(baseURL string, extra ...string) string {
	return providerBlock(append([]string{fmt.Sprintf("base_url = %q", baseURL+sandbox.SellercloudRoot),
		fmt.Sprintf("username = %q", sandbox.DefaultUsername), fmt.Sprintf("password = %q", sandbox.DefaultPassword)}, extra...)...)
}

// sellercloudPage matches the requests for page n of Sellercloud's customer
// list (a sandbox.Fault's Match).
func sellercloudPage(n string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.URL.Query().Get("model.pageNumber") == n }
}

// expireTokensOn makes the sandbox expire every token it issued when the
// nth request that match picks arrives.
func expireTokensOn(sb *sandbox.Server, match func(*http.Request) bool, n int32) {
	var seen atomic.Int32
	sb.BeforeServe(func(r *http.Request) {
		if match(r) && seen.Add(1) == n {
			sb.ExpireTokens()
		}
	})
}

// isMethod matches the requests of one HTTP method.
func isMethod(method string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.Method == method }
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

// errorLike matches a diagnostic whatever the CLI's line wrapping: each space
// in pattern matches any run of whitespace, and . matches newlines.
func errorLike(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}

// nonEmpty matches a string attribute that holds a value (fields a platform
// lacks are "", so NotNull would not tell).
var nonEmpty = knownvalue.StringRegexp(regexp.MustCompile(`\S`))

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
