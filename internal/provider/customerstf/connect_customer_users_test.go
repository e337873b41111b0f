package customerstf_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// dataSourceValues are the values of a data source in the state.
func dataSourceValues(t *testing.T, state *tfjson.State, address string) map[string]any {
	t.Helper()
	require.NotNil(t, state.Values, "a state with values")
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == address {
			return r.AttributeValues
		}
	}
	require.FailNow(t, "not in the state", address)
	return nil
}

// TestAccCustomerDataSource_connectUsers reads one Connect customer by id:
// one request, GET /customers/{id} (no list), with the customer's users in
// Connect's order, names and roles as Connect has them. A record without
// its users array has `users` null (unknown), never an empty list; users
// that are not an array of users are an error naming the request. On
// Sellercloud `users` is null.
func TestAccCustomerDataSource_connectUsers(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	target := sb.ConnectCustomers()[2]
	require.True(t, sb.ChangeConnectCustomer(target.CustomerID, func(c *sandbox.ConnectCustomer) {
		c.Users = append(c.Users,
			sandbox.ConnectUser{UserID: sandbox.ConnectUserID(1), Name: "Ada Lovelace", Role: "MANAGER"},
			sandbox.ConnectUser{UserID: sandbox.ConnectUserID(2), Name: `Zoë "Q" Ng`, Role: "MEMBER"})
	}))
	target, _ = sb.ConnectCustomer(target.CustomerID)
	require.Len(t, target.Users, 3, "the seeded contact person and the two added")
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", acctest.CLIHeader+acctest.SandboxProvider("connect", url)+fmt.Sprintf(`
data "commerce_customer" "c" {
  id = %q
}
`, target.CustomerID))
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	sb.ResetCounts()
	_, err := tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	assert.Equal(t, 1, sb.TotalRequests(), "one request per read")
	assert.Equal(t, 1, sb.Count(sandbox.KitFor("connect").GetRoute), "GET /customers/{id}")

	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	state, err := tf.Show(ctx, tf.Reattach)
	require.NoError(t, err)
	got := dataSourceValues(t, state, "data.commerce_customer.c")
	want := make([]any, len(target.Users))
	for i, u := range target.Users {
		want[i] = map[string]any{"user_id": u.UserID, "name": u.Name, "role": u.Role}
	}
	assert.Equal(t, want, got["users"])
	assert.Equal(t, target.Name, got["name"])
	assert.Nil(t, got["account_managers"], "Sellercloud's fields are null on Connect")

	// A record without users[]: the users are unknown (null), not none; a
	// users that is not an array of users is an error naming the request.
	onTarget := func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/customers/"+target.CustomerID) }
	sb.InjectFault(sandbox.Fault{Match: onTarget, Status: http.StatusOK,
		Body: fmt.Sprintf(`{"customerId": %q, "customerType": "BUSINESS", "name": "No Users Listed"}`, target.CustomerID)})
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	state, err = tf.Show(ctx, tf.Reattach)
	require.NoError(t, err)
	got = dataSourceValues(t, state, "data.commerce_customer.c")
	assert.Equal(t, "No Users Listed", got["name"])
	assert.Contains(t, got, "users")
	assert.Nil(t, got["users"], "users not listed: null")
	sb.ClearFaults()
	sb.InjectFault(sandbox.Fault{Match: onTarget, Status: http.StatusOK, Times: 1,
		Body: fmt.Sprintf(`{"customerId": %q, "users": {"userId": "u"}}`, target.CustomerID)})
	_, err = tf.Plan(ctx, tf.Reattach)
	require.Error(t, err)
	acctest.MatchOutput(t, tf.Output(), `GET /customers/`+target.CustomerID+`: customer "`+target.CustomerID+`": cannot decode its users`)

	// On Sellercloud, users is null.
	tf.Write("main.tf", acctest.CLIHeader+acctest.SandboxProvider("sellercloud", url)+`
data "commerce_customer" "c" {
  id = "10001"
}
`)
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	state, err = tf.Show(ctx, tf.Reattach)
	require.NoError(t, err)
	got = dataSourceValues(t, state, "data.commerce_customer.c")
	assert.Contains(t, got, "users")
	assert.Nil(t, got["users"])
}
