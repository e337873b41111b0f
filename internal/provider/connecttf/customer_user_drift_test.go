package connecttf_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// TestAccConnectCustomerUser_driftAndRemoval drives the CLI (warnings and
// the plan's text): a role changed in Connect is a difference, planned as
// a replacement with a warning that names the change, and applying puts
// the configured role back; a name changed in Connect is refreshed without
// a difference; a user removed in Connect is removed from the state with a
// warning and added again by the next apply; a customer that is gone is
// the same; and destroying a membership that is gone already (no refresh)
// succeeds on Connect's 404.
func TestAccConnectCustomerUser_driftAndRemoval(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	customer, user := sb.ConnectCustomers()[2].CustomerID, sandbox.ConnectUserID(7)
	id := customer + "/" + user
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", acctest.CLIHeader+userConfig(url, customer, user, "MEMBER"))
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())

	change := func(f func(*sandbox.ConnectUser)) {
		t.Helper()
		require.True(t, sb.ChangeConnectCustomer(customer, func(c *sandbox.ConnectCustomer) {
			i := slices.IndexFunc(c.Users, func(u sandbox.ConnectUser) bool { return u.UserID == user })
			require.GreaterOrEqual(t, i, 0, "the user is on the customer")
			f(&c.Users[i])
		}))
	}

	// The role changed in Connect: a replacement, with the warning.
	change(func(u *sandbox.ConnectUser) { u.Role = "ADMIN" })
	tf.ResetOutput()
	changes, err := tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	out := tf.Output()
	assert.True(t, changes, out)
	assert.Regexp(t, acctest.ErrorLike(`~ role = "ADMIN" -> "MEMBER" # forces replacement`), out)
	assert.Regexp(t, acctest.ErrorLike(`Warning: Changing role replaces commerce_connect_customer_user .*role: "ADMIN" -> "MEMBER". Telness Tech Connect cannot change role in place, so the plan replaces the resource: applying deletes Connect customer user `+id+` and creates a customer user with the configured values.`), out)
	sb.ResetCounts()
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	assert.Equal(t, "MEMBER", roleOf(t, sb, customer, user))
	assert.Equal(t, 1, sb.Count(sandbox.ConnectRemoveUserRoute), "removed")
	assert.Equal(t, 1, sb.Count(sandbox.ConnectAddUserRoute), "added again")

	// The name changed in Connect: refreshed, no difference.
	change(func(u *sandbox.ConnectUser) { u.Name = "Renamed In Connect" })
	changes, err = tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	assert.False(t, changes, tf.Output())
	require.NoError(t, tf.Refresh(ctx, tf.Reattach), tf.Output())
	state, err := tf.Show(ctx, tf.Reattach)
	require.NoError(t, err)
	require.Len(t, state.Values.RootModule.Resources, 1)
	assert.Equal(t, "Renamed In Connect", state.Values.RootModule.Resources[0].AttributeValues["name"])

	// Removed in Connect: gone from the state with a warning, added again.
	require.True(t, sb.ChangeConnectCustomer(customer, func(c *sandbox.ConnectCustomer) {
		c.Users = slices.DeleteFunc(c.Users, func(u sandbox.ConnectUser) bool { return u.UserID == user })
	}))
	tf.ResetOutput()
	changes, err = tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	out = tf.Output()
	assert.True(t, changes, out)
	assert.Regexp(t, acctest.ErrorLike(`Warning: .*Telness Tech Connect has no customer user with customer_id "`+customer+`" and user_id "`+user+`" any more .*the user is not a user of the customer.*removed from the state`), out)
	assert.Contains(t, out, "commerce_connect_customer_user.u will be created")
	sb.ResetCounts()
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	assert.Equal(t, "MEMBER", roleOf(t, sb, customer, user), "added again")
	assert.Zero(t, sb.Count(sandbox.ConnectRemoveUserRoute))

	// Gone already when destroyed without a refresh: Connect's 404 is a
	// success.
	require.True(t, sb.ChangeConnectCustomer(customer, func(c *sandbox.ConnectCustomer) {
		c.Users = slices.DeleteFunc(c.Users, func(u sandbox.ConnectUser) bool { return u.UserID == user })
	}))
	sb.ResetCounts()
	destroyWithoutRefresh(t, tf)
	assert.Equal(t, 1, sb.Count(sandbox.ConnectRemoveUserRoute), "the DELETE was sent")
	deletes := usersWrites(sb, http.MethodDelete)
	require.Len(t, deletes, 1)
	state, err = tf.Show(ctx, tf.Reattach)
	require.NoError(t, err)
	assert.True(t, state.Values == nil || len(state.Values.RootModule.Resources) == 0, "destroyed")
}

// TestAccConnectCustomerUser_customerGone: a customer deleted in Connect
// takes its users along: the refresh removes the membership from the state
// with a warning, and the plan to add it again fails at apply with
// Connect's 404 naming the customer.
func TestAccConnectCustomerUser_customerGone(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	customer, user := sb.ConnectCustomers()[0].CustomerID, sandbox.ConnectUserID(8)
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", acctest.CLIHeader+userConfig(url, customer, user, ""))
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	sb.RemoveConnectCustomer(customer)
	tf.ResetOutput()
	require.Error(t, tf.Apply(ctx, tf.Reattach))
	out := tf.Output()
	assert.Regexp(t, acctest.ErrorLike(`Warning: .*Telness Tech Connect has no customer user with customer_id "`+customer+`" and user_id "`+user+`" any more .*Customer `+customer+` not found.*removed from the state`), out)
	assert.Regexp(t, acctest.ErrorLike(`Error: Creating the customer user failed .*refused the creation of the customer user; nothing was created. adding user "`+user+`" to Connect customer "`+customer+`" as MEMBER: .*POST /customers/`+customer+`/users: HTTP 404 Not Found`), out)
}
