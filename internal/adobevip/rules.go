package adobevip

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Problem is one reason Adobe would refuse a request, found before anything
// is sent: the field in Adobe's spelling ("companyProfile.companyName") and
// what is wrong with it. The face turns it into a plan-time error on the
// attribute that holds the field.
type Problem struct {
	Field, Detail string
}

func (p Problem) Error() string { return p.Field + ": " + p.Detail }

// InvalidError is a request refused before it was sent, with every problem
// found.
type InvalidError struct {
	// What names the request ("the creation of customer account \"Acme\"").
	What     string
	Problems []Problem
}

func (e *InvalidError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Error()
	}
	return fmt.Sprintf("%s was not sent: %s", e.What, strings.Join(parts, "; "))
}

// The account's limits (references/resources.md: CompanyProfile, Address,
// Contact; create-customer-account.md) and the OpenAPI's patterns.
const (
	MinCompanyName         = 4
	MaxCompanyName         = 80
	MaxExternalReferenceID = 35
	MaxPreferredLanguage   = 40
	MaxContactName         = 35
	MaxEmail               = 240
	MaxPhoneNumber         = 40
)

var (
	// companyNameChars is the OpenAPI CompanyProfile.companyName's character
	// class (its length is resources.md's 4 to 80).
	companyNameChars = regexp.MustCompile(`^[\p{L}\p{N}_ \x{3000},.\x{FF06}&\x{30FB}'()\x{FF08}\x{FF09}"/-]*$`)
	// contactNameChars is the OpenAPI Contact.firstName/lastName's class.
	contactNameChars = regexp.MustCompile(`^[\p{L}\p{N}\-_ \x{3000},.\x{FF06}&'"]*$`)
	// emailShape is what any email address looks like; Adobe's own pattern
	// is RFC 5322's, which this does not repeat.
	emailShape = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// forbiddenText are the characters the OpenAPI's pattern ^[^<>[\"]]*$
// refuses in externalReferenceId and the address lines (read as Java reads
// it: the class of <, > and ").
const forbiddenText = `<>"`

// MarketSegments are the market segments an account can have.
var MarketSegments = []string{"COM", "EDU", "GOV"}

// problems collects Problems.
type problems []Problem

func (ps *problems) add(field, format string, args ...any) {
	*ps = append(*ps, Problem{Field: field, Detail: fmt.Sprintf(format, args...)})
}

// length checks that value has from lo to hi characters (lo 0: optional).
func (ps *problems) length(field, value string, lo, hi int) {
	n := utf8.RuneCountInString(value)
	switch {
	case n == 0 && lo > 0:
		ps.add(field, "is required")
	case n < lo || n > hi:
		if lo > 0 {
			ps.add(field, "must be %d to %d characters, got %d", lo, hi, n)
		} else {
			ps.add(field, "must be at most %d characters, got %d", hi, n)
		}
	}
}

// text is length plus the characters the OpenAPI refuses.
func (ps *problems) text(field, value string, lo, hi int) {
	ps.length(field, value, lo, hi)
	if strings.ContainsAny(value, forbiddenText) {
		ps.add(field, "must not contain <, > or \"")
	}
}

// CheckExternalReferenceID checks an account's externalReferenceId: at most
// 35 characters (error 2126 on a create), none of <, > and ".
func CheckExternalReferenceID(v string) error {
	var ps problems
	ps.text("externalReferenceId", v, 0, MaxExternalReferenceID)
	return ps.first()
}

// CheckCompanyName checks a company name: 4 to 80 characters (resources.md)
// of the OpenAPI's class: letters, digits, spaces and _ , . & ' ( ) " / -.
func CheckCompanyName(name string) error {
	var ps problems
	ps.companyName(name)
	return ps.first()
}

func (ps *problems) companyName(name string) {
	const field = "companyProfile.companyName"
	ps.length(field, name, MinCompanyName, MaxCompanyName)
	if !companyNameChars.MatchString(name) {
		ps.add(field, `may hold letters, digits, spaces and _ , . & ' ( ) " / - only`)
	}
}

func (ps *problems) first() error {
	if len(*ps) == 0 {
		return nil
	}
	return (*ps)[0]
}

// address checks an address as a create sends it (OpenAPI Address: country,
// region, city, addressLine1 and postalCode required; resources.md limits).
func (ps *problems) address(a Address) {
	const p = "companyProfile.address."
	if n := utf8.RuneCountInString(a.Country); n < 2 || n > 3 {
		ps.add(p+"country", "must be a country code of 2 or 3 characters (ISO 3166), got %q", a.Country)
	}
	ps.length(p+"region", a.Region, 1, 255)
	ps.text(p+"city", a.City, 1, 40)
	ps.text(p+"addressLine1", a.AddressLine1, 1, 60)
	ps.text(p+"addressLine2", a.AddressLine2, 0, 60)
	ps.length(p+"postalCode", a.PostalCode, 1, 40)
	ps.text(p+"phoneNumber", a.PhoneNumber, 0, MaxPhoneNumber)
}

// contacts checks a contact list: at least one, each with a first and last
// name of 1 to 35 characters of the OpenAPI's class, an email, an optional
// phone, and no email twice (a contact is known by its email).
func (ps *problems) contacts(ks []Contact) {
	const p = "companyProfile.contacts"
	if len(ks) == 0 {
		ps.add(p, "needs at least one contact")
		return
	}
	seen := map[string]int{}
	for i, k := range ks {
		at := fmt.Sprintf("%s[%d].", p, i)
		for _, f := range []struct{ name, v string }{{"firstName", k.FirstName}, {"lastName", k.LastName}} {
			ps.length(at+f.name, f.v, 1, MaxContactName)
			if !contactNameChars.MatchString(f.v) {
				ps.add(at+f.name, `may hold letters, digits, spaces and - _ , . & ' " only`)
			}
		}
		switch {
		case k.Email == "":
			ps.add(at+"email", "is required")
		case len(k.Email) > MaxEmail || !emailShape.MatchString(k.Email):
			ps.add(at+"email", "is not an email address of at most %d characters", MaxEmail)
		}
		ps.length(at+"phoneNumber", k.PhoneNumber, 0, MaxPhoneNumber)
		key := strings.ToLower(k.Email)
		if j, dup := seen[key]; dup && k.Email != "" {
			ps.add(at+"email", "is contact %d's email too: a contact is known by its email", j)
		}
		seen[key] = i
	}
}

// Problems are the reasons Adobe would refuse to create this account,
// checked before anything is sent (and by the face at plan time).
func (a NewAccount) Problems() []Problem {
	var ps problems
	ps.text("externalReferenceId", a.ExternalReferenceID, 0, MaxExternalReferenceID)
	p := a.CompanyProfile
	ps.companyName(p.CompanyName)
	ps.length("companyProfile.preferredLanguage", p.PreferredLanguage, 1, MaxPreferredLanguage)
	if p.MarketSegment != "" && !oneOf(p.MarketSegment, MarketSegments) {
		ps.add("companyProfile.marketSegment", "must be COM, EDU or GOV (or unset: COM), got %q", p.MarketSegment)
	}
	ps.address(p.Address)
	ps.contacts(p.Contacts)
	return ps
}

func oneOf(v string, set []string) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}
