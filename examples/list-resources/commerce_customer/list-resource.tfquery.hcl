# customers.tfquery.hcl: find every wholesale customer (Terraform 1.14 and
# later). `terraform query` lists them; `terraform query
# -generate-config-out=generated.tf` writes an import block and a
# commerce_customer block for each.
list "commerce_customer" "wholesale" {
  provider = commerce
  limit    = 1000 # Terraform's default is 100

  config {
    customer_type = "Wholesale"
  }
}
