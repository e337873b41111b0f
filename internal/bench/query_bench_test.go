package bench

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// BenchmarkProviderQuery runs `terraform query` over 10,000 Sellercloud
// customers the way the CLI does: ConfigureProvider, then the ListResource
// RPC of the commerce_customer list resource with limit = 10,000, consuming
// the stream as it comes. It counts the requests (the ideal is the list pages
// alone, plus one GET /Customers/{id} per customer with include_resource) and
// measures the provider's peak memory: a streamed query holds about a window
// of pages, not the 10,000 customers.
func BenchmarkProviderQuery(b *testing.B) {
	const n = 10000
	for _, include := range []bool{false, true} {
		b.Run(fmt.Sprintf("platform=sellercloud/customers=%d/include_resource=%v", n, include), func(b *testing.B) {
			benchProviderQuery(b, n, include)
		})
	}
}

func benchProviderQuery(b *testing.B, n int, includeResource bool) {
	sb := startChild(b, n, latency)
	ctx := context.Background()
	server, err := provider.NewProtocol6Server("bench")()
	require.NoError(b, err)
	lister, ok := server.(tfprotov6.ProviderServerWithListResource)
	require.True(b, ok, "the provider's server serves list resources")
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	require.NoError(b, err, "GetProviderSchema")
	requireNoErrorDiagnostics(b, "GetProviderSchema", schemas.Diagnostics)
	providerCfg := dynamicValue(b, schemas.Provider.ValueType(), platforms[0].providerConfig(sb.URL))
	conf, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.8", Config: providerCfg})
	require.NoError(b, err, "ConfigureProvider")
	requireNoErrorDiagnostics(b, "ConfigureProvider", conf.Diagnostics)
	listCfg := dynamicValue(b, schemas.ListResourceSchemas["commerce_customer"].ValueType(), nil)
	identities, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	require.NoError(b, err)
	identityType := identities.IdentitySchemas["commerce_customer"].ValueType()

	getRoute := "GET " + sandbox.SellercloudRoot + "/Customers/{id}"
	var (
		pages, gets, others int
		ids                 [][]byte // the identities' msgpack, checked after the timer
		withResource        int
	)
	m := runMeasured(b, func() {
		sb.Reset(b)
		ids, withResource = make([][]byte, 0, n), 0
	}, func() {
		stream, err := lister.ListResource(ctx, &tfprotov6.ListResourceRequest{
			TypeName: "commerce_customer", Config: listCfg, Limit: int64(n), IncludeResource: includeResource,
		})
		require.NoError(b, err)
		for ev := range stream.Results {
			if hasError(ev.Diagnostics) || ev.Identity == nil {
				b.Fatalf("result %d: %s", len(ids), diagText(ev.Diagnostics))
			}
			ids = append(ids, ev.Identity.IdentityData.MsgPack)
			if ev.Resource != nil {
				withResource++
			}
		}
	}, func() {
		checkIdentities(b, ids, identityType, n)
		if includeResource {
			require.Equal(b, n, withResource, "results that carry the resource object")
		}
		st := sb.Stats(b)
		pages += st.Counts[platforms[0].listRoute]
		gets += st.Counts[getRoute]
		others += st.Total - st.Counts[platforms[0].listRoute] - st.Counts[getRoute]
	})
	perOp := float64(b.N)
	idealPages, idealGets := ceilDiv(n, sellercloud.MaxPageSize), 0
	if includeResource {
		idealGets = n
	}
	b.ReportMetric(float64(pages+gets+others)/perOp, "requests")
	b.ReportMetric(float64(idealPages+idealGets), "ideal")
	b.ReportMetric(float64(pages)/perOp, "list-requests")
	b.ReportMetric(float64(gets)/perOp, "get-requests")
	assert.Equal(b, idealPages*b.N, pages, "list requests over %d queries", b.N)
	assert.Equal(b, idealGets*b.N, gets, "GETs over %d queries", b.N)
	assert.Zero(b, others, "other requests")
	b.ReportMetric(float64(m.wall.Milliseconds())/perOp, "wall-ms")
	b.ReportMetric(float64(m.cpu.Milliseconds())/perOp, "cpu-ms")
	m.reportPeaks(b)
}

// checkIdentities fails unless there are n identities with distinct,
// non-empty customer ids.
func checkIdentities(b *testing.B, identities [][]byte, t tftypes.Type, n int) {
	b.Helper()
	require.Len(b, identities, n, "customers the query found")
	ids := make([]string, len(identities))
	for i, raw := range identities {
		v, err := (&tfprotov6.DynamicValue{MsgPack: raw}).Unmarshal(t)
		require.NoError(b, err)
		ids[i] = objectString(b, v, "customer_id")
	}
	testutil.RequireUniqueIDs(b, ids)
}
