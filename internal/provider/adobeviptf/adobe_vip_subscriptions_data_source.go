package adobeviptf

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

var _ datasource.DataSourceWithConfigure = (*subscriptionsDataSource)(nil)

// NewSubscriptionsDataSource is the commerce_adobe_vip_subscriptions data
// source: one customer's subscriptions, every page, with the attributes of
// commerce_adobe_vip_subscription.
func NewSubscriptionsDataSource() datasource.DataSource { return &subscriptionsDataSource{} }

type subscriptionsDataSource struct {
	data *tfkit.ProviderData
}

func (d *subscriptionsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_adobe_vip_subscriptions"
}

// itemType is the object type of one subscription in the list.
func itemType() types.ObjectType {
	attrs := map[string]attr.Type{"subscription_id": types.StringType}
	for _, a := range subscriptionAttrs {
		attrs[a.name] = a.typ
	}
	return types.ObjectType{AttrTypes: attrs}
}

func (d *subscriptionsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	item := map[string]schema.Attribute{
		"subscription_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The subscription's id (`subscriptionId`), for `commerce_adobe_vip_subscription`'s `subscription_id`."},
	}
	for _, a := range subscriptionAttrs {
		item[a.name] = dataAttribute(a)
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: subscriptionsDataSourceDescription,
		Attributes: map[string]schema.Attribute{
			"customer_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "Id of the customer account whose subscriptions to read: " + tfkit.DescribeCustomerID(&adobevip.Description) + ". Checked while planning.",
				Validators:          []validator.String{tfkit.SettingValidator(adobevip.Description.CheckID)}},
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The same as `customer_id`."},
			"subscriptions": schema.ListNestedAttribute{Computed: true,
				MarkdownDescription: "The customer's subscriptions, in Adobe's order: every one, however many pages Adobe answers in. Empty when the customer has none.",
				NestedObject:        schema.NestedAttributeObject{Attributes: item}},
		},
	}
}

func (d *subscriptionsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = tfkit.Configured(req.ProviderData, &resp.Diagnostics)
}

func (d *subscriptionsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var customerID types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("customer_id"), &customerID)...)
	client, ok := tfkit.PlatformAs[Subscriptions](d.data, "commerce_adobe_vip_subscriptions data source",
		"the subscriptions of Adobe VIP Marketplace customers (platform = \"adobe_vip\")", &resp.Diagnostics)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	id := customerID.ValueString()
	subs, err := client.ListSubscriptions(ctx, id)
	switch {
	case errors.Is(err, customers.ErrNotFound):
		resp.Diagnostics.AddAttributeError(path.Root("customer_id"), "Customer account not found",
			fmt.Sprintf("customer_id: Adobe VIP Marketplace has no customer account %q (%s).", id, err))
		return
	case err != nil:
		resp.Diagnostics.AddAttributeError(path.Root("customer_id"), "Reading the subscriptions failed",
			fmt.Sprintf("The subscriptions of customer account %s could not be read: %s", id, err))
		return
	}
	t := itemType()
	items := make([]attr.Value, len(subs))
	for i := range subs {
		vals := map[string]attr.Value{"subscription_id": types.StringValue(subs[i].SubscriptionID)}
		for _, a := range subscriptionAttrs {
			vals[a.name] = a.read(&subs[i])
		}
		obj, diags := types.ObjectValue(t.AttrTypes, vals)
		if resp.Diagnostics.Append(diags...); diags.HasError() {
			return
		}
		items[i] = obj
	}
	list, diags := types.ListValue(t, items)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("customer_id"), customerID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), customerID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("subscriptions"), list)...)
}

const subscriptionsDataSourceDescription = "Reads one Adobe VIP Marketplace customer's subscriptions (`GET /v3/customers/{customer-id}/subscriptions`), every one: when Adobe answers in pages (a first answer short of its `totalCount`), the rest is read by `offset` and `limit`, and an answer whose pages or totals do not add up is an error, never a shorter list. Each subscription has the attributes of the `commerce_adobe_vip_subscription` resource, so that it can feed one (`for_each` over the subscriptions to manage their auto-renewal). Provider blocks with `platform = \"adobe_vip\"` only: another platform is an error before any request. An unknown customer id is an error naming `customer_id`.\n\n" +
	"**Data in state.** The state keeps each subscription's ids, offer, quantities, dates, currency, status and auto-renewal preferences: no names, emails or addresses."
