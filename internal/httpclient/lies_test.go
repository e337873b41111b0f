package httpclient

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Unit tests of the HTTP layer against answers that are well-formed but
// wrong (issue 19): escape sequences in a server's text, waits that
// overflow, idempotency keys across a body that breaks off, ids escaped
// twice, HTML answers, and the memory of masking huge tokens.

// escapes are the sequences a hostile server's text carried in issue 19:
// erase the line and fake Terraform's success, set the window title, write
// the clipboard (OSC 52), a C1 CSI, a bare CR, DEL and a bidi override.
const escapes = "\x1b[2K\r\x1b[32mApply complete!\x1b[0m \x1b]0;pwned\x07 \x1b]52;c;ZWNobyBwd25lZA==\x07 \u009b31m \x7f \u202e"

// assertNoControl fails when text holds a character that could steer a
// terminal (Sanitize's set).
func assertNoControl(t *testing.T, text string) {
	t.Helper()
	for _, r := range text {
		if r == '\n' || r == '\t' {
			continue
		}
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			assert.Failf(t, "a control character reached the text", "%U in %q", r, text)
			return
		}
	}
}

func TestSanitize(t *testing.T) {
	assert.Equal(t, "plain text\nwith a tab\tand ünïcode", Sanitize("plain text\nwith a tab\tand ünïcode"), "nothing to replace")
	got := Sanitize(escapes)
	assertNoControl(t, got)
	assert.Equal(t, "�[2K��[32mApply complete!�[0m �]0;pwned� �]52;c;ZWNobyBwd25lZA==� �31m � �", got)
	assert.Equal(t, "a�b", Sanitize("a\x9bb"), "a byte that is not UTF-8 (a lone CSI)")
	assert.Equal(t, "���", Sanitize("\x00\x1f\r"), "C0 and CR")
}

func TestSecrets_cleanMasksThenReplacesThenCuts(t *testing.T) {
	s := NewSecrets("tok\x01secret")
	assert.Equal(t, "token *** gone�", s.Clean("token tok\x01secret gone\x1b"), "a secret with a control character is masked whole")
	long := s.CleanMessage(strings.Repeat("\x1b", 2000))
	assert.Equal(t, maxMessageLen+1, len([]rune(long)), "cut after cleaning")
}

// TestDo_serverTextCannotSteerTheTerminal: escape sequences in an error
// body reach neither the error nor a log line; the message is still there.
// (Go's transport refuses a header with a control character itself.)
func TestDo_serverTextCannotSteerTheTerminal(t *testing.T) {
	ts, _ := server(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "1e10")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"message":"slow down ` + strings.ReplaceAll(escapes, "\x1b", `\u001b`) + `"}`))
	})
	var mu sync.Mutex
	var lines []string
	c := newClient(t, ts.URL, func(c *Config) {
		c.Logger = func(_ context.Context, _ Level, msg string, f map[string]any) {
			mu.Lock()
			defer mu.Unlock()
			lines = append(lines, msg+fmt.Sprint(f))
		}
		c.ErrorMessage = func(body []byte) string { return string(body) }
	})
	err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "slow down")
	assertNoControl(t, err.Error())
	mu.Lock()
	defer mu.Unlock()
	require.NotEmpty(t, lines)
	for _, l := range lines {
		assertNoControl(t, l)
	}
}

func TestResetFromHeaders_clampsEveryNumber(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	type want struct {
		at     time.Duration // after now
		beyond bool
	}
	for header, w := range map[string]want{
		"Retry-After: 30":                            {at: 30 * time.Second},
		"Retry-After: 1.5":                           {at: 1500 * time.Millisecond},
		"Retry-After: 0":                             {at: 0},
		"Retry-After: -7":                            {at: 0},
		"Retry-After: 1e10":                          {beyond: true},
		"Retry-After: 1e400":                         {beyond: true},
		"Retry-After: inf":                           {beyond: true},
		"Retry-After: NaN":                           {beyond: true},
		"Retry-After: Sun, 01 Jun 2025 11:00:00 GMT": {at: -time.Hour},
		"Retry-After: Sun, 01 Jun 2025 12:00:10 GMT": {at: 10 * time.Second},
		"Ratelimit-Reset: 5":                         {at: 5 * time.Second},
		"X-Ratelimit-Reset: 999999999":               {at: 999999999 * time.Second},
		"X-Ratelimit-Reset: 1748779205":              {at: 5 * time.Second}, // a Unix time
		"X-Ratelimit-Reset: 1000000001":              {at: time.Unix(1000000001, 0).Sub(now)},
		"Ratelimit-Reset: 1e18":                      {beyond: true},
		"Ratelimit-Reset: -inf":                      {at: 0},
	} {
		name, value, _ := strings.Cut(header, ": ")
		r, ok := ResetFromHeaders(http.Header{name: {value}}, now)
		require.True(t, ok, header)
		assert.Equal(t, w.beyond, r.Beyond, header)
		if !w.beyond {
			assert.Equal(t, w.at, r.At.Sub(now), header)
		}
		assert.Equal(t, header, r.Said)
	}
	_, ok := ResetFromHeaders(http.Header{"Retry-After": {"soon"}}, now)
	assert.False(t, ok, "an unreadable value is no reset (the default wait applies)")
}

// TestDo_rateLimitWaitsAreClamped: whatever a 429 says, the client waits
// at least a second, at most max_rate_limit_wait in all, and gives up at
// once (one request) on a wait it cannot do, naming it.
func TestDo_rateLimitWaitsAreClamped(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		header, value string
		requests      int
		waits         []time.Duration
		gaveUp        string
	}{
		{"Retry-After", "1e10", 1, nil, "a wait past any limit (Retry-After: 1e10)"},
		{"Retry-After", "inf", 1, nil, "a wait past any limit (Retry-After: inf)"},
		{"Retry-After", "NaN", 1, nil, "a wait past any limit (Retry-After: NaN)"},
		{"Ratelimit-Reset", "9223372036854775807", 1, nil, "a wait past any limit (Ratelimit-Reset: 9223372036854775807)"},
		{"Retry-After", "3600", 1, nil, "a wait of 1h0m0s (Retry-After: 3600)"},
		{"X-Ratelimit-Reset", "1748786400", 1, nil, "a wait of 2h0m0s (X-Ratelimit-Reset: 1748786400)"},
		{"Retry-After", "0", 2, []time.Duration{time.Second}, ""},
		{"Retry-After", "Sun, 01 Jun 2025 11:00:00 GMT", 2, []time.Duration{time.Second}, ""},
		{"X-Ratelimit-Reset", "1748779200", 2, []time.Duration{time.Second}, ""}, // now, as a Unix time
		{"Retry-After", "2", 2, []time.Duration{2*time.Second + rateLimitSlack}, ""},
	} {
		t.Run(tc.header+"="+tc.value, func(t *testing.T) {
			limited := func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set(tc.header, tc.value)
				w.WriteHeader(http.StatusTooManyRequests)
			}
			ts, calls := server(t, limited, okJSON)
			c := newClient(t, ts.URL, func(c *Config) { c.Now = func() time.Time { return now } })
			waits := recordWaits(c)
			err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil)
			assert.EqualValues(t, tc.requests, calls.Load())
			assert.Equal(t, tc.waits, waits())
			if tc.gaveUp == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), "gave up without waiting: the server asks for "+tc.gaveUp+", past max_rate_limit_wait (10m0s; 0s waited before)")
		})
	}
}

// TestDo_farResetTimeGivesUpAtOnce: a reset time in the year 9999 (a
// platform's RateLimitResetTime) is a wait of about 292 years once
// saturated; adding the slack to it wrapped into the past, and the client
// asked again at once, thousands of times. It gives up at once instead.
func TestDo_farResetTimeGivesUpAtOnce(t *testing.T) {
	ts, calls := server(t, status(http.StatusTooManyRequests, `{"RateLimitResetTime":"9999-12-31T23:59:59Z"}`))
	c := newClient(t, ts.URL, func(c *Config) {
		c.RateLimitReset = func([]byte) (Reset, bool) {
			return ResetAt(time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), "RateLimitResetTime", "9999-12-31T23:59:59Z"), true
		}
	})
	waits := recordWaits(c)
	err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil)
	require.Error(t, err)
	assert.EqualValues(t, 1, calls.Load())
	assert.Empty(t, waits())
	assert.Contains(t, err.Error(), "gave up without waiting: the server asks for a wait past any limit (RateLimitResetTime: 9999-12-31T23:59:59Z)")
}

// TestDo_pastResetsStillWaitASecondEach: a server whose every 429 says
// "reset now" costs at most one request a second, until
// max_rate_limit_wait; not one every 100 ms.
func TestDo_pastResetsStillWaitASecondEach(t *testing.T) {
	ts, calls := server(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	c := newClient(t, ts.URL, func(c *Config) { c.MaxRateLimitWait = time.Minute })
	waits := recordWaits(c)
	err := c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil)
	require.Error(t, err)
	assert.EqualValues(t, 61, calls.Load(), "60 waits of a second fit a minute")
	assert.Len(t, waits(), 60)
	assert.Contains(t, err.Error(), "gave up without waiting: the server asks for a wait of 1s (Retry-After: 0), past max_rate_limit_wait (1m0s; 1m0s waited before)")
}

// breakAfterHeaders answers 200 with a Content-Length it never reaches: the
// body breaks off after the status line and a few bytes.
func breakAfterHeaders(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Length", "1000")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(`{"customerId":"10`))
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err == nil {
		_ = buf.Flush()
		_ = conn.Close()
	}
}

// TestDo_idempotencyKeyLivesUntilTheWholeBodyIsRead: a PATCH whose 200
// breaks off mid-body, or stalls past the attempt's timeout, is retried
// under the same key; so is one answered 500 (the outcome is unknown). A
// 429 and a 400 settle the outcome: the next attempt gets a new key. A
// read's 500 does too (the API would replay the 500).
func TestDo_idempotencyKeyLivesUntilTheWholeBodyIsRead(t *testing.T) {
	stall := func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"customerId":`))
		http.NewResponseController(w).Flush()
		<-r.Context().Done()
	}
	limited := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusTooManyRequests)
	}
	for _, tc := range []struct {
		name    string
		method  string
		first   http.HandlerFunc
		sameKey bool
	}{
		{"PATCH, body broke off", http.MethodPatch, breakAfterHeaders, true},
		{"PATCH, body stalled", http.MethodPatch, stall, true},
		{"PATCH, 500", http.MethodPatch, status(500, `{"message":"internal"}`), true},
		{"PATCH, 429", http.MethodPatch, limited, false},
		{"GET, body broke off", http.MethodGet, breakAfterHeaders, true},
		{"GET, 500", http.MethodGet, status(500, `{"message":"internal"}`), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var keys []string
			record := func(r *http.Request) {
				mu.Lock()
				keys = append(keys, r.Header.Get("X-Correlation-Id"))
				mu.Unlock()
			}
			ts, calls := server(t,
				func(w http.ResponseWriter, r *http.Request) { record(r); tc.first(w, r) },
				func(w http.ResponseWriter, r *http.Request) { record(r); okJSON(w, r) })
			c := newClient(t, ts.URL, func(c *Config) {
				c.IdempotencyKeyHeader = "X-Correlation-Id"
				c.Timeout = time.Second
			})
			recordWaits(c)
			require.NoError(t, c.Do(context.Background(), Request{Method: tc.method, Path: "/v3/customers/1", Body: map[string]string{}, Idempotent: true}, nil))
			require.EqualValues(t, 2, calls.Load())
			mu.Lock()
			defer mu.Unlock()
			require.Len(t, keys, 2)
			assert.NotEmpty(t, keys[0])
			assert.Equal(t, tc.sameKey, keys[0] == keys[1], "keys %v", keys)
		})
	}
}

// TestDo_writeWithoutAKeyIsNotResent: a POST without an idempotency key
// whose answer broke off is not sent again; the error says its outcome is
// unknown.
func TestDo_writeWithoutAKeyIsNotResent(t *testing.T) {
	ts, calls := server(t, breakAfterHeaders, okJSON)
	err := newClient(t, ts.URL).Do(context.Background(), Request{Method: http.MethodPost, Path: "/customers", Body: map[string]string{}}, nil)
	require.Error(t, err)
	assert.EqualValues(t, 1, calls.Load())
	assert.True(t, OutcomeUnknown(err))
	assert.Contains(t, err.Error(), "the outcome is unknown")
}

// TestDo_eachSegmentIsEscapedOnce: an id escaped by its caller reaches the
// server escaped once (a/b as a%2Fb, kundé as kund%C3%A9), under a base path
// that is kept; "." and ".." segments are refused before anything is sent.
func TestDo_eachSegmentIsEscapedOnce(t *testing.T) {
	var got []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.RequestURI)
		okJSON(w, r)
	}))
	t.Cleanup(ts.Close)
	c := newClient(t, ts.URL+"/rest/api")
	for _, id := range []string{"a/b", "kundé", "50%", "a b", "x?y#z"} {
		require.NoError(t, c.Do(context.Background(), Request{Method: "GET", Path: "/customers/" + url.PathEscape(id)}, nil), id)
	}
	assert.Equal(t, []string{"/rest/api/customers/a%2Fb", "/rest/api/customers/kund%C3%A9", "/rest/api/customers/50%25",
		"/rest/api/customers/a%20b", "/rest/api/customers/x%3Fy%23z"}, got)
	for _, id := range []string{".", "..", "%2E%2E", "%2e"} {
		err := c.Do(context.Background(), Request{Method: "GET", Path: "/customers/" + id}, nil)
		require.Error(t, err, id)
		assert.Contains(t, err.Error(), "segment, which would name another resource")
	}
	assert.Len(t, got, 5, "nothing sent for a dot segment")
}

// TestDo_htmlAnswersSaySo: a 200 maintenance page, a 502 error page and a
// page labelled JSON but holding HTML are reported as HTML with their
// status, content type and title, not as a JSON decoder's message.
func TestDo_htmlAnswersSaySo(t *testing.T) {
	page := "<!DOCTYPE html><html><head><title>Down for\n maintenance\x1b[2J</title></head><body>back soon</body></html>"
	html := func(code int, ct string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", ct)
			w.WriteHeader(code)
			_, _ = w.Write([]byte(page))
		}
	}
	for _, tc := range []struct {
		handler http.HandlerFunc
		want    string
	}{
		{html(200, "text/html; charset=utf-8"), `GET /x: the server answered HTML (HTTP 200 OK, Content-Type: text/html; charset=utf-8), not JSON: its title is "Down for maintenance�[2J"`},
		{html(200, "application/json"), `GET /x: the server answered HTML (HTTP 200 OK, Content-Type: application/json), not JSON`},
		{html(502, "text/html"), `GET /x: HTTP 502 Bad Gateway: the server answered HTML (HTTP 502 Bad Gateway, Content-Type: text/html), not JSON: its title is "Down for maintenance�[2J"`},
	} {
		ts, calls := server(t, tc.handler)
		var out map[string]any
		err := newClient(t, ts.URL, func(c *Config) { c.MaxRetries = 0 }).Do(context.Background(), Request{Method: "GET", Path: "/x"}, &out)
		require.Error(t, err)
		assert.Contains(t, err.Error(), tc.want)
		assert.NotContains(t, err.Error(), "invalid character")
		assertNoControl(t, err.Error())
		assert.EqualValues(t, 1, calls.Load(), "an HTML 200 is final")
	}
	// JSON labelled text/html is still JSON.
	ts, _ := server(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(`{"ok":true}`))
	})
	var out struct{ OK bool }
	require.NoError(t, newClient(t, ts.URL).Do(context.Background(), Request{Method: "GET", Path: "/x"}, &out))
	assert.True(t, out.OK)
}

func TestDescribe(t *testing.T) {
	for body, want := range map[string]string{
		``:     "it is empty",
		`null`: "it is null",
		`{}`:   "it is an empty object",
		`[]`:   "it is an array, not an object",
		`"x"`:  "it is a string, not an object",
		`42`:   "it is not a JSON object",
		`{"status":"down","message":"maintenance"}`:                     `its keys are "message", "status"`,
		`{"a":1,"b":1,"c":1,"d":1,"e":1,"f":1,"g":1,"h":1,"i":1,"j":1}`: `its keys are "a", "b", "c", "d", "e", "f", "g", "h" and 2 more`,
		`{"\u001b[2J":1}`: `its keys are "\x1b[2J"`,
	} {
		assert.Equal(t, want, Describe([]byte(body)), body)
	}
}

func TestStringOrNumber_oneSpellingPerNumber(t *testing.T) {
	for body, want := range map[string]string{
		`1500`: "1500", `1500.0`: "1500", `1.5e3`: "1500", `15E+2`: "1500", `150000e-2`: "1500", `-0.0`: "0",
		`0`: "0", `1006374020`: "1006374020", `1e30`: "1000000000000000000000000000000", `"1500.0"`: "1500.0", `" 42 "`: " 42 ",
	} {
		var v StringOrNumber
		require.NoError(t, v.UnmarshalJSON([]byte(body)), body)
		assert.Equal(t, want, string(v), body)
	}
	for _, body := range []string{`1500.5`, `1e-3`, `1e100000`, `{}`} {
		var v StringOrNumber
		assert.Error(t, v.UnmarshalJSON([]byte(body)), body)
	}
}

// TestSecrets_maskingMemoryIsBounded: issued tokens of the largest size
// accepted, with every character escaped in every spelling, keep the masked
// forms under a fixed cap; the newest token is always masked.
func TestSecrets_maskingMemoryIsBounded(t *testing.T) {
	s := NewSecrets("configured-secret")
	for i := range 2 * maxIssued {
		s.AddIssued(fmt.Sprintf("%02d", i) + strings.Repeat(`<&>"\`, MaxTokenBytes/5))
	}
	total := 0
	for _, f := range s.List() {
		total += len(f)
	}
	assert.LessOrEqual(t, total, maxIssuedFormBytes+64, "spellings of issued tokens within the cap")
	newest := fmt.Sprintf("%02d", 2*maxIssued-1) + strings.Repeat(`<&>"\`, MaxTokenBytes/5)
	assert.Equal(t, "***", s.Mask(newest))
	assert.Equal(t, "***", s.Mask("configured-secret"))
}

// TestRenewingBearer_hugeTokensKeepMemoryBounded: a token endpoint that
// issues 8 MiB tokens (legal under the 16 MiB body limit) 20 times costs
// little memory: each is refused, none is masked.
func TestRenewingBearer_hugeTokensKeepMemoryBounded(t *testing.T) {
	huge := strings.Repeat(`<&>"`, 2<<20)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range 20 {
		bearer := &RenewingBearer{Source: func(context.Context) (Token, error) { return Token{Value: huge}, nil }}
		bearer.adoptSecrets(NewSecrets())
		_, err := bearer.current(context.Background())
		require.ErrorContains(t, err, "more than the 64 KiB a token may have")
		assert.Empty(t, bearer.secrets.List())
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	assert.Less(t, int64(after.HeapAlloc)-int64(before.HeapAlloc), int64(64<<20), "heap grew less than 64 MiB")
}
