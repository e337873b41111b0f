package sandbox

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The create body's keys (create-customer-account.md: the customer resource
// without its read-only fields).
var (
	createTopKeys      = []string{"resellerId", "externalReferenceId", "companyProfile", "cotermDate", "benefits", "globalSalesEnabled", "linkedMembership"}
	createReadOnlyKeys = []string{"customerId", "distributorId", "status", "creationDate", "discounts", "links", "tags"}
	createRequired     = []string{"resellerId", "companyProfile"}
	// companyNamePattern is the OpenAPI's class; resources.md says 4 to 80.
	companyNamePattern = regexp.MustCompile(`^[\p{L}\p{N}_ \x{3000},.\x{FF06}&\x{30FB}'()\x{FF08}\x{FF09}"/-]{4,80}$`)
)

// adobeCreate is a create body that has the shape Adobe requires.
type adobeCreate struct {
	adobePatch
	resellerID string
	// referenceTooLong is externalReferenceId over 35 characters: 2126.
	referenceTooLong bool
	cotermDate       string
}

// parseAdobeCreate reads POST /v3/customers' body; the problems are kept by
// kind on the reader, for the handler to answer in Adobe's order.
func parseAdobeCreate(body []byte) (*adobeCreate, *patchReader) {
	pr := &patchReader{}
	c := &adobeCreate{}
	top := pr.object(body, "", createTopKeys, createRequired)
	if top == nil {
		return c, pr
	}
	for k := range top {
		if slices.Contains(createReadOnlyKeys, k) {
			pr.unexpected = slices.DeleteFunc(pr.unexpected, func(u string) bool { return u == k })
			pr.notEditable = append(pr.notEditable, k)
		}
	}
	c.resellerID = pr.text(top, "resellerId", "resellerId")
	if _, ok := top["externalReferenceId"]; ok {
		v := pr.text(top, "externalReferenceId", "externalReferenceId")
		c.referenceTooLong = utf8.RuneCountInString(v) > 35
		if strings.ContainsAny(v, forbiddenText) {
			pr.invalid = append(pr.invalid, "externalReferenceId")
		}
		c.externalReferenceID = &v
	}
	if _, ok := top["cotermDate"]; ok {
		c.cotermDate = pr.text(top, "cotermDate", "cotermDate")
	}
	if raw, ok := top["benefits"]; ok {
		// The one benefit a create sets: an LGA customer's.
		var benefits []struct{ Type string }
		if json.Unmarshal(raw, &benefits) != nil || slices.ContainsFunc(benefits, func(b struct{ Type string }) bool {
			return b.Type != "LARGE_GOVERNMENT_AGENCY"
		}) {
			pr.invalid = append(pr.invalid, "benefits")
		}
	}
	if raw, ok := top["globalSalesEnabled"]; ok {
		var b bool
		if json.Unmarshal(raw, &b) != nil {
			pr.invalid = append(pr.invalid, "globalSalesEnabled")
		}
		c.globalSalesEnabled = &b
	}
	if raw, ok := top["companyProfile"]; ok {
		if prof := pr.object(raw, "companyProfile.", patchProfileKeys, patchProfileReq); prof != nil {
			pr.profile(&c.adobePatch, prof)
			if _, ok := prof["contacts"]; !ok {
				pr.missing = append(pr.missing, "companyProfile.contacts") // at least one contact
			}
			if _, ok := prof["companyName"]; ok && !companyNamePattern.MatchString(c.companyName) {
				pr.invalid = append(pr.invalid, "companyProfile.companyName")
			}
			if n := utf8.RuneCountInString(c.country); n < 2 || n > 3 {
				pr.badAddress = append(pr.badAddress, "companyProfile.address.country")
			}
			if n := utf8.RuneCountInString(c.region); n < 1 || n > 255 {
				pr.badAddress = append(pr.badAddress, "companyProfile.address.region")
			}
		}
	}
	return c, pr
}

// checkCoterm applies create-customer-account.md's rule for an
// extended-term customer's cotermDate: a date 1 to 3 years from today (4
// for EDU).
func (c *adobeCreate) checkCoterm(today time.Time) bool {
	if c.cotermDate == "" {
		return true
	}
	d, err := time.Parse(time.DateOnly, c.cotermDate)
	if err != nil {
		return false
	}
	years := 3
	if c.marketSegment != nil && *c.marketSegment == "EDU" {
		years = 4
	}
	return !d.Before(today.AddDate(1, 0, 0)) && !d.After(today.AddDate(years, 0, 0))
}

// adobeCreate is POST /v3/customers (create-customer-account.md, API-NOTES
// 2.5): the body is checked in Adobe's order (its shape: 1121, 1119, 1122;
// the reseller: 404 1115 unknown, 400 1126 inactive; 2126 for an
// externalReferenceId over 35 characters; 1117 invalid values, 1118 an
// invalid address; 1127 when an account with the same company name and
// primary admin email exists), then stored with status 1002 (pending) for
// the pending window (SetAdobePendingWindow), after which it takes the
// pending outcome (1000). Each contact becomes an admin and gets the
// welcome email; a contact whose email Adobe knows keeps the name Adobe
// has (the answer shows the name sent). The answer is 201 with the account.
func (s *Server) adobeCreate(w http.ResponseWriter, r *http.Request) {
	body := readBody(r)
	c, pr := parseAdobeCreate(body)
	refuse := func(e *adobePatchError) {
		writeAdobeError(w, http.StatusBadRequest, e.code, e.message, e.fields...)
	}
	if e := pr.shapeError(); e != nil {
		refuse(e)
		return
	}
	st := s.adobe()
	st.mu.Lock()
	defer st.mu.Unlock()
	switch active, known := st.resellers[c.resellerID]; {
	case !known:
		writeAdobeError(w, http.StatusNotFound, "1115", "Invalid Reseller")
		return
	case !active:
		writeAdobeError(w, http.StatusBadRequest, "1126", "Customer cannot be created because reseller account is inactive")
		return
	}
	if c.referenceTooLong {
		writeAdobeError(w, http.StatusBadRequest, "2126", "externalReferenceId exceeds maximum character limit", "externalReferenceId")
		return
	}
	if !c.checkCoterm(st.now().UTC().Truncate(24 * time.Hour)) {
		pr.invalid = append(pr.invalid, "cotermDate")
	}
	if e := pr.valueError(); e != nil {
		refuse(e)
		return
	}
	if len(c.contacts) == 0 { // a contact that is not an object: 1117 above
		refuse(&adobePatchError{code: "1122", message: "Missing required fields", fields: []string{"companyProfile.contacts"}})
		return
	}
	if st.exists(c.companyName, c.contacts[0].Email) {
		writeAdobeError(w, http.StatusBadRequest, "1127", "Account already exists")
		return
	}
	writeJSON(w, http.StatusCreated, adobeAccountWith(st.create(c), c.contacts))
}

// exists reports whether an account with this company name and primary
// admin (first contact) email exists, both compared without case (an
// inference: the docs name the rule, not how it compares); the caller
// holds mu.
func (st *adobeStore) exists(companyName, adminEmail string) bool {
	return slices.ContainsFunc(st.customers, func(o *AdobeCustomer) bool {
		return strings.EqualFold(strings.TrimSpace(o.CompanyName), strings.TrimSpace(companyName)) &&
			len(o.Contacts) > 0 && strings.EqualFold(o.Contacts[0].Email, adminEmail)
	})
}

// knownContact is a contact Adobe has with this email already, on any
// account; the caller holds mu.
func (st *adobeStore) knownContact(email string) (AdobeContact, bool) {
	for _, o := range st.customers {
		for _, k := range o.Contacts {
			if strings.EqualFold(k.Email, email) {
				return k, true
			}
		}
	}
	return AdobeContact{}, false
}

// create stores a checked create as a pending account; the caller holds mu.
func (st *adobeStore) create(c *adobeCreate) *AdobeCustomer {
	now := st.now()
	a := &AdobeCustomer{
		CustomerID:        strconv.Itoa(st.nextID),
		ResellerID:        c.resellerID,
		Status:            "1002",
		CompanyName:       c.companyName,
		PreferredLanguage: c.preferredLanguage,
		MarketSegment:     "COM",
		Country:           c.country,
		Region:            c.region,
		CreationDate:      now.UTC().Truncate(time.Second),
		CotermDate:        c.cotermDate,
		PendingUntil:      now.Add(st.pendingWindow),
	}
	st.nextID++
	if c.externalReferenceID != nil {
		a.ExternalReferenceID = *c.externalReferenceID
	}
	if c.marketSegment != nil {
		a.MarketSegment = *c.marketSegment
	}
	if c.globalSalesEnabled != nil {
		a.GlobalSalesEnabled = *c.globalSalesEnabled
	}
	a.AddressLine1, a.AddressLine2, a.City, a.PostalCode, a.Phone = c.address[0], c.address[1], c.address[2], c.address[3], c.address[4]
	for _, k := range c.contacts {
		if known, ok := st.knownContact(k.Email); ok {
			k.FirstName, k.LastName = known.FirstName, known.LastName
		}
		a.Contacts = append(a.Contacts, k)
		a.Admins = append(a.Admins, k.Email)
		a.WelcomeEmails = append(a.WelcomeEmails, k.Email)
	}
	st.customers = append(st.customers, a)
	st.pending = append(st.pending, a.CustomerID)
	st.changed()
	return a
}

// contactsJSON is contacts as Adobe answers them.
func contactsJSON(ks []AdobeContact) []map[string]any {
	out := make([]map[string]any, len(ks))
	for j, k := range ks {
		out[j] = map[string]any{"firstName": k.FirstName, "lastName": k.LastName, "email": k.Email, "phoneNumber": k.PhoneNumber}
	}
	return out
}

// adobeInactiveOutcomes are the inactive statuses a created account can
// settle in (references/error-handling.md): inactive, invalid address,
// blocked, duplicate company name and primary admin.
var adobeInactiveOutcomes = []string{"1004", "1010", "1012", "1014"}

// adobeFlags are the fake Adobe API's own command-line flags: how long a
// created account stays pending, and what it becomes.
func adobeFlags(fs *flag.FlagSet) *Switches {
	pending := fs.Duration("adobe-pending", DefaultAdobePendingWindow,
		"Adobe VIP Marketplace: how long an account created with POST /v3/customers stays pending (status 1002, cannot be PATCHed: error 1125) before it settles (0: the next request sees it settled)")
	outcome := fs.String("adobe-pending-outcome", "1000",
		"Adobe VIP Marketplace: the status a created account settles in after -adobe-pending: 1000 (active), or an inactive one: "+strings.Join(adobeInactiveOutcomes, ", "))
	return &Switches{
		check: func() error {
			if *pending < 0 {
				return fmt.Errorf("-adobe-pending must not be negative, got %s", *pending)
			}
			if *outcome != "1000" && !slices.Contains(adobeInactiveOutcomes, *outcome) {
				return fmt.Errorf("-adobe-pending-outcome must be 1000 or one of %s, got %q", strings.Join(adobeInactiveOutcomes, ", "), *outcome)
			}
			return nil
		},
		apply: func(s *Server) {
			s.SetAdobePendingWindow(*pending)
			s.SetAdobePendingOutcome(*outcome)
		},
		note: func() string {
			return fmt.Sprintf("  accounts created here stay pending (1002) for %s (-adobe-pending), then settle as %s (-adobe-pending-outcome)\n", *pending, *outcome)
		},
	}
}
