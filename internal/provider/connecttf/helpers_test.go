package connecttf_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/connect"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

func TestMain(m *testing.M) { acctest.Main(m) }

// platform is the platform of commerce_connect_customer_user.
var platform = connect.Description.Name

func connectProvider(baseURL string, extra ...string) string {
	return acctest.SandboxProvider(platform, baseURL, extra...)
}

// userConfig is one commerce_connect_customer_user "u"; role "" leaves it
// out.
func userConfig(url, customerID, userID, role string, providerLines ...string) string {
	roleLine := ""
	if role != "" {
		roleLine = "\n  role        = \"" + role + "\""
	}
	return connectProvider(url, providerLines...) + `
resource "commerce_connect_customer_user" "u" {
  customer_id = "` + customerID + `"
  user_id     = "` + userID + `"` + roleLine + `
}
`
}

// roleOf is the role of user userID on customer customerID in the
// sandbox; "" when it is not one of its users.
func roleOf(t *testing.T, sb *sandbox.Server, customerID, userID string) string {
	t.Helper()
	c, ok := sb.ConnectCustomer(customerID)
	require.True(t, ok, "sandbox has no Connect customer %s", customerID)
	for _, u := range c.Users {
		if u.UserID == userID {
			return u.Role
		}
	}
	return ""
}

// usersWrites are the sandbox's requests on a customer's users route with
// method (POST adds, DELETE removes).
func usersWrites(sb *sandbox.Server, method string) []sandbox.Request {
	var out []sandbox.Request
	for _, r := range sb.Requests() {
		if r.Method == method && strings.HasSuffix(r.Path, "/users") {
			out = append(out, r)
		}
	}
	return out
}

// onUsers matches the writes of a customer's users with method.
func onUsers(method string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.Method == method && strings.HasSuffix(r.URL.Path, "/users") }
}
