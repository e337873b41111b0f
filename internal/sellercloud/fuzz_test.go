package sellercloud_test

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
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
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

func fuzzClient(t *testing.T, s *scripted) *sellercloud.Client {
	hc, err := httpclient.New(httpclient.Config{
		BaseURL:          "https://fuzz.invalid/rest/api",
		Auth:             httpclient.Headers{"Authorization": "Bearer fuzz"},
		ErrorMessage:     sellercloud.ErrorMessage,
		RateLimitReset:   sellercloud.RateLimitReset,
		MaxRateLimitWait: time.Nanosecond,
		BackoffBase:      time.Nanosecond,
		Transport:        s,
	})
	require.NoError(t, err)
	return sellercloud.New(hc)
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

// FuzzListResponse serves first as page 1 of GET /Customers and rest as every
// other page: whatever the bodies (lying totals, repeated pages, broken
// JSON), the read ends within the request bound, without a panic, with
// unique ids or an error.
func FuzzListResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, first, rest []byte) {
		s := &scripted{respond: func(req *http.Request) (int, []byte) {
			if req.URL.Query().Get("model.pageNumber") == "1" {
				return http.StatusOK, first
			}
			return http.StatusOK, rest
		}}
		const concurrency = 4
		res, err := customers.List(context.Background(), fuzzClient(t, s), customers.Filter{}, customers.ListOptions{Concurrency: concurrency})
		// Per pass (at most 3): page 1, the pages in flight, and up to 3
		// that bring nothing new; page 2 onwards all repeat one body.
		assert.LessOrEqual(t, s.calls, 3*(1+concurrency+3))
		if err == nil {
			requireUniqueIDs(t, res.Customers)
		}
	})
}

// FuzzGetResponse decodes GET /Customers/{id} bodies.
func FuzzGetResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		s := &scripted{respond: func(*http.Request) (int, []byte) { return http.StatusOK, body }}
		c, err := fuzzClient(t, s).Get(context.Background(), "42")
		if err == nil {
			assert.NotEmpty(t, c.ID)
		}
		assert.Equal(t, 1, s.calls)
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
		code := statuses[int(status)%len(statuses)]
		s := &scripted{respond: func(*http.Request) (int, []byte) { return code, body }}
		_, err := fuzzClient(t, s).Get(context.Background(), "42")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "/Customers/42")
		if code == http.StatusNotFound {
			assert.True(t, errors.Is(err, customers.ErrNotFound))
		}
	})
}

// FuzzTokenResponse decodes POST /token bodies: a token or an error.
func FuzzTokenResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		s := &scripted{respond: func(*http.Request) (int, []byte) { return http.StatusOK, body }}
		hc, err := httpclient.New(httpclient.Config{BaseURL: "https://fuzz.invalid/rest/api", Transport: s})
		require.NoError(t, err)
		tok, err := sellercloud.PasswordTokenSource(hc, "user", "pass", time.Now)(context.Background())
		if err == nil {
			assert.NotEmpty(t, tok.Value)
		}
	})
}
