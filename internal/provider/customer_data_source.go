package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

var (
	_ datasource.DataSourceWithConfigure        = (*customerDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig   = (*customerDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*customerDataSource)(nil)
)

// NewCustomerDataSource is the singular commerce_customer data source.
func NewCustomerDataSource() datasource.DataSource { return &customerDataSource{} }

type customerDataSource struct {
	client *clientData
}

type customerDataSourceModel struct {
	ID     types.String `tfsdk:"id"`
	Filter types.Object `tfsdk:"filter"`
	Raw    types.String `tfsdk:"raw"`
	customerFields
}

func (d *customerDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer"
}

func (d *customerDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "Id of the customer to read. Set either `id` or `filter`; with `filter`, the id of the one match.",
			Optional:            true,
			Computed:            true,
			Validators:          []validator.String{customerIDValidator{}},
		},
		"filter": schema.SingleNestedAttribute{
			MarkdownDescription: "Find the customer with the filters of `commerce_customers` (same names and meaning). Exactly one customer must match: none or several is an error that says how many matched.",
			Optional:            true,
			Attributes:          filterAttributes(),
		},
		"raw": schema.StringAttribute{
			MarkdownDescription: "The server's JSON object for this customer (`GET /Customers/{id}`), for `jsondecode()`: addresses, order options, custom columns and more.",
			Computed:            true,
		},
		"business_aliases": schema.SetAttribute{MarkdownDescription: descBusinessAliases, ElementType: types.StringType, Computed: true},
		"is_wholesale":     schema.BoolAttribute{MarkdownDescription: descIsWholesale, Computed: true},
		"company_id":       schema.Int64Attribute{MarkdownDescription: descCompanyID, Computed: true},
		"account_managers": schema.ListNestedAttribute{
			MarkdownDescription: descAccountManagers,
			Computed:            true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id":         schema.Int64Attribute{MarkdownDescription: descManagerID, Computed: true},
				"commission": schema.Float64Attribute{MarkdownDescription: "Commission in percent.", Computed: true},
			}},
		},
	}
	for _, f := range textFields {
		attrs[f.attr] = schema.StringAttribute{MarkdownDescription: f.desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads exactly one Sellercloud customer, by `id` or by `filter`, with every field `commerce_customer` manages, from the single-customer endpoint (`GET /Customers/{id}`). " +
			"Zero or several matches is an error. Sellercloud only, for now.",
		Attributes: attrs,
	}
}

func (d *customerDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("filter"))}
}

func (d *customerDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (d *customerDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	filter := path.Root("filter")
	var f filterModel
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, filter.AtName("created_from"), &f.CreatedFrom)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, filter.AtName("created_to"), &f.CreatedTo)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, filter.AtName("modified_from"), &f.ModifiedFrom)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, filter.AtName("modified_to"), &f.ModifiedTo)...)
	for _, r := range []struct {
		from, to         timetypes.RFC3339
		fromName, toName string
	}{{f.CreatedFrom, f.CreatedTo, "created_from", "created_to"}, {f.ModifiedFrom, f.ModifiedTo, "modified_from", "modified_to"}} {
		if !known(r.from, r.to) {
			continue
		}
		from, d1 := r.from.ValueRFC3339Time()
		to, d2 := r.to.ValueRFC3339Time()
		if !d1.HasError() && !d2.HasError() && from.After(to) {
			resp.Diagnostics.AddAttributeError(filter.AtName(r.fromName), "Invalid time range",
				fmt.Sprintf("filter.%s (%s) is after filter.%s (%s).", r.fromName, r.from.ValueString(), r.toName, r.to.ValueString()))
		}
	}
}

func (d *customerDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m customerDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	sc := sellercloudOnly(d.client, "commerce_customer data source", &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := m.ID.ValueString()
	if m.ID.IsNull() {
		var fm filterModel
		resp.Diagnostics.Append(m.Filter.As(ctx, &fm, basetypes.ObjectAsOptions{})...)
		if resp.Diagnostics.HasError() {
			return
		}
		filter, diags := fm.toFilter(ctx)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		// Two results and the server's total are enough to tell one from many.
		res, err := sc.List(ctx, filter, customers.ListOptions{PageSize: 2, MaxResults: 2})
		if err != nil {
			resp.Diagnostics.AddError("Listing customers failed", fmt.Sprintf("Looking for the customer matching %s: %s", describeFilter(m.Filter), err))
			return
		}
		count := max(res.TotalResults, len(res.Customers))
		if len(res.Customers) == 0 {
			count = 0
		}
		if count != 1 {
			resp.Diagnostics.AddAttributeError(path.Root("filter"), "Not exactly one customer matched",
				fmt.Sprintf("%d customers matched %s; commerce_customer needs exactly one. Narrow the filters down, use id, or use commerce_customers for several.", count, describeFilter(m.Filter)))
			return
		}
		id = res.Customers[0].ID
	}
	det, err := sc.GetDetails(ctx, id)
	if errors.Is(err, customers.ErrNotFound) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Customer not found",
			fmt.Sprintf("0 customers matched id = %q: Sellercloud has no customer with this id (%s).", id, err))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading the customer failed", fmt.Sprintf("Customer %s: %s", id, err))
		return
	}
	m.ID = types.StringValue(strconv.Itoa(det.ID))
	m.Raw = types.StringValue(string(det.Raw))
	m.customerFields = fieldsFromDetails(det)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// describeFilter lists the filters that are set, e.g. `the filters city =
// "Austin", customer_type = "Wholesale"`.
func describeFilter(o types.Object) string {
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
