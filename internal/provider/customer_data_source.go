package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

var (
	_ datasource.DataSourceWithConfigure        = (*customerDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig   = (*customerDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*customerDataSource)(nil)
)

// NewCustomerDataSource is the singular commerce_customer data source.
func NewCustomerDataSource() datasource.DataSource { return &customerDataSource{} }

type customerDataSource struct {
	data *providerData
}

type customerDataSourceModel struct {
	ID         types.String `tfsdk:"id"`
	Filter     types.Object `tfsdk:"filter"`
	Raw        types.String `tfsdk:"raw"`
	IncludeRaw types.Bool   `tfsdk:"include_raw"`
	sellercloudFields
	unifiedFields
}

// unifiedFields are the commerce_customers fields that the Sellercloud
// record does not already carry under the same name; they are filled on every
// platform ("" where the platform has no such data).
type unifiedFields struct {
	FirstName    types.String `tfsdk:"first_name"`
	LastName     types.String `tfsdk:"last_name"`
	Phone        types.String `tfsdk:"phone"`
	CompanyName  types.String `tfsdk:"company_name"`
	CustomerType types.String `tfsdk:"customer_type"`
	Status       types.String `tfsdk:"status"`
	CreatedAt    types.String `tfsdk:"created_at"`
	UpdatedAt    types.String `tfsdk:"updated_at"`
	ExternalID   types.String `tfsdk:"external_id"`
}

func unifiedFromCustomer(c customers.Customer) unifiedFields {
	return unifiedFields{
		FirstName: types.StringValue(c.FirstName), LastName: types.StringValue(c.LastName),
		Phone: types.StringValue(c.Phone), CompanyName: types.StringValue(c.CompanyName),
		CustomerType: types.StringValue(c.CustomerType), Status: types.StringValue(c.Status),
		CreatedAt: types.StringValue(c.CreatedAt), UpdatedAt: types.StringValue(c.UpdatedAt),
		ExternalID: types.StringValue(c.ExternalID),
	}
}

// fieldsFromCustomer is sellercloudFields for a platform other than Sellercloud:
// the unified name, email, email_cc and rating are filled, the Sellercloud-only
// fields are null (they do not exist there).
func fieldsFromCustomer(c customers.Customer) sellercloudFields {
	return sellercloudFields{
		Title: types.StringNull(), Name: types.StringValue(c.Name), Email: types.StringValue(c.Email),
		EmailCC: types.StringValue(c.EmailCC), BusinessName: types.StringNull(),
		BusinessAliases: types.SetNull(types.StringType), SourceID: types.StringNull(),
		IsWholesale: types.BoolNull(), CompanyID: types.Int64Null(),
		AccountManagers: types.ListNull(types.ObjectType{AttrTypes: accountManagerAttrTypes}),
		Salesman:        types.StringNull(), Comments: types.StringNull(), Rating: types.StringValue(c.Rating),
		Phone1: types.StringNull(), Phone2: types.StringNull(), Phone3: types.StringNull(),
		Mobile: types.StringNull(), Fax: types.StringNull(),
	}
}

func (d *customerDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer"
}

func (d *customerDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "Id of the customer to read, checked against the rule of the provider block's platform: " + idRules() + ". Set either `id` or `filter`; with `filter`, the id of the one match.",
			Optional:            true,
			Computed:            true,
		},
		"filter": schema.SingleNestedAttribute{
			MarkdownDescription: "Find the customer with the filters of `commerce_customers` (same names and meaning). Exactly one customer must match: none or several is an error that says how many matched.",
			Optional:            true,
			Attributes:          filterAttributes(),
		},
		"raw": schema.StringAttribute{
			MarkdownDescription: "The server's JSON object for this customer (on Sellercloud `GET /Customers/{id}`: addresses, order options, custom columns and more), for `jsondecode()`, with `include_raw = true`; `\"\"` without it.",
			Computed:            true,
		},
		"include_raw": schema.BoolAttribute{
			MarkdownDescription: includeRawDescription("`raw`", "the customer's"),
			Optional:            true,
		},
	}
	for _, f := range sellercloudFieldTable {
		attrs[f.attr] = withSellercloudNote(f)
	}
	for name, a := range customerAttributes() {
		if _, done := attrs[name]; !done {
			attrs[name] = a
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads exactly one customer, by `id` or by `filter`, from the platform's single-customer endpoint, on every platform. " +
			"Zero or several matches is an error that says how many matched and with which filters. " +
			"On Sellercloud it returns every field `commerce_customer` manages (`GET /Customers/{id}`), so it can feed that resource; on the other platforms the fields of `commerce_customers` are filled and the Sellercloud-only fields are null.\n\n" +
			personalDataInState("commerce_customer", "the customer's fields listed below (`raw` only with `include_raw = true`)"),
		Attributes: attrs,
	}
}

func (d *customerDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{exactlyOneOf{attrs: []string{"id", "filter"}, what: "commerce_customer reads one customer, by its id or by a filter that matches it"}}
}

func (d *customerDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *customerDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	validateTimeRanges(ctx, req.Config, path.Root("filter"), &resp.Diagnostics)
}

func (d *customerDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m customerDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.data == nil {
		resp.Diagnostics.AddError("Provider not configured", "The provider block was not configured before the commerce_customer data source was read. This is a bug in the provider; please report it.")
		return
	}
	desc := d.data.description()
	id := m.ID.ValueString()
	if !m.ID.IsNull() {
		if err := desc.CheckID(id); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid id", fmt.Sprintf("id: %s.", err))
			return
		}
	}
	if m.ID.IsNull() {
		if id = d.findOne(ctx, m.Filter, &resp.Diagnostics); resp.Diagnostics.HasError() {
			return
		}
	}
	if sc, ok := d.data.platform.(sellercloudCustomers); ok {
		d.readSellercloud(ctx, sc, id, &m, resp)
		return
	}
	c, err := d.data.platform.Get(ctx, id)
	if err != nil {
		addGetError(desc.Title, id, err, &resp.Diagnostics)
		return
	}
	m.ID = types.StringValue(c.ID)
	m.Raw = rawValue(c.Raw, m.IncludeRaw)
	m.sellercloudFields = fieldsFromCustomer(c)
	m.unifiedFields = unifiedFromCustomer(c)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// findOne returns the id of the one customer matching the filter attribute;
// none or several is an error on filter that says how many matched.
func (d *customerDataSource) findOne(ctx context.Context, filterObj types.Object, diags *diagList) string {
	var fm filterModel
	diags.Append(filterObj.As(ctx, &fm, basetypes.ObjectAsOptions{})...)
	if diags.HasError() {
		return ""
	}
	filter, fd := fm.toFilter(ctx)
	diags.Append(fd...)
	checkFilters(d.data, filter, path.Root("filter"), diags)
	if diags.HasError() {
		return ""
	}
	// Two results and the server's total are enough to tell one from many;
	// filters applied by the provider need full pages instead.
	opts := customers.ListOptions{MaxResults: 2, Concurrency: d.data.concurrency}
	if !d.data.description().AppliedLocally(filter) {
		opts.PageSize = 2
	}
	res, err := customers.List(ctx, d.data.platform, filter, opts)
	if err != nil {
		diags.AddError("Listing customers failed", fmt.Sprintf("Looking for the customer matching %s: %s", describeFilter(filterObj), err))
		return ""
	}
	if res.Truncated && res.TotalResults <= len(res.Customers) {
		// A cursor API reports no total, so the two found say only "several";
		// the error must say how many, so count them all (error path only).
		if res, err = customers.List(ctx, d.data.platform, filter, customers.ListOptions{Concurrency: d.data.concurrency}); err != nil {
			diags.AddError("Listing customers failed", fmt.Sprintf("Counting the customers matching %s: %s", describeFilter(filterObj), err))
			return ""
		}
	}
	count := max(res.TotalResults, len(res.Customers))
	if len(res.Customers) == 0 {
		count = 0
	}
	if count != 1 {
		diags.AddAttributeError(path.Root("filter"), "Not exactly one customer matched",
			fmt.Sprintf("%d customers matched %s; commerce_customer needs exactly one. Narrow the filters down, use id, or use commerce_customers for several.", count, describeFilter(filterObj)))
		return ""
	}
	return res.Customers[0].ID
}

// readSellercloud fills the full record from GET /Customers/{id}: the fields
// commerce_customer manages and the unified ones.
func (d *customerDataSource) readSellercloud(ctx context.Context, sc sellercloudCustomers, id string, m *customerDataSourceModel, resp *datasource.ReadResponse) {
	det, err := sc.GetDetails(ctx, id)
	if err != nil {
		addGetError(d.data.description().Title, id, err, &resp.Diagnostics)
		return
	}
	m.ID = types.StringValue(strconv.Itoa(det.ID))
	m.Raw = rawValue(det.Raw, m.IncludeRaw)
	m.sellercloudFields = fieldsFromDetails(det)
	m.unifiedFields = unifiedFromCustomer(sellercloud.CustomerFromDetails(det))
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// rawValue is raw as the state holds it: the server's JSON with
// include_raw = true, else "".
func rawValue(raw []byte, include types.Bool) types.String {
	if !include.ValueBool() {
		return types.StringValue("")
	}
	return types.StringValue(string(raw))
}

func addGetError(platform, id string, err error, diags *diagList) {
	if errors.Is(err, customers.ErrNotFound) {
		diags.AddAttributeError(path.Root("id"), "Customer not found",
			fmt.Sprintf("0 customers matched id = %q: %s has no customer with this id (%s).", id, platform, err))
		return
	}
	diags.AddError("Reading the customer failed", fmt.Sprintf("Customer %s: %s", id, err))
}

// withSellercloudNote is a field's data-source attribute, its description
// saying what it holds on the other platforms.
func withSellercloudNote(f sellercloudField) schema.Attribute {
	if f.unified {
		return f.data(readDescriptions[f.attr] + " On other platforms: the same field of `commerce_customers`.")
	}
	return f.data(readDescriptions[f.attr] + " Sellercloud only: null on other platforms.")
}

// readDescriptions describe the Sellercloud record's fields as this data
// source reads them: where each comes from in GET /Customers/{id}, without
// the resource's wording about configuring and sending them.
var readDescriptions = map[string]string{
	"title":            "Title, e.g. `Mx.` (`General.Title`).",
	"name":             "Full name (Sellercloud `General.Name`).",
	"email":            "Email address (Sellercloud `General.Email`), in lower case as Sellercloud stores it.",
	"email_cc":         "CC email addresses, separated by `,` or `;` (Sellercloud `General.EmailCC`).",
	"business_name":    "Business name (`General.CorporateName`).",
	"business_aliases": "Business aliases (`General.BusinessAliases`), sorted and without duplicates.",
	"source_id":        "Source id (`General.SourceId`).",
	"is_wholesale":     "Whether the customer is a wholesale customer (`General.IsWholeSaleUser`).",
	"company_id":       "Sellercloud company the customer belongs to (`Internal.CompanyID`); `0` means none.",
	"account_managers": "Up to three account managers; the position is the slot (`Internal.AccountManagerId` and `AccountManagerCommission`, `AccountManager2Id`, ...). An empty slot is `{ id = 0, commission = 0 }`; empty slots at the end are left out.",
	"salesman":         "Salesman (`Internal.SalesMan`).",
	"comments":         "Comments (`Internal.Comment`).",
	"rating":           "Rating, one of " + backticked(sellercloud.Ratings) + " (Sellercloud `Internal.LocalRating`).",
	"phone_1":          "First phone number (`Personal.Phone1`).",
	"phone_2":          "Second phone number (`Personal.Phone2`).",
	"phone_3":          "Third phone number (`Personal.Phone3`).",
	"mobile":           "Mobile phone number (`Personal.Mobile`).",
	"fax":              "Fax number (`Personal.Fax`).",
}
