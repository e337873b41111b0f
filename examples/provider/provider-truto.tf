# Truto unified e-commerce API: an API token of the Truto environment and the
# integrated account (the connected store) to read customers from.
provider "commerce" {
  platform              = "truto"
  integrated_account_id = var.truto_integrated_account_id
  token                 = var.truto_api_token
}

variable "truto_integrated_account_id" {
  type = string
}

variable "truto_api_token" {
  type      = string
  sensitive = true
}
