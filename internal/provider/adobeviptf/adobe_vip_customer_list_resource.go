package adobeviptf

import (
	"github.com/hashicorp/terraform-plugin-framework/list"
)

// NewCustomerListResource is the commerce_adobe_vip_customer list
// resource: `list` blocks of `terraform query` (Terraform 1.14 and later)
// find the customer accounts that commerce_adobe_vip_customer can manage.
// Without include_resource a result's display name is the list item's
// company name (and first contact's email, when the item has contacts).
var NewCustomerListResource func() list.ListResource = Customer.NewListResource(adobeCustomerListDescription)

const adobeCustomerListDescription = "Finds existing Adobe VIP Marketplace customer accounts for `terraform query` (Terraform 1.14 and later), with the filters of the `commerce_customers` data source, so that they can be brought under management by `commerce_adobe_vip_customer`: `terraform query -generate-config-out=FILE` writes an `import` block (by identity) and a `commerce_adobe_vip_customer` block per account found. Provider blocks with `platform = \"adobe_vip\"` only: another platform is an error before any request.\n\n" +
	"Each result is the account's identity (`customer_id`) and a display name. Adobe's list items are sparse (id, status, company name, creation date, reference id), so without `include_resource` the display name is the company name (with the first contact's email when the list item has contacts, as in Adobe's first version of the list). With `include_resource = true` (implied by `-generate-config-out`) each account is read with one `GET /v3/customers/{customer-id}`, `max_concurrency` at a time: the result then carries the whole `commerce_adobe_vip_customer` object, and its display name is the company name and the first contact's email, as `Acme Labs <ada@acme.example>`.\n\n" +
	"Results stream as the pages arrive; the list block's `limit` (Terraform's default is 100) is honoured without waste: a `limit` below Adobe's page of 50 is one request for that many accounts. A failing page fails the query with the server's error: its results are never a partial list presented as complete."
