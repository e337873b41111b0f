package adobevip

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

const (
	tokenRoute = "POST " + sandbox.AdobeIMSRoot + "/ims/token/v3"
	patchRoute = "PATCH " + sandbox.AdobeVIPRoot + "/v3/customers/{id}"
)

// oauthSettings are provider settings for the sandbox with the OAuth grant;
// the IMS is reached as localhost and the API as 127.0.0.1: two origins.
func oauthSettings(url string) customers.Settings {
	return customers.Settings{
		"base_url":      url + sandbox.AdobeVIPRoot,
		"ims_url":       strings.Replace(url, "127.0.0.1", "localhost", 1) + sandbox.AdobeIMSRoot,
		"client_id":     sandbox.DefaultClientID,
		"client_secret": sandbox.DefaultClientSecret,
		"reseller_id":   sandbox.DefaultResellerID,
	}
}

func openClient(t *testing.T, s customers.Settings, secrets *httpclient.Secrets) *Client {
	t.Helper()
	hc := testutil.Retries()
	hc.Secrets = secrets
	return testutil.Open[*Client](t, Open, s, hc)
}

func TestOpen_credentialsAreExactlyOneWay(t *testing.T) {
	base := customers.Settings{"reseller_id": "r"}
	with := func(kv ...string) customers.Settings {
		s := customers.Settings{}
		for k, v := range base {
			s[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			s[kv[i]] = kv[i+1]
		}
		return s
	}
	for _, tc := range []struct {
		name     string
		settings customers.Settings
		attr     string
		detail   string
	}{
		{"none", with(), "token", "needs credentials: set either client_id and client_secret, or token and api_key."},
		{"both", with("token", "t", "api_key", "k", "client_id", "c", "client_secret", "s"), "token", "two ways to authenticate are set (client_id and client_secret; token): set either client_id and client_secret, or token and api_key, not both."},
		{"token without api key", with("token", "t"), "api_key", "token is set but api_key is not: set api_key as well, or use client_id and client_secret instead."},
		{"client id without secret", with("client_id", "c"), "client_secret", "client_id is set but client_secret is not: set client_secret as well, or use token and api_key instead."},
		{"secret without client id", with("client_secret", "s"), "client_id", "client_secret is set but client_id is not"},
		{"http IMS", with("client_id", "c", "client_secret", "s", "ims_url", "http://ims.example.com"), "ims_url", "use https://"},
	} {
		_, err := Open(tc.settings, httpclient.Config{})
		var se *customers.SettingError
		require.ErrorAs(t, err, &se, tc.name)
		assert.Equal(t, tc.attr, se.Attr, tc.name)
		assert.Contains(t, se.Detail, tc.detail, tc.name)
	}
}

// TestClientCredentials_fetchedOnceSharedAndRenewed: concurrent reads share
// one token request (the documented form to the IMS origin, the client id as
// API key to the API origin); after the tokens expire, one renewal serves
// them all; the secret and every token are in the shared secrets.
func TestClientCredentials_fetchedOnceSharedAndRenewed(t *testing.T) {
	sb, url := testutil.StartSandbox(t, sandbox.Options{Customers: 3})
	secrets := &httpclient.Secrets{}
	c := openClient(t, oauthSettings(url), secrets)
	read := func() {
		var wg sync.WaitGroup
		for range 12 {
			wg.Go(func() {
				_, err := c.GetAccount(context.Background(), "1006374000")
				assert.NoError(t, err)
			})
		}
		wg.Wait()
	}
	read()
	assert.Equal(t, 1, sb.Count(tokenRoute), "one token request shared by concurrent calls")
	sb.ExpireTokens()
	read()
	assert.Equal(t, 2, sb.Count(tokenRoute), "one renewal after the 401s")

	var tokens []string
	for _, r := range sb.Requests() {
		if r.Pattern == tokenRoute {
			assert.Empty(t, r.Header.Get("Authorization"), "no API credential goes to IMS")
			assert.Empty(t, r.Header.Get("X-Api-Key"))
			assert.Equal(t, "application/x-www-form-urlencoded", r.Header.Get("Content-Type"))
			assert.Equal(t, "client_id=sandbox-client-id&client_secret=sandbox-client-secret&grant_type=client_credentials&scope=ent_partners_sdk", string(r.Body))
			continue
		}
		assert.Equal(t, sandbox.DefaultClientID, r.Header.Get("X-Api-Key"))
		tokens = append(tokens, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
	}
	require.NotEmpty(t, tokens)
	for _, s := range append(tokens, sandbox.DefaultClientSecret) {
		assert.Equal(t, httpclient.Mask, secrets.Mask(s))
	}
}

// TestClientCredentials_wrongSecretIsOneRequest: IMS's refusal is one token
// request, no retries, and an error with its message and the settings to
// check; later calls fail the same way without asking IMS again.
func TestClientCredentials_wrongSecretIsOneRequest(t *testing.T) {
	sb, url := testutil.StartSandbox(t, sandbox.Options{Customers: 1})
	s := oauthSettings(url)
	s["client_secret"] = "wrong-secret"
	c := openClient(t, s, nil)
	for range 3 {
		_, err := c.GetAccount(context.Background(), "1006374000")
		require.Error(t, err)
		assert.Regexp(t, `getting an Adobe IMS access token: localhost:\d+: POST /ims/token/v3: HTTP 400 Bad Request: invalid_client: invalid client_secret parameter; check client_id, client_secret and scopes \(not set: ent_partners_sdk\)$`, err.Error())
		assert.NotContains(t, err.Error(), "wrong-secret")
	}
	assert.Equal(t, 1, sb.Count(tokenRoute))
	assert.Equal(t, 1, sb.TotalRequests(), "nothing reached the API")
}

// patches returns the bodies of the PATCHes sent since the last reset.
func patches(t *testing.T, sb *sandbox.Server) []map[string]any {
	var out []map[string]any
	for _, r := range sb.Requests() {
		if r.Pattern == patchRoute {
			var m map[string]any
			require.NoError(t, json.Unmarshal(r.Body, &m))
			out = append(out, m)
		}
	}
	return out
}

// TestUpdateAccount_fullProfileContactsOnlyWhenChanged: a city change sends
// the whole companyProfile with the current values and no contacts; the same
// contacts again send nothing at all; new contacts are sent (and welcomed).
func TestUpdateAccount_fullProfileContactsOnlyWhenChanged(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 3})
	c := clientFor(t, sb, nil)
	ctx := context.Background()
	cur, err := c.GetAccount(ctx, "1006374001")
	require.NoError(t, err)
	city := "Albany"
	got, sent, err := c.UpdateAccount(ctx, cur, Change{Address: AddressChange{City: &city}, Contacts: cur.CompanyProfile.Contacts})
	require.NoError(t, err)
	assert.Equal(t, []string{"companyProfile.address.city"}, sent)
	assert.Equal(t, "Albany", got.CompanyProfile.Address.City)
	bodies := patches(t, sb)
	require.Len(t, bodies, 1)
	profile := bodies[0]["companyProfile"].(map[string]any)
	assert.NotContains(t, profile, "contacts", "unchanged contacts are not sent: Adobe would email them")
	assert.Equal(t, cur.CompanyProfile.CompanyName, profile["companyName"])
	assert.Equal(t, cur.CompanyProfile.PreferredLanguage, profile["preferredLanguage"])
	addr := profile["address"].(map[string]any)
	assert.Equal(t, cur.CompanyProfile.Address.Region, addr["region"])
	assert.Equal(t, cur.CompanyProfile.Address.AddressLine1, addr["addressLine1"])
	assert.NotContains(t, bodies[0], "externalReferenceId")

	sb.ResetCounts()
	_, sent, err = c.UpdateAccount(ctx, got, Change{Address: AddressChange{City: &city}, Contacts: got.CompanyProfile.Contacts})
	require.NoError(t, err)
	assert.Empty(t, sent)
	assert.Zero(t, sb.TotalRequests(), "nothing differs: no PATCH")

	next := append(got.CompanyProfile.Contacts, Contact{FirstName: "Ada", LastName: "Byron", Email: "ada@example.com"})
	_, sent, err = c.UpdateAccount(ctx, got, Change{Contacts: next})
	require.NoError(t, err)
	assert.Equal(t, []string{"companyProfile.contacts"}, sent)
	stored, _ := sb.AdobeCustomer("1006374001")
	assert.Len(t, stored.WelcomeEmails, 2)
	_, _, err = c.UpdateAccount(ctx, got, Change{Contacts: []Contact{}})
	assert.ErrorContains(t, err, "at least one contact")
}

// TestUpdateAccount_retryAfterTimeoutKeepsTheCorrelationID: the PATCH's
// first attempt times out; the retry carries the same X-Correlation-Id (so
// Adobe would replay the first answer had it been processed) and a new
// X-Request-Id; a refusal comes back with the code and the fields named.
func TestUpdateAccount_retryAfterTimeoutKeepsTheCorrelationID(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 3})
	c := clientFor(t, sb, func(hc *httpclient.Config) { hc.Timeout = 200 * time.Millisecond })
	ctx := context.Background()
	cur, err := c.GetAccount(ctx, "1006374001")
	require.NoError(t, err)
	sb.ResetCounts()
	sb.InjectFault(sandbox.Fault{Match: func(r *http.Request) bool { return r.Method == http.MethodPatch }, Delay: time.Second, Times: 1})
	ref := "ERP-7"
	_, _, err = c.UpdateAccount(ctx, cur, Change{ExternalReferenceID: &ref})
	require.NoError(t, err)
	reqs := sb.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, reqs[0].Header.Get("X-Correlation-Id"), reqs[1].Header.Get("X-Correlation-Id"))
	assert.NotEqual(t, reqs[0].Header.Get("X-Request-Id"), reqs[1].Header.Get("X-Request-Id"))

	long := strings.Repeat("x", 36)
	_, _, err = c.UpdateAccount(ctx, cur, Change{ExternalReferenceID: &long})
	assert.ErrorContains(t, err, "PATCH /v3/customers/1006374001: HTTP 400 Bad Request: Some Fields are Invalid (code 1117: externalReferenceId)")
}

// TestClientCredentialsTokenSource_expiryFromExpiresIn: the token's expiry is
// expires_in seconds from when it was asked for, never a fixed lifetime.
func TestClientCredentialsTokenSource_expiryFromExpiresIn(t *testing.T) {
	_, url := testutil.StartSandbox(t, sandbox.Options{Customers: 1, TokenTTL: 90 * time.Minute})
	ims, err := httpclient.New(httpclient.Config{BaseURL: url + sandbox.AdobeIMSRoot, ErrorMessage: IMSErrorMessage})
	require.NoError(t, err)
	now := time.Now()
	tok, err := ClientCredentialsTokenSource(ims, sandbox.DefaultClientID, sandbox.DefaultClientSecret, DefaultScopes, func() time.Time { return now })(context.Background())
	require.NoError(t, err)
	assert.NotEmpty(t, tok.Value)
	assert.WithinDuration(t, now.Add(90*time.Minute), tok.Expires, time.Second)
}

// TestClientCredentials_imsRedirectElsewhereIsRefused: an IMS answering the
// token request with a redirect to another origin would have the form, and
// its secret, sent there: the redirect is refused and the other origin gets
// nothing.
func TestClientCredentials_imsRedirectElsewhereIsRefused(t *testing.T) {
	other := testutil.NewRecorder(t)
	ims := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer ims.Close()
	sb, url := testutil.StartSandbox(t, sandbox.Options{Customers: 1})
	s := oauthSettings(url)
	s["ims_url"] = ims.URL
	_, err := openClient(t, s, nil).GetAccount(context.Background(), "1006374000")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "redirect")
	assert.NotContains(t, err.Error(), sandbox.DefaultClientSecret)
	assert.Zero(t, other.Calls(), "the other origin got a request")
	assert.Zero(t, sb.TotalRequests(), "nothing reached the API without a token")
}
