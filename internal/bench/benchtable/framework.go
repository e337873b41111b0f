package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// The provider's budget for a 10,000-customer read of commerce_customers.
const (
	budgetCPUMillis = 1000
	budgetRSSMB     = 150
)

// peakMB is a row's peak RSS, or its peak heap where the RSS is unknown.
func peakMB(m map[string]float64) float64 {
	if m["peak-rss-MB"] == 0 {
		return m["peak-heap-MB"]
	}
	return m["peak-rss-MB"]
}

// renderFrameworkPath prints the exit condition of server.go's first reason
// (the customers list it writes into the state): what a read served
// by the framework alone (BenchmarkFrameworkPath) costs against the budget,
// and returns the verdict for the end of the table ("" when the benchmark did
// not run). Over the budget is no missed target: it says server.go stays.
func renderFrameworkPath(out io.Writer, results []result) string {
	rows := group(results, "FrameworkPath")
	if len(rows) == 0 {
		return ""
	}
	fmt.Fprintln(out, "\nserver.go's exit condition: commerce_customers read served by the framework alone (no protocolServer), latency 50 ms")
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	table(tw, []column{param("platform"), whole("customers"), metric("requests", "requests", 0), metric("wall ms", "wall-ms", 0),
		metric("cpu ms", "cpu-ms", 0), allocMB(0), metric("peak heap MB", "peak-heap-MB", 1), metric("peak RSS MB", "peak-rss-MB", 1),
		metric("state MB", "state-MB", 1)}, rows)
	meets := true
	var figures []string
	for _, r := range rows {
		m := r.metrics
		peak := peakMB(m)
		meets = meets && m["cpu-ms"] < budgetCPUMillis && peak < budgetRSSMB
		figures = append(figures, fmt.Sprintf("%s %d customers: %s ms CPU, %s MB peak", r.param("platform"), r.intParam("customers"), num(m["cpu-ms"], 0), num(peak, 0)))
	}
	_ = tw.Flush()
	budget := fmt.Sprintf("budget < %d ms CPU and < %d MB", budgetCPUMillis, budgetRSSMB)
	if meets {
		return fmt.Sprintf("  [EXIT] server.go: the framework path meets the budget (%s; %s): drop its customers list (ReadDataSource); "+
			"its released request contexts have their own exit test, TestFramework_keepsRequestContexts",
			strings.Join(figures, ", "), budget)
	}
	return fmt.Sprintf("  [keep] server.go: the framework path is over the budget (%s; %s): keep its customers list",
		strings.Join(figures, ", "), budget)
}
