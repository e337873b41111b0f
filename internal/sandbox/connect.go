package sandbox

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ConnectRoot is where the fake Telness Tech Connect API is mounted: its paths
// (/customers) follow.
const ConnectRoot = "/connect"

// ConnectCustomer is one customer as the fake Connect API stores it.
type ConnectCustomer struct {
	CustomerID string
	// CustomerType is CONSUMER or BUSINESS.
	CustomerType    string
	Name            string
	Email           string
	MSISDN          string
	Identity        string
	PreferredLocale string
	HumanReadableID string
	ReferenceID     string
	Street, City    string
	Zip, State      string
	ContactName     string
	// ContactUserID is the contact person's user (contactPerson).
	ContactUserID string
	// Users are the customer's users, in the order they were added.
	Users     []ConnectUser
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ConnectUser is one user of a Connect customer, with its role there.
type ConnectUser struct {
	UserID, Name string
	// Role is MEMBER, MANAGER or ADMIN.
	Role string
}

type connectStore struct {
	store[ConnectCustomer]
	// offsetForm makes the list page the older way: offset in, pagination
	// {total, limit, offset} out.
	offsetForm bool
	// directory holds every user that exists (user id to name), whether a
	// user of a customer or not: users exist on their own (get-customer).
	directory map[string]string
	// idem is the idempotency state of the writes (connect_users.go).
	idem connectIdempotency
}

const connectName = "connect"

const (
	// ConnectAddUserRoute and ConnectRemoveUserRoute are the writes of a
	// customer's users (Server.Count takes them).
	ConnectAddUserRoute    = "POST " + ConnectRoot + "/customers/{customerId}/users"
	ConnectRemoveUserRoute = "DELETE " + ConnectRoot + "/customers/{customerId}/users"
)

func init() {
	register(&Kit{
		Name: connectName, Title: "Telness Tech Connect", Root: ConnectRoot,
		settings:  map[string]string{"api_key": DefaultAPIKey},
		ListRoute: "GET " + ConnectRoot + "/customers",
		GetRoute:  "GET " + ConnectRoot + "/customers/{customerId}",
		paging:    connectPaging,
		item: func(i int, id string) map[string]any {
			c := connectSeed(i)
			c.CustomerID = id
			return connectItem(c, false)
		},
		page: func(items []map[string]any, _ int, next string) any { return connectPage(items, next) },
		ID:   func(n int) string { return connectSeed(n - 1).CustomerID },
		Listed: func(s *Server) []string {
			return idsOf(s.ConnectCustomers(), connectID)
		},
		SeedFor:     func(n int) int { return n },
		Always:      []string{"id", "customer_type"}, // customerId; CONSUMER or BUSINESS
		MatchFilter: "customer_type",
		newStore:    func(n int, _ Options) any { return newConnectStore(n) },
		Writes:      []string{ConnectAddUserRoute, ConnectRemoveUserRoute},
		routes: func(s *Server, k *Kit) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{
				k.ListRoute: s.connectAuth(s.connectList), k.GetRoute: s.connectAuth(s.connectGet),
				ConnectAddUserRoute:    s.connectAuth(s.connectIdempotent(s.connectAddUser)),
				ConnectRemoveUserRoute: s.connectAuth(s.connectIdempotent(s.connectRemoveUser)),
			}
		},
		errs: connectErrors{},
	})
}

func (s *Server) connect() *connectStore { return storeOf[connectStore](s, connectName) }

// SetConnectOffsetPaging makes Connect page the older way (offset in,
// pagination {total, limit, offset} out) instead of by cursor.
func (s *Server) SetConnectOffsetPaging(on bool) {
	st := s.connect()
	st.locked(func() { st.offsetForm = on })
}

func newConnectStore(n int) *connectStore {
	st := &connectStore{directory: map[string]string{},
		idem: connectIdempotency{replies: map[string]connectReply{}, stats: map[string]*ConnectKeyStats{}}}
	for i := 0; i < n; i++ {
		c := connectSeed(i)
		st.customers = append(st.customers, c)
		st.directory[c.ContactUserID] = c.ContactName
	}
	for n := 1; n <= connectPoolUsers; n++ {
		p := person(1_000_000 + n)
		st.directory[ConnectUserID(n)] = p.First + " " + p.Last
	}
	return st
}

const hridAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

func connectSeed(i int) *ConnectCustomer {
	p := person(i)
	r := rand.New(rand.NewPCG(uint64(i), 0xc0ec7))
	hrid := func(n int) string {
		b := make([]byte, n)
		for j := range b {
			b[j] = hridAlphabet[r.IntN(len(hridAlphabet))]
		}
		return string(b)
	}
	c := &ConnectCustomer{
		CustomerID:      fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", r.Uint32(), r.IntN(1<<16), r.IntN(1<<12), r.IntN(1<<12), r.Uint64()&(1<<48-1)),
		CustomerType:    "CONSUMER",
		Name:            p.First + " " + p.Last,
		Email:           p.Email,
		MSISDN:          strings.ReplaceAll(p.Phone, " ", ""),
		Identity:        fmt.Sprintf("%06d-%04d", 100000+i, i%10000),
		PreferredLocale: "en-US",
		HumanReadableID: hrid(3) + "-" + hrid(4) + "-" + hrid(3),
		ReferenceID:     fmt.Sprintf("crm-customer-%05d", i),
		Street:          fmt.Sprintf("%d S Main St", 100+i),
		City:            p.City, Zip: p.Zip, State: p.State,
		ContactName: p.First + " " + p.Last,
		CreatedAt:   p.Created, UpdatedAt: p.Modified,
	}
	if p.Company != "" {
		c.CustomerType, c.Name = "BUSINESS", p.Company
	}
	c.ContactUserID = "usr-" + c.CustomerID[:8]
	c.Users = []ConnectUser{{UserID: c.ContactUserID, Name: c.ContactName, Role: "ADMIN"}}
	return c
}

// ConnectCustomers returns a copy of every stored Connect customer, in the
// server's order.
func (s *Server) ConnectCustomers() []ConnectCustomer { return s.connect().snapshot(deepenConnect) }

func deepenConnect(c *ConnectCustomer) { c.Users = slices.Clone(c.Users) }

// connectErrors answers {"message", "code", "details", "hint"} (API-NOTES 3.5).
type connectErrors struct{}

var connectCodes = map[int]string{
	http.StatusBadRequest: "VALIDATION_ERROR", http.StatusUnauthorized: "UNAUTHORIZED", http.StatusForbidden: "FORBIDDEN",
	http.StatusNotFound: "NOT_FOUND", http.StatusConflict: "CONFLICT", http.StatusTooManyRequests: "RATE_LIMITED",
}

func (connectErrors) writeError(w http.ResponseWriter, status int, msg string) {
	code, ok := connectCodes[status]
	if !ok {
		code = "INTERNAL_ERROR"
	}
	writeJSON(w, status, map[string]any{"message": msg, "code": code})
}

func (connectErrors) writeRateLimited(w http.ResponseWriter, reset time.Time) {
	w.Header().Set("Retry-After", retryAfterSeconds(reset))
	writeJSON(w, http.StatusTooManyRequests, map[string]any{"message": "Too many requests", "code": "RATE_LIMITED"})
}

func writeConnectValidation(w http.ResponseWriter, property, msg string) {
	writeJSON(w, http.StatusBadRequest, map[string]any{
		"message": "The request is invalid",
		"code":    "VALIDATION_ERROR",
		"details": []map[string]string{{"message": msg, "code": "INVALID", "property": property}},
	})
}

// connectAuth checks X-Api-Key: missing is 401, wrong is 403.
func (s *Server) connectAuth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch key := r.Header.Get("X-Api-Key"); {
		case key == "":
			connectErrors{}.writeError(w, http.StatusUnauthorized, "Missing API key")
			return
		case key != s.opts.APIKey:
			connectErrors{}.writeError(w, http.StatusForbidden, "Invalid API key")
			return
		}
		s.runBeforeServe(r)
		h(w, r)
	}
}

// encodeCursor and decodeCursor make opaque cursors over an offset.
func encodeCursor(prefix string, offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(prefix + ":" + strconv.Itoa(offset)))
}

func decodeCursor(prefix, cursor string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return 0, false
	}
	rest, ok := strings.CutPrefix(string(b), prefix+":")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil && n >= 0
}

// connectList is GET /customers: limit (1..1000, default 25), cursor from
// pagination.nextCursor (null on the last page), free-text search. After
// SetConnectOffsetPaging it answers in the older form: offset in,
// pagination {total, limit, offset, sort} out, items with createdAt and
// updatedAt.
func (s *Server) connectList(w http.ResponseWriter, r *http.Request) {
	q := queryOf(r)
	st := s.connect()
	st.mu.Lock()
	oldForm := st.offsetForm
	st.mu.Unlock()
	spec := connectPaging
	if oldForm {
		spec = connectOffsetPaging
	}
	page, param, msg := spec.read(q.Get)
	if msg != "" {
		writeConnectValidation(w, param, msg)
		return
	}
	limit, offset := s.served(page.Size), page.Offset
	search := strings.ToLower(q.Get("search"))

	st.mu.Lock()
	var matched []*ConnectCustomer
	for _, c := range st.customers {
		text := strings.ToLower(strings.Join([]string{c.CustomerID, c.Name, c.Email, c.MSISDN, c.ReferenceID, c.HumanReadableID}, " "))
		if search == "" || strings.Contains(text, search) {
			matched = append(matched, c)
		}
	}
	items := []map[string]any{}
	for i := offset; i < len(matched) && i < offset+limit; i++ {
		items = append(items, connectItem(matched[i], oldForm))
	}
	st.mu.Unlock()

	if oldForm {
		writeJSON(w, http.StatusOK, map[string]any{"items": items, "pagination": map[string]any{
			"total": len(matched), "limit": limit, "offset": offset,
			"sort": map[string]string{"key": "createdAt", "direction": "ASC"},
		}})
		return
	}
	next := ""
	if offset+limit < len(matched) {
		next = encodeCursor("connect", offset+limit)
	}
	writeJSON(w, http.StatusOK, connectPage(items, next))
}

// connectPage is the list's envelope: pagination.nextCursor is null on the
// last page.
func connectPage(items []map[string]any, next string) map[string]any {
	return map[string]any{"items": items, "pagination": map[string]any{"nextCursor": nullIfEmpty(next)}}
}

// connectPaging is limit (1..1000, default 25) and the cursor; the older
// form takes an offset instead.
var (
	connectLimit        = number{"limit", 25, 1, 1000, "must be between 1 and 1000"}
	connectPaging       = paging{size: connectLimit, cursor: "cursor", cursorOf: "connect", badCursor: "is not a cursor this server issued"}
	connectOffsetPaging = paging{size: connectLimit, start: number{"offset", 0, 0, anyCount, "must be a non-negative integer"}}
)

// connectItem is a customer in the documented shape; the older page version
// also carried createdAt/updatedAt and contactPersonUserId.
func connectItem(c *ConnectCustomer, old bool) map[string]any {
	addr := map[string]any{"street1": c.Street, "city": c.City, "zip": c.Zip, "country": "US", "state": c.State}
	users := make([]map[string]any, len(c.Users))
	contactRole := "MEMBER"
	for i, u := range c.Users {
		users[i] = map[string]any{"userId": u.UserID, "name": u.Name, "role": u.Role}
		if u.UserID == c.ContactUserID {
			contactRole = u.Role
		}
	}
	item := map[string]any{
		"customerId":      c.CustomerID,
		"customerType":    c.CustomerType,
		"name":            c.Name,
		"contact":         map[string]any{"email": c.Email, "msisdn": c.MSISDN},
		"identity":        c.Identity,
		"preferredLocale": c.PreferredLocale,
		"humanReadableId": c.HumanReadableID,
		"referenceId":     c.ReferenceID,
		"billing": map[string]any{
			"method": "E_INVOICE", "currency": "USD", "email": c.Email, "address": addr, "autoPay": false,
		},
		"users":         users,
		"contactPerson": map[string]any{"userId": c.ContactUserID, "name": c.ContactName, "role": contactRole},
		"shipping":      map[string]any{"name": c.ContactName, "address": addr, "msisdn": c.MSISDN},
		"metadata":      map[string]any{},
	}
	if old {
		item["createdAt"] = c.CreatedAt.UTC().Format(time.RFC3339)
		item["updatedAt"] = c.UpdatedAt.UTC().Format(time.RFC3339)
		item["contactPersonUserId"] = c.ContactUserID
		delete(item, "contactPerson")
	}
	return item
}

// connectGet is GET /customers/{customerId}: the full customer with its
// users[] (docs.telnesstech.com api-reference/customers/get-customer;
// API-LIFECYCLE 1.3), 404 for an unknown id.
func (s *Server) connectGet(w http.ResponseWriter, r *http.Request) {
	st, id := s.connect(), r.PathValue("customerId")
	found := st.with(func() *ConnectCustomer { return st.findBy(id, connectID) }, func(c *ConnectCustomer) {
		writeJSON(w, http.StatusOK, connectItem(c, st.offsetForm))
	})
	if !found {
		connectErrors{}.writeError(w, http.StatusNotFound, fmt.Sprintf("Customer %s not found", id))
	}
}

func connectID(c *ConnectCustomer) string { return c.CustomerID }
