package httpclient

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Mask replaces a secret wherever it appears in an error or a log line.
const Mask = "***"

// minSecretLen is the shortest value masked: a one- to three-character
// "secret" guards nothing, and masking it would garble every message (a
// token "t" would take every t out of every error).
const minSecretLen = 4

// maxIssued is how many issued tokens stay masked: the latest ones, which are
// the only ones still sent. Short-lived tokens are issued all through a long
// run, and every masked spelling costs every error and log line a pass.
const maxIssued = 16

// maxIssuedFormBytes bounds the memory the spellings of issued tokens take:
// the newest token is always masked (an issued token is at most
// MaxTokenBytes, whose spellings fit), older ones only while their spellings
// fit too. Without it, 16 tokens of 8 MiB took 850 MB.
const maxIssuedFormBytes = 4 << 20

// Secrets is the set of credentials one provider block holds: the configured
// ones (token, password, API key, client secret) and the tokens it was issued
// (the latest maxIssued). Every error that leaves the client and every log
// line it writes goes through Mask, whatever produced the text (a server
// echoing a request, a token endpoint echoing a form). Values shorter than
// minSecretLen are not masked. The zero value and nil are empty; it is safe
// for concurrent use.
type Secrets struct {
	mu                 sync.RWMutex
	configured, issued []string
	// forms holds every spelling of every secret, longest first, so that a
	// secret containing another is masked whole.
	forms []string
}

// NewSecrets returns a set holding the non-empty values.
func NewSecrets(values ...string) *Secrets {
	s := &Secrets{}
	s.Add(values...)
	return s
}

// Add puts more configured secrets in the set (a header's value, say).
func (s *Secrets) Add(values ...string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.configured = append(s.configured, values...)
	s.refresh()
}

// Pin keeps v in the set for the set's life, like a configured secret (a
// token handed out of the client, which may be used after newer tokens
// were issued); a value already configured or pinned is not added again.
func (s *Secrets) Pin(v string) {
	if s == nil || len(v) < minSecretLen {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if slices.Contains(s.configured, v) {
		return
	}
	s.configured = append(s.configured, v)
	s.refresh()
}

// AddIssued puts a token the client was issued in the set; the oldest issued
// token beyond maxIssued leaves it.
func (s *Secrets) AddIssued(token string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.issued = append(s.issued, token)
	if len(s.issued) > maxIssued {
		s.issued = slices.Delete(s.issued, 0, len(s.issued)-maxIssued)
	}
	s.refresh()
}

// refresh recomputes forms; the caller holds mu. The issued tokens are
// taken newest first, and the older ones whose spellings no longer fit in
// maxIssuedFormBytes leave the set.
func (s *Secrets) refresh() {
	seen := map[string]bool{}
	s.forms = s.forms[:0]
	add := func(forms []string) {
		for _, f := range forms {
			if !seen[f] {
				seen[f] = true
				s.forms = append(s.forms, f)
			}
		}
	}
	for _, v := range s.configured {
		add(spellings(v))
	}
	size, keep := 0, 0
	for i := len(s.issued) - 1; i >= 0; i-- {
		forms := spellings(s.issued[i])
		n := 0
		for _, f := range forms {
			n += len(f)
		}
		if keep > 0 && size+n > maxIssuedFormBytes {
			break
		}
		size += n
		keep++
		add(forms)
	}
	s.issued = slices.Delete(s.issued, 0, len(s.issued)-keep)
	slices.SortFunc(s.forms, func(a, b string) int { return len(b) - len(a) })
}

// spellings are the forms a secret takes when a server echoes it: as sent or
// JSON-escaped (with and without Go's HTML escaping), each also URL-encoded
// as a query value or a path segment, with upper- or lower-case hex digits.
func spellings(v string) []string {
	if len(v) < minSecretLen {
		return nil
	}
	texts := []string{v}
	if b, err := json.Marshal(v); err == nil {
		texts = append(texts, strings.Trim(string(b), `"`))
	}
	var plain strings.Builder
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) == nil {
		texts = append(texts, strings.Trim(strings.TrimSpace(plain.String()), `"`))
	}
	var out []string
	for _, t := range texts {
		for _, f := range []string{t, url.QueryEscape(t), url.PathEscape(t), lowerHex(url.QueryEscape(t)), lowerHex(url.PathEscape(t))} {
			if f != "" && !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// lowerHex lower-cases the hex digits of every %XX escape.
func lowerHex(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = lower(b[i+1]), lower(b[i+2])
			i += 2
		}
	}
	return string(b)
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}

// List returns every spelling of every secret (for a logger's own masking).
func (s *Secrets) List() []string {
	if s == nil {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.forms)
}

// Mask replaces every secret in text with Mask.
func (s *Secrets) Mask(text string) string {
	if s == nil {
		return text
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, f := range s.forms {
		text = strings.ReplaceAll(text, f, Mask)
	}
	return text
}

// MaskError returns err with its text cleaned (Clean: masked, and stripped
// of what could steer a terminal); errors.Is and errors.As still see the
// original chain.
func (s *Secrets) MaskError(err error) error {
	if err == nil {
		return nil
	}
	if m, ok := err.(*maskedError); ok && m.secrets == s {
		return err
	}
	return &maskedError{err: err, secrets: s, text: s.Clean(err.Error())}
}

type maskedError struct {
	err     error
	secrets *Secrets
	text    string // cleaned when made, while every token it may hold is in the set
}

// Error masks again when read, so a token issued after the error was made
// is masked too.
func (e *maskedError) Error() string { return e.secrets.Clean(e.text) }
func (e *maskedError) Unwrap() error { return e.err }
