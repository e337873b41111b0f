# One customer by id.
data "commerce_customer" "by_id" {
  id = "10001"
}

# One customer by the filters of commerce_customers: exactly one must match,
# otherwise the plan fails saying how many matched.
data "commerce_customer" "by_email" {
  filter = {
    email         = "orders@acme.example"
    customer_type = "Wholesale"
  }
}

output "acme" {
  value = {
    id            = data.commerce_customer.by_email.id
    business_name = data.commerce_customer.by_email.business_name
    phone         = data.commerce_customer.by_email.phone_1
  }
}
