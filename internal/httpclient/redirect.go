package httpclient

import (
	"fmt"
	"net/http"
)

// maxRedirects is how many same-origin redirects one attempt follows.
const maxRedirects = 3

// RedirectError is a redirect the client refused to follow. The policy:
// follow a redirect only within the client's own origin (the same scheme,
// host and port as its base URL, so never from https to http), at most
// maxRedirects hops; refuse any other, because Go would carry the request's
// credential headers (X-Api-Key always, Authorization to another port) and a
// 307's body (a password) along. It names the redirect's status and the
// Location's origin only: a Location's path or query may carry anything.
type RedirectError struct {
	Status int
	// Target is the origin of the Location (scheme://host:port).
	Target string
	// Allowed is the client's own origin.
	Allowed string
	// TooMany is set when the hop limit, not the origin, stopped it.
	TooMany bool
}

func (e *RedirectError) Error() string {
	if e.TooMany {
		return fmt.Sprintf("HTTP %d %s: refused to follow more than %d redirects", e.Status, http.StatusText(e.Status), maxRedirects)
	}
	return fmt.Sprintf("HTTP %d %s: refused to follow the redirect to %s: only redirects within %s are followed, so that no credential reaches another origin",
		e.Status, http.StatusText(e.Status), e.Target, e.Allowed)
}

func (*RedirectError) final() {}

// checkRedirect is the http.Client's CheckRedirect: req is the next request,
// via the ones before it; req.Response is the redirect that led to it.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	allowed := Origin(c.base)
	if target := Origin(req.URL); target != allowed {
		return &RedirectError{Status: status, Target: target, Allowed: allowed}
	}
	if len(via) > maxRedirects {
		return &RedirectError{Status: status, Target: allowed, Allowed: allowed, TooMany: true}
	}
	return nil
}
