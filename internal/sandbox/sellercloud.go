package sandbox

import (
	"encoding/json"
	"fmt"
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
}

// AccountManager is one of a Sellercloud customer's three manager slots.
type AccountManager struct {
	ID         int
	Commission float64
}

type scStore struct {
	store[SellercloudCustomer] // in id order: the server's order
	nextID                     int
}

// firstSellercloudID makes ids look like a real server's, not 1, 2, 3.
const firstSellercloudID = 10001

func newSCStore(n int) *scStore {
	st := &scStore{nextID: firstSellercloudID}
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
	st := s.sellercloud
	st.mu.Lock()
	defer st.mu.Unlock()
	cp := c
	if cp.CreatedOn.IsZero() {
		cp.CreatedOn = time.Now().UTC()
	}
	st.add(&cp)
	return cp.ID
}

// SellercloudCustomer returns a copy of a stored customer.
func (s *Server) SellercloudCustomer(id int) (SellercloudCustomer, bool) {
	st := s.sellercloud
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.find(id)
	if c == nil {
		return SellercloudCustomer{}, false
	}
	return *c, true
}

// SellercloudIDs returns every customer id in the server's order.
func (s *Server) SellercloudIDs() []int {
	st := s.sellercloud
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
	st := s.sellercloud
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.find(id)
	if c == nil {
		return false
	}
	change(c)
	c.ModifiedOn = time.Now().UTC()
	return true
}

// RemoveSellercloudCustomer deletes a customer (as if removed in Sellercloud's UI).
func (s *Server) RemoveSellercloudCustomer(id int) bool {
	st := s.sellercloud
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

func (s *Server) routeSellercloud() {
	root := SellercloudRoot
	s.mux.HandleFunc("POST "+root+"/token", s.scToken)
	s.mux.HandleFunc("GET "+root+"/Customers", s.scAuth(s.scList))
	s.mux.HandleFunc("GET "+root+"/Customers/{id}", s.scAuth(s.scGet))
	s.mux.HandleFunc("PUT "+root+"/Customers/{id}", s.scAuth(s.scPut))
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
	var out []string
	for k, v := range r.URL.Query() {
		k = strings.ToLower(k)
		if k == strings.ToLower(name) || k == "model."+strings.ToLower(name) {
			out = append(out, v...)
		}
	}
	return out
}

// scRatings are the rating enum's names by number (swagger 2022; the HTML docs
// leave out Disatisfied). The sandbox keeps its own copy rather than the
// client's, so a mistake in one is caught by the other.
var scRatings = []string{"NotRated", "Very_Disatisfied", "Disatisfied", "Neutral", "Satisfied", "Very_Satisfied"}

type scListFilter struct {
	ids, companyIDs                                          map[int]bool
	email, first, last, phone, city, zip, corporate, keyword string
	rating, customerType, subscribed, exported, channel      *int
	createdFrom, createdTo, modifiedFrom, modifiedTo         *time.Time
}

// parseSCFilter reads the list filters; a malformed value is a 400.
func parseSCFilter(r *http.Request) (scListFilter, error) {
	var f scListFilter
	one := func(name string) string {
		if v := scQuery(r, name); len(v) > 0 {
			return v[len(v)-1]
		}
		return ""
	}
	ints := func(name string) (map[int]bool, error) {
		vals := scQuery(r, name)
		if len(vals) == 0 {
			return nil, nil
		}
		m := map[int]bool{}
		for _, v := range vals {
			for _, part := range strings.Split(v, ",") {
				n, err := strconv.Atoi(strings.TrimSpace(part))
				if err != nil {
					return nil, fmt.Errorf("The value '%s' is not valid for %s.", part, name)
				}
				m[n] = true
			}
		}
		return m, nil
	}
	enum := func(name string, names []string) (*int, error) {
		v := one(name)
		if v == "" {
			return nil, nil
		}
		if n, err := strconv.Atoi(v); err == nil {
			if names != nil && (n < 0 || n >= len(names)) {
				return nil, fmt.Errorf("The value '%s' is not valid for %s.", v, name)
			}
			return &n, nil
		}
		if i := slices.Index(names, v); names != nil && i >= 0 {
			return &i, nil
		}
		return nil, fmt.Errorf("The value '%s' is not valid for %s.", v, name)
	}
	date := func(name string) (*time.Time, error) {
		v := one(name)
		if v == "" {
			return nil, nil
		}
		for _, layout := range []string{"01/02/2006 15:04", "01/02/2006", time.RFC3339} {
			if t, err := time.Parse(layout, v); err == nil {
				return &t, nil
			}
		}
		return nil, fmt.Errorf("The value '%s' is not valid for %s.", v, name)
	}
	var err error
	if f.ids, err = ints("customerIds"); err != nil {
		return f, err
	}
	if f.companyIDs, err = ints("companyIds"); err != nil {
		return f, err
	}
	f.email, f.first, f.last = one("email"), one("firstName"), one("lastName")
	f.phone, f.city, f.zip = one("phoneNumber"), one("city"), one("zipCode")
	f.corporate, f.keyword = one("corporateName"), one("keyword")
	if f.rating, err = enum("rating", scRatings); err != nil {
		return f, err
	}
	if f.customerType, err = enum("customerType", []string{"Retail", "Wholesale"}); err != nil {
		return f, err
	}
	if f.subscribed, err = enum("subscribed", nil); err != nil {
		return f, err
	}
	if f.exported, err = enum("exported", nil); err != nil {
		return f, err
	}
	if f.channel, err = enum("channel", nil); err != nil {
		return f, err
	}
	for _, d := range []struct {
		name string
		dst  **time.Time
	}{{"createdOnFrom", &f.createdFrom}, {"createdOnTo", &f.createdTo}, {"modifiedOnFrom", &f.modifiedFrom}, {"modifiedOnTo", &f.modifiedTo}} {
		if *d.dst, err = date(d.name); err != nil {
			return f, err
		}
	}
	return f, nil
}

func contains(have, want string) bool {
	return want == "" || strings.Contains(strings.ToLower(have), strings.ToLower(want))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (f scListFilter) match(c *SellercloudCustomer) bool {
	switch {
	case f.ids != nil && !f.ids[c.ID],
		f.companyIDs != nil && !f.companyIDs[c.CompanyID],
		!contains(c.Email, f.email), !contains(c.FirstName, f.first), !contains(c.LastName, f.last),
		!contains(c.Phone1+" "+c.Phone2+" "+c.Phone3+" "+c.Mobile, f.phone),
		!contains(c.City, f.city), !contains(c.ZipCode, f.zip), !contains(c.CorporateName, f.corporate),
		f.keyword != "" && !contains(strings.Join([]string{c.Name, c.FirstName, c.LastName, c.Email, c.CorporateName}, " "), f.keyword),
		f.rating != nil && *f.rating != c.Rating,
		f.customerType != nil && *f.customerType != boolInt(c.IsWholesale),
		f.subscribed != nil && (*f.subscribed != 0) != c.Subscribed,
		f.exported != nil && (*f.exported != 0) != c.Exported,
		f.channel != nil && *f.channel != c.Channel,
		f.createdFrom != nil && c.CreatedOn.Before(*f.createdFrom),
		f.createdTo != nil && c.CreatedOn.After(*f.createdTo),
		f.modifiedFrom != nil && c.ModifiedOn.Before(*f.modifiedFrom),
		f.modifiedTo != nil && c.ModifiedOn.After(*f.modifiedTo):
		return false
	}
	return true
}

// scList is GET /Customers: {"Items": [CustomerDto], "TotalResults": n}.
// pageSize defaults to 10 and pageNumber to 1 (API-NOTES 1.1).
func (s *Server) scList(w http.ResponseWriter, r *http.Request) {
	f, err := parseSCFilter(r)
	if err != nil {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	pageNumber, pageSize := 1, 10
	if v := scQuery(r, "pageNumber"); len(v) > 0 {
		if pageNumber, err = strconv.Atoi(v[0]); err != nil || pageNumber < 1 {
			sellercloudErrors{}.writeError(w, http.StatusBadRequest, "pageNumber must be a positive integer.")
			return
		}
	}
	if v := scQuery(r, "pageSize"); len(v) > 0 {
		if pageSize, err = strconv.Atoi(v[0]); err != nil || pageSize < 1 {
			sellercloudErrors{}.writeError(w, http.StatusBadRequest, "pageSize must be a positive integer.")
			return
		}
	}
	if limit := s.pageCap(); limit > 0 && pageSize > limit {
		pageSize = limit
	}

	st := s.sellercloud
	st.mu.Lock()
	var matched []*SellercloudCustomer
	for _, c := range st.customers {
		if f.match(c) {
			matched = append(matched, c)
		}
	}
	items := []map[string]any{}
	start := (pageNumber - 1) * pageSize
	for i := start; i < len(matched) && i < start+pageSize; i++ {
		items = append(items, scListItem(matched[i]))
	}
	st.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"Items": items, "TotalResults": len(matched)})
}

func scListItem(c *SellercloudCustomer) map[string]any {
	return map[string]any{
		"UserID":            c.ID,
		"Email":             c.Email,
		"FirstName":         c.FirstName,
		"LastName":          c.LastName,
		"EmailCC":           c.EmailCC,
		"Rating":            c.Rating,
		"CorporateName":     c.CorporateName,
		"IsWholeSaleUser":   c.IsWholesale,
		"IsWholesaleString": map[bool]string{true: "Yes", false: "No"}[c.IsWholesale],
		"CustomColumns":     []any{},
	}
}

func (s *Server) scCustomer(w http.ResponseWriter, r *http.Request) (*SellercloudCustomer, bool) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, fmt.Sprintf("The value '%s' is not valid.", r.PathValue("id")))
		return nil, false
	}
	c := s.sellercloud.find(id)
	if c == nil {
		sellercloudErrors{}.writeError(w, http.StatusNotFound, fmt.Sprintf("Customer with ID %d was not found.", id))
		return nil, false
	}
	return c, true
}

// scGet is GET /Customers/{id}: the nested CustomerDetailsDto (API-NOTES 1.4).
func (s *Server) scGet(w http.ResponseWriter, r *http.Request) {
	s.sellercloud.mu.Lock()
	defer s.sellercloud.mu.Unlock()
	c, ok := s.scCustomer(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, scDetails(c))
}

func scDetails(c *SellercloudCustomer) map[string]any {
	aliases := c.BusinessAliases
	if aliases == nil {
		aliases = []string{}
	}
	am := c.AccountManagers
	return map[string]any{
		"General": map[string]any{
			"ID": c.ID, "Title": c.Title, "Name": c.Name, "Email": c.Email, "EmailCC": c.EmailCC,
			"CorporateName": c.CorporateName, "BusinessAliases": aliases, "EBayUserID": "",
			"SourceId": c.SourceID, "IsBlackListed": false, "IsWholeSaleUser": c.IsWholesale, "IsModified": false,
		},
		"Internal": map[string]any{
			"CompanyID":                 c.CompanyID,
			"AccountManagerId":          am[0].ID,
			"AccountManagerCommission":  am[0].Commission,
			"AccountManager2Id":         am[1].ID,
			"AccountManager2Commission": am[1].Commission,
			"AccountManager3Id":         am[2].ID,
			"AccountManager3Commission": am[2].Commission,
			"SalesMan":                  c.SalesMan,
			"Comment":                   c.Comment,
			"LocalRating":               c.Rating,
			"CreatedOn":                 c.CreatedOn.UTC().Format("2006-01-02T15:04:05"),
			"IsModified":                false,
		},
		"OrderOptions": map[string]any{
			"TaxExempt": false, "TaxExemptType": "", "OrderHandlingFee": 0.0, "WholesaleDiscount": 0.0, "IsModified": false,
		},
		"Personal": map[string]any{
			"Phone1": c.Phone1, "Phone2": c.Phone2, "Phone3": c.Phone3, "Mobile": c.Mobile, "Fax": c.Fax, "IsModified": false,
		},
		"Addresses": []map[string]any{{
			"ID": c.ID*10 + 1, "CompanyName": c.CorporateName, "AddressSource": 0, "AddressStatus": 2,
			"IsShippingAddress": true, "IsBillingAddress": true, "Address": "100 Main St", "Address2": "",
			"ContactName": c.Name, "Country": "US", "City": c.City, "State": c.State, "Region": "",
			"ZipCode": c.ZipCode, "Phone": c.Phone1, "Fax": c.Fax, "RowStatus": 0, "IsModified": false,
		}},
		"WholesaleOptions": map[string]any{"CreditTerm": 0, "CreditLimit": 0.0, "BillingCycleStartdate": nil, "IsModified": false},
		"CustomerGroups":   map[string]any{"CustomerGroups": []any{}, "IsModified": false},
		"CreditCards":      []any{},
		"CustomColumns":    []any{},
		"NotesCount":       0,
		"IsModified":       false,
	}
}

// scUpdate is the flat PUT /Customers/{id} body; null or omitted = unchanged.
type scUpdate struct {
	Title                     *string
	Name                      *string
	Email                     *string
	EmailCC                   *string
	BusinessName              *string
	BusinessAliases           *[]string
	SourceId                  *string
	IsWholesale               *bool
	CompanyId                 *int
	AccountManager1Id         *int
	AccountManager1Commission *float64
	AccountManager2Id         *int
	AccountManager2Commission *float64
	AccountManager3Id         *int
	AccountManager3Commission *float64
	Salesman                  *string
	Comments                  *string
	Rating                    json.RawMessage
	Phone1                    *string
	Phone2                    *string
	Phone3                    *string
	Mobile                    *string
	Fax                       *string
}

// scPut applies an update the way a real server would: it normalises what it
// stores (email case, alias order, commission precision) and enforces the
// wholesale business-name rule when that client setting is on.
func (s *Server) scPut(w http.ResponseWriter, r *http.Request) {
	var u scUpdate
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(&u); err != nil {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, "The request is invalid: "+err.Error())
		return
	}
	s.mu.Lock()
	requireBizName := s.requireBizName
	s.mu.Unlock()

	s.sellercloud.mu.Lock()
	defer s.sellercloud.mu.Unlock()
	c, ok := s.scCustomer(w, r)
	if !ok {
		return
	}
	next := *c
	next.BusinessAliases = slices.Clone(c.BusinessAliases)
	rating, err := parseSCRating(u.Rating)
	if err != nil {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if rating != nil {
		next.Rating = *rating
	}
	setStr := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	setStr(&next.Title, u.Title)
	setStr(&next.Name, u.Name)
	setStr(&next.Email, u.Email)
	setStr(&next.EmailCC, u.EmailCC)
	setStr(&next.CorporateName, u.BusinessName)
	setStr(&next.SourceID, u.SourceId)
	setStr(&next.SalesMan, u.Salesman)
	setStr(&next.Comment, u.Comments)
	setStr(&next.Phone1, u.Phone1)
	setStr(&next.Phone2, u.Phone2)
	setStr(&next.Phone3, u.Phone3)
	setStr(&next.Mobile, u.Mobile)
	setStr(&next.Fax, u.Fax)
	next.Email, next.EmailCC = strings.ToLower(next.Email), strings.ToLower(next.EmailCC)
	if u.BusinessAliases != nil {
		next.BusinessAliases = normaliseAliases(*u.BusinessAliases)
	}
	if u.IsWholesale != nil {
		next.IsWholesale = *u.IsWholesale
	}
	if u.CompanyId != nil {
		if *u.CompanyId < 0 {
			sellercloudErrors{}.writeError(w, http.StatusBadRequest, "CompanyId is not a valid company.")
			return
		}
		next.CompanyID = *u.CompanyId
	}
	ams := []struct {
		id  *int
		com *float64
	}{{u.AccountManager1Id, u.AccountManager1Commission}, {u.AccountManager2Id, u.AccountManager2Commission}, {u.AccountManager3Id, u.AccountManager3Commission}}
	for i, am := range ams {
		if am.id != nil {
			if *am.id < 0 {
				sellercloudErrors{}.writeError(w, http.StatusBadRequest, fmt.Sprintf("AccountManager%dId is not a valid account manager.", i+1))
				return
			}
			next.AccountManagers[i].ID = *am.id
		}
		if am.com != nil {
			if *am.com < 0 || *am.com > 100 {
				sellercloudErrors{}.writeError(w, http.StatusBadRequest, fmt.Sprintf("AccountManager%dCommission must be between 0 and 100.", i+1))
				return
			}
			next.AccountManagers[i].Commission = math.Round(*am.com*100) / 100
		}
	}
	if next.Email != "" && !strings.Contains(next.Email, "@") {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, "Email is not a valid e-mail address.")
		return
	}
	if requireBizName && next.IsWholesale && next.CorporateName == "" {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, "BusinessName is required for WholeSale customers.")
		return
	}
	next.ModifiedOn = time.Now().UTC()
	*c = next
	w.WriteHeader(http.StatusOK)
}

// parseSCRating accepts the rating as its enum name or number (the PUT body's
// type is undocumented, API-NOTES 1.5).
func parseSCRating(raw json.RawMessage) (*int, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var n int
	if json.Unmarshal(raw, &n) == nil && n >= 0 && n < len(scRatings) {
		return &n, nil
	}
	var name string
	if json.Unmarshal(raw, &name) == nil {
		if i := slices.Index(scRatings, name); i >= 0 {
			return &i, nil
		}
	}
	return nil, fmt.Errorf("Rating %s is not a valid value.", raw)
}

// normaliseAliases sorts and dedupes aliases, as the server stores them.
func normaliseAliases(in []string) []string {
	out := make([]string, 0, len(in))
	for _, a := range in {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	// Case-insensitive order with an exact tie-break, so equal strings end up
	// adjacent and Compact drops every duplicate.
	slices.SortFunc(out, func(a, b string) int {
		if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return slices.Compact(out)
}
