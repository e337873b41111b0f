package adobeviptf

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
)

// TestAttrPath_everyProblemHasItsAttribute: every field Adobe's create
// rules can name (an empty account, and one with every value wrong) maps
// to the attribute that holds it, so a plan-time error points at the line
// to fix; an unknown field does not.
func TestAttrPath_everyProblemHasItsAttribute(t *testing.T) {
	long := strings.Repeat("x", 300)
	bad := adobevip.NewAccount{ExternalReferenceID: long + "<", CompanyProfile: adobevip.CompanyProfile{
		CompanyName: "<>", PreferredLanguage: long, MarketSegment: "ABC",
		Address:  adobevip.Address{Country: "X", Region: long, City: long, AddressLine1: long, AddressLine2: long, PostalCode: long, PhoneNumber: long},
		Contacts: []adobevip.Contact{{FirstName: long, LastName: "<", Email: "nope", PhoneNumber: long}, {FirstName: "A", LastName: "B", Email: "nope"}},
	}}
	seen := map[string]bool{}
	for _, a := range []adobevip.NewAccount{{}, bad} {
		for _, p := range a.Problems() {
			at, name, ok := attrPath(p.Field)
			if assert.True(t, ok, "no attribute for %s", p.Field) {
				assert.NotEmpty(t, at.Steps(), p.Field)
				seen[name] = true
			}
		}
	}
	for _, want := range []string{"external_reference_id", "company_name", "preferred_language", "market_segment", "country", "region",
		"address.city", "address.address_line_1", "address.address_line_2", "address.postal_code", "address.phone_number",
		"contacts", "contacts[0].first_name", "contacts[0].last_name", "contacts[0].email", "contacts[0].phone_number", "contacts[1].email"} {
		assert.True(t, seen[want], "no problem named %s; named: %v", want, seen)
	}
	_, _, ok := attrPath("companyProfile.marketSubSegments")
	assert.False(t, ok)
}
