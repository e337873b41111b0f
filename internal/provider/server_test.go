package provider_test

import (
	"context"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// TestProtocolServer_forwardsEverything: every method of the
// framework's server is a method of the wrapper with the same signature, so
// an interface a framework or terraform-plugin-go upgrade adds (and that
// terraform-plugin-go type-asserts) cannot vanish behind it.
func TestProtocolServer_forwardsEverything(t *testing.T) {
	inner, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	require.NoError(t, err)
	wrapped, err := provider.NewProtocol6Server("test")()
	require.NoError(t, err)
	it, wt := reflect.TypeOf(inner), reflect.TypeOf(wrapped)
	require.Greater(t, it.NumMethod(), 20, "the framework's server has its methods")
	for i := range it.NumMethod() {
		m := it.Method(i)
		w, ok := wt.MethodByName(m.Name)
		if !assert.True(t, ok, "the wrapper does not forward %s: add its interface to fullServer in server.go", m.Name) {
			continue
		}
		assert.Equal(t, signature(m.Type), signature(w.Type), "%s has another signature on the wrapper", m.Name)
	}
}

// signature is a method's parameter and result types, without the receiver.
func signature(f reflect.Type) []reflect.Type {
	var out []reflect.Type
	for i := 1; i < f.NumIn(); i++ {
		out = append(out, f.In(i))
	}
	for i := range f.NumOut() {
		out = append(out, f.Out(i))
	}
	return out
}

// stateCase is one read of commerce_customers: the provider and data source
// configurations, and the list's length (-1: an error, -2: some).
type stateCase struct {
	name       string
	provider   map[string]tftypes.Value
	dataSource map[string]tftypes.Value
	customers  int
}

// stateCases read every platform in full, filtered (on the server or by the
// provider), capped (with include_raw), matching nobody, with a page size it
// rejects, and with include_details (and include_raw) where its list is
// sparse.
func stateCases(sb *sandbox.Server, url string) []stateCase {
	yes := tftypes.NewValue(tftypes.Bool, true) // include_raw: raw is left out by default
	var cases []stateCase
	for _, p := range tfkit.Platforms {
		provider, all := acctest.SandboxConfig(p.Name, url, nil), len(sb.Listed(p.Name))
		cases = append(cases,
			stateCase{p.Name + "/all", provider, nil, all},
			stateCase{p.Name + "/filtered", provider, map[string]tftypes.Value{"name": acctest.StringValue("a")}, -2},
			stateCase{p.Name + "/capped", provider, map[string]tftypes.Value{"max_results": acctest.NumberValue(7), "include_raw": yes}, 7},
			stateCase{p.Name + "/no_match", provider, map[string]tftypes.Value{"name": acctest.StringValue("nobody-has-this")}, 0},
			stateCase{p.Name + "/bad_input", provider, map[string]tftypes.Value{"page_size": acctest.NumberValue(p.MaxPageSize + 1)}, -1})
		if p.Details {
			cases = append(cases, stateCase{p.Name + "/details", provider, map[string]tftypes.Value{"include_details": yes, "include_raw": yes}, all})
		}
	}
	return cases
}

// TestProtocolServer_sameStateAsTheFramework: the state the server
// writes is exactly the one the framework writes by itself (Read's framework
// path), on every platform, whatever the filters, caps and errors, and the
// cases together fill every attribute of a customers item.
func TestProtocolServer_sameStateAsTheFramework(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 60, Seed: map[string]int{"sellercloud": 137}})
	// The one field no seed fills.
	sb.AddSellercloudCustomer(sandbox.SellercloudCustomer{Name: "Cee Cee", Email: "cee@example.com", EmailCC: "cc@example.com"})
	filled := map[string]bool{}
	for _, tc := range stateCases(sb, url) {
		t.Run(tc.name, func(t *testing.T) {
			plain, err := providerserver.NewProtocol6WithError(provider.New("test")())()
			require.NoError(t, err)
			ours, err := provider.NewProtocol6Server("test")()
			require.NoError(t, err)
			want, wantDiags := readCustomers(t, plain, tc.provider, tc.dataSource)
			got, gotDiags := readCustomers(t, ours, tc.provider, tc.dataSource)
			require.Equal(t, wantDiags, gotDiags)
			require.True(t, want.Equal(got), "the written state differs from the framework's")
			if tc.customers == -1 {
				require.NotEmpty(t, gotDiags)
				return
			}
			var attrs map[string]tftypes.Value
			var list []tftypes.Value
			require.NoError(t, got.As(&attrs))
			require.NoError(t, attrs["customers"].As(&list))
			if tc.customers >= 0 {
				require.Equal(t, tc.customers, len(list))
			} else {
				require.NotZero(t, len(list))
			}
			for _, item := range list {
				var fields map[string]tftypes.Value
				require.NoError(t, item.As(&fields))
				for name, v := range fields {
					var s string
					require.NoError(t, v.As(&s))
					filled[name] = filled[name] || s != ""
				}
			}
		})
	}
	for name := range customerItemTypes(t) {
		assert.True(t, filled[name], "no case fills %s: the comparison says nothing about it", name)
	}
}

// readCustomers configures server with the provider settings and reads
// commerce_customers with the given data source settings.
func readCustomers(t *testing.T, server tfprotov6.ProviderServer, provider, dataSource map[string]tftypes.Value) (tftypes.Value, []*tfprotov6.Diagnostic) {
	t.Helper()
	ctx := context.Background()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	require.NoError(t, err)
	conf, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.0",
		Config:           acctest.ObjectValue(t, schemas.Provider.ValueType(), provider),
	})
	require.NoError(t, err)
	require.Empty(t, conf.Diagnostics)
	typ := schemas.DataSourceSchemas["commerce_customers"].ValueType()
	resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "commerce_customers", Config: acctest.ObjectValue(t, typ, dataSource)})
	require.NoError(t, err)
	if resp.State == nil {
		return tftypes.Value{}, resp.Diagnostics
	}
	v, err := resp.State.Unmarshal(typ)
	require.NoError(t, err)
	return v, resp.Diagnostics
}

// TestRead_withoutTheServer: served by the framework alone, Read writes the
// customers through the framework's own path (the one server.go's exit
// benchmark measures): every customer, no diagnostic.
func TestRead_withoutTheServer(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	plain, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	require.NoError(t, err)
	state, diags := readCustomers(t, plain, acctest.SandboxConfig(sellercloud.Description.Name, url, nil), nil)
	require.Empty(t, diags)
	var attrs map[string]tftypes.Value
	var list []tftypes.Value
	require.NoError(t, state.As(&attrs))
	require.NoError(t, attrs["customers"].As(&list))
	assert.Len(t, list, len(sb.Listed("sellercloud")))
}

// perResourceRPCs are the RPCs Terraform sends for every resource and data
// source, each called with a request for typeName's config (nulls
// elsewhere): what a plan of many resources repeats.
func perResourceRPCs(t *testing.T, server tfprotov6.ProviderServer) map[string]func(context.Context) {
	t.Helper()
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	require.NoError(t, err)
	const res, ds = "commerce_customer", "commerce_customer"
	rt := schemas.ResourceSchemas[res].ValueType()
	config := acctest.ObjectValue(t, rt, map[string]tftypes.Value{"customer_id": tftypes.NewValue(tftypes.String, "10001")})
	null := acctest.ObjectValue(t, rt, nil)
	dsConfig := acctest.ObjectValue(t, schemas.DataSourceSchemas[ds].ValueType(), map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "10001")})
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

// TestProtocolServer_releasesEveryRequest: once a per-resource RPC has
// returned, nothing holds its request's context (and so its loggers and the
// gRPC stream): a plan's memory follows the requests in flight, not the
// resources planned so far.
func TestProtocolServer_releasesEveryRequest(t *testing.T) {
	server, err := provider.NewProtocol6Server("test")()
	require.NoError(t, err)
	rpcs := perResourceRPCs(t, server)
	require.Len(t, rpcs, 12, "every RPC protocolServer scopes")
	for name, rpc := range rpcs {
		assert.True(t, requestReleased(rpc), "%s: the request's context is still held after the RPC returned", name)
	}
}

// TestFramework_keepsRequestContexts is the exit condition of server.go's
// second reason: the framework's own server keeps every request's context
// until StopProvider. When this fails after a framework upgrade, the
// framework lets go of its requests itself, and server.go's scoped methods
// can go.
func TestFramework_keepsRequestContexts(t *testing.T) {
	server, err := providerserver.NewProtocol6WithError(provider.New("test")())()
	require.NoError(t, err)
	rpcs := perResourceRPCs(t, server)
	for _, name := range []string{"ValidateResourceConfig", "PlanResourceChange", "ReadResource"} {
		assert.False(t, requestReleased(rpcs[name]), "%s: the framework no longer keeps the request's context; server.go need not release it", name)
	}
}

// customerItemTypes are the attributes of one item of commerce_customers'
// list.
func customerItemTypes(t *testing.T) map[string]tftypes.Type {
	t.Helper()
	server, err := provider.NewProtocol6Server("test")()
	require.NoError(t, err)
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	require.NoError(t, err)
	ds := schemas.DataSourceSchemas["commerce_customers"].ValueType().(tftypes.Object)
	return ds.AttributeTypes["customers"].(tftypes.List).ElementType.(tftypes.Object).AttributeTypes
}
