# Adopt subscription 8675309 of Adobe customer account 1006374000 and manage
# its auto-renewal. Changes count at the next renewal date (the customer's
# anniversary), when Adobe orders and bills renewal_quantity licences; they
# must be made at least 3 days before it.
resource "commerce_adobe_vip_subscription" "team" {
  customer_id     = "1006374000"
  subscription_id = "8675309"

  auto_renewal_enabled = true
  renewal_quantity     = 25 # left out: Adobe renews every licence the customer has

  flex_discount_codes = ["SUMMER_SALE_12"] # at most one; [] removes it
}

# Read-only attributes: what the customer has now and when it renews.
output "team_renewal" {
  value = "${commerce_adobe_vip_subscription.team.current_quantity} licences, renews ${commerce_adobe_vip_subscription.team.renewal_date}"
}
