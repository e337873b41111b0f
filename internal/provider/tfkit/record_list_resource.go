package tfkit

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// The list resource of a managed resource whose records live under a
// customer (IDs of two parts: customer_id and the record's own, such as an
// Adobe subscription): a `list` block names the customer in its config, and
// the results are that customer's records, each with its identity and, with
// include_resource, the resource object as an import reads it. The platform
// reads a customer's records whole (every page) in one call; the block's
// limit cuts the results, never the read.

// NewRecordListResource is the resource's list resource for `terraform
// query` over one customer's records, described by doc. read reads every
// record of the customer with the id; customers.ErrNotFound when the
// customer does not exist.
func (m *Managed[C, R, B]) NewRecordListResource(doc string, read func(ctx context.Context, client C, customerID string) ([]R, error)) func() list.ListResource {
	return func() list.ListResource { return &recordList[C, R, B]{kind: m, doc: doc, read: read} }
}

// recordList is a list resource of records under one customer.
type recordList[C, R, B any] struct {
	kind *Managed[C, R, B]
	doc  string
	read func(ctx context.Context, client C, customerID string) ([]R, error)
	data *ProviderData
}

var (
	_ list.ListResourceWithConfigure      = (*recordList[any, any, any])(nil)
	_ list.ListResourceWithValidateConfig = (*recordList[any, any, any])(nil)
)

func (r *recordList[C, R, B]) what() string { return r.kind.Name() + " list resource" }

// parent is the id part that names the customer: the config's attribute.
func (r *recordList[C, R, B]) parent() IDPart { return r.kind.IDs[0] }

func (r *recordList[C, R, B]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + r.kind.Suffix
}

func (r *recordList[C, R, B]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	p := r.parent()
	resp.Schema = schema.Schema{
		MarkdownDescription: r.doc,
		Attributes: map[string]schema.Attribute{
			p.Attr: schema.StringAttribute{Required: true,
				MarkdownDescription: fmt.Sprintf("The customer whose %ss to list: %s. Checked before any request.", r.kind.Words.Record, p.describe())},
		},
	}
}

func (r *recordList[C, R, B]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = Configured(req.ProviderData, &resp.Diagnostics)
}

// records returns the platform's client as C, or adds the error naming the
// platform this provider block is configured for.
func (r *recordList[C, R, B]) records(diags *diagList) (C, bool) {
	k := r.kind
	return PlatformAs[C](r.data, r.what(), "the "+k.Words.Record+"s of "+k.Platform.Title+" customers (platform = \""+k.Platform.Name+"\")", diags)
}

// ValidateListResourceConfig checks the customer id once the provider is
// configured (Terraform validates a list block again just before the
// query): first that the block is the platform's, then the id by its rule.
func (r *recordList[C, R, B]) ValidateListResourceConfig(ctx context.Context, req list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
	if r.data == nil || !req.Config.Raw.IsFullyKnown() {
		return
	}
	if _, ok := r.records(&resp.Diagnostics); ok {
		r.customerID(ctx, req.Config.GetAttribute, &resp.Diagnostics)
	}
}

// customerID reads and checks the config's customer id.
func (r *recordList[C, R, B]) customerID(ctx context.Context, get func(context.Context, path.Path, any) diagList, diags *diagList) (string, bool) {
	p := r.parent()
	var id types.String
	if diags.Append(get(ctx, path.Root(p.Attr), &id)...); diags.HasError() || !Known(id) {
		return "", false
	}
	if err := p.Check(id.ValueString()); err != nil {
		diags.AddAttributeError(path.Root(p.Attr), "Invalid "+p.Attr, fmt.Sprintf("%s: %s.", p.Attr, err))
		return "", false
	}
	return id.ValueString(), true
}

func (r *recordList[C, R, B]) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diagList
	client, ok := r.records(&diags)
	var customerID string
	if ok {
		customerID, ok = r.customerID(ctx, func(ctx context.Context, p path.Path, v any) diagList { return req.Config.GetAttribute(ctx, p, v) }, &diags)
	}
	switch {
	case !ok:
		stream.Results = list.ListResultsStreamDiagnostics(diags)
	case req.Limit <= 0:
		stream.Results = list.NoListResults
	default:
		stream.Results = func(push func(list.ListResult) bool) { r.stream(ctx, req, client, customerID, push) }
	}
}

// stream reads the customer's records and pushes one result each, up to the
// limit; a failed read is one error result, so the query fails.
func (r *recordList[C, R, B]) stream(ctx context.Context, req list.ListRequest, client C, customerID string, push func(list.ListResult) bool) {
	k := r.kind
	readCtx, counter := httpclient.CountRequests(ctx)
	start := time.Now()
	records, err := r.read(readCtx, client, customerID)
	c := counter.Counts()
	tflog.Info(ctx, "commerce records read", map[string]any{
		"platform": k.Platform.Name, "records": k.Words.Record + "s", "count": len(records), "requests": c.Requests, "retries": c.Retries,
		"seconds": math.Round(time.Since(start).Seconds()*100) / 100, "failed": err != nil,
	})
	if err != nil {
		var diags diagList
		diags.AddError("Listing "+k.Words.Record+"s failed", fmt.Sprintf("%s: the %ss of customer %s could not be read, so the query has no results. %s",
			k.Platform.Name, k.Words.Record, customerID, err))
		push(list.ListResult{Diagnostics: diags})
		return
	}
	build := newResultBuilder(ctx, req)
	for i := range records {
		if int64(i) >= req.Limit {
			return
		}
		rec := &records[i]
		id := k.RecordID(rec)
		var res list.ListResult
		if req.IncludeResource {
			v, err := k.object(k.recordState(id, rec)).ToTerraformValue(ctx)
			res = build.withResource(k.idAttrs(), id, k.DisplayName(rec), v, err)
		} else {
			res = build.identified(k.idAttrs(), id, k.DisplayName(rec))
		}
		if !push(res) {
			return
		}
	}
}
