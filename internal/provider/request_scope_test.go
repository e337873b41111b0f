package provider

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// perResourceRPCs are the RPCs Terraform sends for every resource and data
// source, each called with a request for typeName's config (nulls
// elsewhere): what a plan of many resources repeats.
func perResourceRPCs(t *testing.T, server tfprotov6.ProviderServer) map[string]func(context.Context) {
	t.Helper()
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	require.NoError(t, err)
	const res, ds = "commerce_customer", "commerce_customer"
	rt := schemas.ResourceSchemas[res].ValueType()
	config := objectValue(t, rt, map[string]tftypes.Value{"customer_id": tftypes.NewValue(tftypes.String, "10001")})
	null := objectValue(t, rt, nil)
	dsConfig := objectValue(t, schemas.DataSourceSchemas[ds].ValueType(), map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "10001")})
	state := &tfprotov6.RawState{JSON: []byte(`{"customer_id":"10001","id":"10001"}`)}
	ignore := func(_ any, _ error) {}
	return map[string]func(context.Context){
		"ValidateResourceConfig": func(ctx context.Context) {
			ignore(server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: res, Config: config}))
		},
		"UpgradeResourceState": func(ctx context.Context) {
			ignore(server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: res, RawState: state}))
		},
		"UpgradeResourceIdentity": func(ctx context.Context) {
			ignore(server.UpgradeResourceIdentity(ctx, &tfprotov6.UpgradeResourceIdentityRequest{TypeName: res,
				RawIdentity: &tfprotov6.RawState{JSON: []byte(`{"customer_id":"10001"}`)}}))
		},
		"ReadResource": func(ctx context.Context) {
			ignore(server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: res, CurrentState: null}))
		},
		"PlanResourceChange": func(ctx context.Context) {
			ignore(server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: res, Config: config, ProposedNewState: config, PriorState: null}))
		},
		"ApplyResourceChange": func(ctx context.Context) {
			ignore(server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: res, Config: config, PlannedState: config, PriorState: null}))
		},
		"ImportResourceState": func(ctx context.Context) {
			ignore(server.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: res, ID: "10001"}))
		},
		"MoveResourceState": func(ctx context.Context) {
			ignore(server.MoveResourceState(ctx, &tfprotov6.MoveResourceStateRequest{TargetTypeName: res, SourceTypeName: res, SourceState: state}))
		},
		"GenerateResourceConfig": func(ctx context.Context) {
			ignore(server.GenerateResourceConfig(ctx, &tfprotov6.GenerateResourceConfigRequest{TypeName: res, State: config}))
		},
		"ValidateDataResourceConfig": func(ctx context.Context) {
			ignore(server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: ds, Config: dsConfig}))
		},
		"ReadDataSource": func(ctx context.Context) {
			ignore(server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: ds, Config: dsConfig}))
		},
		"ValidateListResourceConfig": func(ctx context.Context) {
			ls := server.(tfprotov6.ProviderServerWithListResource)
			ignore(ls.ValidateListResourceConfig(ctx, &tfprotov6.ValidateListResourceConfigRequest{TypeName: res}))
		},
	}
}

type requestMarkerKey struct{}

// requestReleased calls rpc with a request context that carries a marker,
// ends the request as gRPC does (cancels its context), and reports whether
// the marker is garbage collected: whether anything still holds the
// request's context once its RPC has returned.
func requestReleased(rpc func(context.Context)) bool {
	freed := make(chan struct{})
	func() {
		marker := new([256]byte)
		runtime.AddCleanup(marker, func(ch chan struct{}) { close(ch) }, freed)
		ctx, cancel := context.WithCancel(context.WithValue(context.Background(), requestMarkerKey{}, marker))
		rpc(ctx)
		cancel()
	}()
	for range 100 {
		runtime.GC()
		select {
		case <-freed:
			return true
		case <-time.After(5 * time.Millisecond):
		}
	}
	return false
}

// TestRequestScopedServer_releasesEveryRequest: once a per-resource RPC has
// returned, nothing holds its request's context (and so its loggers and the
// gRPC stream): a plan's memory follows the requests in flight, not the
// resources planned so far.
func TestRequestScopedServer_releasesEveryRequest(t *testing.T) {
	server, err := NewProtocol6Server("test")()
	require.NoError(t, err)
	rpcs := perResourceRPCs(t, server)
	require.Len(t, rpcs, 12, "every RPC requestScopedServer scopes")
	for name, rpc := range rpcs {
		assert.True(t, requestReleased(rpc), "%s: the request's context is still held after the RPC returned", name)
	}
}

// TestFramework_keepsRequestContexts is requestScopedServer's exit
// condition: the framework's own server keeps every request's context until
// StopProvider. When this fails after a framework upgrade, the framework
// lets go of its requests itself, and requestScopedServer's releasing can
// go.
func TestFramework_keepsRequestContexts(t *testing.T) {
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	require.NoError(t, err)
	rpcs := perResourceRPCs(t, server)
	for _, name := range []string{"ValidateResourceConfig", "PlanResourceChange", "ReadResource"} {
		assert.False(t, requestReleased(rpcs[name]), "%s: the framework no longer keeps the request's context; requestScopedServer need not release it", name)
	}
}
