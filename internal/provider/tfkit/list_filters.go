package tfkit

import (
	"context"
	"fmt"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// listFilterAttributes are the filter attributes of a list block's config,
// built from filterSpecs like the data sources' (filterAttributes): the same
// names, descriptions and validators. The framework's list schemas have no
// sets, so ids and company_ids are lists there, with the same rules.
func listFilterAttributes() map[string]schema.Attribute {
	return filterSchema(func(f filterSpec) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: f.description(), Optional: true, Validators: f.stringValidators()}
	}, func(f filterSpec) schema.Attribute {
		return schema.BoolAttribute{MarkdownDescription: f.description(), Optional: true}
	}, func(f filterSpec) schema.Attribute {
		return schema.ListAttribute{MarkdownDescription: f.description(), ElementType: types.StringType, Optional: true, Validators: f.listValidators()}
	})
}

// listValidators are a set filter's validators for its list form.
func (f filterSpec) listValidators() []validator.List {
	return []validator.List{Elements{MinLen: 1, Each: f.validators}}
}

// listConfigFilter reads a list block's config into the core filter, through
// the data sources' FilterModel: the list attributes become the sets they are
// there, and the one mapping (FilterModel.toFilter) does the rest.
func listConfigFilter(ctx context.Context, config tfsdk.Config) (customers.Filter, diagList) {
	var diags diagList
	var listed map[string]tftypes.Value
	if err := config.Raw.As(&listed); err != nil {
		diags.AddError("Reading the list configuration failed", err.Error()+". This is a bug in the provider; please report it.")
		return customers.Filter{}, diags
	}
	// A new map: As hands out the configuration's own, which must not change.
	attrs := make(map[string]tftypes.Value, len(listed))
	set := tftypes.Set{ElementType: tftypes.String}
	for name, v := range listed {
		attrs[name] = v
		if !v.Type().Is(tftypes.List{}) {
			continue
		}
		switch {
		case v.IsNull():
			attrs[name] = tftypes.NewValue(set, nil)
		case !v.IsKnown():
			attrs[name] = tftypes.NewValue(set, tftypes.UnknownValue)
		default:
			var elems []tftypes.Value
			if err := v.As(&elems); err != nil {
				diags.AddError("Reading the list configuration failed", fmt.Sprintf("%s: %s. This is a bug in the provider; please report it.", name, err))
				return customers.Filter{}, diags
			}
			attrs[name] = tftypes.NewValue(set, elems)
		}
	}
	filters := dschema.Schema{Attributes: FilterAttributes()}
	asFilters := tfsdk.Config{Raw: tftypes.NewValue(filters.Type().TerraformType(ctx), attrs), Schema: filters}
	var m FilterModel
	if diags.Append(asFilters.Get(ctx, &m)...); diags.HasError() {
		return customers.Filter{}, diags
	}
	f, d := m.ToFilter(ctx)
	diags.Append(d...)
	return f, diags
}
