package truto

import (
	"context"
	"errors"
	"io"
	"net/http"
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
	}, "token"))
	require.NoError(t, err)
	return New(hc, "account")
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

// FuzzListResponse serves first as the first page and rest for every cursor:
// whatever the bodies (cursors that repeat or advance with nothing new,
// broken JSON), the read ends within the request bound, without a panic, with
// unique ids or an error.
func FuzzListResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, first, rest []byte) {
		s := &scripted{respond: func(req *http.Request) (int, []byte) {
			if req.URL.Query().Get("next_cursor") == "" {
				return http.StatusOK, first
			}
			return http.StatusOK, rest
		}}
		res, err := customers.List(context.Background(), fuzzClient(t, s), customers.Filter{}, customers.ListOptions{})
		// The first page, rest once with its cursor, and rest again, which
		// repeats that cursor.
		assert.LessOrEqual(t, s.calls, 3)
		if err == nil {
			requireUniqueIDs(t, res.Customers)
		}
	})
}

// FuzzGetResponse decodes single-customer bodies (and list items).
func FuzzGetResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		if c, err := toCustomer(body); err == nil {
			assert.NotEmpty(t, c.ID)
		}
		s := &scripted{respond: func(*http.Request) (int, []byte) { return http.StatusOK, body }}
		c, err := fuzzClient(t, s).Get(context.Background(), "cus_1")
		if err == nil {
			assert.NotEmpty(t, c.ID)
		}
	})
}

// FuzzErrorBody reads error bodies: the message extractor never panics, and
// a failing call is an error naming the request.
func FuzzErrorBody(f *testing.F) {
	statuses := []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusNotFound, http.StatusTooManyRequests,
		http.StatusInternalServerError, http.StatusServiceUnavailable}
	f.Fuzz(func(t *testing.T, status uint8, body []byte) {
		_ = ErrorMessage(body)
		code := statuses[int(status)%len(statuses)]
		s := &scripted{respond: func(*http.Request) (int, []byte) { return code, body }}
		_, err := fuzzClient(t, s).Get(context.Background(), "cus_1")
		require.Error(t, err)
		assert.Contains(t, err.Error(), listPath+"/cus_1")
		if code == http.StatusNotFound {
			assert.True(t, errors.Is(err, customers.ErrNotFound))
		}
	})
}
