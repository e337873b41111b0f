# Everything from the environment, for example in CI:
#   export COMMERCE_PLATFORM=sellercloud COMMERCE_SERVER_ID=tt
#   export COMMERCE_USERNAME=... COMMERCE_PASSWORD=...
provider "commerce" {}
