package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFrameworkPathVerdict: the framework path's row says whether server.go
// stays (over the budget in CPU or in peak RSS) or can go (within both), and
// being over the budget is no missed target.
func TestFrameworkPathVerdict(t *testing.T) {
	row := "BenchmarkFrameworkPath/platform=sellercloud/customers=10000-2   	       1	 4000000000 ns/op	      %s cpu-ms	       90.0 peak-heap-MB	       %s peak-rss-MB	       200.0 requests\n"
	for _, tc := range []struct {
		cpu, rss, verdict string
	}{
		{"1800", "180.0", "[keep] server.go: the framework path is over the budget (sellercloud 10000 customers: 1800 ms CPU, 180 MB peak"},
		{"900", "151.0", "[keep] server.go"},
		{"1000", "120.0", "[keep] server.go"},
		{"950", "140.0", "[EXIT] server.go: the framework path meets the budget (sellercloud 10000 customers: 950 ms CPU, 140 MB peak"},
	} {
		results, failed, _ := parse(strings.NewReader(strings.Replace(strings.Replace(row, "%s", tc.cpu, 1), "%s", tc.rss, 1)))
		require.False(t, failed)
		require.Len(t, results, 1)
		var out bytes.Buffer
		missed := render(&out, results)
		assert.Zero(t, missed, out.String())
		assert.Contains(t, out.String(), tc.verdict)
		assert.Contains(t, out.String(), "server.go's exit condition")
	}
}
