package tfkit

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// ModifyPlan warns that a destroy only forgets the record (without a Delete
// hook), rejects other platforms and ids that are not the platform's before
// anything is sent, plans an adoption from the record's current values,
// checks the rows' rules (create-only, per-key, replacing) and runs the
// platform's rules.
func (r *managedResource[C, R, B]) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	k, say := r.kind, r.kind.voice()
	if req.Plan.Raw.IsNull() {
		if ids, ok := k.ids().of(values(ctx, req.State.Get, &resp.Diagnostics)); ok && k.Delete == nil {
			say.destroyForgets(&resp.Diagnostics, join(ids))
		}
		return
	}
	if r.data == nil {
		return // the provider is not configured yet (validation)
	}
	client, ok := r.client(&resp.Diagnostics)
	plan := values(ctx, req.Plan.Get, &resp.Diagnostics)
	if !ok || resp.Diagnostics.HasError() || !k.ids().checkPlanned(plan, &resp.Diagnostics) {
		return
	}
	config := values(ctx, req.Config.Get, &resp.Diagnostics)
	ids, known := k.ids().of(plan)
	check := PlanCheck{ID: join(ids), Config: config, Plan: plan}
	var rules keyRules
	switch {
	case !req.State.Raw.IsNull():
		// An update (the refresh already read the record), or the first half
		// of a replacement when an id part changed: Terraform plans the
		// adoption (or create) of the new record again with no prior state
		// (and drops that plan's warnings), so this half only warns.
		check.Have = values(ctx, req.State.Get, &resp.Diagnostics)
		if was, _ := k.ids().of(check.Have); known && join(was) != check.ID {
			say.replacingRecord(&resp.Diagnostics, join(was), check.ID)
			return
		}
		if rules, ok = r.planUpdate(ctx, client, check, resp); !ok {
			return
		}
	case k.creates(config):
		check.Creating = true
		r.planCreate(ctx, client, config, &resp.Diagnostics)
	case !known:
		return // known at apply; Create reads it then
	default:
		if check.Have, rules, ok = r.planAdoption(ctx, client, check.ID, config, plan, resp); !ok {
			return
		}
	}
	if k.CheckPlan == nil && k.PlanUnknown == nil {
		return
	}
	for _, c := range k.table().changes("", config, plan, check.Have, rules, nil, nil) {
		if c.known {
			check.Changed = append(check.Changed, c.attr)
		}
	}
	if k.CheckPlan != nil {
		k.CheckPlan(check, &resp.Diagnostics)
	}
	if k.PlanUnknown != nil {
		r.planUnknown(ctx, k.PlanUnknown(check), plan, resp)
	}
}

// planUnknown plans the attributes named as known after apply.
func (r *managedResource[C, R, B]) planUnknown(ctx context.Context, names []string, plan Values, resp *resource.ModifyPlanResponse) {
	if len(names) == 0 || resp.Diagnostics.HasError() {
		return
	}
	k := r.kind
	for _, name := range names {
		plan[name] = unknownOf(k.types[name])
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, k.object(plan))...)
}

// planAdoption reads the record to adopt, plans the fields left out as its
// current values, warns which configured fields applying changes, checks
// the create-only and per-key rows against it, and keeps the read for
// Create. It returns the record's values and its per-key rules.
func (r *managedResource[C, R, B]) planAdoption(ctx context.Context, client C, id string, config, plan Values, resp *resource.ModifyPlanResponse) (Values, keyRules, bool) {
	k, say := r.kind, r.kind.voice()
	record, ok := r.readToAdopt(ctx, client, id, "could not be read to plan its adoption", &resp.Diagnostics)
	if !ok {
		return nil, nil, false
	}
	have, rules := k.Record(&record), k.rulesOf(&record)
	for name, v := range k.Planned(config, plan, have) {
		plan[name] = v
	}
	say.createOnlyChanged(&resp.Diagnostics, k.table().createOnlyChanges("", config, plan, have))
	k.checkKeys(config, rules, &resp.Diagnostics)
	var warned []FieldChange
	for _, c := range k.table().changes("", config, plan, have, rules, nil, nil) {
		warned = append(warned, FieldChange{Attr: c.attr, Current: c.have, Configured: c.plan})
	}
	say.adoptionWarning(&resp.Diagnostics, id, warned)
	r.data.adoptions.keep(k.Name(), id, record)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, k.object(plan))...)
	return have, rules, !resp.Diagnostics.HasError()
}

// planUpdate checks an update against the rows' rules: a create-only field
// that changes is an error, a per-key map is checked against its rules
// (and plans no change when every key is equivalent), and a replacing field
// that changes replaces the resource, with a warning.
func (r *managedResource[C, R, B]) planUpdate(ctx context.Context, client C, check PlanCheck, resp *resource.ModifyPlanResponse) (keyRules, bool) {
	k, say := r.kind, r.kind.voice()
	diags := &resp.Diagnostics
	config, plan, state := check.Config, check.Plan, check.Have
	say.createOnlyChanged(diags, k.table().createOnlyChanges("", config, plan, state))
	var rules keyRules
	if k.keysNeedRules(config, state) {
		var ok bool
		if rules, ok = r.updateRules(ctx, client, check.ID, diags); !ok {
			return nil, false
		}
		k.checkKeys(config, rules, diags)
		if k.keepEquivalentKeys(plan, state, rules) {
			diags.Append(resp.Plan.Set(ctx, k.object(plan))...)
		}
	}
	for i := range k.Fields {
		f := &k.Fields[i]
		p, s := plan[f.Attr], state[f.Attr]
		if !f.Replaces || config[f.Attr].IsNull() || (WholeKnown(p) && f.equiv(p, s)) {
			continue
		}
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root(f.Attr))
		say.replacingField(diags, check.ID, f.Attr, s, p)
	}
	return rules, !diags.HasError()
}

// updateRules are the per-key rules for planning an update: from the
// record this process refreshed just before, or one Read.
func (r *managedResource[C, R, B]) updateRules(ctx context.Context, client C, id string, diags *diagList) (keyRules, bool) {
	k := r.kind
	if v, ok := r.data.refreshedRules.take(k.Name(), id); ok {
		if rules, is := v.(keyRules); is {
			return rules, true
		}
	}
	record, err := k.Read(ctx, client, id)
	if err != nil {
		k.voice().readFailed(diags, id, "could not be read to check "+Backticked(k.keyedAttrs()), err)
		return nil, false
	}
	return k.rulesOf(&record), true
}

// planCreate checks a create's per-key rows against the blank record
// (NewRecord). Nothing else is read: the fields left out plan as unknown.
func (r *managedResource[C, R, B]) planCreate(ctx context.Context, client C, config Values, diags *diagList) {
	k := r.kind
	if k.NewRecord == nil || !k.keysConfigured(config) {
		return
	}
	blank, err := k.NewRecord(ctx, client)
	switch {
	case errors.Is(err, customers.ErrNotFound):
		return // the platform cannot tell: the create's answer is the check
	case err != nil:
		k.voice().blankReadFailed(diags, Backticked(k.keyedAttrs()), err)
		return
	}
	k.checkKeys(config, k.rulesOf(&blank), diags)
}

// keyedAttrs are the per-key rows' attributes.
func (m *Managed[C, R, B]) keyedAttrs() []string {
	var out []string
	for i := range m.Fields {
		if m.Fields[i].PerKey != nil {
			out = append(out, m.Fields[i].Attr)
		}
	}
	return out
}

// keysConfigured reports whether a per-key row is configured.
func (m *Managed[C, R, B]) keysConfigured(config Values) bool {
	for _, a := range m.keyedAttrs() {
		if !config[a].IsNull() {
			return true
		}
	}
	return false
}

// createOnlyChange is a create-only field a plan changes.
type createOnlyChange struct {
	attr, instead string
	have, plan    attr.Value
}

// createOnlyChanges are the configured create-only fields whose planned
// value is known and not equivalent to have's known value (have: the
// record adopted, or the state). A value have does not know (an import,
// a field the platform does not return) is no change: the plan records it.
func (fs fields[R, B]) createOnlyChanges(prefix string, config, plan, have Values) []createOnlyChange {
	var out []createOnlyChange
	for i := range fs {
		f := &fs[i]
		c, p, h := config[f.Attr], plan[f.Attr], have[f.Attr]
		switch {
		case c == nil || c.IsNull():
		case len(f.Parts) > 0:
			parts := fields[R, B](f.Parts)
			out = append(out, parts.createOnlyChanges(prefix+f.Attr+".", parts.of(c), parts.of(p), parts.of(h))...)
		case f.CreateOnly != "" && WholeKnown(p) && Known(h) && !f.equiv(p, h):
			out = append(out, createOnlyChange{attr: prefix + f.Attr, instead: f.CreateOnly, have: h, plan: p})
		}
	}
	return out
}
