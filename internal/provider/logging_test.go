package provider_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// providerLogLines runs a plan of config with the provider binary at
// TF_LOG_PROVIDER=DEBUG and env, and returns the lines that Terraform logged
// for the provider with an @module (go-plugin's own start-up lines have
// none).
func providerLogLines(t *testing.T, config string, env map[string]string) []string {
	t.Helper()
	tf := acctest.NewBinaryCLI(t)
	logFile := filepath.Join(t.TempDir(), "terraform.log")
	require.NoError(t, tf.SetLogPath(logFile))
	require.NoError(t, tf.SetLogProvider("DEBUG"))
	out, err := tf.RunPlan(config, env)
	require.NoError(t, err, out)
	b, err := os.ReadFile(logFile)
	require.NoError(t, err)
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, " provider.terraform-provider-commerce: ") && strings.Contains(l, "@module=") {
			lines = append(lines, l)
		}
	}
	require.NotEmpty(t, lines, "the provider logged")
	return lines
}

func linesWith(lines []string, parts ...string) []string {
	var out []string
	for _, l := range lines {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(l, p)
		}
		if all {
			out = append(out, l)
		}
	}
	return out
}

var callerField = regexp.MustCompile(`@caller=(\S+)`)

// TestAccLogs_httpSubsystem: the HTTP lines are the commerce.http subsystem,
// which TF_LOG_PROVIDER_COMMERCE_HTTP sets apart: with the framework's and
// the provider's other lines off, only they are left. A token request is
// tagged request=token, not as the page that needed it; a client-side
// throttle wait over a second is an INFO line; @caller is the provider
// code that made the request, not the HTTP layer or the log adapter.
func TestAccLogs_httpSubsystem(t *testing.T) {
	t.Parallel()
	_, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	// 0.9 requests a second: the list page waits about 1.1 s after the token request.
	config := sellercloudPasswordProvider(url, "max_requests_per_second = 0.9") + oneCustomer

	only := providerLogLines(t, config, map[string]string{
		"TF_LOG_SDK": "OFF", "TF_LOG_PROVIDER_COMMERCE": "OFF", "TF_LOG_PROVIDER_COMMERCE_HTTP": "DEBUG"})
	for _, l := range only {
		assert.Contains(t, l, "@module=commerce.http ", "only the HTTP lines are left")
	}
	requests := linesWith(only, "[DEBUG]", "commerce API request:")
	require.Len(t, requests, 2, "the token request and the page")
	token, page := linesWith(requests, "path=/token"), linesWith(requests, "path=/Customers")
	require.Len(t, token, 1)
	require.Len(t, page, 1)
	assert.Contains(t, token[0], "request=token")
	assert.NotContains(t, token[0], "page=", "the token request is not page 1")
	assert.Contains(t, page[0], "page=1")
	assert.NotContains(t, page[0], "request=token")
	// @caller is the code that sent the request: the Sellercloud client's
	// token request, and the list fetcher every platform's pages share.
	for l, at := range map[string]string{token[0]: `/internal/sellercloud/sellercloud\.go:\d+$`, page[0]: `/internal/customers/fetch\.go:\d+$`} {
		caller := callerField.FindStringSubmatch(l)
		if assert.NotNil(t, caller, l) {
			assert.Regexp(t, at, caller[1], "@caller is the code that made the request, not the HTTP layer or the log adapter")
		}
	}
	wait := linesWith(only, "[INFO]", "commerce API throttle: waiting before sending:")
	require.Len(t, wait, 1, "one throttle wait, over a second: INFO")
	assert.Regexp(t, `wait_ms=1\d\d\d `, wait[0]+" ")
	assert.Contains(t, wait[0], "max_requests_per_second=0.9")

	// By default the provider's other lines and the framework's are there too,
	// each under its own @module.
	all := providerLogLines(t, config, nil)
	assert.NotEmpty(t, linesWith(all, "@module=commerce.http ", "commerce API request:"))
	summary := linesWith(all, "[INFO]", "commerce customers read:")
	require.Len(t, summary, 1)
	assert.Contains(t, summary[0], "@module=commerce ")
	assert.NotEmpty(t, linesWith(all, "@module=sdk."), "the framework's lines, which TF_LOG_SDK=OFF left out")
}

// TestAccSDKLogs_frameworkLinesUnderTrace: with TF_LOG=TRACE the in-process
// provider logs as it always did, the framework's and terraform-plugin-go's
// TRACE lines included. (main_test.go checks the built provider both ways.)
func TestAccSDKLogs_frameworkLinesUnderTrace(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	_, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	tf, traced := acctest.NewTracedCLI(t)
	tf.Write("main.tf", acctest.CLIHeader+sellercloudProvider(url)+`
resource "commerce_customer" "a" {
  customer_id = "10001"
  comments    = "traced"
}
`)
	ctx := acctest.CommandContext(t)
	require.NoError(t, tf.Init(ctx, tf.Reattach), "terraform init")
	_, err := tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	logs := traced()
	for _, want := range []string{
		"sdk.framework: Calling provider defined Resource ModifyPlan",
		"sdk.proto: Received request",
	} {
		assert.Contains(t, logs, want)
	}
}
