package provider_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

const imsTokenRoute = "POST " + sandbox.AdobeIMSRoot + "/ims/token/v3"

// imsURL is the sandbox's IMS reached as localhost: another origin than the
// API at 127.0.0.1, as IMS and the Partner API are.
func imsURL(url string) string {
	return strings.Replace(url, "127.0.0.1", "localhost", 1) + sandbox.AdobeIMSRoot
}

// adobeOAuthProvider is a provider block for the sandbox's Adobe API with the
// OAuth server-to-server credential and no api_key (it defaults to client_id).
func adobeOAuthProvider(url string, extra ...string) string {
	return acctest.ProviderBlock(append([]string{`platform = "adobe_vip"`, fmt.Sprintf("base_url = %q", url+sandbox.AdobeVIPRoot),
		fmt.Sprintf("ims_url = %q", imsURL(url)), fmt.Sprintf("client_id = %q", sandbox.DefaultClientID),
		fmt.Sprintf("client_secret = %q", sandbox.DefaultClientSecret), fmt.Sprintf("reseller_id = %q", sandbox.DefaultResellerID)}, extra...)...)
}

// expectTokens checks the token requests since the last reset.
func expectTokens(sb *sandbox.Server, what string, want int) plancheck.PlanCheck {
	return acctest.PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
		if got := sb.Count(imsTokenRoute); got != want {
			return fmt.Errorf("%s: %d token requests, want %d", what, got, want)
		}
		return nil
	})
}

// TestAccAdobeOAuth_tokenSharedRenewedMidApplyAndOn401 adopts 16 accounts
// with the OAuth grant. Every token dies at the fourth PATCH: the apply's
// token requests are its first and one renewal shared by every request in
// flight. Then one PATCH is answered 401: one renewal, the PATCH is sent
// again and lands. Every request carries the client id as API key.
func TestAccAdobeOAuth_tokenSharedRenewedMidApplyAndOn401(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 16})
	for _, c := range sb.AdobeCustomers() { // the seed has pending ones, which cannot be updated
		sb.ChangeAdobeCustomer(c.CustomerID, func(c *sandbox.AdobeCustomer) { c.Status = "1000" })
	}
	// At most 10 resources are in flight and 3 are done at the 4th PATCH: at
	// least 3 of the 16 start with a dead token.
	acctest.ExpireTokensOn(sb, acctest.IsMethod(http.MethodPatch), 4)
	config := func(ref string) string {
		return adobeOAuthProvider(url) + fmt.Sprintf(`
resource "commerce_adobe_vip_customer" "bulk" {
  count                 = 16
  customer_id           = tostring(1006374000 + count.index)
  external_reference_id = "%s-${count.index}"
}
`, ref)
	}
	allPatched := func(ref string) func(*terraform.State) error {
		return func(*terraform.State) error {
			for _, c := range sb.AdobeCustomers() {
				if !strings.HasPrefix(c.ExternalReferenceID, ref+"-") {
					return fmt.Errorf("account %s has external reference %q", c.CustomerID, c.ExternalReferenceID)
				}
			}
			for _, r := range sb.Requests() {
				if r.Pattern != imsTokenRoute && r.Header.Get("X-Api-Key") != sandbox.DefaultClientID {
					return fmt.Errorf("%s %s: X-Api-Key %q, want the client id", r.Method, r.Path, r.Header.Get("X-Api-Key"))
				}
			}
			return nil
		}
	}
	acctest.Test(t,
		resource.TestStep{
			Config: config("first"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:            []plancheck.PlanCheck{expectTokens(sb, "planning", 1), acctest.ResetCounts(sb)},
				PostApplyPreRefresh: []plancheck.PlanCheck{expectTokens(sb, "applying with tokens expiring mid-apply", 2)},
			},
			Check: allPatched("first"),
		},
		resource.TestStep{
			Config: config("second"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					acctest.ResetCounts(sb),
					acctest.PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
						sb.InjectFault(sandbox.Fault{Match: func(r *http.Request) bool { return r.Method == http.MethodPatch }, Status: http.StatusUnauthorized, Times: 1})
						return nil
					}),
				},
				PostApplyPreRefresh: []plancheck.PlanCheck{
					expectTokens(sb, "applying with one 401", 2),
					acctest.PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
						if n := sb.Count(adobePatchRoute); n != 17 {
							return fmt.Errorf("%d PATCHes, want 17 (16 and the one answered 401 sent again)", n)
						}
						return nil
					}),
				},
			},
			Check: allPatched("second"),
		},
	)
}

// TestAccAdobeOAuth_wrongSecret: a wrong client secret is one token request,
// no retries, however many resources and data sources need a token, and a
// clear error: IMS's message, the settings to check, never the secret.
func TestAccAdobeOAuth_wrongSecret(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	acctest.Test(t,
		resource.TestStep{
			PreConfig: sb.ResetCounts,
			Config: adobeOAuthProvider(url, `client_secret = "wrong-secret-value"`) + `
data "commerce_customers" "all" {}
resource "commerce_adobe_vip_customer" "a" {
  count       = 3
  customer_id = tostring(1006374000 + count.index)
}
`,
			ExpectError: acctest.ErrorLike(`getting an Adobe IMS access token: localhost:\d+: POST /ims/token/v3: HTTP 400 Bad Request: invalid_client: invalid client_secret parameter; check client_id \(from the provider block\), client_secret \(from the provider block\) and scopes \(not set: ent_partners_sdk\)`),
		},
		resource.TestStep{
			PreConfig: func() {
				assert.Equal(t, 1, sb.Count(imsTokenRoute), "token requests")
				assert.Equal(t, 1, sb.TotalRequests(), "requests in all: nothing but the one token request")
			},
			Config:   adobeOAuthProvider(url),
			PlanOnly: true,
		},
	)
}

// TestAccAdobeOAuth_settings: exactly one way of credentials, each error
// naming both ways and their environment variables; ims_url checked like
// base_url (configured and from COMMERCE_IMS_URL); scopes sent as set, and a
// scope the credential lacks is IMS's error naming scopes.
func TestAccAdobeOAuth_settings(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	one := "data \"commerce_customer\" \"one\" {\n  id = \"1006374001\"\n}\n"
	steps := acctest.PlanErrors(sb, [][2]string{
		{adobeOAuthProvider(url, fmt.Sprintf("token = %q", sandbox.DefaultToken)) + one,
			`Conflicting Adobe VIP Marketplace credentials .*two ways to authenticate are set \(client_id \(from the provider block\) and client_secret \(from the provider block\); token \(from the provider block\)\): set either client_id and client_secret, or token and api_key, not both\.`},
		{adobeOAuthProvider(url, `client_secret = null`) + one, `Missing client_secret for adobe_vip .*client_id \(from the provider block\) is set but client_secret is not: set client_secret \(in the provider block or COMMERCE_ADOBE_VIP_CLIENT_SECRET\) as well, or use token and api_key instead`},
		{adobeOAuthProvider(url, `client_id = null`) + one, `Missing client_id for adobe_vip .*set client_id \(in the provider block or COMMERCE_ADOBE_VIP_CLIENT_ID\) as well`},
		{adobeOAuthProvider(url, `ims_url = "http://ims.example.com"`) + one, `Invalid ims_url .*"http://ims.example.com" uses http:// for a non-loopback host; use https://`},
		{adobeProvider(url, `api_key = null`) + one, `Missing api_key for adobe_vip .*token \(from the provider block\) is set but api_key is not: set api_key \(in the provider block or COMMERCE_ADOBE_VIP_API_KEY\) as well, or use client_id and client_secret instead\.`},
	})
	steps = append(steps,
		resource.TestStep{PreConfig: acctest.NoRequestsSince(t, sb), Config: adobeOAuthProvider(url, `scopes = "openid,AdobeID,ent_partners_sdk"`) + one},
		resource.TestStep{
			Config:      adobeOAuthProvider(url, `scopes = "ent_partners_sdk,admin_everything"`) + one,
			ExpectError: acctest.ErrorLike(`HTTP 400 Bad Request: invalid_scope: invalid scope \(admin_everything\); check client_id \(from the provider block\), client_secret \(from the provider block\) and scopes \(from the provider block\)`),
		},
	)
	acctest.Test(t, steps...)
	var forms []string
	for _, r := range sb.Requests() {
		if r.Pattern == imsTokenRoute {
			forms = append(forms, string(r.Body))
		}
	}
	assert.Contains(t, forms, "client_id=sandbox-client-id&client_secret=sandbox-client-secret&grant_type=client_credentials&scope=openid%2CAdobeID%2Cent_partners_sdk")
}

// TestAccAdobeOAuth_environmentIMSURLChecked: COMMERCE_ADOBE_VIP_IMS_URL is
// checked like a configured ims_url when the provider is configured, and the
// error names the variable; the generic COMMERCE_IMS_URL does the same once
// COMMERCE_PLATFORM says the generic variables are Adobe's.
func TestAccAdobeOAuth_environmentIMSURLChecked(t *testing.T) {
	_, url := acctest.StartSandbox(t, sandbox.Options{Customers: 1})
	config := strings.Replace(adobeOAuthProvider(url), fmt.Sprintf("ims_url = %q", imsURL(url)), "", 1) + "data \"commerce_customer\" \"one\" {\n  id = \"1006374000\"\n}\n"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Providers,
		Steps: []resource.TestStep{{
			PreConfig:   func() { t.Setenv("COMMERCE_ADOBE_VIP_IMS_URL", "http://ims.example.com") },
			Config:      config,
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(`Invalid ims_url .*ims_url \(from COMMERCE_ADOBE_VIP_IMS_URL\): "http://ims.example.com" uses http://`),
		}, {
			PreConfig: func() {
				t.Setenv("COMMERCE_ADOBE_VIP_IMS_URL", "")
				t.Setenv("COMMERCE_IMS_URL", "http://ims.example.com")
				t.Setenv("COMMERCE_PLATFORM", "adobe_vip")
			},
			Config:      config,
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(`Invalid ims_url .*ims_url \(from COMMERCE_IMS_URL\): "http://ims.example.com" uses http://`),
		}},
	})
}

// TestAccAdobeOAuth_secretsNeverInTraceLogs applies and destroys an adopted
// account with the OAuth grant under TF_LOG=TRACE, with a token expiry in
// between: neither the client secret nor any token IMS issued appears in
// terraform's output, its log or the provider's log.
func TestAccAdobeOAuth_secretsNeverInTraceLogs(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	const secret = "cs-Zq8!never-logged-7Hd2"
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	sb.SetAdobeClientSecret(secret)
	acctest.ExpireTokensOn(sb, acctest.IsMethod(http.MethodPatch), 1)
	tf, traced := acctest.NewTracedCLI(t)
	tf.Write("main.tf", acctest.CLIHeader+adobeOAuthProvider(url, fmt.Sprintf("client_secret = %q", secret))+`
resource "commerce_adobe_vip_customer" "a" {
  count                 = 2
  customer_id           = tostring(1006374000 + count.index)
  external_reference_id = "traced-${count.index}"
}
`)
	ctx := acctest.CommandContext(t)
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	require.NoError(t, tf.Destroy(ctx, tf.Reattach), tf.Output())

	tokens := map[string]bool{}
	for _, r := range sb.Requests() {
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			tokens[tok] = true
		}
	}
	require.GreaterOrEqual(t, len(tokens), 3, "several tokens were issued and used (one per run and a renewal)")
	require.GreaterOrEqual(t, sb.Count(imsTokenRoute), 3)
	everything := traced()
	require.Contains(t, everything, "/ims/token/v3", "the token requests are logged")
	assert.NotContains(t, everything, secret, "the client secret appears in the TRACE output")
	for tok := range tokens {
		assert.NotContains(t, everything, tok, "an issued token appears in the TRACE output")
	}
}
