package bench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// The benchmarks here run the real terraform CLI against the provider binary
// (through dev_overrides, as `make demo` does). They need COMMERCE_BENCH_BIN:
// a directory holding terraform-provider-commerce and commerce-sandbox
// (`make bench` builds both into ./bin and sets it).
const benchBinEnv = "COMMERCE_BENCH_BIN"

func benchBin(b *testing.B) string {
	dir := os.Getenv(benchBinEnv)
	if dir == "" {
		b.Skipf("%s is not set: these benchmarks need the provider binary and the terraform CLI (make bench sets it)", benchBinEnv)
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		b.Skip("the terraform CLI is not on PATH")
	}
	dir, err := filepath.Abs(dir)
	require.NoError(b, err)
	for _, f := range []string{"terraform-provider-commerce", "commerce-sandbox"} {
		_, err := os.Stat(filepath.Join(dir, f))
		require.NoError(b, err, "%s (run make build first)", f)
	}
	return dir
}

// tfWork is a terraform working directory served by the provider binary in bin.
type tfWork struct {
	dir string
	env []string
}

func newTFWork(b *testing.B, bin, config string, env ...string) *tfWork {
	dir := b.TempDir()
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"commercetf/commerce\" = %q\n  }\n  direct {}\n}\n", bin)
	require.NoError(b, os.WriteFile(filepath.Join(dir, "terraformrc"), []byte(rc), 0o600))
	config = "terraform {\n  required_providers {\n    commerce = {\n      source = \"commercetf/commerce\"\n    }\n  }\n}\n\n" + config
	require.NoError(b, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600))
	var base []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "COMMERCE_") && !strings.HasPrefix(kv, "TF_") {
			base = append(base, kv)
		}
	}
	base = append(base, "TF_CLI_CONFIG_FILE="+filepath.Join(dir, "terraformrc"), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	return &tfWork{dir: dir, env: append(base, env...)}
}

// run runs terraform with args and returns its wall time and exit code; any
// exit code other than those in ok fails the benchmark with the output.
func (w *tfWork) run(b *testing.B, ok []int, args ...string) (time.Duration, int) {
	b.Helper()
	cmd := exec.Command("terraform", append([]string{"-chdir=" + w.dir}, args...)...)
	cmd.Env = w.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	code := 0
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		code = exitErr.ExitCode()
	} else {
		require.NoError(b, err, "terraform %s", strings.Join(args, " "))
	}
	require.Contains(b, ok, code, "terraform %s exited %d:\n%s", strings.Join(args, " "), code, out.String())
	return took, code
}

// BenchmarkResource adopts 200 Sellercloud customers with commerce_customer
// (one managed field changes, so each adoption sends a PUT), then refreshes
// them (terraform plan) and applies again with no changes, counting the
// requests the sandbox served in each phase.
func BenchmarkResource(b *testing.B) {
	const n = 200
	b.Run(fmt.Sprintf("platform=sellercloud/resources=%d", n), func(b *testing.B) {
		bin := benchBin(b)
		sb := startChild(b, 1000, latency)
		getRoute := "GET " + sandbox.SellercloudRoot + "/Customers/{id}"
		putRoute := "PUT " + sandbox.SellercloudRoot + "/Customers/{id}"
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("%q", fmt.Sprint(10001+i)) // the sandbox's first ids
		}
		type phase struct {
			wall       time.Duration
			gets, puts int
			others     int
		}
		var adopt, refresh, apply phase
		measure := func(p *phase, w *tfWork, ok []int, args ...string) int {
			sb.Reset(b)
			took, code := w.run(b, ok, args...)
			st := sb.Stats(b)
			p.wall += took
			p.gets += st.Counts[getRoute]
			p.puts += st.Counts[putRoute]
			p.others += st.Total - st.Counts[getRoute] - st.Counts[putRoute]
			return code
		}
		for i := 0; i < b.N; i++ {
			// A value new to every run, so adopting changes each customer.
			salesman := fmt.Sprintf("Bench %d-%d", time.Now().UnixNano(), i)
			w := newTFWork(b, bin, fmt.Sprintf(`provider "commerce" {
  platform = "sellercloud"
  base_url = %q
  token    = %q
}

resource "commerce_customer" "c" {
  for_each    = toset([%s])
  customer_id = each.value
  salesman    = %q
}
`, sb.URL+sandbox.SellercloudRoot, sandbox.DefaultToken, strings.Join(ids, ", "), salesman))
			measure(&adopt, w, []int{0}, "apply", "-input=false", "-auto-approve", "-no-color")
			code := measure(&refresh, w, []int{0, 2}, "plan", "-input=false", "-detailed-exitcode", "-no-color")
			require.Zero(b, code, "terraform plan after apply proposes changes (exit code 2)")
			measure(&apply, w, []int{0}, "apply", "-input=false", "-auto-approve", "-no-color")
		}
		per := func(v int) float64 { return float64(v) / float64(b.N) }
		perRes := func(v int) float64 { return per(v) / n }
		secs := func(d time.Duration) float64 { return d.Seconds() / float64(b.N) }
		b.ReportMetric(perRes(adopt.gets+adopt.puts+adopt.others), "adopt-requests/resource")
		b.ReportMetric(per(adopt.puts), "adopt-puts")
		b.ReportMetric(secs(adopt.wall), "adopt-s")
		b.ReportMetric(perRes(refresh.gets), "refresh-gets/resource")
		b.ReportMetric(per(refresh.puts+refresh.others), "refresh-other-requests")
		b.ReportMetric(secs(refresh.wall), "refresh-s")
		b.ReportMetric(perRes(apply.gets), "apply-gets/resource")
		b.ReportMetric(per(apply.puts+apply.others), "apply-other-requests")
		b.ReportMetric(secs(apply.wall), "apply-s")
		assert.Equal(b, n*b.N, refresh.gets, "refresh GETs for %d resources: one each", n)
		assert.Zero(b, refresh.puts+refresh.others, "refresh: other requests")
		assert.Zero(b, apply.puts, "PUTs of an apply with no changes")
		assert.Equal(b, n*b.N, adopt.puts, "PUTs adopting %d customers with a changed field: one each", n)
	})
}

// BenchmarkTerraformPlan plans and applies commerce_customers over 10,000
// Sellercloud customers (raw included) against the standalone sandbox with
// 50 ms latency, and checks the outputs: every customer, no duplicates.
func BenchmarkTerraformPlan(b *testing.B) {
	const n = 10000
	b.Run(fmt.Sprintf("platform=sellercloud/customers=%d", n), func(b *testing.B) {
		bin := benchBin(b)
		env := startStandaloneSandbox(b, bin, n, latency)
		var plan, apply time.Duration
		var outputs map[string]struct{ Value float64 }
		for i := 0; i < b.N; i++ {
			w := newTFWork(b, bin, `provider "commerce" {}

data "commerce_customers" "all" {}

output "customers" {
  value = length(data.commerce_customers.all.customers)
}

# toset, not distinct(): Terraform's distinct() compares every pair, which
# takes about a minute for 10,000 ids.
output "unique_ids" {
  value = length(toset(data.commerce_customers.all.customers[*].id))
}

output "with_raw" {
  value = length([for c in data.commerce_customers.all.customers : c if c.raw != null])
}
`, env...)
			took, _ := w.run(b, []int{0}, "plan", "-input=false", "-no-color", "-out=tfplan")
			plan += took
			took, _ = w.run(b, []int{0}, "apply", "-input=false", "-no-color", "tfplan")
			apply += took

			cmd := exec.Command("terraform", "-chdir="+w.dir, "output", "-json")
			cmd.Env = w.env
			out, err := cmd.Output()
			require.NoError(b, err)
			require.NoError(b, json.Unmarshal(out, &outputs))
			for _, name := range []string{"customers", "unique_ids", "with_raw"} {
				require.EqualValues(b, n, outputs[name].Value, "output %s", name)
			}
		}
		b.ReportMetric(float64(latency.Milliseconds()), "latency-ms")
		b.ReportMetric(plan.Seconds()/float64(b.N), "plan-s")
		b.ReportMetric(apply.Seconds()/float64(b.N), "apply-s")
		b.ReportMetric(outputs["customers"].Value, "customers")
		b.ReportMetric(outputs["unique_ids"].Value, "unique-ids")
	})
}

// startStandaloneSandbox runs bin/commerce-sandbox with n customers and the
// given latency until the benchmark ends, and returns the COMMERCE_*
// settings it wrote for the provider.
func startStandaloneSandbox(b *testing.B, bin string, n int, latency time.Duration) []string {
	envFile := filepath.Join(b.TempDir(), "sandbox.env")
	cmd := exec.Command(filepath.Join(bin, "commerce-sandbox"), "-customers", fmt.Sprint(n), "-latency", latency.String(), "-env-file", envFile)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	require.NoError(b, cmd.Start())
	b.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	deadline := time.Now().Add(30 * time.Second)
	for {
		if data, err := os.ReadFile(envFile); err == nil && len(data) > 0 && bytes.HasSuffix(data, []byte("\n")) {
			var env []string
			s := bufio.NewScanner(bytes.NewReader(data))
			for s.Scan() {
				if kv, ok := strings.CutPrefix(strings.TrimSpace(s.Text()), "export "); ok {
					env = append(env, kv)
				}
			}
			return env
		}
		if time.Now().After(deadline) {
			b.Fatalf("the sandbox did not start:\n%s", log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
