package sellercloudtf

import (
	"math"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// The order options and shipping preferences of a customer: two nested
// attributes, each part a row of the field table sent by its own endpoint
// (PUT /Customers/{id}/OrderOptions, .../ShippingPreferences), each managed
// only when configured. The rules between parts are plan-time errors
// (sellercloud_customer_rules.go).

const (
	orderOptionsEndpoint = "PUT /Customers/{id}/OrderOptions"
	shippingEndpoint     = "PUT /Customers/{id}/ShippingPreferences"
)

// The attributes of order_options and shipping_preferences.
const (
	orderOptionsAttr = "order_options"
	shippingAttr     = "shipping_preferences"

	taxExemptAttr       = "tax_exempt"
	taxIDAttr           = "tax_id"
	taxExemptTypeAttr   = "tax_exempt_type"
	handlingFeeAttr     = "order_handling_fee"
	applyChargesAttr    = "apply_shipping_charges_to_order_total"
	allowUnpaidAttr     = "allow_shipping_unpaid_orders"
	companyUnpaidAttr   = "company_allows_unpaid_orders"
	noShipNoticesAttr   = "disable_ship_notifications"
	carrierAttr         = "carrier_id"
	carrierMethodAttr   = "carrier_method_id"
	chargesAttr         = "charges"
	accountNumberAttr   = "account_number"
	postalCodeAttr      = "postal_code"
	customerAccountAttr = "enable_customer_shipping_account"
)

// orderOptionsField is order_options: every field PUT .../OrderOptions
// documents, and the GET's flag that says whether unpaid orders may ship.
var orderOptionsField = sellercloudField{
	Attr: orderOptionsAttr,
	Schema: schema.SingleNestedAttribute{
		MarkdownDescription: "Order options (`PUT /Customers/{id}/OrderOptions`, GET `OrderOptions`). Each attribute set is managed, each left out is not and shows Sellercloud's value. " +
			"Rules checked while planning: `tax_id` only when the customer is tax exempt; `apply_shipping_charges_to_order_total = true` only for a wholesale customer; `allow_shipping_unpaid_orders = true` only when the customer's company allows it.",
		Optional: true, Computed: true,
		PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
	},
	Parts: orderOptionsParts,
	Data: &tfkit.DataField{
		Doc:    "Order options (`OrderOptions`): tax exemption, tax id, tax-exempt type, order handling fee and the shipping flags; null when the record has none.",
		Schema: func(doc string) dschema.Attribute { return nestedData(doc, orderOptionsParts, orderOptionsData) },
	},
}

// orderOptionsParts are the parts of order_options.
var orderOptionsParts = []sellercloudField{
	orderFlag(taxExemptAttr, "Whether the customer is tax exempt (`TaxExempt`).",
		func(o *sellercloud.OrderOptions) bool { return o.TaxExempt }, func(u *sellercloud.OrderOptionsUpdate) **bool { return &u.TaxExempt }),
	{
		Attr: taxIDAttr,
		Schema: schema.StringAttribute{
			MarkdownDescription: "Tax id (`TaxID`); Sellercloud takes one only while the customer is tax exempt. `\"\"` clears it. " +
				"Null when Sellercloud's record does not show it (its 2022 API has no `OrderOptions.TaxID`): then it cannot be managed, and setting it is a plan-time error.",
			Optional: true, Computed: true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		Read: func(d *sellercloud.Details) attr.Value {
			if d.OrderOptions == nil || d.OrderOptions.TaxID == nil {
				return types.StringNull()
			}
			return types.StringValue(*d.OrderOptions.TaxID)
		},
		Send: func(b *customerBody, plan, _ attr.Value) {
			b.Options.TaxID = plan.(types.String).ValueStringPointer() //nolint:forcetypeassert // the schema's type
		},
		Endpoint: orderOptionsEndpoint,
	},
	{
		Attr: taxExemptTypeAttr,
		Schema: schema.StringAttribute{
			MarkdownDescription: "Tax-exempt type (`TaxExemptType`), one of " + tfkit.Backticked(sellercloud.TaxExemptTypes[1:]) + ", or `\"\"` for none.",
			Optional:            true, Computed: true,
			Validators:    []validator.String{tfkit.OneOf(sellercloud.TaxExemptTypes...)},
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		Read: orderRead(func(o *sellercloud.OrderOptions) attr.Value { return types.StringValue(o.TaxExemptType) }, types.StringNull()),
		Send: func(b *customerBody, plan, _ attr.Value) {
			b.Options.TaxExemptType = plan.(types.String).ValueStringPointer() //nolint:forcetypeassert // the schema's type
		},
		Endpoint: orderOptionsEndpoint,
	},
	amountField(handlingFeeAttr, "Order handling fee (`OrderHandlingFee`), at least 0; Sellercloud keeps two decimals, and a value that rounds to the stored one is not a change.",
		orderOptionsEndpoint, orderRead(func(o *sellercloud.OrderOptions) attr.Value { return types.Float64Value(o.OrderHandlingFee) }, types.Float64Null()),
		func(b *customerBody) **float64 { return &b.Options.OrderHandlingFee }),
	orderFlag(applyChargesAttr, "Whether shipping charges are applied to the order total (`ApplyShippingChargesToOrderTotal`); `true` only for a wholesale customer.",
		func(o *sellercloud.OrderOptions) bool { return o.ApplyShippingChargesToOrderTotal },
		func(u *sellercloud.OrderOptionsUpdate) **bool { return &u.ApplyShippingChargesToOrderTotal }),
	orderFlag(allowUnpaidAttr, "Whether unpaid orders may ship (`AllowShippingUnpaidOrders`); `true` only when the customer's company allows it (`company_allows_unpaid_orders`).",
		func(o *sellercloud.OrderOptions) bool { return o.AllowShippingUnpaidOrders },
		func(u *sellercloud.OrderOptionsUpdate) **bool { return &u.AllowShippingUnpaidOrders }),
	orderFlag(noShipNoticesAttr, "Whether ship notifications are off for the customer (`DisableShipNotifications`).",
		func(o *sellercloud.OrderOptions) bool { return o.DisableShipNotifications },
		func(u *sellercloud.OrderOptionsUpdate) **bool { return &u.DisableShipNotifications }),
	{
		Attr: companyUnpaidAttr,
		Schema: schema.BoolAttribute{
			MarkdownDescription: "Read only: whether `allow_shipping_unpaid_orders` can be turned on, which Sellercloud ties to the customer's company (GET `OrderOptions.AllowShippingUnPaidOrdersEditble`).",
			Computed:            true,
			PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		},
		Read: orderRead(func(o *sellercloud.OrderOptions) attr.Value { return types.BoolValue(o.CompanyAllowsUnpaidOrders) }, types.BoolNull()),
	},
}

// shippingPreferencesField is shipping_preferences: every field PUT
// .../ShippingPreferences documents.
var shippingPreferencesField = sellercloudField{
	Attr: shippingAttr,
	Schema: schema.SingleNestedAttribute{
		MarkdownDescription: "Shipping preferences (`PUT /Customers/{id}/ShippingPreferences`, GET `ShippingPreferences`). Each attribute set is managed, each left out is not and shows Sellercloud's value. " +
			"Null when Sellercloud's record does not show them (its 2022 API has no such section): then they cannot be managed, and setting one is a plan-time error.",
		Optional: true, Computed: true,
		PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
	},
	Parts: shippingParts,
	Data: &tfkit.DataField{
		Doc:    "Shipping preferences (`ShippingPreferences`): carrier, method, charges, account number, postal code, customer shipping account; null when the record has none.",
		Schema: func(doc string) dschema.Attribute { return nestedData(doc, shippingParts, shippingData) },
	},
}

// shippingParts are the parts of shipping_preferences.
var shippingParts = []sellercloudField{
	carrierField(carrierAttr, "Carrier (`CarrierId`), a Sellercloud carrier enum value (the tenant's carriers); `0` for none.",
		func(p *sellercloud.ShippingPreferences) int { return p.CarrierID }, func(u *sellercloud.ShippingPreferencesUpdate) **int { return &u.CarrierID }),
	carrierField(carrierMethodAttr, "Carrier method (`CarrierMethodId`), a Sellercloud enum value of the carrier's services; `0` for none.",
		func(p *sellercloud.ShippingPreferences) int { return p.CarrierMethodID }, func(u *sellercloud.ShippingPreferencesUpdate) **int { return &u.CarrierMethodID }),
	amountField(chargesAttr, "Shipping charges (`Charges`), at least 0; Sellercloud keeps two decimals, and a value that rounds to the stored one is not a change.",
		shippingEndpoint, shippingRead(func(p *sellercloud.ShippingPreferences) attr.Value { return types.Float64Value(p.Charges) }, types.Float64Null()),
		func(b *customerBody) **float64 { return &b.Shipping.Charges }),
	shippingText(accountNumberAttr, "The customer's shipping account number (`AccountNumber`); `\"\"` for none.",
		func(p *sellercloud.ShippingPreferences) string { return p.AccountNumber }, func(u *sellercloud.ShippingPreferencesUpdate) **string { return &u.AccountNumber }),
	shippingText(postalCodeAttr, "Postal code of the shipping account (`PostalCode`); `\"\"` for none.",
		func(p *sellercloud.ShippingPreferences) string { return p.PostalCode }, func(u *sellercloud.ShippingPreferencesUpdate) **string { return &u.PostalCode }),
	{
		Attr: customerAccountAttr,
		Schema: schema.BoolAttribute{
			MarkdownDescription: "Whether orders ship on the customer's own shipping account (`EnableCustomerShippingAccount`).",
			Optional:            true, Computed: true,
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		},
		Read: shippingRead(func(p *sellercloud.ShippingPreferences) attr.Value {
			return types.BoolValue(p.EnableCustomerShippingAccount)
		}, types.BoolNull()),
		Send: func(b *customerBody, plan, _ attr.Value) {
			b.Shipping.EnableCustomerShippingAccount = plan.(types.Bool).ValueBoolPointer() //nolint:forcetypeassert // the schema's type
		},
		Endpoint: shippingEndpoint,
	},
}

// orderOptionsData and shippingData describe the parts in the data source.
var (
	orderOptionsData = map[string]string{
		taxExemptAttr:     "Whether the customer is tax exempt (`TaxExempt`).",
		taxIDAttr:         "Tax id (`TaxID`); null when the record does not show it.",
		taxExemptTypeAttr: "Tax-exempt type (`TaxExemptType`): " + tfkit.Backticked(sellercloud.TaxExemptTypes[1:]) + ", or `\"\"` for none.",
		handlingFeeAttr:   "Order handling fee (`OrderHandlingFee`).",
		applyChargesAttr:  "Whether shipping charges are applied to the order total (`ApplyShippingChargesToOrderTotal`).",
		allowUnpaidAttr:   "Whether unpaid orders may ship (`AllowShippingUnPaidOrders`).",
		noShipNoticesAttr: "Whether ship notifications are off (`DisableShipNotifications`).",
		companyUnpaidAttr: "Whether the customer's company allows shipping unpaid orders (`AllowShippingUnPaidOrdersEditble`).",
	}
	shippingData = map[string]string{
		carrierAttr:         "Carrier (`CarrierId`); `0` for none.",
		carrierMethodAttr:   "Carrier method (`CarrierMethodId`); `0` for none.",
		chargesAttr:         "Shipping charges (`Charges`).",
		accountNumberAttr:   "The customer's shipping account number (`AccountNumber`).",
		postalCodeAttr:      "Postal code of the shipping account (`PostalCode`).",
		customerAccountAttr: "Whether orders ship on the customer's own shipping account (`EnableCustomerShippingAccount`).",
	}
)

// orderRead reads a part of the order options: none (null) when the record
// has no OrderOptions section.
func orderRead(read func(*sellercloud.OrderOptions) attr.Value, none attr.Value) func(*sellercloud.Details) attr.Value {
	return func(d *sellercloud.Details) attr.Value {
		if d.OrderOptions == nil {
			return none
		}
		return read(d.OrderOptions)
	}
}

// shippingRead reads a part of the shipping preferences: none (null) when
// the record shows none.
func shippingRead(read func(*sellercloud.ShippingPreferences) attr.Value, none attr.Value) func(*sellercloud.Details) attr.Value {
	return func(d *sellercloud.Details) attr.Value {
		if d.ShippingPreferences == nil {
			return none
		}
		return read(d.ShippingPreferences)
	}
}

// orderFlag is a flag of the order options.
//
//nolint:forcetypeassert // plan has the schema's type
func orderFlag(name, desc string, read func(*sellercloud.OrderOptions) bool, put func(*sellercloud.OrderOptionsUpdate) **bool) sellercloudField {
	return sellercloudField{
		Attr: name,
		Schema: schema.BoolAttribute{
			MarkdownDescription: desc, Optional: true, Computed: true,
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		},
		Read:     orderRead(func(o *sellercloud.OrderOptions) attr.Value { return types.BoolValue(read(o)) }, types.BoolNull()),
		Send:     func(b *customerBody, plan, _ attr.Value) { *put(&b.Options) = plan.(types.Bool).ValueBoolPointer() },
		Endpoint: orderOptionsEndpoint,
	}
}

// amountField is an amount Sellercloud keeps to the cent, at least 0.
//
//nolint:forcetypeassert // plan has the schema's type
func amountField(name, desc, endpoint string, read func(*sellercloud.Details) attr.Value, put func(*customerBody) **float64) sellercloudField {
	return sellercloudField{
		Attr: name,
		Schema: schema.Float64Attribute{
			MarkdownDescription: desc, Optional: true, Computed: true,
			Validators:    []validator.Float64{tfkit.NumberAtLeast(0)},
			PlanModifiers: []planmodifier.Float64{float64planmodifier.UseStateForUnknown(), tfkit.KeepPriorIfEquivalent{Equiv: sameAmount}},
		},
		Read:     read,
		Equiv:    sameAmount,
		Send:     func(b *customerBody, plan, _ attr.Value) { *put(b) = plan.(types.Float64).ValueFloat64Pointer() },
		Endpoint: endpoint,
	}
}

// carrierField is a carrier enum of the shipping preferences.
//
//nolint:forcetypeassert // plan has the schema's type
func carrierField(name, desc string, read func(*sellercloud.ShippingPreferences) int, put func(*sellercloud.ShippingPreferencesUpdate) **int) sellercloudField {
	return sellercloudField{
		Attr: name,
		Schema: schema.Int64Attribute{
			MarkdownDescription: desc, Optional: true, Computed: true,
			Validators:    []validator.Int64{tfkit.IntBetween(0, math.MaxInt32)},
			PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
		},
		Read: shippingRead(func(p *sellercloud.ShippingPreferences) attr.Value { return types.Int64Value(int64(read(p))) }, types.Int64Null()),
		Send: func(b *customerBody, plan, _ attr.Value) {
			v := int(plan.(types.Int64).ValueInt64())
			*put(&b.Shipping) = &v
		},
		Endpoint: shippingEndpoint,
	}
}

// shippingText is a text of the shipping preferences, stored as sent.
//
//nolint:forcetypeassert // plan has the schema's type
func shippingText(name, desc string, read func(*sellercloud.ShippingPreferences) string, put func(*sellercloud.ShippingPreferencesUpdate) **string) sellercloudField {
	return sellercloudField{
		Attr: name,
		Schema: schema.StringAttribute{
			MarkdownDescription: desc, Optional: true, Computed: true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		Read: shippingRead(func(p *sellercloud.ShippingPreferences) attr.Value { return types.StringValue(read(p)) }, types.StringNull()),
		Send: func(b *customerBody, plan, _ attr.Value) {
			*put(&b.Shipping) = plan.(types.String).ValueStringPointer()
		},
		Endpoint: shippingEndpoint,
	}
}

// sameAmount: two amounts that round to the same cent (the server keeps
// two decimals).
func sameAmount(a, b attr.Value) bool {
	x, ok1 := a.(types.Float64)
	y, ok2 := b.(types.Float64)
	return ok1 && ok2 && tfkit.Known(x, y) && sameCommission(x.ValueFloat64(), y.ValueFloat64())
}

// nestedData is the data source's read-only counterpart of a nested
// attribute whose parts are plain values, described by docs.
func nestedData(doc string, parts []sellercloudField, docs map[string]string) dschema.Attribute {
	attrs := map[string]dschema.Attribute{}
	for _, part := range parts {
		name, desc := part.Attr, docs[part.Attr]
		switch part.Schema.(type) {
		case schema.StringAttribute:
			attrs[name] = dschema.StringAttribute{MarkdownDescription: desc, Computed: true}
		case schema.BoolAttribute:
			attrs[name] = dschema.BoolAttribute{MarkdownDescription: desc, Computed: true}
		case schema.Int64Attribute:
			attrs[name] = dschema.Int64Attribute{MarkdownDescription: desc, Computed: true}
		case schema.Float64Attribute:
			attrs[name] = dschema.Float64Attribute{MarkdownDescription: desc, Computed: true}
		}
	}
	return dschema.SingleNestedAttribute{MarkdownDescription: doc, Computed: true, Attributes: attrs}
}
