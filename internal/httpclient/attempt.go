package httpclient

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// response is what one attempt got back.
type response struct {
	status int
	body   []byte
	header http.Header
	// usedAuth is the Authorization value sent, to renew exactly that token.
	usedAuth string
	// usedKey is the idempotency key sent ("" when none was).
	usedKey string
	// sent is set once the request was written to the server (so a write
	// may have been applied, whatever happened next).
	sent bool
	// answered is set once the whole answer came: the status line and the
	// body read to its end (an error body to its limit).
	answered bool
}

// nextKey is the idempotency key for the attempt after res. It stays the
// same while the outcome of the intended request is unknown: no whole
// answer came (a timeout, a dropped connection, a body that broke off or
// stalled after the status line), or a write was answered with a 5xx; the
// API then either replays its answer or applies the request once. Once a
// write's outcome is unknown (unknown: an earlier attempt), the key stays
// for every later attempt, whatever they are answered (a 429 or a 401 of
// the gateway before the retry was looked at): the write may have been
// applied under it, and a new key would apply it a second time. Otherwise a
// whole answer that settles the outcome (a 4xx, a 429, a 401, a read's 5xx)
// gets a new key: the API would only replay that answer.
func nextKey(key string, r Request, res response, unknown bool) string {
	if unknown || !res.answered || (r.writes() && res.status >= 500) {
		return key
	}
	return uuid.NewString()
}

// requestURL is the base URL with the request's path and query. The path
// is escaped already (PathSegment): it becomes RawPath as it is, and Path
// its unescaped form, so that nothing is escaped twice. A "." or ".."
// segment is refused: it would name another resource.
func (c *Client) requestURL(r Request) (*url.URL, error) {
	for _, seg := range strings.Split(r.Path, "/") {
		if dec, err := url.PathUnescape(seg); err == nil && (dec == "." || dec == "..") {
			return nil, finalError{fmt.Errorf("the path has a %q segment, which would name another resource", dec)}
		}
	}
	u := *c.base
	u.RawPath = c.base.EscapedPath() + r.Path
	p, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return nil, finalError{fmt.Errorf("the path is not escaped properly: %w", err)}
	}
	u.Path = p
	u.RawQuery = r.Query.Encode()
	return &u, nil
}

// attempt sends one try; a transport error (timeout, reset) comes back as err.
func (c *Client) attempt(ctx context.Context, r Request, payload []byte, key string, attempt int) (response, error) {
	u, err := c.requestURL(r)
	if err != nil {
		return response{}, err
	}
	var bodyReader io.Reader
	if payload != nil {
		bodyReader = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, u.String(), bodyReader)
	if err != nil {
		return response{}, finalError{err}
	}
	req.Header.Set("Accept", "application/json")
	switch {
	case r.Form != nil:
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	case payload != nil:
		req.Header.Set("Content-Type", "application/json")
	}
	if c.cfg.UserAgent != "" {
		req.Header.Set("User-Agent", c.cfg.UserAgent)
	}
	if c.cfg.PerRequest != nil {
		c.cfg.PerRequest(req)
	}
	if h := c.keyHeader(r); h != "" {
		req.Header.Set(h, key)
	}
	if !r.NoAuth {
		// Before taking a slot: getting a token is itself a request.
		if err := c.cfg.Auth.Apply(ctx, req); err != nil {
			return response{}, credentialError{err}
		}
	}
	if err := c.checkHeaders(req.Header); err != nil {
		return response{}, err
	}
	if err := c.throttle(ctx, r, attempt); err != nil {
		return response{}, err
	}
	select {
	case c.inFlight <- struct{}{}:
		defer func() { <-c.inFlight }()
	case <-ctx.Done():
		return response{}, ctx.Err()
	}
	// The attempt's timeout starts once it may go: waits above don't eat it.
	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	var sent, connected atomic.Bool
	actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { connected.Store(true) },
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				sent.Store(true)
			}
		},
	})
	req = req.WithContext(actx)
	res := response{usedAuth: req.Header.Get("Authorization")}
	if h := c.keyHeader(r); h != "" {
		res.usedKey = key
	}

	start := time.Now()
	resp, err := c.http.Do(req)
	if err == nil {
		res.status, res.header = resp.StatusCode, resp.Header
		res.body, err = c.readBody(resp)
		res.answered = err == nil
		_ = resp.Body.Close()
	}
	res.sent = sent.Load() || res.status != 0
	err = c.classify(err)
	if err != nil && !connected.Load() {
		err = c.proxyError(req, err)
	}
	if err != nil && ctx.Err() == nil && actx.Err() != nil {
		err = fmt.Errorf("attempt timed out after %s: %w", c.cfg.Timeout, err)
	}
	c.logAttempt(ctx, r, res.status, time.Since(start), attempt, err)
	return res, err
}

// classify strips what an error must not repeat and marks what no retry can
// mend.
func (c *Client) classify(err error) error {
	if err == nil {
		return nil
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		// url.Error repeats the full URL, query string included: keep only the cause.
		err = urlErr.Err
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		// A name that does not exist will not exist in a second either.
		return finalError{fmt.Errorf("cannot resolve host %q (no such host); %s", dnsErr.Name, c.cfg.HostHint)}
	}
	return err
}

// BodyTooLargeError is a response body over the client's size limit.
type BodyTooLargeError struct{ Limit int64 }

func (e *BodyTooLargeError) Error() string {
	return fmt.Sprintf("the response body is larger than the limit of %s (%d bytes); the server sent more than any real page holds", byteSize(e.Limit), e.Limit)
}

func (*BodyTooLargeError) final() {}

// readBody reads a body through the size limit: it never reads more than
// limit+1 bytes of a success body, and cuts an error body (whose message is
// all that is used) at maxErrorBodyBytes.
func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	if resp.StatusCode >= 300 {
		return io.ReadAll(io.LimitReader(resp.Body, maxErrorBodyBytes))
	}
	limit := c.cfg.MaxResponseBytes
	if resp.ContentLength > limit {
		return nil, &BodyTooLargeError{Limit: limit}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, &BodyTooLargeError{Limit: limit}
	}
	return body, nil
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// checkHeaders refuses a header value HTTP does not allow (a CR or LF in a
// token, say) before anything is sent, naming the header but never its value.
func (c *Client) checkHeaders(h http.Header) error {
	for name, values := range h {
		for _, v := range values {
			if !validHeaderValue(v) {
				msg := fmt.Sprintf("the %s header's value contains a line break or another control character, which HTTP does not allow", name)
				if c.cfg.CredentialHint != "" {
					msg += "; " + c.cfg.CredentialHint
				}
				return finalError{errors.New(msg)}
			}
		}
	}
	return nil
}

// validHeaderValue is RFC 7230's field-value: no control character but tab.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if b := v[i]; (b < ' ' && b != '\t') || b == 0x7f {
			return false
		}
	}
	return true
}

// credentialError is a failure to get the credentials for a request (a token
// request that failed after its own retries, or a wrong password): the request
// never left, and trying it again would only repeat the token request.
type credentialError struct{ error }

func (e credentialError) Unwrap() error { return e.error }
func (credentialError) final()          {}

func retryable(status int, err error) bool {
	if err != nil {
		return !errors.Is(err, context.Canceled) && !isFinal(err)
	}
	switch status {
	case http.StatusRequestTimeout, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// logAttempt writes the DEBUG line of one attempt.
func (c *Client) logAttempt(ctx context.Context, r Request, status int, d time.Duration, attempt int, err error) {
	fields := map[string]any{
		"method":      r.Method,
		"host":        c.host,
		"path":        r.Path,
		"status":      status,
		"duration_ms": d.Milliseconds(),
		"attempt":     attempt,
	}
	if q := logQuery(r.Query, c.cfg.Secrets); q != "" {
		fields["query"] = q
	}
	if err != nil {
		fields["error"] = err.Error()
	}
	c.log(ctx, LevelDebug, "commerce API request", fields)
}
