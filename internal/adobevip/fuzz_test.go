package adobevip

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// FuzzListResponse serves first at offset 0 of the reseller's customer list
// and rest at every other offset: whatever the bodies (lying totalCount,
// repeated pages, either array name, broken JSON), the read ends within the
// request bound, without a panic, with unique ids or an error.
func FuzzListResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, first, rest []byte) {
		isFirst := func(req *http.Request) bool { return req.URL.Query().Get("offset") == "0" }
		const concurrency = 4
		// Per pass (at most 3): the first page, the pages in flight, and up
		// to 3 that bring nothing new; every later page repeats one body.
		testutil.FuzzList(t, Open, "adobe_vip", isFirst, first, rest,
			customers.ListOptions{Concurrency: concurrency}, 3*(1+concurrency+3))
	})
}

// FuzzGetResponse decodes GET /v3/customers/{id} bodies, and list items.
func FuzzGetResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		if c, err := toCustomer(body); err == nil {
			assert.NotEmpty(t, c.ID)
		}
		testutil.FuzzGet(t, Open, "adobe_vip", "P1005", body)
	})
}

// FuzzErrorBody reads error bodies: the message extractor never panics, and
// a failing call is an error naming the request.
func FuzzErrorBody(f *testing.F) {
	statuses := []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound,
		http.StatusTooManyRequests, http.StatusInternalServerError}
	f.Fuzz(func(t *testing.T, status uint8, body []byte) {
		_ = ErrorMessage(body)
		testutil.FuzzErrorBody(t, Open, "adobe_vip", "P1005", "/v3/customers/P1005", statuses, status, body)
	})
}
