package adobevip

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
	}, "token", "key"))
	require.NoError(t, err)
	return New(hc, "reseller")
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

// FuzzListResponse serves first at offset 0 of the reseller's customer list
// and rest at every other offset: whatever the bodies (lying totalCount,
// repeated pages, either array name, broken JSON), the read ends within the
// request bound, without a panic, with unique ids or an error.
func FuzzListResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, first, rest []byte) {
		s := &scripted{respond: func(req *http.Request) (int, []byte) {
			if req.URL.Query().Get("offset") == "0" {
				return http.StatusOK, first
			}
			return http.StatusOK, rest
		}}
		const concurrency = 4
		res, err := customers.List(context.Background(), fuzzClient(t, s), customers.Filter{}, customers.ListOptions{Concurrency: concurrency})
		// Per pass (at most 3): the first page, the pages in flight, and up
		// to 3 that bring nothing new; every later page repeats one body.
		assert.LessOrEqual(t, s.calls, 3*(1+concurrency+3))
		if err == nil {
			requireUniqueIDs(t, res.Customers)
		}
	})
}

// FuzzGetResponse decodes GET /v3/customers/{id} bodies, and list items.
func FuzzGetResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		if c, err := toCustomer(body); err == nil {
			assert.NotEmpty(t, c.ID)
		}
		s := &scripted{respond: func(*http.Request) (int, []byte) { return http.StatusOK, body }}
		c, err := fuzzClient(t, s).Get(context.Background(), "P1005")
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
		_, err := fuzzClient(t, s).Get(context.Background(), "P1005")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "/v3/customers/P1005")
		if code == http.StatusNotFound {
			assert.True(t, errors.Is(err, customers.ErrNotFound))
		}
	})
}
