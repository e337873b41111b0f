# Adobe VIP Marketplace with an OAuth server-to-server credential from the
# Adobe Developer Console: the provider gets its access token from Adobe IMS,
# renews it before it expires, and sends the client id as the API key.
provider "commerce" {
  platform      = "adobe_vip"
  reseller_id   = var.adobe_reseller_id
  client_id     = var.adobe_client_id
  client_secret = var.adobe_client_secret
  # scopes defaults to "ent_partners_sdk", the Commerce Partner API's metascope.

  # The sandbox environment; leave both out for production
  # (https://partners.adobe.io and https://ims-na1.adobelogin.com).
  base_url = "https://partnersandbox-stage.adobe.io"
  ims_url  = "https://ims-na1-stg1.adobelogin.com"
}

variable "adobe_reseller_id" {
  type = string
}

variable "adobe_client_id" {
  type = string
}

variable "adobe_client_secret" {
  type      = string
  sensitive = true
}
