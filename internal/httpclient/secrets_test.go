package httpclient

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSecrets_masksEverySpelling(t *testing.T) {
	const pw = `p"w<&>\ ü/+=`
	s := NewSecrets(pw, "", "short-token")
	jsonEscaped, _ := json.Marshal(pw)
	for name, text := range map[string]string{
		"as sent":                   "password " + pw + " rejected",
		"JSON-escaped":              `{"Password":` + string(jsonEscaped) + `}`,
		"JSON without HTML escapes": `{"Password":"p\"w<&>\\ ü/+="}`,
		"query-encoded":             "Password=" + url.QueryEscape(pw),
		"path-encoded":              "/users/" + url.PathEscape(pw),
		"lower-case hex":            "Password=" + strings.ToLower(url.QueryEscape(pw)),
	} {
		masked := s.Mask(text)
		assert.Contains(t, masked, Mask, name)
		assert.NotContains(t, masked, "p\"w", name)
		assert.NotContains(t, masked, "w<&>", name)
		assert.NotContains(t, strings.ToLower(masked), strings.ToLower(url.QueryEscape(pw)), name)
	}
	assert.Equal(t, "Bearer ***", s.Mask("Bearer short-token"))
	var none *Secrets
	assert.Equal(t, "text", none.Mask("text"), "a nil set masks nothing and does not panic")
	assert.Equal(t, "a token t", NewSecrets("t").Mask("a token t"), "a value too short to be a secret is not masked")
}

func TestSecrets_keepsTheLatestIssuedTokens(t *testing.T) {
	s := NewSecrets("configured-secret")
	for i := range 100 {
		s.AddIssued(fmt.Sprintf("issued-token-%03d", i))
	}
	assert.Equal(t, "*** *** issued-token-083", s.Mask("configured-secret issued-token-099 issued-token-083"))
	assert.Equal(t, "***", s.Mask("issued-token-084"))
}

func TestSecrets_longerSecretMaskedWhole(t *testing.T) {
	s := NewSecrets("abcd", "abcdefgh")
	assert.Equal(t, "*** and ***", s.Mask("abcdefgh and abcd"))
}

// echo answers status with a body that repeats the request's credentials:
// its headers and its body.
func echo(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `{"Message":"denied","Authorization":%q,"X-Api-Key":%q,"request":%s,"form":%q}`,
			r.Header.Get("Authorization"), r.Header.Get("X-Api-Key"), orNull(b), url.Values{"client_secret": {string(b)}}.Encode())
	}
}

func orNull(b []byte) string {
	if len(b) == 0 {
		return "null"
	}
	return string(b)
}

// TestDo_echoedCredentialsAreMaskedInErrorsAndLogs: 401 and 500 bodies that
// echo Authorization and X-Api-Key, and a token endpoint that echoes the
// request body with the password, leave no secret in an error or a log line;
// nor does the token the client was issued.
func TestDo_echoedCredentialsAreMaskedInErrorsAndLogs(t *testing.T) {
	const (
		password = `pw"<never>&logged\`
		apiKey   = "key-never-logged"
		static   = "static-token-never-logged"
		issued   = "issued-token-never-logged"
	)
	var mu sync.Mutex
	var logged strings.Builder
	logger := func(_ context.Context, _ Level, msg string, fields map[string]any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(&logged, msg, fields)
	}
	check := func(t *testing.T, err error) {
		t.Helper()
		require.Error(t, err)
		mu.Lock()
		text := err.Error() + "\n" + logged.String()
		mu.Unlock()
		assert.Contains(t, err.Error(), "denied", "the server's message is still there")
		for _, secret := range []string{password, apiKey, static, issued, "never"} {
			assert.NotContains(t, text, secret)
		}
		jsonPW, _ := json.Marshal(password)
		assert.NotContains(t, text, strings.Trim(string(jsonPW), `"`))
		assert.NotContains(t, text, url.QueryEscape(password))
	}

	for _, status := range []int{401, 500} {
		t.Run(fmt.Sprintf("static headers, %d", status), func(t *testing.T) {
			ts, _ := server(t, echo(status))
			c := newClient(t, ts.URL, func(c *Config) {
				c.Auth = Headers{"Authorization": "Bearer " + static, "X-Api-Key": apiKey}
				c.Logger = logger
				c.MaxRetries = 1
			})
			check(t, c.Do(context.Background(), Request{Method: "GET", Path: "/Customers"}, nil))
		})
	}
	t.Run("token endpoint echoes the password", func(t *testing.T) {
		ts, _ := server(t, echo(400))
		bearer := &RenewingBearer{Extra: Headers{"X-Api-Key": apiKey}}
		c := newClient(t, ts.URL, func(c *Config) { c.Auth = bearer; c.Secrets = NewSecrets(password); c.Logger = logger })
		bearer.Source = passwordGrant(c, password)
		check(t, c.Do(context.Background(), Request{Method: "GET", Path: "/Customers"}, nil))
	})
	t.Run("an issued token echoed by a 500", func(t *testing.T) {
		ts, _ := server(t, func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/token" {
				_, _ = fmt.Fprintf(w, `{"AccessToken":%q}`, issued)
				return
			}
			echo(500)(w, r)
		})
		bearer := &RenewingBearer{}
		c := newClient(t, ts.URL, func(c *Config) {
			c.Auth = bearer
			c.Secrets = NewSecrets(password)
			c.Logger = logger
			c.MaxRetries = 1
		})
		bearer.Source = passwordGrant(c, password)
		check(t, c.Do(context.Background(), Request{Method: "GET", Path: "/Customers"}, nil))
	})
}

// passwordGrant is a token source like Sellercloud's: POST /token with the
// password in a JSON body.
func passwordGrant(c *Client, password string) TokenSource {
	return func(ctx context.Context) (Token, error) {
		var v struct{ AccessToken string }
		err := c.Do(ctx, Request{Method: "POST", Path: "/token", NoAuth: true, Idempotent: true,
			Body: map[string]string{"Username": "u", "Password": password}}, &v)
		if err != nil {
			return Token{}, fmt.Errorf("getting a token: %w", err)
		}
		return Token{Value: v.AccessToken}, nil
	}
}

func TestLogQuery_masksCredentialsNotFilters(t *testing.T) {
	q := url.Values{
		"api_key":          {"k"},
		"access_token":     {"t"},
		"X-Amz-Signature":  {"s"},
		"model.keyword":    {"acme"},
		"model.zipCode":    {"12345"},
		"model.email":      {"someone@example.com"},
		"model.pageNumber": {"3"},
		"next_cursor":      {"c-2"},
		"note":             {"has the password-123 in it"},
	}
	got := logQuery(q, NewSecrets("password-123"))
	assert.Equal(t, "X-Amz-Signature=***&access_token=***&api_key=***&model.email=someone%40example.com&model.keyword=acme&"+
		"model.pageNumber=3&model.zipCode=12345&next_cursor=c-2&note=has+the+***+in+it", got)
}
