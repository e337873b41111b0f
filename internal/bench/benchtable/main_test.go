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
BenchmarkList/platform=sellercloud/paging=page/customers=1000/concurrency=DEFAULT-2   	       1	 160000000 ns/op	        20.00 requests	        20.00 ideal	       160.0 network-ms	      1000 floor-ms	         6.250 speedup	        10.00 conns	  2000000 B/op	   16000 allocs/op
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
