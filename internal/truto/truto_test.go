package truto

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

const listRoute = "GET " + sandbox.TrutoRoot + listPath

// sandboxClient is a client of a sandbox seeded by opts, opened with the
// sandbox's token and integrated account.
func sandboxClient(t *testing.T, opts sandbox.Options) (*Client, *sandbox.Server) {
	t.Helper()
	sb, url := testutil.StartSandbox(t, opts)
	return testutil.OpenSandbox[*Client](t, Open, "truto", url), sb
}

// TestListFollowsNextCursor reads 137 customers 50 at a time: three
// requests, each after the first with next_cursor, all with the account.
func TestListFollowsNextCursor(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 137})
	res, err := customers.List(context.Background(), c, customers.Filter{}, customers.ListOptions{PageSize: 50})
	require.NoError(t, err)
	require.Equal(t, sb.Listed("truto"), testutil.IDs(res.Customers), "every customer, in order")
	reqs := sb.Requests()
	require.Len(t, reqs, 3)
	assert.False(t, reqs[0].Query.Has("next_cursor"), "the first request has no cursor")
	assert.NotEmpty(t, reqs[1].Query.Get("next_cursor"), "cursors follow the envelope's next_cursor")
	assert.NotEqual(t, reqs[1].Query.Get("next_cursor"), reqs[2].Query.Get("next_cursor"), "cursors follow the envelope's next_cursor")
	for _, r := range reqs {
		assert.Equal(t, sandbox.DefaultIntegratedAccountID, r.Query.Get("integrated_account_id"), r.Query.Encode())
		assert.Equal(t, "50", r.Query.Get("limit"), r.Query.Encode())
		assert.Equal(t, "Bearer "+sandbox.DefaultToken, r.Header.Get("Authorization"), r.Query.Encode())
	}
	src, first := sb.TrutoCustomers()[0], res.Customers[0]
	assert.Equal(t, src.FirstName, first.FirstName)
	assert.Equal(t, src.Email, first.Email)
	assert.Equal(t, src.Phone, first.Phone)
	assert.Equal(t, src.Status, first.Status)
	assert.Equal(t, src.CreatedAt.UTC().Format(time.RFC3339), first.CreatedAt)
	assert.Contains(t, string(first.Raw), `"remote_data"`)
}

// TestListFiltersOnTheWire: unified filters under their own names, sort_by
// as an object; status is applied on the returned items.
func TestListFiltersOnTheWire(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 200})
	res, err := customers.List(context.Background(), c, customers.Filter{
		Email: new("example.com"), Name: new("a"), FirstName: new("a"), LastName: new("s"), CompanyName: new("Acme"),
		SortBy: new(customers.SortUpdatedAt), SortOrder: new("desc"), Status: new("active"),
	}, customers.ListOptions{})
	require.NoError(t, err)
	q := sb.Requests()[0].Query
	want := map[string]string{
		"email": "example.com", "name": "a", "first_name": "a", "last_name": "s", "company_name": "Acme",
		"sort_by[updated_at]": "desc", "integrated_account_id": sandbox.DefaultIntegratedAccountID, "limit": "100",
	}
	testutil.AssertQuery(t, q, want) // status is not sent
	require.NotEmpty(t, res.Customers, "nothing matched")
	for i, cu := range res.Customers {
		assert.Equal(t, "active", cu.Status, "%+v does not match", cu)
		assert.Contains(t, cu.CompanyName, "Acme", "%+v does not match", cu)
		if i > 0 {
			assert.GreaterOrEqual(t, res.Customers[i-1].UpdatedAt, cu.UpdatedAt, "not sorted by updated_at desc")
		}
	}
}

// TestListDetails reads each customer's full record.
func TestListDetails(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 12})
	res, err := customers.List(context.Background(), c, customers.Filter{}, customers.ListOptions{Details: true, Concurrency: 3})
	require.NoError(t, err)
	assert.Equal(t, 12, sb.Count(listRoute+"/{id}"), "detail requests")
	assert.Len(t, res.Customers, 12)
}

func TestGet(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 3})
	want := sb.TrutoCustomers()[2]
	got, err := c.Get(context.Background(), want.ID)
	require.NoError(t, err)
	assert.Equal(t, want.ID, got.ID)
	assert.Equal(t, want.FirstName+" "+want.LastName, got.Name)
	testutil.AssertNotFound(t, c, "1", "HTTP 404 Not Found: Customer 1 not found")
}

func TestErrors(t *testing.T) {
	sb, url := testutil.StartSandbox(t, sandbox.Options{Customers: 3})
	cases := []struct{ token, account, want string }{
		{"wrong", sandbox.DefaultIntegratedAccountID, "GET /unified/ecommerce/customers: HTTP 401 Unauthorized: Invalid API token"},
		{sandbox.DefaultToken, "other", "HTTP 404 Not Found: Integrated account not found"},
		{sandbox.DefaultToken, "", "HTTP 400 Bad Request: integrated_account_id is required; missing query parameters: \"integrated_account_id\""},
	}
	for _, tc := range cases {
		// Built without Open, which refuses an empty integrated_account_id.
		hc := testutil.Retries()
		hc.BaseURL = url + sandbox.TrutoRoot
		client, err := httpclient.New(Configure(hc, tc.token))
		require.NoError(t, err)
		_, err = customers.List(context.Background(), New(client, tc.account), customers.Filter{}, customers.ListOptions{})
		assert.ErrorContains(t, err, tc.want)
	}
	s := testutil.Settings("truto", url)
	s["integrated_account_id"] = ""
	_, err := Open(s, testutil.Retries())
	assert.ErrorContains(t, err, `platform = "truto" needs integrated_account_id`)
	// A 403 from the integrated platform says where it came from.
	sb.InjectFault(sandbox.Fault{Status: http.StatusForbidden, Body: `{"statusCode":403,"error":"Forbidden","message":"Missing scope read_customers","truto_is_remote_error":true}`, Times: 1})
	_, err = customers.List(context.Background(), testutil.OpenSandbox[*Client](t, Open, "truto", url), customers.Filter{}, customers.ListOptions{})
	assert.ErrorContains(t, err, "HTTP 403 Forbidden: Missing scope read_customers (reported by the integrated platform)", "remote 403")
}

// TestRateLimitHeaders: a 429 is waited out using Truto's Retry-After /
// ratelimit-reset headers (whole seconds), then the call succeeds.
func TestRateLimitHeaders(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 3})
	sb.SetRateLimit(2, 200*time.Millisecond) // the 2nd request is limited
	id := sb.TrutoCustomers()[0].ID
	_, err := c.Get(context.Background(), id)
	require.NoError(t, err)
	start := time.Now()
	_, err = c.Get(context.Background(), id)
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), time.Second, "Retry-After: 1 honoured")
	assert.Equal(t, 3, sb.TotalRequests())
}

// TestBlockedAccountIsNotRetried: Truto's 503 means the integrated account is
// blocked (API-NOTES 4.5), so it is final; a 502 is retried as usual.
func TestBlockedAccountIsNotRetried(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 3})
	id := sb.TrutoCustomers()[0].ID
	sb.InjectFault(sandbox.Fault{Status: http.StatusServiceUnavailable, Body: `{"statusCode":503,"error":"Service Unavailable","message":"Integrated account is blocked"}`, Times: 2})
	_, err := c.Get(context.Background(), id)
	assert.ErrorContains(t, err, "HTTP 503 Service Unavailable: Integrated account is blocked")
	assert.Equal(t, 1, sb.TotalRequests(), "the 503 is final: one request")
	sb.ClearFaults()
	sb.ResetCounts()
	sb.InjectFault(sandbox.Fault{Status: http.StatusBadGateway, Times: 1})
	_, err = c.Get(context.Background(), id)
	assert.NoError(t, err, "502: success on the retry")
	assert.Equal(t, 2, sb.TotalRequests(), "502: success on the retry")
}
