# Stop managing a subscription's auto-renewal without a destroy in the plan
# (Terraform 1.7 or later): delete its resource block and add a removed block
# in its place. Applying sends nothing to Adobe; the subscription keeps the
# auto-renewal preferences it has.
removed {
  from = commerce_adobe_vip_subscription.team

  lifecycle {
    destroy = false
  }
}
