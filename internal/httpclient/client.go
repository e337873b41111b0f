// Package httpclient is the one HTTP layer every platform client uses: base URL
// and credentials, retries with backoff for idempotent calls, waits for rate
// limits, a shared throttle and concurrency bound, request logging, and the
// rules that treat every response as untrusted: redirects stay within the
// API's origin, bodies are read through a size limit, and every secret is
// masked in errors and logs. It has no Terraform imports.
package httpclient

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/go-cleanhttp"
	"golang.org/x/time/rate"
)

// Defaults for Config fields left zero.
const (
	DefaultTimeout          = 60 * time.Second
	DefaultMaxRetries       = 5
	DefaultMaxRateLimitWait = 10 * time.Minute
	// DefaultConcurrency matches Terraform's default -parallelism, and is the
	// least that reads 20 pages (1,000 customers) in 3 round trips, 6.7x faster
	// than one after another; make bench measures it.
	DefaultConcurrency = 10
	DefaultBackoffBase = 500 * time.Millisecond
	// DefaultMaxResponseBytes bounds a success body: 16 MiB. The largest real
	// page is Connect's 1,000 customers (about 0.5 KB each, 0.5 MB a page), so
	// this leaves 16 KB per customer; a larger body is an error, and memory
	// stays bounded by this times max_concurrency.
	DefaultMaxResponseBytes int64 = 16 << 20
	// maxErrorBodyBytes bounds an error body: only its message is used.
	maxErrorBodyBytes int64 = 64 << 10
	maxBackoff              = 30 * time.Second
	// defaultRateLimitWait is how long to wait on a 429 that says nothing of
	// when to come back.
	defaultRateLimitWait = 5 * time.Second
)

// Config sets up a Client. Zero values take the defaults above.
type Config struct {
	// BaseURL is the API root; request paths are appended to it. It is also
	// the only origin redirects are followed to.
	BaseURL string
	// UserAgent is sent with every request.
	UserAgent string
	Auth      Authenticator
	// Secrets are masked in every error and log line. New adds the values of
	// Headers credentials; a RenewingBearer adds every token it is issued.
	Secrets *Secrets
	// CredentialHint says which settings supply the credential, for 401 and
	// 403 errors ("check token (COMMERCE_TOKEN)").
	CredentialHint string
	// HostHint says which settings name the host, for a host that does not
	// resolve ("check base_url (COMMERCE_BASE_URL)").
	HostHint string
	// Timeout bounds each attempt (not the whole call with its retries).
	Timeout time.Duration
	// MaxRetries is the retry budget for 5xx, timeouts and connection errors;
	// zero means none (callers pass DefaultMaxRetries themselves).
	MaxRetries int
	// FinalStatuses are statuses this platform means as final although they
	// are usually retried (Truto's 503: the account is blocked).
	FinalStatuses []int
	// MaxRateLimitWait bounds the total time one call may wait on rate limits.
	MaxRateLimitWait time.Duration
	// MaxResponseBytes bounds a success body (DefaultMaxResponseBytes).
	MaxResponseBytes int64
	// RequestsPerSecond throttles all requests of this client; 0 = unthrottled.
	RequestsPerSecond float64
	// Concurrency bounds requests in flight at once across all callers.
	Concurrency int
	// BackoffBase is the first backoff step; it doubles per retry, with jitter.
	BackoffBase time.Duration
	// ErrorMessage extracts the server's message from an error body; nil uses
	// the body text.
	ErrorMessage func(body []byte) string
	// ErrorCode extracts the platform's own error code from an error body
	// (Adobe's "1127"), for callers that tell refusals apart (APIError.Code,
	// CodeOf); nil reads none.
	ErrorCode func(body []byte) string
	// RateLimited reports whether an error answer other than 429 is this
	// platform's rate-limit signal (Sellercloud's 409 "Too many requests.").
	RateLimited func(status int, body []byte) bool
	// RateLimitReset extracts a reset time from a rate-limit body
	// (platform-specific), when the headers carry none.
	RateLimitReset func(body []byte) (Reset, bool)
	// PerRequest may set headers per attempt (a fresh request id, say).
	PerRequest func(req *http.Request)
	// IdempotencyKeyHeader names the header that carries the API's
	// idempotency key (Adobe's X-Correlation-Id); "" sends none. One key per
	// intended request: an attempt repeats it until an attempt got a whole
	// answer (the status line and all of the body) that settles the outcome;
	// see nextKey.
	IdempotencyKeyHeader string
	Logger               Logger
	// Transport replaces the pooled transport (tests).
	Transport http.RoundTripper
	Now       func() time.Time
}

// Client sends requests to one API root.
type Client struct {
	cfg      Config
	base     *url.URL
	host     string
	http     *http.Client
	limiter  *rate.Limiter
	inFlight chan struct{}
	// proxy is the transport's proxy choice, to name a proxy in errors; nil
	// when the transport is not the client's own.
	proxy func(*http.Request) (*url.URL, error)
	// sleep waits d or until ctx ends; tests replace it to see the waits.
	sleep func(ctx context.Context, d time.Duration) error
}

// secretHolder is an Authenticator that holds secrets of its own.
type secretHolder interface{ adoptSecrets(*Secrets) }

// New checks the configuration and builds a Client.
func New(cfg Config) (*Client, error) {
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.MaxRateLimitWait <= 0 {
		cfg.MaxRateLimitWait = DefaultMaxRateLimitWait
	}
	if cfg.MaxResponseBytes <= 0 {
		cfg.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	if cfg.BackoffBase <= 0 {
		cfg.BackoffBase = DefaultBackoffBase
	}
	if cfg.Auth == nil {
		cfg.Auth = Headers{}
	}
	if cfg.Secrets == nil {
		cfg.Secrets = &Secrets{}
	}
	if h, ok := cfg.Auth.(secretHolder); ok {
		h.adoptSecrets(cfg.Secrets)
	}
	if cfg.HostHint == "" {
		cfg.HostHint = "check the API root's host name"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c := &Client{
		cfg:      cfg,
		base:     base,
		host:     displayHost(base),
		inFlight: make(chan struct{}, cfg.Concurrency),
		sleep:    Sleep,
	}
	transport := cfg.Transport
	if transport == nil {
		// Keep as many idle connections per host as requests can be in flight,
		// so parallel pages reuse connections instead of new TLS handshakes.
		// The proxy comes from HTTPS_PROXY, HTTP_PROXY and NO_PROXY as
		// go-cleanhttp reads them; a proxy's refusal is told apart from the
		// API's answers (proxy.go).
		t := cleanhttp.DefaultPooledTransport()
		t.MaxIdleConnsPerHost = cfg.Concurrency
		t.OnProxyConnectResponse = refuseTunnel
		c.proxy = t.Proxy
		transport = t
	}
	c.http = &http.Client{Transport: transport, CheckRedirect: c.checkRedirect}
	if cfg.RequestsPerSecond > 0 {
		// Burst 1: requests are spread evenly, so parallel resources never burst
		// past a server-side limit.
		c.limiter = rate.NewLimiter(rate.Limit(cfg.RequestsPerSecond), 1)
	}
	return c, nil
}

// Request is one API call.
type Request struct {
	Method string
	// Path is appended to the base URL's path, escaped: a segment that holds
	// an id is url.PathEscape(id) ("/customers/" + url.PathEscape("a/b") is
	// "/customers/a%2Fb"), and goes out escaped exactly once. Errors and logs
	// show it as it is.
	Path  string
	Query url.Values
	// Body is encoded as JSON when not nil.
	Body any
	// Form is sent form-encoded (application/x-www-form-urlencoded) when not
	// nil, for token endpoints that take no JSON; it excludes Body.
	Form url.Values
	// Idempotent marks a POST or PATCH as safe to retry (GET and PUT always
	// are): a token request, or a write the API deduplicates by the
	// idempotency key (IdempotencyKeyHeader). A write without either is never
	// sent twice.
	Idempotent bool
	// IdempotencyKey is the key of this intended write (IdempotencyKeyHeader)
	// when the caller chooses it, so that it can name it and send the write
	// again under it when its outcome stays unknown; "" takes a fresh one. A
	// request with a key is a write the API deduplicates: it is retried as
	// an idempotent one, and stays a write (a POST too): a failure after it
	// was sent leaves the outcome unknown, and the key is kept after a 5xx.
	IdempotencyKey string
	// NoAuth skips the Authenticator (the token request itself).
	NoAuth bool
	// IdempotencyKeyHeader names the header that carries this request's
	// idempotency key, for an API that takes one on its writes only
	// (Connect's X-Idempotency-Key); "" takes Config's. The key is kept
	// across attempts as Config.IdempotencyKeyHeader's is (nextKey).
	IdempotencyKeyHeader string
}

// keyHeader is the header that carries r's idempotency key ("" for none).
func (c *Client) keyHeader(r Request) string {
	if r.IdempotencyKeyHeader != "" {
		return r.IdempotencyKeyHeader
	}
	return c.cfg.IdempotencyKeyHeader
}

func (r Request) idempotent() bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return r.Idempotent || r.IdempotencyKey != ""
}

// writes reports whether the request may change something on the server, so
// that a failure after it was sent leaves the outcome unknown and a retry
// keeps its idempotency key: PUT, PATCH, DELETE, and a POST unless it asks
// for a token (NoAuth). A POST the API deduplicates by its key is a write
// too: marked Idempotent (or given its caller's IdempotencyKey) it is
// retried, under the same key.
func (r Request) writes() bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	case http.MethodPost:
		return !r.NoAuth
	}
	return true
}

// Do sends the request, retrying as the policy allows, and decodes a JSON
// success body into out (when out is not nil).
func (c *Client) Do(ctx context.Context, r Request, out any) error {
	body, err := c.DoRaw(ctx, r)
	if err != nil || out == nil {
		return err
	}
	if err := json.Unmarshal(body, out); err != nil {
		return c.cfg.Secrets.MaskError(fmt.Errorf("%s: %s %s: cannot decode the response: %w", c.host, r.Method, r.Path, err))
	}
	return nil
}

// DoRaw is Do without decoding: it returns the success body. Every error it
// returns is masked.
func (c *Client) DoRaw(ctx context.Context, r Request) ([]byte, error) {
	body, _, err := c.do(ctx, r)
	return body, c.cfg.Secrets.MaskError(err)
}

// DoKeyed is DoRaw that also returns the idempotency key the last attempt
// carried (IdempotencyKeyHeader): the key of the answer returned, or, when
// the outcome is unknown, the key to send the same write again under, so
// that the API replays its answer instead of applying it twice. It is
// r.IdempotencyKey unless an answer that settled an earlier attempt (a 429
// before anything was unknown, say) took a new one.
func (c *Client) DoKeyed(ctx context.Context, r Request) (body []byte, key string, err error) {
	body, key, err = c.do(ctx, r)
	return body, key, c.cfg.Secrets.MaskError(err)
}

func (c *Client) do(ctx context.Context, r Request) (_ []byte, key string, _ error) {
	var payload []byte
	switch {
	case r.Body != nil && r.Form != nil:
		return nil, "", fmt.Errorf("%s %s: a request has a JSON body or a form, not both", r.Method, r.Path)
	case r.Form != nil:
		payload = []byte(r.Form.Encode())
	case r.Body != nil:
		var err error
		if payload, err = json.Marshal(r.Body); err != nil {
			return nil, "", err
		}
	}
	counter := counterFrom(ctx)
	if !r.NoAuth && isPage(ctx) {
		counter.addPage()
	}
	key = r.IdempotencyKey // the idempotency key of this intended request
	if key == "" {
		key = uuid.NewString()
	}
	retries := 0
	var rateLimited time.Duration
	renewed := false
	unknown := false // a write reached the server and its outcome is not known
	for attempt := 1; ; attempt++ {
		counter.addRequest()
		res, err := c.attempt(ctx, r, payload, key, attempt)
		status := res.status
		if r.writes() && res.sent && (err != nil || status >= 500) {
			unknown = true
		}
		if err == nil && status < 300 {
			if html, ok := htmlAnswer(res); ok {
				return nil, key, &BadAnswerError{Host: c.host, Method: r.Method, Path: r.Path, Detail: html, Unknown: r.writes()}
			}
			return res.body, key, nil
		}
		used := key
		key = nextKey(key, r, res, unknown)
		fail := func(cause error) error {
			return &RequestError{Host: c.host, Method: r.Method, Path: r.Path, Attempts: attempt, Err: cause, Unknown: unknown}
		}
		if ctx.Err() != nil {
			return nil, used, fail(ctx.Err())
		}
		var apiErr *APIError
		if err == nil {
			apiErr = c.apiError(r, res, attempt, unknown)
		}
		switch {
		case apiErr != nil && status == http.StatusUnauthorized && !r.NoAuth && !renewed:
			// A token that expired mid-run: renew it once and try again.
			renewed = true
			c.log(ctx, LevelInfo, "commerce API credential rejected; renewing it", c.lineFields(r, attempt, apiErr.Error()))
			ok, rerr := c.cfg.Auth.Renew(ctx, res.usedAuth)
			if rerr != nil {
				return nil, used, rerr
			}
			if !ok {
				return nil, used, apiErr
			}
		case apiErr != nil && apiErr.RateLimited:
			wait, ok := c.rateLimitWait(apiErr)
			if !ok || rateLimited+wait > c.cfg.MaxRateLimitWait {
				// Given up at once: a wait that cannot end in time is not started.
				return nil, used, fmt.Errorf("%w; gave up without waiting: the server asks for %s, past max_rate_limit_wait (%s; %s waited before)",
					apiErr, describeWait(apiErr.RateLimitReset, wait), c.cfg.MaxRateLimitWait, rateLimited.Round(time.Second))
			}
			rateLimited += wait
			counter.addWait(wait)
			fields := c.lineFields(r, attempt, apiErr.Error())
			fields["wait"], fields["wait_ms"] = wait.Round(time.Millisecond).String(), wait.Milliseconds()
			fields["waited_total"], fields["max_rate_limit_wait"] = rateLimited.Round(time.Millisecond).String(), c.cfg.MaxRateLimitWait.String()
			c.log(ctx, LevelWarn, "commerce API rate limit: waiting before the next attempt", fields)
			if err := c.sleep(ctx, wait); err != nil {
				return nil, used, fail(err)
			}
		case retryable(status, err) && !slices.Contains(c.cfg.FinalStatuses, status) && r.idempotent() && retries < c.cfg.MaxRetries:
			retries++
			counter.addRetry()
			wait := c.backoff(retries)
			reason := fmt.Sprint(err)
			if apiErr != nil {
				reason = apiErr.Error()
			}
			fields := c.lineFields(r, attempt, reason)
			fields["wait"], fields["wait_ms"] = wait.Round(time.Millisecond).String(), wait.Milliseconds()
			fields["retry"] = fmt.Sprintf("%d of %d", retries, c.cfg.MaxRetries)
			c.log(ctx, LevelWarn, "commerce API request failed; retrying", fields)
			if err := c.sleep(ctx, wait); err != nil {
				return nil, used, fail(err)
			}
		case apiErr != nil:
			return nil, used, apiErr
		default:
			return nil, used, fail(err)
		}
	}
}

// lineFields are the fields of a WARN or INFO line about one attempt.
func (c *Client) lineFields(r Request, attempt int, reason string) map[string]any {
	return map[string]any{"method": r.Method, "host": c.host, "path": r.Path, "attempt": attempt, "reason": reason}
}

func (c *Client) apiError(r Request, res response, attempt int, unknown bool) *APIError {
	status, body := res.status, res.body
	e := &APIError{Host: c.host, Method: r.Method, Path: r.Path, Status: status, Attempts: attempt, Unknown: unknown, IdempotencyKey: res.usedKey}
	if c.cfg.ErrorCode != nil {
		e.Code = cleanCode(c.cfg.ErrorCode(body))
	}
	e.RateLimited = status == http.StatusTooManyRequests || (c.cfg.RateLimited != nil && c.cfg.RateLimited(status, body))
	// A token endpoint answers a wrong password with 400 (OAuth's invalid_grant) as often as with 401.
	if !e.RateLimited && (status == http.StatusUnauthorized || status == http.StatusForbidden || (r.NoAuth && status == http.StatusBadRequest)) {
		e.Hint = c.cfg.CredentialHint
	}
	if e.RateLimited {
		if reset, ok := ResetFromHeaders(res.header, c.cfg.Now()); ok {
			e.RateLimitReset = reset
		} else if c.cfg.RateLimitReset != nil {
			if reset, ok := c.cfg.RateLimitReset(body); ok {
				e.RateLimitReset = reset
			}
		}
	}
	if html, ok := htmlAnswer(res); ok {
		e.Message = html
	} else if c.cfg.ErrorMessage != nil {
		e.Message = c.cfg.ErrorMessage(body)
	}
	if e.Message == "" {
		e.Message = string(body)
	}
	e.Message = c.cfg.Secrets.CleanMessage(e.Message)
	return e
}

// backoff is exponential with full jitter: a random wait in [step/2, step].
func (c *Client) backoff(retry int) time.Duration {
	step := min(maxBackoff, c.cfg.BackoffBase<<(retry-1))
	return step/2 + rand.N(step/2+1)
}

// Sleep waits d or until ctx ends (Ctrl-C in Terraform cancels it), and
// then says why it stopped early: the client's waits between attempts, and
// the platform clients' own pauses (Adobe's wait while an account is
// pending).
func Sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-time.After(d): // since Go 1.23 a timer needs no Stop to be collected
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
