# Import with an import block. `terraform plan -generate-config-out=generated.tf`
# writes the resource block with every managed field's current value; remove
# the lines of the fields you do not want Terraform to manage.
import {
  to = commerce_adobe_vip_customer.acme
  id = "1006374001"
}
