package sellercloud_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// fuzzConcurrency is the list read's; page 2 onwards all repeat one body.
const fuzzConcurrency = 4

var fuzzed = testutil.FuzzPlatform{
	Open: sellercloud.Open, Name: "sellercloud",
	IsFirst:     func(req *http.Request) bool { return req.URL.Query().Get("model.pageNumber") == "1" },
	ListOptions: customers.ListOptions{Concurrency: fuzzConcurrency},
	// Per pass (at most 3): page 1, the pages in flight, and up to 3 that
	// bring nothing new.
	MaxListCalls: 3 * (1 + fuzzConcurrency + 3),
	ID:           "42", Path: "/Customers/42",
	ErrorStatuses: []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusNotFound, http.StatusConflict,
		http.StatusTooManyRequests, http.StatusInternalServerError},
	ReadError: func(body []byte) {
		_ = sellercloud.ErrorMessage(body)
		_, _ = sellercloud.RateLimitReset(body)
	},
}

// FuzzListResponse serves first as page 1 of GET /Customers and rest as every
// other page: whatever the bodies (lying totals, repeated pages, broken
// JSON), the read ends within the request bound, without a panic, with
// unique ids or an error.
func FuzzListResponse(f *testing.F) { fuzzed.FuzzList(f) }

// FuzzGetResponse decodes GET /Customers/{id} bodies.
func FuzzGetResponse(f *testing.F) { fuzzed.FuzzGet(f) }

// FuzzErrorBody reads error bodies: the message and reset extractors never
// panic, and a failing call is an error naming the request.
func FuzzErrorBody(f *testing.F) { fuzzed.FuzzErrorBody(f) }

// FuzzTokenResponse decodes POST /token bodies: a token or an error.
func FuzzTokenResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		s := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) { return http.StatusOK, body }}
		hc, err := httpclient.New(httpclient.Config{BaseURL: "https://fuzz.invalid/rest/api", Transport: s})
		require.NoError(t, err)
		tok, err := sellercloud.PasswordTokenSource(hc, "user", "pass", time.Now)(context.Background())
		if err == nil {
			assert.NotEmpty(t, tok.Value)
		}
	})
}
