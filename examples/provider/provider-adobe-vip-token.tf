# Adobe VIP Marketplace with a static access token and the API key (client
# id) instead: the token is never renewed, and Adobe's tokens live 24 hours.
provider "commerce" {
  platform    = "adobe_vip"
  reseller_id = var.adobe_reseller_id
  token       = var.adobe_access_token
  api_key     = var.adobe_api_key
}

variable "adobe_reseller_id" {
  type = string
}

variable "adobe_access_token" {
  type      = string
  sensitive = true
}

variable "adobe_api_key" {
  type      = string
  sensitive = true
}
