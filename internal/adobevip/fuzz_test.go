package adobevip

import (
	"net/http"
	"testing"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// fuzzConcurrency is the list read's; every later page repeats one body.
const fuzzConcurrency = 4

var fuzzed = testutil.FuzzPlatform{
	Open: Open, Name: "adobe_vip",
	IsFirst:     func(req *http.Request) bool { return req.URL.Query().Get("offset") == "0" },
	ListOptions: customers.ListOptions{Concurrency: fuzzConcurrency},
	// Per pass (at most 3): the first page, the pages in flight, and up to 3
	// that bring nothing new.
	MaxListCalls: 3 * (1 + fuzzConcurrency + 3),
	ID:           "P1005", Path: "/v3/customers/P1005", Decode: toCustomer,
	ErrorStatuses: []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound,
		http.StatusTooManyRequests, http.StatusInternalServerError},
	ReadError: func(body []byte) { _ = ErrorMessage(body) },
}

// FuzzListResponse serves first at offset 0 of the reseller's customer list
// and rest at every other offset: whatever the bodies (lying totalCount,
// repeated pages, either array name, broken JSON), the read ends within the
// request bound, without a panic, with unique ids or an error.
func FuzzListResponse(f *testing.F) { fuzzed.FuzzList(f) }

// FuzzGetResponse decodes GET /v3/customers/{id} bodies, and list items.
func FuzzGetResponse(f *testing.F) { fuzzed.FuzzGet(f) }

// FuzzErrorBody reads error bodies: the message extractor never panics, and
// a failing call is an error naming the request.
func FuzzErrorBody(f *testing.F) { fuzzed.FuzzErrorBody(f) }
