package httpclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxMessageLen bounds how much of a server's error message reaches a diagnostic.
const maxMessageLen = 500

// outcomeUnknownText ends the error of a write whose outcome is unknown.
const outcomeUnknownText = "; the outcome is unknown: the server may have applied the request before the failure"

// APIError is a response the server answered with a non-success status. It names
// the host, the method, the path (never the query string, which may carry a
// credential), the status and the server's own message, masked.
type APIError struct {
	// Host is the API's host (host:port when the port is not the default).
	Host    string
	Method  string
	Path    string
	Status  int
	Message string
	// Code is the platform's own error code from the body (Config.ErrorCode),
	// cleaned and cut; "" when it has none.
	Code string
	// Hint says which settings supply the credential: set on a 401 or 403,
	// and on a token request's 400.
	Hint string
	// Attempts is how many attempts were made, retries included.
	Attempts int
	// RateLimited is set for a 429, or a platform's own throttle signal
	// (Sellercloud's 409 "Too many requests.").
	RateLimited bool
	// RateLimitReset is when the server said its rate limit resets, if it did.
	RateLimitReset Reset
	// Unknown is set for a write that may have been applied (a 5xx, or an
	// earlier attempt that timed out after it was sent).
	Unknown bool
	// IdempotencyKey is the idempotency key the answered attempt carried
	// ("" when it carried none), for an API that answers a key reused with
	// another request (Connect's 409). Not secret, not in Error.
	IdempotencyKey string
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("%s %s: HTTP %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
	if e.Host != "" {
		msg = e.Host + ": " + msg
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.RateLimited {
		msg += " (rate limited"
		if at := e.RateLimitReset.At; !at.IsZero() {
			msg += "; the limit resets at " + at.UTC().Format(time.RFC3339)
		}
		msg += ")"
	}
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	if e.Hint != "" {
		msg += hintSuffix(msg, e.Hint)
	}
	if e.Unknown {
		msg += outcomeUnknownText
	}
	return msg
}

func (e *APIError) outcomeUnknown() bool { return e.Unknown }

// hintSuffix continues msg with a hint: a new sentence after a full stop,
// else after a semicolon.
func hintSuffix(msg, hint string) string {
	if strings.HasSuffix(msg, ".") && hint != "" {
		return " " + strings.ToUpper(hint[:1]) + hint[1:]
	}
	return "; " + hint
}

// RequestError is a request that got no usable answer: a connection error, a
// timeout, a refused redirect, a body over the size limit, a host that does
// not resolve. Err is the cause.
type RequestError struct {
	Host, Method, Path string
	// Attempts is how many attempts were made, retries included.
	Attempts int
	Err      error
	// Unknown is set for a write that may have been applied.
	Unknown bool
}

func (e *RequestError) Error() string {
	msg := fmt.Sprintf("%s: %s %s: %s", e.Host, e.Method, e.Path, e.Err)
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	if e.Unknown {
		msg += outcomeUnknownText
	}
	return msg
}

func (e *RequestError) Unwrap() error        { return e.Err }
func (e *RequestError) outcomeUnknown() bool { return e.Unknown }

// OutcomeUnknown reports whether err is the failure of a write (PUT, PATCH,
// DELETE, or a POST not marked idempotent) that may nevertheless have been
// applied: the request reached the server and the answer was a 5xx, or no
// answer came (a timeout or a dropped connection after it was sent). A 4xx, or
// a request that never left, is not unknown: the server did not apply it.
func OutcomeUnknown(err error) bool {
	var u interface{ outcomeUnknown() bool }
	return errors.As(err, &u) && u.outcomeUnknown()
}

// CodeOf returns the platform's error code of an APIError in err's chain
// (Config.ErrorCode), or "".
func CodeOf(err error) string {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Code
	}
	return ""
}

// maxCodeLen bounds an error code: a code is a short token, never prose.
const maxCodeLen = 40

// cleanCode is a server's error code made safe to compare and show: trimmed,
// sanitised, and "" when it is longer than any code.
func cleanCode(code string) string {
	code = strings.TrimSpace(Sanitize(code))
	if len(code) > maxCodeLen {
		return ""
	}
	return code
}

// StatusOf returns the HTTP status of an APIError in err's chain, or 0.
func StatusOf(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Status
	}
	return 0
}

// finalError is a failure no retry can mend (a header value HTTP refuses, a
// host that does not exist, a body over the limit).
type finalError struct{ error }

func (e finalError) Unwrap() error { return e.error }
func (finalError) final()          {}

// isFinal reports whether err (or its cause) is marked final.
func isFinal(err error) bool {
	var f interface{ final() }
	return errors.As(err, &f)
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

// GetOne reads one record: a GET of path (with query) whose body decode
// turns into the record, and checks (the record being the one asked for,
// say). A 404 wraps notFound (see MarkNotFound); a body decode rejects is
// an error naming the host and the request, and saying what the body holds
// (Invalid, Describe).
func GetOne[T any, B ~[]byte](ctx context.Context, c *Client, path string, query url.Values, notFound error, decode func(B) (T, error)) (T, error) {
	var zero T
	r := Request{Method: http.MethodGet, Path: path, Query: query}
	body, err := c.DoRaw(ctx, r)
	if err != nil {
		return zero, MarkNotFound(err, notFound)
	}
	record, err := decode(B(body))
	if err != nil {
		return zero, c.Invalid(r, "%v (%s)", err, Describe(body))
	}
	return record, nil
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
