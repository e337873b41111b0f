package httpclient

import (
	"context"
	"maps"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"time"
)

// Level is a log line's severity.
type Level int

const (
	// LevelDebug is one line per attempt, and a client-side throttle wait.
	LevelDebug Level = iota
	// LevelInfo is a token renewal after a 401, and a throttle wait over
	// a second.
	LevelInfo
	// LevelWarn is a retry or a rate-limit wait, with its reason and length.
	LevelWarn
)

// Logger receives the client's log lines, every secret already masked. The
// provider adapts it to tflog.
type Logger func(ctx context.Context, level Level, msg string, fields map[string]any)

// Log field names callers attach through the context.
const (
	// FieldPage is the page number of a paged list request (1 = first).
	FieldPage = "page"
	// FieldCursorStep is the step of a cursor-paged list (1 = first request).
	FieldCursorStep = "cursor_step"
	// FieldRequest says what a request is for when it is not a list page
	// or a customer: "token" for a token request.
	FieldRequest = "request"
)

type logFieldsKey struct{}

// WithLogFields returns a context whose requests' log lines carry fields
// (merged over the ones ctx already carries).
func WithLogFields(ctx context.Context, fields map[string]any) context.Context {
	merged := maps.Clone(logFields(ctx))
	if merged == nil {
		merged = map[string]any{}
	}
	maps.Copy(merged, fields)
	return context.WithValue(ctx, logFieldsKey{}, merged)
}

func logFields(ctx context.Context) map[string]any {
	f, _ := ctx.Value(logFieldsKey{}).(map[string]any)
	return f
}

// WithPage marks the requests made with ctx as page n of a list: their log
// lines carry the page number and CountRequests counts them as pages.
func WithPage(ctx context.Context, n int) context.Context {
	return WithLogFields(ctx, map[string]any{FieldPage: n})
}

// WithCursorStep marks the requests made with ctx as step n of a
// cursor-paged list, like WithPage.
func WithCursorStep(ctx context.Context, n int) context.Context {
	return WithLogFields(ctx, map[string]any{FieldCursorStep: n})
}

// TokenRequest marks the requests made with ctx as token requests: their
// log lines say request=token instead of the page or cursor step of the
// request that needed the token, and they are not counted as pages.
func TokenRequest(ctx context.Context) context.Context {
	fields := maps.Clone(logFields(ctx))
	if fields == nil {
		fields = map[string]any{}
	}
	delete(fields, FieldPage)
	delete(fields, FieldCursorStep)
	fields[FieldRequest] = "token"
	return context.WithValue(ctx, logFieldsKey{}, fields)
}

func isPage(ctx context.Context) bool {
	f := logFields(ctx)
	_, page := f[FieldPage]
	_, step := f[FieldCursorStep]
	return page || step
}

// RequestCounts is what one operation (a list read, say) cost on the wire.
type RequestCounts struct {
	// Requests is every attempt sent, token requests and retries included.
	Requests int64
	// Pages is the list requests marked with WithPage or WithCursorStep,
	// each counted once however often it was retried; token requests excluded.
	Pages int64
	// Retries is the attempts repeated after a 5xx, a timeout or a dropped
	// connection.
	Retries int64
	// RateLimitWaits is how often a rate limit was waited out, and
	// RateLimitWaited how long in total.
	RateLimitWaits  int64
	RateLimitWaited time.Duration
}

// RequestCounter counts the requests made with a context from CountRequests;
// it is safe for concurrent use.
type RequestCounter struct {
	parent                                   *RequestCounter
	requests, pages, retries, waits, waitedN atomic.Int64
}

type counterKey struct{}

// CountRequests returns a context whose requests are counted, and the counter
// to read when the operation is done. Counters nest: an outer counter also
// counts what an inner one does.
func CountRequests(ctx context.Context) (context.Context, *RequestCounter) {
	parent, _ := ctx.Value(counterKey{}).(*RequestCounter)
	c := &RequestCounter{parent: parent}
	return context.WithValue(ctx, counterKey{}, c), c
}

func counterFrom(ctx context.Context) *RequestCounter {
	c, _ := ctx.Value(counterKey{}).(*RequestCounter)
	return c
}

// Counts reads the counter.
func (c *RequestCounter) Counts() RequestCounts {
	return RequestCounts{
		Requests:        c.requests.Load(),
		Pages:           c.pages.Load(),
		Retries:         c.retries.Load(),
		RateLimitWaits:  c.waits.Load(),
		RateLimitWaited: time.Duration(c.waitedN.Load()),
	}
}

func (c *RequestCounter) each(f func(*RequestCounter)) {
	for ; c != nil; c = c.parent {
		f(c)
	}
}

func (c *RequestCounter) addRequest() { c.each(func(c *RequestCounter) { c.requests.Add(1) }) }
func (c *RequestCounter) addPage()    { c.each(func(c *RequestCounter) { c.pages.Add(1) }) }
func (c *RequestCounter) addRetry()   { c.each(func(c *RequestCounter) { c.retries.Add(1) }) }
func (c *RequestCounter) addWait(d time.Duration) {
	c.each(func(c *RequestCounter) { c.waits.Add(1); c.waitedN.Add(int64(d)) })
}

// credentialParam matches query parameter names that carry a credential
// (api_key, access_token, client_secret, X-Amz-Signature...), not names
// that merely contain such a word (keyword, zipCode).
var credentialParam = regexp.MustCompile(`(?i)(^|[._\-\[])(api[_-]?key|key|(access|refresh|id|auth)?[_-]?token|(client)?[_-]?secret|password|passwd|pwd|sig|signature|auth|authorization|session[_-]?id|code)\]?$|(token|secret|password|apikey)$`)

// logQuery renders a query for a log line: parameters named like a
// credential and every known secret are masked.
func logQuery(q url.Values, secrets *Secrets) string {
	if len(q) == 0 {
		return ""
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		for _, v := range q[k] {
			if credentialParam.MatchString(k) {
				v = Mask
			} else {
				v = url.QueryEscape(secrets.Mask(v))
			}
			parts = append(parts, url.QueryEscape(k)+"="+strings.ReplaceAll(v, url.QueryEscape(Mask), Mask))
		}
	}
	return secrets.Mask(strings.Join(parts, "&"))
}

// throttleInfo is the wait after which a throttle wait is logged at INFO:
// a person watching a slow run sees where the time goes.
const throttleInfo = time.Second

// throttle waits for the client-side throttle (max_requests_per_second),
// saying so in the log: at DEBUG, and at INFO when the wait is longer than
// a second.
func (c *Client) throttle(ctx context.Context, r Request, attempt int) error {
	if c.limiter == nil {
		return nil
	}
	now := c.cfg.Now()
	res := c.limiter.ReserveN(now, 1)
	wait := res.DelayFrom(now)
	if wait <= 0 {
		return nil
	}
	level := LevelDebug
	if wait > throttleInfo {
		level = LevelInfo
	}
	c.log(ctx, level, "commerce API throttle: waiting before sending", map[string]any{
		"method": r.Method, "host": c.host, "path": r.Path, "attempt": attempt,
		"wait": wait.Round(time.Millisecond).String(), "wait_ms": wait.Milliseconds(),
		"max_requests_per_second": float64(c.limiter.Limit()),
	})
	if err := Sleep(ctx, wait); err != nil {
		res.Cancel()
		return err
	}
	return nil
}

// log sends one line to the Logger, with the context's fields and every
// string cleaned (Clean: secrets masked, control characters replaced): a
// reason or an error may quote a server.
func (c *Client) log(ctx context.Context, level Level, msg string, fields map[string]any) {
	if c.cfg.Logger == nil {
		return
	}
	all := maps.Clone(logFields(ctx))
	if all == nil {
		all = map[string]any{}
	}
	maps.Copy(all, fields)
	for k, v := range all {
		if s, ok := v.(string); ok {
			all[k] = c.cfg.Secrets.Clean(s)
		}
	}
	c.cfg.Logger(ctx, level, c.cfg.Secrets.Clean(msg), all)
}
