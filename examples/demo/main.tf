# The demo runs against the built-in sandbox: `make demo` starts it and sets
# COMMERCE_BASE_URL and COMMERCE_TOKEN, so the provider block stays empty.
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

output "austin_wholesale_count" {
  value = data.commerce_customers.austin_wholesale.total_results
}

output "austin_wholesale" {
  value = [for c in data.commerce_customers.austin_wholesale.customers : "${c.id} ${c.name} <${c.email}> ${coalesce(c.company_name, "-")}"]
}

output "happy_since_2022_count" {
  value = length(data.commerce_customers.happy_since_2022.customers)
}

# Adopt an existing customer and manage two of its fields; every other field
# keeps the sandbox's value. Sellercloud stores emails in lower case, and the
# next plan is still empty. Destroying only forgets the customer.
resource "commerce_customer" "demo" {
  customer_id = "10001"
  comments    = "Managed by the terraform demo"
  email       = "Demo.Customer@Example.com"
}

# The same customer read back through the singular data source.
data "commerce_customer" "demo" {
  id = commerce_customer.demo.id
}

output "demo_customer" {
  value = "${data.commerce_customer.demo.id} ${data.commerce_customer.demo.name} <${data.commerce_customer.demo.email}> rating ${data.commerce_customer.demo.rating}: ${data.commerce_customer.demo.comments}"
}
