# The demo runs against the built-in sandbox: `make demo` starts it and
# exports its settings as platform-scoped variables (COMMERCE_SELLERCLOUD_*,
# COMMERCE_TRUTO_*, ...), each of which configures only the provider blocks
# of its platform, so every provider block here stays empty of settings.
terraform {
  required_providers {
    commerce = {
      source = "commercetf/commerce"
    }
  }
}

provider "commerce" {}

# Every wholesale customer in Austin, across all pages.
data "commerce_customers" "austin_wholesale" {
  customer_type = "Wholesale"
  city          = "Austin"
}

# A filtered lookup by rating and creation date.
data "commerce_customers" "happy_since_2022" {
  rating       = "Very_Satisfied"
  created_from = "2022-01-01T00:00:00Z"
}

# One line per lookup, so that the plan and the apply stay short.
output "austin_wholesale" {
  value = "${data.commerce_customers.austin_wholesale.total_results} customers: ${join(", ", data.commerce_customers.austin_wholesale.customers[*].name)}"
}

output "happy_since_2022_count" {
  value = length(data.commerce_customers.happy_since_2022.customers)
}

# Adopt an existing customer and manage two of its fields; every other field
# keeps the sandbox's value. The plan reads the customer, so it shows every
# field's current value, and a warning lists the two managed fields as
# "current" -> "configured". Sellercloud stores emails in lower case, and the
# next plan is still empty. Destroying only forgets the customer.
resource "commerce_customer" "demo" {
  customer_id = "10001"
  comments    = "Managed by the terraform demo"
  email       = "Demo.Customer@Example.com"
}

# Known while planning: the unmanaged name and rating come from the plan-time read.
output "demo_customer" {
  value = "${commerce_customer.demo.id} ${commerce_customer.demo.name} <${commerce_customer.demo.email}> rating ${commerce_customer.demo.rating}: ${commerce_customer.demo.comments}"
}

# Another customer through the singular data source, read while planning.
data "commerce_customer" "neighbour" {
  id = "10002"
}

output "neighbour" {
  value = "${data.commerce_customer.neighbour.id} ${data.commerce_customer.neighbour.name}, ${data.commerce_customer.neighbour.customer_type} since ${data.commerce_customer.neighbour.created_at}"
}

# Other platforms through provider aliases: each block takes the
# COMMERCE_ADOBE_VIP_* or COMMERCE_TRUTO_* variables of its own platform, and
# never the Sellercloud ones.
provider "commerce" {
  alias    = "adobe"
  platform = "adobe_vip"
}

provider "commerce" {
  alias    = "truto"
  platform = "truto"
}

# Active Adobe accounts created since 2024, by company name; the list items
# are sparse, so include_details reads each account's contact.
data "commerce_customers" "adobe_recent" {
  provider        = commerce.adobe
  created_from    = "2024-01-01T00:00:00Z"
  sort_by         = "company_name"
  sort_order      = "asc"
  max_results     = 3
  include_details = true
}

# Inactive Truto customers of Foxglove & Co: company_name goes to the server,
# status is applied by the provider on the returned customers.
data "commerce_customers" "truto_inactive_foxglove" {
  provider     = commerce.truto
  company_name = "Foxglove"
  status       = "inactive"
}

# Company and contact first name (the contact comes from include_details).
output "adobe_recent" {
  value = join(", ", [for c in data.commerce_customers.adobe_recent.customers : "${c.company_name} (${c.first_name})"])
}

output "truto_inactive_foxglove" {
  value = join(", ", [for c in data.commerce_customers.truto_inactive_foxglove.customers : c.name])
}
