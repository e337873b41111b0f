package sandbox

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// AdobeCustomer returns a copy of the stored Adobe customer with this id.
func (s *Server) AdobeCustomer(id string) (AdobeCustomer, bool) {
	var out AdobeCustomer
	st := s.adobe()
	found := st.with(func() *AdobeCustomer { st.settle(); return st.find(id) }, func(c *AdobeCustomer) {
		out = *c
		deepenAdobe(&out)
	})
	return out, found
}

// AdobeWelcomeEmails counts the admin welcome emails Adobe sent for
// account id, by email (lower-cased): one per contact of its create and of
// every accepted PATCH that carried contacts; a replayed correlation id
// sends none.
func (s *Server) AdobeWelcomeEmails(id string) map[string]int {
	c, _ := s.AdobeCustomer(id)
	out := map[string]int{}
	for _, e := range c.WelcomeEmails {
		out[strings.ToLower(e)]++
	}
	return out
}

// ChangeAdobeCustomer edits a stored Adobe customer in place, as a change
// made in Adobe's own tools would (drift, a status change); it reports
// whether the customer exists.
func (s *Server) ChangeAdobeCustomer(id string, change func(*AdobeCustomer)) bool {
	st := s.adobe()
	return st.with(func() *AdobeCustomer { st.settle(); return st.find(id) }, func(c *AdobeCustomer) {
		change(c)
		st.changed()
	})
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
	return st.findBy(id, func(c *AdobeCustomer) string { return c.CustomerID })
}

// adobeGet is GET /v3/customers/{customer-id}: the full account (API-NOTES 2.3).
func (s *Server) adobeGet(w http.ResponseWriter, r *http.Request) {
	s.withAdobeAccount(w, r, func(c *AdobeCustomer) { writeJSON(w, http.StatusOK, adobeAccount(c)) })
}

// withAdobeAccount runs f on the account the request's path names, under
// the store's lock, or answers 404 1116.
func (s *Server) withAdobeAccount(w http.ResponseWriter, r *http.Request, f func(c *AdobeCustomer)) {
	st := s.adobe()
	if !st.with(func() *AdobeCustomer { return st.find(r.PathValue("id")) }, f) {
		writeAdobeError(w, http.StatusNotFound, "1116", "Invalid Customer ID")
	}
}

// adobeAccount is the full account as GET and PATCH answer it.
func adobeAccount(c *AdobeCustomer) map[string]any { return adobeAccountWith(c, c.Contacts) }

// adobeAccountWith is the account with these contacts: a create answers
// with the contacts sent, whatever names Adobe keeps.
func adobeAccountWith(c *AdobeCustomer, contacts []AdobeContact) map[string]any {
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
			"contacts": contactsJSON(contacts),
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
	body := readBody(r)
	s.withAdobeAccount(w, r, func(c *AdobeCustomer) {
		p, perr := parseAdobePatch(body)
		if perr == nil {
			perr = p.check(c)
		}
		if perr != nil {
			writeAdobeError(w, http.StatusBadRequest, perr.code, perr.message, perr.fields...)
			return
		}
		p.apply(c)
		s.adobe().changed()
		writeJSON(w, http.StatusOK, adobeAccount(c))
	})
}
