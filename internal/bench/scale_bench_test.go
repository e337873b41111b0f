package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// What users feel at scale: a refresh plan of 1,000 commerce_customer
// resources and the apply adopting 300, through the real terraform CLI,
// with the provider's own CPU time and peak RSS, measured by the meter
// below around every provider process Terraform starts.

// The meter: Terraform starts this test binary as the provider (a
// dev_overrides directory holds a link to it), which runs the real provider
// binary and, when it exits, appends its CPU time and peak RSS to a file.
const (
	meterProviderEnv = "COMMERCE_BENCH_METER_PROVIDER" // the real provider binary
	meterOutEnv      = "COMMERCE_BENCH_METER_OUT"      // the file of measurements, one JSON line per process
)

// providerProcess is what the meter measured of one provider process.
type providerProcess struct {
	CPU       time.Duration `json:"cpu"`
	MaxRSSKiB int64         `json:"max_rss_kib"`
}

// runMeteredProvider runs the provider under the meter and exits, when this
// process was started as the metered provider; otherwise it returns.
func runMeteredProvider() {
	provider := os.Getenv(meterProviderEnv)
	if provider == "" {
		return
	}
	cmd := exec.Command(provider, os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, meterProviderEnv+"=") && !strings.HasPrefix(kv, meterOutEnv+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	// The provider goes with the meter, should Terraform kill the meter.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	err := cmd.Run()
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, "metered provider:", err)
		os.Exit(1)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	line, _ := json.Marshal(providerProcess{CPU: time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), MaxRSSKiB: ru.Maxrss})
	if f, err := os.OpenFile(os.Getenv(meterOutEnv), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600); err == nil {
		_, _ = f.Write(append(line, '\n'))
		_ = f.Close()
	}
	os.Exit(cmd.ProcessState.ExitCode())
}

// meteredWork is a terraform working directory whose provider runs under
// the meter.
type meteredWork struct {
	*tfWork
	out string // the meter's file
}

func newMeteredWork(b *testing.B, bin, config string) *meteredWork {
	b.Helper()
	self, err := os.Executable()
	require.NoError(b, err)
	dir := b.TempDir()
	require.NoError(b, os.Symlink(self, filepath.Join(dir, "terraform-provider-commerce")))
	out := filepath.Join(dir, "meter.jsonl")
	w := newTFWork(b, dir, config, meterProviderEnv+"="+filepath.Join(bin, "terraform-provider-commerce"), meterOutEnv+"="+out)
	return &meteredWork{tfWork: w, out: out}
}

// providerRun is one terraform command: its wall time, what its provider
// processes used, and what the sandbox served meanwhile.
type providerRun struct {
	wall    time.Duration
	cpu     time.Duration // every provider process of the command
	peakRSS int64         // bytes, the largest provider process
	served  stats
	code    int
}

// run runs terraform with args (and extra environment) against sb.
func (w *meteredWork) run(b *testing.B, sb *remoteSandbox, env []string, ok []int, args ...string) providerRun {
	b.Helper()
	require.NoError(b, os.WriteFile(w.out, nil, 0o600))
	sb.Reset(b)
	saved := w.env
	w.env = append(append([]string{}, saved...), env...)
	wall, code := w.tfWork.run(b, ok, args...)
	w.env = saved
	r := providerRun{wall: wall, code: code, served: sb.Stats(b)}
	f, err := os.Open(w.out)
	require.NoError(b, err)
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		var p providerProcess
		require.NoError(b, json.Unmarshal(s.Bytes(), &p))
		r.cpu += p.CPU
		r.peakRSS = max(r.peakRSS, p.MaxRSSKiB*1024)
	}
	require.NotZero(b, r.cpu, "the meter measured no provider process")
	return r
}

// scaleConfig manages n Sellercloud customers from 10001 with
// commerce_customer; managed, if not empty, is set on each.
func scaleConfig(sb *remoteSandbox, n int, salesman string) string {
	managed := ""
	if salesman != "" {
		managed = fmt.Sprintf("  salesman    = %q\n", salesman)
	}
	return fmt.Sprintf(`provider "commerce" {
  platform = "sellercloud"
  base_url = %q
  token    = %q
}

resource "commerce_customer" "c" {
  count       = %d
  customer_id = tostring(10001 + count.index)
%s}
`, sb.URL+sandbox.SellercloudRoot, sandbox.DefaultToken, n, managed)
}

// logsOff is the environment that switches the SDK's loggers off
// explicitly, which the default must cost the same as.
var logsOff = []string{"TF_LOG_SDK=OFF", "TF_LOG_SDK_FRAMEWORK=OFF"}

// networkIdeal is the least time n rounds of requests take at the default
// -parallelism and max_concurrency (both 10), with the sandbox's latency.
func networkIdeal(requests int) time.Duration {
	return time.Duration(ceilDiv(requests, httpclient.DefaultConcurrency)) * latency
}

// BenchmarkScaleRefresh plans 1,000 adopted commerce_customer resources:
// a refresh plan with the default environment and one with the SDK's logs
// switched off explicitly, twice each, alternating (the CPU ratio of the
// two is the cost of logs nobody reads), and a -refresh=false plan of the
// same configuration: Terraform's own floor, with no request.
func BenchmarkScaleRefresh(b *testing.B) {
	const n = 1000
	b.Run(fmt.Sprintf("platform=sellercloud/resources=%d", n), func(b *testing.B) {
		bin := benchBin(b)
		sb := startChild(b, n, latency)
		getRoute := "GET " + sandbox.SellercloudRoot + "/Customers/{id}"
		var def, off, floor providerRun
		var gets, others int
		add := func(sum *providerRun, r providerRun) {
			sum.wall += r.wall
			sum.cpu += r.cpu
			sum.peakRSS = max(sum.peakRSS, r.peakRSS)
		}
		for i := 0; i < b.N; i++ {
			w := newMeteredWork(b, bin, scaleConfig(sb, n, ""))
			w.run(b, sb, nil, []int{0}, "apply", "-input=false", "-auto-approve", "-no-color")
			plan := []string{"plan", "-input=false", "-detailed-exitcode", "-no-color"}
			for range 2 {
				r := w.run(b, sb, nil, []int{0}, plan...)
				add(&def, r)
				gets += r.served.Counts[getRoute]
				others += r.served.Total - r.served.Counts[getRoute]
				add(&off, w.run(b, sb, logsOff, []int{0}, plan...))
			}
			r := w.run(b, sb, nil, []int{0}, append(plan, "-refresh=false")...)
			add(&floor, r)
			assert.Zero(b, r.served.Total, "a -refresh=false plan sends no request")
		}
		plans := float64(2 * b.N)
		perRes := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) / plans / n }
		b.ReportMetric(float64(gets+others)/plans/n, "requests/resource")
		b.ReportMetric(1, "ideal-requests/resource")
		b.ReportMetric(perRes(def.cpu), "cpu-ms/resource")
		b.ReportMetric(perRes(off.cpu), "logs-off-cpu-ms/resource")
		b.ReportMetric(float64(def.cpu)/float64(off.cpu), "cpu-ratio")
		b.ReportMetric(float64(max(def.peakRSS, off.peakRSS))/mb, "peak-rss-MB")
		b.ReportMetric(def.wall.Seconds()/plans, "wall-s")
		b.ReportMetric(floor.wall.Seconds()/float64(b.N), "floor-s")
		b.ReportMetric(networkIdeal(n).Seconds(), "network-ideal-s")
		assert.Equal(b, int(plans)*n, gets, "a refresh is one GET per resource")
		assert.Zero(b, others, "requests besides the GETs")
	})
}

// BenchmarkScaleAdoption applies a configuration that adopts 300 Sellercloud
// customers, each with a field to change (a PUT each), and then plans it
// with -refresh=false: Terraform's own floor for the configuration.
func BenchmarkScaleAdoption(b *testing.B) {
	const n = 300
	b.Run(fmt.Sprintf("platform=sellercloud/resources=%d", n), func(b *testing.B) {
		bin := benchBin(b)
		sb := startChild(b, 1000, latency)
		putRoute := "PUT " + sandbox.SellercloudRoot + "/Customers/{id}"
		var adopt, floor providerRun
		var requests, puts int
		for i := 0; i < b.N; i++ {
			// A value new to every run, so adopting changes each customer.
			w := newMeteredWork(b, bin, scaleConfig(sb, n, fmt.Sprintf("Scale %d-%d", time.Now().UnixNano(), i)))
			r := w.run(b, sb, nil, []int{0}, "apply", "-input=false", "-auto-approve", "-no-color")
			adopt.wall += r.wall
			adopt.cpu += r.cpu
			adopt.peakRSS = max(adopt.peakRSS, r.peakRSS)
			requests += r.served.Total
			puts += r.served.Counts[putRoute]
			f := w.run(b, sb, nil, []int{0}, "plan", "-input=false", "-detailed-exitcode", "-no-color", "-refresh=false")
			floor.wall += f.wall
		}
		runs := float64(b.N)
		b.ReportMetric(float64(requests)/runs/n, "requests/resource")
		b.ReportMetric(4, "ideal-requests/resource")
		b.ReportMetric(float64(adopt.cpu)/float64(time.Millisecond)/runs/n, "cpu-ms/resource")
		b.ReportMetric(float64(adopt.peakRSS)/mb, "peak-rss-MB")
		b.ReportMetric(adopt.wall.Seconds()/runs, "wall-s")
		b.ReportMetric(floor.wall.Seconds()/runs, "floor-s")
		b.ReportMetric(networkIdeal(4*n).Seconds(), "network-ideal-s")
		assert.Equal(b, n*b.N, puts, "one PUT per adopted customer")
	})
}
