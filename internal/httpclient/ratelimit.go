package httpclient

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ResetFromHeaders reads when a rate limit resets from Retry-After (seconds or
// an HTTP date) or ratelimit-reset / X-RateLimit-Reset (seconds from now).
func ResetFromHeaders(h http.Header, now time.Time) (time.Time, bool) {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 {
			return now.Add(time.Duration(secs * float64(time.Second))), true
		}
		if t, err := http.ParseTime(v); err == nil {
			return t, true
		}
	}
	for _, name := range []string{"Ratelimit-Reset", "X-Ratelimit-Reset"} {
		if v := strings.TrimSpace(h.Get(name)); v != "" {
			if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 {
				return now.Add(time.Duration(secs * float64(time.Second))), true
			}
		}
	}
	return time.Time{}, false
}
