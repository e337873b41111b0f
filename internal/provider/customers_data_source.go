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
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/connect"
	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
	"github.com/commercetf/terraform-provider-commerce/internal/truto"
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
	Status        types.String      `tfsdk:"status"`
	CompanyName   types.String      `tfsdk:"company_name"`
	Name          types.String      `tfsdk:"name"`
	SortBy        types.String      `tfsdk:"sort_by"`
	SortOrder     types.String      `tfsdk:"sort_order"`
}

type customersModel struct {
	filterModel
	IncludeDetails types.Bool  `tfsdk:"include_details"`
	PageSize       types.Int64 `tfsdk:"page_size"`
	MaxResults     types.Int64 `tfsdk:"max_results"`
	TotalResults   types.Int64 `tfsdk:"total_results"`
	Truncated      types.Bool  `tfsdk:"truncated"`
	// Customers is set as a raw value after State.Set (see withCustomers).
	Customers types.List `tfsdk:"customers"`
}

func (d *customersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customers"
}

// filterAttributes are the filter attributes shared by both data sources.
func filterAttributes() map[string]schema.Attribute {
	str := func(name, desc string, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: filterDesc(name, desc), Optional: true, Validators: validators}
	}
	boolean := func(name, desc string) schema.BoolAttribute {
		return schema.BoolAttribute{MarkdownDescription: filterDesc(name, desc), Optional: true}
	}
	date := func(name, desc string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: filterDesc(name, desc+" RFC 3339 timestamp, e.g. `2024-01-31T00:00:00Z`; Sellercloud compares to the minute, Adobe by day (UTC), the provider (where it applies the filter) exactly; a customer without the time does not match."),
			Optional:            true, CustomType: timetypes.RFC3339Type{},
		}
	}
	// Id formats differ per platform (Sellercloud's are numbers): Read checks
	// them once the platform is known.
	return map[string]schema.Attribute{
		"ids": schema.SetAttribute{
			MarkdownDescription: filterDesc(customers.FilterIDs, "Only customers with these ids (Sellercloud ids are positive whole numbers)."),
			ElementType:         types.StringType, Optional: true,
			Validators: []validator.Set{setvalidator.SizeAtLeast(1)},
		},
		"first_name": str(customers.FilterFirstName, "First name contains this text."),
		"last_name":  str(customers.FilterLastName, "Last name contains this text."),
		"name":       str(customers.FilterName, "Full name contains this text (on Adobe, the account's company name)."),
		"email":      str(customers.FilterEmail, "Email contains this text."),
		"rating": str(customers.FilterRating, "Customer rating, one of: "+backticked(sellercloud.Ratings)+".",
			stringvalidator.OneOf(sellercloud.Ratings...)),
		"customer_type": str(customers.FilterCustomerType, "Customer type: Sellercloud `Retail` or `Wholesale`, Connect `CONSUMER` or `BUSINESS`."),
		"status":        str(customers.FilterStatus, "Account status: Adobe status code `1000` (active; Adobe lists only these when `status` is unset), `1002` (pending), `1004` (inactive) or `1026`; Truto `active` or `inactive` (or the integration's own value)."),
		"subscribed":    boolean(customers.FilterSubscribed, "Only customers (not) subscribed to newsletters."),
		"created_from":  date(customers.FilterCreatedFrom, "Created at or after this time."),
		"created_to":    date(customers.FilterCreatedTo, "Created at or before this time."),
		"modified_from": date(customers.FilterModifiedFrom, "Modified at or after this time."),
		"modified_to":   date(customers.FilterModifiedTo, "Modified at or before this time."),
		"phone_number":  str(customers.FilterPhoneNumber, "Phone number contains this text (where the provider applies it, spacing and punctuation are ignored)."),
		"city":          str(customers.FilterCity, "City of an address."),
		"zip_code":      str(customers.FilterZipCode, "Zip code of an address."),
		"exported":      boolean(customers.FilterExported, "Only customers that were (not) exported."),
		"channel": str(customers.FilterChannel, "Sales channel name as Sellercloud spells it, e.g. `Amazon`, `Website`, `Local_Store`, `Wholesale`.",
			stringvalidator.OneOf(channelNames()...)),
		"company_name":   str(customers.FilterCompanyName, "Company name contains this text; on Adobe the server matches the whole name, with `*` as a wildcard (`Acme*`)."),
		"corporate_name": str(customers.FilterCorporateName, "Business name contains this text (Sellercloud's name for `company_name`, matched by the server)."),
		"company_ids": schema.SetAttribute{
			MarkdownDescription: filterDesc(customers.FilterCompanyIDs, "Only customers of these Sellercloud companies."),
			ElementType:         types.StringType, Optional: true,
			Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.RegexMatches(positiveInt, "must be a positive whole number"))},
		},
		"keyword": str(customers.FilterKeyword, "Free-text search term."),
		"sort_by": str(customers.FilterSortBy, "Sort the customers by `created_at`, `updated_at` or `company_name` (Adobe: `created_at` or `company_name`; Truto: `created_at` or `updated_at`).",
			stringvalidator.OneOf(customers.SortCreatedAt, customers.SortUpdatedAt, customers.SortCompanyName)),
		"sort_order": str(customers.FilterSortOrder, "`asc` or `desc`. Adobe's default is `desc`; on Truto the default is `asc`, by `created_at` when `sort_by` is unset.",
			stringvalidator.OneOf("asc", "desc")),
	}
}

func (d *customersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := filterAttributes()
	attrs["page_size"] = schema.Int64Attribute{
		MarkdownDescription: fmt.Sprintf("Customers asked for per request, 1 to %d. Default: the platform's largest page (Sellercloud %d, Adobe VIP %d, Connect %d, Truto %d); a larger value is an error on the platform. A server that serves fewer is detected and followed.",
			maxPageSize, sellercloud.MaxPageSize, adobevip.MaxPageSize, connect.MaxPageSize, truto.MaxPageSize),
		Optional:   true,
		Validators: []validator.Int64{int64validator.Between(1, maxPageSize)},
	}
	attrs["max_results"] = schema.Int64Attribute{
		MarkdownDescription: "Return at most this many customers (only the pages needed are read); `truncated` tells whether more matched. Default: all.",
		Optional:            true,
		Validators:          []validator.Int64{int64validator.AtLeast(1)},
	}
	attrs["include_details"] = schema.BoolAttribute{
		MarkdownDescription: "Read each customer's full record after the list, `max_concurrency` at a time: `adobe_vip` (`GET /v3/customers/{id}`; list items carry only id, status, company name and creation date, so contacts, phone and market segment need this) and `truto` (`GET /unified/ecommerce/customers/{id}`, for integrations that list partial objects). Other platforms reject it.",
		Optional:            true,
	}
	attrs["total_results"] = schema.Int64Attribute{MarkdownDescription: "Number of matching customers: the total the server reports where it reports one (Sellercloud, Adobe VIP); otherwise (Connect, Truto, or filters the provider applies) the matches counted while reading, so with `max_results` on Connect or Truto it counts only the pages read.", Computed: true}
	attrs["truncated"] = schema.BoolAttribute{MarkdownDescription: "True when `max_results` cut the list short.", Computed: true}
	attrs["customers"] = schema.ListNestedAttribute{
		MarkdownDescription: "Every matching customer, in the server's order, without duplicates. A field the platform does not return is an empty string (never null).",
		Computed:            true,
		NestedObject:        schema.NestedAttributeObject{Attributes: customerAttributes()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: fmt.Sprintf("Looks up customers with filters and returns every match, reading all pages (concurrently where the API allows). A failing page fails the whole read: a partial list never reaches state. "+
			"One read collects at most %d customers (a longer list is an error: narrow the filters or set `max_results`), and a server whose answers do not add up (a negative or absurd total, pages or cursor steps that bring no new customer) fails the read instead of being asked forever.", customers.MaxCustomersPerRead),
		Attributes: attrs,
	}
}

func customerAttributes() map[string]schema.Attribute {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	return map[string]schema.Attribute{
		"id":            computed("Customer id: Sellercloud `UserID`, Adobe `customerId`, Connect `customerId`, Truto `id`."),
		"name":          computed("Full name: Sellercloud first and last name; Adobe the account's `companyProfile.companyName`; Connect `name`; Truto `name` (else first and last name)."),
		"first_name":    computed("First name: Sellercloud `FirstName`; Adobe the first contact's (with `include_details`); Truto `first_name`."),
		"last_name":     computed("Last name: Sellercloud `LastName`; Adobe the first contact's (with `include_details`); Truto `last_name`."),
		"email":         computed("Email address: Sellercloud `Email`; Adobe the first contact's (with `include_details`); Connect `contact.email`; Truto the primary of `emails`."),
		"email_cc":      computed("CC email address (Sellercloud `EmailCC`)."),
		"phone":         computed("Phone number: Adobe the first contact's, else the address's (with `include_details`); Connect `contact.msisdn`; Truto the first of `phones`. Sellercloud's list has none."),
		"company_name":  computed("Business name: Sellercloud `CorporateName`; Adobe `companyProfile.companyName`; Truto `company_name`."),
		"customer_type": computed("Sellercloud `Retail` or `Wholesale`; Adobe the market segment `COM`, `EDU` or `GOV` (with `include_details`); Connect `CONSUMER` or `BUSINESS`."),
		"rating":        computed("Rating enum name on Sellercloud, e.g. `Satisfied`."),
		"status":        computed("Account status: Adobe status code (`1000` active, `1002` pending, `1004` inactive, ...); Truto `active` or `inactive`."),
		"created_at":    computed("Creation time: Adobe `creationDate`; Connect `createdAt` (older API versions only); Truto `created_at`."),
		"updated_at":    computed("Last update time: Connect `updatedAt` (older API versions only); Truto `updated_at`."),
		"external_id":   computed("The platform's own reference: Adobe `externalReferenceId`, Connect `referenceId`."),
		"raw":           computed("The server's JSON object for this customer (on Adobe with `include_details`, the full record), for `jsondecode()`."),
	}
}

func (d *customersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (d *customersDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	validateTimeRanges(ctx, req.Config, path.Empty(), &resp.Diagnostics)
}

// validateTimeRanges rejects created_from after created_to and modified_from
// after modified_to, for the filter attributes under root.
func validateTimeRanges(ctx context.Context, config tfsdk.Config, root path.Path, diags *diagList) {
	for _, r := range [][2]string{{"created_from", "created_to"}, {"modified_from", "modified_to"}} {
		var from, to timetypes.RFC3339
		diags.Append(config.GetAttribute(ctx, root.AtName(r[0]), &from)...)
		diags.Append(config.GetAttribute(ctx, root.AtName(r[1]), &to)...)
		if from.IsNull() || from.IsUnknown() || to.IsNull() || to.IsUnknown() {
			continue
		}
		f, d1 := from.ValueRFC3339Time()
		t, d2 := to.ValueRFC3339Time()
		if d1.HasError() || d2.HasError() {
			continue // the type's own validation reports it
		}
		if f.After(t) {
			fromPath, toPath := root.AtName(r[0]), root.AtName(r[1])
			diags.AddAttributeError(fromPath, "Invalid time range",
				fmt.Sprintf("%s (%s) is after %s (%s).", fromPath, from.ValueString(), toPath, to.ValueString()))
		}
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
	checkFilters(d.client, filter, path.Empty(), &resp.Diagnostics)
	if state.IncludeDetails.ValueBool() {
		checkDetails(d.client, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	opts := customers.ListOptions{
		Details:     state.IncludeDetails.ValueBool(),
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
	if handOver(ctx, res.Customers) {
		// The server splices the list in (server.go); leave it empty here.
		state.Customers = types.ListValueMust(types.ObjectType{AttrTypes: customerAttrTypes}, nil)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	if resp.Diagnostics.HasError() || !state.Customers.IsNull() {
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
	for i := range cs {
		elems[i] = customerValue(elemType, &cs[i])
	}
	var attrs map[string]tftypes.Value
	if err := state.As(&attrs); err != nil {
		return tftypes.Value{}, err
	}
	attrs["customers"] = tftypes.NewValue(listType, elems)
	return tftypes.NewValue(objType, attrs), nil
}

// customerColumns maps each attribute of a customers item to its field of
// the core customer, in attribute-name order (the order objects are encoded
// in). A field the platform lacks is "", not null: `c.phone != ""` then means
// what it says, and the framework's per-null pass over the state made a
// 10,000-customer read cost three times the CPU.
var customerColumns = []struct {
	name  string
	value func(c *customers.Customer) string
}{
	{"company_name", func(c *customers.Customer) string { return c.CompanyName }},
	{"created_at", func(c *customers.Customer) string { return c.CreatedAt }},
	{"customer_type", func(c *customers.Customer) string { return c.CustomerType }},
	{"email", func(c *customers.Customer) string { return c.Email }},
	{"email_cc", func(c *customers.Customer) string { return c.EmailCC }},
	{"external_id", func(c *customers.Customer) string { return c.ExternalID }},
	{"first_name", func(c *customers.Customer) string { return c.FirstName }},
	{"id", func(c *customers.Customer) string { return c.ID }},
	{"last_name", func(c *customers.Customer) string { return c.LastName }},
	{"name", func(c *customers.Customer) string { return c.Name }},
	{"phone", func(c *customers.Customer) string { return c.Phone }},
	{"rating", func(c *customers.Customer) string { return c.Rating }},
	{"raw", func(c *customers.Customer) string { return string(c.Raw) }},
	{"status", func(c *customers.Customer) string { return c.Status }},
	{"updated_at", func(c *customers.Customer) string { return c.UpdatedAt }},
}

// customerValue is one customer as a value of t, the list's element type.
func customerValue(t tftypes.Object, c *customers.Customer) tftypes.Value {
	attrs := make(map[string]tftypes.Value, len(customerColumns))
	for _, col := range customerColumns {
		attrs[col.name] = tftypes.NewValue(tftypes.String, col.value(c))
	}
	return tftypes.NewValue(t, attrs)
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
		Status:        m.Status.ValueStringPointer(),
		CompanyName:   m.CompanyName.ValueStringPointer(),
		Name:          m.Name.ValueStringPointer(),
		SortBy:        m.SortBy.ValueStringPointer(),
		SortOrder:     m.SortOrder.ValueStringPointer(),
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

func backticked(names []string) string {
	return "`" + strings.Join(names, "`, `") + "`"
}
