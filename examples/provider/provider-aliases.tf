# One provider block talks to one platform; aliases give you several in one
# configuration. Each block takes its settings from the block itself, then
# from its own platform's variables (COMMERCE_SELLERCLOUD_TOKEN,
# COMMERCE_TRUTO_TOKEN, ...): a credential exported for one platform never
# reaches a block of another. Tuning settings apply per block: each block has
# its own throttle and concurrency bound.
provider "commerce" {
  alias     = "sellercloud"
  platform  = "sellercloud"
  server_id = "tt"
  # token: COMMERCE_SELLERCLOUD_TOKEN

  max_requests_per_second = 2.5 # 9,000 calls an hour, under Sellercloud's 10,800
  max_rate_limit_wait     = "15m"
}

provider "commerce" {
  alias    = "shop"
  platform = "truto"
  # token and integrated_account_id: COMMERCE_TRUTO_TOKEN and
  # COMMERCE_TRUTO_INTEGRATED_ACCOUNT_ID
}

# Each data source, resource or list names its block with provider; the
# several platforms guide has a whole configuration.
data "commerce_customers" "shop" {
  provider = commerce.shop
}
