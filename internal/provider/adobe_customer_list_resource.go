package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
)

var (
	_ list.ListResourceWithConfigure      = (*customerList[adobeAccounts, adobevip.Account])(nil)
	_ list.ListResourceWithValidateConfig = (*customerList[adobeAccounts, adobevip.Account])(nil)
)

// NewAdobeCustomerListResource is the commerce_adobe_vip_customer list
// resource: `list` blocks of `terraform query` (Terraform 1.14 and later)
// find the customer accounts that commerce_adobe_vip_customer can manage
// (list_resource.go).
func NewAdobeCustomerListResource() list.ListResource {
	return &customerList[adobeAccounts, adobevip.Account]{kind: listedResource[adobeAccounts, adobevip.Account]{
		typeSuffix:  "_adobe_vip_customer",
		description: adobeCustomerListDescription,
		needs:       "the customer accounts the commerce_adobe_vip_customer resource manages: Adobe VIP Marketplace (platform = \"adobe_vip\")",
		read: func(ctx context.Context, acc adobeAccounts, id string) (adobevip.Account, error) {
			return acc.GetAccount(ctx, id)
		},
		result: adobeListResult,
	}}
}

const adobeCustomerListDescription = "Finds existing Adobe VIP Marketplace customer accounts for `terraform query` (Terraform 1.14 and later), with the filters of the " +
	"`commerce_customers` data source, so that they can be brought under management by `commerce_adobe_vip_customer`: `terraform query -generate-config-out=FILE` " +
	"writes an `import` block (by identity) and a `commerce_adobe_vip_customer` block per account found. Provider blocks with `platform = \"adobe_vip\"` only: " +
	"another platform is an error before any request.\n\n" +
	"Each result is the account's identity (`customer_id`) and a display name. Adobe's list items are sparse (id, status, company name, creation date, " +
	"reference id), so without `include_resource` the display name is the company name (with the first contact's email when the list item has contacts, " +
	"as in Adobe's first version of the list). With `include_resource = true` (implied by `-generate-config-out`) each account is read with one " +
	"`GET /v3/customers/{customer-id}`, `max_concurrency` at a time: the result then carries the whole `commerce_adobe_vip_customer` object, and its display " +
	"name is the company name and the first contact's email, as `Acme Labs <ada@acme.example>`.\n\n" +
	"Results stream as the pages arrive; the list block's `limit` (Terraform's default is 100) is honoured without waste: a `limit` below Adobe's page of 50 " +
	"is one request for that many accounts. A failing page fails the query with the server's error: its results are never a partial list presented as complete."

// adobeListResult is the list result of an account read in full: its
// display name is the company and the first contact's email, and its
// resource object is what an import reads (modelFromAccount).
func adobeListResult(ctx context.Context, b resultBuilder, a adobevip.Account) list.ListResult {
	email := ""
	if ks := a.CompanyProfile.Contacts; len(ks) > 0 {
		email = ks[0].Email
	}
	name := displayName(a.CompanyProfile.CompanyName, email, a.CustomerID)
	v, err := adobeResourceValue(ctx, b, a)
	return b.withResource(a.CustomerID, name, v, err)
}

// adobeResourceValue is the commerce_adobe_vip_customer object of an account
// as Read stores it after an import. It goes through the framework's
// Resource.Set (the nested address and contacts included): its reflection
// costs little next to the GET each account needed.
func adobeResourceValue(ctx context.Context, b resultBuilder, a adobevip.Account) (tftypes.Value, error) {
	res := tfsdk.Resource{Schema: b.req.ResourceSchema, Raw: tftypes.NewValue(b.resourceType, nil)}
	m := modelFromAccount(a)
	if diags := res.Set(ctx, &m); diags.HasError() {
		var errs []error
		for _, d := range diags.Errors() {
			errs = append(errs, errors.New(d.Summary()+": "+d.Detail()))
		}
		return tftypes.Value{}, errors.Join(errs...)
	}
	return res.Raw, nil
}
