# Import an existing Adobe VIP Marketplace subscription by its customer id and
# subscription id, joined by "/".
terraform import commerce_adobe_vip_subscription.team 1006374000/8675309
