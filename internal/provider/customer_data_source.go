package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
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
	client *clientData
}

type customerDataSourceModel struct {
	ID     types.String `tfsdk:"id"`
	Filter types.Object `tfsdk:"filter"`
	Raw    types.String `tfsdk:"raw"`
	customerFields
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

// fieldsFromCustomer is customerFields for a platform other than Sellercloud:
// the unified name, email, email_cc and rating are filled, the Sellercloud-only
// fields are null (they do not exist there).
func fieldsFromCustomer(c customers.Customer) customerFields {
	return customerFields{
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
			MarkdownDescription: "Id of the customer to read (on Sellercloud a positive whole number). Set either `id` or `filter`; with `filter`, the id of the one match.",
			Optional:            true,
			Computed:            true,
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
		"business_aliases": schema.SetAttribute{MarkdownDescription: readDescriptions["business_aliases"] + onlySellercloudNote, ElementType: types.StringType, Computed: true},
		"is_wholesale":     schema.BoolAttribute{MarkdownDescription: readDescriptions["is_wholesale"] + onlySellercloudNote, Computed: true},
		"company_id":       schema.Int64Attribute{MarkdownDescription: readDescriptions["company_id"] + onlySellercloudNote, Computed: true},
		"account_managers": schema.ListNestedAttribute{
			MarkdownDescription: readDescriptions["account_managers"] + onlySellercloudNote,
			Computed:            true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id":         schema.Int64Attribute{MarkdownDescription: "Account manager id; `0` in an empty slot.", Computed: true},
				"commission": schema.Float64Attribute{MarkdownDescription: "Commission in percent, with two decimals.", Computed: true},
			}},
		},
	}
	for _, f := range textFields {
		attrs[f.attr] = schema.StringAttribute{MarkdownDescription: readDescriptions[f.attr] + sellercloudOnlyNote(f.attr), Computed: true}
	}
	for name, a := range customerAttributes() {
		if _, done := attrs[name]; !done {
			attrs[name] = schema.StringAttribute{MarkdownDescription: a.GetMarkdownDescription() + " Empty where the platform has no such data.", Computed: true}
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads exactly one customer, by `id` or by `filter`, from the platform's single-customer endpoint, on every platform. " +
			"Zero or several matches is an error that says how many matched and with which filters. " +
			"On Sellercloud it returns every field `commerce_customer` manages (`GET /Customers/{id}`), so it can feed that resource; on the other platforms the fields of `commerce_customers` are filled and the Sellercloud-only fields are null.",
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
	validateTimeRanges(ctx, req.Config, path.Root("filter"), &resp.Diagnostics)
}

func (d *customerDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m customerDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.client == nil {
		resp.Diagnostics.AddError("Provider not configured", "The provider block was not configured before the commerce_customer data source was read. This is a bug in the provider; please report it.")
		return
	}
	platform := d.client.platform
	id := m.ID.ValueString()
	if !m.ID.IsNull() && d.client.sellercloud != nil {
		if err := checkCustomerID(id); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid Sellercloud customer id",
				fmt.Sprintf("id must be a Sellercloud customer id, a positive whole number: %s.", err))
			return
		}
	}
	if m.ID.IsNull() {
		var fm filterModel
		resp.Diagnostics.Append(m.Filter.As(ctx, &fm, basetypes.ObjectAsOptions{})...)
		if resp.Diagnostics.HasError() {
			return
		}
		filter, diags := fm.toFilter(ctx)
		resp.Diagnostics.Append(diags...)
		checkFilters(d.client, filter, path.Root("filter"), &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		// Two results and the server's total are enough to tell one from many;
		// filters applied by the provider need full pages instead.
		opts := customers.ListOptions{MaxResults: 2, Concurrency: d.client.concurrency}
		if _, local := customers.Split(platform.Name(), filter); local.IsEmpty() {
			opts.PageSize = 2
		}
		res, err := platform.List(ctx, filter, opts)
		if err != nil {
			resp.Diagnostics.AddError("Listing customers failed", fmt.Sprintf("Looking for the customer matching %s: %s", describeFilter(m.Filter), err))
			return
		}
		if res.Truncated && res.TotalResults <= len(res.Customers) {
			// A cursor API reports no total, so the two found say only "several";
			// the error must say how many, so count them all (error path only).
			if res, err = platform.List(ctx, filter, customers.ListOptions{Concurrency: d.client.concurrency}); err != nil {
				resp.Diagnostics.AddError("Listing customers failed", fmt.Sprintf("Counting the customers matching %s: %s", describeFilter(m.Filter), err))
				return
			}
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
	if d.client.sellercloud != nil {
		d.readSellercloud(ctx, id, &m, resp)
		return
	}
	c, err := platform.Get(ctx, id)
	if err != nil {
		addGetError(platform.Name(), id, err, &resp.Diagnostics)
		return
	}
	m.ID = types.StringValue(c.ID)
	m.Raw = types.StringValue(string(c.Raw))
	m.customerFields = fieldsFromCustomer(c)
	m.unifiedFields = unifiedFromCustomer(c)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// readSellercloud fills the full record from GET /Customers/{id}: the fields
// commerce_customer manages and the unified ones.
func (d *customerDataSource) readSellercloud(ctx context.Context, id string, m *customerDataSourceModel, resp *datasource.ReadResponse) {
	det, err := d.client.sellercloud.GetDetails(ctx, id)
	if err != nil {
		addGetError(platformSellercloud, id, err, &resp.Diagnostics)
		return
	}
	m.ID = types.StringValue(strconv.Itoa(det.ID))
	m.Raw = types.StringValue(string(det.Raw))
	m.customerFields = fieldsFromDetails(det)
	m.unifiedFields = unifiedFromCustomer(sellercloud.CustomerFromDetails(det))
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func addGetError(platform, id string, err error, diags *diagList) {
	if errors.Is(err, customers.ErrNotFound) {
		diags.AddAttributeError(path.Root("id"), "Customer not found",
			fmt.Sprintf("0 customers matched id = %q: %s has no customer with this id (%s).", id, platform, err))
		return
	}
	diags.AddError("Reading the customer failed", fmt.Sprintf("Customer %s: %s", id, err))
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

const onlySellercloudNote = " Sellercloud only: null on other platforms."

func sellercloudOnlyNote(attr string) string {
	switch attr {
	case "name", "email", "email_cc", "rating":
		return " On other platforms: the same field of `commerce_customers`."
	}
	return onlySellercloudNote
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
