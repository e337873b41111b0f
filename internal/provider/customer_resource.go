package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

var (
	_ resource.ResourceWithConfigure   = (*customerResource)(nil)
	_ resource.ResourceWithImportState = (*customerResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*customerResource)(nil)
)

// sellercloudCustomers is what a platform's client offers when it can manage
// customers the way commerce_customer does: Sellercloud's full record and
// its PUT. Only the Sellercloud client has it.
type sellercloudCustomers interface {
	GetDetails(ctx context.Context, id string) (sellercloud.Details, error)
	Update(ctx context.Context, id string, u sellercloud.Update) error
}

// NewCustomerResource is the commerce_customer resource.
func NewCustomerResource() resource.Resource { return &customerResource{} }

type customerResource struct {
	data *providerData
}

type customerResourceModel struct {
	ID         types.String `tfsdk:"id"`
	CustomerID types.String `tfsdk:"customer_id"`
	sellercloudFields
}

const customerResourceDescription = `Manages the fields of an **existing** Sellercloud customer through ` + "`PUT /Customers/{id}`" + `. Sellercloud only, for now.

**Adopting, not creating.** Creating this resource adopts the customer ` + "`customer_id`" + `; it never creates a customer. Planning the adoption reads the customer (one ` + "`GET /Customers/{id}`" + `): the plan shows every field left out of the configuration with its current value instead of *(known after apply)*, and a customer that does not exist fails the plan with an error naming ` + "`customer_id`" + ` and the id. A create plan cannot show a change from a value, so the plan also carries one warning per adopted customer that lists each configured field whose value differs, as ` + "`comments: \"\" -> \"Managed by Terraform\"`" + ` (current -> configured). When ` + "`customer_id`" + ` is only known after apply, nothing is read while planning and the unconfigured fields show as *(known after apply)*. Applying reads the customer again (Terraform's final plan), sends a ` + "`PUT`" + ` with only the configured fields whose value differs from what it read, and reads the customer back.

**The id.** ` + "`id`" + ` always equals ` + "`customer_id`" + `, and is known while planning whenever ` + "`customer_id`" + ` is: outputs, other resources' arguments and ` + "`for_each`" + ` keys can use it at plan time. (A data source that refers to the resource directly is still read during apply while the resource has changes pending, because Terraform takes such a reference as ` + "`depends_on`" + `; fed through a local value, it is read while planning.)

**Changes between plan and apply.** Terraform plans each resource once more during apply, which reads the customer once more. If a field that is not in the configuration changed in Sellercloud between the plan (a saved ` + "`terraform plan -out`" + ` or the one ` + "`terraform apply`" + ` asks you to approve) and its apply, Terraform refuses to apply it ("Provider produced inconsistent final plan") and nothing is sent, since the plan no longer says what apply does: plan again.

**Managed and unmanaged fields.** Every field is optional. A field set in the configuration is *managed*: the plan shows a difference whenever Sellercloud's value differs from it (including changes made outside Terraform), and apply sends it. A field left out is *not managed*: it is never sent, and the state shows Sellercloud's current value, so adopting a customer and setting one field changes only that field. Removing a field from the configuration stops managing it, without a plan difference and without a request. An update sends only the managed fields that changed.

**Clearing.** Set a text field to ` + "`\"\"`" + ` to clear it, ` + "`business_aliases = []`" + ` to remove every alias, ` + "`account_managers = []`" + ` to empty all three slots. A list of account managers shorter than three empties the slots after it.

**Normalisation.** Sellercloud stores emails in lower case, business aliases sorted and without duplicates, commissions with two decimals, and text without surrounding spaces. A configured value that Sellercloud stores in such an equivalent form is not a change: the state keeps your spelling and the next plan is empty.

**Refresh, drift and removal.** A refresh is one ` + "`GET /Customers/{id}`" + ` per customer. A customer that no longer exists (HTTP 404) is removed from the state with a warning; while the configuration still names it, that plan then fails with "Customer not found", as adopting a missing customer does.

**Requests.** A plan without changes sends no ` + "`PUT`" + `. An update is one ` + "`PUT`" + ` and one ` + "`GET`" + ` (none at all when only the spelling of an equivalent value changed). Planning an adoption is one ` + "`GET`" + `. Applying it is one ` + "`GET`" + ` for Terraform's final plan, which the adoption then decides on, and one ` + "`PUT`" + ` and one ` + "`GET`" + ` when something needs to change: four requests per adopted customer at most, two when nothing changes. That is the floor: the plan must read to show the current values, Terraform's final plan must read again to find changes made since, and Sellercloud documents no response body for its ` + "`PUT`" + `, so only a read shows what it stored. An error from Sellercloud (for example HTTP 400 for a wholesale customer without a business name) fails the apply with the server's message, and the state keeps the values from before the apply.

**Destroy** cannot delete a Sellercloud customer (the API has no such operation): it removes the resource from the state and leaves the customer and its field values as they are. A plan that destroys the resource says so in one warning per customer (a ` + "`terraform destroy`" + ` shows it before asking for approval). To stop managing a customer without a destroy in the plan, replace the resource block with a ` + "`removed`" + ` block (Terraform 1.7 or later; see the example).

**Import** by customer id, with ` + "`terraform import`" + `, an ` + "`import {}`" + ` block with ` + "`id`" + `, or (Terraform 1.12 and later) one with ` + "`identity = { customer_id = \"10001\" }`" + `; ` + "`terraform query`" + ` (Terraform 1.14 and later) finds the customers to import with the ` + "`commerce_customer`" + ` list resource. ` + "`terraform plan -generate-config-out=...`" + ` writes the fields with their current values and plans clean; a text field that is empty comes out as ` + "`null`" + ` (Terraform 1.11), not at all (Terraform 1.14), both not managed, or as ` + "`\"\"`" + ` (OpenTofu 1.12), managed as empty (see Import below).`

func (r *customerResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer"
}

func (r *customerResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	// Every field is Optional+Computed: null in configuration means "not
	// managed", and UseStateForUnknown keeps unmanaged fields at their known
	// value instead of "(known after apply)" whenever another field changes.
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "The customer id, same as `customer_id`; known while planning whenever `customer_id` is.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{copyOfAttribute{attr: "customer_id"}},
		},
		"customer_id": schema.StringAttribute{
			MarkdownDescription: "Id of the existing Sellercloud customer to manage: " + sellercloudCustomerID.describe() + ". Changing it forgets the old customer and adopts the new one. Checked while planning, once the provider block is known to be Sellercloud's.",
			Required:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		},
	}
	for _, f := range sellercloudFieldTable {
		attrs[f.attr] = f.resource
	}
	resp.Schema = schema.Schema{MarkdownDescription: customerResourceDescription + "\n\n" +
		personalDataInState("commerce_customer", "every field listed below for each adopted customer, managed or not (its name, emails, phone numbers, business name, comments and account managers), as the plan shows them"),
		Attributes: attrs}
}

func (r *customerResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan warns that a destroy only forgets the customer, rejects other
// platforms before anything is sent, and plans an adoption from the
// customer's current values.
func (r *customerResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		var id types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("customer_id"), &id)...)
		addDestroyForgetsWarning(&resp.Diagnostics, "commerce_customer", "Sellercloud customer "+id.ValueString(),
			"Sellercloud has no API to delete a customer")
		return
	}
	if r.data == nil {
		return // the provider is not configured yet
	}
	sc := r.customers(&resp.Diagnostics)
	if sc == nil || !sellercloudCustomerID.checkPlanned(ctx, req.Plan, &resp.Diagnostics) {
		return
	}
	if !req.State.Raw.IsNull() {
		// An update (the refresh already read the customer), or the first
		// half of a replacement when customer_id changed.
		var was, now types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("customer_id"), &was)...)
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("customer_id"), &now)...)
		if known(was, now) && !was.Equal(now) {
			addReplacementForgetsWarning(&resp.Diagnostics, "commerce_customer", "Sellercloud customer "+was.ValueString(), "customer "+now.ValueString())
		}
		return
	}
	r.planAdoption(ctx, sc, req, resp)
}

// planAdoption reads the customer to adopt (one GET): the fields left out of
// the configuration are planned as their current values, the configured ones
// that differ are listed in a warning, and a missing customer fails the
// plan. An id only known after apply plans as before: unknown until Create.
func (r *customerResource) planAdoption(ctx context.Context, sc sellercloudCustomers, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	var plan, config customerResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() || plan.CustomerID.IsUnknown() {
		return
	}
	id := plan.CustomerID.ValueString()
	d, err := sc.GetDetails(ctx, id)
	if errors.Is(err, customers.ErrNotFound) {
		addCustomerNotFound(&resp.Diagnostics, id, err)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading the customer failed", fmt.Sprintf("Customer %s could not be read to plan its adoption: %s", id, err))
		return
	}
	current := fieldsFromDetails(d)
	var changes []fieldChange
	for _, f := range sellercloudFieldTable {
		cfg, now := f.get(&config.sellercloudFields), f.get(&current)
		switch {
		case cfg.IsNull():
			f.set(&plan.sellercloudFields, now)
		case cfg.IsUnknown() || !f.equiv(f.get(&plan.sellercloudFields), now):
			changes = append(changes, fieldChange{Attr: f.attr, Current: now, Configured: f.get(&plan.sellercloudFields)})
		}
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	d.Raw = nil // Create decides on the fields; the server's whole object stays out of the plan
	resp.Diagnostics.Append(keepAdoptionRead(ctx, resp.Private, d)...)
	addAdoptionWarning(&resp.Diagnostics, "Sellercloud customer "+id, changes)
}

// addCustomerNotFound is the error on customer_id for a customer that does
// not exist, while planning or applying an adoption.
func addCustomerNotFound(diags *diagList, id string, err error) {
	diags.AddAttributeError(path.Root("customer_id"), "Customer not found",
		fmt.Sprintf("customer_id: Sellercloud has no customer with id %s (%s). commerce_customer adopts existing customers; it cannot create one.", id, err))
}

// customers returns the platform's client if it can manage customers, or
// adds an error naming the platform this provider block is configured for.
func (r *customerResource) customers(diags *diagList) sellercloudCustomers {
	sc, _ := platformAs[sellercloudCustomers](r.data, "commerce_customer resource", "Sellercloud customers (platform = \"sellercloud\")", diags)
	return sc
}

func (r *customerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config customerResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	sc := r.customers(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// What to send is decided on the read of Terraform's final plan, made
	// during this apply (adoption_read.go); a fresh read when it has none.
	id := plan.CustomerID.ValueString()
	d, planned := adoptionRead(ctx, id, sellercloudRecordID)
	if !planned {
		var err error
		d, err = sc.GetDetails(ctx, id)
		if errors.Is(err, customers.ErrNotFound) {
			addCustomerNotFound(&resp.Diagnostics, id, err)
			return
		}
		if err != nil {
			resp.Diagnostics.AddError("Reading the customer failed", fmt.Sprintf("Customer %s was not adopted: %s", id, err))
			return
		}
	}
	u, sent := updateFor(config.sellercloudFields, plan.sellercloudFields, fieldsFromDetails(d))
	if len(sent) > 0 {
		if err := sc.Update(ctx, id, u); err != nil {
			resp.Diagnostics.AddError("Updating the customer failed", updateFailed(id, sent, err, true))
			return
		}
		var err error
		if d, err = sc.GetDetails(ctx, id); err != nil {
			resp.Diagnostics.AddError("Reading the customer back failed",
				fmt.Sprintf("Customer %s was updated, but reading it back failed, so it was not adopted; the next plan proposes to adopt it again. %s", id, err))
			return
		}
	}
	state := customerResourceModel{ID: plan.CustomerID, CustomerID: plan.CustomerID}
	state.sellercloudFields = appliedFields(fieldsFromDetails(d), plan.sellercloudFields, sent, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
}

func (r *customerResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state customerResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	sc := r.customers(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.CustomerID.ValueString()
	// Set on every path, also when the customer is gone: a state written by a
	// CLI without identity (Terraform < 1.12) gets it on its first refresh.
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
	d, err := sc.GetDetails(ctx, id)
	if errors.Is(err, customers.ErrNotFound) {
		resp.Diagnostics.AddWarning("Customer no longer exists",
			fmt.Sprintf("Sellercloud has no customer with id %s any more (%s); it was removed from the state. "+
				"A plan that adopts it again fails until the customer exists; to stop managing it, remove the resource from the configuration.", id, err))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading the customer failed", fmt.Sprintf("Customer %s: %s", id, err))
		return
	}
	state.ID = types.StringValue(strconv.Itoa(d.ID))
	// After import the prior fields are null and the server's values are taken as they are.
	state.sellercloudFields = keepEquivalent(fieldsFromDetails(d), state.sellercloudFields)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *customerResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, config, prior customerResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	sc := r.customers(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.CustomerID.ValueString()
	u, sent := updateFor(config.sellercloudFields, plan.sellercloudFields, prior.sellercloudFields)
	if len(sent) == 0 {
		// Only equivalent spellings changed, or fields stopped being managed.
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
		return
	}
	// On failure the prior state is kept: without it the framework would save
	// no object, and the next plan re-checks against the server anyway.
	if err := sc.Update(ctx, id, u); err != nil {
		resp.Diagnostics.AddError("Updating the customer failed", updateFailed(id, sent, err, false))
		resp.Diagnostics.Append(resp.State.Set(ctx, &prior)...)
		return
	}
	d, err := sc.GetDetails(ctx, id)
	if err != nil {
		resp.Diagnostics.AddError("Reading the customer back failed",
			fmt.Sprintf("Customer %s was updated, but reading it back failed; the next plan compares with the server again. %s", id, err))
		resp.Diagnostics.Append(resp.State.Set(ctx, &prior)...)
		return
	}
	plan.sellercloudFields = appliedFields(fieldsFromDetails(d), plan.sellercloudFields, sent, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, id, &resp.Diagnostics)
}

// updateFailed says what is known after a failed PUT. Only a 4xx is a
// definite refusal; after a 5xx or a timeout the server may have saved the
// change, and the next plan, which reads the customer again, shows the truth.
func updateFailed(id string, sent map[string]bool, err error, adopting bool) string {
	fields := strings.Join(sortedKeys(sent), ", ")
	notAdopted := ""
	if adopting {
		notAdopted = " It was not adopted; the next plan proposes to adopt it again."
	}
	switch status := httpclient.StatusOf(err); {
	case httpclient.OutcomeUnknown(err):
		return fmt.Sprintf("The update of customer %s (%s) failed and its outcome is unknown: Sellercloud may have saved it. "+
			"The next plan reads the customer again and shows what it holds.%s %s", id, fields, notAdopted, err)
	case status >= 400 && status < 500 && adopting:
		return fmt.Sprintf("Sellercloud rejected the update of customer %s (%s), so it was not adopted; the customer is unchanged. %s", id, fields, err)
	case status >= 400 && status < 500:
		return fmt.Sprintf("Sellercloud rejected the update of customer %s (%s); nothing was changed. %s", id, fields, err)
	}
	return fmt.Sprintf("The update of customer %s (%s) failed; the next plan compares with the server again.%s %s", id, fields, notAdopted, err)
}

// Delete cannot delete a Sellercloud customer; the framework removes the
// resource from state when Delete returns without an error. The plan said
// so already (ModifyPlan): one warning per resource, not a second one at
// apply that says the same.
func (r *customerResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// ImportState takes the customer id from the import id or from the
// identity (customer_identity.go); Read then fills in the fields.
func (r *customerResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	sellercloudCustomerID.importState(ctx, req, resp)
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
