# Import an existing Adobe VIP Marketplace customer account by its customer id.
terraform import commerce_adobe_vip_customer.acme 1006374001
