package adobeviptf_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// TestAccAdobeCustomer_generateConfigWarningsAndDestroy drives the terraform
// CLI directly (terraform-plugin-testing shows neither generated files nor
// warnings): `plan -generate-config-out` for an account whose second address
// line and contact phone are empty and for a full one; the generated
// configuration plans as a no-op import, applies without a PATCH and plans
// empty. Dropping a contact warns at plan time that it stays an admin.
// Destroy warns at plan time and at apply, and leaves the accounts in Adobe.
func TestAccAdobeCustomer_generateConfigWarningsAndDestroy(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	sb.ChangeAdobeCustomer("1006374002", func(c *sandbox.AdobeCustomer) {
		c.Contacts[0].PhoneNumber = ""
		c.Contacts = append(c.Contacts, sandbox.AdobeContact{FirstName: "Ada", LastName: "Byron", Email: "ada@example.com", PhoneNumber: "+1 555 0100"})
	})
	sb.ChangeAdobeCustomer("1006374001", func(c *sandbox.AdobeCustomer) { c.AddressLine2 = "Suite 5"; c.GlobalSalesEnabled = true })
	sparse, full := mustAdobe(t, sb, "1006374002"), mustAdobe(t, sb, "1006374001")
	tf := acctest.NewCLI(t)
	main := acctest.CLIHeader + adobeProvider(url)
	tf.Write("main.tf", main+`
import {
  to = commerce_adobe_vip_customer.sparse
  id = "1006374002"
}
import {
  to = commerce_adobe_vip_customer.full
  id = "1006374001"
}
`)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	_, err := tf.Plan(ctx, tf.Reattach, tfexec.GenerateConfigOut("generated.tf"), tfexec.Out("import.tfplan"))
	require.NoError(t, err, tf.Output())
	generated := tf.Generated()
	for _, want := range []string{
		`customer_id           = "1006374002"`, `customer_id           = "1006374001"`,
		fmt.Sprintf(`external_reference_id = %q`, full.ExternalReferenceID),
		`global_sales_enabled  = true`, `address_line_2 = "Suite 5"`,
		fmt.Sprintf(`email        = %q`, sparse.Contacts[0].Email), `phone_number = null`, `phone_number = "+1 555 0100"`,
		fmt.Sprintf(`preferred_language    = %q`, full.PreferredLanguage), `market_segment        = "COM"`,
	} {
		assert.Contains(t, generated, want, "generated configuration:\n%s", generated)
	}
	// The create-only attributes are generated with the account's values (they plan clean).
	for _, want := range []string{fmt.Sprintf(`company_name = %q`, sparse.CompanyName), fmt.Sprintf(`country               = %q`, full.Country), fmt.Sprintf(`region                = %q`, full.Region)} {
		assert.Contains(t, generated, want, "generated configuration:\n%s", generated)
	}
	assert.NotRegexp(t, `(?m)^\s*status\s*=`, generated, "read-only attributes are not generated")
	// The sparse account's empty second line, as the docs say each CLI writes it.
	sparseBlock, _, _ := strings.Cut(generated[strings.Index(generated, `"sparse" {`):], "\n}\n")
	m := regexp.MustCompile(`address_line_2 = (.*)`).FindStringSubmatch(sparseBlock)
	if empty, written := acctest.GeneratedEmptyText(t); !written {
		assert.Nil(t, m, "the CLI leaves the empty second address line out:\n%s", sparseBlock)
	} else if assert.NotNil(t, m, sparseBlock) {
		assert.Equal(t, empty, m[1], "how the CLI writes the empty second address line")
	}
	plan, err := tf.ShowPlanFile(ctx, "import.tfplan", tf.Reattach)
	require.NoError(t, err)
	require.Len(t, plan.ResourceChanges, 2)
	for _, rc := range plan.ResourceChanges {
		assert.True(t, rc.Change.Importing != nil && rc.Change.Actions.NoOp(), "%s: want a no-op import, got %v", rc.Address, rc.Change.Actions)
	}
	require.NoError(t, tf.Apply(ctx, tf.Reattach, tfexec.DirOrPlan("import.tfplan")), tf.Output())
	changes, err := tf.Plan(ctx, tf.Reattach)
	assert.False(t, changes, "plan after importing with the generated configuration:\n%s", tf.Output())
	assert.NoError(t, err)
	assert.Zero(t, sb.Count(adobePatchRoute), "PATCHes while importing")

	// Ada leaves the contact list: she stays an admin, and the plan says so.
	tf.Write("generated.tf", dropContact(t, generated, "ada@example.com"))
	tf.ResetOutput()
	changes, err = tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	assert.True(t, changes)
	assert.Regexp(t, acctest.ErrorLike(`Warning: A removed contact stays an admin .*Ada Byron \(ada@example.com\) leaves the account's contact list, but stays an admin`), tf.Output())
	tf.Write("generated.tf", generated)

	tf.ResetOutput()
	_, err = tf.Plan(ctx, tf.Reattach, tfexec.Destroy(true))
	require.NoError(t, err, tf.Output())
	for _, id := range []string{"1006374001", "1006374002"} {
		assert.Regexp(t, acctest.ErrorLike(`Warning: Destroying commerce_adobe_vip_customer only forgets Adobe customer account `+id+` .*has no API to delete a customer account: applying this destroy removes the resource from the state .*removed {`), tf.Output())
	}
	tf.ResetOutput()
	require.NoError(t, tf.Destroy(ctx, tf.Reattach), tf.Output())
	// One warning per account, from the plan the destroy shows; none at apply.
	assert.Equal(t, 2, strings.Count(tf.Output(), "Warning: Destroying commerce_adobe_vip_customer"), tf.Output())
	assert.NotContains(t, tf.Output(), "not deleted", "no second warning from the apply")
	for _, id := range []string{"1006374001", "1006374002"} {
		assert.Equal(t, 1, strings.Count(tf.Output(), "Warning: Destroying commerce_adobe_vip_customer only forgets Adobe customer account "+id), tf.Output())
	}
	for _, id := range []string{"1006374001", "1006374002"} {
		mustAdobe(t, sb, id)
	}
	assert.Zero(t, sb.Count(adobePatchRoute), "PATCHes while destroying")

	// Adopting again: the create plan lists what each configured field replaces.
	tf.Write("generated.tf", `
resource "commerce_adobe_vip_customer" "full" {
  customer_id           = "1006374001"
  external_reference_id = "ERP-9"
  address               = { city = "Albany" }
}
`)
	tf.Write("main.tf", main)
	tf.ResetOutput()
	_, err = tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	assert.Regexp(t, acctest.ErrorLike(fmt.Sprintf(`Warning: Adopting Adobe customer account 1006374001 changes 2 fields .*external_reference_id: %q -> "ERP-9" .*address.city: %q -> "Albany"`,
		full.ExternalReferenceID, full.City)), tf.Output())
}

// dropContact removes the contact with this email from a generated
// configuration's contacts list.
func dropContact(t *testing.T, hcl, email string) string {
	t.Helper()
	at := strings.Index(hcl, fmt.Sprintf("%q", email))
	require.Positive(t, at, "no contact %s in:\n%s", email, hcl)
	start := strings.LastIndex(hcl[:at], "{")
	end := at + strings.Index(hcl[at:], "}") + 1
	if strings.HasPrefix(hcl[end:], ",") {
		end++
	}
	return hcl[:start] + hcl[end:]
}
