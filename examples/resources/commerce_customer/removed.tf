# Stop managing a customer without a destroy in the plan (Terraform 1.7 or
# later): delete its resource block and add a removed block in its place. The
# plan then says the customer "will no longer be managed by Terraform", and
# applying sends nothing to Sellercloud.
removed {
  from = commerce_customer.acme

  lifecycle {
    destroy = false
  }
}
