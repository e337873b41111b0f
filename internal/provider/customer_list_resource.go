package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

var (
	_ list.ListResourceWithConfigure      = (*customerList[sellercloudCustomers, sellercloud.Details])(nil)
	_ list.ListResourceWithValidateConfig = (*customerList[sellercloudCustomers, sellercloud.Details])(nil)
)

// NewCustomerListResource is the commerce_customer list resource: `list`
// blocks of `terraform query` (Terraform 1.14 and later) find the customers
// that commerce_customer can manage (list_resource.go).
func NewCustomerListResource() list.ListResource {
	return &customerList[sellercloudCustomers, sellercloud.Details]{kind: listedResource[sellercloudCustomers, sellercloud.Details]{
		typeSuffix:  "_customer",
		description: customerListDescription,
		needs:       "the customers the commerce_customer resource manages: Sellercloud (platform = \"sellercloud\")",
		read: func(ctx context.Context, sc sellercloudCustomers, id string) (sellercloud.Details, error) {
			return sc.GetDetails(ctx, id)
		},
		result: func(ctx context.Context, b resultBuilder, d sellercloud.Details) list.ListResult {
			id := strconv.Itoa(d.ID)
			return b.result(ctx, id, displayName(d.Name, d.Email, id), &d)
		},
	}}
}

const customerListDescription = "Finds existing Sellercloud customers for `terraform query` (Terraform 1.14 and later), with the filters of the `commerce_customers` data source, " +
	"so that they can be brought under management by `commerce_customer`: `terraform query -generate-config-out=FILE` writes an `import` block (by identity) and a " +
	"`commerce_customer` block per customer found. Sellercloud only (Adobe VIP Marketplace accounts have the `commerce_adobe_vip_customer` list resource): " +
	"another platform is an error before any request.\n\n" +
	"Each result is the customer's identity (`customer_id`) and its name and email. With `include_resource = true` (implied by `-generate-config-out`) " +
	"each result also carries the whole `commerce_customer` object, read with one `GET /Customers/{id}` per customer, `max_concurrency` at a time.\n\n" +
	"Results stream as the pages arrive; the list block's `limit` (Terraform's default is 100) is honoured without waste: a `limit` below a page is one request " +
	"for that many customers. A failing page fails the query with the server's error: its results are never a partial list presented as complete."

// resourceValue is the commerce_customer object of customer d, as an import
// reads it: every field with the server's value (sellercloudFieldTable).
func (b resultBuilder) resourceValue(ctx context.Context, id string, d *sellercloud.Details) (tftypes.Value, error) {
	fields := fieldsFromDetails(*d)
	vals := make(map[string]tftypes.Value, len(sellercloudFieldTable)+2)
	vals["id"] = tftypes.NewValue(tftypes.String, id)
	vals["customer_id"] = tftypes.NewValue(tftypes.String, id)
	for _, f := range sellercloudFieldTable {
		v, err := f.get(&fields).ToTerraformValue(ctx)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("%s: %w", f.attr, err)
		}
		vals[f.attr] = v
	}
	return tftypes.NewValue(b.resourceType, vals), nil
}

// result is one list result: the identity, the display name and, when d is
// set, the resource object as an import would read it.
func (b resultBuilder) result(ctx context.Context, id, name string, d *sellercloud.Details) list.ListResult {
	if d == nil {
		return b.identified(id, name)
	}
	v, err := b.resourceValue(ctx, id, d)
	return b.withResource(id, name, v, err)
}
