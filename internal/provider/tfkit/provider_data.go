package tfkit

import (
	"fmt"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// ProviderData is what the provider's Configure hands to every data source,
// resource and list resource of its block: the configured platform, how many
// requests it may have in flight, which resource manages the platform's
// customers, and the reads adoptions planned in this process (memo.go). What
// a platform can do beyond lookups is an optional interface of its client,
// which a resource asks for with PlatformAs.
type ProviderData struct {
	Platform    customers.Platform
	Concurrency int
	// BaseURL is the API root the platform's client sends to.
	BaseURL string
	// ManagedBy names the resource that manages customers on a platform, ""
	// for none: the provider asks its managed resources in turn.
	ManagedBy func(customers.Platform) string

	adoptions memo
	// refreshedRules are the per-key rules a refresh read, for the plan of
	// the same record that follows it in this process (fields_keyed.go).
	refreshedRules memo
}

// Configured checks the provider data handed to a data source or resource.
// Nil means the provider is not configured yet (validation runs).
func Configured(data any, diags *diagList) *ProviderData {
	if data == nil {
		return nil
	}
	c, ok := data.(*ProviderData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *tfkit.ProviderData, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return c
}

// Description is the configured platform's description.
func (c *ProviderData) Description() *customers.Description { return c.Platform.Description() }

// PlatformAs returns the configured platform's client as T, the optional
// interface that what (a resource, a list resource) needs, or adds an error
// that names the configured platform and what serves it instead.
func PlatformAs[T any](data *ProviderData, what, needs string, diags *diagList) (T, bool) {
	var none T
	if data == nil {
		diags.AddError("Provider not configured", "The provider block was not configured before "+what+" was used. This is a bug in the provider; please report it.")
		return none, false
	}
	v, ok := data.Platform.(T)
	if ok {
		return v, true
	}
	d := data.Description()
	detail := fmt.Sprintf("The %s works with %s, but this provider block is configured for %q. Use a provider block for that platform (a provider alias) for it.", what, needs, d.Name)
	other := ""
	if data.ManagedBy != nil {
		other = data.ManagedBy(data.Platform)
	}
	if other != "" {
		detail += fmt.Sprintf(" On %s, customers are managed with %s.", d.Title, other)
	} else {
		detail += fmt.Sprintf(" On %s the provider looks customers up (the commerce_customers and commerce_customer data sources) but does not manage them.", d.Title)
	}
	diags.AddError("Platform not supported by "+what, detail)
	return none, false
}
