package sandbox

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
)

// Faults after a write is applied, for the tests of retries that must keep
// their idempotency key: the write takes effect, then its answer is lost
// (a body that breaks off) or replaced by a 5xx, so that only a retry under
// the same key can learn the outcome, and a retry under a new key would
// apply the write twice.

// writeFaults picks the writes to fail after they are applied: every
// breakEvery-th write breaks, every errorEvery-th is answered status. A
// write is a request on a route a kit lists in Writes; writes are counted
// on their own.
type writeFaults struct {
	breakEvery, errorEvery, status int
	seq                            int
}

// afterServe is what happens to one request after it is served.
type afterServe struct {
	breaks bool
	status int
}

// SetWriteFaults makes the writes fail after they are applied: every
// breakEvery-th write sends half its answer and drops the connection, every
// errorEvery-th is answered status (a 5xx) in the platform's error shape (0
// turns either off; a write picked by both breaks). Writes are the routes
// the kits list in Writes (WriteRoutes), counted apart from other requests.
func (s *Server) SetWriteFaults(breakEvery, errorEvery, status int) {
	s.mu.Lock()
	s.writes = writeFaults{breakEvery: breakEvery, errorEvery: errorEvery, status: status}
	s.mu.Unlock()
}

// next counts the request on pattern if it is a write and says what
// happens to it after it is served; the caller holds s.mu.
func (f *writeFaults) next(pattern string) afterServe {
	if (f.breakEvery <= 0 && f.errorEvery <= 0) || !slices.Contains(WriteRoutes(), pattern) {
		return afterServe{}
	}
	f.seq++
	switch {
	case f.breakEvery > 0 && f.seq%f.breakEvery == 0:
		return afterServe{breaks: true}
	case f.errorEvery > 0 && f.seq%f.errorEvery == 0:
		return afterServe{status: f.status}
	}
	return afterServe{}
}

// WriteRoutes are the routes every kit lists as writes, in the kits' order.
func WriteRoutes() []string {
	var out []string
	for _, k := range Kits() {
		out = append(out, k.Writes...)
	}
	return out
}

// serveThenFail serves r (its write applied), then either breaks the answer
// off or answers status (502 when 0) in the platform's error shape.
func (s *Server) serveThenFail(w http.ResponseWriter, r *http.Request, plat errorShape, breaks bool, status int) {
	a := served(s.mux, r)
	if breaks {
		a.breakOff(w)
		return
	}
	if status == 0 {
		status = http.StatusBadGateway
	}
	plat.writeError(w, status, http.StatusText(status))
}

// answer is a response served into a recorder, to be sent later: whole (a
// replay under an idempotency key: Adobe's correlation id, Connect's key)
// or broken off (a write fault).
type answer struct {
	status int
	header http.Header
	body   []byte
}

// served serves r with h into a recorder and returns the answer.
func served(h http.Handler, r *http.Request) answer {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return answer{status: rec.Code, header: rec.Header().Clone(), body: rec.Body.Bytes()}
}

// write sends the answer: its headers, status line and body.
func (a answer) write(w http.ResponseWriter) {
	a.copyHeader(w)
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}

func (a answer) copyHeader(w http.ResponseWriter) {
	for k, v := range a.header {
		w.Header()[k] = v
	}
}

// breakOff sends the answer's status line and headers, with the
// Content-Length of its whole body, and only the first half of the body,
// then drops the connection; an answer without a body is dropped before
// anything is sent.
func (a answer) breakOff(w http.ResponseWriter) {
	if len(a.body) > 0 {
		a.copyHeader(w)
		w.Header().Set("Content-Length", strconv.Itoa(len(a.body)))
		w.WriteHeader(a.status)
		_, _ = w.Write(a.body[:len(a.body)/2])
	}
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // no connection to drop (a recorder): abort the answer
	}
	_ = buf.Flush()
	_ = conn.Close()
}
