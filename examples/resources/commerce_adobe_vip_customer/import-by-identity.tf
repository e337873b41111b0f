# Import by resource identity (Terraform 1.12 and later, OpenTofu 1.12 and
# later): the same customer id, named by the identity's customer_id.
import {
  to       = commerce_adobe_vip_customer.acme
  identity = { customer_id = "1006374001" }
}
