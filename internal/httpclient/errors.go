package httpclient

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// maxMessageLen bounds how much of a server's error message reaches a diagnostic.
const maxMessageLen = 500

// APIError is a response the server answered with a non-success status. It names
// the method, the path (never the query string, which may carry a credential),
// the status and the server's own message.
type APIError struct {
	Method  string
	Path    string
	Status  int
	Message string
	// RateLimitReset is when the server said its rate limit resets, if it did.
	RateLimitReset time.Time
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("%s %s: HTTP %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.Status == http.StatusTooManyRequests {
		msg += " (rate limited"
		if !e.RateLimitReset.IsZero() {
			msg += "; the limit resets at " + e.RateLimitReset.UTC().Format(time.RFC3339)
		}
		msg += ")"
	}
	return msg
}

// StatusOf returns the HTTP status of an APIError in err's chain, or 0.
func StatusOf(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Status
	}
	return 0
}

// truncate shortens a server message for a diagnostic, on a rune boundary.
func truncate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) <= maxMessageLen {
		return s
	}
	r := []rune(s)
	if len(r) <= maxMessageLen {
		return s
	}
	return string(r[:maxMessageLen]) + "…"
}

// MarkNotFound wraps err with notFound when the server answered 404, so
// callers can test errors.Is(err, notFound) and still read the server's
// diagnostic; any other error (or nil) is returned unchanged.
func MarkNotFound(err, notFound error) error {
	if StatusOf(err) == http.StatusNotFound {
		return fmt.Errorf("%w: %w", notFound, err)
	}
	return err
}
