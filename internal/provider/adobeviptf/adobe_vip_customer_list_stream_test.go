package adobeviptf_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// adobeListServer is the protocol server configured for the sandbox's
// Adobe VIP Marketplace (extra settings added), and its schemas.
func adobeListServer(t *testing.T, url string, extra map[string]tftypes.Value) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	return acctest.SandboxServer(t, platform, url, extra)
}

// activateAdobe makes every seeded account active: Adobe lists only active
// accounts when status is not set.
func activateAdobe(sb *sandbox.Server) {
	for _, c := range sb.AdobeCustomers() {
		sb.ChangeAdobeCustomer(c.CustomerID, func(c *sandbox.AdobeCustomer) { c.Status = "1000" })
	}
}

// adobeQuery runs the commerce_adobe_vip_customer list resource (queryList).
func adobeQuery(t *testing.T, server tfprotov6.ProviderServer, schemas *tfprotov6.GetProviderSchemaResponse, limit int64, includeResource bool) ([]tfprotov6.ListResourceResult, []*tfprotov6.Diagnostic) {
	t.Helper()
	return acctest.QueryList(t, server, schemas, "commerce_adobe_vip_customer", limit, includeResource)
}

// TestAdobeCustomerList_streamsAsPagesArrive: the first page's results reach
// the consumer before the second page is asked for, and limit = 0 asks for
// nothing.
func TestAdobeCustomerList_streamsAsPagesArrive(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 120})
	activateAdobe(sb)
	server, schemas := adobeListServer(t, url, map[string]tftypes.Value{"max_concurrency": tftypes.NewValue(tftypes.Number, 1)})
	acctest.AssertStreamsPageByPage(t, sb, server, schemas, "commerce_adobe_vip_customer", adobeListRoute)
	assert.Zero(t, sb.Count(adobeGetRoute), "accounts read one by one without include_resource")

	sb.ResetCounts()
	got, errs := adobeQuery(t, server, schemas, 0, true)
	assert.Empty(t, got)
	assert.Empty(t, errs)
	assert.Zero(t, sb.TotalRequests(), "requests for limit = 0")
}

// TestAdobeCustomerList_failureEndsTheStream: a page that fails after
// another was sent ends the stream with one error naming the request, its
// status and Adobe's message, and saying the results are incomplete.
func TestAdobeCustomerList_failureEndsTheStream(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 120})
	activateAdobe(sb)
	sb.InjectFault(sandbox.Fault{Status: http.StatusBadGateway, Body: `{"code":"1124","message":"Internal error in the list"}`,
		Match: func(r *http.Request) bool { return r.URL.Query().Get("offset") == "50" }})
	server, schemas := adobeListServer(t, url, map[string]tftypes.Value{
		"max_concurrency": tftypes.NewValue(tftypes.Number, 1), "max_retries": tftypes.NewValue(tftypes.Number, 0),
	})
	got, errs := adobeQuery(t, server, schemas, 1000, false)
	assert.Len(t, got, 50)
	require.Len(t, errs, 1)
	assert.Equal(t, tfprotov6.DiagnosticSeverityError, errs[0].Severity)
	assert.Equal(t, "Listing customers failed", errs[0].Summary)
	assert.Regexp(t, `adobe_vip: the query failed after 50 customers, so its results are incomplete.*GET .*/v3/resellers/`+sandbox.DefaultResellerID+`/customers.*502.*Internal error in the list \(code 1124\)`, errs[0].Detail)
}

// TestAdobeCustomerList_resourceObjectIsWhatImportReads: with
// include_resource each result carries the commerce_adobe_vip_customer
// object that importing the account by id and refreshing it store, for an
// account with two contacts and every address line, and one without phone
// numbers or a second address line; the display name is the company and the
// first contact's email.
func TestAdobeCustomerList_resourceObjectIsWhatImportReads(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	activateAdobe(sb)
	sb.ChangeAdobeCustomer("1006374001", func(c *sandbox.AdobeCustomer) {
		c.AddressLine2, c.GlobalSalesEnabled = "Suite 5", true
		c.Contacts = append(c.Contacts, sandbox.AdobeContact{FirstName: "Ada", LastName: "Byron", Email: "ada@example.com"})
	})
	sb.ChangeAdobeCustomer("1006374002", func(c *sandbox.AdobeCustomer) { c.Phone, c.Contacts[0].PhoneNumber = "", "" })
	server, schemas := adobeListServer(t, url, nil)
	stateType := schemas.ResourceSchemas["commerce_adobe_vip_customer"].ValueType()
	ctx := context.Background()

	sb.ResetCounts()
	got, errs := adobeQuery(t, server, schemas, 100, true)
	require.Empty(t, errs)
	require.Len(t, got, 3)
	assert.Equal(t, 1, sb.Count(adobeListRoute))
	assert.Equal(t, 3, sb.Count(adobeGetRoute), "one GET per account")
	for _, res := range got {
		identity, err := res.Identity.IdentityData.Unmarshal(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"customer_id": tftypes.String}})
		require.NoError(t, err)
		var ids map[string]tftypes.Value
		require.NoError(t, identity.As(&ids))
		var id string
		require.NoError(t, ids["customer_id"].As(&id))
		acct := mustAdobe(t, sb, id)
		assert.Equal(t, acct.CompanyName+" <"+acct.Contacts[0].Email+">", res.DisplayName)

		imported, err := server.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: "commerce_adobe_vip_customer", ID: id})
		require.NoError(t, err)
		require.Empty(t, imported.Diagnostics)
		require.Len(t, imported.ImportedResources, 1)
		read, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "commerce_adobe_vip_customer", CurrentState: imported.ImportedResources[0].State})
		require.NoError(t, err)
		require.Empty(t, read.Diagnostics)
		want, err := read.NewState.Unmarshal(stateType)
		require.NoError(t, err)
		require.NotNil(t, res.Resource, "account %s: no resource object", id)
		object, err := res.Resource.Unmarshal(stateType)
		require.NoError(t, err)
		assert.True(t, want.Equal(object), "account %s:\n got %s\nwant %s", id, object, want)
	}
}

// TestAdobeCustomerList_includeResourceReads: an account that went away
// between the list and its read is left out; a read that fails fails the
// query, naming the request, with no result of its page.
func TestAdobeCustomerList_includeResourceReads(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 8})
	activateAdobe(sb)
	server, schemas := adobeListServer(t, url, map[string]tftypes.Value{
		"max_concurrency": tftypes.NewValue(tftypes.Number, 1), "max_retries": tftypes.NewValue(tftypes.Number, 0),
	})
	gone := sandbox.AdobeVIPRoot + "/v3/customers/1006374003"
	sb.BeforeServe(func(r *http.Request) {
		if r.URL.Path == gone {
			sb.RemoveAdobeCustomer("1006374003")
		}
	})
	got, errs := adobeQuery(t, server, schemas, 100, true)
	require.Empty(t, errs)
	assert.Len(t, got, 7, "the account that went away is left out")

	sb.InjectFault(sandbox.Fault{Status: http.StatusInternalServerError, Body: `{"code":"1124","message":"detail store down"}`,
		Match: func(r *http.Request) bool { return r.URL.Path == sandbox.AdobeVIPRoot+"/v3/customers/1006374006" }})
	got, errs = adobeQuery(t, server, schemas, 100, true)
	assert.Empty(t, got, "no result of the failing page is sent")
	require.Len(t, errs, 1)
	assert.Regexp(t, `after 0 customers, so its results are incomplete.*GET .*/v3/customers/1006374006.*500.*detail store down`, errs[0].Detail)
}
