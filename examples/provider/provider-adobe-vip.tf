# Adobe VIP Marketplace: an IMS access token and the API key (client id) of
# the Adobe Developer Console project, both required, and the reseller whose
# customers to read.
provider "commerce" {
  platform    = "adobe_vip"
  reseller_id = var.adobe_reseller_id
  token       = var.adobe_access_token
  api_key     = var.adobe_api_key

  # The sandbox environment; leave base_url out for production
  # (https://partners.adobe.io).
  base_url = "https://partnersandbox-stage.adobe.io"
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
