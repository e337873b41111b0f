package adobeviptf

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

// adobeField is one row of commerce_adobe_vip_customer's field table.
type adobeField = tfkit.Field[adobevip.Account, adobevip.Change]

// noMarkup is the OpenAPI's pattern for text fields: no <, >, [ or ".
var noMarkup = regexp.MustCompile(`^[^<>\["]*$`)

// contactName is the OpenAPI's firstName/lastName: 1 to 35 letters, digits,
// spaces and a little punctuation.
var contactName = regexp.MustCompile(`^[\p{L}\p{N}\-_ ,.&'"]{1,35}$`)

// textField is a managed text field of the account: where it is in the
// record and in the PATCH's change.
//
//nolint:forcetypeassert // Send receives values of the type the schema declares
func adobeText(name, desc string, read func(*adobevip.Account) *string, put func(*adobevip.Change) **string, validators ...validator.String) adobeField {
	return adobeField{
		Attr: name,
		Schema: schema.StringAttribute{
			MarkdownDescription: desc, Optional: true, Computed: true, Validators: validators,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		Read:         func(a *adobevip.Account) attr.Value { return types.StringValue(*read(a)) },
		Send:         func(ch *adobevip.Change, plan, _ attr.Value) { *put(ch) = plan.(types.String).ValueStringPointer() },
		SentByCreate: true,
	}
}

// addressText is an address attribute of at most maxLen characters, and at
// least one when Adobe requires it (OpenAPI Address).
func addressText(name, desc string, minLen, maxLen int, read func(*adobevip.Address) *string, put func(*adobevip.AddressChange) **string) adobeField {
	return adobeText(name, fmt.Sprintf("%s At most %d characters, without `<`, `>`, `[` or `\"`.", desc, maxLen),
		func(a *adobevip.Account) *string { return read(&a.CompanyProfile.Address) },
		func(ch *adobevip.Change) **string { return put(&ch.Address) },
		tfkit.LengthBetween(minLen, maxLen), tfkit.Matches(noMarkup, "must not contain <, >, [ or \""))
}

// createOnlyWhy is what a plan that changes a create-only field is told.
const createOnlyWhy = "Adobe does not let an account's company name, country or region change through its API. " +
	"Keep the account's value, or leave the attribute out; a different company is a new account (a resource block without customer_id)."

// createOnly is an attribute a create sends and Adobe does not let change
// afterwards: a later change is a plan-time error, never a replacement
// (which would create a second account).
func createOnly(name, desc string, read func(*adobevip.Account) string, validators ...validator.String) adobeField {
	return adobeField{
		Attr: name,
		Schema: schema.StringAttribute{
			MarkdownDescription: desc, Optional: true, Computed: true, Validators: validators,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		Read:       func(a *adobevip.Account) attr.Value { return types.StringValue(read(a)) },
		CreateOnly: createOnlyWhy,
	}
}

// readOnly is an attribute Adobe does not let change.
func readOnly(name, desc string, read func(*adobevip.Account) string) adobeField {
	return adobeField{
		Attr: name,
		Schema: schema.StringAttribute{
			MarkdownDescription: desc + " Read-only.", Computed: true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		Read: func(a *adobevip.Account) attr.Value { return types.StringValue(read(a)) },
	}
}

var (
	contactAttrTypes = map[string]attr.Type{
		"first_name": types.StringType, "last_name": types.StringType, "email": types.StringType, "phone_number": types.StringType,
	}
	contactType = types.ObjectType{AttrTypes: contactAttrTypes}
)

// adobeFieldTable is every attribute of commerce_adobe_vip_customer but its
// ids: the managed ones in the order plans and errors list them, then the
// read-only ones.
//
//nolint:forcetypeassert // each closure gets values of the type the schema declares for its attribute
var adobeFieldTable = []adobeField{
	adobeText("external_reference_id", "The partner's own reference for the account (`externalReferenceId`), at most 35 characters, without `<`, `>`, `[` or `\"`; `\"\"` clears it.",
		func(a *adobevip.Account) *string { return &a.ExternalReferenceID }, func(ch *adobevip.Change) **string { return &ch.ExternalReferenceID },
		tfkit.LengthBetween(0, 35), tfkit.Matches(noMarkup, "must not contain <, >, [ or \"")),
	adobeText("preferred_language", "The language of Adobe's emails to the customer (`companyProfile.preferredLanguage`), such as `en-US`.",
		func(a *adobevip.Account) *string { return &a.CompanyProfile.PreferredLanguage }, func(ch *adobevip.Change) **string { return &ch.PreferredLanguage },
		tfkit.LengthBetween(1, 40)),
	adobeText("market_segment", "The market segment (`companyProfile.marketSegment`): `COM`, `EDU` or `GOV`. Adobe changes it only when the customer has no active subscriptions and the reseller is enabled for the new segment (error 2135 otherwise).",
		func(a *adobevip.Account) *string { return &a.CompanyProfile.MarketSegment }, func(ch *adobevip.Change) **string { return &ch.MarketSegment },
		tfkit.OneOf("COM", "EDU", "GOV")),
	{
		Attr: "global_sales_enabled",
		Schema: schema.BoolAttribute{
			MarkdownDescription: "Whether the customer may buy from resellers in other countries (`globalSalesEnabled`).", Optional: true, Computed: true,
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		},
		Read: func(a *adobevip.Account) attr.Value { return types.BoolValue(a.GlobalSalesEnabled) },
		Send: func(ch *adobevip.Change, plan, _ attr.Value) {
			ch.GlobalSalesEnabled = plan.(types.Bool).ValueBoolPointer()
		},
	},
	{
		Attr:         "address",
		SentByCreate: true,
		Schema: schema.SingleNestedAttribute{
			MarkdownDescription: "The company's address (`companyProfile.address`) without its country and region, which cannot change (see `country` and `region`). Each attribute set is managed, each left out is not.",
			Optional:            true, Computed: true,
			PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		},
		Parts: []adobeField{
			addressText("address_line_1", "First address line (`addressLine1`), required by Adobe.", 1, 60,
				func(a *adobevip.Address) *string { return &a.AddressLine1 }, func(c *adobevip.AddressChange) **string { return &c.AddressLine1 }),
			addressText("address_line_2", "Second address line (`addressLine2`); `\"\"` for none.", 0, 60,
				func(a *adobevip.Address) *string { return &a.AddressLine2 }, func(c *adobevip.AddressChange) **string { return &c.AddressLine2 }),
			addressText("city", "City (`city`), required by Adobe.", 1, 40,
				func(a *adobevip.Address) *string { return &a.City }, func(c *adobevip.AddressChange) **string { return &c.City }),
			addressText("postal_code", "Postal code (`postalCode`), required by Adobe.", 1, 40,
				func(a *adobevip.Address) *string { return &a.PostalCode }, func(c *adobevip.AddressChange) **string { return &c.PostalCode }),
			addressText("phone_number", "The company's phone number (`phoneNumber`).", 0, 40,
				func(a *adobevip.Address) *string { return &a.PhoneNumber }, func(c *adobevip.AddressChange) **string { return &c.PhoneNumber }),
		},
	},
	{
		Attr:         "contacts",
		SentByCreate: true,
		Schema: schema.ListNestedAttribute{
			MarkdownDescription: "The account's contacts, its admins (`companyProfile.contacts`), at least one. A contact is known by its email: its names cannot change, its email and phone number can (keep the names to change an email). Sent to Adobe only when the list changes, since Adobe emails every contact a PATCH carries; a contact removed from the list stays an admin in the Admin Console (the plan warns).",
			Optional:            true, Computed: true,
			PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			Validators:    []validator.List{tfkit.Elements{MinLen: 1, Why: "an account has at least one admin"}},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"first_name": schema.StringAttribute{MarkdownDescription: "First name (`firstName`), 1 to 35 characters; cannot change.", Required: true,
					Validators: []validator.String{tfkit.Matches(contactName, "must be 1 to 35 letters, digits, spaces or - _ , . & ' \"")}},
				"last_name": schema.StringAttribute{MarkdownDescription: "Last name (`lastName`), 1 to 35 characters; cannot change.", Required: true,
					Validators: []validator.String{tfkit.Matches(contactName, "must be 1 to 35 letters, digits, spaces or - _ , . & ' \"")}},
				"email": schema.StringAttribute{MarkdownDescription: "Email address (`email`), at most 240 characters.", Required: true,
					Validators: []validator.String{tfkit.LengthBetween(1, 240), tfkit.EmailValidator(false)}},
				"phone_number": schema.StringAttribute{MarkdownDescription: "Phone number (`phoneNumber`), at most 40 characters; leave it out for none.", Optional: true,
					Validators: []validator.String{tfkit.LengthBetween(0, 40)}},
			}},
		},
		Read: func(a *adobevip.Account) attr.Value { return contactsValue(a.CompanyProfile.Contacts) },
		// A phone_number of "" is no phone, like null.
		Equiv: sameContacts,
		Send: func(ch *adobevip.Change, plan, _ attr.Value) {
			ch.Contacts, _ = contactsOf(plan.(types.List))
		},
	},
	createOnly("company_name", "The company name (`companyProfile.companyName`), 4 to 80 letters, digits, spaces and `_ , . & ' ( ) \" / -`. Required to create an account; Adobe does not let it change afterwards.",
		func(a *adobevip.Account) string { return a.CompanyProfile.CompanyName }, tfkit.LengthBetween(adobevip.MinCompanyName, adobevip.MaxCompanyName)),
	createOnly("country", "The address's country (`companyProfile.address.country`), an ISO 3166 code of 2 or 3 characters such as `US`. Required to create an account; Adobe does not let it change afterwards.",
		func(a *adobevip.Account) string { return a.CompanyProfile.Address.Country }, tfkit.LengthBetween(2, 3)),
	createOnly("region", "The address's region (`companyProfile.address.region`), such as `NY`. Required to create an account; Adobe does not let it change afterwards.",
		func(a *adobevip.Account) string { return a.CompanyProfile.Address.Region }, tfkit.LengthBetween(1, 255)),
	readOnly("status", "The account status code (`status`): `1000` active, `1002` pending, `1004` inactive, `1010` inactive (invalid address), `1012` blocked, `1014` inactive (duplicate).",
		func(a *adobevip.Account) string { return a.Status }),
	readOnly("creation_date", "When the account was created (`creationDate`).", func(a *adobevip.Account) string { return a.CreationDate }),
	readOnly("reseller_id", "The reseller the account belongs to (`resellerId`).", func(a *adobevip.Account) string { return a.ResellerID }),
	readOnly("cotermination_date", "The account's anniversary (co-termination) date (`cotermDate`), `YYYY-MM-DD`, or `\"\"` before its first order.",
		func(a *adobevip.Account) string { return a.CotermDate }),
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
	if !tfkit.Known(l) {
		return nil, false
	}
	out := make([]adobevip.Contact, 0, len(l.Elements()))
	for _, e := range l.Elements() {
		o, ok := e.(types.Object)
		if !ok || !tfkit.Known(o) {
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

// sameContacts: the same contacts in the same order (a phone_number of ""
// is no phone, like null).
func sameContacts(a, b attr.Value) bool {
	x, ok1 := a.(types.List)
	y, ok2 := b.(types.List)
	if !ok1 || !ok2 {
		return false
	}
	cx, ok1 := contactsOf(x)
	cy, ok2 := contactsOf(y)
	return ok1 && ok2 && slices.Equal(cx, cy)
}
