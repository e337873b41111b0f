package testutil

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// Scripted is a transport that answers every request with the status and
// JSON body Respond picks, and counts the requests; no network is involved.
type Scripted struct {
	Respond func(req *http.Request) (status int, body []byte)
	calls   atomic.Int64
}

func (s *Scripted) RoundTrip(req *http.Request) (*http.Response, error) {
	s.calls.Add(1)
	status, body := s.Respond(req)
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(body)), Request: req}, nil
}

// Calls is the number of requests answered so far.
func (s *Scripted) Calls() int { return int(s.calls.Load()) }

// OpenScripted opens platform's client with the sandbox's settings on a host
// that is never dialled: every request goes to transport, and rate-limit
// waits and backoff are a nanosecond, so a scripted answer never sleeps.
func OpenScripted(tb testing.TB, open OpenFunc, platform string, transport http.RoundTripper) customers.Platform {
	tb.Helper()
	return Open[customers.Platform](tb, open, Settings(platform, "https://fuzz.invalid"), httpclient.Config{
		MaxRateLimitWait: time.Nanosecond, BackoffBase: time.Nanosecond, Transport: transport,
	})
}

// FuzzList is the list driver of the platforms' fuzz tests: it serves first
// to the requests isFirst picks and rest to every other, and reads the whole
// list. Whatever the bodies (lying totals, repeated pages and cursors, broken
// JSON), the read ends within maxCalls requests, without a panic, with unique
// non-empty ids or an error.
func FuzzList(t *testing.T, open OpenFunc, platform string, isFirst func(*http.Request) bool, first, rest []byte,
	opts customers.ListOptions, maxCalls int) {
	t.Helper()
	s := &Scripted{Respond: func(req *http.Request) (int, []byte) {
		if isFirst(req) {
			return http.StatusOK, first
		}
		return http.StatusOK, rest
	}}
	res, err := customers.List(context.Background(), OpenScripted(t, open, platform, s), customers.Filter{}, opts)
	assert.LessOrEqual(t, s.Calls(), maxCalls)
	if err == nil {
		RequireUniqueIDs(t, IDs(res.Customers))
	}
}

// FuzzGet is the single-customer driver: body answers GET of id with 200;
// a customer read from it has an id, and one request was sent.
func FuzzGet(t *testing.T, open OpenFunc, platform, id string, body []byte) {
	t.Helper()
	s := &Scripted{Respond: func(*http.Request) (int, []byte) { return http.StatusOK, body }}
	c, err := OpenScripted(t, open, platform, s).Get(context.Background(), id)
	if err == nil {
		assert.NotEmpty(t, c.ID)
	}
	assert.Equal(t, 1, s.Calls())
}

// FuzzErrorBody is the error-body driver: body answers GET of id with the
// status of statuses that pick selects. The call fails with an error naming
// path, and a 404 is customers.ErrNotFound.
func FuzzErrorBody(t *testing.T, open OpenFunc, platform, id, path string, statuses []int, pick uint8, body []byte) {
	t.Helper()
	status := statuses[int(pick)%len(statuses)]
	s := &Scripted{Respond: func(*http.Request) (int, []byte) { return status, body }}
	_, err := OpenScripted(t, open, platform, s).Get(context.Background(), id)
	require.Error(t, err)
	assert.Contains(t, err.Error(), path)
	if status == http.StatusNotFound {
		assert.ErrorIs(t, err, customers.ErrNotFound)
	}
}
