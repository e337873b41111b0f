package tfkit

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// Equivalence says when two known values mean the same to a platform: an
// email that differs only in case, text with surrounding spaces, aliases in
// another order, a commission that rounds to the stored one. A field row
// (Field.Equiv) says it once; the skeleton compares with it at plan time
// (KeepPriorIfEquivalent), when deciding what to send, when checking what
// the platform stored and when refreshing (the state keeps the
// configuration's spelling).
type Equivalence func(a, b attr.Value) bool

// Equal is the equivalence of fields the platform stores as sent.
func Equal(a, b attr.Value) bool { return Known(a, b) && a.Equal(b) }

// Known reports whether every value is neither null nor unknown.
func Known(vs ...attr.Value) bool {
	for _, v := range vs {
		if v == nil || v.IsNull() || v.IsUnknown() {
			return false
		}
	}
	return true
}

// WholeKnown reports whether v is known all the way down: a list, set, map
// or object with an unknown element is not.
func WholeKnown(v attr.Value) bool {
	if v == nil || v.IsUnknown() {
		return false
	}
	if v.IsNull() {
		return true
	}
	var inner []attr.Value
	switch c := v.(type) {
	case basetypes.ListValue:
		inner = c.Elements()
	case basetypes.SetValue:
		inner = c.Elements()
	case basetypes.MapValue:
		for _, e := range c.Elements() {
			inner = append(inner, e)
		}
	case basetypes.ObjectValue:
		for _, e := range c.Attributes() {
			inner = append(inner, e)
		}
	}
	for _, e := range inner {
		if !WholeKnown(e) {
			return false
		}
	}
	return true
}

// KeepPriorIfEquivalent is semantic equality at plan time: when the
// configured value means the same as the prior state's, the plan keeps the
// prior value, so an equivalent edit plans no change instead of an update
// that would send nothing. Terraform allows a configured attribute's planned
// value to be its prior state value for exactly this.
type KeepPriorIfEquivalent struct {
	Equiv Equivalence
}

func (m KeepPriorIfEquivalent) Description(context.Context) string {
	return "keeps the prior value when the configured one is equivalent"
}

func (m KeepPriorIfEquivalent) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

// keep reports whether plan should become prior.
func (m KeepPriorIfEquivalent) keep(prior, config, plan attr.Value) bool {
	return Known(prior, config, plan) && !plan.Equal(prior) && m.Equiv(plan, prior)
}

func (m KeepPriorIfEquivalent) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if m.keep(req.StateValue, req.ConfigValue, resp.PlanValue) {
		resp.PlanValue = req.StateValue
	}
}

func (m KeepPriorIfEquivalent) PlanModifySet(_ context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if m.keep(req.StateValue, req.ConfigValue, resp.PlanValue) {
		resp.PlanValue = req.StateValue
	}
}

func (m KeepPriorIfEquivalent) PlanModifyList(_ context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if m.keep(req.StateValue, req.ConfigValue, resp.PlanValue) {
		resp.PlanValue = req.StateValue
	}
}

func (m KeepPriorIfEquivalent) PlanModifyFloat64(_ context.Context, req planmodifier.Float64Request, resp *planmodifier.Float64Response) {
	if m.keep(req.StateValue, req.ConfigValue, resp.PlanValue) {
		resp.PlanValue = req.StateValue
	}
}
