# The provider block that logs in with a username and password, and the token
# it holds, handed to a second provider block (or a module's) that takes a
# token: neither the password nor the token reaches the state or the plan.
variable "sellercloud_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

provider "commerce" {
  platform  = "sellercloud"
  server_id = "acme"
  username  = "terraform@acme.example"
  password  = var.sellercloud_password
}

ephemeral "commerce_access_token" "sellercloud" {}

provider "commerce" {
  alias    = "reporting"
  platform = "sellercloud"
  base_url = ephemeral.commerce_access_token.sellercloud.base_url
  token    = ephemeral.commerce_access_token.sellercloud.token
}

data "commerce_customer" "acme" {
  provider = commerce.reporting
  id       = "10001"
}
