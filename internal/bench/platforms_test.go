package bench

import (
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/connect"
	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
	"github.com/commercetf/terraform-provider-commerce/internal/truto"
)

// platform is how a benchmark builds one platform's client against the sandbox,
// the way the provider's Configure does.
type platform struct {
	name string
	// paging is "page" or "offset" (pages after the first are fetched at
	// once) or "cursor" (one page after another).
	paging string
	// tokenRequests is what authentication costs before the first page.
	tokenRequests int
	// listRoute is the sandbox route of the list endpoint.
	listRoute string
	// providerConfig is the provider block for the sandbox, as tftypes values
	// (nil: not read through the Terraform face).
	providerConfig func(baseURL string) map[string]tftypes.Value
	// newClient builds the client; transport nil means the HTTP layer's own.
	newClient func(baseURL string, concurrency int, transport http.RoundTripper) (customers.Platform, error)
}

var platforms = []platform{
	{
		name:      "sellercloud",
		paging:    "page",
		listRoute: "GET " + sandbox.SellercloudRoot + "/Customers",
		providerConfig: func(baseURL string) map[string]tftypes.Value {
			return map[string]tftypes.Value{
				"platform": tftypes.NewValue(tftypes.String, "sellercloud"),
				"base_url": tftypes.NewValue(tftypes.String, baseURL+sandbox.SellercloudRoot),
				"token":    tftypes.NewValue(tftypes.String, sandbox.DefaultToken),
			}
		},
		newClient: func(baseURL string, concurrency int, transport http.RoundTripper) (customers.Platform, error) {
			hc, err := httpclient.New(httpclient.Config{
				BaseURL:        baseURL + sandbox.SellercloudRoot,
				Auth:           httpclient.Headers{"Authorization": "Bearer " + sandbox.DefaultToken},
				Concurrency:    concurrency,
				ErrorMessage:   sellercloud.ErrorMessage,
				RateLimitReset: sellercloud.RateLimitReset,
				Transport:      transport,
			})
			if err != nil {
				return nil, err
			}
			return sellercloud.New(hc), nil
		},
	},
	{
		// Sellercloud with username and password: one POST /token first.
		name:          "sellercloud_password",
		paging:        "page",
		tokenRequests: 1,
		listRoute:     "GET " + sandbox.SellercloudRoot + "/Customers",
		newClient: func(baseURL string, concurrency int, transport http.RoundTripper) (customers.Platform, error) {
			bearer := &httpclient.RenewingBearer{}
			hc, err := httpclient.New(httpclient.Config{
				BaseURL:        baseURL + sandbox.SellercloudRoot,
				Auth:           bearer,
				Concurrency:    concurrency,
				ErrorMessage:   sellercloud.ErrorMessage,
				RateLimitReset: sellercloud.RateLimitReset,
				Transport:      transport,
			})
			if err != nil {
				return nil, err
			}
			bearer.Source = sellercloud.PasswordTokenSource(hc, sandbox.DefaultUsername, sandbox.DefaultPassword, time.Now)
			return sellercloud.New(hc), nil
		},
	},
	{
		name:      "adobe_vip",
		paging:    "offset",
		listRoute: "GET " + sandbox.AdobeVIPRoot + "/v3/resellers/{reseller}/customers",
		providerConfig: func(baseURL string) map[string]tftypes.Value {
			return map[string]tftypes.Value{
				"platform":    tftypes.NewValue(tftypes.String, "adobe_vip"),
				"base_url":    tftypes.NewValue(tftypes.String, baseURL+sandbox.AdobeVIPRoot),
				"token":       tftypes.NewValue(tftypes.String, sandbox.DefaultToken),
				"api_key":     tftypes.NewValue(tftypes.String, sandbox.DefaultAPIKey),
				"reseller_id": tftypes.NewValue(tftypes.String, sandbox.DefaultResellerID),
			}
		},
		newClient: func(baseURL string, concurrency int, transport http.RoundTripper) (customers.Platform, error) {
			hc, err := httpclient.New(adobevip.Configure(httpclient.Config{
				BaseURL: baseURL + sandbox.AdobeVIPRoot, Concurrency: concurrency, Transport: transport,
			}, sandbox.DefaultToken, sandbox.DefaultAPIKey))
			if err != nil {
				return nil, err
			}
			return adobevip.New(hc, sandbox.DefaultResellerID), nil
		},
	},
	{
		name:      "connect",
		paging:    "cursor",
		listRoute: "GET " + sandbox.ConnectRoot + "/customers",
		providerConfig: func(baseURL string) map[string]tftypes.Value {
			return map[string]tftypes.Value{
				"platform": tftypes.NewValue(tftypes.String, "connect"),
				"base_url": tftypes.NewValue(tftypes.String, baseURL+sandbox.ConnectRoot),
				"api_key":  tftypes.NewValue(tftypes.String, sandbox.DefaultAPIKey),
			}
		},
		newClient: func(baseURL string, concurrency int, transport http.RoundTripper) (customers.Platform, error) {
			hc, err := httpclient.New(connect.Configure(httpclient.Config{
				BaseURL: baseURL + sandbox.ConnectRoot, Concurrency: concurrency, Transport: transport,
			}, sandbox.DefaultAPIKey))
			if err != nil {
				return nil, err
			}
			return connect.New(hc), nil
		},
	},
	{
		name:      "truto",
		paging:    "cursor",
		listRoute: "GET " + sandbox.TrutoRoot + "/unified/ecommerce/customers",
		providerConfig: func(baseURL string) map[string]tftypes.Value {
			return map[string]tftypes.Value{
				"platform":              tftypes.NewValue(tftypes.String, "truto"),
				"base_url":              tftypes.NewValue(tftypes.String, baseURL+sandbox.TrutoRoot),
				"token":                 tftypes.NewValue(tftypes.String, sandbox.DefaultToken),
				"integrated_account_id": tftypes.NewValue(tftypes.String, sandbox.DefaultIntegratedAccountID),
			}
		},
		newClient: func(baseURL string, concurrency int, transport http.RoundTripper) (customers.Platform, error) {
			hc, err := httpclient.New(truto.Configure(httpclient.Config{
				BaseURL: baseURL + sandbox.TrutoRoot, Concurrency: concurrency, Transport: transport,
			}, sandbox.DefaultToken))
			if err != nil {
				return nil, err
			}
			return truto.New(hc, sandbox.DefaultIntegratedAccountID), nil
		},
	},
}
