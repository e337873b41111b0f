package main

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

func TestParseAndRender(t *testing.T) {
	in := `goos: linux
BenchmarkList/platform=sellercloud/paging=page/customers=1000/concurrency=DEFAULT-2   	       1	 160000000 ns/op	        20.00 requests	        20.00 ideal	       160.0 network-ms	      1000 floor-ms	         6.250 speedup	         6.667 ceiling	        10.00 conns	  2000000 B/op	   16000 allocs/op
BenchmarkProviderRead/platform=sellercloud/customers=10000-2   	       1	 4000000000 ns/op	      2400 cpu-ms	       140.0 peak-heap-MB	       170.0 peak-rss-MB	       200.0 requests
--- FAIL: BenchmarkSomething
PASS
`
	in = strings.Replace(in, "DEFAULT", strconv.Itoa(httpclient.DefaultConcurrency), 1)
	results, failed, passthrough := parse(strings.NewReader(in))
	require.Len(t, results, 2)
	assert.True(t, failed, "the FAIL line is seen")
	assert.Len(t, passthrough, 1, "passthrough %q", passthrough)
	r := results[0]
	assert.Equal(t, "sellercloud", r.param("platform"))
	assert.Equal(t, httpclient.DefaultConcurrency, r.intParam("concurrency"))
	assert.Equal(t, 6.25, r.metrics["speedup"])
	assert.Equal(t, 16000.0, r.metrics["allocs/op"])
	var out bytes.Buffer
	missed := render(&out, results)
	// At default concurrency, requests = ideal and 6.25x are met; 2.4 s CPU
	// and 170 MB are not.
	assert.Equal(t, 2, missed, out.String())
	assert.Contains(t, out.String(), "[MISS] provider CPU time < 1 s")
}

// TestRenderScale: the scale rows' targets, met by the first run and missed
// by the second (logs costing 60%, 183 MB, five requests per adoption, a
// refresh slower than the floor plus twice the network ideal).
func TestRenderScale(t *testing.T) {
	met := `BenchmarkScaleRefresh/platform=sellercloud/resources=1000-2   1	1 ns/op	 4.301 cpu-ms/resource	 0.9826 cpu-ratio	 6.425 floor-s	 1.000 ideal-requests/resource	 4.377 logs-off-cpu-ms/resource	 5.000 network-ideal-s	 37.96 peak-rss-MB	 1.000 requests/resource	 16.00 wall-s
BenchmarkScaleAdoption/platform=sellercloud/resources=300-2   1	1 ns/op	 10.53 cpu-ms/resource	 1.866 floor-s	 4.000 ideal-requests/resource	 6.000 network-ideal-s	 35.62 peak-rss-MB	 4.000 requests/resource	 8.753 wall-s
`
	results, failed, _ := parse(strings.NewReader(met))
	require.Len(t, results, 2)
	require.False(t, failed)
	var out bytes.Buffer
	assert.Zero(t, render(&out, results), out.String())
	assert.Contains(t, out.String(), "refresh plan")
	assert.Contains(t, out.String(), "adopting apply")

	missed := strings.NewReplacer("0.9826 cpu-ratio", "1.615 cpu-ratio", "37.96 peak-rss-MB", "183.3 peak-rss-MB",
		"4.000 requests/resource", "5.000 requests/resource", "16.00 wall-s", "17.00 wall-s").Replace(met)
	results, _, _ = parse(strings.NewReader(missed))
	out.Reset()
	assert.Equal(t, 4, render(&out, results), out.String())
	for _, want := range []string{"[MISS] logs nobody reads cost nothing", "[MISS] provider peak RSS < 150 MB: refresh plan",
		"[MISS] an adoption sends <= 4 requests", "[MISS] refresh wall time"} {
		assert.Contains(t, out.String(), want)
	}
}
