package adobevip

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

const (
	// DefaultIMSURL is Adobe's production identity service; the sandbox
	// environment's is https://ims-na1-stg1.adobelogin.com (API-NOTES 2.1).
	DefaultIMSURL = "https://ims-na1.adobelogin.com"
	// DefaultScopes is the Commerce Partner API's metascope, the same in
	// both environments (VIPMP docs, authentication/index.md). IMS takes
	// scopes comma-separated.
	DefaultScopes = "ent_partners_sdk"
	// TokenPath is the OAuth server-to-server token endpoint under the IMS URL.
	TokenPath = "/ims/token/v3"
)

// imsToken is the token endpoint's answer; expires_in is in seconds.
type imsToken struct {
	AccessToken string               `json:"access_token"`
	TokenType   string               `json:"token_type"`
	ExpiresIn   httpclient.ExpiresIn `json:"expires_in"`
}

// ClientCredentialsTokenSource gets tokens from POST {ims}/ims/token/v3 with
// the OAuth server-to-server grant: grant_type=client_credentials, client_id,
// client_secret and scope, form-encoded. ims is a client whose base URL is
// the IMS URL, so the secret goes to that origin only. The expiry comes from
// expires_in.
//
// A refusal (4xx: a wrong secret, a client id IMS does not know, a scope the
// credential lacks) is remembered: a credential IMS rejected will not be
// right a second later, so later requests fail with the same error instead
// of asking again (one token request per run, however many resources).
func ClientCredentialsTokenSource(ims *httpclient.Client, clientID, clientSecret, scopes string, now func() time.Time) httpclient.TokenSource {
	var (
		mu       sync.Mutex
		rejected error
	)
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {clientID},
		"client_secret": {clientSecret},
		"scope":         {scopes},
	}
	return func(ctx context.Context) (httpclient.Token, error) {
		mu.Lock()
		defer mu.Unlock()
		if rejected != nil {
			return httpclient.Token{}, rejected
		}
		var tr imsToken
		err := ims.Do(ctx, httpclient.Request{
			Method:     http.MethodPost,
			Path:       TokenPath,
			Form:       form,
			Idempotent: true, // asking for a token twice is harmless
			NoAuth:     true,
		}, &tr)
		if err != nil {
			// Not naming client_id's value: it is the API key too, masked everywhere.
			err = fmt.Errorf("getting an Adobe IMS access token: %w", err)
			if s := httpclient.StatusOf(err); s >= 400 && s < 500 && s != http.StatusTooManyRequests {
				rejected = err
			}
			return httpclient.Token{}, err
		}
		if tr.AccessToken == "" {
			return httpclient.Token{}, errors.New("POST " + TokenPath + ": the response carries no access_token")
		}
		if tt := strings.ToLower(tr.TokenType); tt != "" && tt != "bearer" {
			return httpclient.Token{}, fmt.Errorf("POST %s: token_type %q, want bearer", TokenPath, tr.TokenType)
		}
		// expires_in is clamped before it becomes a duration, and the
		// token's lifetime by RenewingBearer.
		return httpclient.Token{Value: tr.AccessToken, Expires: tr.ExpiresIn.Expires(now())}, nil
	}
}

// IMSErrorMessage renders an IMS error body, OAuth's
// {"error": "invalid_client", "error_description": "invalid client_secret parameter"},
// as "invalid_client: invalid client_secret parameter".
func IMSErrorMessage(body []byte) string {
	var e struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if json.Unmarshal(body, &e) != nil || e.Error == "" {
		return ErrorMessage(body)
	}
	if e.Description == "" {
		return e.Error
	}
	return e.Error + ": " + e.Description
}

// checkIMSURL accepts what base_url accepts: https://, or http:// to loopback.
func checkIMSURL(v string) error {
	_, err := httpclient.ParseBaseURL(v)
	return err
}
