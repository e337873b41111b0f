package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

var (
	_ resource.ResourceWithConfigure   = (*adobeCustomerResource)(nil)
	_ resource.ResourceWithImportState = (*adobeCustomerResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*adobeCustomerResource)(nil)
)

// adobeAccounts is what the Adobe VIP Marketplace client offers for
// managing customer accounts.
type adobeAccounts interface {
	GetAccount(ctx context.Context, id string) (adobevip.Account, error)
	UpdateAccount(ctx context.Context, id string, current adobevip.Account, ch adobevip.Change) (adobevip.Account, []string, error)
}

// NewAdobeCustomerResource is the commerce_adobe_vip_customer resource.
func NewAdobeCustomerResource() resource.Resource { return &adobeCustomerResource{} }

type adobeCustomerResource struct {
	data *providerData
}

func (r *adobeCustomerResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_adobe_vip_customer"
}

func (r *adobeCustomerResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = adobeCustomerSchema()
}

// adobeCustomerID is how commerce_adobe_vip_customer names and checks its
// customer id, for its identity and its imports.
var adobeCustomerID = customerIDKind{resource: "commerce_adobe_vip_customer", platform: &adobevip.Description}

func (r *adobeCustomerResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = adobeCustomerID.identitySchema()
}

func (r *adobeCustomerResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// accounts returns the Adobe client, or adds an error naming the platform
// this provider block is configured for.
func (r *adobeCustomerResource) accounts(diags *diagList) adobeAccounts {
	a, _ := platformAs[adobeAccounts](r.data, "commerce_adobe_vip_customer resource", "Adobe VIP Marketplace accounts (platform = \"adobe_vip\")", diags)
	return a
}

func (r *adobeCustomerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config adobeCustomerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	acc := r.accounts(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.CustomerID.ValueString()
	if !managesAny(config) && !plan.Status.IsUnknown() {
		// Nothing is managed: the plan, read while planning this apply, is the state.
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
		return
	}
	// The PATCH is built on the account as the final plan read it during
	// this apply (adoption_read.go), or as read now when it has none.
	acct, planned := adoptionRead(ctx, id, adobeRecordID)
	if !planned {
		var err error
		if acct, err = acc.GetAccount(ctx, id); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("customer_id"), "Reading the customer account failed", fmt.Sprintf("Customer %s was not adopted: %s", id, err))
			return
		}
	}
	ch, changed, _ := adobeChange(config, plan, modelFromAccount(acct))
	if len(changed) > 0 {
		var err error
		if acct, _, err = acc.UpdateAccount(ctx, id, acct, ch); err != nil {
			resp.Diagnostics.AddError("Updating the customer account failed", adobeUpdateFailed(id, changed, err, true))
			return
		}
	}
	sent := changed // the attributes the PATCH carried
	state := adobeApplied(modelFromAccount(acct), plan, sent, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
}

func (r *adobeCustomerResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state adobeCustomerModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	acc := r.accounts(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.CustomerID.ValueString()
	// Set on every path, also when the account is gone: a state written by a
	// CLI without identity (Terraform < 1.12) gets it on its first refresh.
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
	acct, err := acc.GetAccount(ctx, id)
	if errors.Is(err, customers.ErrNotFound) {
		resp.Diagnostics.AddWarning("Customer account no longer exists",
			fmt.Sprintf("Adobe VIP Marketplace has no customer account %s any more (%s); it was removed from the state.", id, err))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading the customer account failed", fmt.Sprintf("Customer %s: %s", id, err))
		return
	}
	got := modelFromAccount(acct)
	got.Contacts = keepContactSpelling(got.Contacts, state.Contacts)
	resp.Diagnostics.Append(resp.State.Set(ctx, &got)...)
}

func (r *adobeCustomerResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, config, prior adobeCustomerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	acc := r.accounts(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.CustomerID.ValueString()
	// The PATCH carries the whole companyProfile: it is built on the account
	// as it is now, not as it was at plan time.
	acct, err := acc.GetAccount(ctx, id)
	if err != nil {
		resp.Diagnostics.AddError("Reading the customer account failed", fmt.Sprintf("Customer %s was not updated: %s", id, err))
		resp.Diagnostics.Append(resp.State.Set(ctx, &prior)...)
		return
	}
	ch, changed, _ := adobeChange(config, plan, modelFromAccount(acct))
	sent := changed // the attributes the PATCH carries
	if len(changed) > 0 {
		if acct, _, err = acc.UpdateAccount(ctx, id, acct, ch); err != nil {
			// The prior state stays: the next plan compares with Adobe again.
			resp.Diagnostics.AddError("Updating the customer account failed", adobeUpdateFailed(id, changed, err, false))
			resp.Diagnostics.Append(resp.State.Set(ctx, &prior)...)
			return
		}
	}
	state := adobeApplied(modelFromAccount(acct), plan, sent, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
}

// managesAny reports whether the configuration sets any managed attribute.
func managesAny(config adobeCustomerModel) bool {
	for _, f := range adobeTopFields {
		if !f.get(&config).IsNull() {
			return true
		}
	}
	return !config.GlobalSalesEnabled.IsNull() || !config.Address.IsNull() || !config.Contacts.IsNull()
}

// adobeUpdateFailed says what is known after a failed PATCH: a 4xx is a
// refusal (nothing changed); after a 5xx or a timeout Adobe may have applied
// it, and the next plan, which reads the account again, shows the truth.
func adobeUpdateFailed(id string, changed []string, err error, adopting bool) string {
	fields := strings.Join(changed, ", ")
	notAdopted := ""
	if adopting {
		notAdopted = " It was not adopted; the next plan proposes to adopt it again."
	}
	switch status := httpclient.StatusOf(err); {
	case httpclient.OutcomeUnknown(err):
		return fmt.Sprintf("The update of customer account %s (%s) failed and its outcome is unknown: Adobe may have applied it. "+
			"The next plan reads the account again and shows what it holds.%s %s", id, fields, notAdopted, err)
	case status >= 400 && status < 500:
		return fmt.Sprintf("Adobe VIP Marketplace refused the update of customer account %s (%s); nothing was changed.%s %s", id, fields, notAdopted, err)
	}
	return fmt.Sprintf("The update of customer account %s (%s) failed; the next plan compares with Adobe again.%s %s", id, fields, notAdopted, err)
}

// Delete cannot delete an Adobe customer account; the framework removes the
// resource from the state when Delete returns without an error. The plan
// said so already (ModifyPlan): one warning per resource, not a second one
// at apply that says the same.
func (r *adobeCustomerResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// ImportState takes the customer id from the import id or from the
// identity (customer_identity.go); Read then fills in the fields.
func (r *adobeCustomerResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	adobeCustomerID.importState(ctx, req, resp)
}
