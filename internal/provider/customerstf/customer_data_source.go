package customerstf

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

var (
	_ datasource.DataSourceWithConfigure        = (*customerDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig   = (*customerDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*customerDataSource)(nil)
)

// NewCustomerDataSource is the singular commerce_customer data source,
// with the full records of the platforms that have one (records:
// Sellercloud's, sellercloudtf.Record; Connect's with its users,
// connecttf.Record).
func NewCustomerDataSource(records ...tfkit.FullRecord) func() datasource.DataSource {
	return func() datasource.DataSource { return &customerDataSource{records: records} }
}

// customerDataSource reads one customer on every platform: the fields of
// commerce_customers, and on a platform with a full record (records) that
// record's fields too, null on the others.
type customerDataSource struct {
	data    *tfkit.ProviderData
	records []tfkit.FullRecord
}

func (d *customerDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer"
}

func (d *customerDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "Id of the customer to read, checked against the rule of the provider block's platform: " + tfkit.IDRules() + ". On every platform, empty or blank text, spaces around it, `.` and `..` are errors at plan time, and the record read must carry this id: a record of another customer is an error. Set either `id` or `filter`; with `filter`, the id of the one match.",
			Optional:            true,
			Computed:            true,
		},
		"filter": schema.SingleNestedAttribute{
			MarkdownDescription: "Find the customer with the filters of `commerce_customers` (same names and meaning). Exactly one customer must match: none or several is an error that says how many matched.",
			Optional:            true,
			Attributes:          tfkit.FilterAttributes(),
		},
		"raw": schema.StringAttribute{
			MarkdownDescription: "The server's JSON object for this customer (on Sellercloud `GET /Customers/{id}`: addresses, order options, custom columns and more), for `jsondecode()`, with `include_raw = true`; `\"\"` without it.",
			Computed:            true,
		},
		"include_raw": schema.BoolAttribute{
			MarkdownDescription: tfkit.IncludeRawDescription("`raw`", "the customer's"),
			Optional:            true,
		},
	}
	for _, rec := range d.records {
		for _, f := range rec.Fields {
			attrs[f.Name] = f.Attribute
		}
	}
	for name, a := range customerAttributes() {
		if _, done := attrs[name]; !done {
			attrs[name] = a
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads exactly one customer, by `id` or by `filter`, from the platform's single-customer endpoint, on every platform. " +
			"Zero or several matches is an error that says how many matched and with which filters. " +
			"On Sellercloud it returns every field `commerce_customer` manages (`GET /Customers/{id}`), so it can feed that resource; on Telness Tech Connect it reads `GET /customers/{id}` (one request) and lists the customer's `users`; on the other platforms the fields of `commerce_customers` are filled. A field of one platform's record is null on the others.\n\n" +
			tfkit.PersonalDataInState("commerce_customer", "the customer's fields listed below (`raw` only with `include_raw = true`)"),
		Attributes: attrs,
	}
}

func (d *customerDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{tfkit.ExactlyOneOf{Attrs: []string{"id", "filter"}, What: "commerce_customer reads one customer, by its id or by a filter that matches it"}}
}

func (d *customerDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = tfkit.Configured(req.ProviderData, &resp.Diagnostics)
}

func (d *customerDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	tfkit.ValidateTimeRanges(ctx, req.Config, path.Root("filter"), &resp.Diagnostics)
}

func (d *customerDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config types.Object
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.data == nil {
		resp.Diagnostics.AddError("Provider not configured", "The provider block was not configured before the commerce_customer data source was read. This is a bug in the provider; please report it.")
		return
	}
	in := config.Attributes()
	idValue, _ := in["id"].(types.String)
	filter, _ := in["filter"].(types.Object)
	includeRaw, _ := in["include_raw"].(types.Bool)
	desc := d.data.Description()
	id := idValue.ValueString()
	if !idValue.IsNull() {
		if err := desc.CheckID(id); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid id", fmt.Sprintf("id: %s.", err))
			return
		}
	}
	if idValue.IsNull() {
		if id = d.findOne(ctx, filter, &resp.Diagnostics); resp.Diagnostics.HasError() {
			return
		}
	}
	out := tfkit.Values{"filter": filter, "include_raw": includeRaw}
	var c customers.Customer
	var raw []byte
	full := false
	for _, rec := range d.records {
		fields, rc, rraw, ok, err := rec.Read(ctx, d.data.Platform, id)
		if !ok {
			continue
		}
		if err != nil {
			addGetError(desc.Title, id, err, &resp.Diagnostics)
			return
		}
		maps.Copy(out, fields)
		c, raw, full = rc, rraw, true
	}
	if !full {
		var err error
		if c, err = d.data.Platform.Get(ctx, id); err != nil {
			addGetError(desc.Title, id, err, &resp.Diagnostics)
			return
		}
		raw = c.Raw
	}
	// The commerce_customers fields, and the full records' fields this
	// platform has none of: null, but the common ones.
	for _, col := range customerColumns {
		if _, set := out[col.name]; !set {
			out[col.name] = types.StringValue(col.value(&c))
		}
	}
	for _, rec := range d.records {
		for _, f := range rec.Fields {
			if _, set := out[f.Name]; set {
				continue
			}
			out[f.Name] = tfkit.NullOf(f.Type)
			if col := customerColumn(f.Common); col != nil {
				out[f.Name] = types.StringValue(col(&c))
			}
		}
	}
	out["raw"] = rawValue(raw, includeRaw)
	state, diags := types.ObjectValue(config.AttributeTypes(ctx), out)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// findOne returns the id of the one customer matching the filter attribute;
// none or several is an error on filter that says how many matched.
func (d *customerDataSource) findOne(ctx context.Context, filterObj types.Object, diags *diag.Diagnostics) string {
	var fm tfkit.FilterModel
	diags.Append(filterObj.As(ctx, &fm, basetypes.ObjectAsOptions{})...)
	if diags.HasError() {
		return ""
	}
	filter, fd := fm.ToFilter(ctx)
	diags.Append(fd...)
	tfkit.CheckFilters(d.data, filter, path.Root("filter"), diags)
	if diags.HasError() {
		return ""
	}
	// Two results and the server's total are enough to tell one from many;
	// filters applied by the provider need full pages instead.
	opts := customers.ListOptions{MaxResults: 2, Concurrency: d.data.Concurrency}
	if !d.data.Description().AppliedLocally(filter) {
		opts.PageSize = 2
	}
	res, err := customers.List(ctx, d.data.Platform, filter, opts)
	if err != nil {
		diags.AddError("Listing customers failed", fmt.Sprintf("Looking for the customer matching %s: %s", tfkit.DescribeFilter(filterObj), err))
		return ""
	}
	if res.Truncated && res.TotalResults <= len(res.Customers) {
		// A cursor API reports no total, so the two found say only "several";
		// the error must say how many, so count them all (error path only).
		if res, err = customers.List(ctx, d.data.Platform, filter, customers.ListOptions{Concurrency: d.data.Concurrency}); err != nil {
			diags.AddError("Listing customers failed", fmt.Sprintf("Counting the customers matching %s: %s", tfkit.DescribeFilter(filterObj), err))
			return ""
		}
	}
	count := max(res.TotalResults, len(res.Customers))
	if len(res.Customers) == 0 {
		count = 0
	}
	if count != 1 {
		diags.AddAttributeError(path.Root("filter"), "Not exactly one customer matched",
			fmt.Sprintf("%d customers matched %s; commerce_customer needs exactly one. Narrow the filters down, use id, or use commerce_customers for several.", count, tfkit.DescribeFilter(filterObj)))
		return ""
	}
	return res.Customers[0].ID
}

// rawValue is raw as the state holds it: the server's JSON with
// include_raw = true, else "".
func rawValue(raw []byte, include types.Bool) types.String {
	if !include.ValueBool() {
		return types.StringValue("")
	}
	return types.StringValue(string(raw))
}

func addGetError(platform, id string, err error, diags *diag.Diagnostics) {
	if errors.Is(err, customers.ErrNotFound) {
		diags.AddAttributeError(path.Root("id"), "Customer not found",
			fmt.Sprintf("0 customers matched id = %q: %s has no customer with this id (%s).", id, platform, err))
		return
	}
	diags.AddError("Reading the customer failed", fmt.Sprintf("Customer %s: %s", id, err))
}
