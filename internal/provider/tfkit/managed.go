// Package tfkit is the kit every Terraform type of the provider is built on,
// below the packages of each platform's types (sellercloudtf, adobeviptf)
// and of the every-platform types (customerstf): the managed-resource
// skeleton (Managed, with its field rows, messages, id parts and the memo
// that carries an adoption's plan-time read to Create), the list-resource
// skeleton of `terraform query`, the filter attributes and their checks, the
// validators (the provider's own wording of every value check), the
// equivalence plan modifier, and the provider data a resource is configured
// with. It names no platform (lint): platforms reach it through the registry
// and their descriptions, and the types plug into it.
package tfkit

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// Managed is a resource that manages existing records of one platform, in
// the spirit of the list resources' listedResource: the lifecycle is written
// once here (managed_resource.go): the plan-time read of an adoption and its
// warning, the diff, the send, the read back, the refresh, the messages
// (messages.go), the identity and the import (identity.go), and the list
// resource of `terraform query` (NewListResource). A resource supplies its
// platform calls (Read, Endpoints) and its field table (Fields).
//
// C is the optional interface of the platform's client the resource needs
// (PlatformAs: another platform's block is an error naming it), R the
// platform's record of one customer, B the body its update endpoints send.
//
// How a plan and an apply go:
//   - ModifyPlan, creating (adopting): one Read; every field the
//     configuration leaves out is planned as its current value, the
//     configured ones that differ are listed in a warning, and the read is
//     kept for Create (memo.go). A record that does not exist fails the plan.
//   - Create: the read of Terraform's final plan, taken from the memo (or
//     read again when this process did not plan it); the configured fields
//     whose planned value is not equivalent to it are sent, each endpoint
//     with changes once, in Endpoints' order; then the record as stored,
//     from the last endpoint's answer or one Read back.
//   - Read: one Read; a record that is gone is removed with a warning.
//   - Update: the diff against the prior state (or, with ReadBeforeSend,
//     against a fresh Read), the sends, the read back.
//   - Delete forgets: the platforms have no API to delete a customer. The
//     plan warns (one warning per resource).
//
// What comes next plugs in here (issues 22 to 24). Ready now: fields
// grouped by endpoint and records named by several id parts. The others are
// a hook each, added with the first resource that needs it (and its tests):
//   - Fields grouped by the endpoint that sends them (issue 22: PUT
//     /Customers/{id}, /CustomColumns, /OrderOptions, /ShippingPreferences):
//     Field.Endpoint names one of Endpoints; each endpoint is called only when
//     one of its fields changed, in Endpoints' order, and one Read back
//     follows the last unless it answered with the record. A map-valued field
//     managed per configured key (custom_columns) is one row whose Equiv and
//     Send look at the configured keys only; as its state holds only those
//     keys, its Read needs the configured value too (a `ReadFor func(r *R,
//     configured attr.Value) attr.Value` beside Read, added with it).
//   - Create (issues 22, 23): a `Create func(ctx, client C, plan Values)
//     (R, error)` hook on Managed and an IDPart that is Optional (Computed,
//     UseStateForUnknown) instead of Required. With the id left out,
//     ModifyPlan reads nothing (the fields left out plan as unknown, the id
//     too) and Create calls the hook, then sends, through send, the
//     configured fields the create body did not carry (a SentByCreate flag on
//     Field), diffed against the record the hook returned, and reads back:
//     the same path as an adoption after its read. A create-only input is a
//     Field with a CreateOnly text: ModifyPlan of an update adds an error on
//     the attribute, "<attr> cannot change once the <record> exists:
//     <CreateOnly>", when its planned value is not equivalent to the
//     state's; never RequiresReplace, which would create a second record. A
//     create whose outcome is unknown (Sellercloud's POST has no idempotency
//     key) is the hook's to resolve: it returns the record it found, or an
//     error saying which to import.
//   - Waiting (issue 23, Adobe's pending 1002): the Create hook polls, bounded
//     by the context of a create timeout (terraform-plugin-framework-timeouts'
//     `timeouts` attribute, which the resource adds to its Fields as a row
//     without Read or Send and the hook reads from the plan). Still pending
//     at the deadline, it returns the record with a warning and Create
//     records it.
//   - A real delete and an attribute whose change replaces the resource
//     (issue 24, Connect users): a `Delete func(ctx, client C, id string)
//     error` hook; with it, Delete calls it (a record already gone is a
//     success) and ModifyPlan says neither destroyForgets nor
//     replacementForgets. The replacing attribute (role) is a Field whose
//     Schema has stringplanmodifier.RequiresReplace: the plan then says
//     "forces replacement".
//   - Records that are not customers (issues 23, 24: Adobe subscriptions,
//     Connect users): IDs with two parts, customer_id and the record's own
//     (an IDPart with its own rule), so the identity has two attributes, an
//     import id is "customer_id/subscription_id" and `id` is the same joined
//     text (identity.go); the platform calls get that joined id and split it.
//     Their list resources list a customer's records: NewListResource's read
//     and result work on the joined id as they do on one part.
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
	// IDs name a record: customer_id (CustomerID), or more parts.
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
	// diagnostics, for an adoption (Have is the record read) and an update
	// (Have is the state).
	CheckPlan func(p PlanCheck, diags *diagList)
	// PlanUnknown, when set, names the attributes the platform may set
	// itself when the plan's changes are applied (Adobe renews every licence
	// when auto-renewal is turned on without a quantity): the plan shows
	// them as known after apply, and the state takes the platform's values,
	// instead of promising the values they have now. It sees what CheckPlan
	// sees; top-level attributes only.
	PlanUnknown func(p PlanCheck) []string
	// DisplayName is how terraform query shows a record read in full.
	DisplayName func(r *R) string

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
	// names them ("address.city").
	Changed []string
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
		attrs := map[string]schema.Attribute{"id": m.ids().attribute()}
		for _, p := range m.IDs {
			attrs[p.Attr] = p.attribute()
		}
		for i := range m.Fields {
			attrs[m.Fields[i].Attr] = m.Fields[i].attribute()
		}
		m.schema = schema.Schema{MarkdownDescription: m.Doc + "\n\n" + PersonalDataInState(m.Name(), m.PersonalData), Attributes: attrs}
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
	return voice{Words: m.Words, resource: m.Name(), title: m.Platform.Title, id: m.IDs[0], ids: m.ids()}
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

// object is the resource object of values (every attribute set).
func (m *Managed[C, R, B]) object(v Values) attr.Value {
	m.init()
	return mustObject(m.types, v)
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
	for _, c := range m.table().changes("", config, plan, have, &body, map[string][]string{}) {
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
	was := map[string]bool{}
	for _, s := range sent {
		was[s] = true
	}
	say := m.voice()
	out := m.table().applied("", server, plan, was, func(at string, p, s attr.Value) { say.storedDifferently(&diags, at, p, s) })
	return out, diags
}

// KeepEquivalent is a refresh's values: got's, but ref's spelling where
// the two mean the same.
func (m *Managed[C, R, B]) KeepEquivalent(got, ref Values) Values {
	return m.table().keepEquivalent(got, ref)
}
