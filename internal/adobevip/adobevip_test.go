package adobevip

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

const listRoute = "GET " + sandbox.AdobeVIPRoot + "/v3/resellers/{reseller}/customers"

// clientFor is a client of h (the sandbox, or a handler in front of it),
// opened with the sandbox's token and API key; mod, if set, changes the HTTP
// configuration.
func clientFor(t *testing.T, h http.Handler, mod func(*httpclient.Config)) *Client {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	hc := testutil.Retries()
	if mod != nil {
		mod(&hc)
	}
	return testutil.Open[*Client](t, Open, testutil.Settings("adobe_vip", ts.URL), hc)
}

// TestListAllPages reads every active customer over several pages, the pages
// after the first concurrently, each request with a fresh request id.
// Concurrency is shown by the server, not by a clock: the first requests
// after page one wait at a gate that opens only once `concurrency` of them
// are in the server at the same time (a sequential read would never open it).
func TestListAllPages(t *testing.T) {
	const concurrency = 4
	sb := sandbox.New(sandbox.Options{Customers: 137})
	var inFlight, peak, waiting atomic.Int32
	gate := make(chan struct{})
	openGate := sync.OnceFunc(func() { close(gate) })
	// Only so that a sequential read fails this test instead of hanging it.
	safety := time.AfterFunc(time.Minute, openGate)
	t.Cleanup(func() { safety.Stop() })
	c := clientFor(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
	require.NoError(t, err)
	want := sb.Listed("adobe_vip")
	require.Equal(t, want, testutil.IDs(res.Customers), "every active customer in the server's order")
	assert.Equal(t, len(want), res.TotalResults)
	pages := (len(want) + 19) / 20
	assert.Equal(t, pages, sb.Count(listRoute), "list requests")
	assert.EqualValues(t, concurrency, peak.Load(), "requests in the server at once: the pages after the first fetched concurrently, bounded")
	reqIDs, offsets := map[string]bool{}, map[string]bool{}
	for _, r := range sb.Requests() {
		reqIDs[r.Header.Get("X-Request-Id")] = true
		offsets[r.Query.Get("offset")] = true
		what := fmt.Sprintf("request %s?%s", r.Path, r.Query.Encode())
		assert.NotEmpty(t, r.Header.Get("X-Correlation-Id"), what)
		assert.Equal(t, sandbox.DefaultAPIKey, r.Header.Get("X-Api-Key"), what)
		assert.Equal(t, "Bearer "+sandbox.DefaultToken, r.Header.Get("Authorization"), what)
		assert.Equal(t, "20", r.Query.Get("limit"), what)
	}
	assert.Len(t, reqIDs, pages, "a fresh request id per request")
	assert.Len(t, offsets, pages, "a distinct offset per request: %v", offsets)
	assert.True(t, offsets["0"], "offsets %v", offsets)
	assert.True(t, offsets[fmt.Sprint((pages-1)*20)], "offsets %v", offsets)
	first := res.Customers[0]
	assert.Equal(t, "1000", first.Status)
	assert.NotEmpty(t, first.CompanyName)
	assert.Equal(t, first.CompanyName, first.Name)
	assert.NotEmpty(t, first.CreatedAt)
	assert.NotEmpty(t, first.ExternalID)
	assert.Empty(t, first.Email, "a sparse list item has no contacts")
	assert.Contains(t, string(first.Raw), `"customerId"`)
}

// TestListFiltersOnTheWire: server-side filters under Adobe's names, dates
// as days; the older "customers" key is read as well as "accounts".
func TestListFiltersOnTheWire(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 120})
	sb.SetAdobeListKey("customers")
	c := clientFor(t, sb, nil)
	from := time.Date(2021, 3, 1, 23, 30, 0, 0, time.FixedZone("x", -2*3600)) // 2021-03-02 in UTC
	res, err := customers.List(context.Background(), c, customers.Filter{
		Status: new("1002"), CompanyName: new("a*"), CreatedFrom: &from,
		CreatedTo: new(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)),
		SortBy:    new(customers.SortCompanyName), SortOrder: new("asc"),
	}, customers.ListOptions{})
	require.NoError(t, err)
	reqs := sb.Requests()
	require.Len(t, reqs, 1)
	q := reqs[0].Query
	want := map[string]string{
		"status": "1002", "company-name": "a*", "from-created-date": "2021-03-02", "to-created-date": "2024-12-31",
		"sort-by": "companyName", "order-by": "asc", "offset": "0", "limit": "50",
	}
	testutil.AssertQuery(t, q, want)
	require.NotEmpty(t, res.Customers, "no customer matched; the seed should have pending companies starting with A")
	for i, cu := range res.Customers {
		assert.Equal(t, "1002", cu.Status, "customer %+v does not match the filter", cu)
		assert.True(t, strings.HasPrefix(strings.ToLower(cu.CompanyName), "a"), "customer %+v does not match the filter", cu)
		if i > 0 {
			assert.LessOrEqual(t, strings.ToLower(res.Customers[i-1].CompanyName), strings.ToLower(cu.CompanyName), "sorted by company name")
		}
	}
}

// TestListLocalAndUnsupportedFilters: ids are applied on the returned
// items; a filter Adobe cannot apply fails before any request.
func TestListLocalAndUnsupportedFilters(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 60})
	c := clientFor(t, sb, nil)
	ids := sb.Listed("adobe_vip")
	res, err := customers.List(context.Background(), c, customers.Filter{IDs: []string{ids[3], ids[40], "999"}}, customers.ListOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{ids[3], ids[40]}, testutil.IDs(res.Customers), "ids filter")
	sb.ResetCounts()
	email := customers.Filter{Email: new("x@example.com")}
	errs := c.Description().Check(email)
	require.Len(t, errs, 1, "email filter")
	assert.Contains(t, errs[0].Detail, `Filter "email" is not supported on adobe_vip`)
	_, err = customers.List(context.Background(), c, email, customers.ListOptions{})
	assert.Error(t, err, "email filter")
	assert.Zero(t, sb.TotalRequests(), "email filter: requests")
}

// TestListDetails fills contacts from each customer's full record, with
// bounded concurrency.
func TestListDetails(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 30})
	c := clientFor(t, sb, nil)
	res, err := customers.List(context.Background(), c, customers.Filter{}, customers.ListOptions{Details: true, Concurrency: 4, MaxResults: 7})
	require.NoError(t, err)
	require.Len(t, res.Customers, 7)
	require.Equal(t, 7, sb.Count("GET "+sandbox.AdobeVIPRoot+"/v3/customers/{id}"), "detail requests")
	for _, cu := range res.Customers {
		assert.NotEmpty(t, cu.Email, "details not filled in: %+v", cu)
		assert.NotEmpty(t, cu.FirstName, "details not filled in: %+v", cu)
		assert.NotEmpty(t, cu.Phone, "details not filled in: %+v", cu)
		assert.NotEmpty(t, cu.CustomerType, "details not filled in: %+v", cu)
		assert.Contains(t, string(cu.Raw), `"contacts"`)
	}
}

func TestGet(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 5})
	c := clientFor(t, sb, nil)
	want := sb.AdobeCustomers()[2]
	got, err := c.Get(context.Background(), want.CustomerID)
	require.NoError(t, err)
	k := want.Contacts[0]
	assert.Equal(t, want.CustomerID, got.ID)
	assert.Equal(t, want.CompanyName, got.Name)
	assert.Equal(t, k.FirstName, got.FirstName)
	assert.Equal(t, k.LastName, got.LastName)
	assert.Equal(t, k.Email, got.Email)
	assert.Equal(t, k.PhoneNumber, got.Phone)
	assert.Equal(t, want.MarketSegment, got.CustomerType)
	assert.Equal(t, want.ExternalReferenceID, got.ExternalID)
	testutil.AssertNotFound(t, c, "404404", "GET /v3/customers/404404: HTTP 404 Not Found: Invalid Customer ID (code 1116)")
}

// TestCorrelationID: a retry after a response gets a new correlation id
// (Adobe would replay the cached 500), a retry after a timeout keeps it.
// The stalled attempt waits until the client abandons it; the timeout leaves
// a loaded machine ample time for every other attempt (exactly 2 requests).
func TestCorrelationID(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 5})
	c := clientFor(t, sb, func(hc *httpclient.Config) { hc.Timeout = time.Second })
	sb.InjectFault(sandbox.Fault{Status: http.StatusInternalServerError, Times: 1})
	_, err := customers.List(context.Background(), c, customers.Filter{}, customers.ListOptions{})
	require.NoError(t, err)
	reqs := sb.Requests()
	require.Len(t, reqs, 2)
	assert.NotEqual(t, reqs[0].Header.Get("X-Correlation-Id"), reqs[1].Header.Get("X-Correlation-Id"), "a retry after a 500 gets a new correlation id")

	sb.ResetCounts()
	sb.InjectFault(sandbox.Fault{Delay: time.Hour, Times: 1})
	_, err = customers.List(context.Background(), c, customers.Filter{}, customers.ListOptions{})
	require.NoError(t, err)
	reqs = sb.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, reqs[0].Header.Get("X-Correlation-Id"), reqs[1].Header.Get("X-Correlation-Id"), "a retry after a timeout keeps the correlation id")
	assert.NotEqual(t, reqs[0].Header.Get("X-Request-Id"), reqs[1].Header.Get("X-Request-Id"), "a retry gets a new request id")
}

// TestAuthErrors: Adobe's gateway answers 403 for a bad API key and 401 for
// a bad token, in its own error shape.
func TestAuthErrors(t *testing.T) {
	_, url := testutil.StartSandbox(t, sandbox.Options{Customers: 5})
	for _, tc := range []struct{ token, key, want string }{
		{sandbox.DefaultToken, "wrong", "HTTP 403 Forbidden: Invalid or missing API key (code 4115)"},
		{"wrong", sandbox.DefaultAPIKey, "HTTP 401 Unauthorized: Invalid token (code 4116)"},
	} {
		s := testutil.Settings("adobe_vip", url)
		s["token"], s["api_key"] = tc.token, tc.key
		_, err := customers.List(context.Background(), testutil.Open[*Client](t, Open, s, testutil.Retries()), customers.Filter{}, customers.ListOptions{})
		assert.ErrorContains(t, err, tc.want)
	}
}

// TestMissingCorrelationID: the sandbox, like Adobe, refuses a call without
// X-Correlation-Id (400, code 4119).
func TestMissingCorrelationID(t *testing.T) {
	_, url := testutil.StartSandbox(t, sandbox.Options{Customers: 1})
	http, err := httpclient.New(httpclient.Config{
		BaseURL:      url + sandbox.AdobeVIPRoot,
		Auth:         httpclient.Headers{"Authorization": "Bearer " + sandbox.DefaultToken, "X-Api-Key": sandbox.DefaultAPIKey},
		ErrorMessage: ErrorMessage,
	})
	require.NoError(t, err)
	_, err = New(http, sandbox.DefaultResellerID).Get(context.Background(), "1006374000")
	assert.ErrorContains(t, err, "HTTP 400 Bad Request: X-Correlation-Id header is missing (code 4119)")
}

func TestErrorMessage(t *testing.T) {
	cases := map[string]string{
		`{"code":"1117","message":"Some Fields are Invalid","additionalDetails":["companyProfile.companyName","companyProfile.contacts[0].firstName"]}`: "Some Fields are Invalid (code 1117: companyProfile.companyName, companyProfile.contacts[0].firstName)",
		`{"code":4118,"message":"Too many requests"}`:            "Too many requests (code 4118)",
		`<html>Bad gateway</html>`:                               "<html>Bad gateway</html>",
		`{"error_code":"403003","message":"Api Key is invalid"}`: "Api Key is invalid (error_code 403003)",
	}
	for body, want := range cases {
		assert.Equal(t, want, ErrorMessage([]byte(body)), "ErrorMessage(%s)", body)
	}
}

// TestToleratesOldAndUnknownShapes: the full Aug-2025 item, numeric ids and
// links as an array decode; unknown fields are ignored.
func TestToleratesOldAndUnknownShapes(t *testing.T) {
	s := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) {
		return http.StatusOK, []byte(`{"totalCount":1,"count":1,"offset":0,"limit":50,"customers":[{"externalReferenceId":"x","customerId":1006374020,
"resellerId":1000361686,"status":1000,"companyProfile":{"companyName":"Test Customer 222","address":{"phoneNumber":"+1 408"},
"contacts":[{"firstName":"first_name","lastName":"last_name","email":"abc@xyz.com"}]},"links":[{"uri":"/x"}],
"creationDate":"2025-07-29T10:42:31Z","somethingNew":{"a":1}}]}`)
	}}
	res, err := customers.List(context.Background(), testutil.OpenScripted(t, Open, "adobe_vip", s), customers.Filter{}, customers.ListOptions{})
	require.NoError(t, err)
	require.Len(t, res.Customers, 1)
	got := res.Customers[0]
	assert.Equal(t, "1006374020", got.ID)
	assert.Equal(t, "1000", got.Status)
	assert.Equal(t, "abc@xyz.com", got.Email)
	assert.Equal(t, "+1 408", got.Phone)
}
