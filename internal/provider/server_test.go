package provider

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
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

// frameworkCustomersServer is the reference for what the state must be: the
// framework's own server, which after Read sets the customers list with the
// framework's reflection (State.SetAttribute from []customerModel) instead
// of encodeState.
type frameworkCustomersServer struct{ tfprotov6.ProviderServer }

func (s frameworkCustomersServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	out := &customersForState{}
	resp, err := s.ProviderServer.ReadDataSource(context.WithValue(ctx, customersForStateKey{}, out), req)
	if err != nil || resp.State == nil || !out.set {
		return resp, err
	}
	var sresp datasource.SchemaResponse
	NewCustomersDataSource().Schema(ctx, datasource.SchemaRequest{}, &sresp)
	typ := sresp.Schema.Type().TerraformType(ctx)
	raw, err := resp.State.Unmarshal(typ)
	if err != nil {
		return nil, err
	}
	state := tfsdk.State{Schema: sresp.Schema, Raw: raw}
	models := make([]customerModel, len(out.list))
	for i, c := range out.list {
		models[i] = customerToModel(c)
	}
	if diags := state.SetAttribute(ctx, path.Root("customers"), models); diags.HasError() {
		return nil, &diagError{diags.Errors()[0].Detail()}
	}
	dv, err := tfprotov6.NewDynamicValue(typ, state.Raw)
	resp.State = &dv
	return resp, err
}

type diagError struct{ msg string }

func (e *diagError) Error() string { return e.msg }

func stringValue(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

// TestCustomersStateServer_sameStateAsTheFramework: the state the server
// writes is exactly the one the framework writes, on every platform,
// whatever the filters, caps and errors, and the cases together fill every
// attribute of a customers item.
func TestCustomersStateServer_sameStateAsTheFramework(t *testing.T) {
	sb, url := startSandbox(t, sandbox.Options{SellercloudCustomers: 137, AdobeCustomers: 60, ConnectCustomers: 60, TrutoCustomers: 60})
	sb.AddSellercloudCustomer(sandbox.SellercloudCustomer{Name: "Cee Cee", Email: "cee@example.com", EmailCC: "cc@example.com"})
	sellercloud := map[string]tftypes.Value{"base_url": stringValue(url + sandbox.SellercloudRoot), "token": stringValue(sandbox.DefaultToken)}
	adobe := map[string]tftypes.Value{"platform": stringValue("adobe_vip"), "base_url": stringValue(url + sandbox.AdobeVIPRoot),
		"token": stringValue(sandbox.DefaultToken), "api_key": stringValue(sandbox.DefaultAPIKey), "reseller_id": stringValue(sandbox.DefaultResellerID)}
	connect := map[string]tftypes.Value{"platform": stringValue("connect"), "base_url": stringValue(url + sandbox.ConnectRoot),
		"api_key": stringValue(sandbox.DefaultAPIKey)}
	truto := map[string]tftypes.Value{"platform": stringValue("truto"), "base_url": stringValue(url + sandbox.TrutoRoot),
		"token": stringValue(sandbox.DefaultToken), "integrated_account_id": stringValue(sandbox.DefaultIntegratedAccountID)}
	details := map[string]tftypes.Value{"include_details": tftypes.NewValue(tftypes.Bool, true), "include_raw": tftypes.NewValue(tftypes.Bool, true)}
	cases := []struct {
		name       string
		provider   map[string]tftypes.Value
		dataSource map[string]tftypes.Value
		customers  int // the list's length; -1: an error, -2: some
	}{
		{"sellercloud/all", sellercloud, nil, 138},
		{"sellercloud/filtered", sellercloud, map[string]tftypes.Value{"customer_type": stringValue("Wholesale"), "name": stringValue("a")}, -2},
		{"sellercloud/capped", sellercloud, map[string]tftypes.Value{"max_results": tftypes.NewValue(tftypes.Number, 7)}, 7},
		{"sellercloud/no_match", sellercloud, map[string]tftypes.Value{"email": stringValue("nobody-has-this")}, 0},
		{"sellercloud/bad_input", sellercloud, map[string]tftypes.Value{"page_size": tftypes.NewValue(tftypes.Number, 60)}, -1},
		{"adobe_vip/list", adobe, nil, -2},
		{"adobe_vip/details", adobe, details, -2},
		{"connect/all", connect, nil, 60},
		{"truto/details", truto, details, 60},
	}
	filled := map[string]bool{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			plain, err := providerserver.NewProtocol6WithError(New("test")())()
			require.NoError(t, err)
			ours, err := NewProtocol6Server("test")()
			require.NoError(t, err)
			want, wantDiags := readCustomers(t, frameworkCustomersServer{plain}, tc.provider, tc.dataSource)
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

// TestRead_withoutTheServer: Read has one path; served by the framework
// alone it fails clearly instead of leaving the list empty.
func TestRead_withoutTheServer(t *testing.T) {
	_, url := startSandbox(t, sandbox.Options{SellercloudCustomers: 3})
	plain, err := providerserver.NewProtocol6WithError(New("test")())()
	require.NoError(t, err)
	_, diags := readCustomers(t, plain, map[string]tftypes.Value{"base_url": stringValue(url + sandbox.SellercloudRoot), "token": stringValue(sandbox.DefaultToken)}, nil)
	require.Len(t, diags, 1)
	assert.Contains(t, diags[0].Summary, "no way into the state")
}
