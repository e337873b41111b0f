package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
)

func adobeAccount() adobevip.Account {
	return adobevip.Account{CustomerID: "1006374001", Status: "1000", ExternalReferenceID: "ERP-1",
		CompanyProfile: adobevip.CompanyProfile{CompanyName: "Acme", PreferredLanguage: "en-US", MarketSegment: "COM",
			Address:  adobevip.Address{Country: "US", Region: "NY", City: "Albany", AddressLine1: "1 Main St", PostalCode: "12207"},
			Contacts: []adobevip.Contact{{FirstName: "Ada", LastName: "Byron", Email: "ada@example.com"}}}}
}

// TestAdobeChange: only configured attributes that differ are changes; a
// contact phone of "" is no phone, like null; an unknown value is a maybe.
func TestAdobeChange(t *testing.T) {
	have := modelFromAccount(adobeAccount())
	var config adobeCustomerModel
	config.Address = types.ObjectNull(addressAttrTypes)
	config.Contacts = contactsValue([]adobevip.Contact{{FirstName: "Ada", LastName: "Byron", Email: "ada@example.com", PhoneNumber: ""}})
	config.ExternalReferenceID = types.StringUnknown()
	plan := have
	plan.Contacts = config.Contacts
	plan.ExternalReferenceID = types.StringUnknown()
	plan.MarketSegment = types.StringValue("EDU") // not configured: not a change
	ch, changed, maybe := adobeChange(config, plan, have)
	assert.Empty(t, changed)
	assert.Equal(t, []string{"external_reference_id"}, maybe)
	assert.Nil(t, ch.Contacts, "the same contacts are not sent")

	config.Address = types.ObjectValueMust(addressAttrTypes, map[string]attr.Value{ // address = { city = "Troy" }
		"address_line_1": types.StringNull(), "address_line_2": types.StringNull(), "city": types.StringValue("Troy"),
		"postal_code": types.StringNull(), "phone_number": types.StringNull(),
	})
	plan.Address = withAddressField(have.Address, "city", types.StringValue("Troy"))
	ch, changed, _ = adobeChange(config, plan, have)
	assert.Equal(t, []string{"address.city"}, changed)
	require.NotNil(t, ch.Address.City)
	assert.Equal(t, "Troy", *ch.Address.City)
	assert.Nil(t, ch.Address.AddressLine1)
}

// TestAdobeApplied_storedDifferently: a sent attribute Adobe stored
// differently is an error naming it, and the state holds the stored value;
// unknown planned values take the server's.
func TestAdobeApplied_storedDifferently(t *testing.T) {
	acct := adobeAccount()
	plan := modelFromAccount(acct)
	plan.ExternalReferenceID = types.StringValue("ERP-2")
	plan.Status = types.StringUnknown()
	server := modelFromAccount(acct) // Adobe kept ERP-1
	var diags diagList
	got := adobeApplied(server, plan, []string{"external_reference_id"}, &diags)
	require.True(t, diags.HasError())
	assert.Contains(t, diags.Errors()[0].Detail(), `external_reference_id was sent as "ERP-2", but Adobe VIP Marketplace stored "ERP-1"`)
	assert.Equal(t, "ERP-1", got.ExternalReferenceID.ValueString())
	assert.Equal(t, "1000", got.Status.ValueString())
}
