package httpclient

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Authenticator puts credentials on a request and, where it can, renews them.
type Authenticator interface {
	// Apply sets the credential headers on req.
	Apply(ctx context.Context, req *http.Request) error
	// Renew is called after a 401 for a request that was sent with the
	// credential `used`. It returns false when the credential cannot be renewed.
	Renew(ctx context.Context, used string) (bool, error)
}

// Headers is a static set of credential headers (a fixed bearer token, an API
// key); it cannot be renewed.
type Headers map[string]string

func (h Headers) Apply(_ context.Context, req *http.Request) error {
	for k, v := range h {
		req.Header.Set(k, v)
	}
	return nil
}

func (Headers) Renew(context.Context, string) (bool, error) { return false, nil }

// adoptSecrets masks every header value, and the token of a bearer value.
func (h Headers) adoptSecrets(s *Secrets) {
	for _, v := range h {
		s.Add(v)
		if tok, ok := strings.CutPrefix(v, "Bearer "); ok {
			s.Add(tok)
		}
	}
}

// Token is an access token and when it expires.
type Token struct {
	Value   string
	Expires time.Time
}

// TokenSource obtains a new access token (for example with a password grant).
type TokenSource func(ctx context.Context) (Token, error)

// maxRenewMargin is how long before its expiry a long-lived token is renewed,
// so a request never leaves with a token that dies on the way.
const maxRenewMargin = 60 * time.Second

// Bounds on what a token endpoint may say. A token's lifetime is clamped:
// one above a day is taken as a day (an expires_in of 10^10 wrapped the
// expiry into the past: a token request before every request), one below a
// minute as a minute (a token that really dies sooner is renewed after its
// first 401), so that a run asks for at most one token per half minute
// whatever the server says.
const (
	// MaxTokenBytes is the longest access token accepted: real ones are a
	// few KiB (Adobe's JWTs about 1.5). Each issued token is masked in all
	// its spellings, so its size is memory.
	MaxTokenBytes = 64 << 10
	// MaxTokenLifetime and MinTokenLifetime clamp a token's lifetime.
	MaxTokenLifetime = 24 * time.Hour
	MinTokenLifetime = time.Minute
)

// ExpiresIn is a token answer's expires_in: seconds, as a number or as a
// numeric string ("3600"). What is not a positive number (null, 0, NaN, a
// word) means no stated expiry: the token is used until a 401.
type ExpiresIn struct {
	seconds float64
}

func (e *ExpiresIn) UnmarshalJSON(b []byte) error {
	text := strings.Trim(strings.TrimSpace(string(b)), `"`)
	secs, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if (err != nil && !math.IsInf(secs, 1)) || math.IsNaN(secs) || secs <= 0 {
		secs = 0
	}
	e.seconds = secs
	return nil
}

// Expires is when a token fetched at fetched expires: zero when no expiry
// was stated; never more than MaxTokenLifetime ahead (clamped before the
// seconds become a duration, which would overflow).
func (e ExpiresIn) Expires(fetched time.Time) time.Time {
	if e.seconds <= 0 {
		return time.Time{}
	}
	return fetched.Add(time.Duration(min(e.seconds, MaxTokenLifetime.Seconds()) * float64(time.Second)))
}

// TokenTooLargeError is an access token over MaxTokenBytes.
type TokenTooLargeError struct{ Size int }

func (e *TokenTooLargeError) Error() string {
	return fmt.Sprintf("the token endpoint issued an access token of %d bytes, more than the %s a token may have; it was not used", e.Size, byteSize(MaxTokenBytes))
}

// renewMargin is proportional to a token's lifetime: half of it, at most
// maxRenewMargin. A fixed 60 s margin made a token that lives less than that
// expired on arrival, fetched again for every request; with half its lifetime,
// token requests grow with time (one per half-lifetime), not with requests.
func renewMargin(lifetime time.Duration) time.Duration {
	return max(0, min(maxRenewMargin, lifetime/2))
}

// RenewingBearer sends "Authorization: Bearer <token>" with a token from a
// TokenSource, fetched on first use, renewed ahead of its expiry (see
// renewMargin) and once per 401. Concurrent callers share one renewal: no
// renewal storm. Every token it gets is added to the client's Secrets.
type RenewingBearer struct {
	Source TokenSource
	// Extra headers sent with every request (for example an API key).
	Extra Headers
	Now   func() time.Time

	mu       sync.Mutex
	token    Token
	lifetime time.Duration // token's, from when it was fetched to its expiry
	secrets  *Secrets
	// refused is set when the token endpoint issued a token over
	// MaxTokenBytes: it would again, so it is not asked again.
	refused error
}

func (b *RenewingBearer) adoptSecrets(s *Secrets) {
	b.mu.Lock()
	b.secrets = s
	b.mu.Unlock()
	b.Extra.adoptSecrets(s)
}

func (b *RenewingBearer) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

func (b *RenewingBearer) current(ctx context.Context) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.token.Value != "" && (b.token.Expires.IsZero() || b.now().Add(renewMargin(b.lifetime)).Before(b.token.Expires)) {
		return b.token.Value, nil
	}
	if b.refused != nil {
		return "", b.refused
	}
	fetched := b.now()
	t, err := b.Source(TokenRequest(ctx))
	if err != nil {
		return "", err
	}
	if len(t.Value) > MaxTokenBytes {
		b.refused = &TokenTooLargeError{Size: len(t.Value)}
		return "", b.refused
	}
	if !t.Expires.IsZero() {
		b.lifetime = min(MaxTokenLifetime, max(MinTokenLifetime, t.Expires.Sub(fetched)))
		t.Expires = fetched.Add(b.lifetime)
	}
	b.secrets.AddIssued(t.Value)
	b.token = t
	return t.Value, nil
}

func (b *RenewingBearer) Apply(ctx context.Context, req *http.Request) error {
	tok, err := b.current(ctx)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	return b.Extra.Apply(ctx, req)
}

// Renew drops the token that drew a 401, unless another caller already
// replaced it, and fetches a new one.
func (b *RenewingBearer) Renew(ctx context.Context, used string) (bool, error) {
	b.mu.Lock()
	if "Bearer "+b.token.Value == used {
		b.token = Token{}
	}
	b.mu.Unlock()
	_, err := b.current(ctx)
	return err == nil, err
}
