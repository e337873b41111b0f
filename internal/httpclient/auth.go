package httpclient

import (
	"context"
	"net/http"
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
	fetched := b.now()
	t, err := b.Source(TokenRequest(ctx))
	if err != nil {
		return "", err
	}
	b.secrets.AddIssued(t.Value)
	b.token, b.lifetime = t, t.Expires.Sub(fetched)
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
