# accounts.tfquery.hcl: find the active customer accounts of companies whose
# name starts with "Acme" (Terraform 1.14 and later). `terraform query` lists
# them; `terraform query -generate-config-out=generated.tf` writes an import
# block and a commerce_adobe_vip_customer block for each.
list "commerce_adobe_vip_customer" "acme" {
  provider = commerce
  limit    = 1000 # Terraform's default is 100

  config {
    company_name = "Acme*" # Adobe matches the whole name; * is a wildcard
    sort_by      = "company_name"
    sort_order   = "asc"
  }
}
