package connect

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

func sandboxUsers(c sandbox.ConnectCustomer) []User {
	var out []User
	for _, u := range c.Users {
		out = append(out, User(u))
	}
	return out
}

// TestGetCustomer_withItsUsers: GET /customers/{id}, one request, is the
// customer with users[] as the sandbox stores them; an unknown id wraps
// customers.ErrNotFound.
func TestGetCustomer_withItsUsers(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 3})
	want := sb.ConnectCustomers()[1]
	rec, err := c.GetCustomer(context.Background(), want.CustomerID)
	require.NoError(t, err)
	assert.Equal(t, want.CustomerID, rec.Customer.ID)
	assert.Equal(t, want.Email, rec.Customer.Email)
	assert.Equal(t, sandboxUsers(want), rec.Users)
	assert.Equal(t, []string{"GET /connect/customers/" + want.CustomerID}, requestLines(sb))

	_, err = c.GetCustomer(context.Background(), "nope")
	assert.ErrorIs(t, err, customers.ErrNotFound)
	assert.ErrorContains(t, err, "HTTP 404 Not Found: Customer nope not found (NOT_FOUND)")
}

func requestLines(sb *sandbox.Server) []string {
	var out []string
	for _, r := range sb.Requests() {
		line := r.Method + " " + r.Path
		if len(r.Query) > 0 {
			line += "?" + r.Query.Encode()
		}
		out = append(out, line)
	}
	return out
}

// TestGetCustomer_strictRecord: a record of another customer, one without
// its users array (missing, null, not an array), a user without a usable
// userId or listed twice, are errors naming the host and the request, never
// a customer whose users look gone.
func TestGetCustomer_strictRecord(t *testing.T) {
	for _, lie := range []testutil.Lie{
		{Name: "another customer", Body: `{"customerId":"c-2","users":[]}`, Want: `the record asked for as customer "c-1" is customer "c-2"`},
		{Name: "no users", Body: `{"customerId":"c-1"}`, Want: `customer "c-1": the record has no "users" array`},
		{Name: "users null", Body: `{"customerId":"c-1","users":null}`, Want: `has no "users" array`},
		{Name: "users an object", Body: `{"customerId":"c-1","users":{"userId":"u"}}`, Want: `cannot decode its users`},
		{Name: "user null", Body: `{"customerId":"c-1","users":[null]}`, Want: `users[0]: a user has no usable userId: the id is missing`},
		{Name: "blank userId", Body: `{"customerId":"c-1","users":[{"userId":"  ","role":"ADMIN"}]}`, Want: `users[0]: a user has no usable userId`},
		{Name: "user twice", Body: `{"customerId":"c-1","users":[{"userId":"u"},{"userId":" u ","role":"ADMIN"}]}`, Want: `users[] lists user "u" twice`},
		{Name: "user a string", Body: `{"customerId":"c-1","users":["u"]}`, Want: `users[0]: cannot decode a user`},
	} {
		s := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) { return http.StatusOK, []byte(lie.Body) }}
		client := testutil.OpenScripted(t, Open, "connect", s).(*Client)
		_, err := client.GetCustomer(context.Background(), "c-1")
		if assert.Error(t, err, lie.Name) {
			assert.Contains(t, err.Error(), "fuzz.invalid: GET /customers/c-1: ", lie.Name)
			assert.Contains(t, err.Error(), lie.Want, lie.Name)
		}
		_, err = client.FindUser(context.Background(), "c-1", "u")
		assert.Error(t, err, lie.Name)
		assert.NotErrorIs(t, err, ErrUserNotFound, "%s: a lie is not a user that is gone", lie.Name)
	}
}

// TestLookUpCustomer_usersWhenListed: the lookup of the data source takes a
// record without a users array (absent or null) as users not listed, never
// as no users; every other lie of TestGetCustomer_strictRecord is still an
// error; a listed array, empty or not, is listed.
func TestLookUpCustomer_usersWhenListed(t *testing.T) {
	lookUp := func(body string) (Record, error) {
		s := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) { return http.StatusOK, []byte(body) }}
		return testutil.OpenScripted(t, Open, "connect", s).(*Client).LookUpCustomer(context.Background(), "c-1")
	}
	for _, body := range []string{`{"customerId":"c-1","name":"N"}`, `{"customerId":"c-1","name":"N","users":null}`} {
		rec, err := lookUp(body)
		require.NoError(t, err, body)
		assert.False(t, rec.UsersListed, body)
		assert.Nil(t, rec.Users, body)
		assert.Equal(t, "N", rec.Customer.Name, body)
	}
	rec, err := lookUp(`{"customerId":"c-1","users":[]}`)
	require.NoError(t, err)
	assert.True(t, rec.UsersListed)
	assert.Empty(t, rec.Users)
	rec, err = lookUp(`{"customerId":"c-1","users":[{"userId":"u","name":"U","role":"MEMBER"}]}`)
	require.NoError(t, err)
	assert.Equal(t, Record{Customer: rec.Customer, Users: []User{{UserID: "u", Name: "U", Role: "MEMBER"}}, UsersListed: true}, rec)
	for _, lie := range []string{
		`{"customerId":"c-2","users":[]}`,
		`{"customerId":"c-1","users":{"userId":"u"}}`,
		`{"customerId":"c-1","users":[null]}`,
		`{"customerId":"c-1","users":[{"userId":"u"},{"userId":"u"}]}`,
	} {
		_, err := lookUp(lie)
		assert.ErrorContains(t, err, "fuzz.invalid: GET /customers/c-1: ", lie)
	}
}

// TestFindUser_goneIsDistinguishable: the user on the customer is found
// with its role; one that is not there wraps ErrUserNotFound; a customer
// that is gone wraps customers.ErrNotFound.
func TestFindUser_goneIsDistinguishable(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 3})
	cu := sb.ConnectCustomers()[0]
	u, err := c.FindUser(context.Background(), cu.CustomerID, cu.ContactUserID)
	require.NoError(t, err)
	assert.Equal(t, User{UserID: cu.ContactUserID, Name: cu.ContactName, Role: "ADMIN"}, u)

	_, err = c.FindUser(context.Background(), cu.CustomerID, sandbox.ConnectUserID(1))
	assert.ErrorIs(t, err, ErrUserNotFound)
	assert.NotErrorIs(t, err, customers.ErrNotFound)
	assert.ErrorContains(t, err, `user "usr-pool-001" is not among the 1 users of Connect customer "`+cu.CustomerID+`"`)

	sb.RemoveConnectCustomer(cu.CustomerID)
	_, err = c.FindUser(context.Background(), cu.CustomerID, cu.ContactUserID)
	assert.ErrorIs(t, err, customers.ErrNotFound)
	assert.NotErrorIs(t, err, ErrUserNotFound)
}

// TestAddUser: the POST carries {userId, role} and one X-Idempotency-Key;
// the user comes back as added and is then among the customer's users.
func TestAddUser(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 3})
	cu := sb.ConnectCustomers()[0]
	u, err := c.AddUser(context.Background(), cu.CustomerID, sandbox.ConnectUserID(1), "MANAGER")
	require.NoError(t, err)
	assert.Equal(t, sandbox.ConnectUserID(1), u.UserID)
	assert.Equal(t, "MANAGER", u.Role)
	assert.NotEmpty(t, u.Name)

	reqs := sb.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "/connect/customers/"+cu.CustomerID+"/users", reqs[0].Path)
	assert.JSONEq(t, `{"userId":"usr-pool-001","role":"MANAGER"}`, string(reqs[0].Body))
	key := reqs[0].Header.Get(IdempotencyKeyHeader)
	assert.Len(t, key, 36)
	assert.Equal(t, sandbox.ConnectKeyStats{Requests: 1, Applied: 1}, sb.ConnectKeyStats(key))

	found, err := c.FindUser(context.Background(), cu.CustomerID, u.UserID)
	require.NoError(t, err)
	assert.Equal(t, u, found)
	assert.Empty(t, sb.Requests()[1].Header.Get(IdempotencyKeyHeader), "reads carry no key")
}

// TestWrites_appliedOnceUnderOneKey: a write applied whose answer is a 5xx
// or breaks off is retried under the same key, and Connect replays its
// answer: the user is added (removed) once, the call succeeds.
func TestWrites_appliedOnceUnderOneKey(t *testing.T) {
	for name, fault := range map[string]sandbox.Fault{
		"5xx after applying":         {Applied: true, Status: http.StatusBadGateway, Times: 1},
		"body broken after applying": {Break: true, Times: 1},
	} {
		t.Run(name, func(t *testing.T) {
			c, sb := sandboxClient(t, sandbox.Options{Customers: 3})
			cu := sb.ConnectCustomers()[0]
			isWrite := func(r *http.Request) bool { return r.Method != http.MethodGet }

			sb.InjectFault(sandbox.Fault{Match: isWrite, Applied: fault.Applied, Status: fault.Status, Break: fault.Break, Times: 1})
			u, err := c.AddUser(context.Background(), cu.CustomerID, sandbox.ConnectUserID(7), "ADMIN")
			require.NoError(t, err)
			assert.Equal(t, "ADMIN", u.Role)
			after, _ := sb.ConnectCustomer(cu.CustomerID)
			assert.Equal(t, []User{{cu.ContactUserID, cu.ContactName, "ADMIN"}, u}, sandboxUsers(after), "added once")

			sb.InjectFault(sandbox.Fault{Match: isWrite, Applied: fault.Applied, Status: fault.Status, Break: fault.Break, Times: 1})
			gone, err := c.RemoveUser(context.Background(), cu.CustomerID, u.UserID)
			require.NoError(t, err)
			assert.False(t, gone, "removed by this call: the retry got the first answer, not a 404")
			after, _ = sb.ConnectCustomer(cu.CustomerID)
			assert.Equal(t, []User{{cu.ContactUserID, cu.ContactName, "ADMIN"}}, sandboxUsers(after))

			keys := sb.ConnectKeys()
			require.Len(t, keys, 2, "one key per write: %v", keys)
			for key, stats := range keys {
				assert.Len(t, key, 36)
				assert.Equal(t, 1, stats.Applied, key)
				assert.Equal(t, 1, stats.Replayed, key)
				assert.Equal(t, 0, stats.Conflicts, key)
			}
		})
	}
}

// TestAddUser_alreadyThere: Connect's 409 for a user already on the
// customer is a UserExistsError with the user's current role, not a key
// conflict.
func TestAddUser_alreadyThere(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 3})
	cu := sb.ConnectCustomers()[0]
	_, err := c.AddUser(context.Background(), cu.CustomerID, cu.ContactUserID, "MEMBER")
	var exists *UserExistsError
	require.ErrorAs(t, err, &exists)
	assert.Equal(t, "ADMIN", exists.Role)
	assert.Equal(t, 409, httpclient.StatusOf(err))
	assert.ErrorContains(t, err, `user "`+cu.ContactUserID+`" already is a user of Connect customer "`+cu.CustomerID+`", with role ADMIN: `)
	assert.ErrorContains(t, err, "POST /customers/"+cu.CustomerID+"/users: HTTP 409 Conflict: User "+cu.ContactUserID+" is already a user")
	var conflict *IdempotencyConflictError
	assert.False(t, errors.As(err, &conflict))
}

// fixedKey sends every request with the same X-Idempotency-Key, as a
// client that reused a key would.
type fixedKey string

func (k fixedKey) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Header.Get(IdempotencyKeyHeader) != "" {
		r = r.Clone(r.Context())
		r.Header.Set(IdempotencyKeyHeader, string(k))
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestWrites_reusedKeyIsConnectsConflict: a key used before with another
// request is Connect's 409; the error says so, names the key, and nothing
// is applied.
func TestWrites_reusedKeyIsConnectsConflict(t *testing.T) {
	sb, url := testutil.StartSandbox(t, sandbox.Options{Customers: 3})
	hc := testutil.Retries()
	hc.Transport = fixedKey("reused-key")
	c := testutil.Open[*Client](t, Open, testutil.Settings("connect", url), hc)
	cu := sb.ConnectCustomers()[0]
	_, err := c.AddUser(context.Background(), cu.CustomerID, sandbox.ConnectUserID(1), "MEMBER")
	require.NoError(t, err)

	_, err = c.AddUser(context.Background(), cu.CustomerID, sandbox.ConnectUserID(2), "MEMBER")
	var conflict *IdempotencyConflictError
	require.ErrorAs(t, err, &conflict)
	assert.Len(t, conflict.Key, 36, "the key the client sent (which the transport replaced)")
	assert.Equal(t, 409, httpclient.StatusOf(err))
	assert.ErrorContains(t, err, `Connect refused the request: its X-Idempotency-Key "`+conflict.Key+`" was used before with a different request`)
	assert.ErrorContains(t, err, "so this request was not applied")
	assert.ErrorContains(t, err, "HTTP 409 Conflict: The idempotency key was already used for a different request")
	assert.False(t, httpclient.OutcomeUnknown(err))

	_, err = c.RemoveUser(context.Background(), cu.CustomerID, cu.ContactUserID)
	require.ErrorAs(t, err, &conflict)
	after, _ := sb.ConnectCustomer(cu.CustomerID)
	assert.Equal(t, []User{{cu.ContactUserID, cu.ContactName, "ADMIN"}, {sandbox.ConnectUserID(1), after.Users[1].Name, "MEMBER"}}, sandboxUsers(after),
		"only the first request under the key was applied")
	assert.Equal(t, sandbox.ConnectKeyStats{Requests: 3, Applied: 1, Conflicts: 2}, sb.ConnectKeyStats("reused-key"))
}

// TestAddUser_checksBeforeSending: an unknown role, a blank, spaced, "."
// or ".." id is refused before any request (the client has no HTTP layer).
func TestAddUser_checksBeforeSending(t *testing.T) {
	c := New(nil)
	for _, tc := range []struct{ customer, user, role, want string }{
		{"c-1", "u", "OWNER", `role "OWNER" is not a Connect role: one of MEMBER, MANAGER, ADMIN`},
		{"c-1", "u", "admin", `role "admin" is not a Connect role`},
		{"c-1", "", "ADMIN", `"" is not a Connect user id: an id must not be empty or blank`},
		{"c-1", " u", "ADMIN", `" u" is not a Connect user id: it has spaces around it`},
		{"c-1", "..", "ADMIN", `".." is not a Connect user id: in a URL path it names another resource`},
		{"..", "u", "ADMIN", `".." is not a Telness Tech Connect customer id`},
		{"", "u", "ADMIN", `"" is not a Telness Tech Connect customer id`},
	} {
		_, err := c.AddUser(context.Background(), tc.customer, tc.user, tc.role)
		assert.ErrorContains(t, err, tc.want)
		if tc.role == "ADMIN" {
			_, err = c.RemoveUser(context.Background(), tc.customer, tc.user)
			assert.ErrorContains(t, err, tc.want)
		}
	}
}

// TestAddUser_theAnswerIsTheUserAsked: an answer naming another user, or
// another role, is an error that says the outcome is unknown; an empty
// answer is read back from the customer.
func TestAddUser_theAnswerIsTheUserAsked(t *testing.T) {
	open := func(post string, record string) *Client {
		s := &testutil.Scripted{Respond: func(r *http.Request) (int, []byte) {
			if r.Method == http.MethodPost {
				return http.StatusCreated, []byte(post)
			}
			return http.StatusOK, []byte(record)
		}}
		return testutil.OpenScripted(t, Open, "connect", s).(*Client)
	}
	_, err := open(`{"userId":"u-2","name":"Eve","role":"ADMIN"}`, "").AddUser(context.Background(), "c-1", "u-1", "ADMIN")
	assert.ErrorContains(t, err, `fuzz.invalid: POST /customers/c-1/users: the answer is user "u-2", not the user "u-1" that was added`)
	assert.True(t, httpclient.OutcomeUnknown(err))
	_, err = open(`{"userId":"u-1","name":"Ada","role":"MEMBER"}`, "").AddUser(context.Background(), "c-1", "u-1", "ADMIN")
	assert.ErrorContains(t, err, `Connect answered that user "u-1" has role MEMBER, not the ADMIN asked for`)
	_, err = open(`{"name":"Ada"}`, "").AddUser(context.Background(), "c-1", "u-1", "ADMIN")
	assert.ErrorContains(t, err, `a user has no usable userId: the id is missing, null, empty or blank (its keys are "name")`)

	u, err := open(`{"userId":" u-1 ","name":"Ada"}`, "").AddUser(context.Background(), "c-1", "u-1", "ADMIN")
	require.NoError(t, err)
	assert.Equal(t, User{UserID: "u-1", Name: "Ada"}, u, "a role left out is not made up")

	u, err = open(``, `{"customerId":"c-1","users":[{"userId":"u-1","name":"Ada","role":"ADMIN"}]}`).AddUser(context.Background(), "c-1", "u-1", "ADMIN")
	require.NoError(t, err)
	assert.Equal(t, User{UserID: "u-1", Name: "Ada", Role: "ADMIN"}, u, "read back")
	_, err = open(``, `{"customerId":"c-1","users":[]}`).AddUser(context.Background(), "c-1", "u-1", "ADMIN")
	assert.ErrorIs(t, err, ErrUserNotFound)
	assert.ErrorContains(t, err, `the add of user "u-1" to Connect customer "c-1" was answered with an empty body, and reading it back failed`)
}

// TestRemoveUser: DELETE with the user id as a query parameter and one key;
// a user (or customer) already gone is no error, and says so.
func TestRemoveUser(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 3})
	cu := sb.ConnectCustomers()[0]
	gone, err := c.RemoveUser(context.Background(), cu.CustomerID, cu.ContactUserID)
	require.NoError(t, err)
	assert.False(t, gone)
	reqs := sb.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, http.MethodDelete, reqs[0].Method)
	assert.Equal(t, "/connect/customers/"+cu.CustomerID+"/users", reqs[0].Path)
	assert.Equal(t, cu.ContactUserID, reqs[0].Query.Get("userId"))
	assert.Len(t, reqs[0].Header.Get(IdempotencyKeyHeader), 36)
	after, _ := sb.ConnectCustomer(cu.CustomerID)
	assert.Empty(t, after.Users)

	gone, err = c.RemoveUser(context.Background(), cu.CustomerID, cu.ContactUserID)
	require.NoError(t, err)
	assert.True(t, gone, "already gone: success")
	gone, err = c.RemoveUser(context.Background(), "no-such-customer", "u")
	require.NoError(t, err)
	assert.True(t, gone, "a customer that is gone has no users")

	sb.InjectFault(sandbox.Fault{Status: http.StatusForbidden, Times: 1})
	_, err = c.RemoveUser(context.Background(), cu.CustomerID, "u")
	assert.ErrorContains(t, err, `removing user "u" from Connect customer "`+cu.CustomerID+`": `)
	assert.ErrorContains(t, err, "DELETE /customers/"+cu.CustomerID+"/users: HTTP 403 Forbidden")
	assert.False(t, slices.ContainsFunc(sb.Requests(), func(r sandbox.Request) bool { return strings.Contains(r.Path, "/users/") }),
		"the user id never goes in the path")
}

// TestAccess_apiKey: Connect hands out its API key, with no bearer token,
// and renewing it changes nothing; no request is made.
func TestAccess_apiKey(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 1})
	for _, get := range []func(context.Context) (httpclient.Access, error){c.Access, c.RenewAccess} {
		acc, err := get(context.Background())
		require.NoError(t, err)
		assert.Equal(t, httpclient.Access{Headers: map[string]string{"X-Api-Key": sandbox.DefaultAPIKey}}, acc)
	}
	assert.Zero(t, sb.TotalRequests())
}

// TestAddUser_serverRoleInAMessageIsSanitized: found by FuzzUserWrites
// (seed role-with-del): the role of a user already there, the server's
// text, reached the error raw; it is sanitized and cut.
func TestAddUser_serverRoleInAMessageIsSanitized(t *testing.T) {
	record := `{"customerId":"cus-1","users":[{"userId":"u-1","role":"\u001b]0;pwned\u0007` + strings.Repeat("A", 100) + `"}]}`
	c, _ := scriptedClient(t, http.StatusConflict, []byte(`{"message":"conflict"}`), []byte(record))
	_, err := c.AddUser(context.Background(), "cus-1", "u-1", "ADMIN")
	var exists *UserExistsError
	require.ErrorAs(t, err, &exists)
	assert.Contains(t, exists.Role, "\u001b", "the data is the server's")
	testutil.AssertNoControl(t, err.Error())
	assert.Contains(t, err.Error(), "with role \ufffd]0;pwned\ufffdAAA")
	assert.Contains(t, err.Error(), "A…: ", "cut")
}
