package sandbox

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// SellercloudCustomer is one customer as the fake Sellercloud stores it: the
// union of the list item, the nested details and the list-filter fields.
type SellercloudCustomer struct {
	ID              int
	Title           string
	Name            string
	FirstName       string
	LastName        string
	Email           string
	EmailCC         string
	CorporateName   string
	BusinessAliases []string
	SourceID        string
	IsWholesale     bool
	CompanyID       int
	AccountManagers [3]AccountManager
	SalesMan        string
	Comment         string
	Rating          int
	Phone1          string
	Phone2          string
	Phone3          string
	Mobile          string
	Fax             string
	City            string
	ZipCode         string
	State           string
	Subscribed      bool
	Exported        bool
	Channel         int
	CreatedOn       time.Time
	ModifiedOn      time.Time
	// CustomColumns are the customer's custom column values by column name,
	// as the server stores them; a column without a value is absent.
	CustomColumns       map[string]string
	OrderOptions        SellercloudOrderOptions
	ShippingPreferences SellercloudShippingPreferences
	// CreditCards are shown in GET /Customers/{id}, as the API does: fake
	// card data no provider output may contain.
	CreditCards []SellercloudCard
	// Groups are the ids of the customer's groups.
	Groups []int
}

// clone copies c with nothing shared with the store.
func (c SellercloudCustomer) clone() SellercloudCustomer {
	c.BusinessAliases = slices.Clone(c.BusinessAliases)
	if c.CustomColumns != nil {
		c.CustomColumns = maps.Clone(c.CustomColumns)
	}
	c.CreditCards = slices.Clone(c.CreditCards)
	c.Groups = slices.Clone(c.Groups)
	return c
}

// AccountManager is one of a Sellercloud customer's three manager slots.
type AccountManager struct {
	ID         int
	Commission float64
}

type scStore struct {
	store[SellercloudCustomer] // in id order: the server's order
	nextID                     int
	// requireBizName is the client setting "Enable Required Fields for
	// WholeSale Customers".
	requireBizName bool
	// columns are the tenant's custom columns, groups its customer groups.
	columns []SellercloudColumn
	groups  []SellercloudGroup
	// allowUnpaid are the companies that let customers ship unpaid orders.
	allowUnpaid map[int]bool
	// createTimeouts: that many next creates save and never answer.
	createTimeouts int
}

// SellercloudRoot is where the fake Sellercloud API is mounted: its paths
// (/token, /Customers) follow.
const SellercloudRoot = "/sellercloud/rest/api"

// sellercloudTokenRoute is the password grant's token endpoint.
const sellercloudTokenRoute = "POST " + SellercloudRoot + "/token"

const sellercloudName = "sellercloud"

// The fake Sellercloud's write routes as registered, for Server.Count. A
// create is served on both of its paths: the doc's, with the slash (what
// the client sends), and the swagger's, without.
const (
	SellercloudCreateRoute        = "POST " + SellercloudRoot + "/Customers/{$}"
	SellercloudCreateRouteNoSlash = "POST " + SellercloudRoot + "/Customers"
	SellercloudUpdateRoute        = "PUT " + SellercloudRoot + "/Customers/{id}"
	SellercloudCustomColumnsRoute = "PUT " + SellercloudRoot + "/Customers/{id}/CustomColumns"
	SellercloudOrderOptionsRoute  = "PUT " + SellercloudRoot + "/Customers/{id}/OrderOptions"
	SellercloudShippingRoute      = "PUT " + SellercloudRoot + "/Customers/{id}/ShippingPreferences"
	SellercloudAddToGroupRoute    = "POST " + SellercloudRoot + "/Customers/CustomersGroups/{id}/Customers"
)

func init() {
	register(&Kit{
		Name: sellercloudName, Title: "Sellercloud", Root: SellercloudRoot, Default: true,
		settings: map[string]string{"token": DefaultToken},
		Logins: []Login{{Name: "password", TokenRequests: 1, TokenRoute: sellercloudTokenRoute,
			settings: map[string]string{"username": DefaultUsername, "password": DefaultPassword}}},
		ListRoute: "GET " + SellercloudRoot + "/Customers",
		GetRoute:  "GET " + SellercloudRoot + "/Customers/{id}",
		paging:    scPaging,
		param:     scParam,
		item: func(i int, id string) map[string]any {
			c := sellercloudSeed(i)
			c.ID, _ = strconv.Atoi(id)
			return scListItem(c, SellercloudSeedColumns())
		},
		page: func(items []map[string]any, total int, _ string) any { return scPage(items, total) },
		ID:   func(n int) string { return strconv.Itoa(firstSellercloudID + n - 1) },
		Listed: func(s *Server) []string {
			return idsOf(s.SellercloudIDs(), func(id *int) string { return strconv.Itoa(*id) })
		},
		SeedFor:     func(n int) int { return n },
		Always:      []string{"id", "customer_type", "rating"}, // UserID; IsWholeSaleUser; the rating enum
		MatchFilter: "customer_type",
		newStore:    func(n int, _ Options) any { return newSCStore(n) },
		Writes: []string{SellercloudCreateRoute, SellercloudCreateRouteNoSlash, SellercloudUpdateRoute, SellercloudCustomColumnsRoute,
			SellercloudOrderOptionsRoute, SellercloudShippingRoute, SellercloudAddToGroupRoute},
		routes: func(s *Server, k *Kit) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{
				sellercloudTokenRoute:         s.scToken,
				k.ListRoute:                   s.scAuth(s.scList),
				k.GetRoute:                    s.scAuth(s.scGet),
				SellercloudUpdateRoute:        s.scAuth(s.scPut),
				SellercloudCreateRoute:        s.scAuth(s.scCreate),
				SellercloudCreateRouteNoSlash: s.scAuth(s.scCreate),
				SellercloudCustomColumnsRoute: s.scAuth(s.scPutCustomColumns),
				SellercloudOrderOptionsRoute:  s.scAuth(s.scPutOrderOptions),
				SellercloudShippingRoute:      s.scAuth(s.scPutShippingPreferences),
				SellercloudAddToGroupRoute:    s.scAuth(s.scAddToGroup),
			}
		},
		flags: sellercloudFlags,
		errs:  sellercloudErrors{},
	})
}

func (s *Server) sellercloud() *scStore { return storeOf[scStore](s, sellercloudName) }

// RequireBusinessNameForWholesale turns on Sellercloud's client setting
// "Enable Required Fields for WholeSale Customers".
func (s *Server) RequireBusinessNameForWholesale(on bool) {
	st := s.sellercloud()
	st.locked(func() { st.requireBizName = on })
}

// firstSellercloudID makes ids look like a real server's, not 1, 2, 3.
const firstSellercloudID = 10001

func newSCStore(n int) *scStore {
	st := &scStore{nextID: firstSellercloudID, columns: SellercloudSeedColumns(), groups: sellercloudSeedGroups(),
		allowUnpaid: map[int]bool{1: true}}
	for i := 0; i < n; i++ {
		st.add(sellercloudSeed(i))
	}
	return st
}

func sellercloudSeed(i int) *SellercloudCustomer {
	p := person(i)
	c := &SellercloudCustomer{
		Name: p.First + " " + p.Last, FirstName: p.First, LastName: p.Last, Email: p.Email,
		CorporateName: p.Company, IsWholesale: p.Wholesale, CompanyID: 1 + i%3, Rating: p.Rating,
		Phone1: p.Phone, City: p.City, ZipCode: p.Zip, State: p.State, Subscribed: p.Subscribed,
		Exported: p.Exported, Channel: p.Channel, CreatedOn: p.Created, ModifiedOn: p.Modified,
	}
	if i%5 == 0 {
		c.Title = "Mx."
		c.SalesMan = "Dana Whitfield"
		c.AccountManagers[0] = AccountManager{ID: 7, Commission: 2.5}
	}
	if p.Company != "" && i%2 == 0 {
		c.BusinessAliases = []string{p.Company + " LLC"}
	}
	c.CustomColumns = sellercloudSeedValues(i)
	c.CreditCards = sellercloudSeedCards(i, c.Name)
	if i%4 == 0 {
		c.OrderOptions = SellercloudOrderOptions{TaxExempt: true, TaxID: fmt.Sprintf("TX-%06d", i+1), TaxExemptType: "wholesale", OrderHandlingFee: 2.5}
		c.ShippingPreferences = SellercloudShippingPreferences{CarrierID: 1, CarrierMethodID: 3, Charges: 7.25, PostalCode: p.Zip}
		c.Groups = []int{202}
	}
	return c
}

func (st *scStore) add(c *SellercloudCustomer) {
	c.ID = st.nextID
	st.nextID++
	st.customers = append(st.customers, c)
}

func (st *scStore) find(id int) *SellercloudCustomer {
	i, ok := slices.BinarySearchFunc(st.customers, id, func(c *SellercloudCustomer, id int) int { return c.ID - id })
	if !ok {
		return nil
	}
	return st.customers[i]
}

// AddSellercloudCustomer stores a new customer (its ID is assigned) and
// returns its ID.
func (s *Server) AddSellercloudCustomer(c SellercloudCustomer) int {
	st := s.sellercloud()
	st.mu.Lock()
	defer st.mu.Unlock()
	cp := c.clone()
	if cp.CreatedOn.IsZero() {
		cp.CreatedOn = time.Now().UTC()
	}
	st.add(&cp)
	return cp.ID
}

// SellercloudCustomer returns a copy of a stored customer.
func (s *Server) SellercloudCustomer(id int) (SellercloudCustomer, bool) {
	var out SellercloudCustomer
	st := s.sellercloud()
	found := st.with(func() *SellercloudCustomer { return st.find(id) }, func(c *SellercloudCustomer) { out = c.clone() })
	return out, found
}

// SellercloudIDs returns every customer id in the server's order.
func (s *Server) SellercloudIDs() []int {
	st := s.sellercloud()
	st.mu.Lock()
	defer st.mu.Unlock()
	ids := make([]int, len(st.customers))
	for i, c := range st.customers {
		ids[i] = c.ID
	}
	return ids
}

// ChangeSellercloudCustomer edits a customer behind the client's back (drift).
func (s *Server) ChangeSellercloudCustomer(id int, change func(*SellercloudCustomer)) bool {
	st := s.sellercloud()
	return st.with(func() *SellercloudCustomer { return st.find(id) }, func(c *SellercloudCustomer) {
		change(c)
		c.ModifiedOn = time.Now().UTC()
	})
}

// RemoveSellercloudCustomer deletes a customer (as if removed in Sellercloud's UI).
func (s *Server) RemoveSellercloudCustomer(id int) bool {
	st := s.sellercloud()
	st.mu.Lock()
	defer st.mu.Unlock()
	for i, c := range st.customers {
		if c.ID == id {
			st.customers = slices.Delete(st.customers, i, i+1)
			return true
		}
	}
	return false
}

// sellercloudErrors answers in Sellercloud's shapes: ASP.NET's {"Message"} for
// errors, {"Error","RateLimitResetTime"} for the throttle (API-NOTES 1.8, 1.9).
type sellercloudErrors struct{}

func (sellercloudErrors) writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"Message": msg})
}

func (sellercloudErrors) writeRateLimited(w http.ResponseWriter, reset time.Time) {
	writeJSON(w, http.StatusTooManyRequests, map[string]string{
		"Error":              "Too many requests.",
		"RateLimitResetTime": reset.UTC().Format("2006-01-02T15:04:05.0000000Z"),
	})
}

func (s *Server) scAuth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.authorized(r) {
			sellercloudErrors{}.writeError(w, http.StatusUnauthorized, "Not Valid Token")
			return
		}
		s.runBeforeServe(r)
		h(w, r)
	}
}

func (s *Server) scToken(w http.ResponseWriter, r *http.Request) {
	var req struct{ Username, Password string }
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		_ = r.ParseForm()
		req.Username, req.Password = r.PostForm.Get("Username"), r.PostForm.Get("Password")
	} else if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, "The request is invalid.")
		return
	}
	if req.Username == "" || req.Password == "" {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, "Username and Password are required.")
		return
	}
	if req.Username != s.opts.Username || req.Password != s.opts.Password {
		sellercloudErrors{}.writeError(w, http.StatusUnauthorized, "Invalid username or password.")
		return
	}
	tok, exp := s.issueToken()
	now := time.Now().UTC()
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok,
		"token_type":   "Bearer",
		"username":     req.Username,
		"expires_in":   math.Round(exp.Sub(now).Seconds()),
		".issued":      now.Format(time.RFC3339),
		".expires":     exp.UTC().Format(time.RFC3339),
	})
}

// scQuery reads a query parameter under its swagger name (model.x) or its
// bare name, case-insensitively, as ASP.NET model binding does.
func scQuery(r *http.Request, name string) []string {
	q := queryOf(r)
	var out []string
	for k, v := range q.Values {
		if lower := strings.ToLower(k); lower == strings.ToLower(name) || lower == "model."+strings.ToLower(name) {
			q.read.note(k)
			out = append(out, v...)
		}
	}
	return out
}
