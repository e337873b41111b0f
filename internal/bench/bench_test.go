// Package bench holds the performance benchmarks behind `make bench`: list
// reads per platform against the sandbox with injected latency, the Terraform
// face's read of 10,000 customers, the resource's refresh and apply, and at
// scale through the CLI (scale_bench_test.go). The benchtable command turns
// `go test -bench` output into the table.
package bench

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// latency is injected on every sandbox response: a SaaS round trip.
const latency = 50 * time.Millisecond

// listSizes are the result sizes every platform is read at.
var listSizes = []int{1000, 10000}

// maxConcurrency is the provider schema's upper bound for max_concurrency.
const maxConcurrency = 16

// BenchmarkList reads every customer of each platform through its client (the
// network phase of a data source read) at concurrency 1 (the baseline), at the
// default, and at the provider's maximum.
func BenchmarkList(b *testing.B) {
	for _, p := range platforms {
		for _, n := range listSizes {
			for _, c := range concurrencies(b) {
				b.Run(fmt.Sprintf("platform=%s/paging=%s/customers=%d/concurrency=%d", p.name, p.paging, n, c), func(b *testing.B) {
					benchList(b, p, n, c)
				})
			}
		}
	}
}

// concurrencies are the bounds each list is read with: 1 (the baseline), the
// default and the maximum, or COMMERCE_BENCH_CONCURRENCY (e.g. "1,10,12").
func concurrencies(b *testing.B) []int {
	env := os.Getenv("COMMERCE_BENCH_CONCURRENCY")
	if env == "" {
		return []int{1, httpclient.DefaultConcurrency, maxConcurrency}
	}
	var out []int
	for _, f := range strings.Split(env, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			b.Fatalf("COMMERCE_BENCH_CONCURRENCY=%q: want positive whole numbers separated by commas", env)
		}
		out = append(out, n)
	}
	return out
}

// BenchmarkConnectionReuse reads 1,000 customers twice with one client and
// counts the connections the second read opens: none when the transport keeps
// as many idle connections per host as the concurrency bound (the HTTP
// layer's), several with a stock pooled transport, which keeps only a few.
func BenchmarkConnectionReuse(b *testing.B) {
	p := platforms[0]
	c := httpclient.DefaultConcurrency
	for _, tc := range []struct {
		name      string
		transport func() http.RoundTripper
	}{
		{"httpclient", func() http.RoundTripper { return nil }},
		{"stock-pooled", func() http.RoundTripper { return cleanhttp.DefaultPooledTransport() }},
	} {
		b.Run(fmt.Sprintf("platform=%s/customers=1000/concurrency=%d/transport=%s", p.name, c, tc.name), func(b *testing.B) {
			sb := startChild(b, 1000, latency)
			ctx := context.Background()
			var first, second int
			for i := 0; i < b.N; i++ {
				client := p.client(b, sb.URL, c, tc.transport())
				for _, conns := range []*int{&first, &second} {
					sb.Reset(b)
					res, err := customers.List(ctx, client, customers.Filter{}, customers.ListOptions{Concurrency: c})
					require.NoError(b, err)
					checkList(b, res, 1000)
					*conns += sb.Stats(b).Conns
				}
			}
			b.ReportMetric(float64(first)/float64(b.N), "conns-first")
			b.ReportMetric(float64(second)/float64(b.N), "conns-second")
			if tc.name == "httpclient" {
				assert.Zero(b, second, "new connections on the second read: the pool should have kept %d idle", c)
			}
		})
	}
}

func benchList(b *testing.B, p platform, n, concurrency int) {
	sb := startChild(b, n, latency)
	ctx := context.Background()
	var (
		requests, listRequests, conns int
		serverCPU                     time.Duration
		ideal                         int
		client                        customers.Platform
		res                           customers.ListResult
		err                           error
	)
	m := runMeasured(b, func() {
		client = p.client(b, sb.URL, concurrency, nil)
		ideal = p.tokenRequests + ceilDiv(n, client.Description().MaxPageSize)
		sb.Reset(b)
	}, func() {
		res, err = customers.List(ctx, client, customers.Filter{}, customers.ListOptions{Concurrency: concurrency})
	}, func() {
		require.NoError(b, err)
		checkList(b, res, n)
		st := sb.Stats(b)
		requests += st.Total
		listRequests += st.Counts[p.listRoute]
		conns += st.Conns
		serverCPU += st.CPU
	})

	perOp := func(v int) float64 { return float64(v) / float64(b.N) }
	avgWall := m.wall / time.Duration(b.N)
	floor := time.Duration(perOp(requests) * float64(latency))
	b.ReportMetric(perOp(requests), "requests")
	b.ReportMetric(float64(ideal), "ideal")
	b.ReportMetric(float64(avgWall)/float64(time.Millisecond), "network-ms")
	b.ReportMetric(float64(floor)/float64(time.Millisecond), "floor-ms")
	b.ReportMetric(float64(floor)/float64(avgWall), "speedup")
	b.ReportMetric(speedupCeiling(ideal, p.tokenRequests, p.paging, concurrency), "ceiling")
	b.ReportMetric(perOp(conns), "conns")
	b.ReportMetric(float64(m.cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms")
	b.ReportMetric(float64(serverCPU)/float64(time.Millisecond)/float64(b.N), "sandbox-cpu-ms")
	m.reportPeaks(b)
	// Correctness targets are checked here; the timing targets by benchtable.
	assert.Equal(b, float64(ideal), perOp(requests), "requests per read (%.1f to the list endpoint): exactly the ideal", perOp(listRequests))
	assert.LessOrEqual(b, perOp(conns), float64(concurrency+p.tokenConns), "connections opened per read with concurrency %d (and %d for tokens from another origin): connections are reused", concurrency, p.tokenConns)
}

// checkList fails unless the read returned exactly n customers with unique ids.
func checkList(b *testing.B, res customers.ListResult, n int) {
	b.Helper()
	require.Len(b, res.Customers, n)
	require.Equal(b, n, res.TotalResults)
	require.False(b, res.Truncated)
	testutil.RequireUniqueIDs(b, testutil.IDs(res.Customers))
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
