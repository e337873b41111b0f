package httpclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// server answers with the handlers in turn (the last one repeats) and counts calls.
func server(t *testing.T, handlers ...http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(calls.Add(1))
		handlers[min(n, len(handlers))-1](w, r)
	}))
	t.Cleanup(ts.Close)
	return ts, &calls
}

func status(code int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(code)
		_, _ = w.Write([]byte(body))
	}
}

func okJSON(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`{"ok":true}`)) }

// recordWaits replaces the client's sleep: it returns at once and records
// how long it was asked to wait.
func recordWaits(c *Client) func() []time.Duration {
	var mu sync.Mutex
	var waits []time.Duration
	c.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return ctx.Err()
	}
	return func() []time.Duration { mu.Lock(); defer mu.Unlock(); return slices.Clone(waits) }
}

func newClient(t *testing.T, url string, mutate ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{BaseURL: url, BackoffBase: 5 * time.Millisecond, MaxRetries: 3, UserAgent: "terraform-provider-commerce/test terraform/1.11.4"}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := New(cfg)
	require.NoError(t, err)
	return c
}

func TestDo_retries5xxThenSucceeds(t *testing.T) {
	ts, calls := server(t, status(503, "busy"), status(502, "bad gateway"), okJSON)
	var out struct{ OK bool }
	err := newClient(t, ts.URL).Do(context.Background(), Request{Method: "GET", Path: "/Customers"}, &out)
	require.NoError(t, err)
	assert.True(t, out.OK)
	assert.EqualValues(t, 3, calls.Load())
}

func TestDo_givesUpAfterMaxRetries(t *testing.T) {
	ts, calls := server(t, status(500, `server exploded`))
	err := newClient(t, ts.URL).Do(context.Background(), Request{Method: "PUT", Path: "/Customers/7", Body: map[string]string{}}, nil)
	require.Error(t, err)
	assert.EqualValues(t, 4, calls.Load(), "one try and three retries")
	host := strings.TrimPrefix(ts.URL, "http://")
	assert.Equal(t, host+": PUT /Customers/7: HTTP 500 Internal Server Error: server exploded (after 4 attempts)"+
		"; the outcome is unknown: the server may have applied the request before the failure", err.Error())
	assert.True(t, OutcomeUnknown(err), "a PUT answered 500 may have been saved")
}

func TestDo_nonIdempotentPostIsNotRetried(t *testing.T) {
	ts, calls := server(t, status(503, "busy"), okJSON)
	err := newClient(t, ts.URL).Do(context.Background(), Request{Method: "POST", Path: "/Customers", Body: map[string]string{}}, nil)
	require.Error(t, err)
	assert.EqualValues(t, 1, calls.Load())
	assert.Equal(t, 503, StatusOf(err))
}

func TestDo_rateLimitWaitsAsTheServerSays(t *testing.T) {
	cases := map[string]http.HandlerFunc{
		"Retry-After seconds": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(429)
		},
		"Retry-After date": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
			w.WriteHeader(429)
		},
		"ratelimit-reset": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("ratelimit-reset", "1")
			w.WriteHeader(429)
		},
		"Sellercloud body": func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(429)
			_, _ = fmt.Fprintf(w, `{"Error":"Too many requests.","RateLimitResetTime":%q}`, time.Now().Add(time.Second).UTC().Format("2006-01-02T15:04:05.0000000Z"))
		},
	}
	for name, limited := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ts, calls := server(t, limited, okJSON)
			c := newClient(t, ts.URL, func(c *Config) {
				c.RateLimitReset = func(body []byte) (Reset, bool) {
					var v struct{ RateLimitResetTime time.Time }
					if err := json.Unmarshal(body, &v); err != nil || v.RateLimitResetTime.IsZero() {
						return Reset{}, false
					}
					return ResetAt(v.RateLimitResetTime, "RateLimitResetTime", v.RateLimitResetTime.String()), true
				}
			})
			start := time.Now()
			require.NoError(t, c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil))
			assert.EqualValues(t, 2, calls.Load())
			assert.GreaterOrEqual(t, time.Since(start), 900*time.Millisecond, "waited until the reset")
		})
	}
}

func TestDo_rateLimitIsNotBoundByMaxRetries(t *testing.T) {
	limited := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(429)
	}
	ts, calls := server(t, limited, limited, limited, limited, limited, limited, okJSON)
	c := newClient(t, ts.URL, func(c *Config) { c.MaxRetries = 1 })
	waits := recordWaits(c)
	require.NoError(t, c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil))
	assert.EqualValues(t, 7, calls.Load())
	assert.Equal(t, slices.Repeat([]time.Duration{time.Second}, 6), waits(), "Retry-After: 0 waits a second, not 0")
}

func TestDo_rateLimitGivesUpAfterMaxWaitAndSaysWhenItResets(t *testing.T) {
	ts, calls := server(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(429)
		_, _ = w.Write([]byte(`{"message":"slow down"}`))
	})
	c := newClient(t, ts.URL, func(c *Config) { c.MaxRateLimitWait = time.Minute })
	// Had the hour's wait started, this deadline would end it with a context error.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := c.Do(ctx, Request{Method: "GET", Path: "/x"}, nil)
	require.Error(t, err)
	assert.EqualValues(t, 1, calls.Load())
	assert.Contains(t, err.Error(), "gave up without waiting: the server asks for a wait of 1h0m0s (Retry-After: 3600), past max_rate_limit_wait (1m0s; 0s waited before)",
		"a wait past the budget is not started")
	assert.Regexp(t, `GET /x: HTTP 429 Too Many Requests: .*slow down.*rate limited; the limit resets at \d{4}-\d\d-\d\dT`, err.Error())
}

// The first attempt stalls until the client abandons it (an attempt waited
// out would succeed alone, with one call); the timeout leaves a loaded machine
// ample time for the second.
func TestDo_perAttemptTimeoutThenSuccess(t *testing.T) {
	stall := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(time.Minute):
		}
	}
	ts, calls := server(t, stall, okJSON)
	c := newClient(t, ts.URL, func(c *Config) { c.Timeout = time.Second })
	require.NoError(t, c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil))
	assert.EqualValues(t, 2, calls.Load(), "the stalled attempt was abandoned and retried")
}

// The server asks for a 5-minute wait; cancelling ends it. The only clock is
// a guard that fails the test long before the wait would have ended.
func TestDo_cancelEndsALongWaitPromptly(t *testing.T) {
	ts, calls := server(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "300")
		w.WriteHeader(429)
	})
	c := newClient(t, ts.URL)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	done := make(chan error, 1)
	go func() { done <- c.Do(ctx, Request{Method: "GET", Path: "/x"}, nil) }()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.Canceled)
		assert.EqualValues(t, 1, calls.Load())
	case <-time.After(2 * time.Minute):
		require.FailNow(t, "cancelling did not end the rate-limit wait")
	}
}

func TestDo_errorsNeverCarryTheQueryString(t *testing.T) {
	ts, _ := server(t, status(400, "bad filter"))
	err := newClient(t, ts.URL).Do(context.Background(), Request{Method: "GET", Path: "/Customers", Query: map[string][]string{"api_key": {"s3cret"}}}, nil)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret")
	assert.NotContains(t, err.Error(), "?")

	// A transport error (url.Error) repeats the URL: it must be stripped too.
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	err = newClient(t, dead.URL, func(c *Config) { c.MaxRetries = 0 }).Do(context.Background(), Request{Method: "GET", Path: "/Customers", Query: map[string][]string{"token": {"s3cret"}}}, nil)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret")
}

func TestDo_longServerMessagesAreTruncated(t *testing.T) {
	ts, _ := server(t, status(400, strings.Repeat("x", 5000)))
	err := newClient(t, ts.URL).Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil)
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 700)
}

func TestDo_sendsUserAgentAndLogsEachAttempt(t *testing.T) {
	var ua string
	ts, _ := server(t, status(503, ""), func(w http.ResponseWriter, r *http.Request) { ua = r.UserAgent(); okJSON(w, r) })
	var mu sync.Mutex
	var lines []map[string]any
	c := newClient(t, ts.URL, func(c *Config) {
		c.Auth = Headers{"Authorization": "Bearer s3cret", "X-Api-Key": "k3y"}
		c.Logger = func(_ context.Context, level Level, _ string, f map[string]any) {
			if level == LevelDebug {
				mu.Lock()
				lines = append(lines, f)
				mu.Unlock()
			}
		}
	})
	require.NoError(t, c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil))
	assert.Equal(t, "terraform-provider-commerce/test terraform/1.11.4", ua)
	require.Len(t, lines, 2)
	assert.Equal(t, 503, lines[0]["status"])
	assert.Equal(t, 2, lines[1]["attempt"])
	assert.NotContains(t, fmt.Sprint(lines), "s3cret")
	assert.NotContains(t, fmt.Sprint(lines), "k3y")
}

// tokenServer accepts only the newest token it issued.
type tokenServer struct {
	mu      sync.Mutex
	current string
	issued  atomic.Int32
}

func (s *tokenServer) source(context.Context) (Token, error) {
	n := s.issued.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.current = fmt.Sprintf("token-%d", n)
	return Token{Value: s.current, Expires: time.Now().Add(time.Hour)}, nil
}

func (s *tokenServer) expire() { s.mu.Lock(); s.current = "expired"; s.mu.Unlock() }

func (s *tokenServer) handler(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	ok := r.Header.Get("Authorization") == "Bearer "+s.current
	s.mu.Unlock()
	if !ok {
		w.WriteHeader(401)
		return
	}
	okJSON(w, r)
}

func TestRenewingBearer_tokenExpiresMidRunWithoutARenewalStorm(t *testing.T) {
	ts := &tokenServer{}
	srv := httptest.NewServer(http.HandlerFunc(ts.handler))
	t.Cleanup(srv.Close)
	c := newClient(t, srv.URL, func(c *Config) { c.Auth = &RenewingBearer{Source: ts.source}; c.Concurrency = 16 })
	require.NoError(t, c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil))
	require.EqualValues(t, 1, ts.issued.Load())

	ts.expire() // the token dies while many resources are mid-flight
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for range 40 {
		wg.Go(func() { errs <- c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.EqualValues(t, 2, ts.issued.Load(), "one renewal shared by all callers")
}

func TestRenewingBearer_renewsAheadOfExpiry(t *testing.T) {
	var issued atomic.Int32
	now := time.Now()
	b := &RenewingBearer{
		Now: func() time.Time { return now },
		Source: func(context.Context) (Token, error) {
			issued.Add(1)
			return Token{Value: "t", Expires: now.Add(90 * time.Second)}, nil
		},
	}
	req, _ := http.NewRequest("GET", "http://127.0.0.1/", nil)
	require.NoError(t, b.Apply(context.Background(), req))
	require.NoError(t, b.Apply(context.Background(), req))
	assert.EqualValues(t, 1, issued.Load(), "a token with time left is reused")
	now = now.Add(45 * time.Second) // within the renewal margin of its expiry
	require.NoError(t, b.Apply(context.Background(), req))
	assert.EqualValues(t, 2, issued.Load())
}

func TestRenewingBearer_failedRenewalIsTheError(t *testing.T) {
	ts, _ := server(t, status(401, "Not Valid Token"))
	c := newClient(t, ts.URL, func(c *Config) {
		c.Auth = &RenewingBearer{Source: func(context.Context) (Token, error) {
			return Token{}, errors.New("POST /token: HTTP 401: Invalid username or password")
		}}
	})
	err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil)
	require.ErrorContains(t, err, "Invalid username or password")
}

// Regression: a failed token request was retried as if it were a connection
// error, so a wrong password cost MaxRetries more token requests and backoff
// waits (and a token endpoint's 5xx was retried twice over, nested).
func TestDo_failureToGetATokenIsNotRetried(t *testing.T) {
	ts, calls := server(t, okJSON)
	var fetches atomic.Int32
	c := newClient(t, ts.URL, func(c *Config) {
		c.BackoffBase = time.Second
		c.Auth = &RenewingBearer{Source: func(context.Context) (Token, error) {
			fetches.Add(1)
			return Token{}, errors.New("POST /token: HTTP 401: Invalid username or password")
		}}
	})
	err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil)
	require.ErrorContains(t, err, "Invalid username or password")
	assert.EqualValues(t, 1, fetches.Load(), "one token request: not retried, so no backoff either")
	assert.Zero(t, calls.Load(), "the request itself never left")
}

func TestParseBaseURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://tt.api.sellercloud.com/rest/api": true,
		"http://127.0.0.1:8089/sellercloud":       true,
		"http://localhost:8089":                   true,
		"http://[::1]:8089":                       true,
		"http://example.com/api":                  false,
		"ftp://example.com":                       false,
		"https://user:pw@example.com":             false,
		"https://example.com/?token=x":            false,
		"not a url":                               false,
	} {
		_, err := ParseBaseURL(raw)
		assert.Equal(t, ok, err == nil, raw)
	}
}

func TestNew_poolKeepsAnIdleConnectionPerConcurrentRequest(t *testing.T) {
	c := newClient(t, "https://example.com", func(c *Config) { c.Concurrency = 12 })
	tr, ok := c.http.Transport.(*http.Transport)
	require.True(t, ok)
	assert.Equal(t, 12, tr.MaxIdleConnsPerHost)
}

func TestDo_throttleSpreadsRequestsAcrossCallers(t *testing.T) {
	ts, calls := server(t, okJSON)
	c := newClient(t, ts.URL, func(c *Config) { c.RequestsPerSecond = 20 })
	start := time.Now()
	var wg sync.WaitGroup
	for range 11 {
		wg.Go(func() { assert.NoError(t, c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil)) })
	}
	wg.Wait()
	assert.EqualValues(t, 11, calls.Load())
	assert.GreaterOrEqual(t, time.Since(start), 480*time.Millisecond, "11 requests at 20/s take at least 0.5 s")
}

// Regression: the token request needs a concurrency slot too; fetching it
// while holding one deadlocked at concurrency 1.
func TestRenewingBearer_tokenFetchThroughTheSameClientAtConcurrencyOne(t *testing.T) {
	ts, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			_, _ = w.Write([]byte(`"t"`))
			return
		}
		okJSON(w, r)
	})
	bearer := &RenewingBearer{}
	c := newClient(t, ts.URL, func(c *Config) { c.Auth = bearer; c.Concurrency = 1 })
	bearer.Source = func(ctx context.Context) (Token, error) {
		var v string
		err := c.Do(ctx, Request{Method: "POST", Path: "/token", NoAuth: true, Idempotent: true}, &v)
		return Token{Value: v}, err
	}
	// A deadlock would end at this deadline instead of go test's timeout.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.NoError(t, c.Do(ctx, Request{Method: "GET", Path: "/x"}, nil))
}

func TestMarkNotFound(t *testing.T) {
	notFound := errors.New("customer not found")
	missing := &APIError{Method: "GET", Path: "/Customers/9", Status: 404, Message: "no such customer"}
	err := MarkNotFound(missing, notFound)
	require.ErrorIs(t, err, notFound)
	assert.Contains(t, err.Error(), "GET /Customers/9: HTTP 404 Not Found: no such customer")
	other := &APIError{Method: "GET", Path: "/Customers/9", Status: 500}
	assert.Same(t, other, MarkNotFound(other, notFound).(*APIError))
	assert.NoError(t, MarkNotFound(nil, notFound))
}
