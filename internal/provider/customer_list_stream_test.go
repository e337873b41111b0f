package provider

import (
	"context"
	"iter"
	"maps"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// configuredServer is the provider's protocol server configured with these
// provider settings, and its schemas.
func configuredServer(t *testing.T, settings map[string]tftypes.Value) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	server, err := NewProtocol6Server("test")()
	require.NoError(t, err)
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	require.NoError(t, err)
	configure(t, server, schemas.Provider.ValueType(), settings)
	return server, schemas
}

// withSettings is base with extra's settings added or replaced.
func withSettings(base, extra map[string]tftypes.Value) map[string]tftypes.Value {
	all := maps.Clone(base)
	maps.Copy(all, extra)
	return all
}

// listServer is the protocol server configured for the sandbox's
// Sellercloud (extra settings added), and its schemas.
func listServer(t *testing.T, url string, extra map[string]tftypes.Value) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	return configuredServer(t, withSettings(map[string]tftypes.Value{
		"base_url": stringValue(url + sandbox.SellercloudRoot),
		"token":    stringValue(sandbox.DefaultToken),
	}, extra))
}

// listResults starts the list resource typeName with an empty config through
// the protocol server, as the CLI calls it, and returns its stream.
func listResults(t *testing.T, server tfprotov6.ProviderServer, schemas *tfprotov6.GetProviderSchemaResponse, typeName string, limit int64, includeResource bool) iter.Seq[tfprotov6.ListResourceResult] {
	t.Helper()
	stream, err := server.(tfprotov6.ProviderServerWithListResource).ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: typeName, Config: objectValue(t, schemas.ListResourceSchemas[typeName].ValueType(), nil),
		Limit: limit, IncludeResource: includeResource,
	})
	require.NoError(t, err)
	return stream.Results
}

// queryList runs the list resource typeName and collects the results and the
// error diagnostics: after an error result nothing may follow.
func queryList(t *testing.T, server tfprotov6.ProviderServer, schemas *tfprotov6.GetProviderSchemaResponse, typeName string, limit int64, includeResource bool) ([]tfprotov6.ListResourceResult, []*tfprotov6.Diagnostic) {
	t.Helper()
	var results []tfprotov6.ListResourceResult
	var errs []*tfprotov6.Diagnostic
	for ev := range listResults(t, server, schemas, typeName, limit, includeResource) {
		require.Empty(t, errs, "a result after the error")
		if len(ev.Diagnostics) > 0 {
			errs = append(errs, ev.Diagnostics...)
			continue
		}
		results = append(results, ev)
	}
	return results, errs
}

// assertStreamsPageByPage reads 120 customers at one request at a time and
// checks that the first page's results reach the consumer before the second
// page is asked for: the list is never collected first. (The iterator runs
// the read: the consumer's own pace is the read's.)
func assertStreamsPageByPage(t *testing.T, sb *sandbox.Server, server tfprotov6.ProviderServer, schemas *tfprotov6.GetProviderSchemaResponse, typeName, listRoute string) {
	t.Helper()
	sb.ResetCounts()
	results := 0
	pagesSeen := map[int]int{} // result number -> list requests served by then
	for ev := range listResults(t, server, schemas, typeName, 1000, false) {
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

// TestCustomerList_streamsAsPagesArrive: through the protocol server's
// ListResource, as the CLI calls it, the first page's results reach the
// consumer before the second page is asked for.
func TestCustomerList_streamsAsPagesArrive(t *testing.T) {
	sb, url := startSandbox(t, sandbox.Options{Customers: 120})
	server, schemas := listServer(t, url, map[string]tftypes.Value{"max_concurrency": tftypes.NewValue(tftypes.Number, 1)})
	assertStreamsPageByPage(t, sb, server, schemas, "commerce_customer", customerListRoute)
}

// TestCustomerList_limitZero: Terraform's limit = 0 asks for nothing, and
// nothing is requested.
func TestCustomerList_limitZero(t *testing.T) {
	sb, url := startSandbox(t, sandbox.Options{Customers: 10})
	server, schemas := listServer(t, url, nil)
	got, errs := queryList(t, server, schemas, "commerce_customer", 0, false)
	assert.Zero(t, len(got)+len(errs))
	assert.Zero(t, sb.TotalRequests())
}

// TestCustomerList_failureEndsTheStream: a page that fails after others were
// sent ends the stream with one error naming the request and saying the
// results are incomplete; nothing follows it.
func TestCustomerList_failureEndsTheStream(t *testing.T) {
	sb, url := startSandbox(t, sandbox.Options{Customers: 120})
	sb.InjectFault(sandbox.Fault{Status: http.StatusBadGateway, Match: sellercloudPage("2")})
	server, schemas := listServer(t, url, map[string]tftypes.Value{
		"max_concurrency": tftypes.NewValue(tftypes.Number, 1), "max_retries": tftypes.NewValue(tftypes.Number, 0),
	})
	got, errs := queryList(t, server, schemas, "commerce_customer", 1000, false)
	assert.Len(t, got, 50)
	require.Len(t, errs, 1)
	assert.Equal(t, tfprotov6.DiagnosticSeverityError, errs[0].Severity)
	assert.Equal(t, "Listing customers failed", errs[0].Summary)
	assert.Regexp(t, `after 50 customers, so its results are incomplete.*GET .*/Customers.*502`, errs[0].Detail)
}

// TestList_resourceObjectIsWhatAnImportReads: the resource object a list
// result carries is the state an import of the same customer reads (the
// identity the result names, imported and read through the protocol
// server), for both managed resources, on customers with every field set
// and with few.
func TestList_resourceObjectIsWhatAnImportReads(t *testing.T) {
	ctx := context.Background()
	sb, url := startSandbox(t, sandbox.Options{Customers: 6})
	activateAdobe(sb)
	sb.ChangeSellercloudCustomer(10001, func(c *sandbox.SellercloudCustomer) {
		c.Title, c.EmailCC, c.CorporateName, c.BusinessAliases, c.SourceID, c.IsWholesale, c.CompanyID = "Mx.", "a@x.com; b@x.com", "Engines Ltd", []string{"Engines", "AE"}, "src-1", true, 3
		c.AccountManagers = [3]sandbox.AccountManager{{ID: 7, Commission: 2.5}, {ID: 8, Commission: 1}}
		c.SalesMan, c.Comment, c.Phone1, c.Phone2, c.Phone3, c.Mobile, c.Fax = "Dana", "vip", "1", "2", "3", "4", "5"
	})
	sb.ChangeSellercloudCustomer(10002, func(c *sandbox.SellercloudCustomer) {
		*c = sandbox.SellercloudCustomer{ID: c.ID, CreatedOn: c.CreatedOn}
	})
	for _, tc := range []struct {
		typeName string
		server   func(*testing.T, string, map[string]tftypes.Value) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse)
	}{
		{"commerce_customer", listServer},
		{"commerce_adobe_vip_customer", adobeListServer},
	} {
		server, schemas := tc.server(t, url, nil)
		got, errs := queryList(t, server, schemas, tc.typeName, 100, true)
		require.Empty(t, errs)
		require.NotEmpty(t, got)
		typ := schemas.ResourceSchemas[tc.typeName].ValueType()
		for _, res := range got {
			var ids map[string]tftypes.Value
			idValue, err := res.Identity.IdentityData.Unmarshal(identityType(t, server, tc.typeName))
			require.NoError(t, err)
			require.NoError(t, idValue.As(&ids))
			var id string
			require.NoError(t, ids["customer_id"].As(&id))
			imported, err := server.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: tc.typeName, ID: id})
			require.NoError(t, err)
			require.Empty(t, imported.Diagnostics)
			read, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: tc.typeName, CurrentState: imported.ImportedResources[0].State})
			require.NoError(t, err)
			require.Empty(t, read.Diagnostics)
			want, err := read.NewState.Unmarshal(typ)
			require.NoError(t, err)
			have, err := res.Resource.Unmarshal(typ)
			require.NoError(t, err)
			assert.True(t, want.Equal(have), "%s %s:\n got %s\nwant %s", tc.typeName, id, have, want)
		}
	}
}

// identityType is the identity schema's type of a resource.
func identityType(t *testing.T, server tfprotov6.ProviderServer, typeName string) tftypes.Type {
	t.Helper()
	ids, err := server.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	require.NoError(t, err)
	return ids.IdentitySchemas[typeName].ValueType()
}

// TestCustomerList_includeResourceReads: with include_resource a customer
// deleted between the list and its read is left out, and a read that fails
// fails the query, naming the request, after the results before it.
func TestCustomerList_includeResourceReads(t *testing.T) {
	sb, url := startSandbox(t, sandbox.Options{Customers: 8})
	server, schemas := listServer(t, url, map[string]tftypes.Value{
		"max_concurrency": tftypes.NewValue(tftypes.Number, 1), "max_retries": tftypes.NewValue(tftypes.Number, 0),
	})
	query := func() ([]tfprotov6.ListResourceResult, []*tfprotov6.Diagnostic) {
		got, errs := queryList(t, server, schemas, "commerce_customer", 100, true)
		for _, res := range got {
			require.NotNil(t, res.Resource, "the resource object")
		}
		return got, errs
	}
	// Deleted after the page was served, before its read.
	sb.BeforeServe(func(r *http.Request) {
		if r.URL.Path == sandbox.SellercloudRoot+"/Customers/10003" {
			sb.RemoveSellercloudCustomer(10003)
		}
	})
	got, errs := query()
	require.Empty(t, errs)
	assert.Len(t, got, 7, "the deleted customer is left out")

	sb.InjectFault(sandbox.Fault{Status: http.StatusInternalServerError, Body: `{"Message":"detail store down"}`,
		Match: func(r *http.Request) bool { return r.URL.Path == sandbox.SellercloudRoot+"/Customers/10006" }})
	got, errs = query()
	assert.Empty(t, got, "no result of the failing page is sent")
	require.Len(t, errs, 1)
	assert.Regexp(t, `after 0 customers, so its results are incomplete.*GET .*/Customers/10006.*500.*detail store down`, errs[0].Detail)
}
