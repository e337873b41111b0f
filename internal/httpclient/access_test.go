package httpclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAccess_staticHeaders: a configured credential is handed out as it is
// sent, with no expiry; renewing it gives it back unchanged; no request is
// made.
func TestAccess_staticHeaders(t *testing.T) {
	ts, calls := server(t, okJSON)
	c := newClient(t, ts.URL, func(c *Config) {
		c.Auth = Headers{"Authorization": "Bearer static-token", "X-Api-Key": "the-api-key"}
	})
	for _, get := range []func(context.Context) (Access, error){c.Access, c.RenewAccess} {
		acc, err := get(context.Background())
		require.NoError(t, err)
		assert.Equal(t, Access{Token: "static-token",
			Headers: map[string]string{"Authorization": "Bearer static-token", "X-Api-Key": "the-api-key"}}, acc)
		acc.Headers["X-Api-Key"] = "changed by the caller"
	}
	again, err := c.Access(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "the-api-key", again.Headers["X-Api-Key"], "the caller gets a copy")
	assert.Zero(t, calls.Load())

	apiKeyOnly := newClient(t, ts.URL, func(c *Config) { c.Auth = Headers{"X-Api-Key": "the-api-key"} })
	acc, err := apiKeyOnly.Access(context.Background())
	require.NoError(t, err)
	assert.Equal(t, Access{Headers: map[string]string{"X-Api-Key": "the-api-key"}}, acc, "no bearer token")
}

// bearerClient is a client whose RenewingBearer asks source for tokens
// lasting an hour from now, counting them, against a server that takes
// only the newest.
func bearerClient(t *testing.T, now func() time.Time) (*Client, *tokenServer, *atomic.Int32) {
	t.Helper()
	ts := &tokenServer{}
	srv := httptest.NewServer(http.HandlerFunc(ts.handler))
	t.Cleanup(srv.Close)
	var apiCalls atomic.Int32
	c := newClient(t, srv.URL, func(c *Config) {
		c.Auth = &RenewingBearer{Source: ts.source, Now: now, Extra: Headers{"X-Api-Key": "the-api-key"}}
		c.Transport = countingTransport{&apiCalls}
	})
	return c, ts, &apiCalls
}

type countingTransport struct{ n *atomic.Int32 }

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

// TestAccess_sharesTheTokenCache: handing out the token costs one token
// request when there is none, none when the client holds a fresh one (and
// the client's next request uses the one handed out); renewing gets a new
// token, which the client's requests then send. Expires and RenewAt are
// the cache's.
func TestAccess_sharesTheTokenCache(t *testing.T) {
	now := time.Now()
	c, ts, apiCalls := bearerClient(t, func() time.Time { return now })

	acc, err := c.Access(context.Background())
	require.NoError(t, err)
	assert.EqualValues(t, 1, ts.issued.Load())
	assert.Equal(t, "token-1", acc.Token)
	assert.Equal(t, map[string]string{"Authorization": "Bearer token-1", "X-Api-Key": "the-api-key"}, acc.Headers)
	assert.WithinDuration(t, now.Add(time.Hour), acc.Expires, time.Minute, "the source's expiry, from its own clock")
	assert.Equal(t, acc.Expires.Add(-maxRenewMargin), acc.RenewAt, "when the client renews it: a minute ahead of an hour's token")

	require.NoError(t, c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil))
	again, err := c.Access(context.Background())
	require.NoError(t, err)
	assert.Equal(t, acc, again)
	assert.EqualValues(t, 1, ts.issued.Load(), "a fresh token is shared: no second token request")
	assert.EqualValues(t, 1, apiCalls.Load(), "Access itself sends nothing")

	renewed, err := c.RenewAccess(context.Background())
	require.NoError(t, err)
	assert.EqualValues(t, 2, ts.issued.Load())
	assert.Equal(t, "token-2", renewed.Token)
	require.NoError(t, c.Do(context.Background(), Request{Method: "GET", Path: "/x"}, nil), "the server takes only the newest token")
	assert.EqualValues(t, 2, ts.issued.Load())

	now = renewed.RenewAt.Add(time.Second) // the client would renew now
	due, err := c.Access(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "token-3", due.Token, "a token due for renewal is renewed, as for a request")
}

// TestAccess_tokensHandedOutStayMasked: a token handed out is masked in
// every error, also after the client was issued more tokens than it keeps
// masked of its own.
func TestAccess_tokensHandedOutStayMasked(t *testing.T) {
	c, _, _ := bearerClient(t, nil)
	acc, err := c.Access(context.Background())
	require.NoError(t, err)
	for range maxIssued + 4 {
		_, err := c.RenewAccess(context.Background())
		require.NoError(t, err)
	}
	echoed := c.cfg.Secrets.MaskError(fmt.Errorf("server said: %s and %q", acc.Token, acc.Headers["Authorization"]))
	assert.NotContains(t, echoed.Error(), acc.Token)
	assert.Contains(t, echoed.Error(), "server said: ***")
}

// TestAccess_failures: a token endpoint's failure is the error, masked; a
// client whose credential is of no kind that can be handed out says so.
func TestAccess_failures(t *testing.T) {
	ts, _ := server(t, okJSON)
	secrets := NewSecrets("pa55word")
	c := newClient(t, ts.URL, func(c *Config) {
		c.Secrets = secrets
		c.Auth = &RenewingBearer{Source: func(context.Context) (Token, error) {
			return Token{}, errors.New("token endpoint refused password pa55word")
		}}
	})
	_, err := c.Access(context.Background())
	require.Error(t, err)
	assert.Equal(t, "token endpoint refused password ***", err.Error())

	other := newClient(t, ts.URL, func(c *Config) { c.Auth = refusingAuth{} })
	_, err = other.Access(context.Background())
	assert.ErrorIs(t, err, ErrNoAccess)
}

type refusingAuth struct{}

func (refusingAuth) Apply(context.Context, *http.Request) error { return nil }
func (refusingAuth) Renew(context.Context, string) (bool, error) {
	return false, nil
}

// TestRequestKeyHeader_onTheWriteOnly: a request's own key header carries
// one key, kept across the attempts whose outcome is unknown (a POST
// answered 500, an answer that broke off): the API deduplicates the POST,
// so it is retried and counts as a write. A request without it sends no
// key; a 409 names the key it answered.
func TestRequestKeyHeader_onTheWriteOnly(t *testing.T) {
	var mu sync.Mutex
	var keys []string
	record := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			keys = append(keys, r.Header.Get("X-Idempotency-Key"))
			mu.Unlock()
			h(w, r)
		}
	}
	write := Request{Method: http.MethodPost, Path: "/customers/c/users", Body: map[string]string{"userId": "u"},
		Idempotent: true, IdempotencyKeyHeader: "X-Idempotency-Key"}

	ts, calls := server(t, record(status(500, "internal")), record(breakAfterHeaders), record(okJSON))
	c := newClient(t, ts.URL)
	require.NoError(t, c.Do(context.Background(), write, nil))
	require.EqualValues(t, 3, calls.Load())
	require.NoError(t, c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/customers/c"}, nil))
	mu.Lock()
	require.Len(t, keys, 4)
	assert.NotEmpty(t, keys[0])
	assert.Equal(t, []string{keys[0], keys[0], keys[0], ""}, keys, "one key for the write's attempts, none on the read")
	mu.Unlock()

	ts, _ = server(t, status(500, "internal"))
	err := newClient(t, ts.URL, func(c *Config) { c.MaxRetries = 1 }).Do(context.Background(), write, nil)
	require.Error(t, err)
	assert.True(t, OutcomeUnknown(err), "a keyed POST answered 500 may have been applied: %v", err)

	ts, _ = server(t, status(409, `{"message":"key reused"}`))
	err = newClient(t, ts.URL).Do(context.Background(), write, nil)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 409, apiErr.Status)
	assert.Len(t, apiErr.IdempotencyKey, 36, "the key the 409 answered (a UUID)")
	assert.NotContains(t, err.Error(), apiErr.IdempotencyKey, "not in the message: the caller says it where it means something")
	assert.False(t, OutcomeUnknown(err), "a 409 settles it: nothing applied")
}
