package connect

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

func ptr[T any](v T) *T { return &v }

func newClient(t *testing.T, sb *sandbox.Server, apiKey string) *Client {
	t.Helper()
	url, stop := sb.Start()
	t.Cleanup(stop)
	http, err := httpclient.New(Configure(httpclient.Config{BaseURL: url + sandbox.ConnectRoot, BackoffBase: time.Millisecond}, apiKey))
	if err != nil {
		t.Fatal(err)
	}
	return New(http)
}

func allIDs(sb *sandbox.Server) []string {
	var ids []string
	for _, c := range sb.ConnectCustomers() {
		ids = append(ids, c.CustomerID)
	}
	return ids
}

// TestListFollowsCursors reads 137 customers 40 at a time: four requests,
// each after the first with the previous page's nextCursor.
func TestListFollowsCursors(t *testing.T) {
	for _, offsetForm := range []bool{false, true} {
		t.Run(fmt.Sprintf("offset_form=%v", offsetForm), func(t *testing.T) {
			sb := sandbox.New(sandbox.Options{ConnectCustomers: 137, ConnectOffsetPaging: offsetForm})
			c := newClient(t, sb, sandbox.DefaultAPIKey)
			res, err := customers.List(context.Background(), c, customers.Filter{}, customers.ListOptions{PageSize: 40})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, cu := range res.Customers {
				got = append(got, cu.ID)
			}
			if !slices.Equal(got, allIDs(sb)) || res.TotalResults != 137 || res.Truncated {
				t.Fatalf("got %d customers (total %d)", len(got), res.TotalResults)
			}
			reqs := sb.Requests()
			if len(reqs) != 4 {
				t.Fatalf("%d requests, want 4", len(reqs))
			}
			param := "cursor"
			if offsetForm {
				param = "offset"
			}
			if reqs[0].Query.Has(param) {
				t.Errorf("first request sent %s", param)
			}
			seen := map[string]bool{}
			for _, r := range reqs[1:] {
				v := r.Query.Get(param)
				if v == "" || seen[v] || r.Query.Get("limit") != "40" || r.Header.Get("X-Api-Key") != sandbox.DefaultAPIKey {
					t.Errorf("request %s lacks a fresh %s, limit or key", r.Query.Encode(), param)
				}
				seen[v] = true
			}
			first := res.Customers[0]
			want := sb.ConnectCustomers()[0]
			if first.Name != want.Name || first.Email != want.Email || first.Phone != want.MSISDN ||
				first.CustomerType != want.CustomerType || first.ExternalID != want.ReferenceID {
				t.Errorf("mapped %+v from %+v", first, want)
			}
			if hasTimes := first.CreatedAt != ""; hasTimes != offsetForm {
				t.Errorf("created_at %q: only the older page version carries it", first.CreatedAt)
			}
		})
	}
}

// TestListSearchAndLocalFilters: keyword is the server's free-text search;
// email and customer_type are applied on the returned items; max_results
// then counts matches.
func TestListSearchAndLocalFilters(t *testing.T) {
	sb := sandbox.New(sandbox.Options{ConnectCustomers: 200})
	c := newClient(t, sb, sandbox.DefaultAPIKey)
	res, err := customers.List(context.Background(), c, customers.Filter{Keyword: ptr("crm-customer-001"), CustomerType: ptr("BUSINESS")},
		customers.ListOptions{PageSize: 30})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, cu := range sb.ConnectCustomers() {
		if strings.Contains(cu.ReferenceID, "crm-customer-001") && cu.CustomerType == "BUSINESS" {
			want = append(want, cu.CustomerID)
		}
	}
	var got []string
	for _, cu := range res.Customers {
		got = append(got, cu.ID)
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, r := range sb.Requests() {
		if r.Query.Get(SearchParam) != "crm-customer-001" || r.Query.Has("customerType") {
			t.Errorf("request %s: keyword must go as %s, customer_type must not be sent", r.Query.Encode(), SearchParam)
		}
	}

	errs := c.Description().Check(customers.Filter{Status: ptr("active")})
	if len(errs) != 1 || !strings.Contains(errs[0].Detail, `Filter "status" is not supported on connect. connect supports: keyword (sent to the API); customer_type, email, ids, name, phone_number (applied by the provider on the returned fields).`) {
		t.Errorf("status on connect: %v", errs)
	}
}

// TestCursorThatDoesNotAdvance is an error, not an endless loop.
func TestCursorThatDoesNotAdvance(t *testing.T) {
	var calls int
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		fmt.Fprintf(w, `{"items":[{"customerId":"c%d"}],"pagination":{"nextCursor":"same"}}`, calls)
	}))
	defer ts.Close()
	http, _ := httpclient.New(Configure(httpclient.Config{BaseURL: ts.URL}, "k"))
	_, err := customers.List(context.Background(), New(http), customers.Filter{}, customers.ListOptions{})
	if err == nil || !strings.Contains(err.Error(), "paging does not advance") || calls != 2 {
		t.Errorf("err %v after %d calls", err, calls)
	}
}

func TestGet(t *testing.T) {
	sb := sandbox.New(sandbox.Options{ConnectCustomers: 3})
	c := newClient(t, sb, sandbox.DefaultAPIKey)
	want := sb.ConnectCustomers()[1]
	got, err := c.Get(context.Background(), want.CustomerID)
	if err != nil || got.ID != want.CustomerID || got.Email != want.Email {
		t.Errorf("got %+v, %v", got, err)
	}
	_, err = c.Get(context.Background(), "nope")
	if !errors.Is(err, customers.ErrNotFound) || !strings.Contains(err.Error(), "HTTP 404 Not Found: Customer nope not found (NOT_FOUND)") {
		t.Errorf("unknown id: %v", err)
	}
}

func TestAuthErrors(t *testing.T) {
	sb := sandbox.New(sandbox.Options{ConnectCustomers: 3})
	for key, want := range map[string]string{
		"wrong": "GET /customers: HTTP 403 Forbidden: Invalid API key (FORBIDDEN)",
		"":      "GET /customers: HTTP 401 Unauthorized: Missing API key (UNAUTHORIZED)",
	} {
		_, err := customers.List(context.Background(), newClient(t, sb, key), customers.Filter{}, customers.ListOptions{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("key %q: got %v, want %q", key, err, want)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	body := `{"message":"The request is invalid","code":"VALIDATION_ERROR","details":[{"message":"must be between 1 and 1000","code":"INVALID","property":"limit"}],"hint":"Check the limit."}`
	if got, want := ErrorMessage([]byte(body)), "The request is invalid (VALIDATION_ERROR); limit: must be between 1 and 1000. Check the limit."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := ErrorMessage([]byte("upstream timeout")); got != "upstream timeout" {
		t.Errorf("text body: %q", got)
	}
}
