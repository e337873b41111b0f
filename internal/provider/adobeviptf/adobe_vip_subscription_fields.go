package adobeviptf

import (
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

// subscription is an Adobe subscription with the customer it belongs to:
// commerce_adobe_vip_subscription names it by both (IDs of two parts).
type subscription struct {
	CustomerID string
	adobevip.Subscription
}

// id is the record's id as the resource joins it: "1006374000/8675309".
func (s *subscription) id() string { return s.CustomerID + "/" + s.SubscriptionID }

// subscriptionAttr is one attribute of a subscription, the same in
// commerce_adobe_vip_subscription and in each item of the
// commerce_adobe_vip_subscriptions data source: its name, description, type
// and value; a managed one also how the resource plans and sends it.
type subscriptionAttr struct {
	name, doc string
	typ       attr.Type
	read      func(s *adobevip.Subscription) attr.Value
	// managed, for an attribute the resource changes: its resource schema
	// (Optional and Computed) and where its planned value goes in the PATCH.
	managed schema.Attribute
	send    func(ch *adobevip.AutoRenewalChange, plan attr.Value)
}

var codesType = types.SetType{ElemType: types.StringType}

// subscriptionAttrs are the subscription's attributes: the auto-renewal
// preferences the resource manages, then what Adobe sets.
//
//nolint:forcetypeassert // send gets values of the type its schema declares
var subscriptionAttrs = []subscriptionAttr{
	{
		name: "auto_renewal_enabled", typ: types.BoolType,
		doc:  "Whether the subscription renews on its renewal date (`autoRenewal.enabled`). Turned on without `renewal_quantity`, Adobe renews every licence the customer has (the renewal quantity becomes the current quantity, known after apply); turned off, the subscription lapses at the renewal date (status `1004`) and Adobe ignores the renewal quantity.",
		read: func(s *adobevip.Subscription) attr.Value { return types.BoolValue(s.AutoRenewal.Enabled) },
		managed: schema.BoolAttribute{Optional: true, Computed: true,
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}},
		send: func(ch *adobevip.AutoRenewalChange, plan attr.Value) {
			ch.Enabled = plan.(types.Bool).ValueBoolPointer()
		},
	},
	{
		name: "renewal_quantity", typ: types.Int64Type,
		doc: "How many licences renew on the renewal date (`autoRenewal.renewalQuantity`), from 1 to 10,000 (Adobe's limit for Team products); null when Adobe gives none. It changes only while auto-renewal is on (or is turned on in the same apply).",
		read: func(s *adobevip.Subscription) attr.Value {
			if q := s.AutoRenewal.RenewalQuantity; q != nil {
				return types.Int64Value(int64(*q))
			}
			return types.Int64Null()
		},
		managed: schema.Int64Attribute{Optional: true, Computed: true,
			Validators:    []validator.Int64{tfkit.IntBetween(adobevip.MinRenewalQuantity, adobevip.MaxRenewalQuantity)},
			PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}},
		send: func(ch *adobevip.AutoRenewalChange, plan attr.Value) {
			n := int(plan.(types.Int64).ValueInt64())
			ch.RenewalQuantity = &n
		},
	},
	{
		name: "flex_discount_codes", typ: codesType,
		doc:  "The flexible discount codes Adobe applies at the renewal (`autoRenewal.flexDiscountCodes`): at most one code of 1 to 40 characters, and only with auto-renewal on. `[]` removes them (`PATCH ...?reset-flex-discount-codes=true`). Adobe does not check a code when it is set: a code that does not apply fails at the renewal order.",
		read: func(s *adobevip.Subscription) attr.Value { return codesValue(s.AutoRenewal.FlexDiscountCodes) },
		managed: schema.SetAttribute{ElementType: types.StringType, Optional: true, Computed: true,
			Validators: []validator.Set{tfkit.Elements{MaxLen: adobevip.MaxFlexDiscountCodes, Why: "Adobe takes one flexible discount per subscription, error 2147",
				Each: []validator.String{tfkit.LengthBetween(1, adobevip.MaxFlexDiscountCode)}}},
			PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()}},
		send: func(ch *adobevip.AutoRenewalChange, plan attr.Value) {
			ch.FlexDiscountCodes = codesOf(plan) // empty, not nil, for none: remove them
		},
	},
	readOnlyText("offer_id", "The offer id of the product and its discount level (`offerId`), such as `65304479CA01A12`.",
		func(s *adobevip.Subscription) string { return s.OfferID }),
	readOnlyCount("current_quantity", "How many licences the customer has now (`currentQuantity`).",
		func(s *adobevip.Subscription) int { return s.CurrentQuantity }),
	readOnlyCount("used_quantity", "How many of them are assigned (`usedQuantity`).",
		func(s *adobevip.Subscription) int { return s.UsedQuantity }),
	readOnlyText("status", "The subscription status code (`status`): `1000` active, `1002` pending, `1004` inactive, `1009` scheduled. Adobe changes the auto-renewal of active (and scheduled) subscriptions only.",
		func(s *adobevip.Subscription) string { return s.Status }),
	readOnlyText("renewal_date", "When the subscription renews (`renewalDate`, the customer's anniversary date for most products), `YYYY-MM-DD`, or `\"\"` when Adobe gives none.",
		func(s *adobevip.Subscription) string { return s.RenewalDate }),
	readOnlyText("currency_code", "The subscription's currency (`currencyCode`), such as `USD`; `\"\"` when Adobe gives none.",
		func(s *adobevip.Subscription) string { return s.CurrencyCode }),
	readOnlyText("creation_date", "When the subscription was created (`creationDate`), as Adobe gives it.",
		func(s *adobevip.Subscription) string { return s.CreationDate }),
	readOnlyText("renewal_code", "The High Growth offer code the next renewal gets (`autoRenewal.renewalCode`, such as `MOQ_100`); `\"\"` for none.",
		func(s *adobevip.Subscription) string { return s.AutoRenewal.RenewalCode }),
}

func readOnlyText(name, doc string, read func(*adobevip.Subscription) string) subscriptionAttr {
	return subscriptionAttr{name: name, doc: doc, typ: types.StringType,
		read: func(s *adobevip.Subscription) attr.Value { return types.StringValue(read(s)) }}
}

func readOnlyCount(name, doc string, read func(*adobevip.Subscription) int) subscriptionAttr {
	return subscriptionAttr{name: name, doc: doc, typ: types.Int64Type,
		read: func(s *adobevip.Subscription) attr.Value { return types.Int64Value(int64(read(s))) }}
}

// codesValue is a set of codes, empty (not null) for none, so that a
// configured `[]` means what Adobe's none means.
func codesValue(codes []string) attr.Value {
	elems := make([]attr.Value, len(codes))
	for i, c := range codes {
		elems[i] = types.StringValue(c)
	}
	return types.SetValueMust(types.StringType, elems)
}

// codesOf reads a known set of codes, sorted; nil while it is null or
// unknown.
func codesOf(v attr.Value) []string {
	set, ok := v.(types.Set)
	if !ok || !tfkit.WholeKnown(set) {
		return nil
	}
	out := make([]string, 0, len(set.Elements()))
	for _, e := range set.Elements() {
		if s, ok := e.(types.String); ok {
			out = append(out, s.ValueString())
		}
	}
	slices.Sort(out)
	return out
}

// subscriptionField is one row of commerce_adobe_vip_subscription's field
// table.
type subscriptionField = tfkit.Field[subscription, adobevip.AutoRenewalChange]

// subscriptionFields is the resource's field table, from subscriptionAttrs:
// the managed attributes, then the read-only ones (Computed, and kept from
// the state while planning; PlanUnknown plans the ones a PATCH may change).
func subscriptionFields() []subscriptionField {
	out := make([]subscriptionField, 0, len(subscriptionAttrs))
	for _, a := range subscriptionAttrs {
		f := subscriptionField{Attr: a.name, Read: func(s *subscription) attr.Value { return a.read(&s.Subscription) }}
		if a.managed != nil {
			f.Schema = withDoc(a.managed, a.doc+" Managed only when set.")
			f.Send = func(ch *adobevip.AutoRenewalChange, plan, _ attr.Value) { a.send(ch, plan) }
		} else {
			f.Schema = readOnlyAttribute(a.typ, a.doc+" Read-only.")
		}
		out = append(out, f)
	}
	return out
}

// withDoc is a managed attribute's schema with its description.
func withDoc(a schema.Attribute, doc string) schema.Attribute {
	switch s := a.(type) {
	case schema.BoolAttribute:
		s.MarkdownDescription = doc
		return s
	case schema.Int64Attribute:
		s.MarkdownDescription = doc
		return s
	case schema.SetAttribute:
		s.MarkdownDescription = doc
		return s
	}
	panic("adobeviptf: no description for a " + a.GetType().String())
}

// readOnlyAttribute is the resource schema of an attribute Adobe sets.
func readOnlyAttribute(t attr.Type, doc string) schema.Attribute {
	switch t {
	case types.StringType:
		return schema.StringAttribute{MarkdownDescription: doc, Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	case types.Int64Type:
		return schema.Int64Attribute{MarkdownDescription: doc, Computed: true, PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
	}
	panic("adobeviptf: no read-only attribute of type " + t.String())
}

// dataAttribute is the data source's attribute of a subscription's
// attribute: computed, of the same type.
func dataAttribute(a subscriptionAttr) dschema.Attribute {
	switch a.typ {
	case types.StringType:
		return dschema.StringAttribute{MarkdownDescription: a.doc, Computed: true}
	case types.Int64Type:
		return dschema.Int64Attribute{MarkdownDescription: a.doc, Computed: true}
	case types.BoolType:
		return dschema.BoolAttribute{MarkdownDescription: a.doc, Computed: true}
	case codesType:
		return dschema.SetAttribute{MarkdownDescription: a.doc, ElementType: types.StringType, Computed: true}
	}
	panic("adobeviptf: no data source attribute of type " + a.typ.String())
}
