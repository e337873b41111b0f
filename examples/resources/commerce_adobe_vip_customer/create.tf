# Create a new Adobe customer account: customer_id is left out, so applying
# sends POST /v3/customers under the provider block's reseller_id and waits
# while Adobe validates the account (status 1002, pending).
resource "commerce_adobe_vip_customer" "harbor_light" {
  # Set by the create only: a later change is an error at plan time.
  company_name = "Harbor Light Books"
  country      = "US"
  region       = "ME"

  preferred_language    = "en-US"
  market_segment        = "COM" # left out, Adobe makes it COM
  external_reference_id = "ERP-4411"

  address = {
    address_line_1 = "12 Wharf St"
    city           = "Portland"
    postal_code    = "04101"
  }

  # Each contact becomes an admin and gets Adobe's welcome email.
  contacts = [
    { first_name = "Ines", last_name = "Ramos", email = "ines.ramos@harborlight.example" },
  ]

  # Not carried by the POST: sent in one PATCH once Adobe has validated the
  # account (a pending account cannot be updated).
  global_sales_enabled = true

  timeouts {
    create = "30m" # how long applying waits while the account is pending (default 10m)
  }
}

output "harbor_light_customer_id" {
  value = commerce_adobe_vip_customer.harbor_light.customer_id # assigned by Adobe
}
