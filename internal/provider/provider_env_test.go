package provider_test

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// The environment variables of several provider blocks, through the real
// CLI and the provider binary (one process per provider block, with the
// environment Terraform passes on): each platform's sandbox on its own
// origin with its own token, so a credential that reached the wrong host
// would be seen there.

// platformHosts are one sandbox per platform, each on its own port with
// credentials of its own, and a recorder that must receive nothing.
type platformHosts struct {
	sellercloud, truto, adobe *sandbox.Server
	scURL, trutoURL, adobeURL string
	rec                       *testutil.Recorder
}

const (
	sellercloudToken = "sellercloud-only-token"
	trutoToken       = "truto-only-token"
	adobeSecret      = "adobe-only-client-secret"
)

func startPlatformHosts(t *testing.T) *platformHosts {
	t.Helper()
	only := func(platform, token string) sandbox.Options {
		return sandbox.Options{Customers: -1, Seed: map[string]int{platform: 3}, Token: token}
	}
	h := &platformHosts{rec: testutil.NewRecorder(t)}
	h.sellercloud, h.scURL = acctest.StartSandbox(t, only("sellercloud", sellercloudToken))
	h.truto, h.trutoURL = acctest.StartSandbox(t, only("truto", trutoToken))
	h.adobe, h.adobeURL = acctest.StartSandbox(t, only("adobe_vip", "adobe-static-token"))
	h.adobe.SetAdobeClientSecret(adobeSecret)
	return h
}

// authorizations lists the distinct Authorization headers a sandbox
// received.
func authorizations(sb *sandbox.Server) []string {
	seen := map[string]bool{}
	for _, r := range sb.Requests() {
		seen[r.Header.Get("Authorization")] = true
	}
	return slices.Sorted(maps.Keys(seen))
}

// carries reports whether any request a sandbox received holds text in a
// header, its query or its body.
func carries(sb *sandbox.Server, text string) bool {
	for _, r := range sb.Requests() {
		if strings.Contains(string(r.Body), text) || strings.Contains(r.Query.Encode(), text) {
			return true
		}
		for _, vs := range r.Header {
			for _, v := range vs {
				if strings.Contains(v, text) {
					return true
				}
			}
		}
	}
	return false
}

const threeBlocks = `
provider "commerce" {}

provider "commerce" {
  alias    = "truto"
  platform = "truto"
}

provider "commerce" {
  alias    = "adobe"
  platform = "adobe_vip"
}

data "commerce_customers" "sellercloud" {
  max_results = 1
}

data "commerce_customers" "truto" {
  provider    = commerce.truto
  max_results = 1
}

data "commerce_customers" "adobe" {
  provider    = commerce.adobe
  max_results = 1
}
`

// TestAccEnvironment_credentialsStayWithTheirPlatform: the configuration of
// issue 20, Sellercloud's COMMERCE_* variables exported and other platforms'
// aliases beside the default block. The generic variables configure only the
// default platform's block: the others fail at plan time naming the
// variables to set and why the generic ones were ignored, and nothing
// reaches their hosts; with the platform-scoped variables each host receives
// its own credentials only.
func TestAccEnvironment_credentialsStayWithTheirPlatform(t *testing.T) {
	t.Parallel()
	h := startPlatformHosts(t)
	tf := acctest.NewBinaryCLI(t)
	sellercloudEnv := map[string]string{
		"COMMERCE_BASE_URL":              h.scURL + sandbox.SellercloudRoot,
		"COMMERCE_TOKEN":                 sellercloudToken,
		"COMMERCE_INTEGRATED_ACCOUNT_ID": sandbox.DefaultIntegratedAccountID,
		"COMMERCE_RESELLER_ID":           sandbox.DefaultResellerID,
		"COMMERCE_CLIENT_ID":             sandbox.DefaultClientID,
		// Hosts of their own, without their credentials yet.
		"COMMERCE_TRUTO_BASE_URL":     h.trutoURL + sandbox.TrutoRoot,
		"COMMERCE_ADOBE_VIP_BASE_URL": h.adobeURL + sandbox.AdobeVIPRoot,
		"COMMERCE_ADOBE_VIP_IMS_URL":  h.adobeURL + sandbox.AdobeIMSRoot,
		// Another platform's key: no block of this configuration may send it.
		"COMMERCE_CONNECT_API_KEY": "connect-only-key",
	}
	out, err := tf.RunPlan(threeBlocks, sellercloudEnv)
	require.Error(t, err)
	assert.Regexp(t, acctest.ErrorLike(`Missing token for truto .*provider\["`+regexp.QuoteMeta(acctest.ProviderHost())+`/commercetf/commerce"\].truto`+
		`.*platform = "truto" needs token \(in the provider block or COMMERCE_TRUTO_TOKEN\): a Truto API token`+
		`.*COMMERCE_TOKEN is set but was ignored: the generic COMMERCE_\* variables configure only blocks of the platform COMMERCE_PLATFORM names `+
		`\(COMMERCE_PLATFORM is not set, so sellercloud\), and this block's platform is truto, so that no credential or URL meant for another platform reaches it\. `+
		`Set COMMERCE_TRUTO_TOKEN instead\.`), out)
	assert.Regexp(t, acctest.ErrorLike(`Missing integrated_account_id for truto .*COMMERCE_INTEGRATED_ACCOUNT_ID is set but was ignored.*Set COMMERCE_TRUTO_INTEGRATED_ACCOUNT_ID instead\.`), out)
	assert.Regexp(t, acctest.ErrorLike(`Missing reseller_id for adobe_vip .*COMMERCE_RESELLER_ID is set but was ignored.*Set COMMERCE_ADOBE_VIP_RESELLER_ID instead\.`), out)
	assert.Regexp(t, acctest.ErrorLike(`Missing Adobe VIP Marketplace credentials .*set either client_id \(in the provider block or COMMERCE_ADOBE_VIP_CLIENT_ID\) and client_secret .*COMMERCE_CLIENT_ID and COMMERCE_TOKEN are set but were ignored.*Set COMMERCE_ADOBE_VIP_CLIENT_ID and COMMERCE_ADOBE_VIP_TOKEN instead\.`), out)
	assert.Zero(t, h.truto.TotalRequests(), "no request reached Truto's host without Truto's credentials")
	assert.Zero(t, h.adobe.TotalRequests(), "no request reached Adobe's hosts without Adobe's credentials")

	// With each platform's own variables, every block reads, each host with
	// its own credentials.
	env := maps.Clone(sellercloudEnv)
	maps.Copy(env, map[string]string{
		"COMMERCE_TRUTO_TOKEN":                 trutoToken,
		"COMMERCE_TRUTO_INTEGRATED_ACCOUNT_ID": sandbox.DefaultIntegratedAccountID,
		"COMMERCE_ADOBE_VIP_RESELLER_ID":       sandbox.DefaultResellerID,
		"COMMERCE_ADOBE_VIP_CLIENT_ID":         sandbox.DefaultClientID,
		"COMMERCE_ADOBE_VIP_CLIENT_SECRET":     adobeSecret,
	})
	out, err = tf.RunApply(threeBlocks, env)
	require.NoError(t, err, out)
	assert.Equal(t, []string{"Bearer " + sellercloudToken}, authorizations(h.sellercloud), "Sellercloud's host received Sellercloud's token only")
	assert.Equal(t, []string{"Bearer " + trutoToken}, authorizations(h.truto), "Truto's host received Truto's token only")
	for _, sb := range []*sandbox.Server{h.sellercloud, h.truto} {
		assert.False(t, carries(sb, adobeSecret), "the Adobe client secret went to Adobe's IMS only")
		assert.False(t, carries(sb, "connect-only-key"), "no block sent Connect's key")
	}
	assert.False(t, carries(h.adobe, sellercloudToken) || carries(h.adobe, trutoToken), "Adobe's hosts received no other platform's token")
	assert.True(t, carries(h.adobe, adobeSecret), "the client secret reached Adobe's IMS")
	assert.Positive(t, h.truto.TotalRequests())
	assert.Positive(t, h.sellercloud.TotalRequests())
	assert.Zero(t, h.rec.Calls())
}

// TestAccEnvironment_orderAndSources: the block beats the platform-scoped
// variable, which beats the generic one; COMMERCE_PLATFORM says which blocks
// the generic variables configure (and which platform a block without
// `platform` talks to); every error names where the value came from, an
// empty string in the block that hides a variable is named as such, and a
// misspelled platform gets the platform meant.
func TestAccEnvironment_orderAndSources(t *testing.T) {
	t.Parallel()
	h := startPlatformHosts(t)
	tf := acctest.NewBinaryCLI(t)
	scRoot, trRoot := h.scURL+sandbox.SellercloudRoot, h.trutoURL+sandbox.TrutoRoot
	read := "data \"commerce_customers\" \"one\" {\n  max_results = 1\n}\n"
	block := func(lines ...string) string {
		if len(lines) == 0 {
			return "provider \"commerce\" {}\n" + read
		}
		return acctest.ProviderBlock(lines...) + read
	}
	for _, tc := range []struct {
		name   string
		env    map[string]string
		config string
		want   string // "" for a plan that succeeds
	}{
		{"the scoped variable beats the generic one, and the 401 names it",
			map[string]string{"COMMERCE_SELLERCLOUD_BASE_URL": scRoot, "COMMERCE_SELLERCLOUD_TOKEN": "stale", "COMMERCE_TOKEN": sellercloudToken},
			block(), `HTTP 401 Unauthorized: Not Valid Token; check token \(from COMMERCE_SELLERCLOUD_TOKEN\), or use username and password`},
		{"the block beats both",
			map[string]string{"COMMERCE_SELLERCLOUD_BASE_URL": scRoot, "COMMERCE_SELLERCLOUD_TOKEN": "stale", "COMMERCE_TOKEN": "stale"},
			block(fmt.Sprintf("token = %q", sellercloudToken)), ""},
		{"an empty string in the block hides the scoped variable, and the error says so",
			map[string]string{"COMMERCE_SELLERCLOUD_BASE_URL": scRoot, "COMMERCE_SELLERCLOUD_TOKEN": sellercloudToken},
			block(`token = ""`), `Missing Sellercloud credentials .*or token \(set to "" in the provider block\)\. ` +
				`token is "" in the provider block, which overrides COMMERCE_SELLERCLOUD_TOKEN; remove it or set it\.`},
		{"an empty string in the block hides the generic variable",
			map[string]string{"COMMERCE_BASE_URL": scRoot, "COMMERCE_TOKEN": sellercloudToken},
			block(`token = ""`), `token is "" in the provider block, which overrides COMMERCE_TOKEN; remove it or set it\.`},
		{"a bad URL from a variable names the variable",
			map[string]string{"COMMERCE_SELLERCLOUD_BASE_URL": "http://sellercloud.example.com/rest/api", "COMMERCE_TOKEN": sellercloudToken},
			block(), `Invalid base_url .*base_url \(from COMMERCE_SELLERCLOUD_BASE_URL\): "http://sellercloud.example.com/rest/api" uses http:// for a non-loopback host; use https://`},
		{"a bad server id from a variable names the variable",
			map[string]string{"COMMERCE_SELLERCLOUD_SERVER_ID": "tt tt", "COMMERCE_TOKEN": sellercloudToken},
			block(), `Invalid server_id .*server_id \(from COMMERCE_SELLERCLOUD_SERVER_ID\): "tt tt" is not a Sellercloud server id`},
		{"a bad throttle from a variable names the variable",
			map[string]string{"COMMERCE_BASE_URL": scRoot, "COMMERCE_TOKEN": sellercloudToken, "COMMERCE_SELLERCLOUD_MAX_RPS": "fast"},
			block(), `Invalid COMMERCE_SELLERCLOUD_MAX_RPS .*COMMERCE_SELLERCLOUD_MAX_RPS is "fast": it must be a number of requests per second, at least 0.01, such as 2.5\.`},
		{"COMMERCE_PLATFORM names the platform of a block without one, and the generic variables follow it",
			map[string]string{"COMMERCE_PLATFORM": "truto", "COMMERCE_BASE_URL": trRoot, "COMMERCE_TOKEN": trutoToken,
				"COMMERCE_INTEGRATED_ACCOUNT_ID": sandbox.DefaultIntegratedAccountID}, block(), ""},
		{"then they do not configure a Sellercloud block",
			map[string]string{"COMMERCE_PLATFORM": "truto", "COMMERCE_BASE_URL": scRoot, "COMMERCE_TOKEN": sellercloudToken},
			block(`platform = "sellercloud"`), `Missing server_id for sellercloud .*COMMERCE_BASE_URL is set but was ignored: .*\(COMMERCE_PLATFORM is truto\), and this block's platform is sellercloud.*Set COMMERCE_SELLERCLOUD_BASE_URL instead\.` +
				`.*Missing Sellercloud credentials .*COMMERCE_TOKEN is set but was ignored.*Set COMMERCE_SELLERCLOUD_TOKEN instead\.`},
		{"a misspelled COMMERCE_PLATFORM", map[string]string{"COMMERCE_PLATFORM": "selercloud"}, block(),
			`Unknown platform in COMMERCE_PLATFORM .*COMMERCE_PLATFORM is "selercloud", which is not a platform; the platforms are .*Did you mean "sellercloud"\?`},
		{"a platform in the wrong case", nil, block(`platform = "Truto"`),
			`Invalid platform .*platform is "Truto"; it must be ` + platformChoices + `\. Values are case-sensitive: did you mean "truto"\?`},
	} {
		out, err := tf.RunPlan(tc.config, tc.env)
		if tc.want == "" {
			assert.NoError(t, err, "%s\n%s", tc.name, out)
			continue
		}
		if assert.Error(t, err, tc.name) {
			assert.Regexp(t, acctest.ErrorLike(tc.want), out, tc.name)
		}
	}
	assert.Equal(t, []string{"Bearer " + trutoToken}, authorizations(h.truto), "Truto's host received Truto's token only")
	assert.NotContains(t, authorizations(h.sellercloud), "Bearer "+trutoToken, "Truto's token never reached Sellercloud's host")
}
