# Send the welcome email from an apply instead: the action runs after this
# resource is created, and again each time `welcome_email_round` changes.
variable "welcome_email_round" {
  type    = number
  default = 1
}

resource "terraform_data" "welcome_email_round" {
  input = var.welcome_email_round

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.commerce_adobe_vip_resend_welcome_email.onboarding]
    }
  }
}

action "commerce_adobe_vip_resend_welcome_email" "onboarding" {
  config {
    customer_id         = "1006374001"
    emails              = ["it-admin@acme.example", "buyer@acme.example"]
    keep_other_contacts = true
  }
}
