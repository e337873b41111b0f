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
