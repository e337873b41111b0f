package sandbox

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// scCompanies are the tenant's companies: a customer is created in one.
var scCompanies = []int{1, 2, 3}

// scCreateTypes read the create body's CustomerType, by number or by enum
// name: 0 WholeSale, 1 Retail (swagger CreateCustomerRequest; "Retails" in
// the doc), the opposite of the list filter's numbers.
var scCreateTypes = map[string]bool{"0": true, "1": false, `"WholeSale"`: true, `"Retail"`: false, `"Retails"`: false}

// createStallCap bounds how long a create that "times out" keeps its
// request open when the client waits longer: it then answers 504, as a
// gateway in front of the API would.
const createStallCap = 10 * time.Minute

// SellercloudCreatesTimeOut makes the next n POST /Customers/ save the
// customer and then never answer (until the client gives up, or 504 after
// ten minutes): a create whose outcome the client cannot know.
func (s *Server) SellercloudCreatesTimeOut(n int) {
	st := s.sellercloud()
	st.locked(func() { st.createTimeouts = n })
}

// scCreate is POST /Customers/ (developer.sellercloud.com "Create New
// Customer"; API-NOTES 1.6): CompanyID, FirstName, Email and CustomerType
// are required, LastName for a retail customer, BusinessName for a
// wholesale one when the tenant requires it; the answer is the new id, a
// bare number. Emails need not be unique (nothing documents that they
// must), which is what makes a create sent twice a second customer.
func (s *Server) scCreate(w http.ResponseWriter, r *http.Request) {
	var b struct {
		CompanyID    *int
		FirstName    *string
		LastName     *string
		Email        *string
		BusinessName *string
		CustomerType json.RawMessage
	}
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, "The request is invalid: "+err.Error())
		return
	}
	text := func(p *string) string {
		if p == nil {
			return ""
		}
		return strings.TrimSpace(*p)
	}
	first, last, email, business := text(b.FirstName), text(b.LastName), strings.ToLower(text(b.Email)), text(b.BusinessName)
	wholesale, known := scCreateTypes[string(bytes.TrimSpace(b.CustomerType))]
	st := s.sellercloud()
	st.mu.Lock()
	var refuse string
	switch {
	case len(b.CustomerType) == 0 || string(b.CustomerType) == "null":
		refuse = "CustomerType is required."
	case !known:
		refuse = fmt.Sprintf("CustomerType %s is not valid.", b.CustomerType)
	case b.CompanyID == nil:
		refuse = "CompanyID is required."
	case !slices.Contains(scCompanies, *b.CompanyID):
		refuse = fmt.Sprintf("CompanyID %d is not a valid company.", *b.CompanyID)
	case first == "":
		refuse = "FirstName is required."
	case email == "":
		refuse = "Email is required."
	case !strings.Contains(email, "@"):
		refuse = "Email is not a valid e-mail address."
	case !wholesale && last == "":
		refuse = "LastName is required for Retail customers."
	case wholesale && business == "" && st.requireBizName:
		refuse = "BusinessName is required for WholeSale customers."
	}
	if refuse != "" {
		st.mu.Unlock()
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, refuse)
		return
	}
	now := time.Now().UTC()
	c := &SellercloudCustomer{
		Name: strings.TrimSpace(first + " " + last), FirstName: first, LastName: last, Email: email,
		CorporateName: business, IsWholesale: wholesale, CompanyID: *b.CompanyID, CreatedOn: now, ModifiedOn: now,
	}
	st.add(c)
	id := c.ID
	stall := st.createTimeouts > 0
	if stall {
		st.createTimeouts--
	}
	st.mu.Unlock()
	if stall {
		if wait(r.Context(), createStallCap) {
			sellercloudErrors{}.writeError(w, http.StatusGatewayTimeout, "The request timed out.")
		}
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(strconv.Itoa(id)))
}

// sellercloudFlags are the fake Sellercloud's own command-line flags.
func sellercloudFlags(fs *flag.FlagSet) *Switches {
	requireBizName := fs.Bool("sellercloud-require-business-name", false,
		`Sellercloud: turn on the client setting "Enable Required Fields for WholeSale Customers": creating a wholesale customer without a business name (or clearing a wholesale customer's) is a 400`)
	createTimeouts := fs.Int("sellercloud-create-timeouts", 0,
		"Sellercloud: the next N POST /Customers/ save the customer, then never answer until the client gives up (a create whose outcome the client cannot know; 0 = never)")
	return &Switches{
		check: func() error {
			if *createTimeouts < 0 {
				return fmt.Errorf("-sellercloud-create-timeouts must not be negative, got %d", *createTimeouts)
			}
			return nil
		},
		apply: func(s *Server) {
			s.RequireBusinessNameForWholesale(*requireBizName)
			s.SellercloudCreatesTimeOut(*createTimeouts)
		},
		describe: func() []string {
			var on []string
			if *requireBizName {
				on = append(on, "Sellercloud requires business names of wholesale customers")
			}
			if *createTimeouts > 0 {
				on = append(on, fmt.Sprintf("Sellercloud's next %d customer creates save, then time out", *createTimeouts))
			}
			return on
		},
	}
}

// SellercloudGroup is one of the tenant's customer groups.
type SellercloudGroup struct {
	ID   int
	Name string
}

// sellercloudSeedGroups are the groups every sandbox tenant starts with.
func sellercloudSeedGroups() []SellercloudGroup {
	return []SellercloudGroup{{ID: 201, Name: "VIP"}, {ID: 202, Name: "Wholesale partners"}, {ID: 203, Name: "Newsletter"}}
}

// AddSellercloudGroup creates a customer group (as in Sellercloud's UI: the
// API cannot) and returns its id.
func (s *Server) AddSellercloudGroup(name string) int {
	st := s.sellercloud()
	st.mu.Lock()
	defer st.mu.Unlock()
	id := 201
	for _, g := range st.groups {
		id = max(id, g.ID+1)
	}
	st.groups = append(st.groups, SellercloudGroup{ID: id, Name: name})
	return id
}

// SellercloudGroups are the tenant's customer groups.
func (s *Server) SellercloudGroups() []SellercloudGroup {
	st := s.sellercloud()
	st.mu.Lock()
	defer st.mu.Unlock()
	return slices.Clone(st.groups)
}

// SellercloudGroupMembers are the ids of group's customers, in id order.
func (s *Server) SellercloudGroupMembers(group int) []int {
	st := s.sellercloud()
	st.mu.Lock()
	defer st.mu.Unlock()
	var ids []int
	for _, c := range st.customers {
		if slices.Contains(c.Groups, group) {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

func (st *scStore) group(id int) (SellercloudGroup, bool) {
	i := slices.IndexFunc(st.groups, func(g SellercloudGroup) bool { return g.ID == id })
	if i < 0 {
		return SellercloudGroup{}, false
	}
	return st.groups[i], true
}

// scGroupsJSON is CustomerGroupsContent: the customer's groups.
func (st *scStore) groupsJSON(c *SellercloudCustomer) map[string]any {
	groups := []map[string]any{}
	for _, id := range c.Groups {
		if g, ok := st.group(id); ok {
			groups = append(groups, map[string]any{"ID": g.ID, "Name": g.Name, "RowStatus": 0})
		}
	}
	return map[string]any{"CustomerGroups": groups, "IsModified": false}
}

// scAddToGroup is POST /Customers/CustomersGroups/{id}/Customers with
// {"CustomersIDs": [...]} (developer.sellercloud.com "Add Customers to
// Group"; its table spells CustomerIDs, its example CustomersIDs, which is
// what the fake binds). It only adds: a member added again stays one. An
// unknown group is a 404, unknown customers a 400 naming them, and then
// nothing is added (inference: the page documents 200, 401 and 500 only).
func (s *Server) scAddToGroup(w http.ResponseWriter, r *http.Request) {
	groupID, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, fmt.Sprintf("The value '%s' is not valid.", r.PathValue("id")))
		return
	}
	var b struct{ CustomersIDs []int }
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, "The request is invalid: "+err.Error())
		return
	}
	st := s.sellercloud()
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, ok := st.group(groupID); !ok {
		sellercloudErrors{}.writeError(w, http.StatusNotFound, fmt.Sprintf("Customer group with ID %d was not found.", groupID))
		return
	}
	if len(b.CustomersIDs) == 0 {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, "CustomersIDs is required.")
		return
	}
	var missing []string
	for _, id := range b.CustomersIDs {
		if st.find(id) == nil {
			missing = append(missing, strconv.Itoa(id))
		}
	}
	if len(missing) > 0 {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, "Customers with IDs "+strings.Join(missing, ", ")+" were not found.")
		return
	}
	for _, id := range b.CustomersIDs {
		if c := st.find(id); !slices.Contains(c.Groups, groupID) {
			c.Groups = append(c.Groups, groupID)
		}
	}
	w.WriteHeader(http.StatusOK)
}
