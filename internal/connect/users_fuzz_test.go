package connect

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// scriptedClient is a client whose POST and DELETE are answered status and
// write, and whose GET is answered 200 and record.
func scriptedClient(t *testing.T, status int, write, record []byte) (*Client, *testutil.Scripted) {
	s := &testutil.Scripted{Respond: func(r *http.Request) (int, []byte) {
		if r.Method == http.MethodGet {
			return http.StatusOK, record
		}
		return status, write
	}}
	return testutil.OpenScripted(t, Open, "connect", s).(*Client), s
}

// FuzzCustomerRecord decodes GET /customers/{id} bodies: a record read is
// the customer asked for, with users of unique, usable ids; FindUser agrees
// with the record, and says "not a user" only of a record that decoded; an
// error holds no control character; one request per read.
func FuzzCustomerRecord(f *testing.F) {
	for _, seed := range []string{
		`{"customerId":"cus-1","name":"Co","users":[{"userId":"u-1","name":"Ada","role":"ADMIN"},{"userId":"u-2","name":"Bo","role":"MEMBER"}]}`,
		`{"customerId":"cus-1","users":[]}`,
		`{"customerId":"cus-1"}`,
		`{"customerId":"cus-1","users":null}`,
		`{"customerId":"cus-2","users":[{"userId":"u-1"}]}`,
		`{"customerId":"cus-1","users":[{"userId":"u-1"},{"userId":"u-1 "}]}`,
		`{"customerId":"cus-1","users":[{"userId":" "},{"userId":7}]}`,
		`{"customerId":"cus-1","users":[{"userId":"\u001b[2J"}]}`,
		`{"customerId":"cus-1","users":{"u-1":{}}}`,
		`<html><title>Maintenance</title></html>`,
	} {
		f.Add([]byte(seed), "u-1")
	}
	f.Fuzz(func(t *testing.T, body []byte, userID string) {
		c, s := scriptedClient(t, 0, nil, body)
		rec, err := c.GetCustomer(context.Background(), "cus-1")
		require.Equal(t, 1, s.Calls())
		if err != nil {
			testutil.AssertNoControl(t, err.Error())
		} else {
			assert.Equal(t, "cus-1", rec.Customer.ID)
			seen := map[string]bool{}
			for _, u := range rec.Users {
				assert.NoError(t, customers.CheckIDText(u.UserID), "user id %q", u.UserID)
				assert.False(t, seen[u.UserID], "user %q twice", u.UserID)
				seen[u.UserID] = true
			}
		}
		if customers.CheckIDText(userID) != nil {
			return
		}
		u, ferr := c.FindUser(context.Background(), "cus-1", userID)
		want, listed := rec.User(userID)
		switch {
		case err != nil:
			assert.Error(t, ferr)
			assert.NotErrorIs(t, ferr, ErrUserNotFound, "an unusable record is not a user that is gone")
		case listed:
			require.NoError(t, ferr)
			assert.Equal(t, want, u)
		default:
			assert.ErrorIs(t, ferr, ErrUserNotFound)
		}
	})
}

// FuzzUserWrites answers AddUser's POST and RemoveUser's DELETE with a
// status and body from the fuzzer (and the read that tells a 409 apart or
// reads an empty answer back with another body): no panic, at most two
// requests, an added user is the one asked with the role asked (or none
// stated), a removal succeeds only on a 2xx or a 404, a 409 is one of the
// two conflicts or says it could not tell, and no error holds a control
// character.
func FuzzUserWrites(f *testing.F) {
	f.Add(uint8(0), []byte(`{"userId":"u-1","name":"Ada","role":"ADMIN"}`), []byte(`{"customerId":"cus-1","users":[]}`))
	f.Add(uint8(1), []byte(``), []byte(`{"customerId":"cus-1","users":[{"userId":"u-1","role":"ADMIN"}]}`))
	f.Add(uint8(1), []byte(`{"userId":"u-2","role":"ADMIN"}`), []byte(`{}`))
	f.Add(uint8(0), []byte(`{"userId":"u-1","role":"MEMBER"}`), []byte(`{}`))
	f.Add(uint8(2), []byte(``), []byte(``))
	f.Add(uint8(4), []byte(`{"message":"Customer cus-1 not found","code":"NOT_FOUND"}`), []byte(``))
	f.Add(uint8(5), []byte(`{"message":"The idempotency key was already used","code":"CONFLICT"}`), []byte(`{"customerId":"cus-1","users":[]}`))
	f.Add(uint8(5), []byte(`{"message":"User u-1 is already a user","code":"CONFLICT"}`), []byte(`{"customerId":"cus-1","users":[{"userId":"u-1","role":"MANAGER"}]}`))
	f.Add(uint8(5), []byte(`{"message":"conflict \u001b]52;c;x\u0007"}`), []byte(`<html>`))
	f.Add(uint8(6), []byte(`{"message":"internal"}`), []byte(``))
	statuses := []int{200, 201, 204, 400, 404, 409, 500}
	f.Fuzz(func(t *testing.T, pick uint8, write, record []byte) {
		status := statuses[int(pick)%len(statuses)]
		c, s := scriptedClient(t, status, write, record)
		u, err := c.AddUser(context.Background(), "cus-1", "u-1", "ADMIN")
		assert.LessOrEqual(t, s.Calls(), 2)
		if err == nil {
			assert.Less(t, status, 300)
			assert.Equal(t, "u-1", u.UserID)
			assert.Contains(t, []string{"", "ADMIN"}, u.Role)
		} else {
			testutil.AssertNoControl(t, err.Error())
			var exists *UserExistsError
			var reused *IdempotencyConflictError
			if status == http.StatusConflict && !errors.As(err, &exists) && !errors.As(err, &reused) {
				assert.Contains(t, err.Error(), "reading the customer to tell which failed")
			}
		}

		c, s = scriptedClient(t, status, write, record)
		_, err = c.RemoveUser(context.Background(), "cus-1", "u-1")
		assert.Equal(t, 1, s.Calls())
		if err == nil {
			assert.True(t, status < 300 || status == http.StatusNotFound, "status %d", status)
		} else {
			testutil.AssertNoControl(t, err.Error())
		}
	})
}
