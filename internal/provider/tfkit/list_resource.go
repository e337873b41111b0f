package tfkit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// The list resources (`list` blocks of `terraform query`, Terraform 1.14 and
// later) of the resources that manage customers: one per resource, with the
// resource's type name. They differ only in the platform client they need
// and in how a result's resource object is built (listedResource); the
// config, the checks and the streaming are the same.

// listedResource is what a list resource knows of the resource whose
// customers it finds. C is the optional interface of the platform's client
// the resource needs (see platformAs), R the customer's full record, read
// once per customer with include_resource.
type listedResource[C, R any] struct {
	typeSuffix  string   // after the provider's type name: "_customer"
	description string   // the list resource's MarkdownDescription
	needs       string   // what it works with, for PlatformAs's error
	idAttrs     []string // the identity's attributes: customer_id, or more (identity.go)
	// read reads one customer's full record; ErrNotFound when it is gone
	// since the list was read (the customer is then left out).
	read func(ctx context.Context, client C, id string) (R, error)
	// result is the list result of a full record: the identity, the display
	// name and the resource object as an import reads it.
	result func(ctx context.Context, b resultBuilder, record R) list.ListResult
}

func (k listedResource[C, R]) what() string { return "commerce" + k.typeSuffix + " list resource" }

// customerList is a list resource of a resource that manages customers.
type customerList[C, R any] struct {
	kind listedResource[C, R]
	data *ProviderData
}

func (r *customerList[C, R]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.kind.typeSuffix
}

func (r *customerList[C, R]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{MarkdownDescription: r.kind.description + "\n\n" + listPersonalData, Attributes: listFilterAttributes()}
}

func (r *customerList[C, R]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = Configured(req.ProviderData, &resp.Diagnostics)
}

// ValidateListResourceConfig checks what can be checked without a request:
// the time ranges always; once the provider is configured (Terraform
// validates a list block again just before the query), the platform and the
// filters, as the data source does at plan time.
func (r *customerList[C, R]) ValidateListResourceConfig(ctx context.Context, req list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
	ValidateTimeRanges(ctx, req.Config, path.Empty(), &resp.Diagnostics)
	if r.data == nil || !req.Config.Raw.IsFullyKnown() || resp.Diagnostics.HasError() {
		return
	}
	r.check(ctx, req.Config, &resp.Diagnostics)
}

// check returns the filter and the platform's client, or adds errors: the
// platform has no such client, or the filters are not its own.
func (r *customerList[C, R]) check(ctx context.Context, config tfsdk.Config, diags *diagList) (customers.Filter, C, bool) {
	client, ok := PlatformAs[C](r.data, r.kind.what(), r.kind.needs, diags)
	if !ok {
		return customers.Filter{}, client, false
	}
	filter, d := listConfigFilter(ctx, config)
	if diags.Append(d...); diags.HasError() {
		return customers.Filter{}, client, false
	}
	CheckFilters(r.data, filter, path.Empty(), diags)
	return filter, client, !diags.HasError()
}

func (r *customerList[C, R]) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diagList
	filter, client, ok := r.check(ctx, req.Config, &diags)
	switch {
	case !ok:
		stream.Results = list.ListResultsStreamDiagnostics(diags)
	case req.Limit <= 0:
		stream.Results = list.NoListResults // limit = 0 asks for nothing
	default:
		stream.Results = func(push func(list.ListResult) bool) { r.stream(ctx, req, filter, client, push) }
	}
}

// stream pushes one result per customer as the pages come, and ends with an
// error result if the read fails: Terraform then fails the query.
func (r *customerList[C, R]) stream(ctx context.Context, req list.ListRequest, filter customers.Filter, client C, push func(list.ListResult) bool) {
	desc := r.data.Description()
	opts := customers.ListOptions{MaxResults: int(req.Limit), Concurrency: r.data.Concurrency}
	if req.Limit > customers.MaxCustomersPerRead {
		opts.MaxResults = 0 // past one read's ceiling: the ceiling's error, never a silent cut
	}
	listCtx, counter := httpclient.CountRequests(ctx)
	start := time.Now()
	sent, stopped := 0, false
	var failed error // a full-record read that failed
	build := newResultBuilder(ctx, req)
	err := customers.Stream(listCtx, r.data.Platform, filter, opts, func(batch []customers.Customer) bool {
		results, err := r.results(listCtx, build, client, batch)
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
	LogListRead(ctx, desc.Name, sent, counter, time.Since(start), err)
	if err != nil && !stopped {
		var diags diagList
		diags.AddError("Listing customers failed",
			fmt.Sprintf("%s: the query failed after %d customers, so its results are incomplete. %s", desc.Name, sent, err))
		push(list.ListResult{Diagnostics: diags})
	}
}

// results turns one page of customers into list results: the identity and
// the display name from the list's own fields; with include_resource, from
// each customer's full record, read max_concurrency at a time, with the
// resource object (a customer deleted since the page was read is left out).
func (r *customerList[C, R]) results(ctx context.Context, b resultBuilder, client C, batch []customers.Customer) ([]list.ListResult, error) {
	out := make([]list.ListResult, 0, len(batch))
	if !b.req.IncludeResource {
		for _, c := range batch {
			out = append(out, b.identified(r.kind.idAttrs, c.ID, DisplayName(c.Name, c.Email, c.ID)))
		}
		return out, nil
	}
	ids := make([]string, len(batch))
	for i, c := range batch {
		ids[i] = c.ID
	}
	records, err := customers.ReadEach(ctx, ids, r.data.Concurrency, func(ctx context.Context, id string) (R, error) {
		return r.kind.read(ctx, client, id)
	})
	if err != nil {
		return nil, err
	}
	for _, rec := range records {
		out = append(out, r.kind.result(ctx, b, rec))
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

// identified is a result with the identity (the id's parts, joined by "/"
// in id) and the display name, and no resource object.
func (b resultBuilder) identified(idAttrs []string, id, name string) list.ListResult {
	parts := strings.SplitN(id, "/", len(idAttrs))
	vals := make(map[string]tftypes.Value, len(idAttrs))
	for i, a := range idAttrs {
		vals[a] = tftypes.NewValue(tftypes.String, parts[min(i, len(parts)-1)])
	}
	return list.ListResult{
		DisplayName: name,
		Identity:    &tfsdk.ResourceIdentity{Schema: b.req.ResourceIdentitySchema, Raw: tftypes.NewValue(b.identityType, vals)},
	}
}

// withResource is the result of a record with its resource object, or
// with the error of building it (a bug in the provider).
func (b resultBuilder) withResource(idAttrs []string, id, name string, object tftypes.Value, err error) list.ListResult {
	res := b.identified(idAttrs, id, name)
	if err != nil {
		res.Diagnostics.AddError("Building the customer's resource object failed", fmt.Sprintf("Customer %s: %s. This is a bug in the provider; please report it.", id, err))
		return res
	}
	res.Resource = &tfsdk.Resource{Schema: b.req.ResourceSchema, Raw: object}
	return res
}

// DisplayName is how a person recognises a customer: "Ada Lovelace
// <ada@example.com>", or what there is of it. terraform query prints it on
// the console: it is the server's text, so it is sanitised.
func DisplayName(name, email, id string) string {
	switch {
	case name != "" && email != "":
		return httpclient.Sanitize(name + " <" + email + ">")
	case name != "":
		return httpclient.Sanitize(name)
	case email != "":
		return httpclient.Sanitize(email)
	}
	return httpclient.Sanitize("customer " + id + " (no name or email)")
}
