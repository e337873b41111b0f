package sellercloudtf_test

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// TestCustomerList_streamsAsPagesArrive: through the protocol server's
// ListResource, as the CLI calls it, the first page's results reach the
// consumer before the second page is asked for.
func TestCustomerList_streamsAsPagesArrive(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 120})
	server, schemas := listServer(t, url, map[string]tftypes.Value{"max_concurrency": tftypes.NewValue(tftypes.Number, 1)})
	acctest.AssertStreamsPageByPage(t, sb, server, schemas, "commerce_customer", customerListRoute)
}

// TestCustomerList_limitZero: Terraform's limit = 0 asks for nothing, and
// nothing is requested.
func TestCustomerList_limitZero(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 10})
	server, schemas := listServer(t, url, nil)
	got, errs := acctest.QueryList(t, server, schemas, "commerce_customer", 0, false)
	assert.Zero(t, len(got)+len(errs))
	assert.Zero(t, sb.TotalRequests())
}

// TestCustomerList_failureEndsTheStream: a page that fails after others were
// sent ends the stream with one error naming the request and saying the
// results are incomplete; nothing follows it.
func TestCustomerList_failureEndsTheStream(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 120})
	sb.InjectFault(sandbox.Fault{Status: http.StatusBadGateway, Match: sellercloudPage("2")})
	server, schemas := listServer(t, url, map[string]tftypes.Value{
		"max_concurrency": tftypes.NewValue(tftypes.Number, 1), "max_retries": tftypes.NewValue(tftypes.Number, 0),
	})
	got, errs := acctest.QueryList(t, server, schemas, "commerce_customer", 1000, false)
	assert.Len(t, got, 50)
	require.Len(t, errs, 1)
	assert.Equal(t, tfprotov6.DiagnosticSeverityError, errs[0].Severity)
	assert.Equal(t, "Listing customers failed", errs[0].Summary)
	assert.Regexp(t, `after 50 customers, so its results are incomplete.*GET .*/Customers.*502`, errs[0].Detail)
}

// TestCustomerList_includeResourceReads: with include_resource a customer
// deleted between the list and its read is left out, and a read that fails
// fails the query, naming the request, after the results before it.
func TestCustomerList_includeResourceReads(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 8})
	server, schemas := listServer(t, url, map[string]tftypes.Value{
		"max_concurrency": tftypes.NewValue(tftypes.Number, 1), "max_retries": tftypes.NewValue(tftypes.Number, 0),
	})
	query := func() ([]tfprotov6.ListResourceResult, []*tfprotov6.Diagnostic) {
		got, errs := acctest.QueryList(t, server, schemas, "commerce_customer", 100, true)
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
