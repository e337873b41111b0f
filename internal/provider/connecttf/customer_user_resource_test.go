package connecttf_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/connect"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

const userAddr = "commerce_connect_customer_user.u"

// sentBody is the JSON body of a request, decoded.
func sentBody(t *testing.T, r sandbox.Request) map[string]any {
	t.Helper()
	var out map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &out), "%s %s: %s", r.Method, r.Path, r.Body)
	return out
}

// TestAccConnectCustomerUser_lifecycle: create sends one POST
// /customers/{id}/users {userId, role} under an X-Idempotency-Key (applied
// once) and records the user with its name as Connect has it; the next plan
// is empty; a role change plans a replacement (Connect has no update) and
// applying it removes the user (DELETE ...?userId=) and adds it again with
// the new role; a role left out is added as MEMBER and not managed
// afterwards (a change in Connect is no difference); destroy removes the
// user from the customer.
func TestAccConnectCustomerUser_lifecycle(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	customer := sb.ConnectCustomers()[1].CustomerID
	user, other := sandbox.ConnectUserID(1), sandbox.ConnectUserID(2)
	const withDefault = "commerce_connect_customer_user.d"
	config := func(role string) string {
		return userConfig(url, customer, user, role) + fmt.Sprintf(`
resource "commerce_connect_customer_user" "d" {
  customer_id = %q
  user_id     = %q
}
`, customer, other)
	}
	userName := func() string {
		c, _ := sb.ConnectCustomer(customer)
		for _, u := range c.Users {
			if u.UserID == user {
				return u.Name
			}
		}
		return ""
	}
	acctest.Test(t,
		resource.TestStep{
			Config: config("ADMIN"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(userAddr, plancheck.ResourceActionCreate),
				plancheck.ExpectKnownValue(userAddr, tfjsonpath.New("id"), knownvalue.StringExact(customer+"/"+user)),
				plancheck.ExpectUnknownValue(userAddr, tfjsonpath.New("name")),
				plancheck.ExpectUnknownValue(withDefault, tfjsonpath.New("role")),
			}},
			Check: func(*terraform.State) error {
				assert.Equal(t, "ADMIN", roleOf(t, sb, customer, user))
				assert.Equal(t, "MEMBER", roleOf(t, sb, customer, other), "left out: Connect's default")
				posts := usersWrites(sb, http.MethodPost)
				require.Len(t, posts, 2, "one POST per user")
				bodies := map[string]any{}
				for _, p := range posts {
					b := sentBody(t, p)
					bodies[fmt.Sprint(b["userId"])] = b
					key := p.Header.Get(connect.IdempotencyKeyHeader)
					require.NotEmpty(t, key, "the POST carries an X-Idempotency-Key")
					assert.Equal(t, sandbox.ConnectKeyStats{Requests: 1, Applied: 1}, sb.ConnectKeyStats(key))
					assert.Equal(t, "/connect/customers/"+customer+"/users", p.Path)
				}
				assert.Equal(t, map[string]any{
					user:  map[string]any{"userId": user, "role": "ADMIN"},
					other: map[string]any{"userId": other, "role": "MEMBER"},
				}, bodies, "the bodies Connect received")
				return nil
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("role"), knownvalue.StringExact("ADMIN")),
				statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("name"), knownvalue.StringFunc(func(v string) error {
					if v == "" || v != userName() {
						return fmt.Errorf("name %q, Connect has %q", v, userName())
					}
					return nil
				})),
				statecheck.ExpectKnownValue(withDefault, tfjsonpath.New("role"), knownvalue.StringExact("MEMBER")),
			},
		},
		resource.TestStep{
			// A role change replaces: DELETE, then POST with the new role.
			PreConfig: sb.ResetCounts,
			Config:    config("MANAGER"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(userAddr, plancheck.ResourceActionDestroyBeforeCreate),
				plancheck.ExpectResourceAction(withDefault, plancheck.ResourceActionNoop),
			}},
			Check: func(*terraform.State) error {
				assert.Equal(t, "MANAGER", roleOf(t, sb, customer, user))
				deletes := usersWrites(sb, http.MethodDelete)
				if assert.Len(t, deletes, 1) {
					assert.Equal(t, user, deletes[0].Query.Get("userId"), "DELETE ...?userId=")
					assert.NotEmpty(t, deletes[0].Header.Get(connect.IdempotencyKeyHeader))
				}
				posts := usersWrites(sb, http.MethodPost)
				if assert.Len(t, posts, 1) {
					assert.Equal(t, map[string]any{"userId": user, "role": "MANAGER"}, sentBody(t, posts[0]))
				}
				return nil
			},
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("role"), knownvalue.StringExact("MANAGER"))},
		},
		resource.TestStep{
			// The role left out: not managed any more, no change.
			PreConfig:        sb.ResetCounts,
			Config:           config(""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(*terraform.State) error {
				assert.Empty(t, usersWrites(sb, http.MethodPost))
				assert.Empty(t, usersWrites(sb, http.MethodDelete))
				return nil
			},
		},
		resource.TestStep{
			// Left out, a role changed in Connect is no difference: the
			// state follows Connect.
			PreConfig: func() {
				require.True(t, sb.ChangeConnectCustomer(customer, func(c *sandbox.ConnectCustomer) {
					for i := range c.Users {
						if c.Users[i].UserID == user {
							c.Users[i].Role = "ADMIN"
						}
					}
				}))
				sb.ResetCounts()
			},
			Config:            config(""),
			ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(userAddr, tfjsonpath.New("role"), knownvalue.StringExact("ADMIN"))},
		},
	)
	// The test's destroy removed both users.
	assert.Empty(t, roleOf(t, sb, customer, user), "destroy removes the user")
	assert.Empty(t, roleOf(t, sb, customer, other), "destroy removes the user")
}
