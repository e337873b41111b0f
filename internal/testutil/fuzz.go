package testutil

import (
	"bytes"
	"context"
	"encoding/json"
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

// FuzzPlatform is one platform as the fuzz targets of its package drive it:
// its client answered by a scripted transport whose bodies come from the
// fuzzer. Each target holds whatever the bodies: no panic, a bounded number
// of requests, and either a well-formed result or an error.
type FuzzPlatform struct {
	Open OpenFunc
	// Name is the platform's name (its sandbox settings).
	Name string
	// IsFirst picks the requests for a list's first page.
	IsFirst func(*http.Request) bool
	// ListOptions and MaxListCalls are the list read and its request bound.
	ListOptions  customers.ListOptions
	MaxListCalls int
	// ID is the customer GET asks for, Path its path as errors name it.
	ID, Path string
	// Decode, when set, decodes a single-customer body without a request.
	Decode func(body json.RawMessage) (customers.Customer, error)
	// ErrorStatuses are the failures a GET is answered with.
	ErrorStatuses []int
	// ReadError, when set, runs the platform's own readers of an error body
	// (its message, a rate-limit reset), which must not panic.
	ReadError func(body []byte)
}

// FuzzList serves the first body to the first page and the rest body to
// every other request, and reads the whole list: it ends within
// MaxListCalls requests, with unique ids (trimmed, non-empty, never "." or
// "..") or an error that holds no control character.
func (p FuzzPlatform) FuzzList(f *testing.F) {
	f.Fuzz(func(t *testing.T, first, rest []byte) {
		s := &Scripted{Respond: func(req *http.Request) (int, []byte) {
			if p.IsFirst(req) {
				return http.StatusOK, first
			}
			return http.StatusOK, rest
		}}
		res, err := customers.List(context.Background(), OpenScripted(t, p.Open, p.Name, s), customers.Filter{}, p.ListOptions)
		assert.LessOrEqual(t, s.Calls(), p.MaxListCalls)
		if err != nil {
			AssertNoControl(t, err.Error())
			return
		}
		RequireUniqueIDs(t, IDs(res.Customers))
		for _, c := range res.Customers {
			assert.NoError(t, customers.CheckIDText(c.ID))
		}
	})
}

// FuzzGet answers a GET of ID with 200 and the body: a customer read from it
// is customer ID (never another, never one without an id), an error holds
// no control character, and one request was sent.
func (p FuzzPlatform) FuzzGet(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		if p.Decode != nil {
			if c, err := p.Decode(body); err == nil {
				assert.NotEmpty(t, c.ID, "decoded without a request")
			}
		}
		s := &Scripted{Respond: func(*http.Request) (int, []byte) { return http.StatusOK, body }}
		c, err := OpenScripted(t, p.Open, p.Name, s).Get(context.Background(), p.ID)
		if err == nil {
			assert.Equal(t, p.ID, c.ID)
		} else {
			AssertNoControl(t, err.Error())
		}
		assert.Equal(t, 1, s.Calls())
	})
}

// FuzzErrorBody answers a GET of ID with the body and the status of
// ErrorStatuses that pick selects: the call fails with an error naming Path,
// and a 404 is customers.ErrNotFound.
func (p FuzzPlatform) FuzzErrorBody(f *testing.F) {
	f.Fuzz(func(t *testing.T, pick uint8, body []byte) {
		if p.ReadError != nil {
			p.ReadError(body)
		}
		status := p.ErrorStatuses[int(pick)%len(p.ErrorStatuses)]
		s := &Scripted{Respond: func(*http.Request) (int, []byte) { return status, body }}
		_, err := OpenScripted(t, p.Open, p.Name, s).Get(context.Background(), p.ID)
		require.Error(t, err)
		assert.Contains(t, err.Error(), p.Path)
		AssertNoControl(t, err.Error())
		if status == http.StatusNotFound {
			assert.ErrorIs(t, err, customers.ErrNotFound)
		}
	})
}
