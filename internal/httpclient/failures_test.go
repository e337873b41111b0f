package httpclient

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDo_noSuchHostIsFinal: a host that does not resolve is not retried; the
// error names the host and the settings that name it.
func TestDo_noSuchHostIsFinal(t *testing.T) {
	var dials atomic.Int32
	transport := cleanhttp.DefaultPooledTransport()
	transport.DialContext = func(_ context.Context, _, addr string) (net.Conn, error) {
		dials.Add(1)
		host, _, _ := net.SplitHostPort(addr)
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	c := newClient(t, "https://no-such-tenant.api.example.test/rest/api", func(c *Config) {
		c.Transport = transport
		c.MaxRetries = 5
		c.BackoffBase = time.Second
		c.HostHint = "check server_id (COMMERCE_SERVER_ID) or base_url (COMMERCE_BASE_URL)"
	})
	err := c.Do(context.Background(), Request{Method: "GET", Path: "/Customers"}, nil)
	require.Error(t, err)
	assert.Equal(t, `no-such-tenant.api.example.test: GET /Customers: cannot resolve host "no-such-tenant.api.example.test" (no such host); `+
		"check server_id (COMMERCE_SERVER_ID) or base_url (COMMERCE_BASE_URL)", err.Error())
	assert.EqualValues(t, 1, dials.Load(), "one attempt")
}

// countingAuth is a static credential that counts how often it is applied,
// which is once per attempt.
type countingAuth struct {
	Headers
	applied atomic.Int32
}

func (a *countingAuth) Apply(ctx context.Context, req *http.Request) error {
	a.applied.Add(1)
	return a.Headers.Apply(ctx, req)
}

// TestDo_headerValueWithLineBreakIsFinal: a token with CR/LF is refused
// before anything is sent, once, naming the header but not its value.
func TestDo_headerValueWithLineBreakIsFinal(t *testing.T) {
	ts, calls := server(t, okJSON)
	auth := &countingAuth{Headers: Headers{"Authorization": "Bearer abc\r\nX-Injected: 1"}}
	c := newClient(t, ts.URL, func(c *Config) { c.Auth = auth; c.MaxRetries = 5; c.CredentialHint = "check token (COMMERCE_TOKEN)" })
	err := c.Do(context.Background(), Request{Method: "GET", Path: "/Customers"}, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "GET /Customers: the Authorization header's value contains a line break or another control character, "+
		"which HTTP does not allow; check token (COMMERCE_TOKEN)")
	assert.NotContains(t, err.Error(), "X-Injected")
	assert.NotContains(t, err.Error(), "abc")
	assert.EqualValues(t, 1, auth.applied.Load(), "one attempt, no retry")
	assert.Zero(t, calls.Load(), "nothing was sent")
}

// sellercloudThrottle is the hook Sellercloud's client sets.
func sellercloudThrottle(status int, body []byte) bool {
	var e struct{ Error string }
	return status == http.StatusConflict && json.Unmarshal(body, &e) == nil && e.Error == "Too many requests."
}

func resetFromBody(body []byte) (Reset, bool) {
	var v struct{ RateLimitResetTime time.Time }
	if json.Unmarshal(body, &v) != nil || v.RateLimitResetTime.IsZero() {
		return Reset{}, false
	}
	return ResetAt(v.RateLimitResetTime, "RateLimitResetTime", v.RateLimitResetTime.Format(time.RFC3339Nano)), true
}

// TestDo_platformRateLimitSignal: a 409 with Sellercloud's throttle body is
// waited out until its reset, like a 429; a 409 without it is an error.
func TestDo_platformRateLimitSignal(t *testing.T) {
	now := time.Date(2025, 1, 14, 9, 38, 0, 0, time.UTC)
	throttled := func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusConflict)
		_, _ = fmt.Fprintf(w, `{"Error":"Too many requests.","RateLimitResetTime":%q}`, now.Add(300*time.Millisecond).Format("2006-01-02T15:04:05.0000000Z"))
	}
	var mu sync.Mutex
	var waits []map[string]any
	configure := func(c *Config) {
		c.Now = func() time.Time { return now }
		c.RateLimited = sellercloudThrottle
		c.RateLimitReset = resetFromBody
		c.Logger = func(_ context.Context, level Level, _ string, f map[string]any) {
			if level == LevelWarn {
				mu.Lock()
				waits = append(waits, f)
				mu.Unlock()
			}
		}
	}
	ts, calls := server(t, throttled, okJSON)
	ctx, counter := CountRequests(context.Background())
	c := newClient(t, ts.URL, configure)
	slept := recordWaits(c)
	require.NoError(t, c.Do(ctx, Request{Method: "PUT", Path: "/Customers/7", Body: map[string]string{}}, nil))
	assert.EqualValues(t, 2, calls.Load())
	require.Len(t, waits, 1)
	assert.EqualValues(t, 1000, waits[0]["wait_ms"], "the reset is 300 ms ahead: at least a second")
	assert.Equal(t, []time.Duration{time.Second}, slept())
	assert.Regexp(t, `PUT /Customers/7: HTTP 409 Conflict: .*Too many requests.* \(rate limited; the limit resets at 2025-01-14T09:38:00Z\)`, waits[0]["reason"])
	assert.Equal(t, RequestCounts{Requests: 2, RateLimitWaits: 1, RateLimitWaited: time.Second}, counter.Counts())

	ts, calls = server(t, status(http.StatusConflict, `{"Message":"The customer was changed by someone else"}`), okJSON)
	err := newClient(t, ts.URL, configure).Do(context.Background(), Request{Method: "PUT", Path: "/Customers/7", Body: map[string]string{}}, nil)
	require.ErrorContains(t, err, "PUT /Customers/7: HTTP 409 Conflict")
	assert.NotContains(t, err.Error(), "rate limited")
	assert.EqualValues(t, 1, calls.Load())
}

// TestOutcomeUnknown: only a write that reached the server and got a 5xx or
// no answer has an unknown outcome.
func TestOutcomeUnknown(t *testing.T) {
	// Reading the body first lets the server notice the client hang up.
	stall := func(w http.ResponseWriter, r *http.Request) { _, _ = io.Copy(io.Discard, r.Body); <-r.Context().Done() }
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	for name, tc := range map[string]struct {
		handler http.HandlerFunc
		url     string
		req     Request
		unknown bool
	}{
		"PUT answered 500":                  {handler: status(500, "oops"), req: Request{Method: "PUT", Path: "/c/1"}, unknown: true},
		"PATCH answered 503":                {handler: status(503, "busy"), req: Request{Method: "PATCH", Path: "/c/1"}, unknown: true},
		"POST answered 502":                 {handler: status(502, "bad gateway"), req: Request{Method: "POST", Path: "/c"}, unknown: true},
		"PUT timed out after it was sent":   {handler: stall, req: Request{Method: "PUT", Path: "/c/1"}, unknown: true},
		"PUT refused with 400":              {handler: status(400, "bad"), req: Request{Method: "PUT", Path: "/c/1"}},
		"PUT to a closed port (never sent)": {url: dead.URL, req: Request{Method: "PUT", Path: "/c/1"}},
		"GET answered 500":                  {handler: status(500, "oops"), req: Request{Method: "GET", Path: "/c/1"}},
		"token POST answered 500":           {handler: status(500, "oops"), req: Request{Method: "POST", Path: "/token", Idempotent: true, NoAuth: true}},
	} {
		t.Run(name, func(t *testing.T) {
			url := tc.url
			if url == "" {
				ts, _ := server(t, tc.handler)
				url = ts.URL
			}
			c := newClient(t, url, func(c *Config) { c.MaxRetries = 1; c.Timeout = 100 * time.Millisecond })
			tc.req.Body = map[string]string{"Comments": "x"}
			err := c.Do(context.Background(), tc.req, nil)
			require.Error(t, err)
			assert.Equal(t, tc.unknown, OutcomeUnknown(err), err.Error())
			assert.Equal(t, tc.unknown, strings.Contains(err.Error(), "the outcome is unknown"), err.Error())
		})
	}
}

// TestErrors_nameTheHostHintAndAttempts: HTTP errors name the host; a 401
// or 403 says which settings supply the credential; an error that exhausted
// the retries says how many attempts were made.
func TestErrors_nameTheHostHintAndAttempts(t *testing.T) {
	hint := func(c *Config) { c.CredentialHint = "check token (COMMERCE_TOKEN)"; c.MaxRetries = 2 }
	for code, want := range map[int]string{
		401: ": GET /x: HTTP 401 Unauthorized: Not Valid Token; check token (COMMERCE_TOKEN)",
		403: ": GET /x: HTTP 403 Forbidden: Not Valid Token; check token (COMMERCE_TOKEN)",
		404: ": GET /x: HTTP 404 Not Found: Not Valid Token",
		503: ": GET /x: HTTP 503 Service Unavailable: Not Valid Token (after 3 attempts)",
	} {
		ts, _ := server(t, status(code, "Not Valid Token"))
		err := newClient(t, ts.URL, hint).Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil)
		require.Error(t, err)
		assert.Equal(t, strings.TrimPrefix(ts.URL, "http://")+want, err.Error())
	}

	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	err := newClient(t, dead.URL, hint).Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil)
	require.Error(t, err)
	assert.Regexp(t, `^127\.0\.0\.1:\d+: GET /x: .*connection refused \(after 3 attempts\)$`, err.Error())

	ts, _ := server(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	err = newClient(t, ts.URL, hint, func(c *Config) { c.Timeout = 50 * time.Millisecond }).Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil)
	require.Error(t, err)
	assert.Regexp(t, `^127\.0\.0\.1:\d+: GET /x: attempt timed out after 50ms: .* \(after 3 attempts\)$`, err.Error())
}

// TestParseBaseURL_loopbackMeansALiteralLoopbackHost: http:// only for a
// literal loopback IP or localhost, never for a name that looks like one.
func TestParseBaseURL_loopbackMeansALiteralLoopbackHost(t *testing.T) {
	for raw, ok := range map[string]bool{
		"http://127.0.0.1:8089":                true,
		"http://127.1.2.3":                     true,
		"http://localhost:8089/sellercloud":    true,
		"http://LOCALHOST":                     true,
		"http://[::1]:8089":                    true,
		"http://127.0.0.1.example.test/api":    false,
		"http://127.0.0.1.nip.io:8089":         false,
		"http://localhost.example.test":        false,
		"http://127.evil.example":              false,
		"http://0x7f.0.0.1":                    false,
		"http://10.0.0.1":                      false,
		"https://127.0.0.1.example.test/api":   true,
		"https://api.example.test/#frag":       false,
		"http://user:pw@127.0.0.1:8089/rest":   false,
		"http://example.com@127.0.0.1.x.test/": false,
	} {
		_, err := ParseBaseURL(raw)
		if assert.Equal(t, ok, err == nil, raw) && err != nil && strings.HasPrefix(raw, "http://") && !strings.Contains(raw, "@") {
			assert.Contains(t, err.Error(), LoopbackRule, raw)
		}
	}
}

// TestRenewingBearer_marginIsProportionalToTheLifetime: with 2-minute
// tokens, many requests within a lifetime share one token, and token
// requests grow with time (one per half-lifetime, at most 60 s ahead), not
// with requests.
func TestRenewingBearer_marginIsProportionalToTheLifetime(t *testing.T) {
	var mu sync.Mutex
	clock := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	advance := func(d time.Duration) { mu.Lock(); clock = clock.Add(d); mu.Unlock() }
	var issued atomic.Int32
	ts, calls := server(t, okJSON)
	bearer := &RenewingBearer{Now: now, Source: func(context.Context) (Token, error) {
		n := issued.Add(1)
		return Token{Value: fmt.Sprintf("token-%d", n), Expires: now().Add(2 * time.Minute)}, nil
	}}
	c := newClient(t, ts.URL, func(c *Config) { c.Auth = bearer })
	get := func() { require.NoError(t, c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil)) }

	for range 100 { // 100 requests within 59.4 s of the first token's life
		get()
		advance(594 * time.Millisecond)
	}
	assert.EqualValues(t, 1, issued.Load(), "one token request for 100 requests within one lifetime")
	advance(2 * time.Minute) // past the token's lifetime
	get()
	assert.EqualValues(t, 2, issued.Load(), "one more after the lifetime")

	for range 1000 { // 10 minutes of steady requests, one every 600 ms
		advance(600 * time.Millisecond)
		get()
	}
	assert.InDelta(t, 2+10, issued.Load(), 1, "about one token per minute of half-lifetime, not one per request")
	assert.EqualValues(t, 1101, calls.Load())
}

// TestRenewingBearer_lifetimeIsClamped: whatever expiry a token endpoint
// states, a run asks for few tokens: an expiry of 10^10 seconds (which once
// wrapped into the past), in the past, or a second away is taken as at most
// a day and at least a minute; a token that really dies sooner is renewed
// after its 401.
func TestRenewingBearer_lifetimeIsClamped(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, expires := range map[string]time.Time{
		"10^10 seconds":  start.Add(time.Duration(math.MaxInt64)),
		"in the past":    start.Add(-time.Hour),
		"a second away":  start.Add(time.Second),
		"a year away":    start.AddDate(1, 0, 0),
		"at fetch time":  start,
		"never (absent)": {},
	} {
		t.Run(name, func(t *testing.T) {
			var mu sync.Mutex
			clock := start
			now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
			var issued atomic.Int32
			bearer := &RenewingBearer{Now: now, Source: func(context.Context) (Token, error) {
				issued.Add(1)
				return Token{Value: "token-value", Expires: expires}, nil
			}}
			ts, _ := server(t, okJSON)
			c := newClient(t, ts.URL, func(c *Config) { c.Auth = bearer })
			for range 200 { // 20 s of requests
				require.NoError(t, c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil))
				mu.Lock()
				clock = clock.Add(100 * time.Millisecond)
				mu.Unlock()
			}
			assert.EqualValues(t, 1, issued.Load())
		})
	}
	var e ExpiresIn
	for body, want := range map[string]time.Duration{
		`3600`: time.Hour, `"3600"`: time.Hour, `" 1800 "`: 30 * time.Minute, `1e10`: 24 * time.Hour, `1e400`: 24 * time.Hour, `"inf"`: 24 * time.Hour,
		`0`: 0, `-5`: 0, `"NaN"`: 0, `"soon"`: 0, `null`: 0, `{}`: 0,
	} {
		require.NoError(t, json.Unmarshal([]byte(body), &e), body)
		got := e.Expires(start)
		if want == 0 {
			assert.True(t, got.IsZero(), body)
		} else {
			assert.Equal(t, want, got.Sub(start), body)
		}
	}
}

// TestRenewingBearer_tokenOverTheLimitIsRefusedOnce: an access token over
// 64 KiB is refused with an error that says so, is never masked or sent,
// and the endpoint is not asked again.
func TestRenewingBearer_tokenOverTheLimitIsRefusedOnce(t *testing.T) {
	var issued atomic.Int32
	huge := strings.Repeat("A", 8<<20)
	bearer := &RenewingBearer{Source: func(context.Context) (Token, error) {
		issued.Add(1)
		return Token{Value: huge}, nil
	}}
	ts, calls := server(t, okJSON)
	c := newClient(t, ts.URL, func(c *Config) { c.Auth = bearer })
	for range 3 {
		err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "GET /x: the token endpoint issued an access token of 8388608 bytes, more than the 64 KiB a token may have")
	}
	assert.EqualValues(t, 1, issued.Load(), "asked once")
	assert.Zero(t, calls.Load(), "no request left with it")
	assert.Empty(t, c.cfg.Secrets.List(), "nothing of it kept for masking")
}

func TestRenewMargin(t *testing.T) {
	assert.Equal(t, time.Second, renewMargin(2*time.Second))
	assert.Equal(t, 45*time.Second, renewMargin(90*time.Second))
	assert.Equal(t, 60*time.Second, renewMargin(24*time.Hour))
	assert.Equal(t, time.Duration(0), renewMargin(-time.Second))
}
