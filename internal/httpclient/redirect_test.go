package httpclient

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is a server on another port that must never be reached: it
// counts what arrives and keeps the headers and bodies it got.
type recorder struct {
	*httptest.Server
	calls  atomic.Int32
	mu     sync.Mutex
	seen   []string
	bodies []string
}

func newRecorder(t *testing.T) *recorder {
	t.Helper()
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.calls.Add(1)
		b, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.seen = append(rec.seen, r.Header.Get("Authorization")+" "+r.Header.Get("X-Api-Key"))
		rec.bodies = append(rec.bodies, string(b))
		rec.mu.Unlock()
		_, _ = w.Write([]byte(`{"Items":[{"UserID":666}],"TotalResults":1}`))
	}))
	t.Cleanup(rec.Close)
	return rec
}

func redirectTo(status int, location string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", location)
		w.WriteHeader(status)
	}
}

func TestRedirect_sameOriginIsFollowedWithItsCredentials(t *testing.T) {
	var got atomic.Value
	ts, calls := server(t, redirectTo(http.StatusFound, "/moved/Customers?page=1"), func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.URL.Path + " " + r.Header.Get("X-Api-Key"))
		okJSON(w, r)
	})
	c := newClient(t, ts.URL, func(c *Config) { c.Auth = Headers{"X-Api-Key": "k3y-same-origin"} })
	require.NoError(t, c.Do(context.Background(), Request{Method: "GET", Path: "/Customers"}, nil))
	assert.EqualValues(t, 2, calls.Load())
	assert.Equal(t, "/moved/Customers k3y-same-origin", got.Load())
}

// TestRedirect_listToAnotherPortOrHostIsRefused: a 302 from a list endpoint
// to another port (Go would send Authorization along) or another host (Go
// would send X-Api-Key) is an error naming the method, path, status and the
// Location's origin; the other origin receives nothing and nothing is retried.
func TestRedirect_listToAnotherPortOrHostIsRefused(t *testing.T) {
	rec := newRecorder(t)
	port := rec.Listener.Addr().(*net.TCPAddr).Port
	for name, target := range map[string]string{
		"another port": rec.URL,
		"another host": "http://localhost:" + strconv.Itoa(port),
	} {
		t.Run(name, func(t *testing.T) {
			ts, calls := server(t, redirectTo(http.StatusFound, target+"/steal/these?token=tok-in-query"))
			c := newClient(t, ts.URL, func(c *Config) {
				c.Auth = Headers{"Authorization": "Bearer tok-never-elsewhere", "X-Api-Key": "key-never-elsewhere"}
			})
			err := c.Do(context.Background(), Request{Method: "GET", Path: "/Customers"}, nil)
			require.Error(t, err)
			u, _ := url.Parse(target)
			assert.Contains(t, err.Error(), "GET /Customers: HTTP 302 Found: refused to follow the redirect to "+Origin(u))
			assert.Contains(t, err.Error(), strings.TrimPrefix(ts.URL, "http://"), "the error names the API's host")
			for _, leak := range []string{"/steal", "tok-in-query", "tok-never-elsewhere", "key-never-elsewhere"} {
				assert.NotContains(t, err.Error(), leak)
			}
			assert.EqualValues(t, 1, calls.Load(), "a refused redirect is not retried")
			assert.Zero(t, rec.calls.Load(), "the other origin received nothing")
		})
	}
}

// TestRedirect_tokenEndpoint307ToAnotherPort: a 307 keeps the method and the
// body, so following it would hand the password to the other port.
func TestRedirect_tokenEndpoint307ToAnotherPort(t *testing.T) {
	rec := newRecorder(t)
	const password = "pw-307-never-elsewhere"
	ts, calls := server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			redirectTo(http.StatusTemporaryRedirect, rec.URL+"/token")(w, r)
			return
		}
		okJSON(w, r)
	})
	bearer := &RenewingBearer{}
	c := newClient(t, ts.URL, func(c *Config) { c.Auth = bearer; c.Secrets = NewSecrets(password) })
	bearer.Source = func(ctx context.Context) (Token, error) {
		var v struct{ AccessToken string }
		err := c.Do(ctx, Request{Method: "POST", Path: "/token", NoAuth: true, Idempotent: true,
			Body: map[string]string{"Username": "u", "Password": password}}, &v)
		return Token{Value: v.AccessToken}, err
	}
	err := c.Do(context.Background(), Request{Method: "GET", Path: "/Customers"}, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "POST /token: HTTP 307 Temporary Redirect: refused to follow the redirect to "+Origin(mustParse(t, rec.URL)))
	assert.NotContains(t, err.Error(), password)
	assert.EqualValues(t, 1, calls.Load(), "one token request, no retry, the list request never left")
	assert.Zero(t, rec.calls.Load(), "the password never arrived at the other port")
}

// TestRedirect_httpsRootToHTTPIsRefused: an https:// API root redirecting to
// http:// on the same host and port would send the key in clear text.
func TestRedirect_httpsRootToHTTPIsRefused(t *testing.T) {
	tlsServer := httptest.NewTLSServer(redirectTo(http.StatusMovedPermanently, "http://api.example.test:443/Customers"))
	t.Cleanup(tlsServer.Close)
	var plainCalls atomic.Int32
	tlsTransport := tlsServer.Client().Transport.(*http.Transport).Clone()
	tlsTransport.DialTLSContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		conn, err := (&net.Dialer{}).DialContext(ctx, network, tlsServer.Listener.Addr().String())
		if err != nil {
			return nil, err
		}
		return tls.Client(conn, &tls.Config{InsecureSkipVerify: true}), nil //nolint:gosec // the test server's own certificate
	}
	// The injected transport sends https to the TLS test server, whatever the
	// host, and records any plain-http request instead of sending it.
	transport := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		if req.URL.Scheme == "http" {
			plainCalls.Add(1)
			return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(`{}`)), Request: req}, nil
		}
		return tlsTransport.RoundTrip(req)
	})
	c := newClient(t, "https://api.example.test", func(c *Config) {
		c.Transport = transport
		c.Auth = Headers{"X-Api-Key": "key-not-in-clear-text"}
	})
	err := c.Do(context.Background(), Request{Method: "GET", Path: "/Customers"}, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "api.example.test: GET /Customers: HTTP 301 Moved Permanently: refused to follow the redirect to http://api.example.test:443: only redirects within https://api.example.test:443 are followed")
	assert.Zero(t, plainCalls.Load(), "nothing went out over plain http")
}

func TestRedirect_atMostAFewHops(t *testing.T) {
	ts, calls := server(t, func(w http.ResponseWriter, r *http.Request) {
		redirectTo(http.StatusFound, r.URL.Path+"x")(w, r)
	})
	err := newClient(t, ts.URL).Do(context.Background(), Request{Method: "GET", Path: "/loop"}, nil)
	require.ErrorContains(t, err, "refused to follow more than 3 redirects")
	assert.EqualValues(t, 1+maxRedirects, calls.Load())
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u
}
