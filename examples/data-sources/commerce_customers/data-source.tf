# Every wholesale customer in Austin, across all pages.
data "commerce_customers" "austin_wholesale" {
  customer_type = "Wholesale"
  city          = "Austin"
}

# Filters combine; times are RFC 3339.
data "commerce_customers" "happy_since_2024" {
  rating       = "Very_Satisfied"
  created_from = "2024-01-01T00:00:00Z"
  max_results  = 100  # reads only the pages needed; `truncated` tells whether more matched
  include_raw  = true # each customer's whole record in `raw` (and so in the state)
}

output "austin_wholesale_emails" {
  value = data.commerce_customers.austin_wholesale.customers[*].email
}

# One resource per customer found, keyed by the stable customer id (not the
# list position), so a new match adds one instance and changes no other.
resource "terraform_data" "welcome_pack" {
  for_each = {
    for c in data.commerce_customers.austin_wholesale.customers : c.id => c
    if c.email != ""
  }

  input = {
    to      = each.value.email
    company = each.value.company_name
  }
}

# Feed the lookup into a resource: adopt every wholesale customer in Austin
# and manage one field of each (commerce_customer works on Sellercloud).
resource "commerce_customer" "austin_wholesale" {
  for_each = toset(data.commerce_customers.austin_wholesale.customers[*].id)

  customer_id = each.key
  salesman    = "Austin team"
}

# Fields of the platform's own record that the unified result does not
# carry are in `raw`, as JSON, when include_raw is set.
locals {
  happy_wholesale = [
    for c in data.commerce_customers.happy_since_2024.customers : c.id
    if try(jsondecode(c.raw).IsWholeSaleUser, false)
  ]
}

output "happy_wholesale_ids" {
  value = local.happy_wholesale
}

output "more_than_100" {
  value = data.commerce_customers.happy_since_2024.truncated
}
