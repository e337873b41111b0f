package connect

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

var fuzzed = testutil.FuzzPlatform{
	Open: Open, Name: "connect",
	IsFirst: func(req *http.Request) bool { q := req.URL.Query(); return !q.Has("cursor") && !q.Has("offset") },
	// The first page, rest once, and rest again, whose next cursor or offset
	// is then the one just followed.
	MaxListCalls: 3,
	ID:           "cus-1", Path: "/customers/cus-1", Decode: toCustomer,
	ErrorStatuses: []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound,
		http.StatusTooManyRequests, http.StatusInternalServerError},
	ReadError: func(body []byte) { _ = ErrorMessage(body) },
}

// FuzzListResponse serves first as the first page and rest for every cursor
// or offset: whatever the bodies (either pagination form, lying totals and
// offsets, repeating cursors, broken JSON), the read ends within the request
// bound, without a panic, with unique ids or an error.
func FuzzListResponse(f *testing.F) { fuzzed.FuzzList(f) }

// FuzzNextPage reads either pagination form: an offset it returns always
// lies past the server's offset, so the offset form cannot go backwards.
func FuzzNextPage(f *testing.F) {
	f.Fuzz(func(t *testing.T, pagination []byte, got uint16) {
		var p map[string]json.RawMessage
		if json.Unmarshal(pagination, &p) != nil {
			return
		}
		next, isOffset, err := nextPage(p, int(got))
		if err != nil || !isOffset || next == "" {
			return
		}
		var offset int
		require.NoError(t, json.Unmarshal(p["offset"], &offset))
		n, err := strconv.Atoi(next)
		require.NoError(t, err)
		assert.Equal(t, offset+int(got), n)
		assert.Greater(t, n, offset)
		assert.Positive(t, n, "an offset is never negative")
	})
}

// FuzzGetResponse decodes single-customer bodies (and list items).
func FuzzGetResponse(f *testing.F) { fuzzed.FuzzGet(f) }

// FuzzErrorBody reads error bodies: the message extractor never panics, and
// a failing call is an error naming the request.
func FuzzErrorBody(f *testing.F) { fuzzed.FuzzErrorBody(f) }

// TestNextPage_offsetsMustBeCounts: found by FuzzNextPage (seed
// offset-negative): a negative offset made the next offset negative too.
func TestNextPage_offsetsMustBeCounts(t *testing.T) {
	for _, pagination := range []string{`{"total":10,"offset":-100}`, `{"total":-1,"offset":0}`, `{"total":1000000000000,"offset":9223372036854775807}`} {
		var p map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(pagination), &p))
		_, _, err := nextPage(p, 50)
		require.ErrorContains(t, err, "must be counts", pagination)
	}
}
