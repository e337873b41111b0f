# Import by resource identity (Terraform 1.12 and later, OpenTofu 1.12 and
# later): the same membership, named by the identity's two ids.
import {
  to = commerce_connect_customer_user.billing_admin
  identity = {
    customer_id = "0f6c2a9e-5b1d-4c3e-8a7f-2d4b6e8f0a1c"
    user_id     = "usr-7d3f9a21"
  }
}
