# No customer_id: applying creates the customer (one POST /Customers/), then
# sends the other configured fields and reads the customer back.
resource "commerce_customer" "ada" {
  company_id = 1
  first_name = "Ada"
  last_name  = "Lovelace" # required for a retail customer
  email      = "ada@example.com"
  phone_1    = "+1 555 010 2000"
}

# A wholesale customer with its order options and shipping preferences.
resource "commerce_customer" "acme" {
  company_id    = 1
  first_name    = "Grace"
  email         = "buyer@acme.example"
  is_wholesale  = true
  business_name = "Acme Wholesale" # required when the tenant says so

  order_options = {
    tax_exempt                            = true
    tax_id                                = "TX-1001" # only when tax_exempt
    tax_exempt_type                       = "wholesale"
    apply_shipping_charges_to_order_total = true # wholesale customers only
  }
  shipping_preferences = {
    carrier_id = 1
    charges    = 7.5
  }
}

# Known after apply.
output "acme_customer_id" {
  value = commerce_customer.acme.customer_id
}
