package connect

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// sandboxClient is a client of a sandbox seeded by opts, opened with the
// sandbox's API key.
func sandboxClient(t *testing.T, opts sandbox.Options) (*Client, *sandbox.Server) {
	t.Helper()
	sb, url := testutil.StartSandbox(t, opts)
	return testutil.OpenSandbox[*Client](t, Open, "connect", url), sb
}

// TestListFollowsCursors reads 137 customers 40 at a time: four requests,
// each after the first with the previous page's nextCursor.
func TestListFollowsCursors(t *testing.T) {
	for _, offsetForm := range []bool{false, true} {
		t.Run(fmt.Sprintf("offset_form=%v", offsetForm), func(t *testing.T) {
			c, sb := sandboxClient(t, sandbox.Options{Customers: 137})
			sb.SetConnectOffsetPaging(offsetForm)
			res, err := customers.List(context.Background(), c, customers.Filter{}, customers.ListOptions{PageSize: 40})
			require.NoError(t, err)
			require.Equal(t, sb.Listed("connect"), testutil.IDs(res.Customers))
			assert.Equal(t, 137, res.TotalResults)
			assert.False(t, res.Truncated)
			reqs := sb.Requests()
			require.Len(t, reqs, 4)
			param := "cursor"
			if offsetForm {
				param = "offset"
			}
			assert.False(t, reqs[0].Query.Has(param), "first request sent %s", param)
			seen := map[string]bool{}
			for _, r := range reqs[1:] {
				v := r.Query.Get(param)
				assert.NotEmpty(t, v, "request %s lacks a %s", r.Query.Encode(), param)
				assert.False(t, seen[v], "request %s repeats %s %q", r.Query.Encode(), param, v)
				assert.Equal(t, "40", r.Query.Get("limit"), r.Query.Encode())
				assert.Equal(t, sandbox.DefaultAPIKey, r.Header.Get("X-Api-Key"), r.Query.Encode())
				seen[v] = true
			}
			first := res.Customers[0]
			want := sb.ConnectCustomers()[0]
			assert.Equal(t, want.Name, first.Name)
			assert.Equal(t, want.Email, first.Email)
			assert.Equal(t, want.MSISDN, first.Phone)
			assert.Equal(t, want.CustomerType, first.CustomerType)
			assert.Equal(t, want.ReferenceID, first.ExternalID)
			assert.Equal(t, offsetForm, first.CreatedAt != "", "created_at %q: only the older page version carries it", first.CreatedAt)
		})
	}
}

// TestListSearchAndLocalFilters: keyword is the server's free-text search;
// email and customer_type are applied on the returned items; max_results
// then counts matches.
func TestListSearchAndLocalFilters(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 200})
	res, err := customers.List(context.Background(), c, customers.Filter{Keyword: new("crm-customer-001"), CustomerType: new("BUSINESS")},
		customers.ListOptions{PageSize: 30})
	require.NoError(t, err)
	var want []string
	for _, cu := range sb.ConnectCustomers() {
		if strings.Contains(cu.ReferenceID, "crm-customer-001") && cu.CustomerType == "BUSINESS" {
			want = append(want, cu.CustomerID)
		}
	}
	require.NotEmpty(t, want, "the seed has business customers with that reference")
	assert.Equal(t, want, testutil.IDs(res.Customers))
	for _, r := range sb.Requests() {
		assert.Equal(t, "crm-customer-001", r.Query.Get(SearchParam), "keyword must go as %s", SearchParam)
		assert.False(t, r.Query.Has("customerType"), "customer_type must not be sent: %s", r.Query.Encode())
	}

	errs := c.Description().Check(customers.Filter{Status: new("active")})
	require.Len(t, errs, 1, "status on connect")
	assert.Contains(t, errs[0].Detail, `Filter "status" is not supported on connect. connect supports: keyword (sent to the API); customer_type, email, ids, name, phone_number (applied by the provider on the returned fields).`)
}

// TestCursorThatDoesNotAdvance is an error, not an endless loop.
func TestCursorThatDoesNotAdvance(t *testing.T) {
	var served atomic.Int32
	s := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) {
		return http.StatusOK, fmt.Appendf(nil, `{"items":[{"customerId":"c%d"}],"pagination":{"nextCursor":"same"}}`, served.Add(1))
	}}
	_, err := customers.List(context.Background(), testutil.OpenScripted(t, Open, "connect", s), customers.Filter{}, customers.ListOptions{})
	require.ErrorContains(t, err, "paging does not advance")
	assert.Equal(t, 2, s.Calls())
}

func TestGet(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 3})
	want := sb.ConnectCustomers()[1]
	got, err := c.Get(context.Background(), want.CustomerID)
	require.NoError(t, err)
	assert.Equal(t, want.CustomerID, got.ID)
	assert.Equal(t, want.Email, got.Email)
	testutil.AssertNotFound(t, c, "nope", "HTTP 404 Not Found: Customer nope not found (NOT_FOUND)")
}

func TestAuthErrors(t *testing.T) {
	_, url := testutil.StartSandbox(t, sandbox.Options{Customers: 3})
	s := testutil.Settings("connect", url)
	s["api_key"] = "wrong"
	_, err := customers.List(context.Background(), testutil.Open[*Client](t, Open, s, testutil.Retries()), customers.Filter{}, customers.ListOptions{})
	assert.ErrorContains(t, err, "GET /customers: HTTP 403 Forbidden: Invalid API key (FORBIDDEN); check api_key")

	// Open refuses a missing key; a client built without one meets the server's 401.
	s["api_key"] = ""
	_, err = Open(s, testutil.Retries())
	assert.ErrorContains(t, err, `platform = "connect" needs api_key`)
	hc := testutil.Retries()
	hc.BaseURL = url + sandbox.ConnectRoot
	client, err := httpclient.New(Configure(hc, ""))
	require.NoError(t, err)
	_, err = customers.List(context.Background(), New(client), customers.Filter{}, customers.ListOptions{})
	assert.ErrorContains(t, err, "GET /customers: HTTP 401 Unauthorized: Missing API key (UNAUTHORIZED)")
}

func TestErrorMessage(t *testing.T) {
	body := `{"message":"The request is invalid","code":"VALIDATION_ERROR","details":[{"message":"must be between 1 and 1000","code":"INVALID","property":"limit"}],"hint":"Check the limit."}`
	assert.Equal(t, "The request is invalid (VALIDATION_ERROR); limit: must be between 1 and 1000. Check the limit.", ErrorMessage([]byte(body)))
	assert.Equal(t, "upstream timeout", ErrorMessage([]byte("upstream timeout")), "text body")
}
