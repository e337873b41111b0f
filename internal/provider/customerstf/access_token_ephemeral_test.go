package customerstf_test

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// tokenRoutes are the routes that issue tokens: Sellercloud's password
// grant and Adobe IMS's client-credentials grant.
var (
	sellercloudTokenRoute = "POST " + sandbox.SellercloudRoot + "/token"
	imsTokenRoute         = "POST " + sandbox.AdobeIMSRoot + "/ims/token/v3"
)

// accessTokenConfig is, for each platform, a provider block that logs in
// (Sellercloud with username and password, Adobe with the OAuth client
// credentials), its commerce_access_token with postconditions on what it
// holds, a second provider block configured with nothing but the token's
// values, and a commerce_customer read through that second block. The
// Sellercloud block also reads a customer itself, with the token it hands
// out.
func accessTokenConfig(url string) string {
	ims := strings.Replace(url, "127.0.0.1", "localhost", 1) + sandbox.AdobeIMSRoot
	return fmt.Sprintf(`
provider "commerce" {
  alias    = "sc"
  platform = "sellercloud"
  base_url = "%[1]s%[2]s"
  username = %[3]q
  password = %[4]q
}

provider "commerce" {
  alias         = "adobe"
  platform      = "adobe_vip"
  base_url      = "%[1]s%[5]s"
  ims_url       = %[6]q
  client_id     = %[7]q
  client_secret = %[8]q
  reseller_id   = %[9]q
}

provider "commerce" {
  alias    = "connect"
  platform = "connect"
  base_url = "%[1]s%[10]s"
  api_key  = %[11]q
}

provider "commerce" {
  alias                 = "truto"
  platform              = "truto"
  base_url              = "%[1]s%[12]s"
  token                 = %[13]q
  integrated_account_id = %[14]q
}

ephemeral "commerce_access_token" "sc" {
  provider = commerce.sc
  lifecycle {
    postcondition {
      condition = (self.platform == "sellercloud" && self.base_url == "%[1]s%[2]s" && self.token != null
        && join(",", keys(self.headers)) == "Authorization" && self.headers["Authorization"] == "Bearer ${self.token}"
        && timecmp(self.expires_at, timeadd(plantimestamp(), "20m")) > 0 && timecmp(self.expires_at, timeadd(plantimestamp(), "40m")) < 0)
      error_message = "The Sellercloud access token is not the password grant's."
    }
  }
}

ephemeral "commerce_access_token" "adobe" {
  provider = commerce.adobe
  lifecycle {
    postcondition {
      condition = (self.platform == "adobe_vip" && self.token != null && self.expires_at != null
        && join(",", keys(self.headers)) == "Authorization,X-Api-Key" && self.headers["Authorization"] == "Bearer ${self.token}")
      error_message = "The Adobe access token is not the client-credentials grant's."
    }
  }
}

ephemeral "commerce_access_token" "connect" {
  provider = commerce.connect
  lifecycle {
    postcondition {
      condition     = self.platform == "connect" && self.token == null && self.expires_at == null && join(",", keys(self.headers)) == "X-Api-Key"
      error_message = "The Connect access token is not the API key alone."
    }
  }
}

ephemeral "commerce_access_token" "truto" {
  provider = commerce.truto
  lifecycle {
    postcondition {
      condition     = self.platform == "truto" && self.expires_at == null && self.headers["Authorization"] == "Bearer ${self.token}"
      error_message = "The Truto access token is not the configured token."
    }
  }
}

provider "commerce" {
  alias    = "sc_bearer"
  platform = "sellercloud"
  base_url = ephemeral.commerce_access_token.sc.base_url
  token    = ephemeral.commerce_access_token.sc.token
}

provider "commerce" {
  alias       = "adobe_bearer"
  platform    = "adobe_vip"
  base_url    = ephemeral.commerce_access_token.adobe.base_url
  token       = ephemeral.commerce_access_token.adobe.token
  api_key     = ephemeral.commerce_access_token.adobe.headers["X-Api-Key"]
  reseller_id = %[9]q
}

provider "commerce" {
  alias    = "connect_key"
  platform = "connect"
  base_url = ephemeral.commerce_access_token.connect.base_url
  api_key  = ephemeral.commerce_access_token.connect.headers["X-Api-Key"]
}

provider "commerce" {
  alias                 = "truto_bearer"
  platform              = "truto"
  base_url              = ephemeral.commerce_access_token.truto.base_url
  token                 = ephemeral.commerce_access_token.truto.token
  integrated_account_id = %[14]q
}

# Read while planning, with the token each first block holds.
data "commerce_customer" "sc_itself" {
  provider = commerce.sc
  id       = "10002"
}

data "commerce_customer" "adobe_itself" {
  provider = commerce.adobe
  id       = %[18]q
}

# Created by the apply: the reads through the second blocks wait for it, so
# they happen during the apply, with the tokens the apply opened.
resource "terraform_data" "gate" {}

data "commerce_customer" "sc" {
  provider   = commerce.sc_bearer
  id         = "10001"
  depends_on = [terraform_data.gate]
}

data "commerce_customer" "adobe" {
  provider   = commerce.adobe_bearer
  id         = %[15]q
  depends_on = [terraform_data.gate]
}

data "commerce_customer" "connect" {
  provider   = commerce.connect_key
  id         = %[16]q
  depends_on = [terraform_data.gate]
}

data "commerce_customer" "truto" {
  provider   = commerce.truto_bearer
  id         = %[17]q
  depends_on = [terraform_data.gate]
}

output "read_with_the_tokens" {
  value = [for c in [data.commerce_customer.sc, data.commerce_customer.adobe, data.commerce_customer.connect, data.commerce_customer.truto] : c.id]
}
`, url, sandbox.SellercloudRoot, sandbox.DefaultUsername, sandbox.DefaultPassword,
		sandbox.AdobeVIPRoot, ims, sandbox.DefaultClientID, sandbox.DefaultClientSecret, sandbox.DefaultResellerID,
		sandbox.ConnectRoot, sandbox.DefaultAPIKey, sandbox.TrutoRoot, sandbox.DefaultToken, sandbox.DefaultIntegratedAccountID,
		sandbox.KitFor("adobe_vip").ID(1), sandbox.KitFor("connect").ID(1), sandbox.KitFor("truto").ID(1), sandbox.KitFor("adobe_vip").ID(2))
}

// TestAccAccessToken_otherProviderBlocksReadWithIt opens commerce_access_token
// on each platform and configures a second provider block with it alone:
// at apply every second block reads its customer, sending exactly the
// credential the first one handed out (the issued Sellercloud and Adobe IMS
// tokens, the Connect API key, the Truto token). Each command (plan -out,
// apply of the plan) costs one token request per login, which the first
// block's own reads share. No token, issued or configured, is anywhere in
// the state or in the saved plan (the configured ones only in the copy of
// the configuration the plan file keeps).
func TestAccAccessToken_otherProviderBlocksReadWithIt(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIEphemeralResources)
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	tf := acctest.NewBinaryCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Prepare(accessTokenConfig(url), nil)
	_, err := tf.Plan(ctx, tfexec.Out("tfplan"))
	require.NoError(t, err, tf.Output())
	planTokens := credentialsSent(t, sb, map[string]int{"sellercloud": 1, "adobe_vip": 1})
	assert.Equal(t, 1, sb.Count(sellercloudTokenRoute), "plan: Sellercloud token requests")
	assert.Equal(t, 1, sb.Count(imsTokenRoute), "plan: Adobe IMS token requests")

	sb.ResetCounts()
	require.NoError(t, tf.Apply(ctx, tfexec.DirOrPlan("tfplan")), tf.Output())
	applyTokens := credentialsSent(t, sb, map[string]int{"sellercloud": 1, "adobe_vip": 1, "connect": 1, "truto": 1})
	assert.Equal(t, 1, sb.Count(sellercloudTokenRoute), "apply: Sellercloud token requests")
	assert.Equal(t, 1, sb.Count(imsTokenRoute), "apply: Adobe IMS token requests")
	out, err := tf.Terraform.Output(ctx)
	require.NoError(t, err)
	assert.JSONEq(t, fmt.Sprintf(`[%q, %q, %q, %q]`, "10001", sandbox.KitFor("adobe_vip").ID(1), sandbox.KitFor("connect").ID(1), sandbox.KitFor("truto").ID(1)),
		string(out["read_with_the_tokens"].Value))

	issued := []string{planTokens["sellercloud"], planTokens["adobe_vip"], applyTokens["sellercloud"], applyTokens["adobe_vip"]}
	for _, tok := range issued {
		require.NotEmpty(t, tok, "each command's issued tokens were seen")
	}
	assert.NotEqual(t, planTokens["sellercloud"], applyTokens["sellercloud"], "the apply opened its own token")
	configured := []string{sandbox.DefaultAPIKey, sandbox.DefaultToken, sandbox.DefaultClientSecret, sandbox.DefaultPassword}
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
// per platform) and what they carried: the Sellercloud and Adobe reads an
// issued bearer token, Adobe's with the client id as API key, Connect's the
// API key, Truto's the configured token. It returns the issued tokens by
// platform.
func credentialsSent(t *testing.T, sb *sandbox.Server, reads map[string]int) map[string]string {
	t.Helper()
	issued := map[string]string{}
	seen := map[string]int{}
	for _, r := range sb.Requests() {
		if r.Method != "GET" {
			continue
		}
		auth := r.Header.Get("Authorization")
		switch {
		case strings.HasPrefix(r.Path, sandbox.SellercloudRoot+"/Customers/"):
			seen["sellercloud"]++
			require.True(t, strings.HasPrefix(auth, "Bearer sbx_"), "%s: Authorization %q", r.Path, auth)
			if issued["sellercloud"] == "" {
				issued["sellercloud"] = strings.TrimPrefix(auth, "Bearer ")
			}
			assert.Equal(t, "Bearer "+issued["sellercloud"], auth, "%s: the token the first block holds", r.Path)
		case strings.HasPrefix(r.Path, sandbox.AdobeVIPRoot+"/v3/customers/"):
			seen["adobe_vip"]++
			require.True(t, strings.HasPrefix(auth, "Bearer ") && auth != "Bearer "+sandbox.DefaultToken, "%s: Authorization %q", r.Path, auth)
			issued["adobe_vip"] = strings.TrimPrefix(auth, "Bearer ")
			assert.Equal(t, sandbox.DefaultClientID, r.Header.Get("X-Api-Key"), r.Path)
		case strings.HasPrefix(r.Path, sandbox.ConnectRoot+"/customers/"):
			seen["connect"]++
			assert.Equal(t, sandbox.DefaultAPIKey, r.Header.Get("X-Api-Key"), r.Path)
		case strings.HasPrefix(r.Path, sandbox.TrutoRoot+"/"):
			seen["truto"]++
			assert.Equal(t, "Bearer "+sandbox.DefaultToken, auth, r.Path)
		}
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
