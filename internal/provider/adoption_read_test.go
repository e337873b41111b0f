package provider

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// requestsPerRecord counts the requests sent since the last reset per
// record path (e.g. "/Customers/10001"), token requests left out.
func requestsPerRecord(sb *sandbox.Server, pathPrefix string) map[string]int {
	out := map[string]int{}
	for _, r := range sb.Requests() {
		if _, id, ok := strings.Cut(r.Path, pathPrefix); ok {
			out[id]++
		}
	}
	return out
}

// stateWithoutPrivateData fails unless the state in dir holds want
// resource instances and none of them keeps private data: the planned read
// stays in the provider process (tfkit's memo), never in a file.
func stateWithoutPrivateData(t *testing.T, dir string, want int) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	require.NoError(t, err)
	var state struct {
		Resources []struct {
			Type      string
			Instances []struct {
				Private string `json:"private"`
			}
		}
	}
	require.NoError(t, json.Unmarshal(b, &state))
	n := 0
	for _, r := range state.Resources {
		for _, in := range r.Instances {
			n++
			assert.Empty(t, in.Private, "%s: the planned read stays out of the state", r.Type)
		}
	}
	assert.Equal(t, want, n, "resource instances in the state")
}

// TestAccCustomerResource_adoptionInFourRequests applies a saved plan that
// adopts three Sellercloud customers, two with a changed field: each costs
// one GET while planning, and at apply the GET of Terraform's final plan,
// which Create decides on without reading again, then the PUT and the GET
// back; four requests, two for the customer with nothing to change. The read
// waits in the provider process and stays out of the state.
func TestAccCustomerResource_adoptionInFourRequests(t *testing.T) {
	skipUnlessAcc(t)
	sb, url := startSandbox(t, sandbox.Options{Customers: 3})
	tf := newTerraformCLI(t)
	tf.write("main.tf", cliHeader+sellercloudProvider(url)+`
resource "commerce_customer" "changed" {
  for_each    = toset(["10001", "10002"])
  customer_id = each.value
  comments    = "Adopted in four requests"
}
resource "commerce_customer" "unchanged" {
  customer_id = "10003"
}
`)
	ctx := commandContext(t)
	require.NoError(t, tf.Init(ctx, tf.reattach), "terraform init")
	sb.ResetCounts()
	_, err := tf.Plan(ctx, tf.reattach, tfexec.Out("adopt.tfplan"))
	require.NoError(t, err, tf.output())
	planning := requestsPerRecord(sb, "/Customers/")
	sb.ResetCounts()
	require.NoError(t, tf.Apply(ctx, tf.reattach, tfexec.DirOrPlan("adopt.tfplan")), tf.output())
	applying := requestsPerRecord(sb, "/Customers/")

	assert.Equal(t, map[string]int{"10001": 1, "10002": 1, "10003": 1}, planning, "requests while planning")
	assert.Equal(t, map[string]int{"10001": 3, "10002": 3, "10003": 1}, applying, "requests while applying: final plan GET (+ PUT, GET back)")
	assert.Equal(t, 2, sb.Count(customerPutRoute), "PUTs")
	for _, id := range []int{10001, 10002} {
		assert.Equal(t, "Adopted in four requests", mustCustomer(t, sb, id).Comment, "customer %d", id)
	}
	stateWithoutPrivateData(t, tf.dir, 3)
	changes, err := tf.Plan(ctx, tf.reattach)
	require.NoError(t, err, tf.output())
	assert.False(t, changes, "the plan after adopting is empty:\n%s", tf.output())
}

// TestAccAdobeCustomer_adoptionInThreeRequests: the same for
// commerce_adobe_vip_customer, whose PATCH answers with the account: one
// GET while planning, the final plan's GET and the PATCH while applying.
func TestAccAdobeCustomer_adoptionInThreeRequests(t *testing.T) {
	skipUnlessAcc(t)
	sb, url := startSandbox(t, sandbox.Options{Customers: 3})
	tf := newTerraformCLI(t)
	tf.write("main.tf", cliHeader+adobeProvider(url)+`
resource "commerce_adobe_vip_customer" "changed" {
  customer_id           = "1006374001"
  external_reference_id = "ERP-THREE-REQUESTS"
}
`)
	ctx := commandContext(t)
	require.NoError(t, tf.Init(ctx, tf.reattach), "terraform init")
	sb.ResetCounts()
	require.NoError(t, tf.Apply(ctx, tf.reattach), tf.output())
	assert.Equal(t, map[string]int{"1006374001": 3}, requestsPerRecord(sb, "/v3/customers/"), "requests to adopt: plan GET, final plan GET, PATCH")
	assert.Equal(t, 1, sb.Count(adobePatchRoute), "PATCHes")
	assert.Equal(t, "ERP-THREE-REQUESTS", mustAdobe(t, sb, "1006374001").ExternalReferenceID)
	stateWithoutPrivateData(t, tf.dir, 1)
}
