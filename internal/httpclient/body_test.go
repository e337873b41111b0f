package httpclient

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// endless is a body that never ends, counting what was read of it.
type endless struct{ read atomic.Int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	e.read.Add(int64(len(p)))
	return len(p), nil
}

func (*endless) Close() error { return nil }

// TestBody_overTheLimitIsAnErrorAndTheReaderStops: a server that sends a
// body without end (500 MB in the report that filed this) gets an error
// naming the method, host, path and limit; the server manages to write only
// the limit plus what the sockets buffer, not the whole body.
func TestBody_overTheLimitIsAnErrorAndTheReaderStops(t *testing.T) {
	const limit = 1 << 20
	const attempted = 1 << 30 // what the server tries to send
	var written atomic.Int64
	done := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		defer close(done)
		chunk := []byte(strings.Repeat(`{"UserID":1},`, 5000))
		_, _ = w.Write([]byte(`{"Items":[`))
		for written.Load() < attempted {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	t.Cleanup(ts.Close)
	c := newClient(t, ts.URL, func(c *Config) { c.MaxResponseBytes = limit })
	err := c.Do(context.Background(), Request{Method: "GET", Path: "/Customers"}, nil)
	require.Error(t, err)
	assert.Equal(t, strings.TrimPrefix(ts.URL, "http://")+": GET /Customers: the response body is larger than the limit of 1 MiB (1048576 bytes); "+
		"the server sent more than any real page holds", err.Error())
	var tooLarge *BodyTooLargeError
	require.ErrorAs(t, err, &tooLarge)
	<-done // the handler saw its connection close
	t.Logf("the server wrote %d bytes of the %d it tried, for a limit of %d", written.Load(), int64(attempted), limit)
	assert.Less(t, written.Load(), int64(limit+64<<20), "the client stopped reading; the rest never left the server")
}

// TestBody_readsAtMostLimitPlusOneByte counts the bytes read exactly, through
// an injected transport whose body never ends.
func TestBody_readsAtMostLimitPlusOneByte(t *testing.T) {
	const limit = 4096
	body := &endless{}
	c := newClient(t, "https://api.example.test", func(c *Config) {
		c.MaxResponseBytes = limit
		c.Transport = roundTripFunc(func(req *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, ContentLength: -1, Body: body, Header: http.Header{}, Request: req}, nil
		})
	})
	_, err := c.DoRaw(context.Background(), Request{Method: "GET", Path: "/customers"})
	require.ErrorContains(t, err, "api.example.test: GET /customers: the response body is larger than the limit of 4 KiB")
	assert.EqualValues(t, limit+1, body.read.Load())
}

func TestBody_declaredLengthOverTheLimitIsNotRead(t *testing.T) {
	body := &endless{}
	c := newClient(t, "https://api.example.test", func(c *Config) {
		c.MaxResponseBytes = 4096
		c.Transport = roundTripFunc(func(req *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, ContentLength: 500 << 20, Body: body, Header: http.Header{}, Request: req}, nil
		})
	})
	_, err := c.DoRaw(context.Background(), Request{Method: "GET", Path: "/customers"})
	var tooLarge *BodyTooLargeError
	require.ErrorAs(t, err, &tooLarge)
	assert.Zero(t, body.read.Load())
}

func TestBody_theDefaultLimitFitsTheLargestRealPage(t *testing.T) {
	// Connect's largest page is 1,000 customers; a generous customer object
	// is well under 2 KB.
	customer := `{"customerId":"c-000001","customerType":"BUSINESS","name":"` + strings.Repeat("n", 200) +
		`","contact":{"email":"someone@example.com","msisdn":"+46700000000"},"referenceId":"` + strings.Repeat("r", 200) + `"}`
	page := `{"items":[` + strings.Repeat(customer+",", 999) + customer + `],"pagination":{"nextCursor":null}}`
	require.Less(t, len(customer), 2048)
	ts, _ := server(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(page)) })
	body, err := newClient(t, ts.URL).DoRaw(context.Background(), Request{Method: "GET", Path: "/customers"})
	require.NoError(t, err)
	assert.Len(t, body, len(page))
	assert.Greater(t, DefaultMaxResponseBytes, int64(8*len(page)), "the limit leaves room for customers 8 times larger")
}

// TestBody_largeErrorBodyIsCutNotRead: only the message of an error body is
// used, so it is read up to a smaller limit and the error stays the server's.
func TestBody_largeErrorBodyIsCutNotRead(t *testing.T) {
	body := &endless{}
	c := newClient(t, "https://api.example.test", func(c *Config) {
		c.Transport = roundTripFunc(func(req *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 400, ContentLength: -1, Body: body, Header: http.Header{}, Request: req}, nil
		})
	})
	_, err := c.DoRaw(context.Background(), Request{Method: "GET", Path: "/customers"})
	require.Error(t, err)
	assert.Equal(t, 400, StatusOf(err))
	assert.EqualValues(t, maxErrorBodyBytes, body.read.Load())
	assert.Less(t, len(err.Error()), 700)
	assert.NotErrorIs(t, err, io.EOF)
}

// TestBody_formIsSentFormEncoded: a Form goes out as
// application/x-www-form-urlencoded with every value escaped (a token
// endpoint's client secret may hold & or =), and a request with both a JSON
// body and a form is refused before anything is sent.
func TestBody_formIsSentFormEncoded(t *testing.T) {
	var gotType string
	var got url.Values
	ts, calls := server(t, func(w http.ResponseWriter, r *http.Request) {
		gotType = r.Header.Get("Content-Type")
		require.NoError(t, r.ParseForm())
		got = r.PostForm
		okJSON(w, r)
	})
	c := newClient(t, ts.URL)
	form := url.Values{"grant_type": {"client_credentials"}, "client_secret": {"a&b=c d+e"}, "scope": {"openid,AdobeID"}}
	require.NoError(t, c.Do(context.Background(), Request{Method: "POST", Path: "/ims/token/v3", Form: form, NoAuth: true}, nil))
	assert.Equal(t, "application/x-www-form-urlencoded", gotType)
	assert.Equal(t, form, got)

	err := c.Do(context.Background(), Request{Method: "POST", Path: "/x", Form: form, Body: map[string]string{"a": "b"}}, nil)
	require.ErrorContains(t, err, "a JSON body or a form, not both")
	assert.EqualValues(t, 1, calls.Load(), "the request with both never left")
}
