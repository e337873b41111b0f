package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

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

// readCustomers configures server against the sandbox and reads
// commerce_customers with the given data source settings.
func readCustomers(t *testing.T, server tfprotov6.ProviderServer, baseURL string, set map[string]tftypes.Value) (tftypes.Value, []*tfprotov6.Diagnostic) {
	t.Helper()
	ctx := context.Background()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	require.NoError(t, err)
	conf, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.0",
		Config: objectValue(t, schemas.Provider.ValueType(), map[string]tftypes.Value{
			"base_url": tftypes.NewValue(tftypes.String, baseURL+sandbox.SellercloudRoot),
			"token":    tftypes.NewValue(tftypes.String, sandbox.DefaultToken),
		}),
	})
	require.NoError(t, err)
	require.Empty(t, conf.Diagnostics)
	typ := schemas.DataSourceSchemas["commerce_customers"].ValueType()
	resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "commerce_customers", Config: objectValue(t, typ, set)})
	require.NoError(t, err)
	if resp.State == nil {
		return tftypes.Value{}, resp.Diagnostics
	}
	v, err := resp.State.Unmarshal(typ)
	require.NoError(t, err)
	return v, resp.Diagnostics
}

// The spliced customers list must be exactly what the framework alone
// produces, whatever the filters and caps.
func TestListSplicer_sameStateAsTheFramework(t *testing.T) {
	_, url := startSandbox(t, sandbox.Options{SellercloudCustomers: 137})
	for name, set := range map[string]map[string]tftypes.Value{
		"all":       nil,
		"filtered":  {"customer_type": tftypes.NewValue(tftypes.String, "Wholesale"), "city": tftypes.NewValue(tftypes.String, "Austin")},
		"capped":    {"max_results": tftypes.NewValue(tftypes.Number, 7)},
		"no_match":  {"email": tftypes.NewValue(tftypes.String, "nobody-has-this")},
		"bad_input": {"page_size": tftypes.NewValue(tftypes.Number, 60)},
	} {
		t.Run(name, func(t *testing.T) {
			plain, err := providerserver.NewProtocol6WithError(New("test")())()
			require.NoError(t, err)
			spliced, err := NewProtocol6Server("test")()
			require.NoError(t, err)
			want, wantDiags := readCustomers(t, plain, url, set)
			got, gotDiags := readCustomers(t, spliced, url, set)
			require.Equal(t, wantDiags, gotDiags)
			require.True(t, want.Equal(got), "spliced state differs:\n%s\nwant\n%s", got, want)
			if name == "all" {
				var attrs map[string]tftypes.Value
				var list []tftypes.Value
				require.NoError(t, got.As(&attrs))
				require.NoError(t, attrs["customers"].As(&list))
				require.Len(t, list, 137)
			}
		})
	}
}
