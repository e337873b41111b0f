# Import by resource identity (Terraform 1.12 and later, OpenTofu 1.12 and
# later): the customer id and the subscription id, each by name.
import {
  to       = commerce_adobe_vip_subscription.team
  identity = { customer_id = "1006374000", subscription_id = "8675309" }
}
