package tfkit

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// A managed record is named by its id parts (IDPart): customer_id for a
// customer; a record that lives under a customer, such as an Adobe
// subscription or a Connect customer user, by two, customer_id and its own
// id. They are the resource identity (Terraform 1.12 and later, OpenTofu 1.12
// and later; older CLIs never ask for it and the framework keeps it out of
// their protocol), the import id (the parts joined by "/":
// "1006374001/sub-1") and the computed `id` attribute (the same joined
// text, known while planning whenever the parts are). The platform calls of
// a managed resource take that joined id.

// IDPart is one attribute that names a managed record, with its platform's
// rule for it.
type IDPart struct {
	// Attr is the attribute: "customer_id".
	Attr string
	// Doc is its schema description.
	Doc string
	// What is what it is, as in "the Sellercloud customer id"; Rule says
	// what it looks like.
	What string
	Rule customers.IDRule
	// Check rejects text that cannot be one, saying why.
	Check func(id string) error
	// Optional makes the part optional (the resource has a Create hook):
	// left out of the configuration, applying creates the record and the
	// part is known after apply; set, the resource adopts the record it
	// names. The state keeps it while the configuration leaves it out.
	Optional bool
}

// CustomerID is the part that names a customer of the platform d: its
// customer_id, checked by the rule of d's description. doc is the
// attribute's description.
func CustomerID(d *customers.Description, doc string) IDPart {
	return IDPart{Attr: "customer_id", Doc: doc, What: d.Title + " customer id", Rule: d.ID, Check: d.CheckID}
}

// DescribeCustomerID is what a customer id of platform d is: "the
// Sellercloud customer id, a whole number from 1 to 2147483647, such as
// 10001".
func DescribeCustomerID(d *customers.Description) string {
	return fmt.Sprintf("the %s customer id, %s", d.Title, d.ID.Describe())
}

func (p IDPart) describe() string { return fmt.Sprintf("the %s, %s", p.What, p.Rule.Describe()) }

// ref names one id in a message: "id 10001" for a number, `customer_id
// "1006374001"` for text.
func (p IDPart) ref(id string) string {
	if p.Rule.Max > 0 {
		return "id " + id
	}
	return fmt.Sprintf("%s %q", p.Attr, id)
}

// attribute is the part's schema attribute: required (or optional and
// computed, its value kept while the configuration leaves it out), and a
// change names another record, so it replaces the resource.
func (p IDPart) attribute() schema.Attribute {
	if p.Optional {
		return schema.StringAttribute{MarkdownDescription: p.Doc, Optional: true, Computed: true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplace()}}
	}
	return schema.StringAttribute{MarkdownDescription: p.Doc, Required: true,
		PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}}
}

// idParts are a resource's id parts.
type idParts []IDPart

// attribute is the computed `id`: the parts joined by "/".
func (ps idParts) attribute() schema.Attribute {
	desc := fmt.Sprintf("The %s, same as `%s`; known while planning whenever `%s` is.", strings.ReplaceAll(ps[0].Attr, "_", " "), ps[0].Attr, ps[0].Attr)
	if len(ps) > 1 {
		desc = fmt.Sprintf("%s joined by `/`; known while planning whenever they are.", ps.names())
	}
	return schema.StringAttribute{MarkdownDescription: desc, Computed: true, PlanModifiers: []planmodifier.String{joinedID(ps)}}
}

// names lists the attributes in backticks: "`customer_id` and
// `subscription_id`".
func (ps idParts) names() string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = "`" + p.Attr + "`"
	}
	return JoinAnd(names)
}

// identitySchema has one attribute per part, each required for import.
func (ps idParts) identitySchema() identityschema.Schema {
	attrs := map[string]identityschema.Attribute{}
	for _, p := range ps {
		attrs[p.Attr] = identityschema.StringAttribute{Description: UpperFirst(p.describe()) + ".", RequiredForImport: true}
	}
	return identityschema.Schema{Attributes: attrs}
}

// join is the record's id: its parts joined by "/".
func join(parts []string) string { return strings.Join(parts, "/") }

// split is the parts of a record's id.
func (ps idParts) split(id string) []string { return strings.SplitN(id, "/", len(ps)) }

// of reads the parts from planned or stated values; ok is false while one
// is null or unknown.
func (ps idParts) of(v Values) (parts []string, ok bool) {
	for _, p := range ps {
		s, is := v[p.Attr].(types.String)
		if !is || !Known(s) {
			return nil, false
		}
		parts = append(parts, s.ValueString())
	}
	return parts, true
}

// setIdentity records the parts as the resource's identity. A nil identity
// (a response without one) is left alone.
func (ps idParts) setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id string, diags *diagList) {
	if identity == nil {
		return
	}
	vals := map[string]attr.Value{}
	attrTypes := map[string]attr.Type{}
	for i, part := range ps.split(id) {
		vals[ps[i].Attr] = types.StringValue(part)
		attrTypes[ps[i].Attr] = types.StringType
	}
	obj, d := types.ObjectValue(attrTypes, vals)
	if diags.Append(d...); d.HasError() {
		return
	}
	diags.Append(identity.Set(ctx, obj)...)
}

// checkPlanned rejects a planned part that cannot be one of the platform's
// ids. It runs while planning, after the resource found its platform in the
// provider block: on another platform the error says so first, instead of
// judging the id by a rule that is not its platform's.
func (ps idParts) checkPlanned(plan Values, diags *diagList) bool {
	for _, p := range ps {
		s, _ := plan[p.Attr].(types.String)
		if !Known(s) {
			continue
		}
		if err := p.Check(s.ValueString()); err != nil {
			diags.AddAttributeError(path.Root(p.Attr), "Invalid "+p.Attr, fmt.Sprintf("%s: %s.", p.Attr, err))
			return false
		}
	}
	return true
}

// importParts are the parts an import names: from the id of `terraform
// import` and `import { id = ... }` (joined by "/"), or from the identity
// of `import { identity = ... }`, checked by the platform's rules.
func (ps idParts) importParts(ctx context.Context, resourceType string, req resource.ImportStateRequest, diags *diagList) ([]string, bool) {
	byIdentity := req.ID == "" && req.Identity != nil
	var parts []string
	if byIdentity {
		for _, p := range ps {
			var v types.String
			diags.Append(req.Identity.GetAttribute(ctx, path.Root(p.Attr), &v)...)
			parts = append(parts, v.ValueString())
		}
	} else {
		parts = ps.split(req.ID)
	}
	if diags.HasError() {
		return nil, false
	}
	if len(parts) != len(ps) {
		diags.AddError("Invalid import id", fmt.Sprintf("Import a %s by %s joined by \"/\", such as %s: %q has %d part(s).",
			resourceType, ps.names(), ps.example(), req.ID, len(parts)))
		return nil, false
	}
	for i, p := range ps {
		err := p.Check(parts[i])
		switch {
		case err == nil:
		case byIdentity:
			diags.AddAttributeError(path.Root(p.Attr), "Invalid import identity",
				fmt.Sprintf("identity.%s of a %s import is its %s, such as %s: %s.", p.Attr, resourceType, p.What, p.Rule.Example, err))
			return nil, false
		case len(ps) == 1:
			diags.AddError("Invalid import id", fmt.Sprintf("Import a %s by its %s, such as %s: %s.", resourceType, p.What, p.Rule.Example, err))
			return nil, false
		default:
			diags.AddError("Invalid import id", fmt.Sprintf("Import a %s by %s joined by \"/\", such as %s: %s: %s.",
				resourceType, ps.names(), ps.example(), p.Attr, err))
			return nil, false
		}
	}
	return parts, true
}

// example is an import id made of the parts' examples.
func (ps idParts) example() string {
	ex := make([]string, len(ps))
	for i, p := range ps {
		ex[i] = p.Rule.Example
	}
	return join(ex)
}

// joinedID plans `id` as the planned parts joined by "/", known as soon as
// they are: an id that equals the configured record id is then known at plan
// time, and whatever it feeds (a data source, say) is read while planning.
type joinedID idParts

func (m joinedID) Description(context.Context) string {
	return "the same value as " + idParts(m).names()
}

func (m joinedID) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (m joinedID) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	var parts []string
	for _, p := range m {
		var v types.String
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(p.Attr), &v)...)
		if !Known(v) {
			return
		}
		parts = append(parts, v.ValueString())
	}
	resp.PlanValue = types.StringValue(join(parts))
}
