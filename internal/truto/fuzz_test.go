package truto

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// FuzzListResponse serves first as the first page and rest for every cursor:
// whatever the bodies (cursors that repeat or advance with nothing new,
// broken JSON), the read ends within the request bound, without a panic, with
// unique ids or an error.
func FuzzListResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, first, rest []byte) {
		isFirst := func(req *http.Request) bool { return req.URL.Query().Get("next_cursor") == "" }
		// The first page, rest once with its cursor, and rest again, which
		// repeats that cursor.
		testutil.FuzzList(t, Open, "truto", isFirst, first, rest, customers.ListOptions{}, 3)
	})
}

// FuzzGetResponse decodes single-customer bodies (and list items).
func FuzzGetResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		if c, err := toCustomer(body); err == nil {
			assert.NotEmpty(t, c.ID)
		}
		testutil.FuzzGet(t, Open, "truto", "cus_1", body)
	})
}

// FuzzErrorBody reads error bodies: the message extractor never panics, and
// a failing call is an error naming the request.
func FuzzErrorBody(f *testing.F) {
	statuses := []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusNotFound, http.StatusTooManyRequests,
		http.StatusInternalServerError, http.StatusServiceUnavailable}
	f.Fuzz(func(t *testing.T, status uint8, body []byte) {
		_ = ErrorMessage(body)
		testutil.FuzzErrorBody(t, Open, "truto", "cus_1", listPath+"/cus_1", statuses, status, body)
	})
}
