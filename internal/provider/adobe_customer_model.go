package provider

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
)

// adobeCustomerModel is commerce_adobe_vip_customer's state.
type adobeCustomerModel struct {
	ID                  types.String `tfsdk:"id"`
	CustomerID          types.String `tfsdk:"customer_id"`
	ExternalReferenceID types.String `tfsdk:"external_reference_id"`
	PreferredLanguage   types.String `tfsdk:"preferred_language"`
	MarketSegment       types.String `tfsdk:"market_segment"`
	GlobalSalesEnabled  types.Bool   `tfsdk:"global_sales_enabled"`
	Address             types.Object `tfsdk:"address"`
	Contacts            types.List   `tfsdk:"contacts"`
	CompanyName         types.String `tfsdk:"company_name"`
	Country             types.String `tfsdk:"country"`
	Region              types.String `tfsdk:"region"`
	Status              types.String `tfsdk:"status"`
	CreationDate        types.String `tfsdk:"creation_date"`
	ResellerID          types.String `tfsdk:"reseller_id"`
	CotermDate          types.String `tfsdk:"cotermination_date"`
}

// addressAttrs are the address's attributes, in Adobe's order, with the
// Adobe names they map to.
var addressAttrs = []struct{ attr, wire string }{
	{"address_line_1", "addressLine1"}, {"address_line_2", "addressLine2"},
	{"city", "city"}, {"postal_code", "postalCode"}, {"phone_number", "phoneNumber"},
}

var (
	addressAttrTypes = map[string]attr.Type{
		"address_line_1": types.StringType, "address_line_2": types.StringType, "city": types.StringType,
		"postal_code": types.StringType, "phone_number": types.StringType,
	}
	contactAttrTypes = map[string]attr.Type{
		"first_name": types.StringType, "last_name": types.StringType, "email": types.StringType, "phone_number": types.StringType,
	}
	contactType = types.ObjectType{AttrTypes: contactAttrTypes}
)

// addressPointers are the address fields of an Adobe address, in addressAttrs' order.
func addressPointers(a *adobevip.Address) []*string {
	return []*string{&a.AddressLine1, &a.AddressLine2, &a.City, &a.PostalCode, &a.PhoneNumber}
}

func addressValue(a adobevip.Address) types.Object {
	vals := map[string]attr.Value{}
	for i, p := range addressPointers(&a) {
		vals[addressAttrs[i].attr] = types.StringValue(*p)
	}
	return types.ObjectValueMust(addressAttrTypes, vals)
}

// addressField is one attribute of an address object: null when the object
// is null, unknown when it is unknown.
func addressField(o types.Object, name string) types.String {
	switch {
	case o.IsUnknown():
		return types.StringUnknown()
	case o.IsNull():
		return types.StringNull()
	}
	if s, ok := o.Attributes()[name].(types.String); ok {
		return s
	}
	return types.StringUnknown()
}

// withAddressField returns o with one attribute replaced (o known).
func withAddressField(o types.Object, name string, v types.String) types.Object {
	vals := map[string]attr.Value{}
	for k, x := range o.Attributes() {
		vals[k] = x
	}
	vals[name] = v
	return types.ObjectValueMust(addressAttrTypes, vals)
}

// contactValue maps a contact; a contact without a phone has phone_number
// null, as a configuration that leaves it out does.
func contactValue(k adobevip.Contact) attr.Value {
	phone := types.StringNull()
	if k.PhoneNumber != "" {
		phone = types.StringValue(k.PhoneNumber)
	}
	return types.ObjectValueMust(contactAttrTypes, map[string]attr.Value{
		"first_name": types.StringValue(k.FirstName), "last_name": types.StringValue(k.LastName),
		"email": types.StringValue(k.Email), "phone_number": phone,
	})
}

func contactsValue(ks []adobevip.Contact) types.List {
	elems := make([]attr.Value, len(ks))
	for i, k := range ks {
		elems[i] = contactValue(k)
	}
	return types.ListValueMust(contactType, elems)
}

// contactsOf reads a known contact list; false when the list or any value in
// it is null or unknown (a null phone_number is no phone).
func contactsOf(l types.List) ([]adobevip.Contact, bool) {
	if !known(l) {
		return nil, false
	}
	out := make([]adobevip.Contact, 0, len(l.Elements()))
	for _, e := range l.Elements() {
		o, ok := e.(types.Object)
		if !ok || !known(o) {
			return nil, false
		}
		var k adobevip.Contact
		for name, dst := range map[string]*string{"first_name": &k.FirstName, "last_name": &k.LastName, "email": &k.Email, "phone_number": &k.PhoneNumber} {
			s, ok := o.Attributes()[name].(types.String)
			if !ok || s.IsUnknown() || (s.IsNull() && name != "phone_number") {
				return nil, false
			}
			*dst = s.ValueString()
		}
		out = append(out, k)
	}
	return out, true
}

// modelFromAccount is the state of an account as Adobe holds it.
func modelFromAccount(a adobevip.Account) adobeCustomerModel {
	p := a.CompanyProfile
	return adobeCustomerModel{
		ID:                  types.StringValue(a.CustomerID),
		CustomerID:          types.StringValue(a.CustomerID),
		ExternalReferenceID: types.StringValue(a.ExternalReferenceID),
		PreferredLanguage:   types.StringValue(p.PreferredLanguage),
		MarketSegment:       types.StringValue(p.MarketSegment),
		GlobalSalesEnabled:  types.BoolValue(a.GlobalSalesEnabled),
		Address:             addressValue(p.Address),
		Contacts:            contactsValue(p.Contacts),
		CompanyName:         types.StringValue(p.CompanyName),
		Country:             types.StringValue(p.Address.Country),
		Region:              types.StringValue(p.Address.Region),
		Status:              types.StringValue(a.Status),
		CreationDate:        types.StringValue(a.CreationDate),
		ResellerID:          types.StringValue(a.ResellerID),
		CotermDate:          types.StringValue(a.CotermDate),
	}
}

// adobeTopFields are the managed attributes outside address and contacts.
var adobeTopFields = []struct {
	attr string
	get  func(*adobeCustomerModel) *types.String
	put  func(*adobevip.Change, *string)
}{
	{"external_reference_id", func(m *adobeCustomerModel) *types.String { return &m.ExternalReferenceID },
		func(c *adobevip.Change, v *string) { c.ExternalReferenceID = v }},
	{"preferred_language", func(m *adobeCustomerModel) *types.String { return &m.PreferredLanguage },
		func(c *adobevip.Change, v *string) { c.PreferredLanguage = v }},
	{"market_segment", func(m *adobeCustomerModel) *types.String { return &m.MarketSegment },
		func(c *adobevip.Change, v *string) { c.MarketSegment = v }},
}

// adobeChange is what applying plan to an account holding have changes: the
// configured (managed) attributes whose planned value differs from have's.
// An unknown planned value counts as a change only in maybe: the plan
// cannot tell yet.
func adobeChange(config, plan, have adobeCustomerModel) (ch adobevip.Change, changed, maybe []string) {
	note := func(name string, p, h attr.Value) bool {
		if p.IsUnknown() {
			maybe = append(maybe, name)
			return false
		}
		if !p.Equal(h) {
			changed = append(changed, name)
			return true
		}
		return false
	}
	for _, f := range adobeTopFields {
		if p := *f.get(&plan); !f.get(&config).IsNull() && note(f.attr, p, *f.get(&have)) {
			f.put(&ch, p.ValueStringPointer())
		}
	}
	if !config.GlobalSalesEnabled.IsNull() && note("global_sales_enabled", plan.GlobalSalesEnabled, have.GlobalSalesEnabled) {
		ch.GlobalSalesEnabled = plan.GlobalSalesEnabled.ValueBoolPointer()
	}
	puts := []**string{&ch.Address.AddressLine1, &ch.Address.AddressLine2, &ch.Address.City, &ch.Address.PostalCode, &ch.Address.PhoneNumber}
	for i, a := range addressAttrs {
		if addressField(config.Address, a.attr).IsNull() {
			continue
		}
		if p := addressField(plan.Address, a.attr); note("address."+a.attr, p, addressField(have.Address, a.attr)) {
			*puts[i] = p.ValueStringPointer()
		}
	}
	if !config.Contacts.IsNull() {
		want, ok := contactsOf(plan.Contacts)
		cur, _ := contactsOf(have.Contacts)
		switch {
		case !ok:
			maybe = append(maybe, "contacts")
		case !slices.Equal(want, cur):
			ch.Contacts = want
			changed = append(changed, "contacts")
		}
	}
	return ch, changed, maybe
}

// adobeApplied is the state after an apply: Terraform requires every known
// planned value back, so those stay; unknown ones take the server's. A sent
// attribute that Adobe stored differently is an error naming it, and the
// state takes the stored value for it.
func adobeApplied(server, plan adobeCustomerModel, sent []string, diags *diagList) adobeCustomerModel {
	out := plan
	differs := func(name string, p, s attr.Value) bool {
		if slices.Contains(sent, name) && !p.Equal(s) {
			addError(diags, attrPath(name), "Adobe stored a different value",
				fmt.Sprintf("%s was sent as %s, but Adobe VIP Marketplace stored %s. The state holds the stored value; the next plan shows the difference.", name, p, s))
			return true
		}
		return false
	}
	for _, f := range adobeTopFields {
		if p, s := *f.get(&plan), *f.get(&server); p.IsUnknown() || differs(f.attr, p, s) {
			*f.get(&out) = s
		}
	}
	if p := plan.GlobalSalesEnabled; p.IsUnknown() || differs("global_sales_enabled", p, server.GlobalSalesEnabled) {
		out.GlobalSalesEnabled = server.GlobalSalesEnabled
	}
	if plan.Address.IsUnknown() {
		out.Address = server.Address
	} else {
		for _, a := range addressAttrs {
			p, s := addressField(plan.Address, a.attr), addressField(server.Address, a.attr)
			if p.IsUnknown() || differs("address."+a.attr, p, s) {
				out.Address = withAddressField(out.Address, a.attr, s)
			}
		}
	}
	if want, ok := contactsOf(plan.Contacts); !ok {
		out.Contacts = server.Contacts
	} else if got, _ := contactsOf(server.Contacts); slices.Contains(sent, "contacts") && !slices.Equal(want, got) {
		differs("contacts", plan.Contacts, server.Contacts)
		out.Contacts = server.Contacts
	}
	for _, ro := range []struct{ dst, src *types.String }{
		{&out.ID, &server.ID}, {&out.CompanyName, &server.CompanyName}, {&out.Country, &server.Country},
		{&out.Region, &server.Region}, {&out.Status, &server.Status}, {&out.CreationDate, &server.CreationDate},
		{&out.ResellerID, &server.ResellerID}, {&out.CotermDate, &server.CotermDate},
	} {
		if ro.dst.IsUnknown() {
			*ro.dst = *ro.src
		}
	}
	return out
}

// attrPath turns "address.city" into the attribute path address.city.
func attrPath(name string) path.Path {
	parts := strings.Split(name, ".")
	p := path.Root(parts[0])
	for _, part := range parts[1:] {
		p = p.AtName(part)
	}
	return p
}

// keepContactSpelling keeps ref's contact list when it means the same as
// got's (a phone_number of "" is no phone, like null).
func keepContactSpelling(got, ref types.List) types.List {
	a, ok1 := contactsOf(got)
	b, ok2 := contactsOf(ref)
	if ok1 && ok2 && slices.Equal(a, b) {
		return ref
	}
	return got
}
