package sellercloudtf_test

import (
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// TestAccCustomerResource_adoptionInFourRequests applies a saved plan that
// adopts three Sellercloud customers, two with a changed field: each costs
// one GET while planning, and at apply the GET of Terraform's final plan,
// which Create decides on without reading again, then the PUT and the GET
// back; four requests, two for the customer with nothing to change. The read
// waits in the provider process and stays out of the state.
func TestAccCustomerResource_adoptionInFourRequests(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	tf := acctest.NewCLI(t)
	tf.Write("main.tf", acctest.CLIHeader+sellercloudProvider(url)+`
resource "commerce_customer" "changed" {
  for_each    = toset(["10001", "10002"])
  customer_id = each.value
  comments    = "Adopted in four requests"
}
resource "commerce_customer" "unchanged" {
  customer_id = "10003"
}
`)
	ctx := acctest.CommandContext(t)
	require.NoError(t, tf.Init(ctx, tf.Reattach), "terraform init")
	sb.ResetCounts()
	_, err := tf.Plan(ctx, tf.Reattach, tfexec.Out("adopt.tfplan"))
	require.NoError(t, err, tf.Output())
	planning := acctest.RequestsPerRecord(sb, "/Customers/")
	sb.ResetCounts()
	require.NoError(t, tf.Apply(ctx, tf.Reattach, tfexec.DirOrPlan("adopt.tfplan")), tf.Output())
	applying := acctest.RequestsPerRecord(sb, "/Customers/")

	assert.Equal(t, map[string]int{"10001": 1, "10002": 1, "10003": 1}, planning, "requests while planning")
	assert.Equal(t, map[string]int{"10001": 3, "10002": 3, "10003": 1}, applying, "requests while applying: final plan GET (+ PUT, GET back)")
	assert.Equal(t, 2, sb.Count(customerPutRoute), "PUTs")
	for _, id := range []int{10001, 10002} {
		assert.Equal(t, "Adopted in four requests", mustCustomer(t, sb, id).Comment, "customer %d", id)
	}
	acctest.StateWithoutPrivateData(t, tf.Dir, 3)
	changes, err := tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	assert.False(t, changes, "the plan after adopting is empty:\n%s", tf.Output())
}
