# An admin lost Adobe's welcome email: send it again to that contact of the
# account, with
#   terraform apply -invoke=action.commerce_adobe_vip_resend_welcome_email.lost_email
# The action keeps nothing in the state and sends nothing on a plain apply.
action "commerce_adobe_vip_resend_welcome_email" "lost_email" {
  config {
    customer_id = "1006374001"
    emails      = ["it-admin@acme.example"]

    # The update carries only the contacts mailed, so Adobe drops the other
    # contacts from the account's contact list (they stay admins). Keep them
    # on it, and mail every one of them:
    # keep_other_contacts = true
  }
}
