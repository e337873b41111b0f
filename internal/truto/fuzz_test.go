package truto

import (
	"net/http"
	"testing"

	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

var fuzzed = testutil.FuzzPlatform{
	Open: Open, Name: "truto",
	IsFirst: func(req *http.Request) bool { return req.URL.Query().Get("next_cursor") == "" },
	// The first page, rest once with its cursor, and rest again, which
	// repeats that cursor.
	MaxListCalls: 3,
	ID:           "cus_1", Path: listPath + "/cus_1", Decode: toCustomer,
	ErrorStatuses: []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusNotFound, http.StatusTooManyRequests,
		http.StatusInternalServerError, http.StatusServiceUnavailable},
	ReadError: func(body []byte) { _ = ErrorMessage(body) },
}

// FuzzListResponse serves first as the first page and rest for every cursor:
// whatever the bodies (cursors that repeat or advance with nothing new,
// broken JSON), the read ends within the request bound, without a panic, with
// unique ids or an error.
func FuzzListResponse(f *testing.F) { fuzzed.FuzzList(f) }

// FuzzGetResponse decodes single-customer bodies (and list items).
func FuzzGetResponse(f *testing.F) { fuzzed.FuzzGet(f) }

// FuzzErrorBody reads error bodies: the message extractor never panics, and
// a failing call is an error naming the request.
func FuzzErrorBody(f *testing.F) { fuzzed.FuzzErrorBody(f) }
