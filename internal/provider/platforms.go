package provider

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/connect"
	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/truto"
)

// setting is one provider setting a platform needs: the attribute, its
// environment variable and what it is for.
type setting struct {
	attr, env, what string
}

// required reads the settings a platform needs (configuration beats
// environment) and reports every missing one as an error on its attribute.
func required(cfg providerModel, platform string, settings []setting, diags *diagList) map[string]string {
	values := map[string]string{}
	for _, s := range settings {
		v := envOr(settingValue(cfg, s.attr), s.env)
		if v == "" {
			diags.AddAttributeError(path.Root(s.attr), fmt.Sprintf("Missing %s for %s", s.attr, platform),
				fmt.Sprintf("platform = %q needs %s (or the %s environment variable): %s.", platform, s.attr, s.env, s.what))
		}
		values[s.attr] = v
	}
	return values
}

func newClient(hc httpclient.Config, diags *diagList) *httpclient.Client {
	client, err := httpclient.New(hc)
	if err != nil {
		diags.AddAttributeError(path.Root("base_url"), "Invalid API root", err.Error())
		return nil
	}
	return client
}

// configureAdobeVIP needs a token, an API key and the reseller id.
func configureAdobeVIP(cfg providerModel, hc httpclient.Config) (customers.Platform, diagList) {
	var diags diagList
	v := required(cfg, platformAdobeVIP, []setting{
		{"token", "COMMERCE_TOKEN", "the OAuth access token from the Adobe Developer Console, sent as Authorization: Bearer"},
		{"api_key", "COMMERCE_API_KEY", "the integration's API key (client id), sent as X-Api-Key"},
		{"reseller_id", "COMMERCE_RESELLER_ID", "the reseller whose customers are read"},
	}, &diags)
	if diags.HasError() {
		return nil, diags
	}
	hc.BaseURL = envOr(cfg.BaseURL, "COMMERCE_BASE_URL")
	if hc.BaseURL == "" {
		hc.BaseURL = adobevip.DefaultBaseURL
	}
	hc.CredentialHint = "check token (COMMERCE_TOKEN) and api_key (COMMERCE_API_KEY)"
	client := newClient(adobevip.Configure(hc, v["token"], v["api_key"]), &diags)
	if client == nil {
		return nil, diags
	}
	return adobevip.New(client, v["reseller_id"]), diags
}

// configureConnect needs the API root (there is no default host) and an API key.
func configureConnect(cfg providerModel, hc httpclient.Config) (customers.Platform, diagList) {
	var diags diagList
	v := required(cfg, platformConnect, []setting{
		{"base_url", "COMMERCE_BASE_URL", "the Connect API root, e.g. https://api.example.com; the API has no default host"},
		{"api_key", "COMMERCE_API_KEY", "an API key from the Connect portal, sent as X-Api-Key"},
	}, &diags)
	if diags.HasError() {
		return nil, diags
	}
	hc.BaseURL = v["base_url"]
	hc.CredentialHint = "check api_key (COMMERCE_API_KEY)"
	client := newClient(connect.Configure(hc, v["api_key"]), &diags)
	if client == nil {
		return nil, diags
	}
	return connect.New(client), diags
}

// configureTruto needs a token and the integrated account.
func configureTruto(cfg providerModel, hc httpclient.Config) (customers.Platform, diagList) {
	var diags diagList
	v := required(cfg, platformTruto, []setting{
		{"token", "COMMERCE_TOKEN", "a Truto API token, sent as Authorization: Bearer"},
		{"integrated_account_id", "COMMERCE_INTEGRATED_ACCOUNT_ID", "the integrated account whose customers are read"},
	}, &diags)
	if diags.HasError() {
		return nil, diags
	}
	hc.BaseURL = envOr(cfg.BaseURL, "COMMERCE_BASE_URL")
	if hc.BaseURL == "" {
		hc.BaseURL = truto.DefaultBaseURL
	}
	hc.CredentialHint = "check token (COMMERCE_TOKEN) and integrated_account_id (COMMERCE_INTEGRATED_ACCOUNT_ID)"
	client := newClient(truto.Configure(hc, v["token"]), &diags)
	if client == nil {
		return nil, diags
	}
	return truto.New(client, v["integrated_account_id"]), diags
}

// usedSettings lists the platform-specific settings each platform reads.
var usedSettings = map[string][]string{
	platformSellercloud: {"server_id", "token", "username", "password", "api_key"},
	platformAdobeVIP:    {"token", "api_key", "reseller_id"},
	platformConnect:     {"api_key"},
	platformTruto:       {"token", "integrated_account_id"},
}

// ignoredSettings warns about settings configured for another platform (the
// environment is not checked: it may serve several provider aliases).
func ignoredSettings(cfg providerModel, platform string) diagList {
	var diags diagList
	for _, attr := range []string{"server_id", "token", "username", "password", "api_key", "reseller_id", "integrated_account_id"} {
		if settingValue(cfg, attr).IsNull() || slices.Contains(usedSettings[platform], attr) {
			continue
		}
		var users []string
		for _, p := range platformNames {
			if slices.Contains(usedSettings[p], attr) {
				users = append(users, p)
			}
		}
		diags.AddAttributeWarning(path.Root(attr), "Setting ignored on "+platform,
			fmt.Sprintf("%s is used by %s only; this provider block talks to %s, so it is ignored.", attr, strings.Join(users, " and "), platform))
	}
	return diags
}

func settingValue(cfg providerModel, attr string) types.String {
	switch attr {
	case "server_id":
		return cfg.ServerID
	case "base_url":
		return cfg.BaseURL
	case "token":
		return cfg.Token
	case "username":
		return cfg.Username
	case "password":
		return cfg.Password
	case "api_key":
		return cfg.APIKey
	case "reseller_id":
		return cfg.ResellerID
	case "integrated_account_id":
		return cfg.IntegratedAccountID
	}
	panic("unknown provider setting " + attr)
}
