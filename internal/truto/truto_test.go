package truto

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

const listRoute = "GET " + sandbox.TrutoRoot + listPath

func ptr[T any](v T) *T { return &v }

func newClient(t *testing.T, sb *sandbox.Server, token, account string) *Client {
	t.Helper()
	url, stop := sb.Start()
	t.Cleanup(stop)
	http, err := httpclient.New(Configure(httpclient.Config{BaseURL: url + sandbox.TrutoRoot, BackoffBase: time.Millisecond, MaxRetries: 2}, token))
	if err != nil {
		t.Fatal(err)
	}
	return New(http, account)
}

// TestListFollowsNextCursor reads 137 customers 50 at a time: three
// requests, each after the first with next_cursor, all with the account.
func TestListFollowsNextCursor(t *testing.T) {
	sb := sandbox.New(sandbox.Options{TrutoCustomers: 137})
	c := newClient(t, sb, sandbox.DefaultToken, sandbox.DefaultIntegratedAccountID)
	res, err := customers.List(context.Background(), c, customers.Filter{}, customers.ListOptions{PageSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, cu := range res.Customers {
		got = append(got, cu.ID)
	}
	for _, cu := range sb.TrutoCustomers() {
		want = append(want, cu.ID)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %d customers, want %d in order", len(got), len(want))
	}
	reqs := sb.Requests()
	if len(reqs) != 3 || reqs[0].Query.Has("next_cursor") || reqs[1].Query.Get("next_cursor") == "" ||
		reqs[2].Query.Get("next_cursor") == reqs[1].Query.Get("next_cursor") {
		t.Errorf("%d requests; cursors must follow the envelope's next_cursor", len(reqs))
	}
	for _, r := range reqs {
		if r.Query.Get("integrated_account_id") != sandbox.DefaultIntegratedAccountID || r.Query.Get("limit") != "50" ||
			r.Header.Get("Authorization") != "Bearer "+sandbox.DefaultToken {
			t.Errorf("request %s lacks the account, limit or token", r.Query.Encode())
		}
	}
	src, first := sb.TrutoCustomers()[0], res.Customers[0]
	if first.FirstName != src.FirstName || first.Email != src.Email || first.Phone != src.Phone ||
		first.Status != src.Status || first.CreatedAt != src.CreatedAt.UTC().Format(time.RFC3339) ||
		!strings.Contains(string(first.Raw), `"remote_data"`) {
		t.Errorf("mapped %+v from %+v", first, src)
	}
}

// TestListFiltersOnTheWire: unified filters under their own names, sort_by
// as an object; status is applied on the returned items.
func TestListFiltersOnTheWire(t *testing.T) {
	sb := sandbox.New(sandbox.Options{TrutoCustomers: 200})
	c := newClient(t, sb, sandbox.DefaultToken, sandbox.DefaultIntegratedAccountID)
	res, err := customers.List(context.Background(), c, customers.Filter{
		Email: ptr("example.com"), Name: ptr("a"), FirstName: ptr("a"), LastName: ptr("s"), CompanyName: ptr("Acme"),
		SortBy: ptr(customers.SortUpdatedAt), SortOrder: ptr("desc"), Status: ptr("active"),
	}, customers.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	q := sb.Requests()[0].Query
	want := map[string]string{
		"email": "example.com", "name": "a", "first_name": "a", "last_name": "s", "company_name": "Acme",
		"sort_by[updated_at]": "desc", "integrated_account_id": sandbox.DefaultIntegratedAccountID, "limit": "100",
	}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("query %s = %q, want %q", k, q.Get(k), v)
		}
	}
	if len(q) != len(want) {
		t.Errorf("query %v: status must not be sent", q)
	}
	if len(res.Customers) == 0 {
		t.Fatal("nothing matched")
	}
	for i, cu := range res.Customers {
		if cu.Status != "active" || !strings.Contains(cu.CompanyName, "Acme") {
			t.Errorf("%+v does not match", cu)
		}
		if i > 0 && res.Customers[i-1].UpdatedAt < cu.UpdatedAt {
			t.Errorf("not sorted by updated_at desc")
		}
	}
}

// TestListDetails reads each customer's full record.
func TestListDetails(t *testing.T) {
	sb := sandbox.New(sandbox.Options{TrutoCustomers: 12})
	c := newClient(t, sb, sandbox.DefaultToken, sandbox.DefaultIntegratedAccountID)
	res, err := customers.List(context.Background(), c, customers.Filter{}, customers.ListOptions{Details: true, Concurrency: 3})
	if err != nil {
		t.Fatal(err)
	}
	if n := sb.Count(listRoute + "/{id}"); n != 12 || len(res.Customers) != 12 {
		t.Errorf("%d detail requests for %d customers", n, len(res.Customers))
	}
}

func TestGet(t *testing.T) {
	sb := sandbox.New(sandbox.Options{TrutoCustomers: 3})
	c := newClient(t, sb, sandbox.DefaultToken, sandbox.DefaultIntegratedAccountID)
	want := sb.TrutoCustomers()[2]
	got, err := c.Get(context.Background(), want.ID)
	if err != nil || got.ID != want.ID || got.Name != want.FirstName+" "+want.LastName {
		t.Errorf("got %+v, %v", got, err)
	}
	_, err = c.Get(context.Background(), "1")
	if !errors.Is(err, customers.ErrNotFound) || !strings.Contains(err.Error(), "HTTP 404 Not Found: Customer 1 not found") {
		t.Errorf("unknown id: %v", err)
	}
}

func TestErrors(t *testing.T) {
	sb := sandbox.New(sandbox.Options{TrutoCustomers: 3})
	cases := []struct{ token, account, want string }{
		{"wrong", sandbox.DefaultIntegratedAccountID, "GET /unified/ecommerce/customers: HTTP 401 Unauthorized: Invalid API token"},
		{sandbox.DefaultToken, "other", "HTTP 404 Not Found: Integrated account not found"},
		{sandbox.DefaultToken, "", "HTTP 400 Bad Request: integrated_account_id is required; missing query parameters: \"integrated_account_id\""},
	}
	for _, tc := range cases {
		_, err := customers.List(context.Background(), newClient(t, sb, tc.token, tc.account), customers.Filter{}, customers.ListOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
	// A 403 from the integrated platform says where it came from.
	sb.InjectFault(sandbox.Fault{Status: http.StatusForbidden, Body: `{"statusCode":403,"error":"Forbidden","message":"Missing scope read_customers","truto_is_remote_error":true}`, Times: 1})
	_, err := customers.List(context.Background(), newClient(t, sb, sandbox.DefaultToken, sandbox.DefaultIntegratedAccountID), customers.Filter{}, customers.ListOptions{})
	if err == nil || !strings.Contains(err.Error(), "HTTP 403 Forbidden: Missing scope read_customers (reported by the integrated platform)") {
		t.Errorf("remote 403: %v", err)
	}
}

// TestRateLimitHeaders: a 429 is waited out using Truto's Retry-After /
// ratelimit-reset headers (whole seconds), then the call succeeds.
func TestRateLimitHeaders(t *testing.T) {
	sb := sandbox.New(sandbox.Options{TrutoCustomers: 3})
	sb.SetRateLimit(2, 200*time.Millisecond) // the 2nd request is limited
	c := newClient(t, sb, sandbox.DefaultToken, sandbox.DefaultIntegratedAccountID)
	id := sb.TrutoCustomers()[0].ID
	if _, err := c.Get(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := c.Get(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < time.Second || sb.TotalRequests() != 3 {
		t.Errorf("waited %s over %d requests; want Retry-After: 1 honoured", waited, sb.TotalRequests())
	}
}

// TestBlockedAccountIsNotRetried: Truto's 503 means the integrated account is
// blocked (API-NOTES 4.5), so it is final; a 502 is retried as usual.
func TestBlockedAccountIsNotRetried(t *testing.T) {
	sb := sandbox.New(sandbox.Options{TrutoCustomers: 3})
	c := newClient(t, sb, sandbox.DefaultToken, sandbox.DefaultIntegratedAccountID)
	id := sb.TrutoCustomers()[0].ID
	sb.InjectFault(sandbox.Fault{Status: http.StatusServiceUnavailable, Body: `{"statusCode":503,"error":"Service Unavailable","message":"Integrated account is blocked"}`, Times: 2})
	_, err := c.Get(context.Background(), id)
	if err == nil || !strings.Contains(err.Error(), "HTTP 503 Service Unavailable: Integrated account is blocked") || sb.TotalRequests() != 1 {
		t.Errorf("503: %v after %d requests; want the error after one", err, sb.TotalRequests())
	}
	sb.ClearFaults()
	sb.ResetCounts()
	sb.InjectFault(sandbox.Fault{Status: http.StatusBadGateway, Times: 1})
	if _, err := c.Get(context.Background(), id); err != nil || sb.TotalRequests() != 2 {
		t.Errorf("502: %v after %d requests; want success on the retry", err, sb.TotalRequests())
	}
}
