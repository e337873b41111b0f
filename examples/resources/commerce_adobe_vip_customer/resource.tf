# Adopt Adobe customer account 1006374001 and manage its reference id, its
# city and its contacts. Every field left out (the rest of the address, the
# preferred language, ...) keeps Adobe's value, which the state shows.
resource "commerce_adobe_vip_customer" "acme" {
  customer_id = "1006374001"

  external_reference_id = "ERP-0001" # at most 35 characters

  address = {
    city = "Albany" # the other address lines stay as they are in Adobe
  }

  # Sent only when the list changes: Adobe emails every contact in the PATCH.
  # A contact's names cannot change; its email and phone number can.
  contacts = [
    { first_name = "Ada", last_name = "Byron", email = "ada@acme.example", phone_number = "+1 555 0100" },
    { first_name = "Alan", last_name = "Turing", email = "alan@acme.example" },
  ]
}

# Read-only fields can still be read from the resource.
output "acme_status" {
  value = commerce_adobe_vip_customer.acme.status # "1000": active
}
