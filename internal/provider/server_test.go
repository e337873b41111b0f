package provider

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

var (
	_ tfprotov6.ProviderServerWithListResource = (*customersStateServer)(nil)
	_ tfprotov6.ProviderServerWithActions      = (*customersStateServer)(nil)
	_ tfprotov6.ProviderServerWithStateStores  = (*customersStateServer)(nil)
)

// TestCustomersStateServer_forwardsEverything: every method of the
// framework's server is a method of the wrapper with the same signature, so
// an interface a framework or terraform-plugin-go upgrade adds (and that
// terraform-plugin-go type-asserts) cannot vanish behind it.
func TestCustomersStateServer_forwardsEverything(t *testing.T) {
	inner, err := providerserver.NewProtocol6WithError(New("test")())()
	require.NoError(t, err)
	wrapped, err := NewProtocol6Server("test")()
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

func stringValue(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

func numberValue(n int) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }

// sandboxConfig is the provider configuration for platform on the sandbox
// at url, as tftypes values.
func sandboxConfig(platform, url string) map[string]tftypes.Value {
	config := map[string]tftypes.Value{"platform": stringValue(platform)}
	for name, v := range testutil.Settings(platform, url) {
		config[name] = stringValue(v)
	}
	return config
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
		provider, all := sandboxConfig(p.Name, url), len(sb.Listed(p.Name))
		cases = append(cases,
			stateCase{p.Name + "/all", provider, nil, all},
			stateCase{p.Name + "/filtered", provider, map[string]tftypes.Value{"name": stringValue("a")}, -2},
			stateCase{p.Name + "/capped", provider, map[string]tftypes.Value{"max_results": numberValue(7), "include_raw": yes}, 7},
			stateCase{p.Name + "/no_match", provider, map[string]tftypes.Value{"name": stringValue("nobody-has-this")}, 0},
			stateCase{p.Name + "/bad_input", provider, map[string]tftypes.Value{"page_size": numberValue(p.MaxPageSize + 1)}, -1})
		if p.Details {
			cases = append(cases, stateCase{p.Name + "/details", provider, map[string]tftypes.Value{"include_details": yes, "include_raw": yes}, all})
		}
	}
	return cases
}

// TestCustomersStateServer_sameStateAsTheFramework: the state the server
// writes is exactly the one the framework writes by itself (Read's framework
// path), on every platform, whatever the filters, caps and errors, and the
// cases together fill every attribute of a customers item.
func TestCustomersStateServer_sameStateAsTheFramework(t *testing.T) {
	sb, url := startSandbox(t, sandbox.Options{Customers: 60, Seed: map[string]int{"sellercloud": 137}})
	// The one field no seed fills.
	sb.AddSellercloudCustomer(sandbox.SellercloudCustomer{Name: "Cee Cee", Email: "cee@example.com", EmailCC: "cc@example.com"})
	filled := map[string]bool{}
	for _, tc := range stateCases(sb, url) {
		t.Run(tc.name, func(t *testing.T) {
			plain, err := providerserver.NewProtocol6WithError(New("test")())()
			require.NoError(t, err)
			ours, err := NewProtocol6Server("test")()
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
	for _, col := range customerColumns {
		assert.True(t, filled[col.name], "no case fills %s: the comparison says nothing about it", col.name)
	}
}

// objectValue is an object of type t with the given attributes set and every
// other attribute null, as the CLI sends a configuration.
func objectValue(t *testing.T, typ tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	obj := typ.(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
		if v, ok := set[name]; ok {
			vals[name] = v
		}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	require.NoError(t, err)
	return &dv
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
		Config:           objectValue(t, schemas.Provider.ValueType(), provider),
	})
	require.NoError(t, err)
	require.Empty(t, conf.Diagnostics)
	typ := schemas.DataSourceSchemas["commerce_customers"].ValueType()
	resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "commerce_customers", Config: objectValue(t, typ, dataSource)})
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
	sb, url := startSandbox(t, sandbox.Options{Customers: 3})
	plain, err := providerserver.NewProtocol6WithError(New("test")())()
	require.NoError(t, err)
	state, diags := readCustomers(t, plain, sandboxConfig("sellercloud", url), nil)
	require.Empty(t, diags)
	var attrs map[string]tftypes.Value
	var list []tftypes.Value
	require.NoError(t, state.As(&attrs))
	require.NoError(t, attrs["customers"].As(&list))
	assert.Len(t, list, len(sb.Listed("sellercloud")))
}
