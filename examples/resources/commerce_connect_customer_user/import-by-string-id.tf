# Import with an import block. `terraform plan -generate-config-out=generated.tf`
# writes the resource block with the ids and the current role.
import {
  to = commerce_connect_customer_user.billing_admin
  id = "0f6c2a9e-5b1d-4c3e-8a7f-2d4b6e8f0a1c/usr-7d3f9a21"
}
