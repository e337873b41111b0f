package adobevip

import (
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
		{Attr: "token", Required: true, Sensitive: true,
			What: "the OAuth access token from the Adobe Developer Console, sent as Authorization: Bearer"},
		{Attr: "api_key", Required: true, Sensitive: true,
			What: "the integration's API key (client id), sent as X-Api-Key"},
		{Attr: "reseller_id", Required: true,
			What: "the reseller whose customers are read, under /v3/resellers/{reseller_id}/customers"},
	},
	Filters: map[string]customers.FilterSupport{
		customers.FilterStatus:      customers.Server("status", "1000", "1002", "1004", "1026"),
		customers.FilterCompanyName: customers.Server("company-name"),
		customers.FilterCreatedFrom: customers.Server("from-created-date"),
		customers.FilterCreatedTo:   customers.Server("to-created-date"),
		customers.FilterSortBy:      customers.Server("sort-by", customers.SortCreatedAt, customers.SortCompanyName),
		customers.FilterSortOrder:   customers.Server("order-by"),
		customers.FilterIDs:         customers.Local(),
		customers.FilterName:        customers.Local(),
	},
	Fields: map[string]string{
		"id": "`customerId`", "name": "`companyProfile.companyName`",
		"first_name": "first contact's `firstName` (details)", "last_name": "first contact's `lastName` (details)",
		"email": "first contact's `email` (details)", "phone": "first contact's, else the address's `phoneNumber` (details)",
		"company_name": "`companyProfile.companyName`", "customer_type": "`companyProfile.marketSegment` (details)",
		"status": "`status` (code)", "created_at": "`creationDate`", "external_id": "`externalReferenceId`",
		"raw": "the list item, or the full record (details)",
	},
	Details:     true,
	Paging:      customers.PagingOffset,
	MaxPageSize: MaxPageSize,
}

// Open configures a client for one reseller from the provider settings.
func Open(s customers.Settings, hc httpclient.Config) (customers.Platform, error) {
	hc.BaseURL = s["base_url"]
	if hc.BaseURL == "" {
		hc.BaseURL = DefaultBaseURL
	}
	client, err := httpclient.New(Configure(hc, s["token"], s["api_key"]))
	if err != nil {
		return nil, err
	}
	return New(client, s["reseller_id"]), nil
}
