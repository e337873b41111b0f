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

// FuzzListResponse serves first as page 1 of GET /Customers and rest as every
// other page: whatever the bodies (lying totals, repeated pages, broken
// JSON), the read ends within the request bound, without a panic, with
// unique ids or an error.
func FuzzListResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, first, rest []byte) {
		isFirst := func(req *http.Request) bool { return req.URL.Query().Get("model.pageNumber") == "1" }
		const concurrency = 4
		// Per pass (at most 3): page 1, the pages in flight, and up to 3
		// that bring nothing new; page 2 onwards all repeat one body.
		testutil.FuzzList(t, sellercloud.Open, "sellercloud", isFirst, first, rest,
			customers.ListOptions{Concurrency: concurrency}, 3*(1+concurrency+3))
	})
}

// FuzzGetResponse decodes GET /Customers/{id} bodies.
func FuzzGetResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		testutil.FuzzGet(t, sellercloud.Open, "sellercloud", "42", body)
	})
}

// FuzzErrorBody reads error bodies: the message and reset extractors never
// panic, and a failing call is an error naming the request.
func FuzzErrorBody(f *testing.F) {
	statuses := []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusNotFound, http.StatusConflict,
		http.StatusTooManyRequests, http.StatusInternalServerError}
	f.Fuzz(func(t *testing.T, status uint8, body []byte) {
		_ = sellercloud.ErrorMessage(body)
		_, _ = sellercloud.RateLimitReset(body)
		testutil.FuzzErrorBody(t, sellercloud.Open, "sellercloud", "42", "/Customers/42", statuses, status, body)
	})
}

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
