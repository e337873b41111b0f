package bench

import (
	"context"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/commercetf/terraform-provider-commerce/internal/provider"
)

// BenchmarkProviderRead reads 10,000 customers through the Terraform face the
// way the CLI does: ConfigureProvider, then ReadDataSource over tfprotov6,
// returning the msgpack-encoded state. It measures the provider's CPU time
// (user + system, this process only: the sandbox runs in a child process),
// wall time, and peak memory.
func BenchmarkProviderRead(b *testing.B) {
	const n = 10000
	for _, p := range platforms {
		if p.providerConfig == nil {
			continue // a client variant of a platform already read here
		}
		b.Run(fmt.Sprintf("platform=%s/customers=%d", p.name, n), func(b *testing.B) { benchProviderRead(b, p, n) })
	}
}

func benchProviderRead(b *testing.B, p platform, n int) {
	sb := startChild(b, n, latency)
	ctx := context.Background()
	server, err := provider.NewProtocol6Server("bench")()
	if err != nil {
		b.Fatal(err)
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasError(schemas.Diagnostics) {
		b.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	providerCfg := dynamicValue(b, schemas.Provider.ValueType(), p.providerConfig(sb.URL))
	conf, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.0", Config: providerCfg})
	if err != nil || hasError(conf.Diagnostics) {
		b.Fatalf("ConfigureProvider: %v %v", err, diagText(conf.Diagnostics))
	}
	dsType := schemas.DataSourceSchemas["commerce_customers"].ValueType()
	dsCfg := dynamicValue(b, dsType, nil)

	var (
		cpu, wall time.Duration
		requests  int
		stateSize int
	)
	b.ReportAllocs()
	peak := startPeak()
	peak.Pause()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		sb.Reset(b)
		peak.Resume()
		b.StartTimer()

		cpu0, start := peak.CPU(), time.Now()
		resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "commerce_customers", Config: dsCfg})
		wall += time.Since(start)
		cpu += peak.CPU() - cpu0

		b.StopTimer()
		peak.Pause()
		if err != nil || hasError(resp.Diagnostics) {
			b.Fatalf("ReadDataSource: %v %v", err, diagText(resp.Diagnostics))
		}
		stateSize = len(resp.State.MsgPack)
		checkState(b, resp.State, dsType, n)
		requests += sb.Stats(b).Total
		b.StartTimer()
	}
	b.StopTimer()
	heap, rss := peak.Stop()
	perOp := float64(b.N)
	b.ReportMetric(float64(requests)/perOp, "requests")
	client, err := p.newClient(sb.URL, 1, nil)
	if err != nil {
		b.Fatal(err)
	}
	ideal := p.tokenRequests + ceilDiv(n, client.Description().MaxPageSize)
	b.ReportMetric(float64(ideal), "ideal")
	if requests != ideal*b.N {
		b.Errorf("the read sent %v requests, want exactly the ideal %d", float64(requests)/perOp, ideal)
	}
	b.ReportMetric(float64(wall.Milliseconds())/perOp, "wall-ms")
	b.ReportMetric(float64(cpu.Milliseconds())/perOp, "cpu-ms")
	b.ReportMetric(float64(heap)/mb, "peak-heap-MB")
	if rss > 0 {
		b.ReportMetric(float64(rss)/mb, "peak-rss-MB")
	}
	b.ReportMetric(float64(stateSize)/mb, "state-MB")
}

// dynamicValue encodes an object of type t with the given attributes set and
// every other attribute null, as the CLI sends a configuration.
func dynamicValue(tb testing.TB, t tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	tb.Helper()
	obj := t.(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		if v, ok := set[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(at, nil)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(t, tftypes.NewValue(t, vals))
	if err != nil {
		tb.Fatal(err)
	}
	return &dv
}

// checkState fails unless the state holds n customers with unique ids and a
// total_results of n.
func checkState(b *testing.B, state *tfprotov6.DynamicValue, t tftypes.Type, n int) {
	b.Helper()
	v, err := state.Unmarshal(t)
	if err != nil {
		b.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	var list []tftypes.Value
	var total big.Float
	if err := v.As(&attrs); err != nil {
		b.Fatal(err)
	}
	if err := attrs["customers"].As(&list); err != nil {
		b.Fatal(err)
	}
	if err := attrs["total_results"].As(&total); err != nil {
		b.Fatal(err)
	}
	if got, _ := total.Int64(); len(list) != n || got != int64(n) {
		b.Fatalf("state holds %d customers (total_results %d), want %d", len(list), got, n)
	}
	seen := make(map[string]struct{}, n)
	for _, c := range list {
		var obj map[string]tftypes.Value
		var id string
		if err := c.As(&obj); err != nil {
			b.Fatal(err)
		}
		if err := obj["id"].As(&id); err != nil {
			b.Fatal(err)
		}
		if _, dup := seen[id]; dup || id == "" {
			b.Fatalf("customer id %q is empty or repeated in state", id)
		}
		seen[id] = struct{}{}
	}
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func diagText(diags []*tfprotov6.Diagnostic) string {
	s := ""
	for _, d := range diags {
		s += fmt.Sprintf("[%s: %s] ", d.Summary, d.Detail)
	}
	return s
}
