// Package tfkit is the kit every Terraform type of the provider is built on,
// below the packages of each platform's types (sellercloudtf, adobeviptf)
// and of the every-platform types (customerstf): the managed-resource
// skeleton (Managed, with its field rows, per-key maps, messages, id parts,
// the hooks of a resource that creates, deletes or waits under a create
// timeout, and the memo that carries an adoption's plan-time read to
// Create), the list-resource
// skeleton of `terraform query`, the filter attributes and their checks, the
// validators (the provider's own wording of every value check), the
// equivalence plan modifier, and the provider data a resource is configured
// with. It names no platform (lint): platforms reach it through the registry
// and their descriptions, and the types plug into it.
package tfkit

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// Managed is a resource that manages the records of one platform, in the
// spirit of the list resources' listedResource: the lifecycle is written
// once here (managed_resource.go, managed_plan.go, managed_create.go): the
// plan-time read of an adoption and its warning, the create, the diff, the
// send, the read back, the refresh, the delete, the messages (messages.go,
// messages_lifecycle.go), the identity and the import (identity.go), and
// the list resource of `terraform query` (NewListResource). A resource
// supplies its platform calls (Read, Endpoints, and the optional hooks
// below) and its field table (Fields).
//
// C is the optional interface of the platform's client the resource needs
// (PlatformAs: another platform's block is an error naming it), R the
// platform's record of one customer, B the body its update endpoints send.
//
// How a plan and an apply go:
//   - ModifyPlan, adopting (every id part known, no Create, or its optional
//     id part set): one Read; every field the configuration leaves out is
//     planned as its current value, the configured ones that differ are
//     listed in a warning, and the read is kept for Create (memo.go). A
//     record that does not exist fails the plan.
//   - ModifyPlan, creating (managed_create.go): nothing is read; the fields
//     left out plan as unknown (known after apply), the optional id part and
//     `id` too.
//   - Create, adopting: the read of Terraform's final plan, taken from the
//     memo (or read again when this process did not plan it); the configured
//     fields whose planned value is not equivalent to it are sent, each
//     endpoint with changes once, in Endpoints' order; then the record as
//     stored, from the last endpoint's answer or one Read back.
//   - Create, creating: the Create hook, then the same send and read back.
//   - Read: one Read; a record that is gone is removed with a warning.
//   - Update: the diff against the prior state (or, with ReadBeforeSend,
//     against a fresh Read), the sends, the read back.
//   - Delete forgets, with a warning in the plan (the platforms have no API
//     to delete a customer), or calls the Delete hook when there is one.
//
// The hooks of issues 22 to 24, each optional (a resource without them
// adopts, updates and forgets as before):
//
// Create (CreateRequest, Created, IDPart.Optional, AlwaysCreates,
// Field.SentByCreate, Field.CreateOnly). A resource whose IDPart is
// Optional creates a record when the configuration leaves that part out,
// and adopts the record it names otherwise; with AlwaysCreates (a record
// whose ids are the caller's, such as a Connect customer user) every new
// resource is created. Create calls the hook, which sends the create call
// with the configured fields it carries (rows with SentByCreate or
// CreateOnly) and returns the record; the kit then sends the other
// configured fields through their endpoints (diffed against the record when
// the hook returned it Complete, all of them otherwise), reads back once
// (none when the record was Complete and nothing was sent, or the last
// endpoint answered), and records the state: the id and every computed
// value known, so the next plan is empty. Once the record exists nothing
// is an error any more (Terraform would taint the resource, and replacing
// it would create a second record): a send, a read back or a value stored
// differently that fails is a warning, the state keeps the planned values
// and the next plan shows what is left, which the next apply sends.
// A CreateOnly row is set by the create only: a later change of its
// planned value (an update, or an adoption of a record that holds another
// value) is a plan-time error on the attribute, "<attr> cannot change once
// the <record> exists: <CreateOnly>", never a replacement. A row without
// Read (a creation input the platform does not return) keeps the state's
// value on refresh.
//
// Unknown outcome (Recover, Found). A create hook's error for which
// httpclient.OutcomeUnknown holds (the POST may have created the record)
// goes to Recover, which looks for it: exactly one record found is recorded
// in the state with a warning (the next apply sends what is left); none,
// several, or a search that failed is an error naming what was searched
// and found and how to adopt or import the right one. Without Recover such
// an error says the outcome is unknown and to check before applying again.
//
// Exists but not finished (Created.Unfinished): a hook that made the
// record but could not finish it (still pending validation at the
// deadline) returns it with the reason; the kit records it with a warning
// naming the fields not sent yet, and the next apply finishes.
//
// Waiting under a create timeout (CreateTimeout): the schema gets a
// `timeouts` block (terraform-plugin-framework-timeouts, `create` only)
// whose default is CreateTimeout; the hook runs under a context with that
// deadline, also given as CreateRequest.Deadline. The sends and the read
// back that follow have the HTTP layer's own timeouts.
//
// Per-key maps (Field.PerKey, KeyRules, NewRecord; fields_keyed.go): a
// map-of-text row (custom columns) managed key by key. Only the configured
// keys are planned, sent, compared and kept in the state (null when the
// attribute is left out; every key the record has after an import, so
// generated configuration plans clean). PerKey gives the rules of a
// record's keys: while planning, an unknown key or a value that does not
// fit is an error on the key, from the record read to adopt, the record
// this process refreshed (or one Read when a configured key changed), or
// NewRecord's blank record when creating; an update whose every key is
// equivalent to the state's plans no change, and refresh keeps the
// configured spelling of an equivalent value. Send gets the changed keys
// only.
//
// Delete and replacement (Delete, Field.Replaces). With a Delete hook,
// destroy deletes the record (one already gone is a success) and the plan
// does not warn that it only forgets. A Replaces row cannot change in
// place: a plan that changes it replaces the resource (RequiresReplace)
// and warns, naming the attribute, the change and what replacing does
// (deletes and creates, or forgets and creates or adopts).
//
// Records that are not customers (Adobe subscriptions, Connect users):
// IDs with two parts, customer_id and the record's own (an IDPart with its
// own rule), so the identity has two attributes, an import id is
// "customer_id/subscription_id" and `id` is the same joined text
// (identity.go); the platform calls get that joined id and split it. Their
// list resources list a customer's records: NewListResource's read and
// result work on the joined id as they do on one part.
type Managed[C, R, B any] struct {
	// Suffix follows the provider's type name: "_customer".
	Suffix string
	// Doc is the resource's description; PersonalData says what of a record
	// its state keeps (PersonalDataInState).
	Doc, PersonalData string
	// Platform is the description of the platform whose records it manages.
	Platform *customers.Description
	// Words are how its messages name a record.
	Words Words
	// IDs name a record: customer_id (CustomerID), or more parts. A part
	// may be Optional when the resource has Create.
	IDs []IDPart
	// Fields are the field table.
	Fields []Field[R, B]
	// Endpoints send the fields that changed, each its own.
	Endpoints []Endpoint[C, R, B]
	// Read reads the record with the id; customers.ErrNotFound when there
	// is none. The record read must be the one asked for (the platform's
	// client checks it).
	Read func(ctx context.Context, client C, id string) (R, error)
	// RecordID is the id of a record, as IDs join it.
	RecordID func(r *R) string
	// ReadBeforeSend says that an update is built on the record as it is now
	// (Adobe's PATCH carries the whole companyProfile): Update reads it
	// first and diffs against it instead of the prior state.
	ReadBeforeSend bool
	// CheckPlan, when set, turns the platform's rules into plan-time
	// diagnostics, for an adoption (Have is the record read), a create
	// (Creating; Have is nil) and an update (Have is the state).
	CheckPlan func(p PlanCheck, diags *diagList)
	// PlanUnknown, when set, names the attributes the platform may set
	// itself when the plan's changes are applied (Adobe renews every licence
	// when auto-renewal is turned on without a quantity): the plan shows
	// them as known after apply, and the state takes the platform's values,
	// instead of promising the values they have now. It sees what CheckPlan
	// sees; top-level attributes only.
	PlanUnknown func(p PlanCheck) []string
	// DisplayName is how terraform query and the messages show a record
	// read in full.
	DisplayName func(r *R) string

	// Create creates a record (managed_create.go); nil: the resource only
	// adopts. Required by an Optional IDPart and by AlwaysCreates.
	Create func(ctx context.Context, client C, req CreateRequest) (Created[R], error)
	// AlwaysCreates says every new resource is created, with its id parts
	// configured (the record's ids are the caller's): it never adopts.
	AlwaysCreates bool
	// Recover looks for the record a create whose outcome is unknown may
	// have made; err is the create's error. Nil: such a create is an error
	// that says its outcome is unknown.
	Recover func(ctx context.Context, client C, req CreateRequest, err error) (Found[R], error)
	// CreateTimeout, when set, adds the `timeouts` block with a
	// `create` timeout defaulting to it, the deadline of the Create hook.
	CreateTimeout time.Duration
	// NewRecord is the blank record a create starts from, as far as the
	// rows' plan-time rules need it (PerKey: the platform's custom columns,
	// without values); customers.ErrNotFound when the platform cannot tell
	// (the checks are then left to the create). Nil: none are checked while
	// planning a create.
	NewRecord func(ctx context.Context, client C) (R, error)
	// Delete deletes the record with the id; customers.ErrNotFound when it
	// is gone already (a success). Nil: destroy only forgets.
	Delete func(ctx context.Context, client C, id string) error

	once   sync.Once
	schema schema.Schema
	types  map[string]attr.Type
}

// Endpoint is one platform call that sends changed fields.
type Endpoint[C, R, B any] struct {
	// Name is the call, as docs and messages name it: "PUT /Customers/{id}".
	Name string
	// Send sends body (the changed fields of this endpoint put it together)
	// for the record with the id; have is the record as last read, or a
	// zero record when the diff was against the prior state. It returns the
	// record as stored when its answer carries it (answered), else the
	// skeleton reads it back.
	Send func(ctx context.Context, client C, id string, have R, body *B) (stored R, answered bool, err error)
}

// PlanCheck is what a platform's plan-time rules look at.
type PlanCheck struct {
	// ID is the record's id.
	ID string
	// Config, Plan and Have are the configuration, the plan and the record
	// as last read (or the state).
	Config, Plan, Have Values
	// Changed are the configured fields the plan changes, as the skeleton
	// names them ("address.city", `custom_columns["Tier"]`).
	Changed []string
	// Creating is a plan that creates the record (Have is nil).
	Creating bool
}

// Name is the resource's type name: "commerce_customer".
func (m *Managed[C, R, B]) Name() string { return "commerce" + m.Suffix }

// Manages reports whether the resource manages the customers of a
// platform's client: whether the client offers C.
func (m *Managed[C, R, B]) Manages(p customers.Platform) bool {
	_, ok := p.(C)
	return ok
}

// NewResource is the resource, for the provider's list.
func (m *Managed[C, R, B]) NewResource() resource.Resource { return &managedResource[C, R, B]{kind: m} }

// NewListResource is the resource's list resource for `terraform query`,
// described by doc: it finds the records the resource can manage.
func (m *Managed[C, R, B]) NewListResource(doc string) func() list.ListResource {
	return func() list.ListResource {
		return &customerList[C, R]{kind: listedResource[C, R]{
			typeSuffix:  m.Suffix,
			description: doc,
			needs:       "the " + m.Words.Record + "s the " + m.Name() + " resource manages: " + m.Platform.Title + " (platform = \"" + m.Platform.Name + "\")",
			idAttrs:     m.idAttrs(),
			read:        m.Read,
			result: func(ctx context.Context, b resultBuilder, r R) list.ListResult {
				id := m.RecordID(&r)
				v, err := m.object(m.recordState(id, &r)).ToTerraformValue(ctx)
				return b.withResource(m.idAttrs(), id, m.DisplayName(&r), v, err)
			},
		}}
	}
}

func (m *Managed[C, R, B]) init() {
	m.once.Do(func() {
		m.checkHooks()
		attrs := map[string]schema.Attribute{"id": m.ids().attribute()}
		for _, p := range m.IDs {
			attrs[p.Attr] = p.attribute()
		}
		for i := range m.Fields {
			attrs[m.Fields[i].Attr] = m.Fields[i].attribute()
		}
		m.schema = schema.Schema{MarkdownDescription: m.Doc + "\n\n" + PersonalDataInState(m.Name(), m.PersonalData), Attributes: attrs}
		if m.CreateTimeout > 0 {
			m.schema.Blocks = map[string]schema.Block{timeoutsAttr: m.timeoutsBlock()}
		}
		m.types = m.schema.Type().(attr.TypeWithAttributeTypes).AttributeTypes() //nolint:forcetypeassert // a schema's type is an object type
	})
}

func (m *Managed[C, R, B]) ids() idParts { return idParts(m.IDs) }

func (m *Managed[C, R, B]) idAttrs() []string {
	out := make([]string, len(m.IDs))
	for i, p := range m.IDs {
		out[i] = p.Attr
	}
	return out
}

func (m *Managed[C, R, B]) table() fields[R, B] { return fields[R, B](m.Fields) }

func (m *Managed[C, R, B]) voice() voice {
	v := voice{Words: m.Words, resource: m.Name(), title: m.Platform.Title, id: m.IDs[0], ids: m.ids(), deletes: m.Delete != nil, always: m.AlwaysCreates}
	for _, p := range m.IDs {
		if p.Optional {
			v.optional = p.Attr
		}
	}
	return v
}

// recordState is the state of a record as an import reads it: its id parts
// and every field with the platform's value.
func (m *Managed[C, R, B]) recordState(id string, r *R) Values {
	out := m.table().read(r)
	m.setID(out, id)
	return out
}

// setID sets `id` and the id parts of a state.
func (m *Managed[C, R, B]) setID(v Values, id string) {
	v["id"] = stringValue(id)
	for i, part := range m.ids().split(id) {
		v[m.IDs[i].Attr] = stringValue(part)
	}
}

// object is the resource object of values; an attribute v does not have
// (`timeouts` of an import) is null.
func (m *Managed[C, R, B]) object(v Values) attr.Value {
	m.init()
	for name, t := range m.types {
		if _, ok := v[name]; !ok {
			v[name] = nullOf(t)
		}
	}
	return mustObject(m.types, v)
}

// checkHooks panics on a Managed whose hooks do not fit together: a
// programming error the first schema request (every test) shows.
func (m *Managed[C, R, B]) checkHooks() {
	fail := func(why string) { panic("tfkit: " + m.Name() + ": " + why) }
	creates := m.AlwaysCreates || slices.ContainsFunc(m.IDs, func(p IDPart) bool { return p.Optional })
	switch {
	case creates && m.Create == nil:
		fail("an optional id part or AlwaysCreates needs a Create hook")
	case m.Create != nil && !creates:
		fail("a Create hook needs an optional id part or AlwaysCreates")
	case m.Create == nil && (m.Recover != nil || m.CreateTimeout > 0 || m.NewRecord != nil):
		fail("Recover, CreateTimeout and NewRecord belong to a Create hook")
	}
	for i := range m.Fields {
		for _, p := range m.Fields[i].Parts {
			if p.PerKey != nil || p.Replaces {
				fail(m.Fields[i].Attr + "." + p.Attr + ": PerKey and Replaces are for top-level rows")
			}
		}
	}
}

// The skeleton's steps on values, which its lifecycle runs and the tests of
// each field table check.

// Record is the fields' values in a record, as the platform spells them.
func (m *Managed[C, R, B]) Record(r *R) Values { return m.table().read(r) }

// Planned is the plan of an adoption of a record whose values are have:
// what the configuration leaves out takes have's value.
func (m *Managed[C, R, B]) Planned(config, plan, have Values) Values {
	return m.table().planned(config, plan, have)
}

// Diff is what applying plan to a record holding have sends: the body, the
// configured fields it carries (sent) and the ones whose planned value is
// not known yet (maybe), named as messages name them ("address.city").
func (m *Managed[C, R, B]) Diff(config, plan, have Values) (body B, sent, maybe []string) {
	for _, c := range m.table().changes("", config, plan, have, nil, &body, map[string][]string{}) {
		if c.sent {
			sent = append(sent, c.attr)
		} else {
			maybe = append(maybe, c.attr)
		}
	}
	return body, sent, maybe
}

// Applied is the state after sending the fields sent: the plan's known
// values, the server's for the rest, and an error on each sent field the
// server stored as something not equivalent.
func (m *Managed[C, R, B]) Applied(server, plan Values, sent []string) (Values, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := m.applied(server, plan, sent, false, &diags)
	return out, diags
}

// applied is Applied; creating, a value stored differently is a warning
// and the state keeps the planned value (see managed_create.go).
func (m *Managed[C, R, B]) applied(server, plan Values, sent []string, creating bool, diags *diagList) Values {
	say := m.voice()
	stored := func(at string, p, s attr.Value) { say.storedDifferently(diags, at, p, s) }
	if creating {
		stored = func(at string, p, s attr.Value) { say.storedDifferentlyAtCreate(diags, at, p, s) }
	}
	return m.table().applied("", server, plan, applyCheck{sent: setOf(sent), stored: stored, keepPlanned: creating})
}

// withRest fills in the attributes v does not have and that are no field
// nor id (`timeouts`) from src, the plan or the prior state.
func (m *Managed[C, R, B]) withRest(v, src Values) Values {
	m.init()
	for name := range m.types {
		if _, ok := v[name]; !ok {
			if s, has := src[name]; has {
				v[name] = s
			}
		}
	}
	return v
}

// KeepEquivalent is a refresh's values: got's, but ref's spelling where
// the two mean the same.
func (m *Managed[C, R, B]) KeepEquivalent(got, ref Values) Values {
	return m.table().keepEquivalent(got, ref, nil)
}
