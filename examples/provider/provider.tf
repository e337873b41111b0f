terraform {
  required_providers {
    commerce = {
      source = "commercetf/commerce"
    }
  }
}

# Sellercloud (the default platform) with a username and password: the
# provider gets a token from POST {api root}/token and renews it before it
# expires. Any setting left out is read from its COMMERCE_* environment
# variable instead.
provider "commerce" {
  platform  = "sellercloud"
  server_id = "tt" # API root https://tt.api.sellercloud.com/rest/api
  username  = var.sellercloud_username
  password  = var.sellercloud_password
}

variable "sellercloud_username" {
  type = string
}

variable "sellercloud_password" {
  type      = string
  sensitive = true
}
