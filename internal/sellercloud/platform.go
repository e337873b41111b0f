package sellercloud

import (
	"fmt"
	"math"
	"regexp"
	"time"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// Description is Sellercloud as the provider presents it. Every filter but
// name and company_name is a query parameter of GET /Customers, under the
// swagger's model.* names (API-NOTES 1.3); the list item carries both
// names, so those two are applied by the provider.
var Description = customers.Description{
	Name:           "sellercloud",
	Title:          "Sellercloud",
	DefaultBaseURL: "https://{server_id}.api.sellercloud.com/rest/api",
	Settings: []customers.Setting{
		{Attr: "server_id", Check: checkServerID, Required: true, Unless: "base_url",
			What: "the Sellercloud server id: the API root is `https://{server_id}.api.sellercloud.com/rest/api`; needed unless `base_url` is set, which is how tenants on other domains (such as `https://{server}.api.sellercloud.us/rest/api`) are served"},
		{Attr: "token", Sensitive: true,
			What: "a bearer token, sent as `Authorization: Bearer`; or set `username` and `password` instead"},
		{Attr: "username",
			What: "the user for the token endpoint `POST {root}/token`, an alternative to `token`: the token is fetched, renewed before it expires and once after a 401"},
		{Attr: "password", Sensitive: true, What: "the password that goes with `username`"},
		{Attr: "api_key", Sensitive: true, What: "sent as an extra `X-Api-Key` header when set"},
	},
	Filters: map[string]customers.FilterSupport{
		customers.FilterIDs:           customers.Server("model.customerIds"), // ids checked by Description.ID (Query)
		customers.FilterFirstName:     customers.Server("model.firstName"),
		customers.FilterLastName:      customers.Server("model.lastName"),
		customers.FilterEmail:         customers.Server("model.email"),
		customers.FilterRating:        customers.Server("model.rating", Ratings...).Encoded(customers.EnumNumber(Ratings)),
		customers.FilterCustomerType:  customers.Server("model.customerType", CustomerTypes...).Encoded(customers.EnumNumber(CustomerTypes)),
		customers.FilterSubscribed:    customers.Server("model.subscribed").Encoded(customers.BoolAs("1", "0")),
		customers.FilterCreatedFrom:   customers.Server("model.createdOnFrom").Encoded(filterTime).Noted(toTheMinute),
		customers.FilterCreatedTo:     customers.Server("model.createdOnTo").Encoded(filterTime).Noted(toTheMinute),
		customers.FilterModifiedFrom:  customers.Server("model.modifiedOnFrom").Encoded(filterTime).Noted(toTheMinute),
		customers.FilterModifiedTo:    customers.Server("model.modifiedOnTo").Encoded(filterTime).Noted(toTheMinute),
		customers.FilterPhoneNumber:   customers.Server("model.phoneNumber"),
		customers.FilterCity:          customers.Server("model.city"),
		customers.FilterZipCode:       customers.Server("model.zipCode"),
		customers.FilterExported:      customers.Server("model.exported").Encoded(customers.BoolAs("1", "0")),
		customers.FilterChannel:       customers.Server("model.channel", ChannelNames()...).Encoded(customers.Mapped(Channels)).Noted("e.g. `Amazon`, `Website`, `Local_Store`, `Wholesale`"),
		customers.FilterCorporateName: customers.Server("model.corporateName").Noted("Sellercloud's name for `company_name`"),
		customers.FilterCompanyIDs:    customers.Server("model.companyIds"),
		customers.FilterKeyword:       customers.Server("model.keyword"),
		customers.FilterName:          customers.Local(),
		customers.FilterCompanyName:   customers.Local(),
	},
	Fields: map[string]string{
		"id": "`UserID`", "name": "first and last name", "first_name": "`FirstName`", "last_name": "`LastName`",
		"email": "`Email`", "email_cc": "`EmailCC`", "company_name": "`CorporateName`",
		"customer_type": "`Retail` or `Wholesale`", "rating": "`Rating` (enum name)", "raw": "the list item",
	},
	Credentials: []customers.Credential{{Settings: []string{"username", "password"}}, {Settings: []string{"token"}}},
	Paging:      customers.PagingPage,
	MaxPageSize: MaxPageSize,
	RawCall: customers.RawCall{Headers: []string{"Authorization", "X-Api-Key"}, Bearer: true,
		Note: "`X-Api-Key` only when `api_key` is set; with `username` and `password` the token is the one `POST {root}/token` issued"},
	// The API's customer ids are 32-bit integers.
	ID: customers.NumericIDs(1, math.MaxInt32, "10001"),
}

// Sellercloud's list takes times to the minute, as mm/dd/yyyy hh:mm
// (API-NOTES 1.1).
var filterTime = customers.TimeAs("01/02/2006 15:04")

const toTheMinute = "compared to the minute"

var serverIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*$`)

func checkServerID(v string) error {
	if !serverIDPattern.MatchString(v) {
		return fmt.Errorf("%q is not a Sellercloud server id (letters, digits and hyphens)", v)
	}
	return nil
}

// Open configures a client from the provider settings: the API root from
// base_url or server_id (the face fills base_url in from DefaultBaseURL),
// and either a static token or the password grant.
func Open(s customers.Settings, hc httpclient.Config) (customers.Platform, error) {
	// Username and password are preferred (Description.Credentials): their
	// token is renewed, a static one is not.
	var bearer *httpclient.RenewingBearer
	client, err := Description.NewClient(s, hc, func(hc httpclient.Config) httpclient.Config {
		hc.ErrorMessage = ErrorMessage
		hc.RateLimited = Throttled
		hc.RateLimitReset = RateLimitReset
		extra := httpclient.Headers{}
		if s["api_key"] != "" {
			extra["X-Api-Key"] = s["api_key"]
		}
		if s["username"] != "" {
			bearer = &httpclient.RenewingBearer{Extra: extra}
			hc.Auth = bearer
		} else {
			extra["Authorization"] = "Bearer " + s["token"]
			hc.Auth = extra
		}
		return hc
	})
	if err != nil {
		return nil, err
	}
	if bearer != nil {
		bearer.Source = PasswordTokenSource(client, s["username"], s["password"], time.Now)
	}
	return New(client), nil
}
