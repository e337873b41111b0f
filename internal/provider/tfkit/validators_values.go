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

// intRange accepts whole numbers from lowest to highest (noMax: no bound).
type intRange struct {
	lowest, highest int64
	noMax           bool
}

func IntBetween(lowest, highest int64) intRange { return intRange{lowest: lowest, highest: highest} }
func IntAtLeast(lowest int64) intRange          { return intRange{lowest: lowest, noMax: true} }

func (v intRange) rule() string {
	if v.noMax {
		return fmt.Sprintf("must be a whole number, at least %d", v.lowest)
	}
	return fmt.Sprintf("must be a whole number from %d to %d", v.lowest, v.highest)
}

func (v intRange) Description(context.Context) string         { return v.rule() }
func (v intRange) MarkdownDescription(context.Context) string { return v.rule() }

func (v intRange) ValidateInt64(_ context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if n := req.ConfigValue.ValueInt64(); n < v.lowest || (!v.noMax && n > v.highest) {
		AddError(&resp.Diagnostics, req.Path, "Invalid "+leaf(req.Path), fmt.Sprintf("%s is %d; it %s.", HCLPath(req.Path), n, v.rule()))
	}
}

// numberRange accepts numbers from lowest to highest (noMax: no bound).
type numberRange struct {
	lowest, highest float64
	noMax           bool
}

func NumberBetween(lowest, highest float64) numberRange {
	return numberRange{lowest: lowest, highest: highest}
}
func NumberAtLeast(lowest float64) numberRange { return numberRange{lowest: lowest, noMax: true} }

func (v numberRange) rule() string {
	if v.noMax {
		return "must be at least " + FormatNumber(v.lowest)
	}
	return fmt.Sprintf("must be from %s to %s", FormatNumber(v.lowest), FormatNumber(v.highest))
}

func (v numberRange) Description(context.Context) string         { return v.rule() }
func (v numberRange) MarkdownDescription(context.Context) string { return v.rule() }

func (v numberRange) ValidateFloat64(_ context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if f := req.ConfigValue.ValueFloat64(); f < v.lowest || (!v.noMax && f > v.highest) {
		AddError(&resp.Diagnostics, req.Path, "Invalid "+leaf(req.Path), fmt.Sprintf("%s is %s; it %s.", HCLPath(req.Path), FormatNumber(f), v.rule()))
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
