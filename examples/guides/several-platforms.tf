# Three platforms in one configuration, every credential from the
# environment. Each block reads its own platform's variables:
#   export COMMERCE_SELLERCLOUD_SERVER_ID=tt
#   export COMMERCE_SELLERCLOUD_USERNAME=... COMMERCE_SELLERCLOUD_PASSWORD=...
#   export COMMERCE_ADOBE_VIP_CLIENT_ID=... COMMERCE_ADOBE_VIP_CLIENT_SECRET=...
#   export COMMERCE_ADOBE_VIP_RESELLER_ID=...
#   export COMMERCE_TRUTO_TOKEN=... COMMERCE_TRUTO_INTEGRATED_ACCOUNT_ID=...
terraform {
  required_providers {
    commerce = {
      source = "commercetf/commerce"
    }
  }
}

# The default block: platform defaults to sellercloud (or COMMERCE_PLATFORM).
provider "commerce" {}

provider "commerce" {
  alias    = "adobe"
  platform = "adobe_vip"
}

provider "commerce" {
  alias    = "shop"
  platform = "truto"

  max_requests_per_second = 5 # this block's own throttle
}

data "commerce_customers" "sellercloud_wholesale" {
  customer_type = "Wholesale"
}

data "commerce_customers" "adobe_pending" {
  provider = commerce.adobe
  status   = "1002"
}

data "commerce_customers" "shop_inactive" {
  provider = commerce.shop
  status   = "inactive"
}

output "counts" {
  value = {
    sellercloud_wholesale = data.commerce_customers.sellercloud_wholesale.total_results
    adobe_pending         = data.commerce_customers.adobe_pending.total_results
    shop_inactive         = length(data.commerce_customers.shop_inactive.customers)
  }
}
