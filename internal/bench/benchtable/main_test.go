package main

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

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
	if len(results) != 2 || !failed || len(passthrough) != 1 {
		t.Fatalf("parse: %d results, failed %v, passthrough %q", len(results), failed, passthrough)
	}
	r := results[0]
	if r.param("platform") != "sellercloud" || r.intParam("concurrency") != httpclient.DefaultConcurrency || r.metrics["speedup"] != 6.25 || r.metrics["allocs/op"] != 16000 {
		t.Errorf("first result: %+v", r)
	}
	var out bytes.Buffer
	missed := render(&out, results)
	// At default concurrency, requests = ideal and 6.25x are met; 2.4 s CPU
	// and 170 MB are not.
	if missed != 2 || !strings.Contains(out.String(), "[MISS] provider CPU time < 1 s") {
		t.Errorf("missed %d targets:\n%s", missed, out.String())
	}
}
