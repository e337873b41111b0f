package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

var (
	_ datasource.DataSourceWithConfigure      = (*customersDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*customersDataSource)(nil)
)

// NewCustomersDataSource is the commerce_customers data source.
func NewCustomersDataSource() datasource.DataSource { return &customersDataSource{} }

type customersDataSource struct {
	client *clientData
}

// filterModel holds the filter attributes; it is shared with the singular
// commerce_customer data source.
type filterModel struct {
	IDs           types.Set         `tfsdk:"ids"`
	FirstName     types.String      `tfsdk:"first_name"`
	LastName      types.String      `tfsdk:"last_name"`
	Email         types.String      `tfsdk:"email"`
	Rating        types.String      `tfsdk:"rating"`
	CustomerType  types.String      `tfsdk:"customer_type"`
	Subscribed    types.Bool        `tfsdk:"subscribed"`
	CreatedFrom   timetypes.RFC3339 `tfsdk:"created_from"`
	CreatedTo     timetypes.RFC3339 `tfsdk:"created_to"`
	ModifiedFrom  timetypes.RFC3339 `tfsdk:"modified_from"`
	ModifiedTo    timetypes.RFC3339 `tfsdk:"modified_to"`
	PhoneNumber   types.String      `tfsdk:"phone_number"`
	City          types.String      `tfsdk:"city"`
	ZipCode       types.String      `tfsdk:"zip_code"`
	Exported      types.Bool        `tfsdk:"exported"`
	Channel       types.String      `tfsdk:"channel"`
	CorporateName types.String      `tfsdk:"corporate_name"`
	CompanyIDs    types.Set         `tfsdk:"company_ids"`
	Keyword       types.String      `tfsdk:"keyword"`
}

type customersModel struct {
	filterModel
	PageSize     types.Int64 `tfsdk:"page_size"`
	MaxResults   types.Int64 `tfsdk:"max_results"`
	TotalResults types.Int64 `tfsdk:"total_results"`
	Truncated    types.Bool  `tfsdk:"truncated"`
	// Customers is set as a raw value after State.Set (see withCustomers).
	Customers types.List `tfsdk:"customers"`
}

// customerModel is one item of the customers list.
type customerModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	FirstName    types.String `tfsdk:"first_name"`
	LastName     types.String `tfsdk:"last_name"`
	Email        types.String `tfsdk:"email"`
	EmailCC      types.String `tfsdk:"email_cc"`
	Phone        types.String `tfsdk:"phone"`
	CompanyName  types.String `tfsdk:"company_name"`
	CustomerType types.String `tfsdk:"customer_type"`
	Rating       types.String `tfsdk:"rating"`
	Status       types.String `tfsdk:"status"`
	CreatedAt    types.String `tfsdk:"created_at"`
	UpdatedAt    types.String `tfsdk:"updated_at"`
	ExternalID   types.String `tfsdk:"external_id"`
	Raw          types.String `tfsdk:"raw"`
}

func (d *customersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customers"
}

// filterAttributes are the filter attributes shared by both data sources.
func filterAttributes() map[string]schema.Attribute {
	str := func(desc string, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Optional: true, Validators: validators}
	}
	date := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc + " RFC 3339 timestamp, e.g. `2024-01-31T00:00:00Z`; Sellercloud compares to the minute.", Optional: true, CustomType: timetypes.RFC3339Type{}}
	}
	numericIDs := setvalidator.ValueStringsAre(stringvalidator.RegexMatches(positiveInt, "must be a positive whole number"))
	return map[string]schema.Attribute{
		"ids": schema.SetAttribute{
			MarkdownDescription: "Only customers with these ids (Sellercloud `customerIds`; Sellercloud ids are positive whole numbers).",
			ElementType:         types.StringType, Optional: true,
			Validators: []validator.Set{setvalidator.SizeAtLeast(1), numericIDs},
		},
		"first_name": str("First name contains this text (Sellercloud `firstName`)."),
		"last_name":  str("Last name contains this text (Sellercloud `lastName`)."),
		"email":      str("Email contains this text (Sellercloud `email`)."),
		"rating": str("Customer rating, one of: "+backticked(sellercloud.Ratings)+" (Sellercloud `rating`).",
			stringvalidator.OneOf(sellercloud.Ratings...)),
		"customer_type": str("`Retail` or `Wholesale` (Sellercloud `customerType`).",
			stringvalidator.OneOf(sellercloud.CustomerTypes...)),
		"subscribed":     schema.BoolAttribute{MarkdownDescription: "Only customers (not) subscribed to newsletters (Sellercloud `subscribed`).", Optional: true},
		"created_from":   date("Created at or after this time (Sellercloud `createdOnFrom`)."),
		"created_to":     date("Created at or before this time (Sellercloud `createdOnTo`)."),
		"modified_from":  date("Modified at or after this time (Sellercloud `modifiedOnFrom`)."),
		"modified_to":    date("Modified at or before this time (Sellercloud `modifiedOnTo`)."),
		"phone_number":   str("Phone number contains this text (Sellercloud `phoneNumber`)."),
		"city":           str("City of an address (Sellercloud `city`)."),
		"zip_code":       str("Zip code of an address (Sellercloud `zipCode`)."),
		"exported":       schema.BoolAttribute{MarkdownDescription: "Only customers that were (not) exported (Sellercloud `exported`).", Optional: true},
		"channel":        str("Sales channel name as Sellercloud spells it, e.g. `Amazon`, `Website`, `Local_Store`, `Wholesale` (Sellercloud `channel`).", stringvalidator.OneOf(channelNames()...)),
		"corporate_name": str("Business name contains this text (Sellercloud `corporateName`)."),
		"company_ids": schema.SetAttribute{
			MarkdownDescription: "Only customers of these Sellercloud companies (Sellercloud `companyIds`).",
			ElementType:         types.StringType, Optional: true,
			Validators: []validator.Set{setvalidator.SizeAtLeast(1), numericIDs},
		},
		"keyword": str("Global search term (Sellercloud `keyword`)."),
	}
}

func (d *customersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := filterAttributes()
	attrs["page_size"] = schema.Int64Attribute{
		MarkdownDescription: fmt.Sprintf("Customers asked for per request, 1 to %d. Default: the platform's largest page (Sellercloud %d). A server that serves fewer is detected and followed.", maxPageSize, sellercloud.MaxPageSize),
		Optional:            true,
		Validators:          []validator.Int64{int64validator.Between(1, maxPageSize)},
	}
	attrs["max_results"] = schema.Int64Attribute{
		MarkdownDescription: "Return at most this many customers (only the pages needed are read); `truncated` tells whether more matched. Default: all.",
		Optional:            true,
		Validators:          []validator.Int64{int64validator.AtLeast(1)},
	}
	attrs["total_results"] = schema.Int64Attribute{MarkdownDescription: "Number of matches the server reported.", Computed: true}
	attrs["truncated"] = schema.BoolAttribute{MarkdownDescription: "True when `max_results` cut the list short.", Computed: true}
	attrs["customers"] = schema.ListNestedAttribute{
		MarkdownDescription: "Every matching customer, in the server's order, without duplicates.",
		Computed:            true,
		NestedObject:        schema.NestedAttributeObject{Attributes: customerAttributes()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up customers with filters and returns every match, reading all pages (concurrently where the API allows). A failing page fails the whole read: a partial list never reaches state.",
		Attributes:          attrs,
	}
}

func customerAttributes() map[string]schema.Attribute {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	return map[string]schema.Attribute{
		"id":            computed("Customer id (Sellercloud `UserID`)."),
		"name":          computed("Full name (Sellercloud: first and last name)."),
		"first_name":    computed("First name."),
		"last_name":     computed("Last name."),
		"email":         computed("Email address."),
		"email_cc":      computed("CC email address (Sellercloud `EmailCC`)."),
		"phone":         computed("Phone number, where the platform's list carries one."),
		"company_name":  computed("Business name (Sellercloud `CorporateName`)."),
		"customer_type": computed("`Retail` or `Wholesale` on Sellercloud."),
		"rating":        computed("Rating enum name on Sellercloud, e.g. `Satisfied`."),
		"status":        computed("Account status, where the platform has one."),
		"created_at":    computed("Creation time, where the platform's list carries it."),
		"updated_at":    computed("Last update time, where the platform's list carries it."),
		"external_id":   computed("The platform's external or reference id, where it has one."),
		"raw":           computed("The server's JSON object for this customer, for `jsondecode()`."),
	}
}

func (d *customersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (d *customersDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var f filterModel
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("created_from"), &f.CreatedFrom)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("created_to"), &f.CreatedTo)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("modified_from"), &f.ModifiedFrom)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("modified_to"), &f.ModifiedTo)...)
	validateRange(f.CreatedFrom, f.CreatedTo, "created_from", "created_to", &resp.Diagnostics)
	validateRange(f.ModifiedFrom, f.ModifiedTo, "modified_from", "modified_to", &resp.Diagnostics)
}

// validateRange rejects a from that is after its to.
func validateRange(from, to timetypes.RFC3339, fromName, toName string, diags *diagList) {
	if from.IsNull() || from.IsUnknown() || to.IsNull() || to.IsUnknown() {
		return
	}
	f, d1 := from.ValueRFC3339Time()
	t, d2 := to.ValueRFC3339Time()
	if d1.HasError() || d2.HasError() {
		return // the type's own validation reports it
	}
	if f.After(t) {
		diags.AddAttributeError(path.Root(fromName), "Invalid time range",
			fmt.Sprintf("%s (%s) is after %s (%s).", fromName, from.ValueString(), toName, to.ValueString()))
	}
}

func (d *customersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state customersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	filter, diags := state.filterModel.toFilter(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	opts := customers.ListOptions{
		PageSize:    int(state.PageSize.ValueInt64()),
		MaxResults:  int(state.MaxResults.ValueInt64()),
		Concurrency: d.client.concurrency,
	}
	if opts.PageSize > d.client.platform.MaxPageSize() {
		resp.Diagnostics.AddAttributeError(path.Root("page_size"), "page_size out of range",
			fmt.Sprintf("%s serves at most %d customers per page; page_size is %d.", d.client.platform.Name(), d.client.platform.MaxPageSize(), opts.PageSize))
		return
	}
	res, err := d.client.platform.List(ctx, filter, opts)
	if err != nil {
		resp.Diagnostics.AddError("Listing customers failed", fmt.Sprintf("%s: nothing was read into state. %s", d.client.platform.Name(), err))
		return
	}
	state.TotalResults = types.Int64Value(int64(res.TotalResults))
	state.Truncated = types.BoolValue(res.Truncated)
	state.Customers = types.ListNull(types.ObjectType{AttrTypes: customerAttrTypes})
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	raw, err := withCustomers(resp.State.Raw, res.Customers)
	if err != nil {
		resp.Diagnostics.AddError("Building the customers list failed", err.Error())
		return
	}
	resp.State.Raw = raw
}

// customerAttrTypes is the object type of one item of the customers list.
var customerAttrTypes = func() map[string]attr.Type {
	types := map[string]attr.Type{}
	for name, a := range customerAttributes() {
		types[name] = a.GetType()
	}
	return types
}()

// withCustomers returns the state with its customers list set to cs, built
// directly as Terraform values: State.Set's reflection over 10,000 nested
// structs cost more CPU than the whole network phase of the read.
func withCustomers(state tftypes.Value, cs []customers.Customer) (tftypes.Value, error) {
	objType, ok := state.Type().(tftypes.Object)
	if !ok {
		return tftypes.Value{}, fmt.Errorf("state is a %s, not an object", state.Type())
	}
	listType, ok := objType.AttributeTypes["customers"].(tftypes.List)
	if !ok {
		return tftypes.Value{}, fmt.Errorf("customers is not a list in the schema")
	}
	elemType, ok := listType.ElementType.(tftypes.Object)
	if !ok {
		return tftypes.Value{}, fmt.Errorf("customers is not a list of objects in the schema")
	}
	elems := make([]tftypes.Value, len(cs))
	for i, c := range cs {
		elems[i] = customerToModel(c).terraformValue(elemType)
	}
	var attrs map[string]tftypes.Value
	if err := state.As(&attrs); err != nil {
		return tftypes.Value{}, err
	}
	attrs["customers"] = tftypes.NewValue(listType, elems)
	return tftypes.NewValue(objType, attrs), nil
}

// terraformValue is the model as a value of t, the customers list's element type.
func (m customerModel) terraformValue(t tftypes.Object) tftypes.Value {
	str := func(v types.String) tftypes.Value {
		if v.IsNull() {
			return tftypes.NewValue(tftypes.String, nil)
		}
		return tftypes.NewValue(tftypes.String, v.ValueString())
	}
	return tftypes.NewValue(t, map[string]tftypes.Value{
		"id": str(m.ID), "name": str(m.Name), "first_name": str(m.FirstName), "last_name": str(m.LastName),
		"email": str(m.Email), "email_cc": str(m.EmailCC), "phone": str(m.Phone), "company_name": str(m.CompanyName),
		"customer_type": str(m.CustomerType), "rating": str(m.Rating), "status": str(m.Status),
		"created_at": str(m.CreatedAt), "updated_at": str(m.UpdatedAt), "external_id": str(m.ExternalID), "raw": str(m.Raw),
	})
}

// customerToModel maps a core customer; a field the platform lacks is null.
func customerToModel(c customers.Customer) customerModel {
	return customerModel{
		ID:           types.StringValue(c.ID),
		Name:         optString(c.Name),
		FirstName:    optString(c.FirstName),
		LastName:     optString(c.LastName),
		Email:        optString(c.Email),
		EmailCC:      optString(c.EmailCC),
		Phone:        optString(c.Phone),
		CompanyName:  optString(c.CompanyName),
		CustomerType: optString(c.CustomerType),
		Rating:       optString(c.Rating),
		Status:       optString(c.Status),
		CreatedAt:    optString(c.CreatedAt),
		UpdatedAt:    optString(c.UpdatedAt),
		ExternalID:   optString(c.ExternalID),
		Raw:          optString(string(c.Raw)),
	}
}

// toFilter maps the filter attributes to the core filter.
func (m filterModel) toFilter(ctx context.Context) (customers.Filter, diagList) {
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
	}
	diags.Append(m.IDs.ElementsAs(ctx, &f.IDs, true)...)
	diags.Append(m.CompanyIDs.ElementsAs(ctx, &f.CompanyIDs, true)...)
	for _, t := range []struct {
		v   timetypes.RFC3339
		dst **time.Time
	}{{m.CreatedFrom, &f.CreatedFrom}, {m.CreatedTo, &f.CreatedTo}, {m.ModifiedFrom, &f.ModifiedFrom}, {m.ModifiedTo, &f.ModifiedTo}} {
		if t.v.IsNull() {
			continue
		}
		v, d := t.v.ValueRFC3339Time()
		diags.Append(d...)
		*t.dst = &v
	}
	return f, diags
}

func optString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func backticked(names []string) string {
	return "`" + strings.Join(names, "`, `") + "`"
}
