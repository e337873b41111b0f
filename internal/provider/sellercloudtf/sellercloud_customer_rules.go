package sellercloudtf

import (
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// checkSellercloudRules reports, before anything is sent, what Sellercloud
// documents it refuses (developer.sellercloud.com "Update Customer Order
// Options"): a tax id on a customer that is not tax exempt, shipping
// charges applied to the order total of a customer that is not wholesale,
// unpaid orders allowed to ship where the company does not allow it; and
// what cannot be managed because the record does not show it. Each rule
// looks at the planned values (the record's where the plan changes
// nothing) and fires only when the plan changes one of the fields it ties
// together; a value not known yet is left to the server.
func checkSellercloudRules(check tfkit.PlanCheck, diags *diag.Diagnostics) {
	p := planCheck{check}
	checkShown(check, diags)
	changed := func(names ...string) bool {
		for _, n := range names {
			if slices.Contains(p.Changed, n) {
				return true
			}
		}
		return false
	}
	planned := nested(p.Plan, orderOptionsAttr)
	at := func(name string) path.Path { return path.Root(orderOptionsAttr).AtName(name) }

	taxExempt, known1 := p.boolOrNew(planned[taxExemptAttr], nested(p.Config, orderOptionsAttr)[taxExemptAttr])
	taxID, known2 := stringOf(planned[taxIDAttr])
	if known1 && known2 && changed(orderPart(taxIDAttr), orderPart(taxExemptAttr)) {
		if err := sellercloud.CheckTaxID(taxID, taxExempt); err != nil {
			tfkit.AddError(diags, at(taxIDAttr), "A tax id needs a tax-exempt customer",
				fmt.Sprintf("order_options.tax_id is %q, but order_options.tax_exempt would be false: %s. Set order_options.tax_exempt = true, or tax_id = \"\".", taxID, err))
		}
	}
	apply, known1 := boolOf(planned[applyChargesAttr])
	wholesale, known2 := p.boolOrNew(p.Plan["is_wholesale"], p.Config["is_wholesale"])
	if known1 && known2 && changed(orderPart(applyChargesAttr)) {
		if err := sellercloud.CheckApplyShippingCharges(apply, wholesale); err != nil {
			tfkit.AddError(diags, at(applyChargesAttr), "Shipping charges on the order total need a wholesale customer",
				fmt.Sprintf("order_options.apply_shipping_charges_to_order_total is true, but customer %s would be a retail customer (is_wholesale = false): %s. Set is_wholesale = true, or leave it false.", describe(p.ID), err))
		}
	}
	allow, known1 := boolOf(planned[allowUnpaidAttr])
	companyAllows, known2 := boolOf(nested(p.Have, orderOptionsAttr)[companyUnpaidAttr])
	// A change of company_id in the same plan makes the new company's
	// setting unknown: the server judges it.
	if known1 && known2 && changed(orderPart(allowUnpaidAttr)) && !changed("company_id") {
		if err := sellercloud.CheckAllowShippingUnpaid(allow, companyAllows); err != nil {
			tfkit.AddError(diags, at(allowUnpaidAttr), "The customer's company does not allow shipping unpaid orders",
				fmt.Sprintf("order_options.allow_shipping_unpaid_orders is true, but the company of customer %s does not allow it (order_options.company_allows_unpaid_orders is false): %s. Turn the setting on for the company in Sellercloud first, or leave it false.", describe(p.ID), err))
		}
	}
}

// planCheck is a PlanCheck with what a new customer holds.
type planCheck struct{ tfkit.PlanCheck }

// boolOrNew is a planned flag; creating, a flag the configuration leaves
// out (planned unknown) is false, as on every customer Sellercloud creates
// (not tax exempt; retail unless the create says wholesale).
func (p planCheck) boolOrNew(planned, configured attr.Value) (bool, bool) {
	if p.Creating && (configured == nil || configured.IsNull()) {
		return false, true
	}
	return boolOf(planned)
}

// checkShown refuses to manage what Sellercloud's record does not show (a
// server whose GET has no OrderOptions.TaxID or no ShippingPreferences, as
// its 2022 API): the plan could show neither its value nor a change made
// outside Terraform, and every apply would send it again.
func checkShown(p tfkit.PlanCheck, diags *diag.Diagnostics) {
	have, ok := p.Have[orderOptionsAttr].(types.Object)
	config := nested(p.Config, orderOptionsAttr)
	if ok && tfkit.Known(have) && have.Attributes()[taxIDAttr].IsNull() && config[taxIDAttr] != nil && !config[taxIDAttr].IsNull() {
		tfkit.AddError(diags, path.Root(orderOptionsAttr).AtName(taxIDAttr), "Sellercloud does not show the tax id",
			fmt.Sprintf("Sellercloud's record of customer %s has no OrderOptions.TaxID, so the provider can neither read the tax id nor see it change: remove order_options.tax_id from the configuration (Sellercloud still takes it in its user interface).", describe(p.ID)))
	}
	have, ok = p.Have[shippingAttr].(types.Object)
	config = nested(p.Config, shippingAttr)
	if !ok || !tfkit.Known(have) || !have.Attributes()[carrierAttr].IsNull() {
		return
	}
	for _, part := range shippingParts {
		if v := config[part.Attr]; v != nil && !v.IsNull() {
			tfkit.AddError(diags, path.Root(shippingAttr), "Sellercloud does not show the shipping preferences",
				fmt.Sprintf("Sellercloud's record of customer %s has no ShippingPreferences section, so the provider can neither read them nor see them change: remove shipping_preferences from the configuration.", describe(p.ID)))
			return
		}
	}
}

// orderPart names a part of order_options as PlanCheck.Changed does.
func orderPart(name string) string { return orderOptionsAttr + "." + name }

// describe is a customer id for a message; "" while the customer is being
// created.
func describe(id string) string {
	if id == "" {
		return "(new)"
	}
	return id
}

// nested is the attributes of a known nested object (none otherwise).
func nested(v tfkit.Values, name string) map[string]attr.Value {
	if obj, ok := v[name].(types.Object); ok && tfkit.Known(obj) {
		return obj.Attributes()
	}
	return nil
}

func boolOf(v attr.Value) (bool, bool) {
	b, ok := v.(types.Bool)
	return b.ValueBool(), ok && tfkit.Known(b)
}

func stringOf(v attr.Value) (string, bool) {
	s, ok := v.(types.String)
	return s.ValueString(), ok && tfkit.Known(s)
}
