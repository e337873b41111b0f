# Every subscription of Adobe customer account 1006374000, across all pages.
data "commerce_adobe_vip_subscriptions" "acme" {
  customer_id = "1006374000"
}

# Manage the auto-renewal of each active subscription, keyed by the stable
# subscription id: keep renewing, with the licences the customer has now.
resource "commerce_adobe_vip_subscription" "acme" {
  for_each = {
    for s in data.commerce_adobe_vip_subscriptions.acme.subscriptions : s.subscription_id => s
    if s.status == "1000"
  }

  customer_id          = data.commerce_adobe_vip_subscriptions.acme.customer_id
  subscription_id      = each.key
  auto_renewal_enabled = true
  renewal_quantity     = each.value.current_quantity
}

output "acme_renewals" {
  value = {
    for s in data.commerce_adobe_vip_subscriptions.acme.subscriptions :
    s.offer_id => "${s.renewal_quantity} on ${s.renewal_date}" if s.auto_renewal_enabled
  }
}
