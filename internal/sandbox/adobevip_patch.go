package sandbox

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// adobePatchError is a refused PATCH: Adobe's code, message and the fields
// it names (additionalDetails).
type adobePatchError struct {
	code, message string
	fields        []string
}

// The PATCH body's keys (OpenAPI Account, CompanyProfile, Address, Contact).
var (
	patchTopKeys      = []string{"companyProfile", "externalReferenceId", "globalSalesEnabled", "linkedMembership", "benefits"}
	patchReadOnlyKeys = []string{"customerId", "resellerId", "distributorId", "status", "creationDate", "cotermDate", "discounts", "links", "tags"}
	patchProfileKeys  = []string{"companyName", "preferredLanguage", "marketSegment", "marketSegments", "marketSubSegments", "address", "contacts"}
	patchProfileReq   = []string{"companyName", "preferredLanguage", "address"}
	patchAddressKeys  = []string{"country", "region", "city", "addressLine1", "addressLine2", "postalCode", "phoneNumber"}
	patchAddressReq   = []string{"addressLine1", "city", "country", "postalCode", "region"}
	patchContactKeys  = []string{"firstName", "lastName", "email", "phoneNumber"}
	patchContactReq   = []string{"email", "firstName", "lastName"}
)

var (
	// preferredLanguage is a language and country, e.g. en-US.
	languagePattern = regexp.MustCompile(`^[a-z]{2}-[A-Z]{2}$`)
	// contactNamePattern is the OpenAPI's firstName/lastName: 1 to 35 letters,
	// digits and a little punctuation.
	contactNamePattern = regexp.MustCompile(`^[\p{L}\p{N}\-_ ,.&'"]{1,35}$`)
	emailPattern       = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// forbiddenText are the characters the OpenAPI's ^[^<>[\"]]*$ refuses in
// externalReferenceId and the address lines (read as Java reads it: <, >
// and ").
const forbiddenText = `<>"`

// adobePatch is a PATCH body that has the shape Adobe requires.
type adobePatch struct {
	externalReferenceID *string
	globalSalesEnabled  *bool
	companyName         string
	preferredLanguage   string
	marketSegment       *string
	country, region     string
	address             [5]string // addressLine1, addressLine2, city, postalCode, phoneNumber
	contacts            []AdobeContact
	hasContacts         bool
}

// patchReader decodes one JSON object of the body, collecting the problems
// by kind: unexpected keys (1121), missing required ones (1122), values of
// the wrong type or form (1117), bad address values (1118).
type patchReader struct {
	unexpected, missing, invalid, badAddress, notEditable []string
}

func (pr *patchReader) object(raw json.RawMessage, prefix string, allowed, required []string) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || m == nil {
		pr.invalid = append(pr.invalid, strings.TrimSuffix(prefix, "."))
		return nil
	}
	for k := range m {
		if !slices.Contains(allowed, k) {
			pr.unexpected = append(pr.unexpected, prefix+k)
		}
	}
	for _, k := range required {
		if _, ok := m[k]; !ok {
			pr.missing = append(pr.missing, prefix+k)
		}
	}
	return m
}

// text decodes m[key] as a string ("" when absent), or records it as invalid.
func (pr *patchReader) text(m map[string]json.RawMessage, key, path string) string {
	raw, ok := m[key]
	if !ok {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		pr.invalid = append(pr.invalid, path)
	}
	return s
}

func parseAdobePatch(body []byte) (*adobePatch, *adobePatchError) {
	pr := &patchReader{}
	p := &adobePatch{}
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil || top == nil {
		return nil, &adobePatchError{code: "1117", message: "Some Fields are Invalid: the body is not a JSON object"}
	}
	for k := range top {
		switch {
		case slices.Contains(patchReadOnlyKeys, k):
			pr.notEditable = append(pr.notEditable, k)
		case !slices.Contains(patchTopKeys, k):
			pr.unexpected = append(pr.unexpected, k)
		}
	}
	if _, ok := top["externalReferenceId"]; ok {
		v := pr.text(top, "externalReferenceId", "externalReferenceId")
		if utf8.RuneCountInString(v) > 35 || strings.ContainsAny(v, forbiddenText) {
			pr.invalid = append(pr.invalid, "externalReferenceId")
		}
		p.externalReferenceID = &v
	}
	if raw, ok := top["globalSalesEnabled"]; ok {
		var b bool
		if json.Unmarshal(raw, &b) != nil {
			pr.invalid = append(pr.invalid, "globalSalesEnabled")
		}
		p.globalSalesEnabled = &b
	}
	raw, ok := top["companyProfile"]
	if !ok {
		pr.missing = append(pr.missing, "companyProfile")
	} else if prof := pr.object(raw, "companyProfile.", patchProfileKeys, patchProfileReq); prof != nil {
		pr.profile(p, prof)
	}
	return p, pr.firstError()
}

func (pr *patchReader) profile(p *adobePatch, prof map[string]json.RawMessage) {
	p.companyName = pr.text(prof, "companyName", "companyProfile.companyName")
	if _, ok := prof["preferredLanguage"]; ok {
		p.preferredLanguage = pr.text(prof, "preferredLanguage", "companyProfile.preferredLanguage")
		if !languagePattern.MatchString(p.preferredLanguage) {
			pr.invalid = append(pr.invalid, "companyProfile.preferredLanguage")
		}
	}
	if _, ok := prof["marketSegment"]; ok {
		v := pr.text(prof, "marketSegment", "companyProfile.marketSegment")
		if !slices.Contains([]string{"COM", "EDU", "GOV"}, v) {
			pr.invalid = append(pr.invalid, "companyProfile.marketSegment")
		}
		p.marketSegment = &v
	}
	if raw, ok := prof["address"]; ok {
		if addr := pr.object(raw, "companyProfile.address.", patchAddressKeys, patchAddressReq); addr != nil {
			p.country = pr.text(addr, "country", "companyProfile.address.country")
			p.region = pr.text(addr, "region", "companyProfile.address.region")
			for i, f := range []struct {
				key      string
				min, max int
			}{{"addressLine1", 1, 60}, {"addressLine2", 0, 60}, {"city", 1, 40}, {"postalCode", 1, 40}, {"phoneNumber", 0, 40}} {
				path := "companyProfile.address." + f.key
				v := pr.text(addr, f.key, path)
				n := utf8.RuneCountInString(strings.TrimSpace(v))
				if _, present := addr[f.key]; present && (n < f.min || n > f.max || strings.ContainsAny(v, forbiddenText)) {
					pr.badAddress = append(pr.badAddress, path) // a missing one is 1122
				}
				p.address[i] = v
			}
		}
	}
	if raw, ok := prof["contacts"]; ok {
		p.hasContacts = true
		var list []json.RawMessage
		switch {
		case json.Unmarshal(raw, &list) != nil:
			pr.invalid = append(pr.invalid, "companyProfile.contacts")
		case len(list) == 0:
			pr.missing = append(pr.missing, "companyProfile.contacts") // at least one contact
		}
		for i, item := range list {
			prefix := fmt.Sprintf("companyProfile.contacts[%d].", i)
			m := pr.object(item, prefix, patchContactKeys, patchContactReq)
			if m == nil {
				continue
			}
			k := AdobeContact{
				FirstName: pr.text(m, "firstName", prefix+"firstName"), LastName: pr.text(m, "lastName", prefix+"lastName"),
				Email: pr.text(m, "email", prefix+"email"), PhoneNumber: pr.text(m, "phoneNumber", prefix+"phoneNumber"),
			}
			for _, f := range []struct{ key, v string }{{"firstName", k.FirstName}, {"lastName", k.LastName}} {
				if _, present := m[f.key]; present && !contactNamePattern.MatchString(f.v) {
					pr.invalid = append(pr.invalid, prefix+f.key)
				}
			}
			if _, present := m["email"]; present && (len(k.Email) > 240 || !emailPattern.MatchString(k.Email)) {
				pr.invalid = append(pr.invalid, prefix+"email")
			}
			if utf8.RuneCountInString(k.PhoneNumber) > 40 {
				pr.invalid = append(pr.invalid, prefix+"phoneNumber")
			}
			p.contacts = append(p.contacts, k)
		}
	}
}

// firstError reports the problems of one kind, in Adobe's order of checks:
// the body's shape, then its values.
func (pr *patchReader) firstError() *adobePatchError {
	if e := pr.shapeError(); e != nil {
		return e
	}
	return pr.valueError()
}

// shapeError reports unexpected (1121), read-only (1119) and missing (1122)
// fields.
func (pr *patchReader) shapeError() *adobePatchError {
	return firstOf([]problemKind{
		{pr.unexpected, "1121", "Unexpected fields in the request"},
		{pr.notEditable, "1119", "Some fields are not editable"},
		{pr.missing, "1122", "Missing required fields"},
	})
}

// valueError reports invalid values (1117), then invalid address values
// (1118: "If address and other fields are invalid, then 1117 will be used").
func (pr *patchReader) valueError() *adobePatchError {
	return firstOf([]problemKind{
		{pr.invalid, "1117", "Some Fields are Invalid"},
		{pr.badAddress, "1118", "Invalid address"},
	})
}

// problemKind is the fields with one kind of problem, and its code.
type problemKind struct {
	fields        []string
	code, message string
}

func firstOf(kinds []problemKind) *adobePatchError {
	for _, e := range kinds {
		if len(e.fields) > 0 {
			slices.Sort(e.fields)
			return &adobePatchError{code: e.code, message: e.message, fields: slices.Compact(e.fields)}
		}
	}
	return nil
}

// adobeRefusedStatuses are the statuses whose accounts cannot be updated:
// pending and blocked (error 1125).
var adobeRefusedStatuses = map[string]string{"1002": "pending", "1012": "blocked"}

// check applies the rules that depend on the stored account: no update of a
// pending or blocked account (1125); companyName, country, region and a
// contact's names cannot change (1119); the market segment cannot change
// while the customer has active subscriptions (2135).
func (p *adobePatch) check(c *AdobeCustomer) *adobePatchError {
	if why, refused := adobeRefusedStatuses[c.Status]; refused {
		return &adobePatchError{code: "1125", message: fmt.Sprintf("The customer account is %s (status %s) and cannot be updated", why, c.Status)}
	}
	var fixed []string
	if p.companyName != c.CompanyName {
		fixed = append(fixed, "companyProfile.companyName")
	}
	if p.country != c.Country {
		fixed = append(fixed, "companyProfile.address.country")
	}
	if p.region != c.Region {
		fixed = append(fixed, "companyProfile.address.region")
	}
	if p.hasContacts {
		for i, k := range p.contacts {
			// A contact is known by its email: its names cannot change.
			j := slices.IndexFunc(c.Contacts, func(o AdobeContact) bool { return strings.EqualFold(o.Email, k.Email) })
			if j < 0 {
				continue
			}
			if old := c.Contacts[j]; old.FirstName != k.FirstName {
				fixed = append(fixed, fmt.Sprintf("companyProfile.contacts[%d].firstName", i))
			} else if old.LastName != k.LastName {
				fixed = append(fixed, fmt.Sprintf("companyProfile.contacts[%d].lastName", i))
			}
		}
	}
	if len(fixed) > 0 {
		return &adobePatchError{code: "1119", message: "Some fields are not editable", fields: fixed}
	}
	if p.marketSegment != nil && *p.marketSegment != c.MarketSegment && (c.ActiveSubscriptions || hasActiveSubscription(c)) {
		return &adobePatchError{code: "2135", message: "The market segment cannot be changed: the customer has active subscriptions",
			fields: []string{"companyProfile.marketSegment"}}
	}
	return nil
}

// apply stores a checked PATCH.
func (p *adobePatch) apply(c *AdobeCustomer) {
	if p.externalReferenceID != nil {
		c.ExternalReferenceID = *p.externalReferenceID
	}
	if p.globalSalesEnabled != nil {
		c.GlobalSalesEnabled = *p.globalSalesEnabled
	}
	if p.preferredLanguage != "" {
		c.PreferredLanguage = p.preferredLanguage
	}
	if p.marketSegment != nil {
		c.MarketSegment = *p.marketSegment
	}
	c.AddressLine1, c.AddressLine2, c.City, c.PostalCode, c.Phone = p.address[0], p.address[1], p.address[2], p.address[3], p.address[4]
	if p.hasContacts {
		c.Contacts = slices.Clone(p.contacts)
		for _, k := range p.contacts {
			c.WelcomeEmails = append(c.WelcomeEmails, k.Email)
			if !slices.ContainsFunc(c.Admins, func(a string) bool { return strings.EqualFold(a, k.Email) }) {
				c.Admins = append(c.Admins, k.Email)
			}
		}
	}
}
