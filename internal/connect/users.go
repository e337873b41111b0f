package connect

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// A customer's users (docs.telnesstech.com api-reference/customers:
// get-customer, add-user-to-customer, remove-user-from-customer): users
// exist on their own and are associated with customers, each with a role.
// GET /customers/{id} lists them in users[]; POST /customers/{id}/users
// adds one ({userId, role}); DELETE /customers/{id}/users?userId= removes
// one. Both writes take an X-Idempotency-Key: the same key with the same
// request replays the first result, with another request it is a 409; keys
// expire after 24 hours and are at most 256 characters.

// IdempotencyKeyHeader carries the key of Connect's writes. The HTTP layer
// sends one key per call and keeps it across every retry whose outcome is
// unknown, so a retried write is applied once.
const IdempotencyKeyHeader = "X-Idempotency-Key"

// Roles are a user's roles within a customer; MEMBER is the API's default.
var Roles = []string{"MEMBER", "MANAGER", "ADMIN"}

// ErrUserNotFound is wrapped when a customer exists but the user is not
// one of its users: the membership is gone. A customer that is gone wraps
// customers.ErrNotFound instead.
var ErrUserNotFound = errors.New("the user is not a user of the customer")

// User is one user of a customer, as users[] lists it.
type User struct {
	UserID string
	Name   string
	// Role is MEMBER, MANAGER or ADMIN as the server spelled it; "" when
	// the server did not say.
	Role string
}

// Record is one customer as GET /customers/{id} returns it: the customer
// and its users.
type Record struct {
	Customer customers.Customer
	Users    []User
	// UsersListed is false when the record had no users array, which only
	// LookUpCustomer accepts: the users are then unknown, not none.
	UsersListed bool
}

// User finds the user userID among the record's users.
func (r Record) User(userID string) (User, bool) {
	i := slices.IndexFunc(r.Users, func(u User) bool { return u.UserID == userID })
	if i < 0 {
		return User{}, false
	}
	return r.Users[i], true
}

// UserExistsError is an add refused because the user already is a user of
// the customer (Connect's 409, told apart from a reused key by reading the
// customer).
type UserExistsError struct {
	CustomerID, UserID string
	// Role is the user's current role.
	Role string
	Err  error
}

func (e *UserExistsError) Error() string {
	return fmt.Sprintf("user %q already is a user of Connect customer %q, with role %s: %v", e.UserID, e.CustomerID, roleText(e.Role), e.Err)
}

func (e *UserExistsError) Unwrap() error { return e.Err }

// IdempotencyConflictError is Connect's 409 for an X-Idempotency-Key that
// was used before with a different request: nothing was applied by this
// request.
type IdempotencyConflictError struct {
	// Key is the key the refused attempt carried.
	Key string
	Err error
}

func (e *IdempotencyConflictError) Error() string {
	return fmt.Sprintf("Connect refused the request: its %s %q was used before with a different request (Connect rejects a key reused with another body or path for 24 hours; the same request under the same key replays the first answer), so this request was not applied: %v",
		IdempotencyKeyHeader, e.Key, e.Err)
}

func (e *IdempotencyConflictError) Unwrap() error { return e.Err }

// roleText is a role as a message says it: the server's text, sanitized
// and cut (a role is one of three words, but it comes from the server).
func roleText(role string) string {
	if role == "" {
		return "not stated"
	}
	if r := []rune(role); len(r) > maxRoleLen {
		role = string(r[:maxRoleLen]) + "…"
	}
	return httpclient.Sanitize(role)
}

// maxRoleLen bounds how much of a role a message quotes.
const maxRoleLen = 40

// recordDto is the part of GET /customers/{id} the record needs besides
// the customer (decoded by toCustomer): users[], required, an array.
type recordDto struct {
	Users *[]json.RawMessage `json:"users"`
}

// userDto is one of users[], and the add's answer ("an embedded
// representation of a user": userId and name required, role).
type userDto struct {
	UserID httpclient.StringOrNumber `json:"userId"`
	Name   string                    `json:"name"`
	Role   string                    `json:"role"`
}

// decodeUser decodes one user: an object with a usable userId (trimmed,
// checked as an id).
func decodeUser(raw json.RawMessage) (User, error) {
	d, id, err := customers.DecodeRecord(raw, "user", "userId", func(d *userDto) string { return string(d.UserID) })
	if err != nil {
		return User{}, err
	}
	return User{UserID: id, Name: d.Name, Role: strings.TrimSpace(d.Role)}, nil
}

// decodeRecord decodes GET /customers/{id}'s answer: the customer asked for
// (TheOneAsked) and its users, which must be an array (an empty one is a
// customer without users), each user once.
func decodeRecord(asked string, usersOptional bool) func(body []byte) (Record, error) {
	return func(body []byte) (Record, error) {
		c, err := customers.TheOneAsked(asked, toCustomer)(body)
		if err != nil {
			return Record{}, err
		}
		var d recordDto
		if err := json.Unmarshal(body, &d); err != nil {
			return Record{}, fmt.Errorf("customer %q: cannot decode its users: %w", asked, err)
		}
		if d.Users == nil {
			if usersOptional {
				return Record{Customer: c}, nil
			}
			return Record{}, fmt.Errorf("customer %q: the record has no \"users\" array", asked)
		}
		rec := Record{Customer: c, Users: make([]User, 0, len(*d.Users)), UsersListed: true}
		for i, raw := range *d.Users {
			u, err := decodeUser(raw)
			if err != nil {
				return Record{}, fmt.Errorf("customer %q: users[%d]: %w", asked, i, err)
			}
			if _, dup := rec.User(u.UserID); dup {
				return Record{}, fmt.Errorf("customer %q: users[] lists user %q twice", asked, u.UserID)
			}
			rec.Users = append(rec.Users, u)
		}
		return rec, nil
	}
}

// GetCustomer reads one customer with its users: GET /customers/{id}, one
// request. An unknown customer wraps customers.ErrNotFound; a record of
// another customer, or without its users array, is an error.
func (c *Client) GetCustomer(ctx context.Context, id string) (Record, error) {
	if err := Description.CheckID(id); err != nil {
		return Record{}, err
	}
	return httpclient.GetOne(ctx, c.http, customerPath(id), nil, customers.ErrNotFound, decodeRecord(id, false))
}

// LookUpCustomer is GetCustomer for a lookup that shows the users when the
// record lists them (the commerce_customer data source): a record without
// a users array (absent or null) is the customer with UsersListed false,
// never a customer without users; a users array that does not add up is
// an error, as in GetCustomer. One request.
func (c *Client) LookUpCustomer(ctx context.Context, id string) (Record, error) {
	if err := Description.CheckID(id); err != nil {
		return Record{}, err
	}
	return httpclient.GetOne(ctx, c.http, customerPath(id), nil, customers.ErrNotFound, decodeRecord(id, true))
}

// FindUser reads customer customerID and finds user userID among its users.
// A customer that is gone wraps customers.ErrNotFound; a user that is not
// one of its users wraps ErrUserNotFound.
func (c *Client) FindUser(ctx context.Context, customerID, userID string) (User, error) {
	if err := checkUserID(userID); err != nil {
		return User{}, err
	}
	rec, err := c.GetCustomer(ctx, customerID)
	if err != nil {
		return User{}, err
	}
	u, ok := rec.User(userID)
	if !ok {
		return User{}, fmt.Errorf("%w: user %q is not among the %d users of Connect customer %q", ErrUserNotFound, userID, len(rec.Users), customerID)
	}
	return u, nil
}

// AddUser makes user userID a user of customer customerID with role:
// POST /customers/{id}/users {userId, role}, under one X-Idempotency-Key
// kept across its retries (a timeout, an answer that broke off, a 5xx), so
// Connect applies it once and replays its answer. It returns the user as
// Connect answered it, which must be the user asked for with the role
// asked for; an empty answer is read back from the customer.
//
// A 409 is told apart by reading the customer: the user already is one of
// its users (UserExistsError), or the key was used before with another
// request (IdempotencyConflictError). Any other failure names the request;
// HTTP errors are httpclient's (OutcomeUnknown says whether it may have
// been applied).
func (c *Client) AddUser(ctx context.Context, customerID, userID, role string) (User, error) {
	if err := checkMembership(customerID, userID); err != nil {
		return User{}, err
	}
	if !slices.Contains(Roles, role) {
		return User{}, fmt.Errorf("role %q is not a Connect role: one of %s", role, strings.Join(Roles, ", "))
	}
	req := httpclient.Request{
		Method: http.MethodPost, Path: usersPath(customerID),
		Body: map[string]string{"userId": userID, "role": role},
		// Connect deduplicates by the key: a retry is applied once.
		Idempotent: true, IdempotencyKeyHeader: IdempotencyKeyHeader,
	}
	body, err := c.http.DoRaw(ctx, req)
	if err != nil {
		if httpclient.StatusOf(err) == http.StatusConflict {
			return User{}, c.conflict(ctx, customerID, userID, err)
		}
		return User{}, fmt.Errorf("adding user %q to Connect customer %q as %s: %w", userID, customerID, role, err)
	}
	var u User
	if len(bytes.TrimSpace(body)) == 0 {
		// Documented with the user as its body; an empty one is read back.
		if u, err = c.FindUser(ctx, customerID, userID); err != nil {
			return User{}, fmt.Errorf("the add of user %q to Connect customer %q was answered with an empty body, and reading it back failed: %w", userID, customerID, err)
		}
	} else if u, err = decodeUser(body); err != nil {
		return User{}, c.http.Invalid(req, "%v (%s)", err, httpclient.Describe(body))
	}
	switch {
	case u.UserID != userID:
		return User{}, c.http.Invalid(req, "the answer is user %q, not the user %q that was added", u.UserID, userID)
	case u.Role != "" && u.Role != role:
		return User{}, c.http.Invalid(req, "Connect answered that user %q has role %s, not the %s asked for", userID, u.Role, role)
	}
	return u, nil
}

// conflict tells a 409 of an add apart: reading the customer shows whether
// the user already is one of its users; if not, the key was reused.
func (c *Client) conflict(ctx context.Context, customerID, userID string, cause error) error {
	u, err := c.FindUser(ctx, customerID, userID)
	switch {
	case err == nil:
		return &UserExistsError{CustomerID: customerID, UserID: userID, Role: u.Role, Err: cause}
	case errors.Is(err, ErrUserNotFound):
		return &IdempotencyConflictError{Key: keyOf(cause), Err: cause}
	}
	return fmt.Errorf("%w (Connect answers 409 to a user that already is a user of the customer and to a reused %s; reading the customer to tell which failed: %v)",
		cause, IdempotencyKeyHeader, err)
}

// RemoveUser removes user userID from customer customerID:
// DELETE /customers/{id}/users?userId=..., under one X-Idempotency-Key kept
// across its retries. A 404 (the user is not one of its users, or the
// customer is gone) means the membership is already gone: alreadyGone, no
// error. A 409 is an IdempotencyConflictError.
func (c *Client) RemoveUser(ctx context.Context, customerID, userID string) (alreadyGone bool, err error) {
	if err := checkMembership(customerID, userID); err != nil {
		return false, err
	}
	req := httpclient.Request{
		Method: http.MethodDelete, Path: usersPath(customerID), Query: url.Values{"userId": {userID}},
		IdempotencyKeyHeader: IdempotencyKeyHeader,
	}
	_, err = c.http.DoRaw(ctx, req)
	switch httpclient.StatusOf(err) {
	case 0:
		if err != nil {
			break
		}
		return false, nil
	case http.StatusNotFound:
		return true, nil
	case http.StatusConflict:
		return false, &IdempotencyConflictError{Key: keyOf(err), Err: err}
	}
	return false, fmt.Errorf("removing user %q from Connect customer %q: %w", userID, customerID, err)
}

// keyOf is the idempotency key of the attempt an API error answered.
func keyOf(err error) string {
	var apiErr *httpclient.APIError
	if errors.As(err, &apiErr) {
		return apiErr.IdempotencyKey
	}
	return ""
}

// checkMembership checks both ids before anything is sent.
func checkMembership(customerID, userID string) error {
	if err := Description.CheckID(customerID); err != nil {
		return err
	}
	return checkUserID(userID)
}

// checkUserID applies the id rules to a user id: not blank, no control
// characters, not "." or "..".
func checkUserID(userID string) error {
	if err := customers.CheckIDText(userID); err != nil {
		return fmt.Errorf("%q is not a Connect user id: %w", userID, err)
	}
	return nil
}

func customerPath(id string) string { return "/customers/" + url.PathEscape(id) }

func usersPath(customerID string) string { return customerPath(customerID) + "/users" }
