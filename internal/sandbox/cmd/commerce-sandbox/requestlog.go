package main

import (
	"log"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// logRequests logs one line per request after it is answered: method, path,
// query, status and duration, e.g.
//
//	12:00:01.123456 GET /sellercloud/rest/api/Customers?pageNumber=2&pageSize=50 200 1.2ms
//
// Headers and bodies are never logged (they carry the credentials), and the
// values of query parameters named like a credential are masked.
func logRequests(next http.Handler, logger *log.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		target := r.URL.EscapedPath()
		if q := maskQuery(r.URL.RawQuery); q != "" {
			target += "?" + q
		}
		logger.Printf("%s %s %d %s", r.Method, target, rec.status, time.Since(start).Round(10*time.Microsecond))
	})
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wroteHeader {
		s.status, s.wroteHeader = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (a write fault
// drops it).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wroteHeader = true
	return s.ResponseWriter.Write(b)
}

// maskQuery keeps the raw query as sent, in its order, with the value of
// every credential-like parameter replaced by ***.
func maskQuery(raw string) string {
	if raw == "" {
		return ""
	}
	parts := strings.Split(raw, "&")
	for i, part := range parts {
		name, _, hasValue := strings.Cut(part, "=")
		if hasValue && isCredentialName(name) {
			parts[i] = name + "=***"
		}
	}
	return strings.Join(parts, "&")
}

// isCredentialName says whether a query parameter's name looks like it
// carries a credential: access_token, api_key, apiKey, password, sig, ...
func isCredentialName(name string) bool {
	if decoded, err := url.QueryUnescape(name); err == nil {
		name = decoded
	}
	letters := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, strings.ToLower(name))
	switch letters {
	case "key", "auth", "authorization", "sig", "code":
		return true
	}
	for _, word := range []string{"token", "password", "passwd", "secret", "signature", "credential", "apikey", "accesskey"} {
		if strings.Contains(letters, word) {
			return true
		}
	}
	return false
}
