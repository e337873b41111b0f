# Adopt Sellercloud customer 10001 and manage three of its fields. Every other
# field is never sent and shows Sellercloud's current value in the state.
resource "commerce_customer" "acme" {
  customer_id = "10001"

  email            = "orders@acme.example"
  business_aliases = ["Acme", "Acme Supply LLC"]
  account_managers = [
    { id = 7, commission = 2.5 }, # slot 1
    { id = 9, commission = 1 },   # slot 2; slot 3 is emptied
  ]
}

# "" clears a text field.
resource "commerce_customer" "no_fax" {
  customer_id = "10002"
  fax         = ""
}

# Unmanaged fields can still be read from the resource.
output "acme_rating" {
  value = commerce_customer.acme.rating
}
