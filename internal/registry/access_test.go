package registry

import (
	"context"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// login is one way a provider block of a platform authenticates on the
// sandbox, and the token requests handing out its credential costs.
type login struct {
	name          string
	settings      customers.Settings
	tokenRequests int
}

// logins are every platform's ways in: the kit's settings and its other
// logins (Sellercloud's password, Adobe's client credentials).
func logins(p Platform, url string) []login {
	k := sandbox.KitFor(p.Name)
	out := []login{{name: "static", settings: k.Settings(url)}}
	for _, l := range k.Logins {
		out = append(out, login{name: l.Name, settings: l.Settings(url), tokenRequests: l.TokenRequests})
	}
	return out
}

// rawGet calls the platform's single-customer route outside the provider,
// with the credential headers handed out (and what the platform's RawCall
// note says every call sends besides), as an HTTP request in a
// configuration would.
func rawGet(t *testing.T, k *sandbox.Kit, url string, s customers.Settings, headers map[string]string) int {
	t.Helper()
	path := regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(k.GetRoute[len("GET "):], k.ID(1))
	req, err := http.NewRequest(http.MethodGet, url+path, nil)
	require.NoError(t, err)
	if id := s["integrated_account_id"]; id != "" {
		req.URL.RawQuery = "integrated_account_id=" + id
	}
	for name, v := range headers {
		req.Header.Set(name, v)
	}
	req.Header.Set("X-Correlation-Id", "raw-call")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	return resp.StatusCode
}

// TestAccess_everyPlatformHandsOutItsCredential: every platform's client is
// an httpclient.AccessSource. Its credential headers are those its
// description's RawCall names, with a bearer token where it says so; they
// authenticate a call made outside the provider; handing them out costs the
// token requests of a login that has none yet and no more, and the
// client's own reads then use the same token.
func TestAccess_everyPlatformHandsOutItsCredential(t *testing.T) {
	for _, p := range Platforms {
		require.NotEmpty(t, p.RawCall.Headers, "%s: RawCall names the headers a raw call sends", p.Name)
		for _, l := range logins(p, "") {
			t.Run(p.Name+"/"+l.name, func(t *testing.T) {
				sb, url := testutil.StartSandbox(t, sandbox.Options{Customers: 3})
				l := logins(p, url)[slices.IndexFunc(logins(p, url), func(o login) bool { return o.name == l.name })]
				client, err := p.Open(l.settings, testutil.Retries())
				require.NoError(t, err)
				src, ok := client.(httpclient.AccessSource)
				require.True(t, ok, "%T offers no AccessSource", client)

				acc, err := src.Access(context.Background())
				require.NoError(t, err)
				assert.Equal(t, l.tokenRequests, sb.TotalRequests(), "token requests to hand it out")
				for name := range acc.Headers {
					assert.Contains(t, p.RawCall.Headers, name)
				}
				assert.Equal(t, p.RawCall.Bearer, acc.Token != "", "a bearer token where RawCall says so")
				if acc.Token != "" {
					assert.Equal(t, "Bearer "+acc.Token, acc.Headers["Authorization"])
				}
				assert.Equal(t, l.tokenRequests > 0, !acc.Expires.IsZero(), "an issued token's expiry is known, a configured one's is not")
				assert.Equal(t, http.StatusOK, rawGet(t, sandbox.KitFor(p.Name), url, l.settings, acc.Headers))

				_, err = client.Get(context.Background(), sandbox.KitFor(p.Name).ID(1))
				require.NoError(t, err)
				assert.Equal(t, l.tokenRequests+2, sb.TotalRequests(), "the client's own read reuses the token handed out")

				renewed, err := src.RenewAccess(context.Background())
				require.NoError(t, err)
				assert.Equal(t, l.tokenRequests*2+2, sb.TotalRequests(), "renewing asks for a new token where the platform issues them")
				assert.Equal(t, slices.Sorted(maps.Keys(acc.Headers)), slices.Sorted(maps.Keys(renewed.Headers)))
				if l.tokenRequests == 0 {
					assert.Equal(t, acc, renewed, "a configured credential comes back as it is")
				} else {
					assert.NotEqual(t, acc.Token, renewed.Token)
				}
				assert.Equal(t, http.StatusOK, rawGet(t, sandbox.KitFor(p.Name), url, l.settings, renewed.Headers))
			})
		}
	}
}
