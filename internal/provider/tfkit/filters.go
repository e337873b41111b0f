package tfkit

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// FilterModel holds the filter attributes, shared by the data sources.
type FilterModel struct {
	IDs           types.Set    `tfsdk:"ids"`
	FirstName     types.String `tfsdk:"first_name"`
	LastName      types.String `tfsdk:"last_name"`
	Email         types.String `tfsdk:"email"`
	Rating        types.String `tfsdk:"rating"`
	CustomerType  types.String `tfsdk:"customer_type"`
	Subscribed    types.Bool   `tfsdk:"subscribed"`
	CreatedFrom   types.String `tfsdk:"created_from"`
	CreatedTo     types.String `tfsdk:"created_to"`
	ModifiedFrom  types.String `tfsdk:"modified_from"`
	ModifiedTo    types.String `tfsdk:"modified_to"`
	PhoneNumber   types.String `tfsdk:"phone_number"`
	City          types.String `tfsdk:"city"`
	ZipCode       types.String `tfsdk:"zip_code"`
	Exported      types.Bool   `tfsdk:"exported"`
	Channel       types.String `tfsdk:"channel"`
	CorporateName types.String `tfsdk:"corporate_name"`
	CompanyIDs    types.Set    `tfsdk:"company_ids"`
	Keyword       types.String `tfsdk:"keyword"`
	Status        types.String `tfsdk:"status"`
	CompanyName   types.String `tfsdk:"company_name"`
	Name          types.String `tfsdk:"name"`
	SortBy        types.String `tfsdk:"sort_by"`
	SortOrder     types.String `tfsdk:"sort_order"`
}

// filterKind is the Terraform type of a filter attribute.
type filterKind int

const (
	kindString filterKind = iota
	kindBool
	kindTime // RFC 3339
	kindSet  // of strings
)

// filterSpec is one filter attribute: its kind, what it means (the
// platforms' part of the description comes from their descriptions) and its
// platform-neutral validators: of the value, or for a set of each element
// (a set also needs at least one). The data sources' schemas and the list
// resource's (list_filters.go) are both built from it.
type filterSpec struct {
	name       string
	kind       filterKind
	what       string
	validators []validator.String
}

var positiveInt = regexp.MustCompile(`^[1-9][0-9]*$`)

var filterSpecs = []filterSpec{
	{name: customers.FilterIDs, kind: kindSet, what: "Only customers with these ids."},
	{name: customers.FilterFirstName, what: "First name contains this text."},
	{name: customers.FilterLastName, what: "Last name contains this text."},
	{name: customers.FilterName, what: "Full name contains this text."},
	{name: customers.FilterEmail, what: "Email contains this text."},
	{name: customers.FilterRating, what: "Customer rating."},
	{name: customers.FilterCustomerType, what: "Customer type."},
	{name: customers.FilterStatus, what: "Account status, as the platform names it."},
	{name: customers.FilterSubscribed, kind: kindBool, what: "Only customers (not) subscribed to newsletters."},
	{name: customers.FilterCreatedFrom, kind: kindTime, what: "Created at or after this time."},
	{name: customers.FilterCreatedTo, kind: kindTime, what: "Created at or before this time."},
	{name: customers.FilterModifiedFrom, kind: kindTime, what: "Modified at or after this time."},
	{name: customers.FilterModifiedTo, kind: kindTime, what: "Modified at or before this time."},
	{name: customers.FilterPhoneNumber, what: "Phone number contains this text (where the provider applies it, spacing and punctuation are ignored)."},
	{name: customers.FilterCity, what: "City of an address."},
	{name: customers.FilterZipCode, what: "Zip code of an address."},
	{name: customers.FilterExported, kind: kindBool, what: "Only customers that were (not) exported."},
	{name: customers.FilterChannel, what: "Sales channel name as the platform spells it."},
	{name: customers.FilterCompanyName, what: "Company name contains this text."},
	{name: customers.FilterCorporateName, what: "Business name contains this text."},
	{name: customers.FilterCompanyIDs, kind: kindSet, what: "Only customers of these companies (positive whole numbers).",
		validators: []validator.String{Matches(positiveInt, "must be a positive whole number")}},
	{name: customers.FilterKeyword, what: "Free-text search term."},
	{name: customers.FilterSortBy, what: "Sort the customers by `created_at`, `updated_at` or `company_name`.",
		validators: []validator.String{OneOf(customers.SortCreatedAt, customers.SortUpdatedAt, customers.SortCompanyName)}},
	{name: customers.FilterSortOrder, what: "`asc` or `desc`.",
		validators: []validator.String{OneOf("asc", "desc")}},
}

const timeFormatNote = " RFC 3339 timestamp, e.g. `2024-01-31T00:00:00Z`; where the provider applies the filter it compares exactly, and a customer without the time does not match."

// FilterAttributes are the filter attributes of the data sources.
func FilterAttributes() map[string]schema.Attribute {
	return filterSchema(func(f filterSpec) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: f.description(), Optional: true, Validators: f.stringValidators()}
	}, func(f filterSpec) schema.Attribute {
		return schema.BoolAttribute{MarkdownDescription: f.description(), Optional: true}
	}, func(f filterSpec) schema.Attribute {
		return schema.SetAttribute{MarkdownDescription: f.description(), ElementType: types.StringType, Optional: true, Validators: f.setValidators()}
	})
}

// filterSchema is one attribute per filter spec, made by the schema
// package's constructor of its kind: a text (or time), a bool, a set.
func filterSchema[A any](text, flag, set func(f filterSpec) A) map[string]A {
	out := make(map[string]A, len(filterSpecs))
	for _, f := range filterSpecs {
		switch f.kind {
		case kindString, kindTime:
			out[f.name] = text(f)
		case kindBool:
			out[f.name] = flag(f)
		case kindSet:
			out[f.name] = set(f)
		}
	}
	return out
}

// description is the filter's description, with where each platform
// applies it.
func (f filterSpec) description() string {
	if f.kind == kindTime {
		return filterDesc(f.name, f.what+timeFormatNote)
	}
	return filterDesc(f.name, f.what)
}

// stringValidators are a text or time filter's validators.
func (f filterSpec) stringValidators() []validator.String {
	if f.kind == kindTime {
		return append([]validator.String{RFC3339Validator()}, f.validators...)
	}
	return f.validators
}

// setValidators are a set filter's validators: not empty, and each element's.
func (f filterSpec) setValidators() []validator.Set {
	return []validator.Set{Elements{MinLen: 1, Each: f.validators}}
}

// filterDesc ends a filter's description with where each platform applies
// it, the values it accepts there and what more the platform says of it,
// from the platforms' descriptions.
func filterDesc(name, what string) string {
	var parts, none []string
	for _, p := range Platforms {
		s, ok := p.Filters[name]
		var part, note string
		switch {
		case !ok:
			none = append(none, p.Name)
			continue
		case s.Support == customers.SupportServer:
			part = fmt.Sprintf("%s `%s`", p.Name, s.Param)
			if s.Note != "" {
				note = " (" + s.Note + ")"
			}
		case s.Note != "":
			part = p.Name + " (applied by the provider; " + s.Note + ")"
		default:
			part = p.Name + " (applied by the provider)"
		}
		if len(s.Values) > 0 && len(s.Values) <= 8 {
			part += ": " + Backticked(s.Values)
		} else if len(s.Values) > 8 {
			part += fmt.Sprintf(": one of %d names", len(s.Values))
		}
		parts = append(parts, part+note)
	}
	if len(none) > 0 {
		parts = append(parts, "not supported on "+strings.Join(none, ", "))
	}
	return what + " Platforms: " + strings.Join(parts, "; ") + "."
}

// CheckFilters rejects, before any request, the filters the configured
// platform cannot apply, values it does not accept and ids that cannot be
// its customer ids, each as an error on its attribute under root (the data
// source's root, or its filter attribute).
func CheckFilters(c *ProviderData, f customers.Filter, root path.Path, diags *diagList) {
	for _, e := range c.Description().Check(f) {
		detail := e.Detail
		if at := HCLPath(root); at != "" {
			detail = at + ": " + detail // the filter attribute inside it
		}
		AddError(diags, root.AtName(e.Filter), e.Summary, detail)
	}
}

// ValidateTimeRanges rejects created_from after created_to and modified_from
// after modified_to, for the filter attributes under root.
func ValidateTimeRanges(ctx context.Context, config tfsdk.Config, root path.Path, diags *diagList) {
	for _, r := range [][2]string{{"created_from", "created_to"}, {"modified_from", "modified_to"}} {
		var from, to types.String
		diags.Append(config.GetAttribute(ctx, root.AtName(r[0]), &from)...)
		diags.Append(config.GetAttribute(ctx, root.AtName(r[1]), &to)...)
		if !Known(from, to) {
			continue
		}
		f, err1 := time.Parse(time.RFC3339, from.ValueString())
		t, err2 := time.Parse(time.RFC3339, to.ValueString())
		if err1 != nil || err2 != nil {
			continue // rfc3339Validator reports it
		}
		if f.After(t) {
			fromPath, toPath := root.AtName(r[0]), root.AtName(r[1])
			AddError(diags, fromPath, "Invalid time range",
				fmt.Sprintf("%s (%s) is after %s (%s).", HCLPath(fromPath), from.ValueString(), HCLPath(toPath), to.ValueString()))
		}
	}
}

// ToFilter maps the filter attributes to the core filter.
func (m FilterModel) ToFilter(ctx context.Context) (customers.Filter, diagList) {
	var diags diagList
	f := customers.Filter{
		FirstName:     m.FirstName.ValueStringPointer(),
		LastName:      m.LastName.ValueStringPointer(),
		Email:         m.Email.ValueStringPointer(),
		Rating:        m.Rating.ValueStringPointer(),
		CustomerType:  m.CustomerType.ValueStringPointer(),
		Subscribed:    m.Subscribed.ValueBoolPointer(),
		PhoneNumber:   m.PhoneNumber.ValueStringPointer(),
		City:          m.City.ValueStringPointer(),
		ZipCode:       m.ZipCode.ValueStringPointer(),
		Exported:      m.Exported.ValueBoolPointer(),
		Channel:       m.Channel.ValueStringPointer(),
		CorporateName: m.CorporateName.ValueStringPointer(),
		Keyword:       m.Keyword.ValueStringPointer(),
		Status:        m.Status.ValueStringPointer(),
		CompanyName:   m.CompanyName.ValueStringPointer(),
		Name:          m.Name.ValueStringPointer(),
		SortBy:        m.SortBy.ValueStringPointer(),
		SortOrder:     m.SortOrder.ValueStringPointer(),
	}
	diags.Append(m.IDs.ElementsAs(ctx, &f.IDs, true)...)
	diags.Append(m.CompanyIDs.ElementsAs(ctx, &f.CompanyIDs, true)...)
	for _, t := range []struct {
		name string
		v    types.String
		dst  **time.Time
	}{{customers.FilterCreatedFrom, m.CreatedFrom, &f.CreatedFrom}, {customers.FilterCreatedTo, m.CreatedTo, &f.CreatedTo},
		{customers.FilterModifiedFrom, m.ModifiedFrom, &f.ModifiedFrom}, {customers.FilterModifiedTo, m.ModifiedTo, &f.ModifiedTo}} {
		if t.v.IsNull() {
			continue
		}
		v, err := time.Parse(time.RFC3339, t.v.ValueString())
		if err != nil { // rfc3339Validator rejected it while planning
			diags.AddError("Invalid timestamp", fmt.Sprintf("%s: %q is not an RFC 3339 timestamp such as %q.", t.name, t.v.ValueString(), RFC3339Example))
			continue
		}
		*t.dst = &v
	}
	return f, diags
}

// DescribeFilter lists the filters that are set, e.g. `the filters city =
// "Austin", customer_type = "Wholesale"`.
func DescribeFilter(o types.Object) string {
	var parts []string
	for name, v := range o.Attributes() {
		if !v.IsNull() {
			parts = append(parts, name+" = "+v.String())
		}
	}
	if len(parts) == 0 {
		return "an empty filter (every customer)"
	}
	slices.Sort(parts)
	return "the filters " + strings.Join(parts, ", ")
}
