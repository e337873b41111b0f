package sandbox

import (
	"net/http"
	"slices"
	"time"
)

// AdobeCustomer returns a copy of the stored Adobe customer with this id.
func (s *Server) AdobeCustomer(id string) (AdobeCustomer, bool) {
	st := s.adobe()
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.find(id)
	if c == nil {
		return AdobeCustomer{}, false
	}
	out := *c
	deepenAdobe(&out)
	return out, true
}

// ChangeAdobeCustomer edits a stored Adobe customer in place, as a change
// made in Adobe's own tools would (drift, a status change); it reports
// whether the customer exists.
func (s *Server) ChangeAdobeCustomer(id string, change func(*AdobeCustomer)) bool {
	st := s.adobe()
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.find(id)
	if c == nil {
		return false
	}
	change(c)
	st.changed()
	return true
}

// RemoveAdobeCustomer deletes a stored Adobe customer (the API cannot: a
// test's stand-in for an account that went away).
func (s *Server) RemoveAdobeCustomer(id string) {
	st := s.adobe()
	st.mu.Lock()
	defer st.mu.Unlock()
	st.customers = slices.DeleteFunc(st.customers, func(c *AdobeCustomer) bool { return c.CustomerID == id })
	st.changed()
}

// find returns the stored customer with this id, or nil; the caller holds mu.
func (st *adobeStore) find(id string) *AdobeCustomer {
	i := slices.IndexFunc(st.customers, func(c *AdobeCustomer) bool { return c.CustomerID == id })
	if i < 0 {
		return nil
	}
	return st.customers[i]
}

// adobeGet is GET /v3/customers/{customer-id}: the full account (API-NOTES 2.3).
func (s *Server) adobeGet(w http.ResponseWriter, r *http.Request) {
	st := s.adobe()
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.find(r.PathValue("id"))
	if c == nil {
		writeAdobeError(w, http.StatusNotFound, "1116", "Invalid Customer ID")
		return
	}
	writeJSON(w, http.StatusOK, adobeAccount(c))
}

// adobeAccount is the full account as GET and PATCH answer it.
func adobeAccount(c *AdobeCustomer) map[string]any {
	contacts := make([]map[string]any, len(c.Contacts))
	for j, k := range c.Contacts {
		contacts[j] = map[string]any{"firstName": k.FirstName, "lastName": k.LastName, "email": k.Email, "phoneNumber": k.PhoneNumber}
	}
	return map[string]any{
		"externalReferenceId": c.ExternalReferenceID,
		"customerId":          c.CustomerID,
		"resellerId":          c.ResellerID,
		"globalSalesEnabled":  c.GlobalSalesEnabled,
		"companyProfile": map[string]any{
			"companyName":       c.CompanyName,
			"preferredLanguage": c.PreferredLanguage,
			"marketSegment":     c.MarketSegment,
			"marketSubSegments": []string{},
			"address": map[string]any{
				"country": c.Country, "region": c.Region, "city": c.City, "addressLine1": c.AddressLine1,
				"addressLine2": c.AddressLine2, "postalCode": c.PostalCode, "phoneNumber": c.Phone,
			},
			"contacts": contacts,
		},
		"discounts":    []map[string]any{{"offerType": "LICENSE", "level": "01"}},
		"cotermDate":   c.CotermDate,
		"creationDate": c.CreationDate.UTC().Format(time.RFC3339),
		"status":       c.Status,
		"tags":         []any{},
		"links":        adobeLinks(c),
	}
}

// adobePatch is PATCH /v3/customers/{customer-id} (API-NOTES 2.4): the body
// is checked (adobePatchErrors), then stored; every contact the body carries
// gets the admin welcome email, and a contact left out stays an admin. The
// answer is the account as stored.
func (s *Server) adobePatch(w http.ResponseWriter, r *http.Request) {
	st := s.adobe()
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.find(r.PathValue("id"))
	if c == nil {
		writeAdobeError(w, http.StatusNotFound, "1116", "Invalid Customer ID")
		return
	}
	p, perr := parseAdobePatch(readBody(r))
	if perr == nil {
		perr = p.check(c)
	}
	if perr != nil {
		writeAdobeError(w, http.StatusBadRequest, perr.code, perr.message, perr.fields...)
		return
	}
	p.apply(c)
	st.changed()
	writeJSON(w, http.StatusOK, adobeAccount(c))
}
