package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// keepPriorIfEquivalent is semantic equality at plan time: when the configured
// value means the same as the prior state's (an email that differs only in
// case, text with surrounding spaces, aliases in another order, a commission
// that rounds to the stored one), the plan keeps the prior value, so an
// equivalent edit plans no change instead of an update that would send
// nothing. Terraform allows a configured attribute's planned value to be its
// prior state value for exactly this. equiv says when two values mean the
// same to the platform.
type keepPriorIfEquivalent struct {
	equiv func(a, b attr.Value) bool
}

func (m keepPriorIfEquivalent) Description(context.Context) string {
	return "keeps the prior value when the configured one is equivalent"
}

func (m keepPriorIfEquivalent) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

// keep reports whether plan should become prior.
func (m keepPriorIfEquivalent) keep(prior, config, plan attr.Value) bool {
	return known(prior, config, plan) && !plan.Equal(prior) && m.equiv(plan, prior)
}

func (m keepPriorIfEquivalent) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if m.keep(req.StateValue, req.ConfigValue, resp.PlanValue) {
		resp.PlanValue = req.StateValue
	}
}

func (m keepPriorIfEquivalent) PlanModifySet(_ context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if m.keep(req.StateValue, req.ConfigValue, resp.PlanValue) {
		resp.PlanValue = req.StateValue
	}
}

func (m keepPriorIfEquivalent) PlanModifyList(_ context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if m.keep(req.StateValue, req.ConfigValue, resp.PlanValue) {
		resp.PlanValue = req.StateValue
	}
}

// sameAliases: Sellercloud stores business aliases trimmed, sorted and
// without duplicates.
func sameAliases(a, b attr.Value) bool {
	x, ok1 := a.(types.Set)
	y, ok2 := b.(types.Set)
	return ok1 && ok2 && known(x, y) && slices.Equal(aliasList(x), aliasList(y))
}

// sameManagers: the same manager in each slot, commissions equal to two
// decimals, missing slots at the end empty.
func sameManagers(a, b attr.Value) bool {
	l1, ok1 := a.(types.List)
	l2, ok2 := b.(types.List)
	if !ok1 || !ok2 {
		return false
	}
	x, ok1 := managerSlots(l1)
	y, ok2 := managerSlots(l2)
	if !ok1 || !ok2 {
		return false
	}
	for i := range x {
		if x[i].ID != y[i].ID || !sameCommission(x[i].Commission, y[i].Commission) {
			return false
		}
	}
	return true
}
