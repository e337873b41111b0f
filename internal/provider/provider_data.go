package provider

import (
	"fmt"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// providerData is what Configure hands to every data source and resource:
// the configured platform, and how many requests it may have in flight.
// What a platform can do beyond lookups is an optional interface of its
// client (see sellercloudCustomers).
type providerData struct {
	platform    customers.Platform
	concurrency int
}

// configuredData checks the provider data handed to a data source or
// resource. Nil means the provider is not configured yet (validation runs).
func configuredData(data any, diags *diagList) *providerData {
	if data == nil {
		return nil
	}
	c, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return c
}

// description is the configured platform's description.
func (c *providerData) description() *customers.Description { return c.platform.Description() }

// managingResource says which resource manages customers on a platform:
// the one whose optional interface the platform's client offers.
func managingResource(p customers.Platform) string {
	switch p.(type) {
	case sellercloudCustomers:
		return "commerce_customer"
	case adobeAccounts:
		return "commerce_adobe_vip_customer"
	}
	return ""
}

// platformAs returns the configured platform's client as T, the optional
// interface that what (a resource, a list resource) needs, or adds an error
// that names the configured platform and what serves it instead.
func platformAs[T any](data *providerData, what, needs string, diags *diagList) (T, bool) {
	var none T
	if data == nil {
		diags.AddError("Provider not configured", "The provider block was not configured before "+what+" was used. This is a bug in the provider; please report it.")
		return none, false
	}
	v, ok := data.platform.(T)
	if ok {
		return v, true
	}
	d := data.description()
	detail := fmt.Sprintf("The %s works with %s, but this provider block is configured for %q. Use a provider block for that platform (a provider alias) for it.", what, needs, d.Name)
	if other := managingResource(data.platform); other != "" {
		detail += fmt.Sprintf(" On %s, customers are managed with %s.", d.Title, other)
	} else {
		detail += fmt.Sprintf(" On %s the provider looks customers up (the commerce_customers and commerce_customer data sources) but does not manage them.", d.Title)
	}
	diags.AddError("Platform not supported by "+what, detail)
	return none, false
}
