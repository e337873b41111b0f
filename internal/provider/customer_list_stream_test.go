package provider

import (
	"context"
	"iter"
	"maps"
	"net/http"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
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

// TestCustomerList_resourceObjectAsTheFrameworkSetsIt: the resource object
// a list result carries (built from the field table) is the value
// Resource.Set writes for the same customer, for a customer with every field
// set and one with none.
func TestCustomerList_resourceObjectAsTheFrameworkSetsIt(t *testing.T) {
	ctx := context.Background()
	r := &customerResource{}
	var sch resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sch)
	var ids resource.IdentitySchemaResponse
	r.IdentitySchema(ctx, resource.IdentitySchemaRequest{}, &ids)
	b := newResultBuilder(ctx, list.ListRequest{IncludeResource: true, ResourceSchema: sch.Schema, ResourceIdentitySchema: ids.IdentitySchema})
	full := sellercloud.Details{
		ID: 10001, Title: "Mx.", Name: "Ada Lovelace", Email: "ada@example.com", EmailCC: "a@x.com; b@x.com", BusinessName: "Engines Ltd",
		BusinessAliases: []string{"Engines", "AE"}, SourceID: "src-1", IsWholesale: true, CompanyID: 3,
		AccountManagers: [3]sellercloud.AccountManager{{ID: 7, Commission: 2.5}, {ID: 8, Commission: 1}},
		Salesman:        "Dana", Comments: "vip", Rating: "Satisfied", Phone1: "1", Phone2: "2", Phone3: "3", Mobile: "4", Fax: "5",
	}
	for _, d := range []sellercloud.Details{full, {ID: 10002, Rating: "NotRated"}} {
		id := strconv.Itoa(d.ID)
		res := b.result(ctx, id, "x", &d)
		require.Empty(t, res.Diagnostics)
		want := tfsdk.Resource{Schema: sch.Schema, Raw: tftypes.NewValue(sch.Schema.Type().TerraformType(ctx), nil)}
		require.Empty(t, want.Set(ctx, &customerResourceModel{ID: types.StringValue(id), CustomerID: types.StringValue(id), sellercloudFields: fieldsFromDetails(d)}))
		assert.True(t, want.Raw.Equal(res.Resource.Raw), "customer %s:\n got %s\nwant %s", id, res.Resource.Raw, want.Raw)

		wantID := tfsdk.ResourceIdentity{Schema: ids.IdentitySchema, Raw: tftypes.NewValue(ids.IdentitySchema.Type().TerraformType(ctx), nil)}
		var diags diagList
		setIdentity(ctx, &wantID, id, &diags)
		require.Empty(t, diags)
		assert.True(t, wantID.Raw.Equal(res.Identity.Raw), "identity of %s: got %s, want %s", id, res.Identity.Raw, wantID.Raw)
	}
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
