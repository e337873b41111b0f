package sellercloudtf

import (
	"github.com/hashicorp/terraform-plugin-framework/list"
)

// NewCustomerListResource is the commerce_customer list resource: `list`
// blocks of `terraform query` (Terraform 1.14 and later) find the customers
// that commerce_customer can manage.
var NewCustomerListResource func() list.ListResource = Customer.NewListResource(customerListDescription)

const customerListDescription = "Finds existing Sellercloud customers for `terraform query` (Terraform 1.14 and later), with the filters of the `commerce_customers` data source, so that they can be brought under management by `commerce_customer`: `terraform query -generate-config-out=FILE` writes an `import` block (by identity) and a `commerce_customer` block per customer found. Sellercloud only (Adobe VIP Marketplace accounts have the `commerce_adobe_vip_customer` list resource): another platform is an error before any request.\n\n" +
	"Each result is the customer's identity (`customer_id`) and its name and email. With `include_resource = true` (implied by `-generate-config-out`) each result also carries the whole `commerce_customer` object, read with one `GET /Customers/{id}` per customer, `max_concurrency` at a time.\n\n" +
	"Results stream as the pages arrive; the list block's `limit` (Terraform's default is 100) is honoured without waste: a `limit` below a page is one request for that many customers. A failing page fails the query with the server's error: its results are never a partial list presented as complete."
