package customerstf_test

import (
	"archive/zip"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/registry"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// tokenCase is one platform's part of the access token test, from its
// sandbox kit and its description: the settings its first provider block
// logs in with (the kit's first login that is issued a token, else the
// kit's own settings), that login's token route ("" for a configured
// credential), and the API key its calls send ("" for none).
type tokenCase struct {
	kit        *sandbox.Kit
	desc       *customers.Description
	settings   map[string]string
	tokenRoute string
	apiKey     string
}

// tokenCases are the sandbox's platforms on the sandbox at url.
func tokenCases(t *testing.T, url string) []tokenCase {
	t.Helper()
	var out []tokenCase
	for _, k := range sandbox.Kits() {
		i := slices.IndexFunc(registry.Platforms, func(p registry.Platform) bool { return p.Name == k.Name })
		require.GreaterOrEqual(t, i, 0, "the registry has the kit's platform %s", k.Name)
		c := tokenCase{kit: k, desc: registry.Platforms[i].Description, settings: k.Settings(url)}
		if j := slices.IndexFunc(k.Logins, func(l sandbox.Login) bool { return l.TokenRequests > 0 }); j >= 0 {
			c.settings, c.tokenRoute = k.Logins[j].Settings(url), k.Logins[j].TokenRoute
		}
		if slices.Contains(c.desc.RawCall.Headers, "X-Api-Key") {
			// The configured API key, else a client-credentials login's
			// client id (which is the API key, as its setting says).
			c.apiKey = cmp.Or(c.settings["api_key"], c.settings["client_id"])
		}
		out = append(out, c)
	}
	return out
}

// issued says the first block is issued its token (rather than configured
// with its credential).
func (c tokenCase) issued() bool { return c.tokenRoute != "" }

// setting is the description's setting attr (zero when there is none).
func (c tokenCase) setting(attr string) customers.Setting {
	i := slices.IndexFunc(c.desc.Settings, func(s customers.Setting) bool { return s.Attr == attr })
	if i < 0 {
		return customers.Setting{}
	}
	return c.desc.Settings[i]
}

// secrets are the credentials the first block is configured with.
func (c tokenCase) secrets() []string {
	var out []string
	for attr, v := range c.settings {
		if c.setting(attr).Sensitive {
			out = append(out, v)
		}
	}
	return out
}

// headers are the names of the credential headers a call sends, as keys()
// lists them: the bearer token's and the API key's, where the platform
// takes them (its RawCall) and the block has them.
func (c tokenCase) headers() string {
	var out []string
	if c.desc.RawCall.Bearer {
		out = append(out, "Authorization")
	}
	if c.apiKey != "" {
		out = append(out, "X-Api-Key")
	}
	return strings.Join(out, ",")
}

// reads says whether a request reads one of the platform's customers.
func (c tokenCase) reads(method, path string) bool {
	route, _, _ := strings.Cut(c.kit.GetRoute, "{")
	return method+" "+path != route && strings.HasPrefix(method+" "+path, route)
}

// config is the platform's part of the configuration: the first provider
// block (aliased by the platform's name), its commerce_access_token with a
// postcondition on what it holds, a second provider block configured with
// nothing but the token's values (and the kit's settings that are no
// credential, such as an account id), and a commerce_customer read through
// the second block during the apply. A first block that is issued its
// token also reads a customer itself while planning, with the token it
// hands out.
func (c tokenCase) config() string {
	name, rc := c.kit.Name, c.desc.RawCall
	first := []string{fmt.Sprintf("alias = %q", name), fmt.Sprintf("platform = %q", name)}
	for _, attr := range slices.Sorted(maps.Keys(c.settings)) {
		first = append(first, fmt.Sprintf("%s = %q", attr, c.settings[attr]))
	}
	token := "self.token == null"
	if rc.Bearer {
		token = `self.token != null && self.headers["Authorization"] == "Bearer ${self.token}"`
	}
	expiry := "self.expires_at == null"
	if c.issued() {
		expiry = `timecmp(self.expires_at, timeadd(plantimestamp(), "20m")) > 0 && timecmp(self.expires_at, timeadd(plantimestamp(), "40m")) < 0`
	}
	ref := "ephemeral.commerce_access_token." + name
	second := []string{fmt.Sprintf("alias = %q", name+"_second"), fmt.Sprintf("platform = %q", name), "base_url = " + ref + ".base_url"}
	if rc.Bearer {
		second = append(second, "token = "+ref+".token")
	}
	if c.apiKey != "" {
		second = append(second, "api_key = "+ref+`.headers["X-Api-Key"]`)
	}
	static := c.kit.Settings("")
	for _, attr := range slices.Sorted(maps.Keys(static)) {
		if attr != "base_url" && !c.setting(attr).Sensitive && !slices.ContainsFunc(c.desc.Credentials, func(cr customers.Credential) bool {
			return slices.Contains(cr.Settings, attr) || slices.Contains(cr.With, attr)
		}) {
			second = append(second, fmt.Sprintf("%s = %q", attr, static[attr]))
		}
	}
	var itself string
	if c.issued() {
		itself = fmt.Sprintf(`
# Read while planning, with the token the first block holds.
data "commerce_customer" "%[1]s_itself" {
  provider = commerce.%[1]s
  id       = %[2]q
}
`, name, c.kit.ID(2))
	}
	return acctest.ProviderBlock(first...) + fmt.Sprintf(`
ephemeral "commerce_access_token" %[1]q {
  provider = commerce.%[1]s
  lifecycle {
    postcondition {
      condition     = self.platform == %[1]q && self.base_url == %[2]q && join(",", keys(self.headers)) == %[3]q && %[4]s && %[5]s
      error_message = "The %[6]s access token is not the credential its provider block sends."
    }
  }
}
`, name, c.settings["base_url"], c.headers(), token, expiry, c.kit.Title) + acctest.ProviderBlock(second...) + itself + fmt.Sprintf(`
data "commerce_customer" %[1]q {
  provider   = commerce.%[1]s_second
  id         = %[2]q
  depends_on = [terraform_data.gate]
}
`, name, c.kit.ID(1))
}

// accessTokenConfig is every platform's part (config), the gate the reads
// through the second blocks wait for (created by the apply, so they happen
// during the apply, with the tokens the apply opened), and the ids read.
func accessTokenConfig(cases []tokenCase) string {
	var b strings.Builder
	var reads []string
	for _, c := range cases {
		b.WriteString(c.config())
		reads = append(reads, "data.commerce_customer."+c.kit.Name)
	}
	fmt.Fprintf(&b, `
resource "terraform_data" "gate" {}

output "read_with_the_tokens" {
  value = [for c in [%s] : c.id]
}
`, strings.Join(reads, ", "))
	return b.String()
}

// TestAccAccessToken_otherProviderBlocksReadWithIt opens commerce_access_token
// on each platform and configures a second provider block with it alone:
// at apply every second block reads its customer, sending exactly the
// credential the first one handed out (a token issued to a login, such as
// Sellercloud's password and Adobe's client credentials, or the configured
// token or API key). Each command (plan -out, apply of the plan) costs one
// token request per login, which the first block's own reads share. No
// token, issued or configured, is anywhere in the state or in the saved
// plan (the configured ones only in the copy of the configuration the plan
// file keeps).
func TestAccAccessToken_otherProviderBlocksReadWithIt(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIEphemeralResources)
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	cases := tokenCases(t, url)
	require.True(t, slices.ContainsFunc(cases, tokenCase.issued), "a platform logs in for its token")
	require.True(t, slices.ContainsFunc(cases, func(c tokenCase) bool { return !c.issued() }), "a platform is configured with its credential")
	planReads, applyReads := map[string]int{}, map[string]int{}
	for _, c := range cases {
		applyReads[c.kit.Name] = 1
		if c.issued() {
			planReads[c.kit.Name] = 1
		}
	}
	tf := acctest.NewBinaryCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Prepare(accessTokenConfig(cases), nil)
	_, err := tf.Plan(ctx, tfexec.Out("tfplan"))
	require.NoError(t, err, tf.Output())
	planTokens := credentialsSent(t, sb, cases, planReads)
	for _, c := range slices.DeleteFunc(slices.Clone(cases), func(c tokenCase) bool { return !c.issued() }) {
		assert.Equal(t, 1, sb.Count(c.tokenRoute), "plan: %s token requests", c.kit.Title)
	}

	sb.ResetCounts()
	require.NoError(t, tf.Apply(ctx, tfexec.DirOrPlan("tfplan")), tf.Output())
	applyTokens := credentialsSent(t, sb, cases, applyReads)
	var issued, configured, ids []string
	for _, c := range cases {
		ids = append(ids, c.kit.ID(1))
		configured = append(configured, c.secrets()...)
		if c.issued() {
			assert.Equal(t, 1, sb.Count(c.tokenRoute), "apply: %s token requests", c.kit.Title)
			issued = append(issued, planTokens[c.kit.Name], applyTokens[c.kit.Name])
			assert.NotEqual(t, planTokens[c.kit.Name], applyTokens[c.kit.Name], "%s: the apply opened its own token", c.kit.Title)
		}
	}
	out, err := tf.Terraform.Output(ctx)
	require.NoError(t, err)
	want, err := json.Marshal(ids)
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(out["read_with_the_tokens"].Value))

	for _, tok := range issued {
		require.NotEmpty(t, tok, "each command's issued tokens were seen")
	}
	state, err := os.ReadFile(filepath.Join(tf.Dir(), "terraform.tfstate"))
	require.NoError(t, err)
	for _, secret := range append(issued, configured...) {
		assert.NotContains(t, string(state), secret, "the state")
	}
	for name, content := range planFileEntries(t, filepath.Join(tf.Dir(), "tfplan")) {
		secrets := issued
		if !strings.HasPrefix(name, "tfconfig/") { // the copy of main.tf has the configured ones
			secrets = append(secrets, configured...)
		}
		for _, secret := range secrets {
			assert.NotContains(t, content, secret, "plan file entry %s", name)
		}
	}
}

// credentialsSent checks the customer reads since the last reset (reads
// per platform) and what they carried: a token issued to the first block
// (the same one for every read of a command), else the configured token,
// else no bearer token; and the API key where the calls send one, else
// none. It returns the issued tokens by platform.
func credentialsSent(t *testing.T, sb *sandbox.Server, cases []tokenCase, reads map[string]int) map[string]string {
	t.Helper()
	issued := map[string]string{}
	seen := map[string]int{}
	for _, r := range sb.Requests() {
		i := slices.IndexFunc(cases, func(c tokenCase) bool { return c.reads(r.Method, r.Path) })
		if i < 0 {
			continue
		}
		c, auth := cases[i], r.Header.Get("Authorization")
		seen[c.kit.Name]++
		switch {
		case c.issued():
			require.True(t, strings.HasPrefix(auth, "Bearer sbx_"), "%s: Authorization %q", r.Path, auth)
			if issued[c.kit.Name] == "" {
				issued[c.kit.Name] = strings.TrimPrefix(auth, "Bearer ")
			}
			assert.Equal(t, "Bearer "+issued[c.kit.Name], auth, "%s: the token the first block holds", r.Path)
		case c.desc.RawCall.Bearer:
			assert.Equal(t, "Bearer "+c.settings["token"], auth, "%s: the configured token", r.Path)
		default:
			assert.Empty(t, auth, "%s: no bearer token", r.Path)
		}
		assert.Equal(t, c.apiKey, r.Header.Get("X-Api-Key"), "%s: the API key", r.Path)
	}
	assert.Equal(t, reads, seen, "customer reads")
	return issued
}

// planFileEntries is the content of every file in a saved plan (a zip).
func planFileEntries(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer zr.Close()
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		out[f.Name] = string(b)
	}
	require.Contains(t, out, "tfplan", "a plan file holds its plan")
	return out
}

// TestAccAccessToken_loginRefused: a token endpoint that refuses the login
// fails the plan with the platform, the request and the server's message;
// the password is nowhere in the output.
func TestAccAccessToken_loginRefused(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIEphemeralResources)
	t.Parallel()
	_, url := acctest.StartSandbox(t, sandbox.Options{Customers: 1})
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", acctest.CLIHeader+acctest.LoginProvider("sellercloud", "password", url, `password = "not-the-password-42"`)+`
ephemeral "commerce_access_token" "sc" {}
`)
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	_, err := tf.Plan(ctx, tf.Reattach)
	require.Error(t, err)
	acctest.MatchOutput(t, tf.Output(), `Opening the access token failed`,
		`Getting the Sellercloud credential of this provider block failed: .*POST /token: HTTP 401 Unauthorized: Invalid username or password\.`)
	assert.NotContains(t, tf.Output(), "not-the-password-42")
}

// TestAccAccessToken_rawCallFromAProvisioner: the token in an HTTP request
// made outside the provider, as the raw-call example does it (a
// provisioner's environment may hold ephemeral values; curl sends the
// request): the request carries the issued token and authenticates, the
// provisioner's output is suppressed, and the state holds no token.
func TestAccAccessToken_rawCallFromAProvisioner(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIEphemeralResources)
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("this test calls the sandbox with curl, which is not on PATH")
	}
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", acctest.CLIHeader+acctest.LoginProvider("sellercloud", "password", url)+fmt.Sprintf(`
ephemeral "commerce_access_token" "sc" {}

resource "terraform_data" "raw_call" {
  provisioner "local-exec" {
    command = "%s --fail-with-body -sS \"$BASE_URL/Customers/10001\" -H \"Authorization: $AUTHORIZATION\" -o customer.json"
    environment = {
      BASE_URL      = ephemeral.commerce_access_token.sc.base_url
      AUTHORIZATION = ephemeral.commerce_access_token.sc.headers["Authorization"]
    }
  }
}
`, curl))
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	sb.ResetCounts()
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	assert.Contains(t, tf.Output(), "(output suppressed due to ephemeral value in config)")
	var calls []string
	for _, r := range sb.Requests() {
		if strings.HasPrefix(r.Header.Get("User-Agent"), "curl/") {
			calls = append(calls, r.Method+" "+r.Path+" "+r.Header.Get("Authorization"))
		}
	}
	require.Len(t, calls, 1, "the provisioner's request")
	assert.Regexp(t, `^GET `+sandbox.SellercloudRoot+`/Customers/10001 Bearer sbx_\w+$`, calls[0])
	token := strings.TrimPrefix(calls[0], "GET "+sandbox.SellercloudRoot+"/Customers/10001 Bearer ")
	body, err := os.ReadFile(filepath.Join(tf.Dir, "customer.json"))
	require.NoError(t, err)
	assert.Contains(t, string(body), `"ID":10001`, "the call authenticated")
	state, err := os.ReadFile(filepath.Join(tf.Dir, "terraform.tfstate"))
	require.NoError(t, err)
	assert.NotContains(t, string(state), token)
	assert.NotContains(t, string(state), "sbx_")
}
