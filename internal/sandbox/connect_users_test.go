package sandbox

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// connectCall sends one request to the fake Connect API with the API key;
// key is the X-Idempotency-Key ("" leaves it out).
func connectCall(t *testing.T, method, u, key, body string) (int, map[string]any) {
	t.Helper()
	header := []string{"X-Api-Key", DefaultAPIKey}
	if key != "" {
		header = append(header, ConnectIdempotencyKeyHeader, key)
	}
	return send(t, method, u, body, header...)
}

// startConnect serves a sandbox with n customers per platform and returns
// it, the URL of its first Connect customer and that customer.
func startConnect(t *testing.T, n int) (*Server, string, ConnectCustomer) {
	t.Helper()
	sb := New(Options{Customers: n})
	u, stop := sb.Start()
	t.Cleanup(stop)
	c := sb.ConnectCustomers()[0]
	return sb, u + ConnectRoot + "/customers/" + c.CustomerID, c
}

func userIDs(c ConnectCustomer) []string {
	var ids []string
	for _, u := range c.Users {
		ids = append(ids, u.UserID)
	}
	return ids
}

// TestConnectGetCustomer_listsItsUsers: GET /customers/{id} is the full
// customer with users[] ({userId, name, role}); an unknown id is a 404 in
// Connect's error shape.
func TestConnectGetCustomer_listsItsUsers(t *testing.T) {
	_, u, c := startConnect(t, 3)
	status, got := connectCall(t, "GET", u, "", "")
	require.Equal(t, 200, status, got)
	assert.Equal(t, c.CustomerID, got["customerId"])
	assert.Equal(t, []any{map[string]any{"userId": c.ContactUserID, "name": c.ContactName, "role": "ADMIN"}}, got["users"])
	assert.Equal(t, map[string]any{"userId": c.ContactUserID, "name": c.ContactName, "role": "ADMIN"}, got["contactPerson"])

	status, got = connectCall(t, "GET", u+"nope", "", "")
	assert.Equal(t, 404, status)
	assert.Equal(t, "NOT_FOUND", got["code"])
}

// TestConnectAddUser_idempotency: the same key with the same request
// (however its JSON is spaced or ordered) replays the first answer and
// changes nothing; with another request it is a 409; another key for the
// same user meets the user already added (409). The counters say which.
func TestConnectAddUser_idempotency(t *testing.T) {
	sb, u, c := startConnect(t, 3)
	user := ConnectUserID(1)
	body := `{"userId":"` + user + `","role":"MANAGER"}`

	status, got := connectCall(t, "POST", u+"/users", "k1", body)
	require.Equal(t, 200, status, got)
	assert.Equal(t, user, got["userId"])
	assert.Equal(t, "MANAGER", got["role"])
	assert.NotEmpty(t, got["name"], "the user's name, from the directory")

	status, again := connectCall(t, "POST", u+"/users", "k1", ` { "role" : "MANAGER", "userId":"`+user+`" } `)
	assert.Equal(t, 200, status)
	assert.Equal(t, got, again, "the first answer, replayed")

	status, conflict := connectCall(t, "POST", u+"/users", "k1", `{"userId":"`+user+`","role":"ADMIN"}`)
	assert.Equal(t, 409, status)
	assert.Equal(t, "CONFLICT", conflict["code"])
	assert.Contains(t, conflict["message"], "idempotency key was already used for a different request")

	status, dup := connectCall(t, "POST", u+"/users", "k2", body)
	assert.Equal(t, 409, status)
	assert.Contains(t, dup["message"], "is already a user of customer")

	stored, ok := sb.ConnectCustomer(c.CustomerID)
	require.True(t, ok)
	assert.Equal(t, []string{c.ContactUserID, user}, userIDs(stored), "added once")
	assert.Equal(t, "MANAGER", stored.Users[1].Role)
	assert.Equal(t, ConnectKeyStats{Requests: 3, Applied: 1, Replayed: 1, Conflicts: 1}, sb.ConnectKeyStats("k1"))
	assert.Equal(t, ConnectKeyStats{Requests: 1}, sb.ConnectKeyStats("k2"), "served, refused, nothing applied")
	assert.Equal(t, 4, sb.Count(ConnectAddUserRoute))
}

// TestConnectAddUser_rules: role defaults to MEMBER and must be one of the
// three; userId is required; an unknown customer or user is a 404; a key
// over 256 characters is a 400; the answer under a key, an error too, is
// replayed.
func TestConnectAddUser_rules(t *testing.T) {
	sb, u, c := startConnect(t, 3)
	status, got := connectCall(t, "POST", u+"/users", "", `{"userId":"`+ConnectUserID(2)+`"}`)
	require.Equal(t, 200, status, got)
	assert.Equal(t, "MEMBER", got["role"], "the documented default")

	for name, tc := range map[string]struct {
		path, key, body string
		status          int
		want            string
	}{
		"role OWNER":       {"/users", "", `{"userId":"` + ConnectUserID(3) + `","role":"OWNER"}`, 400, "role"},
		"role lower-case":  {"/users", "", `{"userId":"` + ConnectUserID(3) + `","role":"admin"}`, 400, "role"},
		"no userId":        {"/users", "", `{"role":"ADMIN"}`, 400, "userId"},
		"not JSON":         {"/users", "", `userId=x`, 400, "body"},
		"unknown user":     {"/users", "", `{"userId":"usr-nobody"}`, 404, "User usr-nobody not found"},
		"unknown customer": {"x/users", "", `{"userId":"` + ConnectUserID(3) + `"}`, 404, "not found"},
		"key too long":     {"/users", strings.Repeat("k", 257), `{"userId":"` + ConnectUserID(3) + `"}`, 400, "X-Idempotency-Key"},
	} {
		status, got := connectCall(t, "POST", u+tc.path, tc.key, tc.body)
		assert.Equal(t, tc.status, status, name)
		assert.Contains(t, fmtJSON(got), tc.want, name)
	}
	status, _ = connectCall(t, "POST", u+"/users", strings.Repeat("k", 256), `{"userId":"`+ConnectUserID(4)+`"}`)
	assert.Equal(t, 200, status, "256 characters is the limit, allowed")

	status, _ = connectCall(t, "POST", u+"/users", "missing", `{"userId":"usr-late"}`)
	require.Equal(t, 404, status)
	sb.AddConnectDirectoryUser("usr-late", "Late Comer")
	status, _ = connectCall(t, "POST", u+"/users", "missing", `{"userId":"usr-late"}`)
	assert.Equal(t, 404, status, "the first answer under the key, replayed: the request is not served again")
	assert.Equal(t, ConnectKeyStats{Requests: 2, Replayed: 1}, sb.ConnectKeyStats("missing"))
	status, _ = connectCall(t, "POST", u+"/users", "fresh", `{"userId":"usr-late"}`)
	assert.Equal(t, 200, status, "a new key is served")
	stored, _ := sb.ConnectCustomer(c.CustomerID)
	assert.Len(t, stored.Users, 4, "the contact, the MEMBER, the 256-character key's and usr-late")
}

func fmtJSON(m map[string]any) string {
	var b strings.Builder
	for k, v := range m {
		b.WriteString(k + "=")
		switch v := v.(type) {
		case string:
			b.WriteString(v)
		case []any:
			for _, d := range v {
				if d, ok := d.(map[string]any); ok {
					b.WriteString(fmtJSON(d))
				}
			}
		}
		b.WriteString(" ")
	}
	return b.String()
}

// TestConnectRemoveUser: the user id is a query parameter; 204 once
// removed; the same key replays the 204 without a second effect; the
// user already gone is a 404; no userId is a 400; a path segment is not
// the endpoint.
func TestConnectRemoveUser(t *testing.T) {
	sb, u, c := startConnect(t, 3)
	del := u + "/users?userId=" + c.ContactUserID
	status, _ := connectCall(t, "DELETE", u+"/users/"+c.ContactUserID, "", "")
	assert.NotEqual(t, 204, status, "DELETE /customers/{id}/users/{userId} is not Connect's endpoint")

	status, _ = connectCall(t, "DELETE", del, "d1", "")
	require.Equal(t, 204, status)
	stored, _ := sb.ConnectCustomer(c.CustomerID)
	assert.Empty(t, stored.Users)

	status, _ = connectCall(t, "DELETE", del, "d1", "")
	assert.Equal(t, 204, status, "replayed")
	status, _ = connectCall(t, "DELETE", u+"/users?userId="+ConnectUserID(1), "d1", "")
	assert.Equal(t, 409, status, "the key with another user is another request")
	assert.Equal(t, ConnectKeyStats{Requests: 3, Applied: 1, Replayed: 1, Conflicts: 1}, sb.ConnectKeyStats("d1"))

	status, got := connectCall(t, "DELETE", del, "d2", "")
	assert.Equal(t, 404, status)
	assert.Contains(t, got["message"], "is not a user of customer")
	status, got = connectCall(t, "DELETE", u+"/users", "", "")
	assert.Equal(t, 400, status)
	assert.Contains(t, fmtJSON(got), "userId")
	status, _ = connectCall(t, "DELETE", u+"x/users?userId=a", "", "")
	assert.Equal(t, 404, status, "unknown customer")
}

// TestConnectKeysExpireAfter24Hours: a key is remembered 24 hours; after
// that the same request under it is served again (and meets the user
// already added), and another request under it is no conflict.
func TestConnectKeysExpireAfter24Hours(t *testing.T) {
	sb, u, _ := startConnect(t, 3)
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	sb.SetConnectClock(func() time.Time { return now })
	body := `{"userId":"` + ConnectUserID(5) + `"}`
	status, _ := connectCall(t, "POST", u+"/users", "k", body)
	require.Equal(t, 200, status)

	now = now.Add(ConnectKeyLifetime - time.Second)
	status, _ = connectCall(t, "POST", u+"/users", "k", body)
	assert.Equal(t, 200, status, "still remembered: replayed")

	now = now.Add(time.Second)
	status, _ = connectCall(t, "POST", u+"/users", "k", body)
	assert.Equal(t, 409, status, "expired: served again, the user is there already")
	status, _ = connectCall(t, "DELETE", u+"/users?userId="+ConnectUserID(5), "k", "")
	assert.Equal(t, 409, status, "the answer of the expired key's new request is remembered in turn")
	assert.Equal(t, ConnectKeyStats{Requests: 4, Applied: 1, Replayed: 1, Conflicts: 1}, sb.ConnectKeyStats("k"))
}

// TestWriteFaults_afterTheWriteIsApplied: a fault that answers a 5xx or
// breaks the body after serving leaves the write applied; the retry under
// the same key gets the original answer, whole. SetWriteFaults picks every
// Nth write only: reads are not counted.
func TestWriteFaults_afterTheWriteIsApplied(t *testing.T) {
	sb, u, c := startConnect(t, 3)
	isAdd := func(r *http.Request) bool { return r.Method == "POST" }
	sb.InjectFault(Fault{Match: isAdd, Applied: true, Status: 503, Times: 1})
	body := `{"userId":"` + ConnectUserID(1) + `","role":"ADMIN"}`
	status, got := connectCall(t, "POST", u+"/users", "k1", body)
	assert.Equal(t, 503, status)
	assert.Equal(t, "INTERNAL_ERROR", got["code"], "Connect's error shape")
	status, got = connectCall(t, "POST", u+"/users", "k1", body)
	assert.Equal(t, 200, status)
	assert.Equal(t, "ADMIN", got["role"])
	assert.Equal(t, ConnectKeyStats{Requests: 2, Applied: 1, Replayed: 1}, sb.ConnectKeyStats("k1"))

	sb.InjectFault(Fault{Match: isAdd, Break: true, Times: 1})
	body = `{"userId":"` + ConnectUserID(2) + `"}`
	req, _ := http.NewRequest("POST", u+"/users", strings.NewReader(body))
	req.Header.Set("X-Api-Key", DefaultAPIKey)
	req.Header.Set(ConnectIdempotencyKeyHeader, "k2")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err, "the status line arrives")
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF, "the body breaks off")
	status, got = connectCall(t, "POST", u+"/users", "k2", body)
	assert.Equal(t, 200, status)
	assert.Equal(t, ConnectUserID(2), got["userId"])
	stored, _ := sb.ConnectCustomer(c.CustomerID)
	assert.Equal(t, []string{c.ContactUserID, ConnectUserID(1), ConnectUserID(2)}, userIDs(stored))

	sb.SetWriteFaults(0, 2, 502)
	var statuses []int
	for i := range 4 {
		connectCall(t, "GET", u, "", "") // reads are not writes
		status, _ := connectCall(t, "DELETE", u+"/users?userId="+ConnectUserID(1), string(rune('a'+i)), "")
		statuses = append(statuses, status)
	}
	assert.Equal(t, []int{204, 502, 404, 502}, statuses, "every 2nd write is applied then answered 502")
	stored, _ = sb.ConnectCustomer(c.CustomerID)
	assert.Equal(t, []string{c.ContactUserID, ConnectUserID(2)}, userIDs(stored))

	sb.SetWriteFaults(1, 0, 0)
	resp, err = http.DefaultClient.Do(mustRequest(t, "DELETE", u+"/users?userId="+ConnectUserID(2), "del-2"))
	if err == nil {
		resp.Body.Close()
	}
	assert.Error(t, err, "a 204 is dropped before its status line")
	stored, _ = sb.ConnectCustomer(c.CustomerID)
	assert.Equal(t, []string{c.ContactUserID}, userIDs(stored), "applied all the same")
}

func mustRequest(t *testing.T, method, u, key string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, u, nil)
	require.NoError(t, err)
	req.Header.Set("X-Api-Key", DefaultAPIKey)
	req.Header.Set(ConnectIdempotencyKeyHeader, key)
	return req
}

// TestConnectWritesNeedTheAPIKey: the writes are behind the same API key
// check as the reads.
func TestConnectWritesNeedTheAPIKey(t *testing.T) {
	sb, u, _ := startConnect(t, 1)
	status, _ := send(t, "POST", u+"/users", `{"userId":"`+ConnectUserID(1)+`"}`)
	assert.Equal(t, 401, status)
	status, _ = send(t, "DELETE", u+"/users?userId=x", "", "X-Api-Key", "wrong")
	assert.Equal(t, 403, status)
	assert.Empty(t, sb.ConnectKeys(), "refused before the idempotency layer")
}
