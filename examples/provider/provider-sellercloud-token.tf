# Sellercloud with a bearer token obtained elsewhere. A fixed token cannot be
# renewed: when it expires, requests fail with 401.
provider "commerce" {
  platform  = "sellercloud"
  server_id = "tt"
  token     = var.sellercloud_token
}

variable "sellercloud_token" {
  type      = string
  sensitive = true
}
