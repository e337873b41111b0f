package httpclient

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type logLine struct {
	level  Level
	msg    string
	fields map[string]any
}

type captured struct {
	mu    sync.Mutex
	lines []logLine
}

func (c *captured) logger(_ context.Context, level Level, msg string, fields map[string]any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lines = append(c.lines, logLine{level, msg, fields})
}

func (c *captured) at(level Level) []logLine {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []logLine
	for _, l := range c.lines {
		if l.level == level {
			out = append(out, l)
		}
	}
	return out
}

// TestLogs_oneDebugLinePerAttemptAndWarnPerRetry: each attempt's DEBUG line
// carries method, host, path, the masked query, the page, the attempt, the
// status and the duration; the retry is a WARN line with its reason and wait.
func TestLogs_oneDebugLinePerAttemptAndWarnPerRetry(t *testing.T) {
	ts, _ := server(t, status(503, "busy"), okJSON)
	var logs captured
	c := newClient(t, ts.URL, func(c *Config) { c.Logger = logs.logger; c.Secrets = NewSecrets("k3y-in-query") })
	ctx := WithLogFields(WithPage(context.Background(), 3), map[string]any{"platform": "sellercloud"})
	q := url.Values{"model.pageNumber": {"3"}, "model.email": {"k3y-in-query"}, "api_key": {"whatever"}}
	require.NoError(t, c.Do(ctx, Request{Method: "GET", Path: "/Customers", Query: q}, nil))

	host := strings.TrimPrefix(ts.URL, "http://")
	debug := logs.at(LevelDebug)
	require.Len(t, debug, 2)
	for i, l := range debug {
		assert.Equal(t, "commerce API request", l.msg)
		assert.Equal(t, "GET", l.fields["method"])
		assert.Equal(t, host, l.fields["host"])
		assert.Equal(t, "/Customers", l.fields["path"])
		assert.Equal(t, "api_key=***&model.email=***&model.pageNumber=3", l.fields["query"])
		assert.Equal(t, 3, l.fields[FieldPage])
		assert.Equal(t, "sellercloud", l.fields["platform"])
		assert.Equal(t, i+1, l.fields["attempt"])
		assert.Contains(t, l.fields, "duration_ms")
	}
	assert.Equal(t, 503, debug[0].fields["status"])
	assert.Equal(t, 200, debug[1].fields["status"])

	warn := logs.at(LevelWarn)
	require.Len(t, warn, 1)
	assert.Equal(t, "commerce API request failed; retrying", warn[0].msg)
	assert.Equal(t, host+": GET /Customers: HTTP 503 Service Unavailable: busy", warn[0].fields["reason"])
	assert.Equal(t, "1 of 3", warn[0].fields["retry"])
	assert.Positive(t, warn[0].fields["wait_ms"])
	assert.Equal(t, 3, warn[0].fields[FieldPage])
}

func TestLogs_rateLimitWaitIsAWarning(t *testing.T) {
	ts, _ := server(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(429)
	}, okJSON)
	var logs captured
	now := time.Now()
	c := newClient(t, ts.URL, func(c *Config) { c.Logger = logs.logger; c.Now = func() time.Time { return now } })
	require.NoError(t, c.Do(WithCursorStep(context.Background(), 2), Request{Method: "GET", Path: "/customers"}, nil))
	warn := logs.at(LevelWarn)
	require.Len(t, warn, 1)
	assert.Equal(t, "commerce API rate limit: waiting before the next attempt", warn[0].msg)
	assert.Contains(t, warn[0].fields["reason"], "HTTP 429 Too Many Requests")
	assert.EqualValues(t, 100, warn[0].fields["wait_ms"])
	assert.Equal(t, "10m0s", warn[0].fields["max_rate_limit_wait"])
	assert.Equal(t, 2, warn[0].fields[FieldCursorStep])
}

// TestCountRequests counts attempts, pages, retries and rate-limit waits of
// one operation, from concurrent requests, a token request included in the
// requests but not the pages.
func TestCountRequests(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]int{}
	ts, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.RawQuery]++
		n := seen[r.URL.RawQuery]
		mu.Unlock()
		switch {
		case r.URL.Path == "/token":
			_, _ = w.Write([]byte(`"tok"`))
		case r.URL.RawQuery == "page=2" && n == 1:
			w.WriteHeader(503)
		case r.URL.RawQuery == "page=3" && n == 1:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(429)
		default:
			okJSON(w, r)
		}
	})
	bearer := &RenewingBearer{}
	c := newClient(t, ts.URL, func(c *Config) { c.Auth = bearer })
	bearer.Source = func(ctx context.Context) (Token, error) {
		var v string
		err := c.Do(ctx, Request{Method: "POST", Path: "/token", NoAuth: true, Idempotent: true}, &v)
		return Token{Value: v}, err
	}
	outer, all := CountRequests(context.Background())
	ctx, list := CountRequests(outer)
	var wg sync.WaitGroup
	for page := 1; page <= 4; page++ {
		wg.Go(func() {
			pctx := WithPage(ctx, page)
			assert.NoError(t, c.Do(pctx, Request{Method: "GET", Path: "/Customers", Query: url.Values{"page": {strconv.Itoa(page)}}}, nil))
		})
	}
	wg.Wait()
	require.NoError(t, c.Do(outer, Request{Method: "GET", Path: "/other"}, nil))
	got := list.Counts()
	assert.Equal(t, RequestCounts{Requests: 4 + 1 + 1 + 1, Pages: 4, Retries: 1, RateLimitWaits: 1, RateLimitWaited: got.RateLimitWaited}, got)
	assert.Positive(t, got.RateLimitWaited)
	assert.EqualValues(t, got.Requests+1, all.Counts().Requests, "the outer counter also counts the inner one's requests")
}

// TestLogs_tokenRequestIsTaggedAsOne: the token request that page 1 needs
// logs request=token, not page=1 (which is its own line), and is not
// counted as a page.
func TestLogs_tokenRequestIsTaggedAsOne(t *testing.T) {
	ts, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			_, _ = w.Write([]byte(`"tok"`))
			return
		}
		okJSON(w, r)
	})
	var logs captured
	bearer := &RenewingBearer{}
	c := newClient(t, ts.URL, func(c *Config) { c.Auth = bearer; c.Logger = logs.logger })
	bearer.Source = func(ctx context.Context) (Token, error) {
		var v string
		err := c.Do(ctx, Request{Method: "POST", Path: "/token", NoAuth: true, Idempotent: true}, &v)
		return Token{Value: v}, err
	}
	ctx, counter := CountRequests(context.Background())
	require.NoError(t, c.Do(WithPage(ctx, 1), Request{Method: "GET", Path: "/Customers"}, nil))
	debug := logs.at(LevelDebug)
	require.Len(t, debug, 2)
	token, page := debug[0], debug[1]
	assert.Equal(t, "/token", token.fields["path"])
	assert.Equal(t, "token", token.fields[FieldRequest])
	assert.NotContains(t, token.fields, FieldPage)
	assert.Equal(t, "/Customers", page.fields["path"])
	assert.Equal(t, 1, page.fields[FieldPage])
	assert.NotContains(t, page.fields, FieldRequest)
	assert.Equal(t, RequestCounts{Requests: 2, Pages: 1}, counter.Counts())
}

// TestLogs_throttleWaits: a wait for the client-side throttle is a DEBUG
// line, and an INFO line when it is longer than a second; a request that
// does not wait logs none. The clock stands still, so the waits are exactly
// 1/rate.
func TestLogs_throttleWaits(t *testing.T) {
	ts, _ := server(t, okJSON)
	now := time.Now()
	for _, tc := range []struct {
		rps   float64
		level Level
		wait  int64
	}{{20, LevelDebug, 50}, {0.8, LevelInfo, 1250}} {
		var logs captured
		c := newClient(t, ts.URL, func(c *Config) {
			c.Logger, c.RequestsPerSecond, c.Now = logs.logger, tc.rps, func() time.Time { return now }
		})
		for range 2 {
			require.NoError(t, c.Do(context.Background(), Request{Method: "GET", Path: "/Customers"}, nil))
		}
		var waits []logLine
		for _, l := range logs.lines {
			if strings.HasPrefix(l.msg, "commerce API throttle") {
				waits = append(waits, l)
			}
		}
		require.Len(t, waits, 1, "rate %v: the second request waits, the first does not", tc.rps)
		assert.Equal(t, tc.level, waits[0].level, "rate %v", tc.rps)
		assert.Equal(t, "commerce API throttle: waiting before sending", waits[0].msg)
		assert.Equal(t, tc.wait, waits[0].fields["wait_ms"], "rate %v", tc.rps)
		assert.Equal(t, tc.rps, waits[0].fields["max_requests_per_second"])
		assert.Equal(t, "/Customers", waits[0].fields["path"])
	}
}
