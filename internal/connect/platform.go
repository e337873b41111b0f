package connect

import (
	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// Description is the Telness Tech Connect API as the provider presents it.
// Its list has one free-text search parameter; the other filters are applied
// by the provider on the fields the list returns.
var Description = customers.Description{
	Name:  "connect",
	Title: "Telness Tech Connect",
	Settings: []customers.Setting{
		{Attr: "base_url", Required: true,
			What: "the Connect API root, e.g. https://api.example.com; the API has no default host"},
		{Attr: "api_key", Required: true, Sensitive: true,
			What: "an API key from the Connect portal, sent as X-Api-Key"},
	},
	Filters: map[string]customers.FilterSupport{
		customers.FilterKeyword:      customers.Server(SearchParam),
		customers.FilterIDs:          customers.Local(),
		customers.FilterName:         customers.Local(),
		customers.FilterEmail:        customers.Local(),
		customers.FilterPhoneNumber:  customers.Local(),
		customers.FilterCustomerType: customers.Local("CONSUMER", "BUSINESS"),
	},
	Fields: map[string]string{
		"id": "`customerId`", "name": "`name`", "email": "`contact.email`", "phone": "`contact.msisdn`",
		"customer_type": "`customerType`", "created_at": "`createdAt` (older API versions)",
		"updated_at": "`updatedAt` (older API versions)", "external_id": "`referenceId`", "raw": "the list item",
	},
	Paging:      customers.PagingCursor,
	MaxPageSize: MaxPageSize,
	RawCall: customers.RawCall{Headers: []string{"X-Api-Key"},
		Note: "Connect takes no bearer token: the API key is the credential; its writes take an `X-Idempotency-Key` (at most 256 characters, kept 24 hours)"},
}

// Open configures a client from the provider settings.
func Open(s customers.Settings, hc httpclient.Config) (customers.Platform, error) {
	client, err := Description.NewClient(s, hc, func(hc httpclient.Config) httpclient.Config { return Configure(hc, s["api_key"]) })
	if err != nil {
		return nil, err
	}
	return New(client), nil
}
