// Package customerstf is the Terraform face of what every platform does:
// the commerce_customers data source (a list read with filters, every
// page) and the commerce_customer data source (exactly one customer, with a
// platform's full record where it has one). It names no platform: the
// filters, the docs' tables and the full records come from the registry and
// the platform packages of the face.
package customerstf

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

var (
	_ datasource.DataSourceWithConfigure      = (*customersDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*customersDataSource)(nil)
)

// NewCustomersDataSource is the commerce_customers data source.
func NewCustomersDataSource() datasource.DataSource { return &customersDataSource{} }

type customersDataSource struct {
	data *tfkit.ProviderData
}

type customersModel struct {
	tfkit.FilterModel
	IncludeDetails types.Bool  `tfsdk:"include_details"`
	IncludeRaw     types.Bool  `tfsdk:"include_raw"`
	PageSize       types.Int64 `tfsdk:"page_size"`
	MaxResults     types.Int64 `tfsdk:"max_results"`
	TotalResults   types.Int64 `tfsdk:"total_results"`
	Truncated      types.Bool  `tfsdk:"truncated"`
	// Customers stays an empty list here when the provider's server writes
	// the customers into the state (customers_state.go).
	Customers types.List `tfsdk:"customers"`
}

func (d *customersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customers"
}

// largestPage is the largest page any platform serves: page_size's bound in
// the schema; each platform then checks its own.
func largestPage() int {
	n := 0
	for _, p := range tfkit.Platforms {
		n = max(n, p.MaxPageSize)
	}
	return n
}

func (d *customersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	var pages []string
	for _, p := range tfkit.Platforms {
		pages = append(pages, fmt.Sprintf("%s %d (%s paging)", p.Name, p.MaxPageSize, p.Paging))
	}
	attrs := tfkit.FilterAttributes()
	attrs["page_size"] = schema.Int64Attribute{
		MarkdownDescription: fmt.Sprintf("Customers asked for per request, 1 to %d. Default: the platform's largest page (%s); a larger value is an error on the platform. A server that serves fewer is detected and followed.",
			largestPage(), strings.Join(pages, ", ")),
		Optional:   true,
		Validators: []validator.Int64{tfkit.IntBetween(1, int64(largestPage()))},
	}
	attrs["max_results"] = schema.Int64Attribute{
		MarkdownDescription: "Return at most this many customers (only the pages needed are read); `truncated` tells whether more matched. Default: all.",
		Optional:            true,
		Validators:          []validator.Int64{tfkit.IntAtLeast(1)},
	}
	attrs["include_details"] = schema.BoolAttribute{
		MarkdownDescription: "Read each customer's full record after the list, `max_concurrency` at a time, on the platforms whose lists are sparse: `" + strings.Join(sparsePlatforms(), "` and `") + "` (see the result fields marked \"details\"). Other platforms reject it.",
		Optional:            true,
	}
	attrs["include_raw"] = schema.BoolAttribute{
		MarkdownDescription: tfkit.IncludeRawDescription("each customer's `raw`", "every matching customer's"),
		Optional:            true,
	}
	attrs["total_results"] = schema.Int64Attribute{MarkdownDescription: "Number of matching customers: the total the server reports where it reports one (page and offset paging); otherwise (cursor paging, or filters the provider applies) the matches counted while reading, so with `max_results` on a cursor API it counts only the pages read.", Computed: true}
	attrs["truncated"] = schema.BoolAttribute{MarkdownDescription: "True when `max_results` cut the list short.", Computed: true}
	attrs["customers"] = schema.ListNestedAttribute{
		MarkdownDescription: "Every matching customer, in the server's order, without duplicates. A field the platform does not return is an empty string (never null).",
		Computed:            true,
		NestedObject:        schema.NestedAttributeObject{Attributes: customerAttributes()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up customers with filters and returns every match, reading all pages (concurrently where the API allows). A failing page fails the whole read: a partial list never reaches state. " +
			fmt.Sprintf("One read collects at most %d customers (a longer list is an error: narrow the filters or set `max_results`), and a server whose answers do not add up (a negative or absurd total, pages or cursor steps that bring no new customer) fails the read instead of being asked forever.\n\n", customers.MaxCustomersPerRead) +
			"## Filters by platform\n\n" +
			"The same attributes work on every platform. Each filter is sent to the platform's API where the API has it (`server`), " +
			"applied by the provider on the fields the list returns where it does not (`local`: every page is read first, and `max_results` then counts matches), " +
			"and otherwise rejected at plan time, before any request, with an error that names the filter, the platform and the filters the platform does support (`none`).\n\n" +
			capabilityTable() + "\n## Result fields by platform\n\n" + resultFieldTable() +
			"\n\"(details)\" means the field is filled in with `include_details = true`. A field the platform does not have (`-`), or that a customer lacks, is an empty string, never null.\n\n" +
			tfkit.PersonalDataInState("commerce_customers", "every matching customer's fields in the table above (`raw` only with `include_raw = true`), the filters and the counts"),
		Attributes: attrs,
	}
}

// customerItemFields lists the fields of a customers item in the docs' order,
// with what each is; where each platform takes it from comes from the
// platforms' descriptions.
var customerItemFields = []struct{ name, what string }{
	{"id", "Customer id."},
	{"name", "Full name."},
	{"first_name", "First name."},
	{"last_name", "Last name."},
	{"email", "Email address."},
	{"email_cc", "CC email address."},
	{"phone", "Phone number."},
	{"company_name", "Business name."},
	{"customer_type", "Customer type."},
	{"rating", "Rating."},
	{"status", "Account status."},
	{"created_at", "Creation time."},
	{"updated_at", "Last update time."},
	{"external_id", "The platform's own reference."},
	{"raw", "The server's JSON object for this customer, for `jsondecode()`, with `include_raw = true`; `\"\"` without it."},
}

// fieldSource says where platform p takes a customers field from, "-" for
// nowhere.
func fieldSource(p tfkit.Platform, field string) string {
	if src, ok := p.Fields[field]; ok {
		return src
	}
	return "-"
}

func customerAttributes() map[string]schema.Attribute {
	out := make(map[string]schema.Attribute, len(customerItemFields))
	for _, f := range customerItemFields {
		var from, none []string
		for _, p := range tfkit.Platforms {
			if src := fieldSource(p, f.name); src != "-" {
				from = append(from, p.Name+" "+src)
			} else {
				none = append(none, p.Name)
			}
		}
		desc := f.what + " From: " + strings.Join(from, "; ")
		if len(none) > 0 {
			desc += "; empty on " + strings.Join(none, ", ")
		}
		out[f.name] = schema.StringAttribute{MarkdownDescription: desc + ".", Computed: true}
	}
	return out
}

// resultFieldTable renders where each platform takes each result field from.
func resultFieldTable() string {
	names := tfkit.PlatformNames()
	var b strings.Builder
	b.WriteString("| field | " + strings.Join(names, " | ") + " |\n|" + strings.Repeat(" --- |", len(names)+1) + "\n")
	for _, f := range customerItemFields {
		b.WriteString("| `" + f.name + "` |")
		for _, p := range tfkit.Platforms {
			b.WriteString(" " + fieldSource(p, f.name) + " |")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func (d *customersDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = tfkit.Configured(req.ProviderData, &resp.Diagnostics)
}

func (d *customersDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	tfkit.ValidateTimeRanges(ctx, req.Config, path.Empty(), &resp.Diagnostics)
}

func (d *customersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state customersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	filter, diags := state.FilterModel.ToFilter(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	desc := d.data.Description()
	tfkit.CheckFilters(d.data, filter, path.Empty(), &resp.Diagnostics)
	if state.IncludeDetails.ValueBool() {
		checkDetails(d.data, &resp.Diagnostics)
	}
	opts := customers.ListOptions{
		Details:     state.IncludeDetails.ValueBool(),
		PageSize:    int(state.PageSize.ValueInt64()),
		MaxResults:  int(state.MaxResults.ValueInt64()),
		Concurrency: d.data.Concurrency,
	}
	if opts.PageSize > desc.MaxPageSize {
		resp.Diagnostics.AddAttributeError(path.Root("page_size"), "page_size out of range",
			fmt.Sprintf("%s serves at most %d customers per page; page_size is %d.", desc.Name, desc.MaxPageSize, opts.PageSize))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	listCtx, counter := httpclient.CountRequests(ctx)
	start := time.Now()
	res, err := customers.List(listCtx, d.data.Platform, filter, opts)
	tfkit.LogListRead(ctx, desc.Name, len(res.Customers), counter, time.Since(start), err)
	if err != nil {
		resp.Diagnostics.AddError("Listing customers failed", fmt.Sprintf("%s: nothing was read into state. %s", desc.Name, err))
		return
	}
	if !state.IncludeRaw.ValueBool() {
		for i := range res.Customers {
			res.Customers[i].Raw = nil // not asked for: kept out of the state
		}
	}
	state.TotalResults = types.Int64Value(int64(res.TotalResults))
	state.Truncated = types.BoolValue(res.Truncated)
	state.Customers = types.ListValueMust(customerObjectType, nil)
	if !passCustomersToServer(ctx, res.Customers) {
		// Served by the framework alone: its own path (customers_state.go).
		var diags diag.Diagnostics
		state.Customers, diags = frameworkList(res.Customers)
		if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
			return
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// checkDetails rejects include_details where the list is not sparse.
func checkDetails(c *tfkit.ProviderData, diags *diag.Diagnostics) {
	d := c.Description()
	if d.Details {
		return
	}
	diags.AddAttributeError(path.Root("include_details"), "include_details not supported on "+d.Name,
		fmt.Sprintf("include_details reads each customer's full record on %s, whose lists are sparse; %s's list already carries every field the provider maps.",
			strings.Join(sparsePlatforms(), " and "), d.Name))
}

// sparsePlatforms are the platforms whose lists are sparse, where
// include_details reads each customer's full record.
func sparsePlatforms() []string {
	var out []string
	for _, p := range tfkit.Platforms {
		if p.Details {
			out = append(out, p.Name)
		}
	}
	return out
}

// capabilityTable renders where each platform applies each filter, as
// Markdown, for the commerce_customers page.
func capabilityTable() string {
	names := tfkit.PlatformNames()
	var b strings.Builder
	b.WriteString("| filter | " + strings.Join(names, " | ") + " |\n|" + strings.Repeat(" --- |", len(names)+1) + "\n")
	for _, n := range customers.FilterNames() {
		b.WriteString("| `" + n + "` |")
		for _, p := range tfkit.Platforms {
			b.WriteString(" " + string(p.SupportOf(n)) + " |")
		}
		b.WriteString("\n")
	}
	return b.String()
}
