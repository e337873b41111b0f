package provider

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Helpers for resources that adopt an existing record instead of creating
// one (commerce_customer; other platforms' resources follow the same
// pattern): the plan-time warnings of an adoption and of a destroy, and an id
// planned as a copy of the attribute that names the record.

// fieldChange is one configured field that applying an adoption changes.
type fieldChange struct {
	Attr       string
	Current    attr.Value // the platform's value, read while planning
	Configured attr.Value // the planned value: the configuration's, possibly unknown
}

// addAdoptionWarning says which configured fields applying the adoption of
// record (e.g. `Sellercloud customer 10001`) changes, each as
// `attr: "current" -> "configured"`: a create plan shows only the configured
// value, so this is where a person sees what it replaces. Nothing is added
// when nothing changes.
func addAdoptionWarning(diags *diagList, record string, changes []fieldChange) {
	if len(changes) == 0 {
		return
	}
	noun := "fields"
	if len(changes) == 1 {
		noun = "field"
	}
	lines := make([]string, len(changes))
	for i, c := range changes {
		lines[i] = fmt.Sprintf("  %s: %s -> %s", c.Attr, planValue(c.Current), planValue(c.Configured))
	}
	diags.AddWarning(fmt.Sprintf("Adopting %s changes %d %s", record, len(changes), noun),
		fmt.Sprintf("%s already exists: applying adopts it, keeps the current values the plan shows for the fields left out of the configuration, and changes these configured fields (current -> configured):\n%s",
			record, strings.Join(lines, "\n")))
}

// addDestroyForgetsWarning tells, while planning a destroy, that applying it
// deletes nothing (why says which API is missing), and how to stop managing
// the record without a destroy in the plan.
func addDestroyForgetsWarning(diags *diagList, resourceType, record, why string) {
	diags.AddWarning(fmt.Sprintf("Destroying %s only forgets %s", resourceType, record),
		fmt.Sprintf("%s: applying this destroy removes the resource from the state and leaves %s and its field values as they are.\n\n"+
			"To stop managing it without a destroy in the plan, replace the resource block with a removed block (Terraform 1.7 or later):\n"+
			"  removed {\n    from = %s.<name>\n    lifecycle {\n      destroy = false\n    }\n  }", why, record, resourceType))
}

// addReplacementForgetsWarning tells, while planning a replacement (the
// attribute naming the record changed), that the old record is forgotten, not
// deleted. Terraform drops the warnings of the create half of a replacement,
// so this one comes from the update half.
func addReplacementForgetsWarning(diags *diagList, resourceType, oldRecord, newRecord string) {
	diags.AddWarning(fmt.Sprintf("Replacing %s forgets %s", resourceType, oldRecord),
		fmt.Sprintf("The plan replaces the resource: %s is only forgotten (not deleted, its field values stay as they are), and %s is adopted, with the configured fields set on it.",
			oldRecord, newRecord))
}

// planValue renders a value for a plan-time message: text quoted, long text
// shortened, unknown as Terraform shows it.
func planValue(v attr.Value) string {
	const maxLen = 60
	switch {
	case v == nil || v.IsNull():
		return "null"
	case v.IsUnknown():
		return "(known after apply)"
	}
	s := v.String()
	if sv, ok := v.(types.String); ok {
		s = fmt.Sprintf("%q", sv.ValueString())
	}
	if utf8.RuneCountInString(s) > maxLen {
		s = string([]rune(s)[:maxLen-3]) + "..."
	}
	return s
}

// copyOfAttribute plans a computed string attribute as the planned value of
// another top-level attribute, known as soon as that one is: an id that
// always equals the configured record id is then known at plan time, and
// whatever it feeds (a data source, say) is read while planning.
type copyOfAttribute struct{ attr string }

func (m copyOfAttribute) Description(context.Context) string {
	return "the same value as " + m.attr
}

func (m copyOfAttribute) MarkdownDescription(ctx context.Context) string {
	return "the same value as `" + m.attr + "`"
}

func (m copyOfAttribute) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	var v types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(m.attr), &v)...)
	if !v.IsNull() && !v.IsUnknown() {
		resp.PlanValue = v
	}
}
