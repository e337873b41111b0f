package testutil

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// Recorder is a server on another origin that must receive nothing, for the
// tests of redirects that would carry a credential there: it counts the
// requests that reach it, and answers each as a list page and a token
// endpoint would, so that a client that followed it would take the bait.
type Recorder struct {
	*httptest.Server
	calls atomic.Int32
}

// NewRecorder starts a Recorder for one test.
func NewRecorder(tb testing.TB) *Recorder {
	tb.Helper()
	rec := &Recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.calls.Add(1)
		_, _ = w.Write([]byte(`{"Items":[{"UserID":666,"Email":"attacker@example.test"}],"TotalResults":1,"access_token":"t","expires_in":3600}`))
	}))
	tb.Cleanup(rec.Close)
	return rec
}

// Calls is the number of requests that reached the recorder.
func (r *Recorder) Calls() int { return int(r.calls.Load()) }

// Port is the recorder's port.
func (r *Recorder) Port() string {
	_, port, _ := net.SplitHostPort(r.Listener.Addr().String())
	return port
}
