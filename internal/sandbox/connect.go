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
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

type connectStore struct {
	store[ConnectCustomer]
	// offsetForm makes the list page the older way: offset in, pagination
	// {total, limit, offset} out.
	offsetForm bool
}

const connectName = "connect"

func init() {
	register(&Kit{
		Name: connectName, Title: "Telness Tech Connect", Root: ConnectRoot, Cursor: true,
		Settings: func(url string) map[string]string {
			return map[string]string{"base_url": url + ConnectRoot, "api_key": DefaultAPIKey}
		},
		ListRoute: "GET " + ConnectRoot + "/customers",
		GetRoute:  "GET " + ConnectRoot + "/customers/{customerId}",
		ListRequest: func(r *http.Request) ListRequest {
			page, _, _ := connectPaging(queryOf(r), false)
			return page
		},
		Page: func(ids []string, _ int, next string) any {
			items := make([]map[string]any, len(ids))
			for i, id := range ids {
				c := connectSeed(i)
				c.CustomerID = id
				items[i] = connectItem(c, false)
			}
			return connectPage(items, next)
		},
		ID: func(n int) string { return connectSeed(n - 1).CustomerID },
		Listed: func(s *Server) []string {
			var out []string
			for _, c := range s.ConnectCustomers() {
				out = append(out, c.CustomerID)
			}
			return out
		},
		SeedFor:     func(n int) int { return n },
		Always:      []string{"id", "customer_type"}, // customerId; CONSUMER or BUSINESS
		MatchFilter: "customer_type",
		start: func(s *Server, n int) {
			s.stores[connectName] = newConnectStore(n)
			s.routeConnect()
		},
		errs: connectErrors{},
	})
}

func (s *Server) connect() *connectStore { return storeOf[connectStore](s, connectName) }

// SetConnectOffsetPaging makes Connect page the older way (offset in,
// pagination {total, limit, offset} out) instead of by cursor.
func (s *Server) SetConnectOffsetPaging(on bool) {
	st := s.connect()
	st.mu.Lock()
	st.offsetForm = on
	st.mu.Unlock()
}

func newConnectStore(n int) *connectStore {
	st := &connectStore{}
	for i := 0; i < n; i++ {
		st.customers = append(st.customers, connectSeed(i))
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
	return c
}

// ConnectCustomers returns a copy of every stored Connect customer, in the
// server's order.
func (s *Server) ConnectCustomers() []ConnectCustomer { return s.connect().snapshot(nil) }

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

func (s *Server) routeConnect() {
	root := ConnectRoot
	s.mux.HandleFunc("GET "+root+"/customers", s.connectAuth(s.connectList))
	s.mux.HandleFunc("GET "+root+"/customers/{customerId}", s.connectAuth(s.connectGet))
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
	page, param, msg := connectPaging(q, oldForm)
	if msg != "" {
		writeConnectValidation(w, param, msg)
		return
	}
	limit, offset := page.Size, page.Offset
	if c := s.pageCap(); c > 0 && limit > c {
		limit = c
	}
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

// connectPaging reads limit (1..1000, default 25) and the cursor, or the
// offset in the older form, or names the parameter that is wrong and says
// why.
func connectPaging(q query, oldForm bool) (page ListRequest, param, msg string) {
	page.Size = 25
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return page, "limit", "must be between 1 and 1000"
		}
		page.Size = n
	}
	switch {
	case oldForm && q.Get("offset") != "":
		n, err := strconv.Atoi(q.Get("offset"))
		if err != nil || n < 0 {
			return page, "offset", "must be a non-negative integer"
		}
		page.Offset = n
	case !oldForm && q.Get("cursor") != "":
		page.Cursor = q.Get("cursor")
		n, ok := decodeCursor("connect", page.Cursor)
		if !ok {
			return page, "cursor", "is not a cursor this server issued"
		}
		page.Offset = n
	}
	return page, "", ""
}

// connectItem is a customer in the documented shape; the older page version
// also carried createdAt/updatedAt and contactPersonUserId.
func connectItem(c *ConnectCustomer, old bool) map[string]any {
	addr := map[string]any{"street1": c.Street, "city": c.City, "zip": c.Zip, "country": "US", "state": c.State}
	userID := "usr-" + c.CustomerID[:8]
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
		"users":         []map[string]any{{"userId": userID, "name": c.ContactName, "role": "ADMIN"}},
		"contactPerson": map[string]any{"userId": userID, "name": c.ContactName, "role": "ADMIN"},
		"shipping":      map[string]any{"name": c.ContactName, "address": addr, "msisdn": c.MSISDN},
		"metadata":      map[string]any{},
	}
	if old {
		item["createdAt"] = c.CreatedAt.UTC().Format(time.RFC3339)
		item["updatedAt"] = c.UpdatedAt.UTC().Format(time.RFC3339)
		item["contactPersonUserId"] = userID
		delete(item, "contactPerson")
	}
	return item
}

// connectGet is GET /customers/{customerId}. The vendor documents the update
// at this path but no read (API-NOTES 3.4); the sandbox serves the read the
// client infers.
func (s *Server) connectGet(w http.ResponseWriter, r *http.Request) {
	st := s.connect()
	st.mu.Lock()
	defer st.mu.Unlock()
	id := r.PathValue("customerId")
	i := slices.IndexFunc(st.customers, func(c *ConnectCustomer) bool { return c.CustomerID == id })
	if i < 0 {
		connectErrors{}.writeError(w, http.StatusNotFound, fmt.Sprintf("Customer %s not found", id))
		return
	}
	writeJSON(w, http.StatusOK, connectItem(st.customers[i], st.offsetForm))
}
