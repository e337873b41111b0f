package bench

import (
	"context"
	"fmt"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// BenchmarkProviderRead reads 10,000 customers through the Terraform face the
// way the CLI does: ConfigureProvider, then ReadDataSource over tfprotov6,
// returning the msgpack-encoded state. It measures the provider's CPU time
// (user + system, this process only: the sandbox runs in a child process),
// wall time, and peak memory.
func BenchmarkProviderRead(b *testing.B) {
	const n = 10000
	for _, p := range platforms {
		if p.variant {
			continue // a client variant of a platform already read here
		}
		b.Run(fmt.Sprintf("platform=%s/customers=%d", p.name, n), func(b *testing.B) {
			benchProviderRead(b, p, n, provider.NewProtocol6Server("bench"))
		})
	}
}

// benchProviderRead reads n customers of platform p through the protocol
// server serve makes.
func benchProviderRead(b *testing.B, p platform, n int, serve func() (tfprotov6.ProviderServer, error)) {
	sb := startChild(b, n, latency)
	ctx := context.Background()
	server, err := serve()
	require.NoError(b, err)
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	require.NoError(b, err, "GetProviderSchema")
	requireNoErrorDiagnostics(b, "GetProviderSchema", schemas.Diagnostics)
	providerCfg := dynamicValue(b, schemas.Provider.ValueType(), p.providerConfig(sb.URL))
	conf, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.0", Config: providerCfg})
	require.NoError(b, err, "ConfigureProvider")
	requireNoErrorDiagnostics(b, "ConfigureProvider", conf.Diagnostics)
	dsType := schemas.DataSourceSchemas["commerce_customers"].ValueType()
	dsCfg := dynamicValue(b, dsType, nil)

	var (
		requests, stateSize int
		resp                *tfprotov6.ReadDataSourceResponse
	)
	m := runMeasured(b, func() { sb.Reset(b) }, func() {
		resp, err = server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "commerce_customers", Config: dsCfg})
	}, func() {
		require.NoError(b, err, "ReadDataSource")
		requireNoErrorDiagnostics(b, "ReadDataSource", resp.Diagnostics)
		stateSize = len(resp.State.MsgPack)
		checkState(b, resp.State, dsType, n)
		requests += sb.Stats(b).Total
		resp = nil // not alive during the next read
	})
	perOp := float64(b.N)
	b.ReportMetric(float64(requests)/perOp, "requests")
	ideal := p.tokenRequests + ceilDiv(n, p.client(b, sb.URL, 1, nil).Description().MaxPageSize)
	b.ReportMetric(float64(ideal), "ideal")
	assert.Equal(b, ideal*b.N, requests, "the read's requests over %d reads: exactly the ideal %d each", b.N, ideal)
	b.ReportMetric(float64(m.wall.Milliseconds())/perOp, "wall-ms")
	b.ReportMetric(float64(m.cpu.Milliseconds())/perOp, "cpu-ms")
	m.reportPeaks(b)
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
	require.NoError(tb, err)
	return &dv
}

// checkState fails unless the state holds n customers with unique ids and a
// total_results of n.
func checkState(b *testing.B, state *tfprotov6.DynamicValue, t tftypes.Type, n int) {
	b.Helper()
	v, err := state.Unmarshal(t)
	require.NoError(b, err)
	var attrs map[string]tftypes.Value
	var list []tftypes.Value
	var total big.Float
	require.NoError(b, v.As(&attrs))
	require.NoError(b, attrs["customers"].As(&list))
	require.NoError(b, attrs["total_results"].As(&total))
	got, _ := total.Int64()
	require.Len(b, list, n, "customers in state")
	require.Equal(b, int64(n), got, "total_results")
	ids := make([]string, len(list))
	for i, c := range list {
		ids[i] = objectString(b, c, "id")
	}
	testutil.RequireUniqueIDs(b, ids)
}

// objectString is the string attribute name of an object value.
func objectString(b *testing.B, object tftypes.Value, name string) string {
	b.Helper()
	var attrs map[string]tftypes.Value
	var s string
	require.NoError(b, object.As(&attrs))
	require.NoError(b, attrs[name].As(&s))
	return s
}

// requireNoErrorDiagnostics fails the benchmark when a call of the protocol
// server returned an error diagnostic.
func requireNoErrorDiagnostics(b *testing.B, call string, diags []*tfprotov6.Diagnostic) {
	b.Helper()
	require.False(b, hasError(diags), "%s: %s", call, diagText(diags))
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
