package adobeviptf_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// TestAccAdobeCustomer_adoptionInThreeRequests: the same for
// commerce_adobe_vip_customer, whose PATCH answers with the account: one
// GET while planning, the final plan's GET and the PATCH while applying.
func TestAccAdobeCustomer_adoptionInThreeRequests(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	tf := acctest.NewCLI(t)
	tf.Write("main.tf", acctest.CLIHeader+adobeProvider(url)+`
resource "commerce_adobe_vip_customer" "changed" {
  customer_id           = "1006374001"
  external_reference_id = "ERP-THREE-REQUESTS"
}
`)
	ctx := acctest.CommandContext(t)
	require.NoError(t, tf.Init(ctx, tf.Reattach), "terraform init")
	sb.ResetCounts()
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	assert.Equal(t, map[string]int{"1006374001": 3}, acctest.RequestsPerRecord(sb, "/v3/customers/"), "requests to adopt: plan GET, final plan GET, PATCH")
	assert.Equal(t, 1, sb.Count(adobePatchRoute), "PATCHes")
	assert.Equal(t, "ERP-THREE-REQUESTS", mustAdobe(t, sb, "1006374001").ExternalReferenceID)
	acctest.StateWithoutPrivateData(t, tf.Dir, 1)
}
