package httpclient

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// LoopbackRule is the rule ParseBaseURL applies to http:// URLs, as a user
// reads it in an error.
const LoopbackRule = "http:// is allowed only for localhost or a literal loopback IP address (127.x.x.x, [::1]), never for a DNS name, whatever it looks like"

// ParseBaseURL accepts https:// anywhere and http:// only for a literal
// loopback IP or localhost (a DNS name such as 127.0.0.1.example.test can
// resolve anywhere, so it must use https://).
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%q is not an absolute URL", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !IsLoopback(u.Hostname()) {
			return nil, fmt.Errorf("%q uses http:// for a non-loopback host; use https://. %s", raw, LoopbackRule)
		}
	default:
		return nil, fmt.Errorf("%q must start with https:// (%s)", raw, LoopbackRule)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("the API root must not carry credentials, a query string or a fragment")
	}
	return u, nil
}

// IsLoopback reports whether host is localhost or a literal loopback IP
// address; any other name is not, whatever it looks like.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Origin is a URL's scheme, host and port (the port always written out), the
// unit a credential may travel within. It never carries a path, a query or a
// user.
func Origin(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port(u))
}

// port is u's port, or its scheme's default.
func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

// displayHost is how errors and logs name the API's host: host:port, the port
// left out when it is the scheme's default.
func displayHost(u *url.URL) string {
	if u.Port() == "" || u.Port() == port(&url.URL{Scheme: u.Scheme}) {
		return u.Hostname()
	}
	return u.Host
}
