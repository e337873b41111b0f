# Telness Tech Connect: the API root of your installation (there is no
# default) and an API key created in the portal.
provider "commerce" {
  platform = "connect"
  base_url = "https://apiv2.example.com"
  api_key  = var.connect_api_key
}

variable "connect_api_key" {
  type      = string
  sensitive = true
}
