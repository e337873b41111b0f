package adobeviptf

import (
	"context"
	"maps"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

func adobeAccount() adobevip.Account {
	return adobevip.Account{CustomerID: "1006374001", Status: "1000", ExternalReferenceID: "ERP-1",
		CompanyProfile: adobevip.CompanyProfile{CompanyName: "Acme", PreferredLanguage: "en-US", MarketSegment: "COM",
			Address:  adobevip.Address{Country: "US", Region: "NY", City: "Albany", AddressLine1: "1 Main St", PostalCode: "12207"},
			Contacts: []adobevip.Contact{{FirstName: "Ada", LastName: "Byron", Email: "ada@example.com"}}}}
}

// withPart is an object with one attribute replaced (o known).
func withPart(o attr.Value, name string, v attr.Value) types.Object {
	obj := o.(types.Object)
	vals := obj.Attributes()
	vals[name] = v
	return types.ObjectValueMust(obj.AttributeTypes(context.Background()), vals)
}

// TestAdobeChange: only configured attributes that differ are changes; a
// contact phone of "" is no phone, like null; an unknown value is a maybe.
func TestAdobeChange(t *testing.T) {
	ctx := context.Background()
	acct := adobeAccount()
	have := Customer.Record(&acct)
	config := tfkit.Values{}
	for name, v := range have {
		config[name] = tfkit.NullOf(v.Type(ctx))
	}
	config["contacts"] = contactsValue([]adobevip.Contact{{FirstName: "Ada", LastName: "Byron", Email: "ada@example.com", PhoneNumber: ""}})
	config["external_reference_id"] = types.StringUnknown()
	plan := maps.Clone(have)
	plan["contacts"] = config["contacts"]
	plan["external_reference_id"] = types.StringUnknown()
	plan["market_segment"] = types.StringValue("EDU") // not configured: not a change
	ch, changed, maybe := Customer.Diff(config, plan, have)
	assert.Empty(t, changed)
	assert.Equal(t, []string{"external_reference_id"}, maybe)
	assert.Nil(t, ch.Contacts, "the same contacts are not sent")

	address := have["address"].(types.Object)
	nulls := map[string]attr.Value{}
	for name := range address.Attributes() {
		nulls[name] = types.StringNull()
	}
	config["address"] = withPart(types.ObjectValueMust(address.AttributeTypes(ctx), nulls), "city", types.StringValue("Troy")) // address = { city = "Troy" }
	plan["address"] = withPart(address, "city", types.StringValue("Troy"))
	ch, changed, _ = Customer.Diff(config, plan, have)
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
	plan := Customer.Record(&acct)
	plan["external_reference_id"] = types.StringValue("ERP-2")
	plan["status"] = types.StringUnknown()
	server := Customer.Record(&acct) // Adobe kept ERP-1
	got, diags := Customer.Applied(server, plan, []string{"external_reference_id"})
	require.True(t, diags.HasError())
	assert.Contains(t, diags.Errors()[0].Detail(), `external_reference_id was sent as "ERP-2", but Adobe VIP Marketplace stored "ERP-1"`)
	assert.Equal(t, `"ERP-1"`, got["external_reference_id"].String())
	assert.Equal(t, `"1000"`, got["status"].String())
}
