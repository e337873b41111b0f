# Add the customers from an apply instead: the action runs when this resource
# is created, and again whenever the list of ids changes (customers already
# in the group stay in it once; customers dropped from the list are not
# removed from the group).
locals {
  newsletter_ids = [10001, 10002, 10003]
}

resource "terraform_data" "newsletter_members" {
  input = local.newsletter_ids

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.commerce_sellercloud_add_customers_to_group.newsletter]
    }
  }
}

action "commerce_sellercloud_add_customers_to_group" "newsletter" {
  config {
    group_id     = 203
    customer_ids = local.newsletter_ids
  }
}
