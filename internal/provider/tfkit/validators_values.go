package tfkit

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The provider's validators of numbers, lists and sets, and of attribute
// combinations, in the words of validators.go.

// Bounds accepts numbers from lowest to highest (noMax: no bound): whole
// numbers (an Int64 attribute) or any (a Float64 attribute).
type Bounds[T int64 | float64] struct {
	lowest, highest T
	noMax, whole    bool
}

func IntBetween(lowest, highest int64) Bounds[int64] {
	return Bounds[int64]{lowest: lowest, highest: highest, whole: true}
}
func IntAtLeast(lowest int64) Bounds[int64] {
	return Bounds[int64]{lowest: lowest, noMax: true, whole: true}
}
func NumberBetween(lowest, highest float64) Bounds[float64] {
	return Bounds[float64]{lowest: lowest, highest: highest}
}
func NumberAtLeast(lowest float64) Bounds[float64] {
	return Bounds[float64]{lowest: lowest, noMax: true}
}

func (v Bounds[T]) rule() string {
	n := func(x T) string { return FormatNumber(float64(x)) }
	switch {
	case v.whole && v.noMax:
		return "must be a whole number, at least " + n(v.lowest)
	case v.whole:
		return fmt.Sprintf("must be a whole number from %s to %s", n(v.lowest), n(v.highest))
	case v.noMax:
		return "must be at least " + n(v.lowest)
	}
	return fmt.Sprintf("must be from %s to %s", n(v.lowest), n(v.highest))
}

func (v Bounds[T]) Description(context.Context) string         { return v.rule() }
func (v Bounds[T]) MarkdownDescription(context.Context) string { return v.rule() }

// check reports a known value out of the bounds, at p.
func (v Bounds[T]) check(p path.Path, x T, diags *diagList) {
	if x < v.lowest || (!v.noMax && x > v.highest) {
		AddError(diags, p, "Invalid "+leaf(p), fmt.Sprintf("%s is %s; it %s.", HCLPath(p), FormatNumber(float64(x)), v.rule()))
	}
}

func (v Bounds[T]) ValidateInt64(_ context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if Known(req.ConfigValue) {
		v.check(req.Path, T(req.ConfigValue.ValueInt64()), &resp.Diagnostics)
	}
}

func (v Bounds[T]) ValidateFloat64(_ context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if Known(req.ConfigValue) {
		v.check(req.Path, T(req.ConfigValue.ValueFloat64()), &resp.Diagnostics)
	}
}

// Elements validates a list's or set's size (at least MinLen, at most
// MaxLen when MaxLen > 0) and runs each string validator on each element,
// whose path names its index (or, in a set, its value).
type Elements struct {
	MinLen, MaxLen int
	Why            string // why the bound, appended to the error: "Sellercloud has three slots"
	Each           []validator.String
}

func (v Elements) Description(context.Context) string {
	switch {
	case v.MaxLen > 0:
		return fmt.Sprintf("must have at most %d elements", v.MaxLen)
	case v.MinLen > 0:
		return fmt.Sprintf("must have at least %d element", v.MinLen)
	}
	return "each element must be valid"
}

func (v Elements) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v Elements) ValidateList(ctx context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	v.validate(ctx, req.Path, req.Config, req.ConfigValue.Elements(), func(i int, _ attr.Value) path.Path { return req.Path.AtListIndex(i) }, &resp.Diagnostics)
}

func (v Elements) ValidateSet(ctx context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	v.validate(ctx, req.Path, req.Config, req.ConfigValue.Elements(), func(_ int, e attr.Value) path.Path { return req.Path.AtSetValue(e) }, &resp.Diagnostics)
}

func (v Elements) validate(ctx context.Context, at path.Path, config tfsdk.Config, elems []attr.Value, elemPath func(int, attr.Value) path.Path, diags *diagList) {
	why := ""
	if v.Why != "" {
		why = " (" + v.Why + ")"
	}
	switch n := len(elems); {
	case n < v.MinLen && n == 0:
		AddError(diags, at, "Invalid "+leaf(at), fmt.Sprintf("%s is empty; give it at least %d element%s, or leave it out.", HCLPath(at), v.MinLen, plural(v.MinLen)))
	case n < v.MinLen:
		AddError(diags, at, "Invalid "+leaf(at), fmt.Sprintf("%s has %d element%s; it needs at least %d%s.", HCLPath(at), n, plural(n), v.MinLen, why))
	case v.MaxLen > 0 && n > v.MaxLen:
		AddError(diags, at, "Invalid "+leaf(at), fmt.Sprintf("%s has %d elements; it may have at most %d%s.", HCLPath(at), n, v.MaxLen, why))
	}
	for i, e := range elems {
		s, ok := e.(types.String)
		if !ok {
			continue
		}
		req := validator.StringRequest{Path: elemPath(i, e), PathExpression: elemPath(i, e).Expression(), ConfigValue: s, Config: config}
		for _, check := range v.Each {
			resp := &validator.StringResponse{}
			check.ValidateString(ctx, req, resp)
			diags.Append(resp.Diagnostics...)
		}
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// ExactlyOneOf requires exactly one of the data source's top-level
// attributes to be set.
type ExactlyOneOf struct {
	Attrs []string
	What  string // what the data source needs them for: "commerce_customer reads one customer"
}

func (v ExactlyOneOf) Description(context.Context) string {
	return "exactly one of " + JoinOr(v.Attrs) + " must be set"
}

func (v ExactlyOneOf) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v ExactlyOneOf) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var set []string
	for _, a := range v.Attrs {
		var val attr.Value
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(a), &val)...)
		if val != nil && val.IsUnknown() {
			return // known later: checked then
		}
		if val != nil && !val.IsNull() {
			set = append(set, a)
		}
	}
	switch len(set) {
	case 1:
	case 0:
		resp.Diagnostics.AddError("Missing "+JoinOr(v.Attrs), fmt.Sprintf("%s: set %s.", v.What, JoinOr(v.Attrs)))
	default:
		resp.Diagnostics.AddAttributeError(path.Root(set[1]), "Conflicting "+JoinAnd(set),
			fmt.Sprintf("%s: set %s, not both.", v.What, JoinOr(v.Attrs)))
	}
}
