# One provider block talks to one platform; aliases give you several in one
# configuration. Environment variables apply to every block, so set the
# credentials of each block in configuration. Tuning settings apply per block:
# each block has its own throttle and concurrency bound.
provider "commerce" {
  alias     = "sellercloud"
  platform  = "sellercloud"
  server_id = "tt"
  token     = var.sellercloud_token

  max_requests_per_second = 2.5 # 9,000 calls an hour, under Sellercloud's 10,800
  max_rate_limit_wait     = "15m"
}

provider "commerce" {
  alias                 = "shop"
  platform              = "truto"
  integrated_account_id = var.truto_integrated_account_id
  token                 = var.truto_api_token
}

data "commerce_customers" "sellercloud_wholesale" {
  provider      = commerce.sellercloud
  customer_type = "Wholesale"
}

data "commerce_customers" "shop" {
  provider = commerce.shop
}

output "customer_counts" {
  value = {
    sellercloud_wholesale = data.commerce_customers.sellercloud_wholesale.total_results
    shop                  = length(data.commerce_customers.shop.customers)
  }
}

variable "sellercloud_token" {
  type      = string
  sensitive = true
}

variable "truto_integrated_account_id" {
  type = string
}

variable "truto_api_token" {
  type      = string
  sensitive = true
}
