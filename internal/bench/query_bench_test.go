package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/commercetf/terraform-provider-commerce/internal/provider"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
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
	if err != nil {
		b.Fatal(err)
	}
	lister, ok := server.(tfprotov6.ProviderServerWithListResource)
	if !ok {
		b.Fatal("the provider's server does not serve list resources")
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasError(schemas.Diagnostics) {
		b.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	providerCfg := dynamicValue(b, schemas.Provider.ValueType(), platforms[0].providerConfig(sb.URL))
	conf, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.8", Config: providerCfg})
	if err != nil || hasError(conf.Diagnostics) {
		b.Fatalf("ConfigureProvider: %v %v", err, diagText(conf.Diagnostics))
	}
	listCfg := dynamicValue(b, schemas.ListResourceSchemas["commerce_customer"].ValueType(), nil)
	identities, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		b.Fatal(err)
	}
	identityType := identities.IdentitySchemas["commerce_customer"].ValueType()

	var (
		cpu, wall           time.Duration
		pages, gets, others int
	)
	b.ReportAllocs()
	peak := startPeak()
	peak.Pause()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		sb.Reset(b)
		ids := make([][]byte, 0, n) // the identities' msgpack, checked after the timer
		withResource := 0
		peak.Resume()
		b.StartTimer()

		cpu0, start := peak.CPU(), time.Now()
		stream, err := lister.ListResource(ctx, &tfprotov6.ListResourceRequest{
			TypeName: "commerce_customer", Config: listCfg, Limit: int64(n), IncludeResource: includeResource,
		})
		if err != nil {
			b.Fatal(err)
		}
		for ev := range stream.Results {
			if hasError(ev.Diagnostics) || ev.Identity == nil {
				b.Fatalf("result %d: %s", len(ids), diagText(ev.Diagnostics))
			}
			ids = append(ids, ev.Identity.IdentityData.MsgPack)
			if ev.Resource != nil {
				withResource++
			}
		}
		wall += time.Since(start)
		cpu += peak.CPU() - cpu0

		b.StopTimer()
		peak.Pause()
		checkIdentities(b, ids, identityType, n)
		if includeResource && withResource != n {
			b.Fatalf("%d of %d results carry the resource object", withResource, n)
		}
		st := sb.Stats(b)
		pages += st.Counts[platforms[0].listRoute]
		gets += st.Counts["GET "+sandbox.SellercloudRoot+"/Customers/{id}"]
		others += st.Total - st.Counts[platforms[0].listRoute] - st.Counts["GET "+sandbox.SellercloudRoot+"/Customers/{id}"]
		b.StartTimer()
	}
	b.StopTimer()
	heap, rss := peak.Stop()
	perOp := float64(b.N)
	idealPages, idealGets := ceilDiv(n, sellercloud.MaxPageSize), 0
	if includeResource {
		idealGets = n
	}
	b.ReportMetric(float64(pages+gets+others)/perOp, "requests")
	b.ReportMetric(float64(idealPages+idealGets), "ideal")
	b.ReportMetric(float64(pages)/perOp, "list-requests")
	b.ReportMetric(float64(gets)/perOp, "get-requests")
	if pages != idealPages*b.N || gets != idealGets*b.N || others != 0 {
		b.Errorf("the query sent %v list requests, %v GETs and %v others, want exactly %d and %d and none",
			float64(pages)/perOp, float64(gets)/perOp, float64(others)/perOp, idealPages, idealGets)
	}
	b.ReportMetric(float64(wall.Milliseconds())/perOp, "wall-ms")
	b.ReportMetric(float64(cpu.Milliseconds())/perOp, "cpu-ms")
	b.ReportMetric(float64(heap)/mb, "peak-heap-MB")
	if rss > 0 {
		b.ReportMetric(float64(rss)/mb, "peak-rss-MB")
	}
}

// checkIdentities fails unless there are n identities with distinct,
// non-empty customer ids.
func checkIdentities(b *testing.B, ids [][]byte, t tftypes.Type, n int) {
	b.Helper()
	if len(ids) != n {
		b.Fatalf("the query found %d customers, want %d", len(ids), n)
	}
	seen := make(map[string]struct{}, n)
	for _, raw := range ids {
		v, err := (&tfprotov6.DynamicValue{MsgPack: raw}).Unmarshal(t)
		if err != nil {
			b.Fatal(err)
		}
		var attrs map[string]tftypes.Value
		var id string
		if err := v.As(&attrs); err != nil {
			b.Fatal(err)
		}
		if err := attrs["customer_id"].As(&id); err != nil {
			b.Fatal(err)
		}
		if _, dup := seen[id]; dup || id == "" {
			b.Fatalf("customer id %q is empty or repeated", id)
		}
		seen[id] = struct{}{}
	}
}
