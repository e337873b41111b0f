package acctest

import (
	"context"
	"iter"
	"maps"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// The tests that call the provider's protocol server themselves, as the CLI
// does, without a CLI: streams, request contexts, the state's encoding.

// StringValue and NumberValue are tftypes values of a provider setting.
func StringValue(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }

func NumberValue(n int) tftypes.Value { return tftypes.NewValue(tftypes.Number, n) }

// ObjectValue encodes an object of type typ with the given attributes set
// and every other attribute null, as the CLI sends a configuration.
func ObjectValue(t *testing.T, typ tftypes.Type, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
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

// SandboxConfig is the provider configuration for platform on the sandbox
// at url, as tftypes values, with extra's settings added or replaced.
func SandboxConfig(platform, url string, extra map[string]tftypes.Value) map[string]tftypes.Value {
	config := map[string]tftypes.Value{"platform": StringValue(platform)}
	for name, v := range testutil.Settings(platform, url) {
		config[name] = StringValue(v)
	}
	maps.Copy(config, extra)
	return config
}

// Configure sends ConfigureProvider with these provider settings.
func Configure(t *testing.T, server tfprotov6.ProviderServer, typ tftypes.Type, settings map[string]tftypes.Value) {
	t.Helper()
	conf, err := server.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.0", Config: ObjectValue(t, typ, settings),
	})
	require.NoError(t, err)
	require.Empty(t, conf.Diagnostics)
}

// ConfiguredServer is the provider's protocol server configured with these
// provider settings, and its schemas.
func ConfiguredServer(t *testing.T, settings map[string]tftypes.Value) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	server, err := provider.NewProtocol6Server("test")()
	require.NoError(t, err)
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	require.NoError(t, err)
	Configure(t, server, schemas.Provider.ValueType(), settings)
	return server, schemas
}

// SandboxServer is the protocol server configured for platform on the
// sandbox at url (extra settings added), and its schemas.
func SandboxServer(t *testing.T, platform, url string, extra map[string]tftypes.Value) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	return ConfiguredServer(t, SandboxConfig(platform, url, extra))
}

// ListResults starts the list resource typeName with an empty config through
// the protocol server, as the CLI calls it, and returns its stream.
func ListResults(t *testing.T, server tfprotov6.ProviderServer, schemas *tfprotov6.GetProviderSchemaResponse, typeName string, limit int64, includeResource bool) iter.Seq[tfprotov6.ListResourceResult] {
	t.Helper()
	stream, err := server.(tfprotov6.ProviderServerWithListResource).ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: typeName, Config: ObjectValue(t, schemas.ListResourceSchemas[typeName].ValueType(), nil),
		Limit: limit, IncludeResource: includeResource,
	})
	require.NoError(t, err)
	return stream.Results
}

// QueryList runs the list resource typeName and collects the results and the
// error diagnostics: after an error result nothing may follow.
func QueryList(t *testing.T, server tfprotov6.ProviderServer, schemas *tfprotov6.GetProviderSchemaResponse, typeName string, limit int64, includeResource bool) ([]tfprotov6.ListResourceResult, []*tfprotov6.Diagnostic) {
	t.Helper()
	var results []tfprotov6.ListResourceResult
	var errs []*tfprotov6.Diagnostic
	for ev := range ListResults(t, server, schemas, typeName, limit, includeResource) {
		require.Empty(t, errs, "a result after the error")
		if len(ev.Diagnostics) > 0 {
			errs = append(errs, ev.Diagnostics...)
			continue
		}
		results = append(results, ev)
	}
	return results, errs
}

// AssertStreamsPageByPage reads 120 customers at one request at a time and
// checks that the first page's results reach the consumer before the second
// page is asked for: the list is never collected first. (The iterator runs
// the read: the consumer's own pace is the read's.)
func AssertStreamsPageByPage(t *testing.T, sb *sandbox.Server, server tfprotov6.ProviderServer, schemas *tfprotov6.GetProviderSchemaResponse, typeName, listRoute string) {
	t.Helper()
	sb.ResetCounts()
	results := 0
	pagesSeen := map[int]int{} // result number -> list requests served by then
	for ev := range ListResults(t, server, schemas, typeName, 1000, false) {
		require.Empty(t, ev.Diagnostics)
		results++
		pagesSeen[results] = sb.Count(listRoute)
	}
	assert.Equal(t, 120, results)
	assert.Equal(t, 1, pagesSeen[1], "list requests when the first result arrived")
	assert.Equal(t, 1, pagesSeen[50], "list requests when the first page's last result arrived")
	assert.Equal(t, 2, pagesSeen[51])
	assert.Equal(t, 3, pagesSeen[120])
}
