# Add every wholesale customer in Austin to customer group 201, with
#   terraform apply -invoke=action.commerce_sellercloud_add_customers_to_group.austin_vip
# Sellercloud can add customers to a group but not remove them: this cannot
# be undone through the API.
data "commerce_customers" "austin_wholesale" {
  customer_type = "Wholesale"
  city          = "Austin"
}

action "commerce_sellercloud_add_customers_to_group" "austin_vip" {
  config {
    group_id     = 201
    customer_ids = [for c in data.commerce_customers.austin_wholesale.customers : tonumber(c.id)]
  }
}
