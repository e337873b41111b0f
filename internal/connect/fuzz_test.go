package connect

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// scripted answers every request with the status and body respond picks, and
// counts the requests; no network is involved.
type scripted struct {
	mu      sync.Mutex
	calls   int
	respond func(req *http.Request) (int, []byte)
}

func (s *scripted) RoundTrip(req *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.calls++
	s.mu.Unlock()
	status, body := s.respond(req)
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(string(body))), Request: req}, nil
}

func fuzzClient(t *testing.T, s *scripted) *Client {
	hc, err := httpclient.New(Configure(httpclient.Config{
		BaseURL:          "https://fuzz.invalid",
		MaxRateLimitWait: time.Nanosecond,
		BackoffBase:      time.Nanosecond,
		Transport:        s,
	}, "key"))
	require.NoError(t, err)
	return New(hc)
}

// requireUniqueIDs holds for every successful list: each customer has an id,
// and no id twice.
func requireUniqueIDs(t *testing.T, cs []customers.Customer) {
	seen := map[string]bool{}
	for _, c := range cs {
		require.NotEmpty(t, c.ID)
		require.False(t, seen[c.ID], "id %q twice", c.ID)
		seen[c.ID] = true
	}
}

// FuzzListResponse serves first as the first page and rest for every cursor
// or offset: whatever the bodies (either pagination form, lying totals and
// offsets, repeating cursors, broken JSON), the read ends within the request
// bound, without a panic, with unique ids or an error.
func FuzzListResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, first, rest []byte) {
		s := &scripted{respond: func(req *http.Request) (int, []byte) {
			if q := req.URL.Query(); !q.Has("cursor") && !q.Has("offset") {
				return http.StatusOK, first
			}
			return http.StatusOK, rest
		}}
		res, err := customers.List(context.Background(), fuzzClient(t, s), customers.Filter{}, customers.ListOptions{})
		// The first page, rest once, and rest again, whose next cursor or
		// offset is then the one just followed.
		assert.LessOrEqual(t, s.calls, 3)
		if err == nil {
			requireUniqueIDs(t, res.Customers)
		}
	})
}

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
func FuzzGetResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		if c, err := toCustomer(body); err == nil {
			assert.NotEmpty(t, c.ID)
		}
		s := &scripted{respond: func(*http.Request) (int, []byte) { return http.StatusOK, body }}
		c, err := fuzzClient(t, s).Get(context.Background(), "cus-1")
		if err == nil {
			assert.NotEmpty(t, c.ID)
		}
	})
}

// FuzzErrorBody reads error bodies: the message extractor never panics, and
// a failing call is an error naming the request.
func FuzzErrorBody(f *testing.F) {
	statuses := []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound,
		http.StatusTooManyRequests, http.StatusInternalServerError}
	f.Fuzz(func(t *testing.T, status uint8, body []byte) {
		_ = ErrorMessage(body)
		code := statuses[int(status)%len(statuses)]
		s := &scripted{respond: func(*http.Request) (int, []byte) { return code, body }}
		_, err := fuzzClient(t, s).Get(context.Background(), "cus-1")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "/customers/cus-1")
		if code == http.StatusNotFound {
			assert.True(t, errors.Is(err, customers.ErrNotFound))
		}
	})
}

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
