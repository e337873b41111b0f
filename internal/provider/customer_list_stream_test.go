package provider

import (
	"context"
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

// listServer is the provider's protocol server configured for the sandbox's
// Sellercloud, and the list block config type.
func listServer(t *testing.T, url string, settings map[string]tftypes.Value) (tfprotov6.ProviderServer, tftypes.Type) {
	t.Helper()
	server, err := NewProtocol6Server("test")()
	require.NoError(t, err)
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	require.NoError(t, err)
	all := map[string]tftypes.Value{
		"base_url": stringValue(url + sandbox.SellercloudRoot),
		"token":    stringValue(sandbox.DefaultToken),
	}
	for k, v := range settings {
		all[k] = v
	}
	configure(t, server, schemas.Provider.ValueType(), all)
	return server, schemas.ListResourceSchemas["commerce_customer"].ValueType()
}

// TestCustomerList_streamsAsPagesArrive: through the protocol server's
// ListResource, as the CLI calls it, the first page's results reach the
// consumer before the second page is asked for: the list is never collected
// first. (The iterator runs the read: the consumer's own pace is the read's.)
func TestCustomerList_streamsAsPagesArrive(t *testing.T) {
	sb, url := startSandbox(t, sandbox.Options{SellercloudCustomers: 120})
	server, configType := listServer(t, url, map[string]tftypes.Value{"max_concurrency": tftypes.NewValue(tftypes.Number, 1)})
	sb.ResetCounts()
	stream, err := server.(tfprotov6.ProviderServerWithListResource).ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: "commerce_customer", Config: objectValue(t, configType, nil), Limit: 1000,
	})
	require.NoError(t, err)
	results := 0
	pagesSeen := map[int]int{} // result number -> list requests served by then
	for ev := range stream.Results {
		require.Empty(t, ev.Diagnostics)
		results++
		pagesSeen[results] = sb.Count(customerListRoute)
	}
	assert.Equal(t, 120, results)
	assert.Equal(t, 1, pagesSeen[1], "list requests when the first result arrived")
	assert.Equal(t, 1, pagesSeen[50], "list requests when the first page's last result arrived")
	assert.Equal(t, 2, pagesSeen[51])
	assert.Equal(t, 3, pagesSeen[120])
}

// TestCustomerList_limitZero: Terraform's limit = 0 asks for nothing, and
// nothing is requested.
func TestCustomerList_limitZero(t *testing.T) {
	sb, url := startSandbox(t, sandbox.Options{SellercloudCustomers: 10})
	server, configType := listServer(t, url, nil)
	stream, err := server.(tfprotov6.ProviderServerWithListResource).ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: "commerce_customer", Config: objectValue(t, configType, nil), Limit: 0,
	})
	require.NoError(t, err)
	n := 0
	for range stream.Results {
		n++
	}
	assert.Zero(t, n)
	assert.Zero(t, sb.TotalRequests())
}

// TestCustomerList_failureEndsTheStream: a page that fails after others were
// sent ends the stream with one error naming the request and saying the
// results are incomplete; nothing follows it.
func TestCustomerList_failureEndsTheStream(t *testing.T) {
	sb, url := startSandbox(t, sandbox.Options{SellercloudCustomers: 120})
	sb.InjectFault(sandbox.Fault{Status: http.StatusBadGateway, Match: sellercloudPage("2")})
	server, configType := listServer(t, url, map[string]tftypes.Value{
		"max_concurrency": tftypes.NewValue(tftypes.Number, 1), "max_retries": tftypes.NewValue(tftypes.Number, 0),
	})
	stream, err := server.(tfprotov6.ProviderServerWithListResource).ListResource(context.Background(), &tfprotov6.ListResourceRequest{
		TypeName: "commerce_customer", Config: objectValue(t, configType, nil), Limit: 1000,
	})
	require.NoError(t, err)
	var found int
	var errs []*tfprotov6.Diagnostic
	for ev := range stream.Results {
		require.Empty(t, errs, "a result after the error")
		if len(ev.Diagnostics) > 0 {
			errs = append(errs, ev.Diagnostics...)
			continue
		}
		found++
	}
	assert.Equal(t, 50, found)
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
	sb, url := startSandbox(t, sandbox.Options{SellercloudCustomers: 8})
	server, configType := listServer(t, url, map[string]tftypes.Value{
		"max_concurrency": tftypes.NewValue(tftypes.Number, 1), "max_retries": tftypes.NewValue(tftypes.Number, 0),
	})
	query := func() (ids []string, errs []*tfprotov6.Diagnostic) {
		stream, err := server.(tfprotov6.ProviderServerWithListResource).ListResource(context.Background(), &tfprotov6.ListResourceRequest{
			TypeName: "commerce_customer", Config: objectValue(t, configType, nil), Limit: 100, IncludeResource: true,
		})
		require.NoError(t, err)
		for ev := range stream.Results {
			if len(ev.Diagnostics) > 0 {
				errs = append(errs, ev.Diagnostics...)
				continue
			}
			require.NotNil(t, ev.Resource, "the resource object")
			ids = append(ids, ev.DisplayName)
		}
		return ids, errs
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
