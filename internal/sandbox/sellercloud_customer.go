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

func (s *Server) scCustomer(w http.ResponseWriter, r *http.Request) (*SellercloudCustomer, bool) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, fmt.Sprintf("The value '%s' is not valid.", r.PathValue("id")))
		return nil, false
	}
	c := s.sellercloud().find(id)
	if c == nil {
		sellercloudErrors{}.writeError(w, http.StatusNotFound, fmt.Sprintf("Customer with ID %d was not found.", id))
		return nil, false
	}
	return c, true
}

// scEdit serves a PUT on one customer: it decodes the body into body,
// finds the customer under the store's lock and applies edit, which
// returns the 400's message, changing nothing, or "" when it changed the
// customer (200).
func (s *Server) scEdit(w http.ResponseWriter, r *http.Request, body any, edit func(st *scStore, c *SellercloudCustomer) string) {
	if err := json.NewDecoder(r.Body).Decode(body); err != nil {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, "The request is invalid: "+err.Error())
		return
	}
	st := s.sellercloud()
	st.mu.Lock()
	defer st.mu.Unlock()
	c, ok := s.scCustomer(w, r)
	if !ok {
		return
	}
	if refuse := edit(st, c); refuse != "" {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, refuse)
		return
	}
	c.ModifiedOn = time.Now().UTC()
	w.WriteHeader(http.StatusOK)
}

// scGet is GET /Customers/{id}: the nested CustomerDetailsDto (API-NOTES 1.4).
func (s *Server) scGet(w http.ResponseWriter, r *http.Request) {
	s.sellercloud().mu.Lock()
	defer s.sellercloud().mu.Unlock()
	c, ok := s.scCustomer(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, s.sellercloud().details(c))
}

// details is CustomerDetailsDto, with the ShippingPreferences section the
// fake adds (see scShippingPreferencesJSON) and the customer's cards.
func (st *scStore) details(c *SellercloudCustomer) map[string]any {
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
		"OrderOptions":        scOrderOptionsJSON(c, st.allowUnpaid[c.CompanyID]),
		"ShippingPreferences": scShippingPreferencesJSON(c.ShippingPreferences),
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
		"CustomerGroups":   st.groupsJSON(c),
		"CreditCards":      scCardsJSON(c.CreditCards),
		"CustomColumns":    scColumnsJSON(st.columns, c.CustomColumns),
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
	st := s.sellercloud()
	st.mu.Lock()
	defer st.mu.Unlock()
	requireBizName := st.requireBizName
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
	// The text fields the body sets, trimmed as the server stores them.
	for dst, v := range map[*string]*string{
		&next.Title: u.Title, &next.Name: u.Name, &next.Email: u.Email, &next.EmailCC: u.EmailCC,
		&next.CorporateName: u.BusinessName, &next.SourceID: u.SourceId, &next.SalesMan: u.Salesman,
		&next.Comment: u.Comments, &next.Phone1: u.Phone1, &next.Phone2: u.Phone2, &next.Phone3: u.Phone3,
		&next.Mobile: u.Mobile, &next.Fax: u.Fax,
	} {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
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
