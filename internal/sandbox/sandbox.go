// Package sandbox is an in-memory fake of the commerce platforms' customer
// APIs, faithful to shared/api/API-NOTES.md, with knobs for tests: latency,
// page-size caps, rate limiting, injected faults, token expiry and request
// counters. It runs in-process for tests (Start) and on its own for demos
// (cmd/commerce-sandbox). Each platform's file registers its Kit (kit.go):
// this file, the command and the tests iterate the kits and name no
// platform.
package sandbox

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Options seed a sandbox. Zero values take the defaults.
type Options struct {
	// Customers is the number of customers seeded on every platform
	// (default 250; -1 for none).
	Customers int
	// Seed overrides Customers for the platforms it names (0: the default,
	// -1: none).
	Seed map[string]int
	// Token is a static bearer token that is always valid (default DefaultToken).
	Token string
	// Username and Password are accepted by the token endpoints.
	Username string
	Password string
	// TokenTTL is the lifetime of issued tokens (default 30 minutes).
	TokenTTL time.Duration
	// APIKey is the X-Api-Key the platforms that take one accept (default
	// DefaultAPIKey).
	APIKey string
	// Now is the sandbox's clock for the dates the fake APIs keep (Adobe's
	// pending window, anniversary dates and 10-day idempotency); default
	// time.Now.
	Now func() time.Time
}

// Defaults for Options.
const (
	DefaultToken     = "sandbox-token"
	DefaultUsername  = "sandbox"
	DefaultPassword  = "sandbox-password"
	DefaultAPIKey    = "sandbox-api-key"
	defaultCustomers = 250
)

// Fault makes matching requests fail (or stall) instead of being served.
type Fault struct {
	// Match selects requests; nil matches every request.
	Match func(r *http.Request) bool
	// Status is the status to answer with (0 = serve normally after Delay).
	Status int
	// Body is the response body; empty takes the platform's error shape.
	Body string
	// Delay stalls the request first (a timeout test), unless it is cancelled.
	Delay time.Duration
	// Times is how many matching requests fail; 0 means every one.
	Times int
	// Applied serves the request first, so that a write takes effect, and
	// then answers Status (502 when 0) instead of the real answer.
	Applied bool
	// Break serves the request, then sends its real status line and half
	// its body and drops the connection (an answer without a body is
	// dropped before its status line): a write applied whose answer broke.
	Break bool
}

// Request is one request as the sandbox saw it.
type Request struct {
	Method  string
	Path    string
	Query   url.Values
	Header  http.Header
	Body    []byte
	Pattern string
	// Read are the query parameters the fake API read while it served the
	// request: a parameter it does not understand is not among them.
	Read []string
	read *paramsRead
}

// Server is the sandbox. All methods are safe for concurrent use.
type Server struct {
	opts Options
	mux  *http.ServeMux

	mu             sync.Mutex
	latency        time.Duration
	pageSizeCap    int
	rateLimitEvery int
	rateLimitFor   time.Duration
	errorEvery     int
	errorStatus    int
	requestSeq     int
	faults         []*Fault
	writes         writeFaults
	tokens         map[string]time.Time
	requests       []Request
	counts         map[string]int
	beforeServe    func(r *http.Request)
	// stores holds each platform's customers, by platform name (storeOf).
	stores map[string]any
}

// New builds a sandbox seeded with deterministic customers.
func New(opts Options) *Server {
	if opts.Token == "" {
		opts.Token = DefaultToken
	}
	if opts.Username == "" {
		opts.Username = DefaultUsername
	}
	if opts.Password == "" {
		opts.Password = DefaultPassword
	}
	if opts.TokenTTL <= 0 {
		opts.TokenTTL = 30 * time.Minute
	}
	if opts.APIKey == "" {
		opts.APIKey = DefaultAPIKey
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{
		opts:         opts,
		mux:          http.NewServeMux(),
		tokens:       map[string]time.Time{},
		counts:       map[string]int{},
		rateLimitFor: time.Second,
		stores:       map[string]any{},
	}
	for _, k := range kits {
		s.stores[k.Name] = k.newStore(opts.seed(k), opts)
		for route, h := range k.routes(s, k) {
			s.mux.HandleFunc(route, h)
		}
	}
	return s
}

// Start serves the sandbox on a loopback port until stop is called.
func (s *Server) Start() (baseURL string, stop func()) {
	ts := httptest.NewServer(s)
	return ts.URL, ts.Close
}

// Options returns the options the sandbox was built with (credentials).
func (s *Server) Options() Options { return s.opts }

// SetLatency delays every response by d.
func (s *Server) SetLatency(d time.Duration) { s.mu.Lock(); s.latency = d; s.mu.Unlock() }

// SetPageSizeCap makes list endpoints serve at most n items per page, whatever
// was asked for (0 = no cap beyond the platform's own).
func (s *Server) SetPageSizeCap(n int) { s.mu.Lock(); s.pageSizeCap = n; s.mu.Unlock() }

// SetRateLimit answers every nth request with the platform's 429, telling the
// client to come back after resetAfter (n = 0 turns it off).
func (s *Server) SetRateLimit(n int, resetAfter time.Duration) {
	s.mu.Lock()
	s.rateLimitEvery, s.rateLimitFor = n, resetAfter
	s.mu.Unlock()
}

// SetServerErrors answers every nth request with status (a 5xx) in the
// platform's error shape (n = 0 turns it off). It counts requests with the
// rate limit: a request picked by both gets the error.
func (s *Server) SetServerErrors(n, status int) {
	s.mu.Lock()
	s.errorEvery, s.errorStatus = n, status
	s.mu.Unlock()
}

// InjectFault adds a fault; faults are tried in the order added.
func (s *Server) InjectFault(f Fault) { s.mu.Lock(); s.faults = append(s.faults, &f); s.mu.Unlock() }

// ClearFaults removes every fault, the server errors and the rate limit.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	s.faults, s.rateLimitEvery, s.errorEvery = nil, 0, 0
	s.mu.Unlock()
}

// BeforeServe runs f before every request is served (after auth), for tests
// that change data while a client pages.
func (s *Server) BeforeServe(f func(r *http.Request)) { s.mu.Lock(); s.beforeServe = f; s.mu.Unlock() }

// ExpireTokens makes every token issued so far invalid (the static token too),
// as if they had run out mid-apply. Later tokens are valid again.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for t := range s.tokens {
		s.tokens[t] = time.Time{}
	}
	s.tokens[s.opts.Token] = time.Time{}
}

// Count returns how many requests matched "METHOD pattern", where pattern is
// the route as registered (a Kit's ListRoute or GetRoute).
func (s *Server) Count(route string) int { s.mu.Lock(); defer s.mu.Unlock(); return s.counts[route] }

// TotalRequests counts every request served (including failed ones).
func (s *Server) TotalRequests() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.requests) }

// Requests returns a copy of the request log.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]Request(nil), s.requests...)
	for i := range out {
		out[i].Read = out[i].read.list()
	}
	return out
}

// ResetCounts clears the counters and the request log.
func (s *Server) ResetCounts() {
	s.mu.Lock()
	s.counts, s.requests = map[string]int{}, nil
	s.mu.Unlock()
}

// ServeHTTP records the request, applies latency, faults, server errors and
// rate limits, and routes it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, pattern := s.mux.Handler(r)
	body := readBody(r)
	s.mu.Lock()
	s.requestSeq++
	seq := s.requestSeq
	read := &paramsRead{}
	r = r.WithContext(context.WithValue(r.Context(), paramsReadKey{}, read))
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body, Pattern: pattern, read: read})
	s.counts[pattern]++
	latency := s.latency
	fault := s.takeFault(r)
	limited := s.rateLimitEvery > 0 && seq%s.rateLimitEvery == 0
	resetAfter := s.rateLimitFor
	errorStatus := 0
	if s.errorEvery > 0 && seq%s.errorEvery == 0 {
		errorStatus = s.errorStatus
	}
	after := s.writes.next(pattern)
	s.mu.Unlock()

	if !wait(r.Context(), latency) {
		return
	}
	plat := errorsFor(r.URL.Path)
	if fault != nil {
		if !wait(r.Context(), fault.Delay) {
			return
		}
		if fault.Applied || fault.Break {
			s.serveThenFail(w, r, plat, fault.Break, fault.Status)
			return
		}
		if fault.Status != 0 {
			if fault.Body != "" {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(fault.Status)
				_, _ = w.Write([]byte(fault.Body))
				return
			}
			plat.writeError(w, fault.Status, http.StatusText(fault.Status))
			return
		}
	}
	if errorStatus != 0 {
		plat.writeError(w, errorStatus, http.StatusText(errorStatus))
		return
	}
	if limited {
		plat.writeRateLimited(w, time.Now().Add(resetAfter))
		return
	}
	if after.breaks || after.status != 0 {
		s.serveThenFail(w, r, plat, after.breaks, after.status)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// takeFault returns the first fault matching r and uses one of its times.
func (s *Server) takeFault(r *http.Request) *Fault {
	for i, f := range s.faults {
		if f.Match != nil && !f.Match(r) {
			continue
		}
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return f
	}
	return nil
}

// wait sleeps d unless the request is cancelled first.
func wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	select {
	case <-time.After(d): // since Go 1.23 a timer needs no Stop to be collected
		return true
	case <-ctx.Done():
		return false
	}
}

// authorized checks a bearer token: the static one or an issued, unexpired one.
func (s *Server) authorized(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, known := s.tokens[tok]
	if tok == s.opts.Token {
		return !known // the static token is valid until ExpireTokens
	}
	return known && time.Now().Before(exp)
}

func (s *Server) issueToken() (string, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok := "sbx_" + randomHex(16)
	exp := time.Now().Add(s.opts.TokenTTL)
	s.tokens[tok] = exp
	return tok, exp
}

// served is how many customers a list page of size holds: at most the page
// size cap, when one is set.
func (s *Server) served(size int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pageSizeCap > 0 && size > s.pageSizeCap {
		return s.pageSizeCap
	}
	return size
}

func (s *Server) runBeforeServe(r *http.Request) {
	s.mu.Lock()
	f := s.beforeServe
	s.mu.Unlock()
	if f != nil {
		f(r)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
