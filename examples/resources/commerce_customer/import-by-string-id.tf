# Import with an import block. `terraform plan -generate-config-out=generated.tf`
# writes the resource block with every field's current value; remove the lines
# of the fields you do not want Terraform to manage.
import {
  to = commerce_customer.acme
  id = "10001"
}
