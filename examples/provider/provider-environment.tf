# Everything from the environment, for example in CI. Each platform's own
# variables configure only the provider blocks of that platform:
#   export COMMERCE_SELLERCLOUD_SERVER_ID=tt
#   export COMMERCE_SELLERCLOUD_USERNAME=... COMMERCE_SELLERCLOUD_PASSWORD=...
# The generic COMMERCE_<SETTING> variables (COMMERCE_TOKEN, ...) configure
# only blocks of the platform COMMERCE_PLATFORM names (sellercloud when it is
# not set), so they never reach a block of another platform.
provider "commerce" {}
