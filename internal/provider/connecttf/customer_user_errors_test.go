package connecttf_test

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// TestAccConnectCustomerUser_planErrors: values that cannot be sent fail
// the plan with an error naming the attribute, before any request: a role
// Connect does not know (case matters), a customer id holding "/" (the
// import id's separator), ids with spaces around them or empty; and a
// provider block of another platform is the platform error.
func TestAccConnectCustomerUser_planErrors(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 1})
	customer := sb.ConnectCustomers()[0].CustomerID
	user := sandbox.ConnectUserID(1)
	step := func(config, want string) resource.TestStep {
		return resource.TestStep{PreConfig: acctest.NoRequestsSince(t, sb), Config: config, PlanOnly: true, ExpectError: acctest.ErrorLike(want)}
	}
	acctest.Test(t,
		step(userConfig(url, customer, user, "admin"),
			`Invalid role .*role is "admin"; it must be "MEMBER", "MANAGER" or "ADMIN".`),
		step(userConfig(url, customer, user, "OWNER"),
			`Invalid role .*role is "OWNER"; it must be "MEMBER", "MANAGER" or "ADMIN".`),
		step(userConfig(url, "a/b", user, "MEMBER"),
			`Invalid customer_id .*customer_id: "a/b" holds a "/", which separates customer_id from user_id in an import id.`),
		step(userConfig(url, " "+customer, user, "MEMBER"),
			`Invalid customer_id .*customer_id: .*is not a Telness Tech Connect customer id: it has spaces around it.`),
		step(userConfig(url, customer, "", "MEMBER"),
			`Invalid user_id .*user_id: "" is not a Connect user id: an id must not be empty or blank.`),
		step(userConfig(url, customer, "usr 1 ", "MEMBER"),
			`Invalid user_id .*user_id: "usr 1 " is not a Connect user id: it has spaces around it.`),
		step(acctest.SandboxProvider(sellercloud.Description.Name, url)+`
resource "commerce_connect_customer_user" "u" {
  customer_id = "`+customer+`"
  user_id     = "`+user+`"
}
`, `Platform not supported by commerce_connect_customer_user resource .*configured for "sellercloud"`),
		resource.TestStep{PreConfig: acctest.NoRequestsSince(t, sb), Config: connectProvider(url), PlanOnly: true},
	)
}

// TestAccConnectCustomerUser_refusedCreates: Connect's refusals fail the
// apply with the request, the status and the server's message, and nothing
// is recorded: a user that already is a user of the customer (its 409,
// with the current role and how to import the membership), a user or a
// customer Connect does not know (404), and a 409 for a reused
// X-Idempotency-Key (a hostile answer: the user is not on the customer).
func TestAccConnectCustomerUser_refusedCreates(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	c := sb.ConnectCustomers()[0]
	customer := c.CustomerID
	require.NotEmpty(t, c.Users, "the seeded contact person")
	contact := c.Users[0]
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	for _, tc := range []struct {
		name, customer, user string
		fault                *sandbox.Fault
		want                 string
	}{
		{"already a user", customer, contact.UserID, nil,
			`Telness Tech Connect refused the creation of the customer user; nothing was created. user "` + contact.UserID + `" already is a user of Connect customer "` + customer + `", with role ` + contact.Role + `: .*POST /customers/` + customer + `/users: HTTP 409 Conflict: .*already a user.*To manage this membership, import it \(an import block with id = "` + customer + "/" + contact.UserID + `", or terraform import commerce_connect_customer_user.<name> ` + customer + "/" + contact.UserID + `\)`},
		{"unknown user", customer, "usr-nobody", nil,
			`refused the creation of the customer user; nothing was created. adding user "usr-nobody" to Connect customer "` + customer + `" as MEMBER: .*POST /customers/` + customer + `/users: HTTP 404 Not Found: User usr-nobody not found`},
		{"unknown customer", "no-such-customer", sandbox.ConnectUserID(1), nil,
			`refused the creation of the customer user; nothing was created. adding user "usr-pool-001" to Connect customer "no-such-customer" as MEMBER: .*POST /customers/no-such-customer/users: HTTP 404 Not Found`},
		{"reused key", customer, sandbox.ConnectUserID(2),
			&sandbox.Fault{Match: onUsers(http.MethodPost), Status: http.StatusConflict, Times: 1,
				Body: `{"message": "The idempotency key was already used for a different request", "code": "CONFLICT"}`},
			`Connect refused the request: its X-Idempotency-Key ".+" was used before with a different request .*so this request was not applied: .*HTTP 409 Conflict: The idempotency key was already used for a different request`},
	} {
		if tc.fault != nil {
			sb.InjectFault(*tc.fault)
		}
		tf.Write("main.tf", acctest.CLIHeader+userConfig(url, tc.customer, tc.user, ""))
		require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
		tf.ResetOutput()
		require.Error(t, tf.Apply(ctx, tf.Reattach), tc.name)
		out := tf.Output()
		assert.Regexp(t, acctest.ErrorLike(`Error: Creating the customer user failed .*`+tc.want), out, tc.name)
		state, err := tf.Show(ctx, tf.Reattach)
		require.NoError(t, err)
		assert.True(t, state.Values == nil || len(state.Values.RootModule.Resources) == 0, "%s: nothing recorded", tc.name)
	}
	after, _ := sb.ConnectCustomer(customer)
	assert.Equal(t, c.Users, after.Users, "the customer's users are as they were")
}

// TestAccConnectCustomerUser_failedDelete: a DELETE Connect refuses (403)
// fails the destroy with the request, the status and the server's message,
// and the membership stays in the state and in Connect; one whose every
// answer is lost after it was sent (max_retries = 1) says the outcome is
// unknown. The next destroy removes it.
func TestAccConnectCustomerUser_failedDelete(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 1})
	customer, user := sb.ConnectCustomers()[0].CustomerID, sandbox.ConnectUserID(9)
	id := customer + "/" + user
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", acctest.CLIHeader+userConfig(url, customer, user, "MANAGER", "max_retries = 1"))
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	for _, tc := range []struct {
		fault sandbox.Fault
		want  string
	}{
		{sandbox.Fault{Match: onUsers(http.MethodDelete), Status: http.StatusForbidden, Times: 1, Body: `{"message": "Users of this customer are locked", "code": "FORBIDDEN"}`},
			`Telness Tech Connect refused the deletion of Connect customer user ` + id + `; nothing was deleted and it stays in the state. removing user "` + user + `" from Connect customer "` + customer + `": .*DELETE /customers/` + customer + `/users: HTTP 403 Forbidden: Users of this customer are locked`},
		{sandbox.Fault{Match: onUsers(http.MethodDelete), Status: http.StatusBadGateway, Times: 2},
			`The deletion of Connect customer user ` + id + ` failed and its outcome is unknown: Connect may have deleted it. It stays in the state.*HTTP 502 Bad Gateway`},
	} {
		sb.InjectFault(tc.fault)
		tf.ResetOutput()
		require.Error(t, tf.Destroy(ctx, tf.Reattach))
		assert.Regexp(t, acctest.ErrorLike(`Error: Deleting the customer user failed .*`+tc.want), tf.Output())
		assert.Equal(t, "MANAGER", roleOf(t, sb, customer, user), "still a user")
		state, err := tf.Show(ctx, tf.Reattach)
		require.NoError(t, err)
		require.NotNil(t, state.Values)
		assert.Len(t, state.Values.RootModule.Resources, 1, "still in the state")
	}
	require.NoError(t, tf.Destroy(ctx, tf.Reattach), tf.Output())
	assert.Empty(t, roleOf(t, sb, customer, user), "removed")
}
