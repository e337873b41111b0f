package sandbox

import (
	"math"
	"net/http"
	"slices"
	"strings"
	"time"
)

// AdobeIMSRoot is where the fake Adobe IMS is mounted: a provider's ims_url
// is the sandbox URL plus this, and the token endpoint is
// {ims_url}/ims/token/v3 as on https://ims-na1.adobelogin.com.
const AdobeIMSRoot = "/adobe-ims"

// imsTokenRoute is the fake IMS's client-credentials grant.
const imsTokenRoute = "POST " + AdobeIMSRoot + "/ims/token/v3"

// Defaults for the fake IMS's OAuth server-to-server credential.
const (
	DefaultClientID     = "sandbox-client-id"
	DefaultClientSecret = "sandbox-client-secret"
)

// imsScopes are the scopes the fake IMS grants: the Commerce Partner API's
// metascope and the usual identity scopes of a Developer Console credential.
var imsScopes = []string{"ent_partners_sdk", "openid", "AdobeID", "read_organizations"}

// imsErrors answers in OAuth's shape {"error", "error_description"}.
type imsErrors struct{}

func (imsErrors) writeError(w http.ResponseWriter, status int, msg string) {
	writeIMSError(w, status, "server_error", msg)
}

func (imsErrors) writeRateLimited(w http.ResponseWriter, reset time.Time) {
	w.Header().Set("Retry-After", retryAfterSeconds(reset))
	writeIMSError(w, http.StatusTooManyRequests, "too_many_requests", "Too many requests")
}

func writeIMSError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

// imsToken is POST /ims/token/v3 with the client-credentials grant: a
// form-encoded body with grant_type=client_credentials, client_id,
// client_secret and scope (comma-separated). A wrong client id or secret is
// 400 invalid_client, as IMS answers; a token lives Options.TokenTTL and
// ExpireTokens ends every token issued so far.
func (s *Server) imsToken(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		writeIMSError(w, http.StatusBadRequest, "invalid_request", "the body must be application/x-www-form-urlencoded")
		return
	}
	if err := r.ParseForm(); err != nil {
		writeIMSError(w, http.StatusBadRequest, "invalid_request", "the body is not a form")
		return
	}
	f := r.PostForm
	switch {
	case f.Get("grant_type") != "client_credentials":
		writeIMSError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be client_credentials")
		return
	case f.Get("client_id") == "":
		writeIMSError(w, http.StatusBadRequest, "invalid_request", "missing client_id parameter")
		return
	case f.Get("client_id") != DefaultClientID:
		writeIMSError(w, http.StatusBadRequest, "invalid_client", "invalid client_id parameter")
		return
	case f.Get("client_secret") != s.adobeClientSecret():
		writeIMSError(w, http.StatusBadRequest, "invalid_client", "invalid client_secret parameter")
		return
	}
	scopes := strings.Split(f.Get("scope"), ",")
	for _, sc := range scopes {
		if !slices.Contains(imsScopes, strings.TrimSpace(sc)) {
			writeIMSError(w, http.StatusBadRequest, "invalid_scope", "invalid scope ("+sc+")")
			return
		}
	}
	tok, exp := s.issueToken()
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok,
		"token_type":   "bearer",
		"expires_in":   int(math.Round(time.Until(exp).Seconds())),
	})
}

func (s *Server) adobeClientSecret() string {
	st := s.adobe()
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.clientSecret
}
