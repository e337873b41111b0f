package truto

import (
	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// Description is Truto's unified e-commerce API as the provider presents it.
// Its created_at/updated_at filters take one value whose meaning varies per
// integration, so time ranges are applied by the provider on the returned
// times; some integrations list partial objects, which include_details
// replaces by the full record.
var Description = customers.Description{
	Name:           "truto",
	Title:          "Truto",
	DefaultBaseURL: DefaultBaseURL,
	Settings: []customers.Setting{
		{Attr: "token", Required: true, Sensitive: true,
			What: "a Truto API token, sent as Authorization: Bearer"},
		{Attr: "integrated_account_id", Required: true,
			What: "the integrated account whose customers are read, sent as the integrated_account_id query parameter"},
	},
	Filters: map[string]customers.FilterSupport{
		customers.FilterEmail:       customers.Server("email"),
		customers.FilterName:        customers.Server("name"),
		customers.FilterFirstName:   customers.Server("first_name"),
		customers.FilterLastName:    customers.Server("last_name"),
		customers.FilterCompanyName: customers.Server("company_name"),
		customers.FilterSortBy:      customers.Server(sortParam, customers.SortCreatedAt, customers.SortUpdatedAt).Written(writeSort),
		customers.FilterSortOrder: customers.Server(sortParam).Written(writeSort).
			Noted("its value; default `asc`, by `created_at` when `sort_by` is unset"),
		customers.FilterIDs:          customers.Local(),
		customers.FilterPhoneNumber:  customers.Local(),
		customers.FilterStatus:       customers.Local().Noted("`active` or `inactive`, or the integration's own value"),
		customers.FilterCreatedFrom:  customers.Local(),
		customers.FilterCreatedTo:    customers.Local(),
		customers.FilterModifiedFrom: customers.Local(),
		customers.FilterModifiedTo:   customers.Local(),
	},
	Fields: map[string]string{
		"id": "`id`", "name": "`name` (else first and last name)", "first_name": "`first_name`", "last_name": "`last_name`",
		"email": "primary of `emails`", "phone": "first of `phones`", "company_name": "`company_name`",
		"status": "`status`", "created_at": "`created_at`", "updated_at": "`updated_at`",
		"raw": "the list item (with `remote_data`)",
	},
	Details:     true,
	Paging:      customers.PagingCursor,
	MaxPageSize: MaxPageSize,
	RawCall: customers.RawCall{Headers: []string{"Authorization"}, Bearer: true,
		Note: "the configured API token; unified API calls also take `integrated_account_id` as a query parameter"},
}

// Open configures a client for one integrated account from the provider
// settings.
func Open(s customers.Settings, hc httpclient.Config) (customers.Platform, error) {
	client, err := Description.NewClient(s, hc, func(hc httpclient.Config) httpclient.Config { return Configure(hc, s["token"]) })
	if err != nil {
		return nil, err
	}
	return New(client, s["integrated_account_id"]), nil
}
