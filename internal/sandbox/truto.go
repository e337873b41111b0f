package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// TrutoRoot is where the fake Truto API is mounted: its paths
// (/unified/ecommerce/customers) follow.
const TrutoRoot = "/truto"

// DefaultIntegratedAccountID is the Truto integrated account the seeded
// customers belong to.
const DefaultIntegratedAccountID = "62f44730-dd91-461e-bd6a-aedd9e0ad79d"

// TrutoCustomer is one unified e-commerce customer as the fake Truto stores it.
type TrutoCustomer struct {
	ID          string
	FirstName   string
	LastName    string
	CompanyName string
	// Status is active or inactive.
	Status     string
	Email      string
	Phone      string
	Street     string
	City       string
	State      string
	PostalCode string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

type trutoStore struct{ store[TrutoCustomer] }

const trutoName = "truto"

func init() {
	register(&Kit{
		Name: trutoName, Title: "Truto", Root: TrutoRoot,
		settings:  map[string]string{"token": DefaultToken, "integrated_account_id": DefaultIntegratedAccountID},
		ListRoute: "GET " + TrutoRoot + "/unified/ecommerce/customers",
		GetRoute:  "GET " + TrutoRoot + "/unified/ecommerce/customers/{id}",
		paging:    trutoPaging,
		item: func(i int, id string) map[string]any {
			c := trutoSeed(i)
			c.ID = id
			return trutoItem(c)
		},
		page: func(items []map[string]any, _ int, next string) any { return trutoPage(items, next, "") },
		ID:   func(n int) string { return trutoID(n - 1) },
		Listed: func(s *Server) []string {
			return idsOf(s.TrutoCustomers(), trutoCustomerID)
		},
		SeedFor:  func(n int) int { return n },
		Always:   []string{"id"}, // the unified fields vary per integration
		newStore: func(n int, _ Options) any { return newTrutoStore(n) },
		routes: func(s *Server, k *Kit) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{k.ListRoute: s.trutoAuth(s.trutoList), k.GetRoute: s.trutoAuth(s.trutoGet)}
		},
		errs: trutoErrors{},
	})
}

func (s *Server) truto() *trutoStore { return storeOf[trutoStore](s, trutoName) }

// trutoID is seed i's id: Shopify-like numbers, as the unified API passes
// them through.
func trutoID(i int) string { return strconv.Itoa(7400000000000 + i*7) }

func newTrutoStore(n int) *trutoStore {
	st := &trutoStore{}
	for i := 0; i < n; i++ {
		st.customers = append(st.customers, trutoSeed(i))
	}
	return st
}

func trutoSeed(i int) *TrutoCustomer {
	p := person(i)
	c := &TrutoCustomer{
		ID:        trutoID(i),
		FirstName: p.First, LastName: p.Last, CompanyName: p.Company,
		Status: "active", Email: p.Email, Phone: p.Phone,
		Street: fmt.Sprintf("%d Market St", 10+i), City: p.City, State: p.State, PostalCode: p.Zip,
		CreatedAt: p.Created, UpdatedAt: p.Modified,
	}
	if i%9 == 4 {
		c.Status = "inactive"
	}
	return c
}

// TrutoCustomers returns a copy of every stored Truto customer, in the
// server's order.
func (s *Server) TrutoCustomers() []TrutoCustomer { return s.truto().snapshot(nil) }

// trutoErrors answers {"statusCode", "error", "message"} (API-NOTES 4.5).
type trutoErrors struct{}

func (trutoErrors) writeError(w http.ResponseWriter, status int, msg string) {
	writeTrutoError(w, status, msg, nil)
}

// writeRateLimited sends Truto's normalized rate-limit headers (API-NOTES 4.6).
func (trutoErrors) writeRateLimited(w http.ResponseWriter, reset time.Time) {
	secs := retryAfterSeconds(reset)
	w.Header().Set("Retry-After", secs)
	w.Header().Set("ratelimit-limit", "50")
	w.Header().Set("ratelimit-remaining", "0")
	w.Header().Set("ratelimit-reset", secs)
	writeTrutoError(w, http.StatusTooManyRequests, "Rate limit exceeded for this integrated account", nil)
}

func writeTrutoError(w http.ResponseWriter, status int, msg string, extra map[string]any) {
	body := map[string]any{"statusCode": status, "error": http.StatusText(status), "message": msg}
	for k, v := range extra {
		body[k] = v
	}
	writeJSON(w, status, body)
}

// trutoAuth checks the bearer token (401) and integrated_account_id (400
// when missing, 404 when unknown).
func (s *Server) trutoAuth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.authorized(r) {
			writeTrutoError(w, http.StatusUnauthorized, "Invalid API token", nil)
			return
		}
		switch acct := queryOf(r).Get("integrated_account_id"); {
		case acct == "":
			writeTrutoError(w, http.StatusBadRequest, "integrated_account_id is required", map[string]any{
				"truto_error_insight": map[string]any{"missing_required_query_parameters": []string{"integrated_account_id"}},
			})
			return
		case acct != DefaultIntegratedAccountID:
			writeTrutoError(w, http.StatusNotFound, "Integrated account not found", nil)
			return
		}
		s.runBeforeServe(r)
		h(w, r)
	}
}

// trutoList is GET /unified/ecommerce/customers: limit (default 25),
// next_cursor, the unified filters email, name, first_name, last_name,
// company_name (case-insensitive substrings here; each integration has its
// own rules) and sort_by[created_at|updated_at]=asc|desc; the envelope is
// {result, next_cursor, prev_cursor, result_count}.
func (s *Server) trutoList(w http.ResponseWriter, r *http.Request) {
	q := queryOf(r)
	page, _, msg := trutoPaging.read(q.Get)
	if msg != "" {
		writeTrutoError(w, http.StatusBadRequest, msg, nil)
		return
	}
	limit, offset := s.served(page.Size), page.Offset
	sortField, sortDir := "", ""
	for _, f := range []string{"created_at", "updated_at"} {
		if v := q.Get("sort_by[" + f + "]"); v != "" {
			if v != "asc" && v != "desc" {
				writeTrutoError(w, http.StatusBadRequest, "sort_by["+f+"] must be asc or desc", nil)
				return
			}
			sortField, sortDir = f, v
		}
	}
	text := map[string]string{}
	for _, f := range []string{"email", "name", "first_name", "last_name", "company_name"} {
		text[f] = strings.ToLower(q.Get(f))
	}

	st := s.truto()
	st.mu.Lock()
	var matched []*TrutoCustomer
	for _, c := range st.customers {
		fields := map[string]string{
			"email": c.Email, "name": c.FirstName + " " + c.LastName, "first_name": c.FirstName,
			"last_name": c.LastName, "company_name": c.CompanyName,
		}
		ok := true
		for f, want := range text {
			if want != "" && !strings.Contains(strings.ToLower(fields[f]), want) {
				ok = false
			}
		}
		if ok {
			matched = append(matched, c)
		}
	}
	if sortField != "" {
		slices.SortStableFunc(matched, func(a, b *TrutoCustomer) int {
			ta, tb := a.CreatedAt, b.CreatedAt
			if sortField == "updated_at" {
				ta, tb = a.UpdatedAt, b.UpdatedAt
			}
			cmp := ta.Compare(tb)
			if sortDir == "desc" {
				cmp = -cmp
			}
			return cmp
		})
	}
	items := []map[string]any{}
	for i := offset; i < len(matched) && i < offset+limit; i++ {
		items = append(items, trutoItem(matched[i]))
	}
	st.mu.Unlock()
	next, prev := "", ""
	if offset+limit < len(matched) {
		next = encodeCursor("truto", offset+limit)
	}
	if offset > 0 {
		prev = encodeCursor("truto", max(0, offset-limit))
	}
	writeJSON(w, http.StatusOK, trutoPage(items, next, prev))
}

// trutoPage is the list's envelope: the cursors are null where there is no
// page.
func trutoPage(items []map[string]any, next, prev string) map[string]any {
	return map[string]any{"result": items, "next_cursor": nullIfEmpty(next), "prev_cursor": nullIfEmpty(prev), "result_count": len(items)}
}

// trutoPaging is limit (default 25) and next_cursor.
var trutoPaging = paging{size: number{"limit", 25, 1, anyCount, "limit must be a positive integer"},
	cursor: "next_cursor", cursorOf: "truto", badCursor: "Invalid next_cursor"}

// trutoItem is the unified customer with its remote_data (the integration's
// raw payload, Shopify-like here).
func trutoItem(c *TrutoCustomer) map[string]any {
	created, updated := c.CreatedAt.UTC().Format(time.RFC3339), c.UpdatedAt.UTC().Format(time.RFC3339)
	return map[string]any{
		"id":           c.ID,
		"first_name":   c.FirstName,
		"last_name":    c.LastName,
		"name":         c.FirstName + " " + c.LastName,
		"company_name": c.CompanyName,
		"status":       c.Status,
		"currency":     "USD",
		"emails":       []map[string]any{{"email": c.Email, "type": "personal", "is_primary": true}},
		"phones":       []map[string]any{{"number": c.Phone, "type": "mobile"}},
		"addresses": []map[string]any{{
			"type": "billing", "id": c.ID + "1", "street_1": c.Street, "city": c.City, "state": c.State,
			"postal_code": c.PostalCode, "country": "US",
		}},
		"created_at": created,
		"updated_at": updated,
		"remote_data": map[string]any{
			"id": c.ID, "email": c.Email, "first_name": c.FirstName, "last_name": c.LastName,
			"state":      map[string]string{"active": "enabled", "inactive": "disabled"}[c.Status],
			"created_at": created, "updated_at": updated,
		},
	}
}

// trutoGet is GET /unified/ecommerce/customers/{id}: the object, unwrapped.
func (s *Server) trutoGet(w http.ResponseWriter, r *http.Request) {
	st, id := s.truto(), r.PathValue("id")
	if !st.with(func() *TrutoCustomer { return st.findBy(id, trutoCustomerID) }, func(c *TrutoCustomer) { writeJSON(w, http.StatusOK, trutoItem(c)) }) {
		writeTrutoError(w, http.StatusNotFound, fmt.Sprintf("Customer %s not found", id), nil)
	}
}

func trutoCustomerID(c *TrutoCustomer) string { return c.ID }
