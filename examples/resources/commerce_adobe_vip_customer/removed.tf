# Stop managing an Adobe customer account without a destroy in the plan
# (Terraform 1.7 or later): delete its resource block and add a removed block
# in its place. The plan then says the account "will no longer be managed by
# Terraform", and applying sends nothing to Adobe.
removed {
  from = commerce_adobe_vip_customer.acme

  lifecycle {
    destroy = false
  }
}
