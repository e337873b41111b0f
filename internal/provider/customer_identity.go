package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// The resource identity (Terraform 1.12 and later, OpenTofu 1.12 and later)
// of the resources that manage customers, commerce_customer and
// commerce_adobe_vip_customer: the platform's customer id, customer_id.
// Older CLIs never ask for it; the framework keeps it out of their protocol.

var (
	_ resource.ResourceWithIdentity = (*customerResource)(nil)
	_ resource.ResourceWithIdentity = (*adobeCustomerResource)(nil)
)

// customerIdentity is the identity's value.
type customerIdentity struct {
	CustomerID types.String `tfsdk:"customer_id"`
}

// identityAttr is the identity's one attribute.
const identityAttr = "customer_id"

// customerIDKind is how a resource known by its customer id (id equals
// customer_id) names and checks that id, for its identity and its imports:
// by the rule of the platform's description.
type customerIDKind struct {
	resource string // "commerce_customer"
	platform *customers.Description
}

var sellercloudCustomerID = customerIDKind{resource: "commerce_customer", platform: &sellercloud.Description}

// describe is what the id is: "the Sellercloud customer id, a whole number
// from 1 to 2147483647, such as 10001".
func (k customerIDKind) describe() string {
	return fmt.Sprintf("the %s customer id, %s", k.platform.Title, k.platform.ID.Describe())
}

// identitySchema is the identity schema: customer_id, required for import.
func (k customerIDKind) identitySchema() identityschema.Schema {
	return identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		identityAttr: identityschema.StringAttribute{
			Description:       upperFirst(k.describe()) + ".",
			RequiredForImport: true,
		},
	}}
}

func (r *customerResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = sellercloudCustomerID.identitySchema()
}

// checkPlanned rejects a planned customer_id that cannot be one of the
// platform's ids. It runs while planning, after the resource found its
// platform in the provider block: on another platform the error says so
// first, instead of judging the id by a rule that is not its platform's.
func (k customerIDKind) checkPlanned(ctx context.Context, plan tfsdk.Plan, diags *diagList) bool {
	var id types.String
	diags.Append(plan.GetAttribute(ctx, path.Root("customer_id"), &id)...)
	if !known(id) {
		return !diags.HasError()
	}
	if err := k.platform.CheckID(id.ValueString()); err != nil {
		diags.AddAttributeError(path.Root("customer_id"), "Invalid customer_id", fmt.Sprintf("customer_id: %s.", err))
		return false
	}
	return true
}

// setIdentity records the customer id as the resource's identity. A nil
// identity (a response without one) is left alone.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, customerID string, diags *diagList) {
	if identity == nil {
		return
	}
	diags.Append(identity.Set(ctx, customerIdentity{CustomerID: types.StringValue(customerID)})...)
}

// importID is the customer id an import names: the id of `terraform import`
// and `import { id = ... }`, or the customer_id of `import { identity = ... }`.
func importID(ctx context.Context, req resource.ImportStateRequest, diags *diagList) string {
	if req.ID != "" || req.Identity == nil {
		return req.ID
	}
	var id customerIdentity
	diags.Append(req.Identity.Get(ctx, &id)...)
	return id.CustomerID.ValueString()
}

// importState is ImportState of the resource: the customer id from the
// import id or the identity, checked, as id, customer_id and the identity;
// Read then fills in the rest.
func (k customerIDKind) importState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := importID(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !k.checkImportID(id, req.ID == "", &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("customer_id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
}

// checkImportID rejects an import id that cannot be a customer id of the
// platform, saying how it was given.
func (k customerIDKind) checkImportID(id string, byIdentity bool, diags *diagList) bool {
	err := k.platform.CheckID(id)
	if err == nil {
		return true
	}
	if byIdentity {
		diags.AddAttributeError(path.Root(identityAttr), "Invalid import identity",
			fmt.Sprintf("identity.customer_id of a %s import is its %s customer id, such as %s: %s.", k.resource, k.platform.Title, k.platform.ID.Example, err))
		return false
	}
	diags.AddError("Invalid import id", fmt.Sprintf("Import a %s by its %s customer id, such as %s: %s.", k.resource, k.platform.Title, k.platform.ID.Example, err))
	return false
}

// upperFirst capitalises a message's first letter.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
