package tfkit

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// A per-key map (Field.PerKey) is a map of text the platform holds more
// keys of than a configuration manages: Sellercloud's custom columns. Only
// the configured keys are planned, sent, compared and kept in the state;
// the attribute left out is null. Each key has its own rules, which come
// with a record (the tenant's column definitions ride along with each
// customer): KeyRules.
//
// Where the rules come from:
//   - planning an adoption: the record read to plan it;
//   - planning a create: Managed.NewRecord, the blank record (none: the
//     create's answer is the check);
//   - planning an update: the record this provider process refreshed just
//     before (kept in the provider data), or one Read when no refresh of it
//     ran here (the final plan of an apply, -refresh=false). Only when a
//     configured key differs from the state's: a plan without changes to
//     the map costs nothing;
//   - applying: the record the diff starts from (adopting, ReadBeforeSend,
//     a Complete create) and the record read back; an update diffed against
//     the state compares its keys exactly (a respelled key is sent);
//   - refreshing: the record read.
//
// While planning, a configured key the rules do not know, or a value that
// does not fit its key, is an error on that key (`custom_columns["Tier"]`),
// and an update whose every configured key is equivalent to the state's
// plans no change (the state's spellings). Terraform takes a configured
// attribute's planned value only as the configuration's or the prior
// state's, so one real change plans the whole configured map; the diff
// still sends only the keys that differ.

// KeyRules are the rules of a record's keys of one per-key map.
type KeyRules interface {
	// Check says why value cannot be key's value (a key the record does
	// not have: the error lists those it has), or nil when it fits.
	Check(key, value string) error
	// Equal reports whether a and b are the same value of key.
	Equal(key, a, b string) bool
}

// keyRules are a record's rules of each per-key row, by attribute; nil when
// there is no record to take them from.
type keyRules map[string]KeyRules

// rulesOf are the per-key rows' rules of a record (nil for no record).
func (m *Managed[C, R, B]) rulesOf(r *R) keyRules {
	if r == nil {
		return nil
	}
	var out keyRules
	for i := range m.Fields {
		if f := &m.Fields[i]; f.PerKey != nil {
			if out == nil {
				out = keyRules{}
			}
			out[f.Attr] = f.PerKey(r)
		}
	}
	return out
}

// keyed reports whether a row is a per-key map.
func (m *Managed[C, R, B]) keyed() bool {
	return slices.ContainsFunc(m.Fields, func(f Field[R, B]) bool { return f.PerKey != nil })
}

// keyName names one key of a map in messages and in the lists of fields
// sent: custom_columns["Tier"].
func keyName(prefix, attrName, key string) string {
	return fmt.Sprintf("%s%s[%q]", prefix, attrName, key)
}

// mapElems are a known map's elements; ok is false for null, unknown or
// another kind of value.
func mapElems(v attr.Value) (map[string]attr.Value, bool) {
	m, ok := v.(basetypes.MapValue)
	if !ok || !Known(m) {
		return nil, false
	}
	return m.Elements(), true
}

// mapKeys are a known map's keys, sorted.
func mapKeys(v attr.Value) []string {
	elems, _ := mapElems(v)
	return slices.Sorted(maps.Keys(elems))
}

// mapLike is a map of elems with the element type of like (a map value).
func mapLike(like attr.Value, elems map[string]attr.Value) attr.Value {
	et := attr.Type(types.StringType)
	if m, ok := like.(basetypes.MapValue); ok && m.ElementType(context.Background()) != nil {
		et = m.ElementType(context.Background())
	}
	return types.MapValueMust(et, elems)
}

// withoutKeys is the map v less the keys drop says.
func withoutKeys(v attr.Value, drop func(key string) bool) attr.Value {
	elems, ok := mapElems(v)
	if !ok {
		return v
	}
	kept := map[string]attr.Value{}
	for k, e := range elems {
		if !drop(k) {
			kept[k] = e
		}
	}
	return mapLike(v, kept)
}

// keyText is an element's text; ok is false unless it is known text.
func keyText(v attr.Value) (string, bool) {
	s, ok := v.(types.String)
	return s.ValueString(), ok && Known(s)
}

// keyEquiv reports whether two values of key mean the same: by the rules,
// or exactly when there are none.
func keyEquiv(rules KeyRules, key string, a, b attr.Value) bool {
	x, okA := keyText(a)
	y, okB := keyText(b)
	switch {
	case !okA || !okB:
		return false
	case rules == nil:
		return x == y
	}
	return rules.Equal(key, x, y)
}

// orNull is v, or a null text for a key a map does not have.
func orNull(v attr.Value) attr.Value {
	if v == nil {
		return types.StringNull()
	}
	return v
}

// keyChanges are the configured keys of a per-key row whose planned value
// is unknown or not equivalent to have's; with body, the known ones go to
// Send as one map.
func (f *Field[R, B]) keyChanges(prefix string, plan, have attr.Value, rules KeyRules, body *B, endpoints map[string][]string) []change {
	planned, ok := mapElems(plan)
	if !ok { // the whole map is known only after apply
		return []change{{attr: prefix + f.Attr, plan: plan, have: have}}
	}
	had, _ := mapElems(have)
	var out []change
	send := map[string]attr.Value{}
	for _, k := range slices.Sorted(maps.Keys(planned)) {
		p, h := planned[k], had[k]
		ch := change{attr: keyName(prefix, f.Attr, k), plan: p, have: orNull(h), known: Known(p)}
		if ch.known && keyEquiv(rules, k, p, h) {
			continue
		}
		if ch.known && body != nil {
			send[k] = p
			endpoints[f.Endpoint] = append(endpoints[f.Endpoint], ch.attr)
			ch.sent = true
		}
		out = append(out, ch)
	}
	if len(send) > 0 {
		f.Send(body, mapLike(plan, send), have)
	}
	return out
}

// keyApplied is a per-key row's state after an apply: the planned keys,
// each with its planned value unless it was sent and the server stored
// something not equivalent (see fields.applied).
func (f *Field[R, B]) keyApplied(prefix string, server, plan attr.Value, check applyCheck) attr.Value {
	planned, ok := mapElems(plan)
	if !ok {
		if plan != nil && plan.IsUnknown() {
			return server
		}
		return plan
	}
	stored, _ := mapElems(server)
	out := map[string]attr.Value{}
	for k, p := range planned {
		name := keyName(prefix, f.Attr, k)
		s, has := stored[k]
		out[k] = p
		if !check.sent[name] || keyEquiv(nil, k, s, p) { // server is aligned (alignKeys)
			continue
		}
		check.stored(name, p, orNull(s))
		switch {
		case check.keepPlanned:
		case has:
			out[k] = s
		default:
			delete(out, k)
		}
	}
	return mapLike(plan, out)
}

// keyKeep is a refresh of a per-key row: the keys of the state (ref), each
// with the server's value or, when equivalent, the state's spelling. A key
// the record no longer has is left out (the next plan adds it again, and
// its check says the key is unknown).
func keyKeep(got, ref attr.Value, rules KeyRules) attr.Value {
	kept, ok := mapElems(ref)
	if !ok {
		return ref
	}
	aligned, _ := mapElems(keyAlign(got, ref, rules))
	out := map[string]attr.Value{}
	for k := range kept {
		if v, has := aligned[k]; has {
			out[k] = v
		}
	}
	return mapLike(ref, out)
}

// keyAlign is got (a record's whole map) with plan's spelling of each key
// whose value there is equivalent: what the server stored, compared with
// the plan exactly from then on.
func keyAlign(got, plan attr.Value, rules KeyRules) attr.Value {
	server, ok := mapElems(got)
	planned, okP := mapElems(plan)
	if !ok || !okP {
		return got
	}
	out := maps.Clone(server)
	for k, p := range planned {
		if s, has := server[k]; has && keyEquiv(rules, k, s, p) {
			out[k] = p
		}
	}
	return mapLike(got, out)
}

// alignKeys gives the per-key rows of server (values of a record whose
// rules are rules) the planned spelling of every equivalent key (keyAlign).
func (m *Managed[C, R, B]) alignKeys(server, plan Values, rules keyRules) Values {
	for i := range m.Fields {
		if f := &m.Fields[i]; f.PerKey != nil {
			server[f.Attr] = keyAlign(server[f.Attr], plan[f.Attr], rules[f.Attr])
		}
	}
	return server
}

// checkKeys checks the configured keys of the per-key rows against rules
// while planning: a key the rules do not know, or a value that does not
// fit, is an error on the key. Unknown values are checked at apply, by the
// platform.
func (m *Managed[C, R, B]) checkKeys(config Values, rules keyRules, diags *diagList) {
	for i := range m.Fields {
		f := &m.Fields[i]
		r := rules[f.Attr]
		configured, ok := mapElems(config[f.Attr])
		if f.PerKey == nil || r == nil || !ok {
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(configured)) {
			v, known := keyText(configured[k])
			if !known {
				continue
			}
			if err := r.Check(k, v); err != nil {
				AddError(diags, path.Root(f.Attr).AtMapKey(k), "Invalid "+f.Attr+" entry", fmt.Sprintf("%s: %s.", keyName("", f.Attr, k), err))
			}
		}
	}
}

// keysNeedRules reports whether planning an update must check the per-key
// rows: a configured map whose keys or values are not exactly the state's.
func (m *Managed[C, R, B]) keysNeedRules(config, state Values) bool {
	for i := range m.Fields {
		f := &m.Fields[i]
		if f.PerKey != nil && Known(config[f.Attr]) && !config[f.Attr].Equal(state[f.Attr]) {
			return true
		}
	}
	return false
}

// keepEquivalentKeys plans no change for a per-key map whose configured
// keys are exactly the state's, each with an equivalent value: the plan
// takes the state's spellings. It reports whether the plan changed.
func (m *Managed[C, R, B]) keepEquivalentKeys(plan, state Values, rules keyRules) bool {
	changed := false
	for i := range m.Fields {
		f := &m.Fields[i]
		p, s := plan[f.Attr], state[f.Attr]
		planned, okP := mapElems(p)
		stated, okS := mapElems(s)
		if f.PerKey == nil || !okP || !okS || len(planned) != len(stated) || p.Equal(s) {
			continue
		}
		same := true
		for k, v := range planned {
			if !keyEquiv(rules[f.Attr], k, v, stated[k]) {
				same = false
				break
			}
		}
		if same {
			plan[f.Attr] = s
			changed = true
		}
	}
	return changed
}
