package httpclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// BadAnswerError is a success answer the client cannot use: HTML where
// JSON was expected, or JSON without what the API documents (a list
// without its list key, a record of another customer than the one asked
// for). It names the request; no retry mends it. Detail may quote the
// server: it is cleaned (Clean) before it is shown.
type BadAnswerError struct {
	Host, Method, Path string
	Detail             string
	// Unknown is set for a write: its answer is not what the API documents,
	// so whether it was applied is not known.
	Unknown bool
}

func (e *BadAnswerError) Error() string {
	msg := fmt.Sprintf("%s: %s %s: %s", e.Host, e.Method, e.Path, e.Detail)
	if e.Unknown {
		msg += outcomeUnknownText
	}
	return msg
}

func (*BadAnswerError) final()                 {}
func (e *BadAnswerError) outcomeUnknown() bool { return e.Unknown }

// Invalid is the error for the success answer of r that is not what the
// API documents: detail says what is wrong (and may quote the answer: it is
// cleaned here, once).
func (c *Client) Invalid(r Request, format string, args ...any) error {
	return &BadAnswerError{Host: c.host, Method: r.Method, Path: r.Path,
		Detail: c.cfg.Secrets.Clean(fmt.Sprintf(format, args...)), Unknown: r.writes()}
}

// htmlTitle finds an HTML page's title.
var htmlTitle = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// maxTitleLen bounds how much of an HTML page's title a message quotes.
const maxTitleLen = 100

// htmlAnswer says "the server answered HTML (HTTP 503, text/html): "title""
// when a body is markup rather than JSON: it starts with "<", or it is
// labelled HTML and does not start like JSON (a proxy's error page, a
// maintenance page, a login form).
func htmlAnswer(res response) (string, bool) {
	body := bytes.TrimLeft(res.body, " \t\r\n\ufeff")
	ct := res.header.Get("Content-Type")
	media, _, _ := mime.ParseMediaType(ct)
	labelled := strings.Contains(strings.ToLower(media), "html")
	startsJSON := len(body) > 0 && (body[0] == '{' || body[0] == '[')
	startsMarkup := len(body) > 0 && body[0] == '<'
	if !startsMarkup && (!labelled || startsJSON) {
		return "", false
	}
	if ct == "" {
		ct = "no content type"
	}
	msg := fmt.Sprintf("the server answered HTML (HTTP %d %s, %s), not JSON", res.status, http.StatusText(res.status), said("Content-Type", ct))
	if m := htmlTitle.FindSubmatch(body); m != nil {
		title := strings.Join(strings.Fields(string(m[1])), " ")
		if r := []rune(title); len(r) > maxTitleLen {
			title = string(r[:maxTitleLen]) + "…"
		}
		if title != "" {
			msg += fmt.Sprintf(": its title is %q", Sanitize(title))
		}
	}
	return msg, true
}

// maxKeysNamed bounds how many of an object's keys Describe names.
const maxKeysNamed = 8

// Describe says what a JSON body is, for an error about what it lacks:
// "it is null", "it is an empty object", "its keys are a, b and c", "it is
// an array". Keys are the server's text: they are cut, and Invalid cleans
// them.
func Describe(body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return "it is empty"
	}
	switch body[0] {
	case 'n':
		return "it is null"
	case '[':
		return "it is an array, not an object"
	case '"':
		return "it is a string, not an object"
	case '{':
	default:
		return "it is not a JSON object"
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil {
		return "it is not a JSON object"
	}
	if len(obj) == 0 {
		return "it is an empty object"
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		if r := []rune(k); len(r) > maxSaidLen {
			k = string(r[:maxSaidLen]) + "…"
		}
		keys = append(keys, fmt.Sprintf("%q", k))
	}
	slices.Sort(keys)
	more := ""
	if len(keys) > maxKeysNamed {
		more = fmt.Sprintf(" and %d more", len(keys)-maxKeysNamed)
		keys = keys[:maxKeysNamed]
	}
	return "its keys are " + strings.Join(keys, ", ") + more
}
