package tfkit

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Values are a resource's attribute values by name: a plan's, a
// configuration's, a state's, or a record's as read (Field.Read). Nested
// attributes are objects, as the schema says.
type Values map[string]attr.Value

// Field is one row of a managed resource's field table: one attribute, where
// its value comes from in the platform's record, when two values mean the
// same, and how it is sent. Adding a managed field to a resource is one row
// (plus the platform's mapping, if the API field is new, and its sandbox
// behaviour). R is the platform's record, B the body its update endpoints
// send.
type Field[R, B any] struct {
	// Attr is the attribute's name.
	Attr string
	// Schema is its resource attribute: Optional and Computed for a managed
	// field (null in the configuration means "not managed"; give it
	// UseStateForUnknown and, with Equiv, KeepPriorIfEquivalent), Computed
	// for a read-only one. For a field with Parts it is a
	// schema.SingleNestedAttribute whose Attributes the parts' schemas fill.
	Schema schema.Attribute
	// Read is the field's value in a record, as the platform spells it (nil
	// for a field with Parts: its object is made of the parts' reads).
	Read func(r *R) attr.Value
	// Equiv says when two known values mean the same to the platform; nil is
	// Equal.
	Equiv Equivalence
	// Send puts the planned value into the body; have is the value as last
	// read or stated. Nil for a read-only field. A field is sent only when it
	// is configured and its planned value is not equivalent to have.
	Send func(body *B, plan, have attr.Value)
	// Endpoint names the endpoint (Managed.Endpoints) that sends it; "" is
	// the first. An endpoint is called only when one of its fields changed.
	Endpoint string
	// Parts are the attributes of a nested object managed one by one (Adobe's
	// address: `address = { city = "Albany" }` manages the city only). The
	// skeleton names them "address.city" in its messages.
	Parts []Field[R, B]
	// Data, when set, shows the field in the commerce_customer data source
	// too (Sellercloud's full record).
	Data *DataField

	// SentByCreate says the Create hook puts the field's configured value
	// into the create call itself (managed_create.go): after a create it is
	// not sent again, and the record stored is checked against it like a
	// sent field. For a field with Parts it covers every part.
	SentByCreate bool
	// CreateOnly, when set, makes the field a creation input: the create
	// carries it (as SentByCreate; give it no Send), and a plan that changes
	// it once the record exists is an error on the attribute, "<attr> cannot
	// change once the <record> exists: " followed by this text, which says
	// what to do instead ("Sellercloud keeps only `name`: change `name`
	// instead"). It never replaces the resource: that would create a second
	// record. With Read nil (the platform does not return it) the state keeps
	// the configured value.
	CreateOnly string
	// Replaces says the platform cannot change the field in place: a plan
	// that changes it replaces the resource (RequiresReplace) and warns,
	// naming the attribute, the change and what replacing does. Top-level
	// rows only.
	Replaces bool
	// PerKey, set on a row whose Schema is a map of text (custom columns),
	// manages the map key by key (fields_keyed.go): Read returns every key
	// the record has, PerKey the rules of the record's keys (which exist,
	// what fits, when two values mean the same), and Send gets a map of the
	// changed configured keys only. Give it an Optional (not Computed)
	// schema.MapAttribute: left out, it is null and nothing of it is kept.
	// Top-level rows only.
	PerKey func(r *R) KeyRules
}

// DataField is how the commerce_customer data source shows a field of a
// platform's full record.
type DataField struct {
	// Doc is its description there: where it comes from in the record.
	Doc string
	// Schema builds its data-source attribute; nil for the computed
	// counterpart of Field.Schema (text, numbers, flags and sets).
	Schema func(doc string) dschema.Attribute
	// Common is the commerce_customers field of the same meaning ("email"):
	// on other platforms the data source fills it from there, where it is
	// null otherwise.
	Common string
}

func (f *Field[R, B]) equiv(a, b attr.Value) bool {
	if f.Equiv == nil {
		return Equal(a, b)
	}
	return f.Equiv(a, b)
}

// managed reports whether the field can be sent.
func (f *Field[R, B]) managed() bool {
	for _, p := range f.Parts {
		if p.managed() {
			return true
		}
	}
	return f.Send != nil
}

// attribute is the field's schema attribute, its parts filled in.
func (f *Field[R, B]) attribute() schema.Attribute {
	if len(f.Parts) == 0 {
		return f.Schema
	}
	obj, ok := f.Schema.(schema.SingleNestedAttribute)
	if !ok {
		panic(fmt.Sprintf("tfkit: field %s has parts but its schema is a %T", f.Attr, f.Schema))
	}
	obj.Attributes = map[string]schema.Attribute{}
	for _, p := range f.Parts {
		obj.Attributes[p.Attr] = p.attribute()
	}
	return obj
}

// fields is a field table, or the parts of one field.
type fields[R, B any] []Field[R, B]

// read is the fields' values in a record; null for a field the platform
// does not return (no Read).
func (fs fields[R, B]) read(r *R) Values {
	out := make(Values, len(fs))
	for i := range fs {
		f := &fs[i]
		switch {
		case len(f.Parts) == 0 && f.Read == nil:
			out[f.Attr] = nullOf(f.attribute().GetType())
			continue
		case len(f.Parts) == 0:
			out[f.Attr] = f.Read(r)
			continue
		}
		out[f.Attr] = objectOf(f.attribute().GetType(), fields[R, B](f.Parts).read(r))
	}
	return out
}

// manages reports whether the configuration sets any managed field.
func (fs fields[R, B]) manages(config Values) bool {
	for i := range fs {
		if fs[i].managed() && !config[fs[i].Attr].IsNull() {
			return true
		}
	}
	return false
}

// planned is the plan of an adoption: every field the configuration leaves
// out (inside a nested object too) takes the record's current value, have,
// so the plan shows what adopting keeps; the configured ones keep the plan's.
func (fs fields[R, B]) planned(config, plan, have Values) Values {
	out := make(Values, len(fs))
	for i := range fs {
		f := &fs[i]
		c := config[f.Attr]
		switch {
		case f.PerKey != nil:
			out[f.Attr] = plan[f.Attr] // the configured keys, or null
		case c.IsNull():
			out[f.Attr] = have[f.Attr]
		case len(f.Parts) > 0 && !c.IsUnknown():
			parts := fields[R, B](f.Parts)
			out[f.Attr] = objectOf(f.attribute().GetType(), parts.planned(parts.of(c), parts.of(plan[f.Attr]), parts.of(have[f.Attr])))
		default:
			out[f.Attr] = plan[f.Attr]
		}
	}
	return out
}

// change is one configured field the plan changes: sent when its planned
// value is known and not equivalent to have's, "maybe" while it is unknown.
type change struct {
	attr        string // "address.city"
	plan, have  attr.Value
	known, sent bool
}

// changes are the configured fields whose planned value is unknown or not
// equivalent to have's, in table order; with body, the known ones are put
// into it (Field.Send) and their endpoints recorded. prefix names the
// nested object ("address."); rules are the per-key rows' rules of the
// record have was read from (nil when have is a state: keys compare
// exactly).
func (fs fields[R, B]) changes(prefix string, config, plan, have Values, rules keyRules, body *B, endpoints map[string][]string) []change {
	var out []change
	for i := range fs {
		f := &fs[i]
		c := config[f.Attr]
		switch {
		case c.IsNull() || !f.managed():
			continue
		case len(f.Parts) > 0:
			parts := fields[R, B](f.Parts)
			out = append(out, parts.changes(prefix+f.Attr+".", parts.of(c), parts.of(plan[f.Attr]), parts.of(have[f.Attr]), nil, body, endpoints)...)
			continue
		case f.PerKey != nil:
			out = append(out, f.keyChanges(prefix, plan[f.Attr], have[f.Attr], rules[f.Attr], body, endpoints)...)
			continue
		}
		p, h := plan[f.Attr], have[f.Attr]
		ch := change{attr: prefix + f.Attr, plan: p, have: h, known: WholeKnown(p)}
		if ch.known && f.equiv(p, h) {
			continue
		}
		if ch.known && body != nil {
			f.Send(body, p, h)
			endpoints[f.Endpoint] = append(endpoints[f.Endpoint], ch.attr)
			ch.sent = true
		}
		out = append(out, ch)
	}
	return out
}

// applyCheck is how applied checks what the server stored.
type applyCheck struct {
	// sent are the fields sent, as changes names them.
	sent map[string]bool
	// stored reports a sent field the server stored as a value that is not
	// equivalent.
	stored func(at string, sent, got attr.Value)
	// keepPlanned keeps the planned value of such a field in the state (a
	// create, which must not fail once the record exists).
	keepPlanned bool
}

// applied is the state after an apply: Terraform requires every known
// planned value back, so they stay; unknown ones take the server's. A sent
// field the server stored as something not equivalent is reported
// (check.stored), and the state gets the server's value for it unless
// check.keepPlanned. A field without Read keeps its planned value.
func (fs fields[R, B]) applied(prefix string, server, plan Values, check applyCheck) Values {
	out := make(Values, len(fs))
	for i := range fs {
		f := &fs[i]
		p, s := plan[f.Attr], server[f.Attr]
		switch {
		case f.PerKey != nil:
			out[f.Attr] = f.keyApplied(prefix, s, p, check)
		case len(f.Parts) > 0 && Known(p):
			parts := fields[R, B](f.Parts)
			out[f.Attr] = objectOf(f.attribute().GetType(), parts.applied(prefix+f.Attr+".", parts.of(s), parts.of(p), check))
		case !WholeKnown(p) || len(f.Parts) > 0:
			out[f.Attr] = s
		case f.Read == nil:
			out[f.Attr] = p
		case check.sent[prefix+f.Attr] && !f.equiv(s, p):
			check.stored(prefix+f.Attr, p, s)
			out[f.Attr] = s
			if check.keepPlanned {
				out[f.Attr] = p
			}
		default:
			out[f.Attr] = p
		}
	}
	return out
}

// keepEquivalent returns got, except that a field equivalent to the same
// field of ref keeps ref's value: the server's normalised spelling never
// replaces the one from configuration, so a refresh shows no difference.
// A field the platform does not return (no Read) keeps ref's value; a
// per-key map keeps ref's keys (rules: the rules of the record got is
// from).
func (fs fields[R, B]) keepEquivalent(got, ref Values, rules keyRules) Values {
	out := make(Values, len(fs))
	for i := range fs {
		f := &fs[i]
		out[f.Attr] = got[f.Attr]
		r := ref[f.Attr]
		switch {
		case f.PerKey != nil:
			out[f.Attr] = keyKeep(got[f.Attr], r, rules[f.Attr])
		case len(f.Parts) == 0 && f.Read == nil && r != nil:
			out[f.Attr] = r
		case Known(r) && f.equiv(got[f.Attr], r):
			out[f.Attr] = r
		}
	}
	return out
}

// carried are the configured fields a create carries (SentByCreate,
// CreateOnly), named as changes names them.
func (fs fields[R, B]) carried(prefix string, config Values, all bool) []string {
	var out []string
	for i := range fs {
		f := &fs[i]
		c := config[f.Attr]
		by := all || f.SentByCreate || f.CreateOnly != ""
		switch {
		case c == nil || c.IsNull():
		case len(f.Parts) > 0:
			parts := fields[R, B](f.Parts)
			out = append(out, parts.carried(prefix+f.Attr+".", parts.of(c), by)...)
		case by && f.PerKey != nil:
			for _, k := range mapKeys(c) {
				out = append(out, keyName(prefix, f.Attr, k))
			}
		case by:
			out = append(out, prefix+f.Attr)
		}
	}
	return out
}

// withoutCarried is config less the fields a create carried (was, named
// as changes names them): what is left for the endpoints to send after it.
func (fs fields[R, B]) withoutCarried(prefix string, config Values, was map[string]bool) Values {
	out := maps.Clone(config)
	for i := range fs {
		f := &fs[i]
		c := config[f.Attr]
		switch {
		case !Known(c):
		case len(f.Parts) > 0:
			parts := fields[R, B](f.Parts)
			out[f.Attr] = objectOf(f.attribute().GetType(), parts.withoutCarried(prefix+f.Attr+".", parts.of(c), was))
		case f.PerKey != nil:
			out[f.Attr] = withoutKeys(c, func(k string) bool { return was[keyName(prefix, f.Attr, k)] })
		case was[prefix+f.Attr]:
			out[f.Attr] = nullOf(f.attribute().GetType())
		}
	}
	return out
}

// of is the parts' values in an object: null ones for a null object and
// unknown ones for an unknown one.
func (fs fields[R, B]) of(v attr.Value) Values {
	out := make(Values, len(fs))
	if obj, ok := v.(interface{ Attributes() map[string]attr.Value }); ok && Known(v) {
		for name, a := range obj.Attributes() {
			out[name] = a
		}
		return out
	}
	for i := range fs {
		t := fs[i].attribute().GetType()
		if v != nil && v.IsUnknown() {
			out[fs[i].Attr] = unknownOf(t)
		} else {
			out[fs[i].Attr] = nullOf(t)
		}
	}
	return out
}

// nullOf and unknownOf are the null and the unknown value of a type.
func nullOf(t attr.Type) attr.Value { return valueOf(t, nil) }

func unknownOf(t attr.Type) attr.Value { return valueOf(t, tftypes.UnknownValue) }

func valueOf(t attr.Type, v any) attr.Value {
	ctx := context.Background()
	out, err := t.ValueFromTerraform(ctx, tftypes.NewValue(t.TerraformType(ctx), v))
	if err != nil {
		panic(fmt.Sprintf("tfkit: the %v value of %s: %s", v, t, err)) // only for the schema's own types
	}
	return out
}

// objectOf is an object of type t (an object type) with these attributes.
func objectOf(t attr.Type, vals Values) attr.Value {
	ot, ok := t.(attr.TypeWithAttributeTypes)
	if !ok {
		panic(fmt.Sprintf("tfkit: %s is not an object type", t))
	}
	obj, diags := types.ObjectValue(ot.AttributeTypes(), vals)
	if diags.HasError() {
		panic(fmt.Sprintf("tfkit: an object of %s: %v", t, diags)) // a field's Read of the wrong type: a bug
	}
	return obj
}

// stringValue is a known string.
func stringValue(s string) attr.Value { return types.StringValue(s) }

// mustObject is an object with these attribute types and values; a value
// of another type is a bug of a field's Read.
func mustObject(attrTypes map[string]attr.Type, vals Values) attr.Value {
	obj, diags := types.ObjectValue(attrTypes, vals)
	if diags.HasError() {
		panic(fmt.Sprintf("tfkit: an object: %v", diags))
	}
	return obj
}
