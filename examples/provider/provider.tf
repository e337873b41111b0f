terraform {
  required_providers {
    commerce = {
      source = "commercetf/commerce"
    }
  }
}

# Sellercloud (the default platform) with a username and password: the
# provider gets a token from POST {api root}/token and renews it before it
# expires. A setting left out is read from the environment instead:
# COMMERCE_SELLERCLOUD_PASSWORD, say (see "Configuration and environment
# variables").
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
