package adobeviptf

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

// now is the clock Adobe's renewal window is judged by.
var now = time.Now

// problemAttrs are the attributes of Adobe's fields in a Problem.
var problemAttrs = map[string]string{
	"autoRenewal.enabled":           "auto_renewal_enabled",
	"autoRenewal.renewalQuantity":   "renewal_quantity",
	"autoRenewal.flexDiscountCodes": "flex_discount_codes",
}

// checkSubscriptionRules reports, before anything is sent, what Adobe would
// refuse of the planned auto-renewal change (adobevip's
// AutoRenewalChange.Problems): a subscription that is not active, a renewal
// date fewer than 3 days away (or today, or past and not rolled over), a
// renewal quantity out of bounds or set while auto-renewal is off, a code
// without auto-renewal. A plan that changes nothing is never refused: an
// inactive subscription can be adopted and refreshed. have is the
// subscription as read while planning (an adoption) or refreshed (an
// update).
func checkSubscriptionRules(p tfkit.PlanCheck, diags *diag.Diagnostics) {
	if len(p.Changed) == 0 {
		return
	}
	current := subscriptionOf(p.Have)
	for _, prob := range plannedChange(p.Config, p.Plan).Problems(current, now()) {
		at, ok := problemAttrs[prob.Field]
		if !ok { // the subscription's state: the whole change is refused
			diags.AddAttributeError(path.Root(p.Changed[0]), "Adobe does not change this subscription's auto-renewal now",
				fmt.Sprintf("Subscription %s: %s. This plan would change %s. Plan again when Adobe takes the change, or leave these changes out.",
					p.ID, prob.Detail, strings.Join(p.Changed, ", ")))
			continue
		}
		diags.AddAttributeError(path.Root(at), "Adobe refuses this "+at,
			fmt.Sprintf("Subscription %s: %s %s.", p.ID, at, prob.Detail))
	}
}

// setByAdobe are the attributes Adobe may set itself when a PATCH is
// applied: the status (update-subscription.md answers its PATCH example
// with status 1009, scheduled), and, when auto-renewal is turned on or off,
// the renewal quantity and codes the configuration leaves to Adobe (turned
// on without a quantity, Adobe renews every licence).
func setByAdobe(p tfkit.PlanCheck) []string {
	if len(p.Changed) == 0 {
		return nil
	}
	out := []string{"status"}
	if slices.Contains(p.Changed, "auto_renewal_enabled") {
		for _, a := range []string{"renewal_quantity", "flex_discount_codes"} {
			if p.Config[a].IsNull() {
				out = append(out, a)
			}
		}
	}
	return out
}

// plannedChange is the change the configured, known planned values make.
func plannedChange(config, plan tfkit.Values) adobevip.AutoRenewalChange {
	var ch adobevip.AutoRenewalChange
	for _, a := range subscriptionAttrs {
		if a.send != nil && !config[a.name].IsNull() && tfkit.WholeKnown(plan[a.name]) {
			a.send(&ch, plan[a.name])
		}
	}
	return ch
}

// subscriptionOf is the subscription a state (or a record's values)
// describes, as far as Adobe's rules look at it.
func subscriptionOf(v tfkit.Values) adobevip.Subscription {
	text := func(name string) string {
		s, _ := v[name].(types.String)
		return s.ValueString()
	}
	var s adobevip.Subscription
	s.Status, s.RenewalDate = text("status"), text("renewal_date")
	if b, ok := v["auto_renewal_enabled"].(types.Bool); ok {
		s.AutoRenewal.Enabled = b.ValueBool()
	}
	if q, ok := v["renewal_quantity"].(types.Int64); ok && tfkit.Known(q) {
		n := int(q.ValueInt64())
		s.AutoRenewal.RenewalQuantity = &n
	}
	s.AutoRenewal.FlexDiscountCodes = codesOf(v["flex_discount_codes"])
	return s
}
