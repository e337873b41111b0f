# subscriptions.tfquery.hcl: list the subscriptions of Adobe customer account
# 1006374000 (Terraform 1.14 and later). `terraform query` lists them;
# `terraform query -generate-config-out=generated.tf` writes an import block
# and a commerce_adobe_vip_subscription block for each.
list "commerce_adobe_vip_subscription" "acme" {
  provider = commerce

  config {
    customer_id = "1006374000"
  }
}
