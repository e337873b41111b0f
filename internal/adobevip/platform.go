package adobevip

import (
	"strings"
	"time"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// Description is Adobe VIP Marketplace as the provider presents it. Its list
// items are sparse (customerId, status, companyName, creationDate,
// externalReferenceId: API-NOTES 2.6), so contacts cannot be filtered on and
// include_details reads each full record; no customer-id parameter is
// documented, and the account's name is its company name, so ids and name
// are applied by the provider.
var Description = customers.Description{
	Name:           "adobe_vip",
	Title:          "Adobe VIP Marketplace",
	DefaultBaseURL: DefaultBaseURL,
	Settings: []customers.Setting{
		{Attr: "token", Sensitive: true,
			What: "a static OAuth access token from the Adobe Developer Console, sent as `Authorization: Bearer` and never renewed (Adobe's tokens live 24 hours); or set `client_id` and `client_secret` instead"},
		{Attr: "client_id",
			What: "the OAuth server-to-server credential's client id (Adobe Developer Console), an alternative to `token`: the provider gets its access token from `POST {ims_url}/ims/token/v3`, renews it before it expires and once after a 401. It is also the API key unless `api_key` is set"},
		{Attr: "client_secret", Sensitive: true, What: "the client secret that goes with `client_id`"},
		{Attr: "scopes",
			What: "the scopes asked for with `client_id`, comma-separated as IMS takes them; default `" + DefaultScopes + "` (the Commerce Partner API's metascope); set it to the scopes the Developer Console lists on the credential when they differ"},
		{Attr: "ims_url", Check: checkIMSURL,
			What: "the Adobe IMS root the token is asked from with `client_id`: default `" + DefaultIMSURL + "`, the sandbox environment uses `https://ims-na1-stg1.adobelogin.com`; `https://` only (`http://` only for loopback, like `base_url`). The client secret goes to this origin only"},
		{Attr: "api_key", Sensitive: true,
			What: "the integration's API key (client id), sent as `X-Api-Key`: required with `token`, defaults to `client_id`"},
		{Attr: "reseller_id", Required: true,
			What: "the reseller whose customers are read, under `/v3/resellers/{reseller_id}/customers`"},
	},
	Filters: map[string]customers.FilterSupport{
		customers.FilterStatus: customers.Server("status", "1000", "1002", "1004", "1026").
			Noted("`1000` active, `1002` pending, `1004` inactive; unset, Adobe lists only the active ones"),
		customers.FilterCompanyName: customers.Server("company-name").
			Noted("the server matches the whole name, with `*` as a wildcard: `Acme*`"),
		customers.FilterCreatedFrom: customers.Server("from-created-date").Encoded(byDay).Noted(byDayNote),
		customers.FilterCreatedTo:   customers.Server("to-created-date").Encoded(byDay).Noted(byDayNote),
		customers.FilterSortBy:      customers.Server("sort-by", customers.SortCreatedAt, customers.SortCompanyName).Encoded(customers.Mapped(sortNames)),
		customers.FilterSortOrder:   customers.Server("order-by").Encoded(lower).Noted("default `desc`"),
		customers.FilterIDs:         customers.Local(),
		customers.FilterName:        customers.Local().Noted("the account's company name"),
	},
	Fields: map[string]string{
		"id": "`customerId`", "name": "`companyProfile.companyName`",
		"first_name": "first contact's `firstName` (details)", "last_name": "first contact's `lastName` (details)",
		"email": "first contact's `email` (details)", "phone": "first contact's, else the address's `phoneNumber` (details)",
		"company_name": "`companyProfile.companyName`", "customer_type": "`companyProfile.marketSegment`: `COM`, `EDU` or `GOV` (details)",
		"status": "`status` (code: `1000` active, `1002` pending, `1004` inactive, ...)", "created_at": "`creationDate`", "external_id": "`externalReferenceId`",
		"raw": "the list item, or the full record (details)",
	},
	Credentials: []customers.Credential{
		{Settings: []string{"client_id", "client_secret"}},
		{Settings: []string{"token"}, With: []string{"api_key"}},
	},
	OneCredential: true,
	Details:       true,
	Paging:        customers.PagingOffset,
	MaxPageSize:   MaxPageSize,
	ID:            IDs,
	RawCall: customers.RawCall{Headers: []string{"Authorization", "X-Api-Key"}, Bearer: true,
		Note: "every call also sends `Content-Type: application/json`, a new `X-Request-Id` and an `X-Correlation-Id` (required; Adobe replays its answer to a correlation id it has seen, for 10 days)"},
}

// IDs are the OpenAPI's customerId: 4 to 40 letters, digits and hyphens.
var IDs = customers.PatternIDs(`^[\p{L}\d\-]{4,40}$`, "4 to 40 letters, digits and hyphens", "1006374000")

// Adobe filters by calendar day in UTC.
var byDay = customers.TimeAs("2006-01-02")

const byDayNote = "compared by day, in UTC"

// sortNames maps the unified sort_by values to Adobe's.
var sortNames = map[string]string{customers.SortCreatedAt: "creationDate", customers.SortCompanyName: "companyName"}

func lower(v string) (string, error) { return strings.ToLower(v), nil }

// Open configures a client for one reseller from the provider settings: a
// static token with its API key, or the OAuth server-to-server grant, whose
// token requests go through their own client rooted at ims_url (the secret
// reaches the IMS origin only, the token the API origin only) sharing the
// provider block's secrets.
func Open(s customers.Settings, hc httpclient.Config) (customers.Platform, error) {
	hc, err := Description.Configure(s, hc)
	if err != nil {
		return nil, err
	}
	hc.ErrorMessage = ErrorMessage
	if s["token"] != "" {
		client, err := httpclient.New(Configure(hc, s["token"], s["api_key"]))
		if err != nil {
			return nil, err
		}
		return New(client, s["reseller_id"]), nil
	}
	clientID, secret := s["client_id"], s["client_secret"]
	imsURL := s["ims_url"]
	if imsURL == "" {
		imsURL = DefaultIMSURL
	}
	scopes := s["scopes"]
	if scopes == "" {
		scopes = DefaultScopes
	}
	apiKey := s["api_key"]
	if apiKey == "" {
		apiKey = clientID // Adobe's API key is the credential's client id
	}
	if hc.Secrets == nil {
		hc.Secrets = &httpclient.Secrets{} // one set for both clients
	}
	ref := s.Ref()
	imsConfig := hc
	imsConfig.BaseURL = imsURL
	imsConfig.ErrorMessage = IMSErrorMessage
	imsConfig.HostHint = "check " + ref("ims_url")
	scopesRef := ref("scopes")
	if s["scopes"] == "" {
		scopesRef = "scopes (not set: " + DefaultScopes + ")"
	}
	imsConfig.CredentialHint = "check " + ref("client_id") + ", " + ref("client_secret") + " and " + scopesRef
	imsConfig.Auth = nil
	// The secret is in the set before any request: IMS may echo the form.
	hc.Secrets.Add(secret)
	ims, err := httpclient.New(imsConfig)
	if err != nil {
		return nil, err
	}
	bearer := &httpclient.RenewingBearer{Source: ClientCredentialsTokenSource(ims, clientID, secret, scopes, time.Now)}
	client, err := httpclient.New(configureBearer(hc, bearer, apiKey))
	if err != nil {
		return nil, err
	}
	return New(client, s["reseller_id"]), nil
}
