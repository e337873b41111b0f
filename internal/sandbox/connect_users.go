package sandbox

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// A Connect customer's users (docs.telnesstech.com api-reference/customers:
// add-user-to-customer, remove-user-from-customer; API-LIFECYCLE 1.3):
// POST /customers/{id}/users {userId, role} and DELETE
// /customers/{id}/users?userId=..., both under Connect's idempotency rules.
// What the vendor pages leave open is the sandbox's inference, marked so:
// the statuses of success (200 with the user, 204), an unknown user (404),
// a user added twice (409) and one removed twice (404).

const (
	// ConnectIdempotencyKeyHeader is the header of Connect's writes' key.
	ConnectIdempotencyKeyHeader = "X-Idempotency-Key"
	// ConnectKeyLifetime is how long Connect remembers a key ("Keys are
	// expired after 24 hours").
	ConnectKeyLifetime = 24 * time.Hour
	// connectMaxKeyLen is the key's documented maximum length.
	connectMaxKeyLen = 256
	// connectPoolUsers are users seeded with no customer (ConnectUserID).
	connectPoolUsers = 50
	// maxConnectReplies bounds the remembered answers of a long run.
	maxConnectReplies = 50000
)

var connectRoles = []string{"MEMBER", "MANAGER", "ADMIN"}

// ConnectUserID is the id of user n (from 1 to 50) of the users the sandbox
// seeds without a customer, to be added to one.
func ConnectUserID(n int) string { return fmt.Sprintf("usr-pool-%03d", n) }

// ConnectKeyStats is what the fake Connect API did with one idempotency key
// ("" counts the writes sent without one).
type ConnectKeyStats struct {
	// Requests is every write that carried the key (after authentication).
	Requests int
	// Applied is how many of them changed something: a write served with a
	// 2xx for the first time under the key. Replays never count.
	Applied int
	// Replayed is how many got the answer of the first again.
	Replayed int
	// Conflicts is how many were refused with 409: another request under a
	// key seen before.
	Conflicts int
}

// connectIdempotency is the writes' idempotency state: one keyed write at a
// time (mu, held around the handler), the answers by key and the counters.
type connectIdempotency struct {
	mu      sync.Mutex
	replies map[string]connectReply
	stats   map[string]*ConnectKeyStats
	now     func() time.Time
}

// connectReply is the first answer to a key, and what its request was.
type connectReply struct {
	answer
	request [sha256.Size]byte
	at      time.Time
}

// SetConnectClock makes the fake Connect API read the time from now, to
// expire idempotency keys in a test (nil: the real clock).
func (s *Server) SetConnectClock(now func() time.Time) {
	st := s.connect()
	st.locked(func() { st.idem.now = now })
}

// ConnectKeyStats returns the counters of one idempotency key.
func (s *Server) ConnectKeyStats(key string) ConnectKeyStats {
	st := s.connect()
	st.mu.Lock()
	defer st.mu.Unlock()
	if k := st.idem.stats[key]; k != nil {
		return *k
	}
	return ConnectKeyStats{}
}

// ConnectKeys returns the counters of every key seen, by key.
func (s *Server) ConnectKeys() map[string]ConnectKeyStats {
	st := s.connect()
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make(map[string]ConnectKeyStats, len(st.idem.stats))
	for k, v := range st.idem.stats {
		out[k] = *v
	}
	return out
}

// ConnectCustomer returns a copy of one stored Connect customer.
func (s *Server) ConnectCustomer(id string) (ConnectCustomer, bool) {
	st := s.connect()
	var out ConnectCustomer
	found := st.with(func() *ConnectCustomer { return st.findBy(id, connectID) }, func(c *ConnectCustomer) {
		out = *c
		deepenConnect(&out)
	})
	return out, found
}

// ChangeConnectCustomer changes a stored customer in place (a change made
// outside the provider); false when there is none with the id.
func (s *Server) ChangeConnectCustomer(id string, change func(*ConnectCustomer)) bool {
	st := s.connect()
	return st.with(func() *ConnectCustomer { return st.findBy(id, connectID) }, change)
}

// RemoveConnectCustomer deletes a customer (as if deleted outside the
// provider); the API documents no delete.
func (s *Server) RemoveConnectCustomer(id string) {
	st := s.connect()
	st.locked(func() {
		st.customers = slices.DeleteFunc(st.customers, func(c *ConnectCustomer) bool { return c.CustomerID == id })
	})
}

// AddConnectDirectoryUser makes a user exist, with no customer, so that it
// can be added to one.
func (s *Server) AddConnectDirectoryUser(userID, name string) {
	st := s.connect()
	st.locked(func() { st.directory[userID] = name })
}

// clock is the time as the fake API reads it; the caller holds mu.
func (st *connectStore) clock() time.Time {
	if st.idem.now != nil {
		return st.idem.now()
	}
	return time.Now()
}

// connectIdempotent serves a write under Connect's idempotency rules: a key
// over 256 characters is a 400; the same key with the same request (method,
// path, query and JSON body) within 24 hours gets the first answer again,
// whatever it was, and changes nothing; with another request it is a 409
// (the vendor: "Modified requests with the same idempotency keys are
// rejected with a 409 Conflict"). A write without a key is served as it
// comes.
func (s *Server) connectIdempotent(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get(ConnectIdempotencyKeyHeader)
		if len(key) > connectMaxKeyLen {
			writeConnectValidation(w, ConnectIdempotencyKeyHeader, fmt.Sprintf("must be at most %d characters", connectMaxKeyLen))
			return
		}
		st := s.connect()
		st.idem.mu.Lock() // one keyed write at a time: a key is never served twice at once
		defer st.idem.mu.Unlock()
		request := connectRequestPrint(r)
		st.mu.Lock()
		stats := st.idem.statsFor(key)
		stats.Requests++
		first, seen := st.idem.replies[key]
		if seen && st.clock().Sub(first.at) >= ConnectKeyLifetime {
			delete(st.idem.replies, key)
			seen = false
		}
		switch {
		case key != "" && seen && first.request != request:
			stats.Conflicts++
			st.mu.Unlock()
			connectErrors{}.writeError(w, http.StatusConflict,
				"The idempotency key was already used for a different request; use a new key for each distinct operation")
			return
		case key != "" && seen:
			stats.Replayed++
			st.mu.Unlock()
			first.write(w)
			return
		}
		st.mu.Unlock()

		reply := connectReply{answer: served(h, r), request: request}
		st.mu.Lock()
		if reply.status < 300 {
			stats.Applied++
		}
		if key != "" {
			if len(st.idem.replies) >= maxConnectReplies {
				st.idem.replies = map[string]connectReply{}
			}
			reply.at = st.clock()
			st.idem.replies[key] = reply
		}
		st.mu.Unlock()
		reply.write(w)
	}
}

// statsFor is the counters of key, made on first use; the caller holds the
// store's mu.
func (i *connectIdempotency) statsFor(key string) *ConnectKeyStats {
	if i.stats[key] == nil {
		i.stats[key] = &ConnectKeyStats{}
	}
	return i.stats[key]
}

// connectRequestPrint identifies a request for its key: method, path,
// query and body (as JSON values, so that spacing and key order do not
// make it another request).
func connectRequestPrint(r *http.Request) [sha256.Size]byte {
	body := readBody(r)
	var v any
	if json.Unmarshal(body, &v) == nil {
		body, _ = json.Marshal(v)
	}
	return sha256.Sum256(fmt.Appendf(nil, "%s\n%s\n%s\n%s", r.Method, r.URL.EscapedPath(), r.URL.Query().Encode(), body))
}

// connectAddUser is POST /customers/{customerId}/users {userId, role}: role
// defaults to MEMBER and must be MEMBER, MANAGER or ADMIN (400 otherwise);
// the answer is the user {userId, name, role}, 200. Inferred: an unknown
// customer or user is a 404, a user already on the customer a 409.
func (s *Server) connectAddUser(w http.ResponseWriter, r *http.Request) {
	var body struct {
		UserID *string `json:"userId"`
		Role   *string `json:"role"`
	}
	if err := json.Unmarshal(readBody(r), &body); err != nil {
		writeConnectValidation(w, "body", "must be a JSON object {userId, role}: "+err.Error())
		return
	}
	if body.UserID == nil || strings.TrimSpace(*body.UserID) == "" {
		writeConnectValidation(w, "userId", "is required")
		return
	}
	role := "MEMBER"
	if body.Role != nil {
		role = *body.Role
	}
	if !slices.Contains(connectRoles, role) {
		writeConnectValidation(w, "role", "must be one of "+strings.Join(connectRoles, ", "))
		return
	}
	userID, customerID := *body.UserID, r.PathValue("customerId")
	st := s.connect()
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.findBy(customerID, connectID)
	name, known := st.directory[userID]
	switch {
	case c == nil:
		connectErrors{}.writeError(w, http.StatusNotFound, fmt.Sprintf("Customer %s not found", customerID))
		return
	case !known:
		connectErrors{}.writeError(w, http.StatusNotFound, fmt.Sprintf("User %s not found", userID))
		return
	case slices.ContainsFunc(c.Users, func(u ConnectUser) bool { return u.UserID == userID }):
		connectErrors{}.writeError(w, http.StatusConflict, fmt.Sprintf("User %s is already a user of customer %s", userID, customerID))
		return
	}
	c.Users = append(c.Users, ConnectUser{UserID: userID, Name: name, Role: role})
	c.UpdatedAt = st.clock()
	writeJSON(w, http.StatusOK, map[string]string{"userId": userID, "name": name, "role": role})
}

// connectRemoveUser is DELETE /customers/{customerId}/users?userId=...: the
// user id is a query parameter (400 without it); 204 once removed.
// Inferred: an unknown customer, or a user not on it, is a 404.
func (s *Server) connectRemoveUser(w http.ResponseWriter, r *http.Request) {
	userID, customerID := queryOf(r).Get("userId"), r.PathValue("customerId")
	if strings.TrimSpace(userID) == "" {
		writeConnectValidation(w, "userId", "is required")
		return
	}
	st := s.connect()
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.findBy(customerID, connectID)
	if c == nil {
		connectErrors{}.writeError(w, http.StatusNotFound, fmt.Sprintf("Customer %s not found", customerID))
		return
	}
	i := slices.IndexFunc(c.Users, func(u ConnectUser) bool { return u.UserID == userID })
	if i < 0 {
		connectErrors{}.writeError(w, http.StatusNotFound, fmt.Sprintf("User %s is not a user of customer %s", userID, customerID))
		return
	}
	c.Users = slices.Delete(c.Users, i, i+1)
	c.UpdatedAt = st.clock()
	w.WriteHeader(http.StatusNoContent)
}
