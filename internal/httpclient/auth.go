package httpclient

import (
	"context"
	"net/http"
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

// Token is an access token and when it expires.
type Token struct {
	Value   string
	Expires time.Time
}

// TokenSource obtains a new access token (for example with a password grant).
type TokenSource func(ctx context.Context) (Token, error)

// renewMargin renews a token this long before it expires, so a request never
// leaves with a token that dies on the way.
const renewMargin = 60 * time.Second

// RenewingBearer sends "Authorization: Bearer <token>" with a token from a
// TokenSource, fetched on first use, renewed ahead of its expiry and once per
// 401. Concurrent callers share one renewal: no renewal storm.
type RenewingBearer struct {
	Source TokenSource
	// Extra headers sent with every request (for example an API key).
	Extra Headers
	Now   func() time.Time

	mu    sync.Mutex
	token Token
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
	if b.token.Value != "" && (b.token.Expires.IsZero() || b.now().Add(renewMargin).Before(b.token.Expires)) {
		return b.token.Value, nil
	}
	t, err := b.Source(ctx)
	if err != nil {
		return "", err
	}
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
