# Import with an import block. `terraform plan -generate-config-out=generated.tf`
# writes the resource block with the current auto-renewal preferences; remove
# the lines of the attributes you do not want Terraform to manage.
import {
  to = commerce_adobe_vip_subscription.team
  id = "1006374000/8675309"
}
