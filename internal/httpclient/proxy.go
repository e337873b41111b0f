package httpclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
)

// ProxyError is a request that failed at the proxy the environment names
// (HTTPS_PROXY, HTTP_PROXY): the proxy could not be reached, refused to open
// the tunnel to the API, or did not answer; the API itself was never
// reached. It names the proxy's host and port (never its user info) and the
// variable it came from, so that a proxy's refusal never reads as the API's.
type ProxyError struct {
	// Proxy is the proxy's host:port.
	Proxy string
	// Variable is the environment variable that names it ("HTTPS_PROXY").
	Variable string
	// Target is the API's host:port the tunnel was for.
	Target string
	// Status is the proxy's answer to CONNECT when it refused (0 when it was
	// not reached or did not answer).
	Status int
	Err    error
}

func (e *ProxyError) Error() string {
	from := "the proxy " + e.Proxy
	if e.Variable != "" {
		from += " (from " + e.Variable + ")"
	}
	if e.Status != 0 {
		return fmt.Sprintf("%s refused to open a tunnel to %s: HTTP %d %s; the request did not reach the API: check the proxy or NO_PROXY",
			from, e.Target, e.Status, http.StatusText(e.Status))
	}
	return fmt.Sprintf("%s failed before the request reached %s: %v; check the proxy or NO_PROXY", from, e.Target, e.Err)
}

func (e *ProxyError) Unwrap() error { return e.Err }

// tunnelRefused is the transport's error for a CONNECT answered with
// another status than 200; proxyError names the proxy.
type tunnelRefused struct{ status int }

func (e *tunnelRefused) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.status, http.StatusText(e.status))
}

// refuseTunnel is the transport's OnProxyConnectResponse: it keeps the
// status of a refused CONNECT (the transport itself reports only the
// proxy's reason phrase, "Forbidden", which reads like the API's answer).
func refuseTunnel(_ context.Context, _ *url.URL, _ *http.Request, resp *http.Response) error {
	if resp.StatusCode != http.StatusOK {
		return &tunnelRefused{status: resp.StatusCode}
	}
	return nil
}

// proxyError names the proxy in err when req went through one and failed
// before it had a connection to the API; any other err comes back as is.
func (c *Client) proxyError(req *http.Request, err error) error {
	if c.proxy == nil || errors.Is(err, context.Canceled) {
		return err
	}
	p, perr := c.proxy(req)
	if perr != nil || p == nil {
		return err
	}
	pe := &ProxyError{Proxy: hostPort(p), Variable: proxyVariable(req.URL.Scheme), Target: hostPort(req.URL), Err: err}
	var refused *tunnelRefused
	if errors.As(err, &refused) {
		// A proxy that refused the tunnel refuses it again; one that could
		// not be reached may be back in a moment.
		pe.Status = refused.status
		return finalError{pe}
	}
	return pe
}

// hostPort is a URL's host and port, the port written out; never its user
// info.
func hostPort(u *url.URL) string {
	p := port(u)
	if p == "" && strings.EqualFold(u.Scheme, "socks5") {
		p = "1080"
	}
	return net.JoinHostPort(u.Hostname(), p)
}

// proxyVariable is the environment variable Go takes the proxy of a
// request with this scheme from: the upper-case name first.
func proxyVariable(scheme string) string {
	names := []string{"HTTP_PROXY", "http_proxy"}
	if strings.EqualFold(scheme, "https") {
		names = []string{"HTTPS_PROXY", "https_proxy"}
	}
	for _, n := range names {
		if os.Getenv(n) != "" {
			return n
		}
	}
	return ""
}
