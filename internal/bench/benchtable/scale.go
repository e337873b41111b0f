package main

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// Targets of the scale rows (BenchmarkScaleRefresh, BenchmarkScaleAdoption).
const (
	// maxProviderRSSMB bounds the provider's peak RSS, as for the
	// 10,000-customer read.
	maxProviderRSSMB = 150
	// maxLogsCPURatio is "equal within noise": the default environment's
	// provider CPU against the same plan with the SDK's logs off.
	maxLogsCPURatio = 1.10
	// maxRefreshCPUMs and maxAdoptCPUMs bound the provider's CPU per
	// resource of a refresh plan and of an adopting apply (its plan and
	// apply walks, a PUT each).
	maxRefreshCPUMs = 6.0
	maxAdoptCPUMs   = 15.0
	// maxAdoptRequests is an adoption's floor: the plan's GET, the final
	// plan's GET, the PUT and the GET back.
	maxAdoptRequests = 4
)

// renderScale prints the scale rows with their targets: requests per
// resource against the ideal, the provider's CPU and peak RSS, and the wall
// time against Terraform's own floor (a -refresh=false plan) plus the least
// time the requests take at the default -parallelism and max_concurrency.
func renderScale(out io.Writer, tw *tabwriter.Writer, results []result, t *targets) {
	refresh, adopt := group(results, "ScaleRefresh"), group(results, "ScaleAdoption")
	if len(refresh)+len(adopt) == 0 {
		return
	}
	_ = tw.Flush()
	fmt.Fprintln(out, "\nAt scale: commerce_customer through the real terraform CLI (-parallelism 10, max_concurrency 10), latency 50 ms; provider = every provider process of the command")
	// An adoption runs with the default logs only: no logs-off columns.
	refreshCols, adoptCols := scaleColumns("refresh plan", true), scaleColumns("adopting apply", false)
	header(tw, refreshCols)
	body(tw, refreshCols, refresh)
	body(tw, adoptCols, adopt)
	for _, r := range refresh {
		m := r.metrics
		label := fmt.Sprintf("refresh plan of %d resources", r.intParam("resources"))
		t.check(m["requests/resource"] == m["ideal-requests/resource"], "a refresh is one GET per resource (13 fields are only in the customer's detail, not in a list page)",
			label+": "+num(m["requests/resource"], 2))
		t.check(m["cpu-ratio"] <= maxLogsCPURatio, fmt.Sprintf("logs nobody reads cost nothing: default provider CPU <= %.2fx the same plan with TF_LOG_SDK=OFF and TF_LOG_SDK_FRAMEWORK=OFF", maxLogsCPURatio),
			label+": "+num(m["cpu-ratio"], 2)+"x")
		t.check(m["cpu-ms/resource"] <= maxRefreshCPUMs, fmt.Sprintf("provider CPU of a refresh plan <= %.0f ms per resource", maxRefreshCPUMs), label+": "+num(m["cpu-ms/resource"], 2)+" ms")
		t.check(m["peak-rss-MB"] < maxProviderRSSMB, fmt.Sprintf("provider peak RSS < %d MB", maxProviderRSSMB), label+": "+num(m["peak-rss-MB"], 0)+" MB")
		limit := m["floor-s"] + 2*m["network-ideal-s"]
		t.check(m["wall-s"] <= limit, "refresh wall time <= Terraform's floor + twice the network ideal",
			fmt.Sprintf("%s: %s s, limit %s s", label, num(m["wall-s"], 1), num(limit, 1)))
	}
	for _, r := range adopt {
		m := r.metrics
		label := fmt.Sprintf("adopting %d resources", r.intParam("resources"))
		t.check(m["requests/resource"] <= maxAdoptRequests, fmt.Sprintf("an adoption sends <= %d requests per resource (plan GET, final plan GET, PUT, GET back)", maxAdoptRequests),
			label+": "+num(m["requests/resource"], 2))
		t.check(m["cpu-ms/resource"] <= maxAdoptCPUMs, fmt.Sprintf("provider CPU of an adopting apply <= %.0f ms per resource", maxAdoptCPUMs), label+": "+num(m["cpu-ms/resource"], 2)+" ms")
		t.check(m["peak-rss-MB"] < maxProviderRSSMB, fmt.Sprintf("provider peak RSS < %d MB", maxProviderRSSMB), label+": "+num(m["peak-rss-MB"], 0)+" MB")
		limit := 2*m["floor-s"] + 2*m["network-ideal-s"]
		t.check(m["wall-s"] <= limit, "adopting wall time <= twice Terraform's floor (a plan and an apply walk) + twice the network ideal",
			fmt.Sprintf("%s: %s s, limit %s s", label, num(m["wall-s"], 1), num(limit, 1)))
	}
}

// scaleColumns are the scale table's columns for the rows of one run;
// logsOff: the run also measured the plan with the SDK's logs off.
func scaleColumns(run string, logsOff bool) []column {
	off, ratio := metric("logs off: cpu ms/resource", "logs-off-cpu-ms/resource", 2), metric("ratio", "cpu-ratio", 2)
	if !logsOff {
		off, ratio = blank(off.head), blank(ratio.head)
	}
	return []column{fixed("run", run), whole("resources"), metric("requests/resource", "requests/resource", 2),
		metric("ideal", "ideal-requests/resource", 0), metric("provider cpu ms/resource", "cpu-ms/resource", 2), off, ratio,
		metric("peak RSS MB", "peak-rss-MB", 1), metric("wall s", "wall-s", 1), metric("floor s", "floor-s", 1),
		metric("network ideal s", "network-ideal-s", 1)}
}

// minSpeedupOfCeiling is the list reads' speedup target, as a share of the
// most the concurrency allows.
const minSpeedupOfCeiling = 0.85
