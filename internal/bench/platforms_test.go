package bench

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/connect"
	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
	"github.com/commercetf/terraform-provider-commerce/internal/truto"
)

// platform is one platform as the benchmarks read it from the sandbox: its
// client opened through the platform's Open, as the provider's Configure
// opens it, and the same settings as a provider block.
type platform struct {
	name string
	// platform is the provider block's platform.
	platform string
	// paging is "page" or "offset" (pages after the first are fetched at
	// once) or "cursor" (one page after another).
	paging string
	// tokenRequests is what authentication costs before the first page.
	tokenRequests int
	// listRoute is the sandbox route of the list endpoint.
	listRoute string
	open      testutil.OpenFunc
	// settings are the provider settings for the sandbox at a base URL.
	settings func(baseURL string) customers.Settings
	// variant is a second way to authenticate on a platform already read
	// through the Terraform face, which BenchmarkProviderRead leaves out.
	variant bool
}

// client opens the platform's client on the sandbox; transport nil means
// the HTTP layer's own.
func (p platform) client(tb testing.TB, baseURL string, concurrency int, transport http.RoundTripper) customers.Platform {
	tb.Helper()
	return testutil.Open[customers.Platform](tb, p.open, p.settings(baseURL), httpclient.Config{Concurrency: concurrency, Transport: transport})
}

// providerConfig is the provider block for the sandbox, as tftypes values.
func (p platform) providerConfig(baseURL string) map[string]tftypes.Value {
	config := map[string]tftypes.Value{"platform": tftypes.NewValue(tftypes.String, p.platform)}
	for name, v := range p.settings(baseURL) {
		config[name] = tftypes.NewValue(tftypes.String, v)
	}
	return config
}

// sandboxSettings are the sandbox's default settings for a platform.
func sandboxSettings(name string) func(string) customers.Settings {
	return func(baseURL string) customers.Settings { return testutil.Settings(name, baseURL) }
}

var platforms = []platform{
	{
		name: "sellercloud", platform: "sellercloud", paging: "page",
		listRoute: "GET " + sandbox.SellercloudRoot + "/Customers",
		open:      sellercloud.Open, settings: sandboxSettings("sellercloud"),
	},
	{
		// Sellercloud with username and password: one POST /token first.
		name: "sellercloud_password", platform: "sellercloud", paging: "page", tokenRequests: 1, variant: true,
		listRoute: "GET " + sandbox.SellercloudRoot + "/Customers",
		open:      sellercloud.Open,
		settings: func(baseURL string) customers.Settings {
			return customers.Settings{"base_url": baseURL + sandbox.SellercloudRoot,
				"username": sandbox.DefaultUsername, "password": sandbox.DefaultPassword}
		},
	},
	{
		name: "adobe_vip", platform: "adobe_vip", paging: "offset",
		listRoute: "GET " + sandbox.AdobeVIPRoot + "/v3/resellers/{reseller}/customers",
		open:      adobevip.Open, settings: sandboxSettings("adobe_vip"),
	},
	{
		name: "connect", platform: "connect", paging: "cursor",
		listRoute: "GET " + sandbox.ConnectRoot + "/customers",
		open:      connect.Open, settings: sandboxSettings("connect"),
	},
	{
		name: "truto", platform: "truto", paging: "cursor",
		listRoute: "GET " + sandbox.TrutoRoot + "/unified/ecommerce/customers",
		open:      truto.Open, settings: sandboxSettings("truto"),
	},
}
