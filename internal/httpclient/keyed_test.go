package httpclient

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keysSeen wraps handlers so that each records the X-Correlation-Id it got.
func keysSeen(handlers ...http.HandlerFunc) ([]http.HandlerFunc, func() []string) {
	var mu sync.Mutex
	var keys []string
	out := make([]http.HandlerFunc, len(handlers))
	for i, h := range handlers {
		out[i] = func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			keys = append(keys, r.Header.Get("X-Correlation-Id"))
			mu.Unlock()
			h(w, r)
		}
	}
	return out, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), keys...) }
}

func keyedClient(t *testing.T, url string) *Client {
	t.Helper()
	c := newClient(t, url, func(c *Config) { c.IdempotencyKeyHeader = "X-Correlation-Id" })
	recordWaits(c)
	return c
}

// TestDoKeyed_aCreateKeepsTheCallersKey: a POST carrying its caller's key is
// a write the API deduplicates: retried after a 500 and after an answer
// that broke off, under the caller's key each time (a new key would create
// a second object), and DoKeyed names that key with the answer.
func TestDoKeyed_aCreateKeepsTheCallersKey(t *testing.T) {
	handlers, keys := keysSeen(status(500, `{"message":"internal"}`), breakAfterHeaders, okJSON)
	ts, calls := server(t, handlers...)
	body, key, err := keyedClient(t, ts.URL).DoKeyed(context.Background(),
		Request{Method: http.MethodPost, Path: "/v3/customers", Body: map[string]string{}, IdempotencyKey: "create-1"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"ok":true}`, string(body))
	assert.EqualValues(t, 3, calls.Load())
	assert.Equal(t, []string{"create-1", "create-1", "create-1"}, keys())
	assert.Equal(t, "create-1", key)
}

// TestDoKeyed_unknownOutcomeNamesItsKey: a keyed POST whose every attempt is
// answered 500 fails as a write whose outcome is unknown, and the key to
// send it again under is the one every attempt carried.
func TestDoKeyed_unknownOutcomeNamesItsKey(t *testing.T) {
	handlers, keys := keysSeen(status(500, `{"message":"internal"}`))
	ts, calls := server(t, handlers...)
	_, key, err := keyedClient(t, ts.URL).DoKeyed(context.Background(),
		Request{Method: http.MethodPost, Path: "/v3/customers", Body: map[string]string{}, IdempotencyKey: "create-2"})
	require.Error(t, err)
	assert.True(t, OutcomeUnknown(err), err.Error())
	assert.Contains(t, err.Error(), "the outcome is unknown")
	assert.EqualValues(t, 4, calls.Load(), "1 attempt and 3 retries")
	assert.Equal(t, "create-2", key)
	for _, k := range keys() {
		assert.Equal(t, "create-2", k)
	}
}

// TestDoKeyed_onceUnknownTheKeyStays: after an attempt whose outcome is
// unknown (its answer broke off), a 429 or a 401 of the retry does not
// change the key: the write may have been applied under the first one. A
// 429 before anything was unknown does, and DoKeyed names the new key.
func TestDoKeyed_onceUnknownTheKeyStays(t *testing.T) {
	limited := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusTooManyRequests)
	}
	for _, tc := range []struct {
		name    string
		first   []http.HandlerFunc
		sameKey bool
	}{
		{"broke off, then 429", []http.HandlerFunc{breakAfterHeaders, limited}, true},
		{"500, then 429", []http.HandlerFunc{status(500, "{}"), limited}, true},
		{"429 first", []http.HandlerFunc{limited, limited}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			handlers, keys := keysSeen(append(tc.first, okJSON)...)
			ts, _ := server(t, handlers...)
			_, key, err := keyedClient(t, ts.URL).DoKeyed(context.Background(),
				Request{Method: http.MethodPost, Path: "/v3/customers", Body: map[string]string{}, IdempotencyKey: "create-3"})
			require.NoError(t, err)
			got := keys()
			require.Len(t, got, 3)
			assert.Equal(t, "create-3", got[0])
			assert.Equal(t, tc.sameKey, got[1] == got[0] && got[2] == got[0], "keys %v", got)
			assert.Equal(t, got[2], key, "DoKeyed names the key of the answer")
		})
	}
}

// TestDo_unauthorizedAfterAnUnknownOutcomeKeepsTheKey: a token that expired
// while a PATCH's answer was lost is renewed, and the PATCH goes again under
// the same key.
func TestDo_unauthorizedAfterAnUnknownOutcomeKeepsTheKey(t *testing.T) {
	handlers, keys := keysSeen(breakAfterHeaders, status(401, `{"message":"expired"}`), okJSON)
	ts, _ := server(t, handlers...)
	c := newClient(t, ts.URL, func(c *Config) {
		c.IdempotencyKeyHeader = "X-Correlation-Id"
		c.Auth = &RenewingBearer{Source: func(context.Context) (Token, error) { return Token{Value: "t"}, nil }}
	})
	recordWaits(c)
	require.NoError(t, c.Do(context.Background(), Request{Method: http.MethodPatch, Path: "/v3/customers/1", Body: map[string]string{}, Idempotent: true}, nil))
	got := keys()
	require.Len(t, got, 3)
	assert.Equal(t, got[0], got[1])
	assert.Equal(t, got[0], got[2])
}

// TestAPIError_code: the platform's error code is read from the body, kept
// on the error (CodeOf) and cleaned; a "code" longer than any code is none.
func TestAPIError_code(t *testing.T) {
	code := func(body []byte) string {
		if len(body) > 2 {
			return string(body[1 : len(body)-1])
		}
		return ""
	}
	for body, want := range map[string]string{`"1127"`: "1127", `" 2126 "`: "2126", `"` + string(make([]byte, 50)) + `"`: ""} {
		ts, _ := server(t, status(400, body))
		err := newClient(t, ts.URL, func(c *Config) { c.ErrorCode = code }).Do(context.Background(), Request{Method: http.MethodGet, Path: "/x"}, nil)
		require.Error(t, err)
		assert.Equal(t, want, CodeOf(err), body)
	}
	assert.Empty(t, CodeOf(nil))
}
