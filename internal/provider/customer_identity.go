package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

var _ resource.ResourceWithIdentity = (*customerResource)(nil)

// customerIdentity is commerce_customer's resource identity (Terraform 1.12
// and later, OpenTofu 1.12 and later): the Sellercloud customer id. Older
// CLIs never ask for it; the framework keeps it out of their protocol.
type customerIdentity struct {
	CustomerID types.String `tfsdk:"customer_id"`
}

// identityAttr is the identity's one attribute.
const identityAttr = "customer_id"

func (r *customerResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		identityAttr: identityschema.StringAttribute{
			Description:       "The Sellercloud customer id, a positive whole number such as 10001.",
			RequiredForImport: true,
		},
	}}
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

// checkImportID rejects an import id that cannot be a Sellercloud customer id,
// saying how it was given.
func checkImportID(id string, byIdentity bool, diags *diagList) bool {
	err := sellercloud.CheckID(id)
	if err == nil {
		return true
	}
	if byIdentity {
		diags.AddAttributeError(path.Root("customer_id"), "Invalid import identity",
			fmt.Sprintf("identity.customer_id of a commerce_customer import must be a Sellercloud customer id, a positive whole number such as 10001: %s.", err))
		return false
	}
	diags.AddError("Invalid import id",
		fmt.Sprintf("Import a commerce_customer by its Sellercloud customer id, a positive whole number such as 10001: %s.", err))
	return false
}
