# Make two Connect users users of a customer. Destroying a resource removes
# the user from the customer (the user itself stays in Connect).
resource "commerce_connect_customer_user" "billing_admin" {
  customer_id = "0f6c2a9e-5b1d-4c3e-8a7f-2d4b6e8f0a1c"
  user_id     = "usr-7d3f9a21"
  role        = "ADMIN" # MEMBER, MANAGER or ADMIN; a change replaces the membership
}

# Role left out: added as MEMBER (Connect's default), and the role is not
# managed afterwards.
resource "commerce_connect_customer_user" "support" {
  customer_id = "0f6c2a9e-5b1d-4c3e-8a7f-2d4b6e8f0a1c"
  user_id     = "usr-2b8e4c10"
}

# The user's name, as Connect has it.
output "billing_admin_name" {
  value = commerce_connect_customer_user.billing_admin.name
}
