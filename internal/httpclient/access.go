package httpclient

import (
	"context"
	"errors"
	"maps"
	"strings"
	"time"
)

// Access is what a call of the API made outside the provider needs to
// authenticate as the provider does (an ephemeral access token handed to
// another provider block or an HTTP request): the bearer token, when it
// expires, and every credential header such a call sends. It is a
// credential: every value in it is in the client's Secrets, never logged.
type Access struct {
	// Token is the bearer token: issued (a password or client-credentials
	// grant) or configured; "" where the platform takes none (an API key
	// only).
	Token string
	// Expires is when Token expires; zero when no expiry is known (a
	// configured token, or an issued one whose answer stated none).
	Expires time.Time
	// RenewAt is when the provider itself renews Token, ahead of Expires
	// (see renewMargin); zero when it never does.
	RenewAt time.Time
	// Headers are the credential headers a call sends, by name:
	// Authorization ("Bearer " + Token) and X-Api-Key where the platform
	// takes them.
	Headers map[string]string
}

// AccessSource is offered by a platform client whose credentials a call
// made outside the provider can use: Access hands out the credential the
// client sends now (the same token cache, so a fresh token costs no
// request), RenewAccess a renewed one (a new token where the platform
// issues them; a configured credential cannot be renewed and comes back as
// it is).
type AccessSource interface {
	Access(ctx context.Context) (Access, error)
	RenewAccess(ctx context.Context) (Access, error)
}

// accessor is an Authenticator that can hand out its credential.
type accessor interface {
	access(ctx context.Context, renew bool) (Access, error)
}

// ErrNoAccess is returned by Access when the client's credential cannot be
// handed out (an Authenticator of another kind).
var ErrNoAccess = errors.New("this client's credential cannot be handed out")

// Access is the credential the client sends now (see AccessSource).
func (c *Client) Access(ctx context.Context) (Access, error) { return c.access(ctx, false) }

// RenewAccess renews the client's token and returns it (see AccessSource).
func (c *Client) RenewAccess(ctx context.Context) (Access, error) { return c.access(ctx, true) }

func (c *Client) access(ctx context.Context, renew bool) (Access, error) {
	a, ok := c.cfg.Auth.(accessor)
	if !ok {
		return Access{}, ErrNoAccess
	}
	acc, err := a.access(ctx, renew)
	if err != nil {
		return Access{}, c.cfg.Secrets.MaskError(err)
	}
	// A token handed out may be used long after the client was issued
	// newer ones: it stays masked for the client's life (issued tokens
	// leave the set after maxIssued newer ones).
	c.cfg.Secrets.Pin(acc.Token)
	for _, v := range acc.Headers {
		c.cfg.Secrets.Pin(v)
	}
	return acc, nil
}

// access hands out the static headers; they cannot be renewed.
//
//nolint:unparam // accessor's signature: a RenewingBearer's can fail
func (h Headers) access(context.Context, bool) (Access, error) {
	tok, _ := strings.CutPrefix(h["Authorization"], "Bearer ")
	return Access{Token: tok, Headers: maps.Clone(map[string]string(h))}, nil
}

// access is the current token (fetched when there is none or it is due for
// renewal, as for a request); renew drops the current one first, so a new
// one is fetched, which later requests of the client use too.
func (b *RenewingBearer) access(ctx context.Context, renew bool) (Access, error) {
	if renew {
		b.mu.Lock()
		b.token = Token{}
		b.mu.Unlock()
	}
	tok, err := b.current(ctx)
	if err != nil {
		return Access{}, err
	}
	b.mu.Lock()
	t, lifetime := b.token, b.lifetime
	b.mu.Unlock()
	acc := Access{Token: tok, Headers: maps.Clone(map[string]string(b.Extra))}
	if acc.Headers == nil {
		acc.Headers = map[string]string{}
	}
	acc.Headers["Authorization"] = "Bearer " + tok
	if t.Value == tok && !t.Expires.IsZero() {
		acc.Expires = t.Expires
		acc.RenewAt = t.Expires.Add(-renewMargin(lifetime))
	}
	return acc, nil
}
