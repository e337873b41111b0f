package tfkit

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

var (
	_ resource.ResourceWithConfigure   = (*managedResource[any, any, any])(nil)
	_ resource.ResourceWithImportState = (*managedResource[any, any, any])(nil)
	_ resource.ResourceWithModifyPlan  = (*managedResource[any, any, any])(nil)
	_ resource.ResourceWithIdentity    = (*managedResource[any, any, any])(nil)
)

// managedResource is a Managed kind served to the framework: one per
// request, configured with the provider's data.
type managedResource[C, R, B any] struct {
	kind *Managed[C, R, B]
	data *ProviderData
}

func (r *managedResource[C, R, B]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.kind.Suffix
}

func (r *managedResource[C, R, B]) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	r.kind.init()
	resp.Schema = r.kind.schema
}

func (r *managedResource[C, R, B]) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = r.kind.ids().identitySchema()
}

func (r *managedResource[C, R, B]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = Configured(req.ProviderData, &resp.Diagnostics)
}

// client returns the platform's client as C, or adds an error naming the
// platform this provider block is configured for.
func (r *managedResource[C, R, B]) client(diags *diagList) (C, bool) {
	k := r.kind
	return PlatformAs[C](r.data, k.Name()+" resource", k.Platform.Title+" "+k.Words.Record+"s (platform = \""+k.Platform.Name+"\")", diags)
}

// values reads a plan, a configuration or a state into Values.
func values(ctx context.Context, get func(context.Context, any) diag.Diagnostics, diags *diagList) Values {
	var obj types.Object
	diags.Append(get(ctx, &obj)...)
	return obj.Attributes()
}

// Create creates the record (managed_create.go) or adopts it: it decides
// on the read of Terraform's final plan, sends the configured fields that
// differ from it, and records the record as stored.
func (r *managedResource[C, R, B]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	k := r.kind
	client, plan, config, id, ok := r.start(ctx, req.Plan.Get, req.Config.Get, &resp.Diagnostics)
	if !ok {
		return
	}
	if k.creates(config) {
		r.create(ctx, client, req, resp, config, plan)
		return
	}
	record, planned := r.plannedRead(id)
	if !k.table().manages(config) && WholeKnown(k.object(plan)) {
		// Nothing is managed: the plan, read while planning this apply, is the state.
		r.write(ctx, &resp.State, resp.Identity, plan, id, &resp.Diagnostics)
		return
	}
	if !planned {
		if record, ok = r.readToAdopt(ctx, client, id, "was not adopted", &resp.Diagnostics); !ok {
			return
		}
	}
	server, sent, failed := r.send(ctx, client, id, record, config, plan, k.Record(&record), true, &resp.Diagnostics)
	if failed {
		return
	}
	r.writeApplied(ctx, &resp.State, resp.Identity, server, plan, sent, id, false, &resp.Diagnostics)
}

// start reads what Create and Update start from: the platform's client,
// the plan, the configuration and the record's id; ok is false when an
// error was added.
func (r *managedResource[C, R, B]) start(ctx context.Context, plan, config func(context.Context, any) diag.Diagnostics, diags *diagList) (client C, planned, configured Values, id string, ok bool) {
	planned = values(ctx, plan, diags)
	configured = values(ctx, config, diags)
	client, ok = r.client(diags)
	ids, _ := r.kind.ids().of(planned)
	return client, planned, configured, join(ids), ok && !diags.HasError()
}

// writeApplied records the state after sending sent: the plan's values and
// the server's where the plan had none (Applied), the attributes that are
// no field (`timeouts`) as planned, and the identity. Creating, a value
// stored differently is a warning and the state keeps the planned one.
func (r *managedResource[C, R, B]) writeApplied(ctx context.Context, state *tfsdk.State, identity *tfsdk.ResourceIdentity, server, plan Values, sent []string, id string, creating bool, diags *diagList) {
	v := r.kind.applied(server, plan, sent, creating, diags)
	r.kind.setID(v, id)
	r.write(ctx, state, identity, r.kind.withRest(v, plan), id, diags)
}

// readToAdopt reads the record to adopt; a record that does not exist is
// the error that says the resource adopts existing records, another failure
// says what the read was for (doing).
func (r *managedResource[C, R, B]) readToAdopt(ctx context.Context, client C, id, doing string, diags *diagList) (R, bool) {
	record, err := r.kind.Read(ctx, client, id)
	switch {
	case errors.Is(err, customers.ErrNotFound):
		r.kind.voice().notFound(diags, id, err)
		return record, false
	case err != nil:
		r.kind.voice().readFailed(diags, id, doing, err)
		return record, false
	}
	return record, true
}

// plannedRead takes the record the final plan read in this process, if it
// is the record with this id.
func (r *managedResource[C, R, B]) plannedRead(id string) (R, bool) {
	var none R
	v, ok := r.data.adoptions.take(r.kind.Name(), id)
	record, is := v.(R)
	if !ok || !is || r.kind.RecordID(&record) != id {
		return none, false
	}
	return record, true
}

// send sends the configured fields whose planned value is not equivalent to
// have's, each endpoint with changes once, and returns the record's values
// as stored (have when nothing was sent) and the attributes sent. failed
// means an error was added and nothing is to be recorded. The per-key rows
// compare by the rules of record when it was read (an adoption, an update
// with ReadBeforeSend), else exactly.
func (r *managedResource[C, R, B]) send(ctx context.Context, client C, id string, record R, config, plan, have Values, adopting bool, diags *diagList) (server Values, sent []string, failed bool) {
	k, say := r.kind, r.kind.voice()
	var rules keyRules
	if adopting || k.ReadBeforeSend {
		rules = k.rulesOf(&record)
	}
	out := r.sendChanges(ctx, client, id, record, rules, config, plan, have, false)
	switch {
	case out.err != nil && out.readBack:
		say.readBackFailed(diags, id, out.err, adopting)
		return nil, nil, true
	case out.err != nil:
		say.updateFailed(diags, id, out.failed, out.err, adopting)
		return nil, nil, true
	case !out.stored:
		return have, out.sent, false
	}
	return k.alignKeys(k.table().read(&out.record), plan, k.rulesOf(&out.record)), out.sent, false
}

// sendOutcome is what sendChanges did.
type sendOutcome[R any] struct {
	// record is the record as stored when stored (the last endpoint's
	// answer, or the read back).
	record R
	stored bool
	// sent are the attributes sent.
	sent []string
	// failed are the attributes of the endpoint that failed with err, or
	// none when the read back failed (readBack).
	failed   []string
	err      error
	readBack bool
}

// sendChanges calls each endpoint with changes once, in Endpoints' order,
// with the configured fields whose planned value is not equivalent to
// have's (rules: the per-key rows' rules of the record have is from), then
// reads the record back unless the last endpoint answered with it. Nothing
// to send, nothing is read, unless readAnyway.
func (r *managedResource[C, R, B]) sendChanges(ctx context.Context, client C, id string, record R, rules keyRules, config, plan, have Values, readAnyway bool) sendOutcome[R] {
	k := r.kind
	var body B
	endpoints := map[string][]string{}
	k.table().changes("", config, plan, have, rules, &body, endpoints)
	out := sendOutcome[R]{record: record}
	answered := true
	for i, e := range k.Endpoints {
		changed := endpoints[e.Name]
		if i == 0 {
			changed = append(endpoints[""], changed...)
		}
		if len(changed) == 0 {
			continue
		}
		stored, ok, err := e.Send(ctx, client, id, record, &body)
		if err != nil {
			out.failed, out.err = changed, err
			return out
		}
		if answered = ok; ok {
			record, out.record = stored, stored
		}
		out.sent = append(out.sent, changed...)
	}
	if len(out.sent) == 0 && !readAnyway {
		return out
	}
	if !answered || len(out.sent) == 0 {
		var err error
		if out.record, err = k.Read(ctx, client, id); err != nil {
			out.err, out.readBack = err, true
			return out
		}
	}
	out.stored = true
	return out
}

// write records a state and the identity of the record id.
func (r *managedResource[C, R, B]) write(ctx context.Context, state *tfsdk.State, identity *tfsdk.ResourceIdentity, v Values, id string, diags *diagList) {
	diags.Append(state.Set(ctx, r.kind.object(v))...)
	r.kind.ids().setIdentity(ctx, identity, id, diags)
}

func (r *managedResource[C, R, B]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	k, say := r.kind, r.kind.voice()
	state := values(ctx, req.State.Get, &resp.Diagnostics)
	client, ok := r.client(&resp.Diagnostics)
	ids, _ := k.ids().of(state)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	id := join(ids)
	// Set on every path, also when the record is gone: a state written by a
	// CLI without identity (Terraform < 1.12) gets it on its first refresh.
	k.ids().setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
	record, err := k.Read(ctx, client, id)
	switch {
	case errors.Is(err, customers.ErrNotFound):
		say.gone(&resp.Diagnostics, id, err)
		resp.State.RemoveResource(ctx)
		return
	case err != nil:
		say.readFailed(&resp.Diagnostics, id, "", err)
		return
	}
	// After an import the prior fields are null and the server's values are
	// taken as they are; a per-key map takes every key the record has.
	rules := k.rulesOf(&record)
	got := k.table().keepEquivalent(k.Record(&record), state, rules)
	if k.keyed() {
		r.data.refreshedRules.keep(k.Name(), id, rules)
		if imported, _ := req.Private.GetKey(ctx, importedKey); len(imported) > 0 {
			got = k.Record(&record)
			resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
		}
	}
	for _, p := range k.IDs {
		got[p.Attr] = state[p.Attr]
	}
	got["id"] = stringValue(k.RecordID(&record))
	resp.Diagnostics.Append(resp.State.Set(ctx, k.object(k.withRest(got, state)))...)
}

func (r *managedResource[C, R, B]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	k, say := r.kind, r.kind.voice()
	client, plan, config, id, ok := r.start(ctx, req.Plan.Get, req.Config.Get, &resp.Diagnostics)
	if !ok {
		return
	}
	// On failure the prior state is kept: without it the framework would
	// save no object, and the next plan compares with the platform anyway.
	keepPrior := func() { resp.State.Raw = req.State.Raw }
	have := values(ctx, req.State.Get, &resp.Diagnostics)
	var record R
	if k.ReadBeforeSend {
		var err error
		if record, err = k.Read(ctx, client, id); err != nil {
			say.readFailed(&resp.Diagnostics, id, "was not updated", err)
			keepPrior()
			return
		}
		have = k.Record(&record)
	}
	server, sent, failed := r.send(ctx, client, id, record, config, plan, have, false, &resp.Diagnostics)
	if failed {
		keepPrior()
		return
	}
	r.writeApplied(ctx, &resp.State, resp.Identity, server, plan, sent, id, false, &resp.Diagnostics)
}

// Delete deletes the record with the Delete hook (one already gone is a
// success); the framework removes the resource from the state when Delete
// returns without an error, and keeps it when it fails. Without the hook
// it cannot delete the record: the plan said so already (ModifyPlan), one
// warning per resource, not a second one at apply that says the same.
func (r *managedResource[C, R, B]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	k := r.kind
	if k.Delete == nil {
		return
	}
	state := values(ctx, req.State.Get, &resp.Diagnostics)
	client, ok := r.client(&resp.Diagnostics)
	ids, known := k.ids().of(state)
	if !ok || !known || resp.Diagnostics.HasError() {
		return
	}
	id := join(ids)
	if err := k.Delete(ctx, client, id); err != nil && !errors.Is(err, customers.ErrNotFound) {
		k.voice().deleteFailed(&resp.Diagnostics, id, err)
	}
}

// ImportState takes the id parts from the import id or from the identity;
// Read then fills in the fields.
func (r *managedResource[C, R, B]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	k := r.kind
	parts, ok := k.ids().importParts(ctx, k.Name(), req, &resp.Diagnostics)
	if !ok {
		return
	}
	id := join(parts)
	for i, p := range k.IDs {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(p.Attr), parts[i])...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	k.ids().setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
	if k.keyed() {
		// Read, which follows, shows every key of the per-key maps.
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte("true"))...)
	}
}

// importedKey marks, in the private state, a resource just imported.
const importedKey = "tfkit_imported"
