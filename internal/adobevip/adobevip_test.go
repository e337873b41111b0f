package adobevip

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

const listRoute = "GET " + sandbox.AdobeVIPRoot + "/v3/resellers/{reseller}/customers"

func ptr[T any](v T) *T { return &v }

func newClient(t *testing.T, sb *sandbox.Server, mod func(*httpclient.Config)) *Client {
	t.Helper()
	return newClientFor(t, sb, mod)
}

// newClientFor is newClient for any handler in front of the sandbox.
func newClientFor(t *testing.T, h http.Handler, mod func(*httpclient.Config)) *Client {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	hc := httpclient.Config{BaseURL: ts.URL + sandbox.AdobeVIPRoot, BackoffBase: time.Millisecond, MaxRetries: 2}
	if mod != nil {
		mod(&hc)
	}
	http, err := httpclient.New(Configure(hc, sandbox.DefaultToken, sandbox.DefaultAPIKey))
	if err != nil {
		t.Fatal(err)
	}
	return New(http, sandbox.DefaultResellerID)
}

// activeIDs is what Adobe lists by default: status 1000, newest first.
func activeIDs(sb *sandbox.Server) []string {
	all := sb.AdobeCustomers()
	slices.SortStableFunc(all, func(a, b sandbox.AdobeCustomer) int {
		if c := b.CreationDate.Compare(a.CreationDate); c != 0 {
			return c
		}
		return strings.Compare(b.CustomerID, a.CustomerID)
	})
	var ids []string
	for _, c := range all {
		if c.Status == "1000" {
			ids = append(ids, c.CustomerID)
		}
	}
	return ids
}

// TestListAllPages reads every active customer over several pages, the pages
// after the first concurrently, each request with a fresh request id.
// Concurrency is shown by the server, not by a clock: the first requests
// after page one wait at a gate that opens only once `concurrency` of them
// are in the server at the same time (a sequential read would never open it).
func TestListAllPages(t *testing.T) {
	const concurrency = 4
	sb := sandbox.New(sandbox.Options{AdobeCustomers: 137})
	var inFlight, peak, waiting atomic.Int32
	gate := make(chan struct{})
	openGate := sync.OnceFunc(func() { close(gate) })
	// Only so that a sequential read fails this test instead of hanging it.
	safety := time.AfterFunc(time.Minute, openGate)
	t.Cleanup(func() { safety.Stop() })
	c := newClientFor(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		if r.URL.Query().Get("offset") != "0" {
			if waiting.Add(1) == concurrency {
				openGate()
			}
			<-gate
		}
		sb.ServeHTTP(w, r)
	}), nil)
	res, err := customers.List(context.Background(), c, customers.Filter{}, customers.ListOptions{PageSize: 20, Concurrency: concurrency})
	if err != nil {
		t.Fatal(err)
	}
	want := activeIDs(sb)
	var got []string
	for _, cu := range res.Customers {
		got = append(got, cu.ID)
	}
	if !slices.Equal(got, want) || res.TotalResults != len(want) {
		t.Fatalf("got %d ids (total %d), want %d in the server's order", len(got), res.TotalResults, len(want))
	}
	pages := (len(want) + 19) / 20
	if n := sb.Count(listRoute); n != pages {
		t.Errorf("%d list requests, want %d", n, pages)
	}
	if p := peak.Load(); p != concurrency {
		t.Errorf("at most %d requests in the server at once, want %d (the pages after the first fetched concurrently, bounded)", p, concurrency)
	}
	reqIDs, offsets := map[string]bool{}, map[string]bool{}
	for _, r := range sb.Requests() {
		reqIDs[r.Header.Get("X-Request-Id")] = true
		offsets[r.Query.Get("offset")] = true
		if r.Header.Get("X-Correlation-Id") == "" || r.Header.Get("X-Api-Key") != sandbox.DefaultAPIKey ||
			r.Header.Get("Authorization") != "Bearer "+sandbox.DefaultToken || r.Query.Get("limit") != "20" {
			t.Errorf("request %s?%s lacks Adobe's headers or limit", r.Path, r.Query.Encode())
		}
	}
	if len(reqIDs) != pages || len(offsets) != pages || !offsets["0"] || !offsets[fmt.Sprint((pages-1)*20)] {
		t.Errorf("%d distinct request ids and offsets %v for %d requests", len(reqIDs), offsets, pages)
	}
	first := res.Customers[0]
	if first.Status != "1000" || first.CompanyName == "" || first.Name != first.CompanyName || first.CreatedAt == "" ||
		first.ExternalID == "" || first.Email != "" || !strings.Contains(string(first.Raw), `"customerId"`) {
		t.Errorf("sparse item mapped as %+v", first)
	}
}

// TestListFiltersOnTheWire: server-side filters under Adobe's names, dates
// as days; the older "customers" key is read as well as "accounts".
func TestListFiltersOnTheWire(t *testing.T) {
	sb := sandbox.New(sandbox.Options{AdobeCustomers: 120, AdobeListKey: "customers"})
	c := newClient(t, sb, nil)
	from := time.Date(2021, 3, 1, 23, 30, 0, 0, time.FixedZone("x", -2*3600)) // 2021-03-02 in UTC
	res, err := customers.List(context.Background(), c, customers.Filter{
		Status: ptr("1002"), CompanyName: ptr("a*"), CreatedFrom: &from,
		CreatedTo: ptr(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)),
		SortBy:    ptr(customers.SortCompanyName), SortOrder: ptr("asc"),
	}, customers.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	reqs := sb.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	q := reqs[0].Query
	want := map[string]string{
		"status": "1002", "company-name": "a*", "from-created-date": "2021-03-02", "to-created-date": "2024-12-31",
		"sort-by": "companyName", "order-by": "asc", "offset": "0", "limit": "50",
	}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("query %s = %q, want %q", k, q.Get(k), v)
		}
	}
	if len(q) != len(want) {
		t.Errorf("query %v has extra parameters", q)
	}
	if len(res.Customers) == 0 {
		t.Fatal("no customer matched; the seed should have pending companies starting with A")
	}
	for i, cu := range res.Customers {
		if cu.Status != "1002" || !strings.HasPrefix(strings.ToLower(cu.CompanyName), "a") {
			t.Errorf("customer %+v does not match the filter", cu)
		}
		if i > 0 && strings.ToLower(res.Customers[i-1].CompanyName) > strings.ToLower(cu.CompanyName) {
			t.Errorf("not sorted by company name: %q before %q", res.Customers[i-1].CompanyName, cu.CompanyName)
		}
	}
}

// TestListLocalAndUnsupportedFilters: ids are applied on the returned
// items; a filter Adobe cannot apply fails before any request.
func TestListLocalAndUnsupportedFilters(t *testing.T) {
	sb := sandbox.New(sandbox.Options{AdobeCustomers: 60})
	c := newClient(t, sb, nil)
	ids := activeIDs(sb)
	res, err := customers.List(context.Background(), c, customers.Filter{IDs: []string{ids[3], ids[40], "999"}}, customers.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Customers) != 2 || res.Customers[0].ID != ids[3] || res.Customers[1].ID != ids[40] {
		t.Errorf("ids filter gave %+v", res.Customers)
	}
	sb.ResetCounts()
	email := customers.Filter{Email: ptr("x@example.com")}
	if errs := c.Description().Check(email); len(errs) != 1 || !strings.Contains(errs[0].Detail, `Filter "email" is not supported on adobe_vip`) {
		t.Errorf("email filter: Check gave %v", errs)
	}
	if _, err = customers.List(context.Background(), c, email, customers.ListOptions{}); err == nil || sb.TotalRequests() != 0 {
		t.Errorf("email filter: err %v after %d requests", err, sb.TotalRequests())
	}
}

// TestListDetails fills contacts from each customer's full record, with
// bounded concurrency.
func TestListDetails(t *testing.T) {
	sb := sandbox.New(sandbox.Options{AdobeCustomers: 30})
	c := newClient(t, sb, nil)
	res, err := customers.List(context.Background(), c, customers.Filter{}, customers.ListOptions{Details: true, Concurrency: 4, MaxResults: 7})
	if err != nil {
		t.Fatal(err)
	}
	if n := sb.Count("GET " + sandbox.AdobeVIPRoot + "/v3/customers/{id}"); n != 7 || len(res.Customers) != 7 {
		t.Fatalf("%d detail requests for %d customers, want 7", n, len(res.Customers))
	}
	for _, cu := range res.Customers {
		if cu.Email == "" || cu.FirstName == "" || cu.Phone == "" || cu.CustomerType == "" || !strings.Contains(string(cu.Raw), `"contacts"`) {
			t.Errorf("details not filled in: %+v", cu)
		}
	}
}

func TestGet(t *testing.T) {
	sb := sandbox.New(sandbox.Options{AdobeCustomers: 5})
	c := newClient(t, sb, nil)
	want := sb.AdobeCustomers()[2]
	got, err := c.Get(context.Background(), want.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	k := want.Contacts[0]
	if got.ID != want.CustomerID || got.Name != want.CompanyName || got.FirstName != k.FirstName || got.LastName != k.LastName ||
		got.Email != k.Email || got.Phone != k.PhoneNumber || got.CustomerType != want.MarketSegment || got.ExternalID != want.ExternalReferenceID {
		t.Errorf("got %+v, want %+v", got, want)
	}
	_, err = c.Get(context.Background(), "404404")
	if !errors.Is(err, customers.ErrNotFound) || !strings.Contains(err.Error(), "GET /v3/customers/404404: HTTP 404 Not Found: Invalid Customer ID (code 1116)") {
		t.Errorf("unknown id: %v", err)
	}
}

// TestCorrelationID: a retry after a response gets a new correlation id
// (Adobe would replay the cached 500), a retry after a timeout keeps it.
// The stalled attempt waits until the client abandons it; the timeout leaves
// a loaded machine ample time for every other attempt (exactly 2 requests).
func TestCorrelationID(t *testing.T) {
	sb := sandbox.New(sandbox.Options{AdobeCustomers: 5})
	c := newClient(t, sb, func(hc *httpclient.Config) { hc.Timeout = time.Second })
	sb.InjectFault(sandbox.Fault{Status: http.StatusInternalServerError, Times: 1})
	if _, err := customers.List(context.Background(), c, customers.Filter{}, customers.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	reqs := sb.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	if a, b := reqs[0].Header.Get("X-Correlation-Id"), reqs[1].Header.Get("X-Correlation-Id"); a == b {
		t.Errorf("retry after a 500 kept correlation id %s", a)
	}

	sb.ResetCounts()
	sb.InjectFault(sandbox.Fault{Delay: time.Hour, Times: 1})
	if _, err := customers.List(context.Background(), c, customers.Filter{}, customers.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	reqs = sb.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	if a, b := reqs[0].Header.Get("X-Correlation-Id"), reqs[1].Header.Get("X-Correlation-Id"); a != b {
		t.Errorf("retry after a timeout changed correlation id %s to %s", a, b)
	}
	if a, b := reqs[0].Header.Get("X-Request-Id"), reqs[1].Header.Get("X-Request-Id"); a == b {
		t.Errorf("retry reused request id %s", a)
	}
}

// TestAuthErrors: Adobe's gateway answers 403 for a bad API key and 401 for
// a bad token, in its own error shape.
func TestAuthErrors(t *testing.T) {
	sb := sandbox.New(sandbox.Options{AdobeCustomers: 5})
	url, stop := sb.Start()
	defer stop()
	for _, tc := range []struct{ token, key, want string }{
		{sandbox.DefaultToken, "wrong", "HTTP 403 Forbidden: Invalid or missing API key (code 4115)"},
		{"wrong", sandbox.DefaultAPIKey, "HTTP 401 Unauthorized: Invalid token (code 4116)"},
	} {
		http, err := httpclient.New(Configure(httpclient.Config{BaseURL: url + sandbox.AdobeVIPRoot}, tc.token, tc.key))
		if err != nil {
			t.Fatal(err)
		}
		_, err = customers.List(context.Background(), New(http, sandbox.DefaultResellerID), customers.Filter{}, customers.ListOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
}

// TestMissingCorrelationID: the sandbox, like Adobe, refuses a call without
// X-Correlation-Id (400, code 4119).
func TestMissingCorrelationID(t *testing.T) {
	sb := sandbox.New(sandbox.Options{AdobeCustomers: 1})
	url, stop := sb.Start()
	defer stop()
	http, err := httpclient.New(httpclient.Config{
		BaseURL:      url + sandbox.AdobeVIPRoot,
		Auth:         httpclient.Headers{"Authorization": "Bearer " + sandbox.DefaultToken, "X-Api-Key": sandbox.DefaultAPIKey},
		ErrorMessage: ErrorMessage,
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = New(http, sandbox.DefaultResellerID).Get(context.Background(), "1006374000")
	if err == nil || !strings.Contains(err.Error(), "HTTP 400 Bad Request: X-Correlation-Id header is missing (code 4119)") {
		t.Errorf("got %v", err)
	}
}

func TestErrorMessage(t *testing.T) {
	cases := map[string]string{
		`{"code":"1117","message":"Some Fields are Invalid","additionalDetails":["companyProfile.companyName","companyProfile.contacts[0].firstName"]}`: "Some Fields are Invalid (code 1117: companyProfile.companyName, companyProfile.contacts[0].firstName)",
		`{"code":4118,"message":"Too many requests"}`:            "Too many requests (code 4118)",
		`<html>Bad gateway</html>`:                               "<html>Bad gateway</html>",
		`{"error_code":"403003","message":"Api Key is invalid"}`: "Api Key is invalid (error_code 403003)",
	}
	for body, want := range cases {
		if got := ErrorMessage([]byte(body)); got != want {
			t.Errorf("ErrorMessage(%s) = %q, want %q", body, got, want)
		}
	}
}

// TestToleratesOldAndUnknownShapes: the full Aug-2025 item, numeric ids and
// links as an array decode; unknown fields are ignored.
func TestToleratesOldAndUnknownShapes(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"totalCount":1,"count":1,"offset":0,"limit":50,"customers":[{"externalReferenceId":"x","customerId":1006374020,
"resellerId":1000361686,"status":1000,"companyProfile":{"companyName":"Test Customer 222","address":{"phoneNumber":"+1 408"},
"contacts":[{"firstName":"first_name","lastName":"last_name","email":"abc@xyz.com"}]},"links":[{"uri":"/x"}],
"creationDate":"2025-07-29T10:42:31Z","somethingNew":{"a":1}}]}`)
	}))
	defer ts.Close()
	http, err := httpclient.New(Configure(httpclient.Config{BaseURL: ts.URL}, "t", "k"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := customers.List(context.Background(), New(http, "1"), customers.Filter{}, customers.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Customers[0]
	if got.ID != "1006374020" || got.Status != "1000" || got.Email != "abc@xyz.com" || got.Phone != "+1 408" {
		t.Errorf("got %+v", got)
	}
}
