package httpclient

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Every number a server sends is clamped before it becomes a duration:
// time.Duration(float64) wraps silently past about 292 years, into the past.
const (
	// minRateLimitWait is the shortest wait after a rate limit: a reset of 0
	// or in the past would otherwise have the client ask again at once.
	minRateLimitWait = time.Second
	// rateLimitSlack is added to a wait until a reset in the future: the
	// server's clock and ours differ.
	rateLimitSlack = 100 * time.Millisecond
	// maxResetSeconds is the longest wait in seconds read as one at all
	// (about 31 years); a longer one, inf and NaN are beyond any
	// max_rate_limit_wait, and the request gives up at once.
	maxResetSeconds = 1e9
	// unixTimeAbove: a reset header's value above it is a Unix time, not a
	// number of seconds (GitHub's X-RateLimit-Reset, say). Unix time passed
	// 10^9 in 2001, and 10^9 seconds are 31 years.
	unixTimeAbove = 1e9
	// maxUnixTime is the latest Unix time read as one (the year 5138).
	maxUnixTime = 1e11
	// maxSaidLen bounds how much of a header's value an error quotes.
	maxSaidLen = 40
)

// Reset is when a server said its rate limit ends.
type Reset struct {
	// At is the time; zero when Beyond.
	At time.Time
	// Beyond is set for a value that cannot be waited for: inf, NaN, or
	// more than maxResetSeconds.
	Beyond bool
	// Said is what the server said, e.g. `Retry-After: 1e10`, cleaned and
	// cut, for errors.
	Said string
}

// said renders a header and its value for an error: the value is a server's
// text, so it is sanitised and cut.
func said(name, value string) string {
	value = Sanitize(value)
	if r := []rune(value); len(r) > maxSaidLen {
		value = string(r[:maxSaidLen]) + "…"
	}
	return name + ": " + value
}

// ResetFromHeaders reads when a rate limit resets from Retry-After (seconds
// or an HTTP date) or, without it, from RateLimit-Reset or X-RateLimit-Reset
// (seconds from now, or a Unix time when above 10^9). A number of seconds
// below zero means now; inf, NaN and more than 10^9 seconds are Beyond.
func ResetFromHeaders(h http.Header, now time.Time) (Reset, bool) {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if secs, ok := parseSeconds(v); ok {
			return resetIn(now, secs, said("Retry-After", v)), true
		}
		if t, err := http.ParseTime(v); err == nil {
			return Reset{At: t, Said: said("Retry-After", v)}, true
		}
	}
	for _, name := range []string{"Ratelimit-Reset", "X-Ratelimit-Reset"} {
		v := strings.TrimSpace(h.Get(name))
		secs, ok := parseSeconds(v)
		switch {
		case !ok:
			continue
		case secs > unixTimeAbove && secs <= maxUnixTime:
			whole, frac := math.Modf(secs)
			return Reset{At: time.Unix(int64(whole), int64(frac*1e9)), Said: said(name, v)}, true
		default:
			return resetIn(now, secs, said(name, v)), true
		}
	}
	return Reset{}, false
}

// ResetAt is a reset time a platform read from a rate-limit body: name is
// the field, value its text as the server sent it.
func ResetAt(t time.Time, name, value string) Reset {
	return Reset{At: t, Said: said(name, value)}
}

// parseSeconds reads a number of seconds; inf and NaN are read too (and
// turn out Beyond), so that they are not taken for a date.
func parseSeconds(v string) (float64, bool) {
	secs, err := strconv.ParseFloat(v, 64)
	if err != nil && !math.IsInf(secs, 0) { // "1e400" is +Inf with ErrRange
		return 0, false
	}
	return secs, true
}

// resetIn is the reset secs seconds after now, clamped: below zero is now,
// inf, NaN and past maxResetSeconds are Beyond.
func resetIn(now time.Time, secs float64, said string) Reset {
	switch {
	case math.IsNaN(secs) || secs > maxResetSeconds:
		return Reset{Beyond: true, Said: said}
	case secs <= 0:
		return Reset{At: now, Said: said}
	}
	return Reset{At: now.Add(time.Duration(secs * float64(time.Second))), Said: said}
}

// rateLimitWait is how long to wait before the next attempt after a rate
// limit: until the reset the server gave (at least minRateLimitWait, plus
// a little slack), or defaultRateLimitWait when it gave none. ok is false
// when the reset cannot be waited for at all.
func (c *Client) rateLimitWait(e *APIError) (wait time.Duration, ok bool) {
	r := e.RateLimitReset
	switch {
	case r.Beyond:
		return 0, false
	case r.At.IsZero():
		return defaultRateLimitWait, true
	}
	wait = r.At.Sub(c.cfg.Now()) // saturates at about 292 years instead of wrapping around
	switch {
	case wait < minRateLimitWait:
		return minRateLimitWait, true
	case wait > maxResetSeconds*time.Second:
		return wait, false // a date in the year 9999: adding the slack would wrap
	}
	return wait + rateLimitSlack, true
}

// describeWait names a wait the client will not do, for the error that
// gives up: how long, and what the server said.
func describeWait(r Reset, wait time.Duration) string {
	switch {
	case r.Beyond || wait > maxResetSeconds*time.Second:
		return fmt.Sprintf("a wait past any limit (%s)", r.Said)
	case r.Said != "":
		return fmt.Sprintf("a wait of %s (%s)", wait.Round(time.Second), r.Said)
	}
	return fmt.Sprintf("a wait of %s", wait.Round(time.Second))
}
