package sellercloudtf_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

const groupAction = "action.commerce_sellercloud_add_customers_to_group.members"

// groupConfig is the action on the sandbox's Sellercloud block (extra
// provider lines allowed) adding the customers of idsHCL (an HCL list
// expression) to group.
func groupConfig(url string, group int, idsHCL string, providerLines ...string) string {
	return acctest.CLIHeader + sellercloudProvider(url, providerLines...) + fmt.Sprintf(`
action "commerce_sellercloud_add_customers_to_group" "members" {
  config {
    group_id     = %d
    customer_ids = %s
  }
}
`, group, idsHCL)
}

// hclInts writes ids as an HCL list.
func hclInts(ids []int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// groupPosts are the id lists of the add-to-group POSTs the sandbox
// received since the last reset, in order.
func groupPosts(t *testing.T, sb *sandbox.Server) [][]int {
	t.Helper()
	var out [][]int
	for _, r := range sb.Requests() {
		if r.Pattern != sandbox.SellercloudAddToGroupRoute {
			continue
		}
		var body struct{ CustomersIDs []int }
		require.NoError(t, json.Unmarshal(r.Body, &body), "%s", r.Body)
		out = append(out, body.CustomersIDs)
	}
	return out
}

func sorted(ids []int) []int {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// isNthGroupPost matches the nth add-to-group POST from now on.
func isNthGroupPost(n int32) func(*http.Request) bool {
	var seen atomic.Int32
	return func(r *http.Request) bool {
		return r.Method == http.MethodPost && strings.Contains(r.URL.Path, "/CustomersGroups/") && seen.Add(1) == n
	}
}

// TestAccSellercloudGroupAdd_invokeInBatches adds 250 customers (one listed
// twice) with `terraform apply -invoke`: three POSTs of 100, 100 and 50 ids
// in the order given, each id once, a progress line after each; all 250 are
// members. Under a second batch applied then answered 502, or whose answer
// breaks off, the batch is sent again (adding a member twice changes
// nothing): four POSTs, the same members.
func TestAccSellercloudGroupAdd_invokeInBatches(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIActions)
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 250})
	ids := sb.SellercloudIDs()
	require.Len(t, ids, 250)
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", groupConfig(url, 203, hclInts(append(slices.Clone(ids), ids[7]))))
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	sb.ResetCounts()

	out, err := tf.Invoke(ctx, groupAction)
	require.NoError(t, err, out)
	assert.Equal(t, [][]int{ids[:100], ids[100:200], ids[200:]}, groupPosts(t, sb))
	assert.Equal(t, 3, sb.TotalRequests(), "the three POSTs and nothing else")
	assert.Equal(t, sorted(ids), sorted(sb.SellercloudGroupMembers(203)))
	acctest.MatchOutput(t, out,
		`: Adding 250 customers to Sellercloud customer group 203: 3 POST /Customers/CustomersGroups/203/Customers of at most 100 ids`,
		`: Added 100 of 250 customers to group 203\n`, `: Added 200 of 250 customers to group 203\n`, `: Added 250 of 250 customers to group 203\n`,
		`Action complete: `+groupAction)

	for i, fault := range []sandbox.Fault{
		{Match: isNthGroupPost(2), Applied: true, Status: http.StatusBadGateway, Times: 1},
		{Match: isNthGroupPost(2), Break: true, Times: 1},
	} {
		group := sb.AddSellercloudGroup(fmt.Sprintf("Fault %d", i))
		tf.Write("main.tf", groupConfig(url, group, hclInts(ids)))
		sb.ResetCounts()
		sb.InjectFault(fault)
		out, err := tf.Invoke(ctx, groupAction)
		require.NoError(t, err, out)
		assert.Equal(t, [][]int{ids[:100], ids[100:200], ids[100:200], ids[200:]}, groupPosts(t, sb), "fault %d: the second batch sent again", i)
		assert.Equal(t, sorted(ids), sorted(sb.SellercloudGroupMembers(group)), "fault %d", i)
	}
}

// TestAccSellercloudGroupAdd_failures: an unknown group, and unknown
// customers in the first batch, add nobody and point at their attribute; an
// unknown customer in the second batch leaves the first batch added, and
// the error says which; answers lost on every attempt say the outcome is
// unknown and that invoking again is safe. What the configuration gets
// wrong, or another platform's block, fails while planning: no request.
func TestAccSellercloudGroupAdd_failures(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIActions)
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 150})
	ids := sb.SellercloudIDs()
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", groupConfig(url, 201, hclInts(ids[:1])))
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	withUnknown := append(slices.Clone(ids[:120]), 424242)
	withUnknown = append(withUnknown, ids[120:]...)

	for _, tc := range []struct {
		config  string
		want    string
		posts   int
		members []int
	}{
		{groupConfig(url, 999, hclInts(ids[:3])), `Customer group not found: Sellercloud has no customer group 999; no customer was added: .*HTTP 404 Not Found: Customer group with ID 999 was not found\.`, 1, nil},
		{groupConfig(url, 201, hclInts([]int{ids[0], 424242})), `Sellercloud refused the customers: Sellercloud refused the first batch; no customer was added: .*HTTP 400 Bad Request: Customers with IDs 424242 were not found\.`, 1, nil},
		{groupConfig(url, 201, hclInts(withUnknown)), `Adding customers to the group failed: .*Customers with IDs 424242 were not found\.; 100 of 151 customers were added before the failure \(` + fmt.Sprint(ids[0]) + `, .* and 90 more\), 51 were not`, 2, ids[:100]},
	} {
		sb.ResetCounts()
		tf.Write("main.tf", tc.config)
		out, err := tf.Invoke(ctx, groupAction)
		require.Error(t, err, out)
		acctest.MatchOutput(t, out, tc.want)
		assert.Len(t, groupPosts(t, sb), tc.posts, tc.want)
		assert.Equal(t, sorted(tc.members), sorted(sb.SellercloudGroupMembers(201)), tc.want)
	}

	// Every answer lost: two attempts with max_retries = 1.
	sb.ResetCounts()
	sb.InjectFault(sandbox.Fault{Match: acctest.IsMethod(http.MethodPost), Status: http.StatusBadGateway, Times: 2})
	tf.Write("main.tf", groupConfig(url, 203, hclInts(ids[:5]), "max_retries = 1"))
	out, err := tf.Invoke(ctx, groupAction)
	require.Error(t, err, out)
	acctest.MatchOutput(t, out, `Adding customers to the group: outcome unknown: .*HTTP 502 Bad Gateway.* invoking the action again is safe`)
	assert.Len(t, groupPosts(t, sb), 2)

	adobe := acctest.CLIHeader + acctest.SandboxProvider("adobe_vip", url) + `
action "commerce_sellercloud_add_customers_to_group" "members" {
  config {
    group_id     = 201
    customer_ids = [10001]
  }
}
`
	for _, tc := range [][2]string{
		{groupConfig(url, 201, `[]`), `customer_ids is empty; list at least one customer id`},
		{groupConfig(url, 201, `range(10001, 11002)`), `customer_ids has 1001 elements; it may have at most 1000 \(one invocation adds at most 1,000 customers\)`},
		{groupConfig(url, 201, `[10001, 0]`), `customer_ids\[1\] is 0; it must be a Sellercloud customer id, a whole number from 1 to 2147483647`},
		{groupConfig(url, 201, `[-5]`), `customer_ids\[0\] is -5`},
		{groupConfig(url, 201, `[2147483648]`), `customer_ids\[0\] is 2147483648`},
		{groupConfig(url, 0, `[10001]`), `group_id is 0; it must be a whole number from 1 to 2147483647`},
		{adobe, `works with Sellercloud customer groups \(platform = "sellercloud"\), but this provider block is configured for "adobe_vip"`},
	} {
		sb.ResetCounts()
		tf.Write("main.tf", tc[0])
		out, err := tf.Invoke(ctx, groupAction)
		require.Error(t, err, out)
		acctest.MatchOutput(t, out, tc[1])
		assert.Zero(t, sb.TotalRequests(), "%s: nothing sent", tc[1])
	}
}

// TestAccSellercloudGroupAdd_actionTrigger runs the action after a
// resource is created: once, with its progress lines; a plan with no
// change to the resource runs nothing.
func TestAccSellercloudGroupAdd_actionTrigger(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIActions)
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	ids := sb.SellercloudIDs()
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", groupConfig(url, 201, hclInts(ids[:3]))+`
resource "terraform_data" "campaign" {
  input = "spring"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [`+groupAction+`]
    }
  }
}
`)
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	sb.ResetCounts()
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	acctest.MatchOutput(t, tf.Output(), `Action started: `+groupAction+` \(triggered by terraform_data.campaign\)`,
		`: Added 3 of 3 customers to group 201`)
	assert.Equal(t, [][]int{ids[:3]}, groupPosts(t, sb))
	assert.Equal(t, sorted(ids[:3]), sorted(sb.SellercloudGroupMembers(201)))

	sb.ResetCounts()
	tf.ResetOutput()
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	assert.Empty(t, groupPosts(t, sb), "nothing changed: the action does not run")
}

// TestAccSellercloudGroupAdd_docsExamples runs the action's documented
// examples (examples/actions/, which make examples-check cannot validate
// under Terraform 1.11) on the sandbox: the invoked one adds the wholesale
// customers in Austin that commerce_customers finds; the triggered one adds
// its three customers when its resource is created.
func TestAccSellercloudGroupAdd_docsExamples(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIActions)
	t.Parallel()
	dir := "../../../examples/actions/commerce_sellercloud_add_customers_to_group/"
	invoked, err := os.ReadFile(dir + "action.tf")
	require.NoError(t, err)
	triggered, err := os.ReadFile(dir + "action-trigger.tf")
	require.NoError(t, err)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 60})
	var austin []int
	for _, id := range sb.SellercloudIDs() {
		if c, _ := sb.SellercloudCustomer(id); c.IsWholesale && c.City == "Austin" {
			austin = append(austin, id)
		}
	}
	require.NotEmpty(t, austin, "wholesale customers in Austin in the seed")
	before := sb.SellercloudGroupMembers(201)
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", acctest.CLIHeader+sellercloudProvider(url)+string(invoked)+string(triggered))
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())

	out, err := tf.Invoke(ctx, "action.commerce_sellercloud_add_customers_to_group.austin_vip")
	require.NoError(t, err, out)
	assert.Equal(t, sorted(append(slices.Clone(before), austin...)), sorted(sb.SellercloudGroupMembers(201)))
	assert.Empty(t, sb.SellercloudGroupMembers(203), "an invocation runs only the action invoked")

	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	assert.Equal(t, []int{10001, 10002, 10003}, sorted(sb.SellercloudGroupMembers(203)))
}
