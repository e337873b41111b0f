package tfkit

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// Creating a record (Managed.Create). The hook makes the record; the kit
// does the rest the same way an adoption does after its read: the
// configured fields the create did not carry go through their endpoints,
// one read back, and the state. Once the record exists, Create never ends
// in an error: Terraform would taint the resource and its next plan would
// replace it, creating a second record. What could not be finished is a
// warning, the state keeps the planned values (Terraform requires them),
// and the next refresh reads what the platform holds, so the next plan
// shows what is left and the next apply sends it.

// CreateRequest is what a Create (and a Recover) hook gets.
type CreateRequest struct {
	// Config and Plan are the configuration and the plan. The hook puts the
	// configured fields the create carries (SentByCreate, CreateOnly) into
	// its body; Values' Text, Bool and Int64 read them.
	Config, Plan Values
	// Deadline is when the create timeout ends (CreateTimeout; the hook's
	// context ends then too); zero without one. A hook that waits for the
	// record to be ready stops there and returns it Unfinished.
	Deadline time.Time
}

// Created is the record a Create hook made.
type Created[R any] struct {
	// Record is the record: its id (RecordID) at least.
	Record R
	// Complete says Record holds every field as the platform stored it (an
	// answer that carries the record, or a read): the other configured
	// fields are diffed against it, and nothing is read back when none
	// differs. Otherwise they are all sent and the record is read back.
	Complete bool
	// Unfinished, when set, says why the record exists but is not finished
	// ("Adobe is still validating it (status 1002) after 10m, the create
	// timeout"): it is recorded with a warning naming this reason and the
	// fields not sent yet, and nothing more is sent. The next apply
	// finishes it.
	Unfinished string
}

// Found is what a Recover hook found of a create whose outcome is unknown.
type Found[R any] struct {
	// Records are the records found, each as read (Complete).
	Records []R
	// Searched says how they were looked for, for the messages:
	// `customers with the email "ada@example.com" created since
	// 2024-05-01T09:55:00Z`.
	Searched string
}

// creates reports whether applying config creates the record: always with
// AlwaysCreates, else when an optional id part is left out.
func (m *Managed[C, R, B]) creates(config Values) bool {
	if m.Create == nil {
		return false
	}
	if m.AlwaysCreates {
		return true
	}
	for _, p := range m.IDs {
		if p.Optional && config[p.Attr] != nil && config[p.Attr].IsNull() {
			return true
		}
	}
	return false
}

// create creates the record, sends the configured fields the create did
// not carry, reads it back, and records it.
func (r *managedResource[C, R, B]) create(ctx context.Context, client C, req resource.CreateRequest, resp *resource.CreateResponse, config, plan Values) {
	k, say := r.kind, r.kind.voice()
	diags := &resp.Diagnostics
	create := CreateRequest{Config: config, Plan: plan}
	hookCtx, cancel := k.createDeadline(ctx, req.Plan, diags)
	defer cancel()
	if diags.HasError() {
		return
	}
	create.Deadline, _ = hookCtx.Deadline()
	created, err := k.Create(hookCtx, client, create)
	if err != nil {
		var ok bool
		if created, ok = r.recoverCreate(ctx, client, create, err, diags); !ok {
			return
		}
	}
	id := k.RecordID(&created.Record)
	if !r.createdAsPlanned(id, plan, diags) {
		return
	}
	have, rules := k.nulls(), keyRules(nil)
	if created.Complete {
		have, rules = k.alignKeys(k.Record(&created.Record), plan, k.rulesOf(&created.Record)), k.rulesOf(&created.Record)
	}
	carried := k.table().carried("", config, false)
	rest := k.table().withoutCarried("", config, setOf(carried))
	if created.Unfinished != "" {
		say.unfinished(diags, id, created.Unfinished, changedNames(k.table().changes("", rest, plan, have, rules, nil, nil)))
		r.writeApplied(ctx, &resp.State, resp.Identity, have, plan, nil, id, true, diags)
		return
	}
	out := r.sendChanges(ctx, client, id, created.Record, rules, rest, plan, have, !created.Complete)
	if out.err != nil {
		sent := setOf(out.sent)
		var pending []string
		for _, c := range changedNames(k.table().changes("", rest, plan, have, rules, nil, nil)) {
			if !sent[c] {
				pending = append(pending, c)
			}
		}
		say.createdNotFinished(diags, id, out.failed, out.err, out.readBack, pending)
		r.writeApplied(ctx, &resp.State, resp.Identity, have, plan, nil, id, true, diags)
		return
	}
	server := have
	if out.stored {
		server = k.alignKeys(k.Record(&out.record), plan, k.rulesOf(&out.record))
	}
	r.writeApplied(ctx, &resp.State, resp.Identity, server, plan, append(carried, out.sent...), id, true, diags)
}

// recoverCreate decides on a create hook's error: a refusal or a failure
// before sending is an error; an unknown outcome goes to Recover, and the
// one record it finds is taken (Unfinished, with the reason). ok is false
// when an error was added.
func (r *managedResource[C, R, B]) recoverCreate(ctx context.Context, client C, create CreateRequest, err error, diags *diagList) (Created[R], bool) {
	k, say := r.kind, r.kind.voice()
	switch {
	case !httpclient.OutcomeUnknown(err):
		say.createFailed(diags, err)
		return Created[R]{}, false
	case k.Recover == nil:
		say.createUnknown(diags, err, "", nil, nil)
		return Created[R]{}, false
	}
	found, ferr := k.Recover(ctx, client, create, err)
	if ferr == nil && len(found.Records) == 1 {
		return Created[R]{Record: found.Records[0], Complete: true, Unfinished: say.recovered(err, found.Searched)}, true
	}
	names := make([]string, len(found.Records))
	for i := range found.Records {
		names[i] = k.describe(&found.Records[i])
	}
	say.createUnknown(diags, err, found.Searched, names, ferr)
	return Created[R]{}, false
}

// createdAsPlanned checks the id of the record created: an id of the
// platform's form whose parts known while planning are the planned ones.
func (r *managedResource[C, R, B]) createdAsPlanned(id string, plan Values, diags *diagList) bool {
	k := r.kind
	parts := k.ids().split(id)
	ok := id != "" && len(parts) == len(k.IDs)
	for i := 0; ok && i < len(parts); i++ {
		p := k.IDs[i]
		planned, is := plan[p.Attr].(types.String)
		ok = p.Check(parts[i]) == nil && (!is || !Known(planned) || planned.ValueString() == parts[i])
	}
	if !ok {
		planned, _ := k.ids().of(plan)
		k.voice().createdOther(diags, id, join(planned))
	}
	return ok
}

// describe names a record in a message: its id and display name.
func (m *Managed[C, R, B]) describe(r *R) string {
	id := m.RecordID(r)
	if m.DisplayName == nil {
		return id
	}
	if name := m.DisplayName(r); name != "" && name != id {
		return id + " (" + name + ")"
	}
	return id
}

// nulls are the fields' values of a record not read: null.
func (m *Managed[C, R, B]) nulls() Values {
	out := Values{}
	for i := range m.Fields {
		out[m.Fields[i].Attr] = nullOf(m.Fields[i].attribute().GetType())
	}
	return out
}

func setOf(names []string) map[string]bool {
	out := map[string]bool{}
	for _, n := range names {
		out[n] = true
	}
	return out
}

// changedNames are the names of changes.
func changedNames(cs []change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.attr
	}
	return out
}

// Text is the text of the attribute name; ok is false when it is null,
// unknown or not text. For a hook that builds a create body from a plan.
func (v Values) Text(name string) (string, bool) {
	s, ok := v[name].(types.String)
	return s.ValueString(), ok && Known(s)
}

// Bool is the flag of the attribute name; ok is false when it is null,
// unknown or not a flag.
func (v Values) Bool(name string) (value, ok bool) {
	b, is := v[name].(types.Bool)
	return b.ValueBool(), is && Known(b)
}

// Int64 is the whole number of the attribute name; ok is false when it is
// null, unknown or not a whole number.
func (v Values) Int64(name string) (int64, bool) {
	n, ok := v[name].(types.Int64)
	return n.ValueInt64(), ok && Known(n)
}

// Object is the attributes of the nested object name (null ones when it is
// null or unknown: check with Known first).
func (v Values) Object(name string) Values {
	obj, ok := v[name].(interface{ Attributes() map[string]attr.Value })
	if !ok || !Known(v[name]) {
		return Values{}
	}
	return Values(obj.Attributes())
}
