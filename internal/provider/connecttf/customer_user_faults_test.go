package connecttf_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/connect"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// keysOf are the idempotency keys of requests, in order.
func keysOf(rs []sandbox.Request) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Header.Get(connect.IdempotencyKeyHeader)
	}
	return out
}

// onceUnderOneKey checks that requests are one write retried under one
// key, which Connect applied once and replayed to the retry.
func onceUnderOneKey(t *testing.T, sb *sandbox.Server, rs []sandbox.Request, what string) {
	t.Helper()
	keys := keysOf(rs)
	require.Len(t, keys, 2, "%s: the write and its retry", what)
	assert.NotEmpty(t, keys[0], what)
	assert.Equal(t, keys[0], keys[1], "%s: the retry keeps the key", what)
	assert.Equal(t, sandbox.ConnectKeyStats{Requests: 2, Applied: 1, Replayed: 1}, sb.ConnectKeyStats(keys[0]), what)
}

// TestAccConnectCustomerUser_answerLost: an add, then a destroy, whose
// answer is lost after Connect applied it (a 502, or an answer that breaks
// off): the provider retries under the same X-Idempotency-Key, Connect
// replays its first answer, and the user is added once and removed once;
// the apply succeeds and the next plan is empty.
func TestAccConnectCustomerUser_answerLost(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	t.Parallel()
	for name, fault := range map[string]sandbox.Fault{
		"a 502 after the write": {Applied: true, Status: http.StatusBadGateway, Times: 1},
		"a broken answer":       {Break: true, Times: 1},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
			customer, user := sb.ConnectCustomers()[0].CustomerID, sandbox.ConnectUserID(3)
			tf := acctest.NewCLI(t)
			ctx := acctest.CommandContext(t)
			tf.Write("main.tf", acctest.CLIHeader+userConfig(url, customer, user, "MANAGER"))
			require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())

			add := fault
			add.Match = onUsers(http.MethodPost)
			sb.InjectFault(add)
			require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
			onceUnderOneKey(t, sb, usersWrites(sb, http.MethodPost), "the add")
			assert.Equal(t, "MANAGER", roleOf(t, sb, customer, user))
			assert.NotContains(t, tf.Output(), "Warning: Connect", "the retry learned the outcome")
			changes, err := tf.Plan(ctx, tf.Reattach)
			require.NoError(t, err, tf.Output())
			assert.False(t, changes, "the plan after the create:\n%s", tf.Output())

			remove := fault
			remove.Match = onUsers(http.MethodDelete)
			sb.InjectFault(remove)
			require.NoError(t, tf.Destroy(ctx, tf.Reattach), tf.Output())
			onceUnderOneKey(t, sb, usersWrites(sb, http.MethodDelete), "the remove")
			assert.Empty(t, roleOf(t, sb, customer, user), "removed")
		})
	}
}

// TestAccConnectCustomerUser_writeFaults: the sandbox's write faults
// (-write-break-every 2, -write-error-every 3: every second write applied
// and its answer broken off, every third applied and answered 503): six
// users added in one apply are each added once, each under one key applied once
// and replayed to its retries, and destroyed the same way.
func TestAccConnectCustomerUser_writeFaults(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	customer := sb.ConnectCustomers()[1].CustomerID
	const n = 6
	var b strings.Builder
	b.WriteString(connectProvider(url))
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "resource \"commerce_connect_customer_user\" \"u%d\" {\n  customer_id = %q\n  user_id     = %q\n  role        = \"MEMBER\"\n}\n", i, customer, sandbox.ConnectUserID(i))
	}
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", acctest.CLIHeader+b.String())
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	sb.SetWriteFaults(2, 3, http.StatusServiceUnavailable)

	// checkKeys checks the writes of method: one key per user, each applied
	// once, and some retried.
	checkKeys := func(method string) {
		t.Helper()
		byUser := map[string]map[string]bool{}
		retried := 0
		for _, r := range usersWrites(sb, method) {
			u := r.Query.Get("userId")
			if method == http.MethodPost {
				u = fmt.Sprint(sentBody(t, r)["userId"])
			}
			if byUser[u] == nil {
				byUser[u] = map[string]bool{}
			}
			byUser[u][r.Header.Get(connect.IdempotencyKeyHeader)] = true
		}
		require.Len(t, byUser, n, "%s: every user", method)
		for u, keys := range byUser {
			require.Len(t, keys, 1, "%s %s: one key for the write and its retries", method, u)
			for key := range keys {
				st := sb.ConnectKeyStats(key)
				assert.Equal(t, 1, st.Applied, "%s %s: applied once (%+v)", method, u, st)
				assert.Equal(t, st.Requests-1, st.Replayed, "%s %s: every retry replayed", method, u)
				retried += st.Replayed
			}
		}
		assert.Positive(t, retried, "%s: the faults made retries", method)
	}

	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	checkKeys(http.MethodPost)
	c, _ := sb.ConnectCustomer(customer)
	assert.Len(t, c.Users, n+1, "the seeded contact person and the six, each once")
	changes, err := tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	assert.False(t, changes, "the plan after the create:\n%s", tf.Output())

	require.NoError(t, tf.Destroy(ctx, tf.Reattach), tf.Output())
	checkKeys(http.MethodDelete)
	c, _ = sb.ConnectCustomer(customer)
	assert.Len(t, c.Users, 1, "only the contact person is left")
}

// TestAccConnectCustomerUser_outcomeUnknown: every answer to the add lost
// (1 + max_retries attempts, one key): the provider reads the customer. The
// user is there: it was added once, and is recorded with a warning, and
// the next plan is empty. The add was never applied (a 502 before it):
// nothing is recorded, the error says the customer was read and the user
// is not there, and applying again adds it.
func TestAccConnectCustomerUser_outcomeUnknown(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	customer := sb.ConnectCustomers()[0].CustomerID
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)

	// Applied, every answer lost.
	user := sandbox.ConnectUserID(4)
	tf.Write("main.tf", acctest.CLIHeader+userConfig(url, customer, user, "ADMIN", "max_retries = 2"))
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	sb.InjectFault(sandbox.Fault{Match: onUsers(http.MethodPost), Applied: true, Status: http.StatusBadGateway, Times: 3})
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	out := tf.Output()
	keys := keysOf(usersWrites(sb, http.MethodPost))
	require.Len(t, keys, 3, "1 + max_retries attempts")
	assert.Equal(t, []string{keys[0], keys[0], keys[0]}, keys, "one key")
	assert.Equal(t, sandbox.ConnectKeyStats{Requests: 3, Applied: 1, Replayed: 2}, sb.ConnectKeyStats(keys[0]))
	assert.Equal(t, "ADMIN", roleOf(t, sb, customer, user))
	assert.Regexp(t, acctest.ErrorLike(`Warning: Connect customer user created but not finished .*`+customer+"/"+user+` exists: the create's outcome was unknown .*found exactly this customer user, which was recorded instead of creating another`), out)
	changes, err := tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	assert.False(t, changes, "the plan after the recovered create:\n%s", tf.Output())
	require.NoError(t, tf.Destroy(ctx, tf.Reattach), tf.Output())

	// Never applied.
	sb.ResetCounts()
	user = sandbox.ConnectUserID(5)
	tf.Write("main.tf", acctest.CLIHeader+userConfig(url, customer, user, "ADMIN", "max_retries = 1"))
	sb.InjectFault(sandbox.Fault{Match: onUsers(http.MethodPost), Status: http.StatusBadGateway, Times: 2})
	tf.ResetOutput()
	require.Error(t, tf.Apply(ctx, tf.Reattach))
	out = tf.Output()
	assert.Regexp(t, acctest.ErrorLike(`Error: Creating the customer user failed .*outcome is unknown.*POST /customers/`+customer+`/users.*502.*reading Connect customer "`+customer+`" for user "`+user+`" found none: it was probably not created`), out)
	assert.Empty(t, roleOf(t, sb, customer, user), "not added")
	state, err := tf.Show(ctx, tf.Reattach)
	require.NoError(t, err)
	assert.True(t, state.Values == nil || len(state.Values.RootModule.Resources) == 0, "nothing recorded")
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	assert.Equal(t, "ADMIN", roleOf(t, sb, customer, user), "applying again adds it")
	require.NoError(t, tf.Destroy(ctx, tf.Reattach), tf.Output())
}

// destroyWithoutRefresh destroys without reading first, so the DELETE
// meets what the sandbox has now.
func destroyWithoutRefresh(t *testing.T, tf *acctest.CLI) {
	t.Helper()
	ctx := acctest.CommandContext(t)
	require.NoError(t, tf.Destroy(ctx, tf.Reattach, tfexec.Refresh(false)), tf.Output())
}
