// Command benchtable reads `go test -bench ./internal/bench` output on stdin
// and prints the performance table of `make bench`, with each target of the
// performance issue marked ok or MISS. Lines that are not benchmark results
// (failures, logs) are passed through. It exits 1 when the benchmarks failed.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// result is one benchmark line: its name parameters and metrics.
type result struct {
	name    string
	params  map[string]string
	metrics map[string]float64
}

var line = regexp.MustCompile(`^Benchmark(\S+?)(-\d+)?\s+(\d+)\s+(.*)$`)

func main() {
	results, failed, passthrough := parse(os.Stdin)
	for _, l := range passthrough {
		fmt.Println(l)
	}
	if len(results) == 0 {
		fmt.Println("benchtable: no benchmark results on stdin")
		os.Exit(1)
	}
	missed := render(os.Stdout, results)
	switch {
	case failed:
		fmt.Println("\nbenchmarks FAILED (see above)")
		os.Exit(1)
	case missed > 0:
		fmt.Printf("\n%d target(s) missed (marked MISS above)\n", missed)
	default:
		fmt.Println("\nall targets met")
	}
}

func parse(r io.Reader) (results []result, failed bool, passthrough []string) {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 1<<20), 1<<20)
	for s.Scan() {
		text := s.Text()
		m := line.FindStringSubmatch(text)
		if m == nil {
			t := strings.TrimSpace(text)
			if strings.HasPrefix(t, "FAIL") || strings.HasPrefix(t, "--- FAIL") || strings.HasPrefix(t, "panic:") {
				failed = true
			}
			if t != "" && t != "PASS" && !strings.HasPrefix(t, "ok ") && !strings.HasPrefix(t, "goos:") &&
				!strings.HasPrefix(t, "goarch:") && !strings.HasPrefix(t, "pkg:") && !strings.HasPrefix(t, "cpu:") {
				passthrough = append(passthrough, text)
			}
			continue
		}
		res := result{name: m[1], params: map[string]string{}, metrics: map[string]float64{}}
		for _, part := range strings.Split(m[1], "/") {
			if k, v, ok := strings.Cut(part, "="); ok {
				res.params[k] = v
			}
		}
		fields := strings.Fields(m[4])
		for i := 0; i+1 < len(fields); i += 2 {
			if v, err := strconv.ParseFloat(fields[i], 64); err == nil {
				res.metrics[fields[i+1]] = v
			}
		}
		results = append(results, res)
	}
	return results, failed, passthrough
}

func group(results []result, prefix string) []result {
	var out []result
	for _, r := range results {
		if r.name == prefix || strings.HasPrefix(r.name, prefix+"/") {
			out = append(out, r)
		}
	}
	return out
}

func (r result) param(k string) string { return r.params[k] }

func (r result) intParam(k string) int {
	n, _ := strconv.Atoi(r.params[k])
	return n
}

func num(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }

// targets collects the verdicts printed at the end.
type targets struct {
	lines  []string
	missed int
}

func (t *targets) check(ok bool, what, detail string) {
	mark := "ok  "
	if !ok {
		mark = "MISS"
		t.missed++
	}
	t.lines = append(t.lines, fmt.Sprintf("  [%s] %s: %s", mark, what, detail))
}

func render(out io.Writer, results []result) int {
	var t targets
	def := httpclient.DefaultConcurrency
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	section := func(title string) {
		_ = tw.Flush()
		fmt.Fprintf(out, "\n%s\n", title)
	}

	if list := group(results, "List"); len(list) > 0 {
		section(fmt.Sprintf("List reads: client network phase, sandbox latency 50 ms per request (default concurrency %d; concurrency 1 is the baseline)", def))
		table(tw, []column{param("platform"), param("paging"), whole("customers"), whole("concurrency"),
			metric("requests", "requests", 0), metric("ideal", "ideal", 0), metric("network ms", "network-ms", 0), metric("floor ms", "floor-ms", 0),
			factor("speedup", "speedup", 1), factor("ceiling", "ceiling", 2), metric("conns", "conns", 0), metric("cpu ms", "cpu-ms", 0),
			metric("sandbox cpu ms", "sandbox-cpu-ms", 0), metric("allocs", "allocs/op", 0), allocMB(1), metric("peak heap MB", "peak-heap-MB", 1),
			metric("peak RSS MB", "peak-rss-MB", 1)}, list)
		exact, speed := true, true
		var exactDetail, speedDetail []string
		for _, r := range list {
			m := r.metrics
			if r.intParam("concurrency") != def {
				continue
			}
			label := fmt.Sprintf("%s %d", r.param("platform"), r.intParam("customers"))
			if m["requests"] != m["ideal"] {
				exact = false
			}
			exactDetail = append(exactDetail, fmt.Sprintf("%s: %s/%s", label, num(m["requests"], 0), num(m["ideal"], 0)))
			// Judged against what the concurrency allows (the ceiling: the
			// token and the first page one after another, then the pages
			// ten at a time; 20 pages reach at most 6.67x). A cursor API
			// reads one page after another: no speedup to judge.
			if r.param("paging") != "cursor" {
				if m["speedup"] < minSpeedupOfCeiling*m["ceiling"] {
					speed = false
				}
				speedDetail = append(speedDetail, fmt.Sprintf("%s: %sx of %sx", label, num(m["speedup"], 1), num(m["ceiling"], 2)))
			}
		}
		t.check(exact, "exactly the ideal request count at default settings (requests/ideal)", strings.Join(exactDetail, ", "))
		t.check(speed, fmt.Sprintf("network phase >= %.0f%% of the speedup ceiling over the sequential floor, page/offset APIs, default concurrency", minSpeedupOfCeiling*100), strings.Join(speedDetail, ", "))
	}

	if reuse := group(results, "ConnectionReuse"); len(reuse) > 0 {
		section("Connection reuse: one client reads the same 1,000 customers twice; new connections per read")
		table(tw, []column{param("platform"), whole("concurrency"), param("transport"),
			metric("conns 1st read", "conns-first", 0), metric("conns 2nd read", "conns-second", 0)}, reuse)
		for _, r := range reuse {
			if r.param("transport") == "httpclient" {
				t.check(r.metrics["conns-second"] == 0 && r.metrics["conns-first"] <= float64(r.intParam("concurrency")),
					"connections reused (idle pool = concurrency bound)",
					fmt.Sprintf("%s new on the first read, %s on the second", num(r.metrics["conns-first"], 0), num(r.metrics["conns-second"], 0)))
			}
		}
	}

	if reads := group(results, "ProviderRead"); len(reads) > 0 {
		section("Terraform face: commerce_customers read (ReadDataSource over tfprotov6, msgpack state out), latency 50 ms")
		table(tw, []column{param("platform"), whole("customers"), metric("requests", "requests", 0), metric("ideal", "ideal", 0),
			metric("wall ms", "wall-ms", 0), metric("cpu ms", "cpu-ms", 0), metric("allocs", "allocs/op", 0), allocMB(0),
			metric("peak heap MB", "peak-heap-MB", 1), metric("peak RSS MB", "peak-rss-MB", 1), metric("state MB", "state-MB", 1)}, reads)
		for _, r := range reads {
			m := r.metrics
			label := fmt.Sprintf("%s %d customers", r.param("platform"), r.intParam("customers"))
			t.check(m["cpu-ms"] < budgetCPUMillis, "provider CPU time < 1 s", label+": "+num(m["cpu-ms"], 0)+" ms")
			peak := peakMB(m)
			t.check(peak < budgetRSSMB, "provider peak memory < 150 MB (peak RSS of the process during the read, its checks between reads left out)", label+": "+num(peak, 0)+" MB")
		}
	}

	if queries := group(results, "ProviderQuery"); len(queries) > 0 {
		section("terraform query: commerce_customer list resource (ListResource over tfprotov6, streamed, limit = customers), latency 50 ms")
		table(tw, []column{param("platform"), whole("customers"), param("include_resource"), metric("list requests", "list-requests", 0),
			metric("GETs", "get-requests", 0), metric("requests", "requests", 0), metric("ideal", "ideal", 0), metric("wall ms", "wall-ms", 0),
			metric("cpu ms", "cpu-ms", 0), allocMB(0), metric("peak heap MB", "peak-heap-MB", 1), metric("peak RSS MB", "peak-rss-MB", 1)}, queries)
		for _, r := range queries {
			m := r.metrics
			label := fmt.Sprintf("%s %d customers, include_resource=%s", r.param("platform"), r.intParam("customers"), r.param("include_resource"))
			t.check(m["requests"] == m["ideal"], "a query sends the ideal requests (the pages, plus a GET per customer with include_resource)",
				label+": "+num(m["requests"], 0)+"/"+num(m["ideal"], 0))
			peak := peakMB(m)
			t.check(peak < 150, "query peak memory < 150 MB (peak RSS of the process during the query; the stream holds a window of pages)", label+": "+num(peak, 0)+" MB")
		}
	}

	if states := group(results, "CustomersState"); len(states) > 0 {
		section("The provider's own share after the network phase: the state of 10,000 customers encoded as the msgpack Terraform receives (encodeState)")
		cpuMs := column{"cpu ms", func(r result) string { return num(r.metrics["ns/op"]/1e6, 0) }}
		table(tw, []column{fixed("customers", "10000"), cpuMs, metric("allocs", "allocs/op", 0), allocMB(0)}, states)
	}

	if res := group(results, "Resource"); len(res) > 0 {
		section("Resource: commerce_customer with the real terraform CLI (-parallelism 10), latency 50 ms")
		table(tw, []column{param("platform"), whole("resources"),
			metric("adopt: requests/resource", "adopt-requests/resource", 2), metric("PUTs", "adopt-puts", 0), metric("s", "adopt-s", 1),
			metric("refresh (plan): GETs/resource", "refresh-gets/resource", 2), metric("other requests", "refresh-other-requests", 0), metric("s", "refresh-s", 1),
			metric("no-change apply: GETs/resource", "apply-gets/resource", 2), metric("other requests", "apply-other-requests", 0), metric("s", "apply-s", 1)}, res)
		for _, r := range res {
			m := r.metrics
			label := fmt.Sprintf("%s %d resources", r.param("platform"), r.intParam("resources"))
			t.check(m["refresh-gets/resource"] == 1 && m["refresh-other-requests"] == 0, "a refresh is one GET per resource",
				label+": "+num(m["refresh-gets/resource"], 2)+" GETs/resource, "+num(m["refresh-other-requests"], 0)+" other requests")
			t.check(m["apply-other-requests"] == 0, "an apply with no changes sends no PUT",
				label+": "+num(m["apply-other-requests"], 0)+" requests besides the refresh GETs")
		}
	}

	if plans := group(results, "TerraformPlan"); len(plans) > 0 {
		section("Large result: terraform plan and apply of commerce_customers against the standalone sandbox (bin/commerce-sandbox)")
		table(tw, []column{param("platform"), whole("customers"), metric("latency ms", "latency-ms", 0), metric("plan s", "plan-s", 2),
			metric("apply s", "apply-s", 2), metric("customers in state", "customers", 0), metric("unique ids", "unique-ids", 0)}, plans)
		for _, r := range plans {
			m := r.metrics
			n := float64(r.intParam("customers"))
			t.check(m["customers"] == n && m["unique-ids"] == n, "large result plans and applies, complete and without duplicates",
				fmt.Sprintf("%s %d customers: plan %s s, apply %s s", r.param("platform"), r.intParam("customers"), num(m["plan-s"], 1), num(m["apply-s"], 1)))
		}
	}
	renderScale(out, tw, results, &t)
	_ = tw.Flush()
	exit := renderFrameworkPath(out, results)

	fmt.Fprintln(out, "\nTargets")
	for _, l := range t.lines {
		fmt.Fprintln(out, l)
	}
	if exit != "" {
		fmt.Fprintln(out, exit)
	}
	return t.missed
}
