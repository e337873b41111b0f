package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// filterWireNames are the query parameters each server-side filter is sent
// as, per platform, for the attribute descriptions (the clients hold the
// real mapping; a test keeps this table in step with the capability table).
var filterWireNames = map[string]map[string]string{
	customers.FilterIDs:           {platformSellercloud: "customerIds"},
	customers.FilterFirstName:     {platformSellercloud: "firstName", platformTruto: "first_name"},
	customers.FilterLastName:      {platformSellercloud: "lastName", platformTruto: "last_name"},
	customers.FilterName:          {platformTruto: "name"},
	customers.FilterEmail:         {platformSellercloud: "email", platformTruto: "email"},
	customers.FilterPhoneNumber:   {platformSellercloud: "phoneNumber"},
	customers.FilterCompanyName:   {platformAdobeVIP: "company-name", platformTruto: "company_name"},
	customers.FilterCorporateName: {platformSellercloud: "corporateName"},
	customers.FilterCustomerType:  {platformSellercloud: "customerType"},
	customers.FilterStatus:        {platformAdobeVIP: "status"},
	customers.FilterRating:        {platformSellercloud: "rating"},
	customers.FilterSubscribed:    {platformSellercloud: "subscribed"},
	customers.FilterCreatedFrom:   {platformSellercloud: "createdOnFrom", platformAdobeVIP: "from-created-date"},
	customers.FilterCreatedTo:     {platformSellercloud: "createdOnTo", platformAdobeVIP: "to-created-date"},
	customers.FilterModifiedFrom:  {platformSellercloud: "modifiedOnFrom"},
	customers.FilterModifiedTo:    {platformSellercloud: "modifiedOnTo"},
	customers.FilterCity:          {platformSellercloud: "city"},
	customers.FilterZipCode:       {platformSellercloud: "zipCode"},
	customers.FilterExported:      {platformSellercloud: "exported"},
	customers.FilterChannel:       {platformSellercloud: "channel"},
	customers.FilterCompanyIDs:    {platformSellercloud: "companyIds"},
	customers.FilterKeyword:       {platformSellercloud: "keyword", platformConnect: "search"},
	customers.FilterSortBy:        {platformAdobeVIP: "sort-by", platformTruto: "sort_by[field]"},
	customers.FilterSortOrder:     {platformAdobeVIP: "order-by", platformTruto: "sort_by[field]=asc|desc"},
}

// filterDesc ends a filter's description with where each platform applies
// it, read from the capability table.
func filterDesc(name, what string) string {
	var parts, none []string
	for _, p := range platformNames {
		switch customers.SupportOf(p, name) {
		case customers.SupportServer:
			parts = append(parts, fmt.Sprintf("%s `%s`", p, filterWireNames[name][p]))
		case customers.SupportLocal:
			parts = append(parts, p+" (applied by the provider)")
		default:
			none = append(none, p)
		}
	}
	if len(none) > 0 {
		parts = append(parts, "not supported on "+strings.Join(none, ", "))
	}
	return what + " Platforms: " + strings.Join(parts, "; ") + "."
}

// checkFilters rejects, before any request, the filters the configured
// platform cannot apply and values it does not accept, each as an error on
// its attribute under root (the data source's root, or its filter block).
func checkFilters(c *clientData, f customers.Filter, root path.Path, diags *diagList) {
	platform := c.platform.Name()
	for _, e := range customers.Check(platform, f) {
		diags.AddAttributeError(root.AtName(e.Filter), e.Summary, e.Detail)
	}
	if c.sellercloud != nil {
		// Sellercloud ids are numbers; other platforms' ids are any text.
		for _, id := range f.IDs {
			if !positiveInt.MatchString(id) {
				diags.AddAttributeError(root.AtName(customers.FilterIDs), "Invalid Sellercloud customer id",
					fmt.Sprintf("ids value %q must be a positive whole number: Sellercloud customer ids are numbers.", id))
			}
		}
	}
}

// checkDetails rejects include_details where it means nothing.
func checkDetails(c *clientData, diags *diagList) {
	if p := c.platform.Name(); !customers.SupportsDetails(p) {
		diags.AddAttributeError(path.Root("include_details"), "include_details not supported on "+p,
			fmt.Sprintf("include_details reads each customer's full record on %s, whose lists are sparse; %s's list already carries every field the provider maps.",
				strings.Join(customers.DetailsPlatforms(), " and "), p))
	}
}

// capabilityTable renders the capability table as Markdown, as the docs
// template carries it.
func capabilityTable() string {
	names := customers.FilterNames()
	var b strings.Builder
	b.WriteString("| filter | " + strings.Join(platformNames, " | ") + " |\n|" + strings.Repeat(" --- |", len(platformNames)+1) + "\n")
	for _, n := range names {
		b.WriteString("| `" + n + "` |")
		for _, p := range platformNames {
			b.WriteString(" " + string(customers.SupportOf(p, n)) + " |")
		}
		b.WriteString("\n")
	}
	return b.String()
}
