# Call an endpoint the provider does not cover, here Adobe's order history of
# a customer (GET /v3/customers/{customer-id}/orders), with the credential of
# the provider block. A provisioner may use ephemeral values, and its output
# is not shown; the token and API key never reach the state or the plan.
# (hashicorp/http's `http` data source cannot take them: Terraform refuses
# ephemeral values in a data source's arguments, which it keeps in the state.)
variable "adobe_client_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

provider "commerce" {
  platform      = "adobe_vip"
  client_id     = "0123456789abcdef0123456789abcdef"
  client_secret = var.adobe_client_secret
  reseller_id   = "1000361686"
}

ephemeral "commerce_access_token" "adobe" {}

resource "terraform_data" "order_history" {
  # Runs when the resource is created; replace it to call again.
  provisioner "local-exec" {
    command = <<-EOT
      curl --fail-with-body -sS "$BASE_URL/v3/customers/1006374001/orders" \
        -H "Authorization: $AUTHORIZATION" -H "X-Api-Key: $API_KEY" \
        -H "X-Request-Id: $REQUEST_ID" -H "X-Correlation-Id: $REQUEST_ID" \
        -o orders-1006374001.json
    EOT
    environment = {
      BASE_URL      = ephemeral.commerce_access_token.adobe.base_url
      AUTHORIZATION = ephemeral.commerce_access_token.adobe.headers["Authorization"]
      API_KEY       = ephemeral.commerce_access_token.adobe.headers["X-Api-Key"]
      REQUEST_ID    = uuid()
    }
  }
}
