package provider

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

var (
	_ list.ListResourceWithConfigure      = (*customerListResource)(nil)
	_ list.ListResourceWithValidateConfig = (*customerListResource)(nil)
)

// NewCustomerListResource is the commerce_customer list resource: `list`
// blocks of `terraform query` (Terraform 1.14 and later) find the customers
// that commerce_customer can manage.
func NewCustomerListResource() list.ListResource { return &customerListResource{} }

type customerListResource struct {
	data *providerData
}

const customerListDescription = "Finds existing Sellercloud customers for `terraform query` (Terraform 1.14 and later), with the filters of the `commerce_customers` data source, " +
	"so that they can be brought under management by `commerce_customer`: `terraform query -generate-config-out=FILE` writes an `import` block (by identity) and a " +
	"`commerce_customer` block per customer found. Sellercloud only, for now: another platform is an error before any request.\n\n" +
	"Each result is the customer's identity (`customer_id`) and its name and email. With `include_resource = true` (implied by `-generate-config-out`) " +
	"each result also carries the whole `commerce_customer` object, read with one `GET /Customers/{id}` per customer, `max_concurrency` at a time.\n\n" +
	"Results stream as the pages arrive; the list block's `limit` (Terraform's default is 100) is honoured without waste: a `limit` below a page is one request " +
	"for that many customers. A failing page fails the query with the server's error: its results are never a partial list presented as complete."

func (r *customerListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer"
}

func (r *customerListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{MarkdownDescription: customerListDescription, Attributes: listFilterAttributes()}
}

func (r *customerListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// ValidateListResourceConfig checks what can be checked without a request:
// the time ranges always; once the provider is configured (Terraform
// validates a list block again just before the query), the platform and the
// filters, as the data source does at plan time.
func (r *customerListResource) ValidateListResourceConfig(ctx context.Context, req list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
	validateTimeRanges(ctx, req.Config, path.Empty(), &resp.Diagnostics)
	if r.data == nil || !req.Config.Raw.IsFullyKnown() || resp.Diagnostics.HasError() {
		return
	}
	r.check(ctx, req.Config, &resp.Diagnostics)
}

// check returns the filter and the platform's client, or adds errors: the
// platform cannot manage customers, or the filters are not its own.
func (r *customerListResource) check(ctx context.Context, config tfsdk.Config, diags *diagList) (customers.Filter, sellercloudCustomers) {
	sc, ok := platformAs[sellercloudCustomers](r.data, "commerce_customer list resource",
		"the customers the commerce_customer resource manages: Sellercloud (platform = \"sellercloud\")", diags)
	if !ok {
		return customers.Filter{}, nil
	}
	filter, d := listConfigFilter(ctx, config)
	if diags.Append(d...); diags.HasError() {
		return customers.Filter{}, nil
	}
	checkFilters(r.data, filter, path.Empty(), diags)
	return filter, sc
}

func (r *customerListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diagList
	filter, sc := r.check(ctx, req.Config, &diags)
	switch {
	case diags.HasError():
		stream.Results = list.ListResultsStreamDiagnostics(diags)
	case req.Limit <= 0:
		stream.Results = list.NoListResults // limit = 0 asks for nothing
	default:
		stream.Results = func(push func(list.ListResult) bool) { r.stream(ctx, req, filter, sc, push) }
	}
}

// stream pushes one result per customer as the pages come, and ends with an
// error result if the read fails: Terraform then fails the query.
func (r *customerListResource) stream(ctx context.Context, req list.ListRequest, filter customers.Filter, sc sellercloudCustomers, push func(list.ListResult) bool) {
	desc := r.data.description()
	opts := customers.ListOptions{MaxResults: int(req.Limit), Concurrency: r.data.concurrency}
	if req.Limit > customers.MaxCustomersPerRead {
		opts.MaxResults = 0 // past one read's ceiling: the ceiling's error, never a silent cut
	}
	listCtx, counter := httpclient.CountRequests(ctx)
	start := time.Now()
	sent, stopped := 0, false
	var failed error // a detail read that failed
	build := newResultBuilder(ctx, req)
	err := customers.Stream(listCtx, r.data.platform, filter, opts, func(batch []customers.Customer) bool {
		results, err := r.results(listCtx, build, sc, batch)
		if err != nil {
			failed = err
			return false
		}
		for _, res := range results {
			if !push(res) || res.Diagnostics.HasError() {
				stopped = true
				return false
			}
			sent++
		}
		return true
	})
	if err == nil {
		err = failed
	}
	logListRead(ctx, desc.Name, sent, counter, time.Since(start), err)
	if err != nil && !stopped {
		var diags diagList
		diags.AddError("Listing customers failed",
			fmt.Sprintf("%s: the query failed after %d customers, so its results are incomplete. %s", desc.Name, sent, err))
		push(list.ListResult{Diagnostics: diags})
	}
}

// results turns one page of customers into list results; with
// include_resource each carries the whole commerce_customer object, read
// max_concurrency at a time (a customer deleted since the page was read is
// left out).
func (r *customerListResource) results(ctx context.Context, b resultBuilder, sc sellercloudCustomers, batch []customers.Customer) ([]list.ListResult, error) {
	out := make([]list.ListResult, 0, len(batch))
	if !b.req.IncludeResource {
		for _, c := range batch {
			out = append(out, b.result(ctx, c.ID, displayName(c.Name, c.Email, c.ID), nil))
		}
		return out, nil
	}
	ids := make([]string, len(batch))
	for i, c := range batch {
		ids[i] = c.ID
	}
	details, err := customers.ReadEach(ctx, ids, r.data.concurrency, sc.GetDetails)
	if err != nil {
		return nil, err
	}
	for i := range details {
		id := strconv.Itoa(details[i].ID)
		out = append(out, b.result(ctx, id, displayName(details[i].Name, details[i].Email, id), &details[i]))
	}
	return out, nil
}

// resultBuilder makes list results. The identity and the resource object
// are built as values of the schemas' types, computed once per query: the
// framework's NewListResult, ResourceIdentity.Set and Resource.Set derive the
// types from the schemas and walk the model by reflection for every result,
// more than half the provider's CPU in a 10,000-customer query (make bench).
type resultBuilder struct {
	req          list.ListRequest
	identityType tftypes.Type
	resourceType tftypes.Type
}

func newResultBuilder(ctx context.Context, req list.ListRequest) resultBuilder {
	b := resultBuilder{req: req, identityType: req.ResourceIdentitySchema.Type().TerraformType(ctx)}
	if req.IncludeResource {
		b.resourceType = req.ResourceSchema.Type().TerraformType(ctx)
	}
	return b
}

// resourceValue is the commerce_customer object of customer d, as an import
// reads it: every field with the server's value (sellercloudFieldTable).
func (b resultBuilder) resourceValue(ctx context.Context, id string, d *sellercloud.Details) (tftypes.Value, error) {
	fields := fieldsFromDetails(*d)
	vals := make(map[string]tftypes.Value, len(sellercloudFieldTable)+2)
	vals["id"] = tftypes.NewValue(tftypes.String, id)
	vals["customer_id"] = tftypes.NewValue(tftypes.String, id)
	for _, f := range sellercloudFieldTable {
		v, err := f.get(&fields).ToTerraformValue(ctx)
		if err != nil {
			return tftypes.Value{}, fmt.Errorf("%s: %w", f.attr, err)
		}
		vals[f.attr] = v
	}
	return tftypes.NewValue(b.resourceType, vals), nil
}

// result is one list result: the identity, the display name and, when d is
// set, the resource object as an import would read it.
func (b resultBuilder) result(ctx context.Context, id, name string, d *sellercloud.Details) list.ListResult {
	res := list.ListResult{
		DisplayName: name,
		Identity: &tfsdk.ResourceIdentity{Schema: b.req.ResourceIdentitySchema, Raw: tftypes.NewValue(b.identityType, map[string]tftypes.Value{
			identityAttr: tftypes.NewValue(tftypes.String, id),
		})},
	}
	if d != nil {
		v, err := b.resourceValue(ctx, id, d)
		if err != nil {
			res.Diagnostics.AddError("Building the customer's resource object failed", fmt.Sprintf("Customer %s: %s. This is a bug in the provider; please report it.", id, err))
			return res
		}
		res.Resource = &tfsdk.Resource{Schema: b.req.ResourceSchema, Raw: v}
	}
	return res
}

// displayName is how a person recognises a customer: "Ada Lovelace
// <ada@example.com>", or what there is of it.
func displayName(name, email, id string) string {
	switch {
	case name != "" && email != "":
		return name + " <" + email + ">"
	case name != "":
		return name
	case email != "":
		return email
	}
	return "customer " + id + " (no name or email)"
}
