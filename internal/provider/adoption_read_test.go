package provider

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
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

// stateWithoutPrivateRead fails unless no resource instance of the state in
// dir keeps the adoption's read in its private state.
func stateWithoutPrivateRead(t *testing.T, dir string, want int) {
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
			private, err := base64.StdEncoding.DecodeString(in.Private)
			require.NoError(t, err)
			assert.NotContains(t, string(private), adoptionReadKey, "%s: the planned read stays out of the state", r.Type)
		}
	}
	assert.Equal(t, want, n, "resource instances in the state")
}

// TestAccCustomerResource_adoptionInFourRequests applies a saved plan that
// adopts three Sellercloud customers, two with a changed field: each costs
// one GET while planning, and at apply the GET of Terraform's final plan,
// which Create decides on without reading again, then the PUT and the GET
// back; four requests, two for the customer with nothing to change. The read
// travels in the plan's private state and stays out of the state.
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
	stateWithoutPrivateRead(t, tf.dir, 3)
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
	stateWithoutPrivateRead(t, tf.dir, 1)
}

// TestAdoptionRead_roundTrip: what the final plan keeps of a record decodes
// to the same fields Create decides on, for every seeded record of both
// platforms; a read of another record, or none, is not taken.
func TestAdoptionRead_roundTrip(t *testing.T) {
	ctx := context.Background()
	sb, url := startSandbox(t, sandbox.Options{Customers: 5})
	sc := testutil.OpenSandbox[*sellercloud.Client](t, sellercloud.Open, "sellercloud", url)
	adobe := testutil.OpenSandbox[*adobevip.Client](t, adobevip.Open, "adobe_vip", url)
	private := &testPrivate{}

	for id := 10001; id <= 10005; id++ {
		d, err := sc.GetDetails(ctx, fmt.Sprint(id))
		require.NoError(t, err)
		d.Raw = nil
		require.False(t, keepAdoptionRead(ctx, private, d).HasError())
		got, ok := adoptionRead(plannedAdoptionRead(ctx, private.bytes(t)), fmt.Sprint(id), sellercloudRecordID)
		require.True(t, ok, "customer %d", id)
		assert.Equal(t, fieldsFromDetails(d), fieldsFromDetails(got), "customer %d", id)
		_, ok = adoptionRead(plannedAdoptionRead(ctx, private.bytes(t)), fmt.Sprint(id+1), sellercloudRecordID)
		assert.False(t, ok, "the read of customer %d is not taken for another", id)
	}
	for _, c := range sb.AdobeCustomers() {
		a, err := adobe.GetAccount(ctx, c.CustomerID)
		require.NoError(t, err)
		require.False(t, keepAdoptionRead(ctx, private, a).HasError())
		got, ok := adoptionRead(plannedAdoptionRead(ctx, private.bytes(t)), c.CustomerID, adobeRecordID)
		require.True(t, ok, "account %s", c.CustomerID)
		assert.Equal(t, modelFromAccount(a), modelFromAccount(got), "account %s", c.CustomerID)
	}
	_, ok := adoptionRead(ctx, "10001", sellercloudRecordID)
	assert.False(t, ok, "no read in the request")
	_, ok = adoptionRead(plannedAdoptionRead(ctx, []byte(`{"adoption_read":"not base64 JSON"}`)), "10001", sellercloudRecordID)
	assert.False(t, ok, "a private state that is not the framework's encoding")
}

// testPrivate is a resource's private state as the framework encodes it for
// Terraform: a JSON object of base64 values.
type testPrivate struct{ keys map[string][]byte }

func (p *testPrivate) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	if p.keys == nil {
		p.keys = map[string][]byte{}
	}
	p.keys[key] = value
	return nil
}

func (p *testPrivate) bytes(t *testing.T) []byte {
	b, err := json.Marshal(p.keys)
	require.NoError(t, err)
	return b
}

// TestFramework_createHasNoPrivateState is plannedAdoptionRead's exit
// condition: the framework's CreateRequest has no private state, so
// requestScopedServer passes the final plan's read to Create itself. When
// this fails after a framework upgrade, Create can read req.Private instead.
func TestFramework_createHasNoPrivateState(t *testing.T) {
	_, ok := reflect.TypeOf(resource.CreateRequest{}).FieldByName("Private")
	assert.False(t, ok, "resource.CreateRequest has Private now: read the adoption's planned read from it and drop plannedAdoptionRead")
}
