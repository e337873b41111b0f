package provider

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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

// NewCustomerResource is the commerce_customer resource.
func NewCustomerResource() resource.Resource { return &customerResource{} }

type customerResource struct {
	client *clientData
}

type customerResourceModel struct {
	ID         types.String `tfsdk:"id"`
	CustomerID types.String `tfsdk:"customer_id"`
	customerFields
}

// customerFields are the fields of the Sellercloud PUT body, shared by the
// resource and the singular data source.
type customerFields struct {
	Title           types.String `tfsdk:"title"`
	Name            types.String `tfsdk:"name"`
	Email           types.String `tfsdk:"email"`
	EmailCC         types.String `tfsdk:"email_cc"`
	BusinessName    types.String `tfsdk:"business_name"`
	BusinessAliases types.Set    `tfsdk:"business_aliases"`
	SourceID        types.String `tfsdk:"source_id"`
	IsWholesale     types.Bool   `tfsdk:"is_wholesale"`
	CompanyID       types.Int64  `tfsdk:"company_id"`
	AccountManagers types.List   `tfsdk:"account_managers"`
	Salesman        types.String `tfsdk:"salesman"`
	Comments        types.String `tfsdk:"comments"`
	Rating          types.String `tfsdk:"rating"`
	Phone1          types.String `tfsdk:"phone_1"`
	Phone2          types.String `tfsdk:"phone_2"`
	Phone3          types.String `tfsdk:"phone_3"`
	Mobile          types.String `tfsdk:"mobile"`
	Fax             types.String `tfsdk:"fax"`
}

// textKind says how a text field is validated and when two values mean the same.
type textKind int

const (
	kindText      textKind = iota // equal after trimming surrounding whitespace
	kindEmail                     // one address; trimmed, case-insensitive
	kindEmailList                 // addresses separated by , or ;
	kindRating                    // an enum name, exact
)

// textField maps one text attribute to the GET shape and the PUT body.
type textField struct {
	attr string
	desc string
	kind textKind
	ptr  func(*customerFields) *types.String
	read func(*sellercloud.Details) string
	send func(*sellercloud.Update, *string)
}

var textFields = []textField{
	{"title", "Title, e.g. `Mx.` (Sellercloud `Title`).", kindText,
		func(f *customerFields) *types.String { return &f.Title },
		func(d *sellercloud.Details) string { return d.Title },
		func(u *sellercloud.Update, v *string) { u.Title = v }},
	{"name", "Full name (PUT `Name`, GET `General.Name`).", kindText,
		func(f *customerFields) *types.String { return &f.Name },
		func(d *sellercloud.Details) string { return d.Name },
		func(u *sellercloud.Update, v *string) { u.Name = v }},
	{"email", "Email address (Sellercloud `Email`). Sellercloud stores it in lower case; a value that differs only in case is the same address.", kindEmail,
		func(f *customerFields) *types.String { return &f.Email },
		func(d *sellercloud.Details) string { return d.Email },
		func(u *sellercloud.Update, v *string) { u.Email = v }},
	{"email_cc", "CC email addresses, separated by `,` or `;` (Sellercloud `EmailCC`); compared like `email`.", kindEmailList,
		func(f *customerFields) *types.String { return &f.EmailCC },
		func(d *sellercloud.Details) string { return d.EmailCC },
		func(u *sellercloud.Update, v *string) { u.EmailCC = v }},
	{"business_name", "Business name (PUT `BusinessName`, GET `General.CorporateName`). Sellercloud requires it for wholesale customers when its client setting *Enable Required Fields for WholeSale Customers* is on.", kindText,
		func(f *customerFields) *types.String { return &f.BusinessName },
		func(d *sellercloud.Details) string { return d.BusinessName },
		func(u *sellercloud.Update, v *string) { u.BusinessName = v }},
	{"source_id", "Source id (Sellercloud `SourceId`).", kindText,
		func(f *customerFields) *types.String { return &f.SourceID },
		func(d *sellercloud.Details) string { return d.SourceID },
		func(u *sellercloud.Update, v *string) { u.SourceID = v }},
	{"salesman", "Salesman (PUT `Salesman`, GET `Internal.SalesMan`).", kindText,
		func(f *customerFields) *types.String { return &f.Salesman },
		func(d *sellercloud.Details) string { return d.Salesman },
		func(u *sellercloud.Update, v *string) { u.Salesman = v }},
	{"comments", "Comments (PUT `Comments`, GET `Internal.Comment`).", kindText,
		func(f *customerFields) *types.String { return &f.Comments },
		func(d *sellercloud.Details) string { return d.Comments },
		func(u *sellercloud.Update, v *string) { u.Comments = v }},
	{"rating", "Rating, one of " + backticked(sellercloud.Ratings) + " (PUT `Rating`, GET `Internal.LocalRating`).", kindRating,
		func(f *customerFields) *types.String { return &f.Rating },
		func(d *sellercloud.Details) string { return d.Rating },
		func(u *sellercloud.Update, v *string) { u.Rating = v }},
	{"phone_1", "First phone number (PUT `Phone1`, GET `Personal.Phone1`).", kindText,
		func(f *customerFields) *types.String { return &f.Phone1 },
		func(d *sellercloud.Details) string { return d.Phone1 },
		func(u *sellercloud.Update, v *string) { u.Phone1 = v }},
	{"phone_2", "Second phone number (PUT `Phone2`, GET `Personal.Phone2`).", kindText,
		func(f *customerFields) *types.String { return &f.Phone2 },
		func(d *sellercloud.Details) string { return d.Phone2 },
		func(u *sellercloud.Update, v *string) { u.Phone2 = v }},
	{"phone_3", "Third phone number (PUT `Phone3`, GET `Personal.Phone3`).", kindText,
		func(f *customerFields) *types.String { return &f.Phone3 },
		func(d *sellercloud.Details) string { return d.Phone3 },
		func(u *sellercloud.Update, v *string) { u.Phone3 = v }},
	{"mobile", "Mobile phone number (PUT `Mobile`, GET `Personal.Mobile`).", kindText,
		func(f *customerFields) *types.String { return &f.Mobile },
		func(d *sellercloud.Details) string { return d.Mobile },
		func(u *sellercloud.Update, v *string) { u.Mobile = v }},
	{"fax", "Fax number (PUT `Fax`, GET `Personal.Fax`).", kindText,
		func(f *customerFields) *types.String { return &f.Fax },
		func(d *sellercloud.Details) string { return d.Fax },
		func(u *sellercloud.Update, v *string) { u.Fax = v }},
}

// Descriptions of the non-text fields, shared with the data source.
const (
	descBusinessAliases = "Business aliases (Sellercloud `BusinessAliases`), a set: Sellercloud sorts them and drops duplicates."
	descIsWholesale     = "Whether the customer is a wholesale customer (PUT `IsWholesale`, GET `General.IsWholeSaleUser`)."
	descCompanyID       = "Sellercloud company the customer belongs to (PUT `CompanyId`, GET `Internal.CompanyID`); `0` means none."
	descAccountManagers = "Up to three account managers; the position is the slot (PUT `AccountManager1Id` / `AccountManager1Commission` to `AccountManager3*`, GET `Internal.AccountManagerId`, `AccountManager2Id`, ...). An empty slot is `{ id = 0, commission = 0 }`; empty slots at the end are left out."
	descManagerID       = "Account manager id; `0` leaves the slot empty."
	descCommission      = "Commission in percent, 0 to 100. Sellercloud keeps two decimals; a value that rounds to the stored one is not a change."
)

var accountManagerAttrTypes = map[string]attr.Type{"id": types.Int64Type, "commission": types.Float64Type}

const customerResourceDescription = `Manages the fields of an **existing** Sellercloud customer through ` + "`PUT /Customers/{id}`" + `. Sellercloud only, for now.

**Adopting, not creating.** Creating this resource adopts the customer ` + "`customer_id`" + `: it reads the customer (a missing one is an error naming the id), sends a ` + "`PUT`" + ` with only the configured fields whose value differs, and reads the customer back. It never creates a customer.

**Managed and unmanaged fields.** Every field is optional. A field set in the configuration is *managed*: the plan shows a difference whenever Sellercloud's value differs from it (including changes made outside Terraform), and apply sends it. A field left out is *not managed*: it is never sent, and the state shows Sellercloud's current value, so adopting a customer and setting one field changes only that field. Removing a field from the configuration stops managing it, without a plan difference and without a request. An update sends only the managed fields that changed.

**Clearing.** Set a text field to ` + "`\"\"`" + ` to clear it, ` + "`business_aliases = []`" + ` to remove every alias, ` + "`account_managers = []`" + ` to empty all three slots. A list of account managers shorter than three empties the slots after it.

**Normalisation.** Sellercloud stores emails in lower case, business aliases sorted and without duplicates, commissions with two decimals, and text without surrounding spaces. A configured value that Sellercloud stores in such an equivalent form is not a change: the state keeps your spelling and the next plan is empty.

**Refresh, drift and removal.** A refresh is one ` + "`GET /Customers/{id}`" + ` per customer. A customer that no longer exists (HTTP 404) is removed from the state with a warning, and the next plan proposes to adopt it again.

**Requests.** A plan without changes sends no ` + "`PUT`" + `. An update is one ` + "`PUT`" + ` and one ` + "`GET`" + ` (none at all when only the spelling of an equivalent value changed). Creating is one ` + "`GET`" + `, plus one ` + "`PUT`" + ` and one ` + "`GET`" + ` when something needs to change. An error from Sellercloud (for example HTTP 400 for a wholesale customer without a business name) fails the apply with the server's message, and the state keeps the values from before the apply.

**Destroy** cannot delete a Sellercloud customer (the API has no such operation): it removes the resource from the state, leaves the customer and its field values as they are, and says so in a warning.

**Import** by customer id, with ` + "`terraform import`" + ` or an ` + "`import {}`" + ` block. ` + "`terraform plan -generate-config-out=...`" + ` writes every field with its current value, so the generated configuration manages all of them and plans clean; delete the lines of the fields you do not want to manage.`

func (r *customerResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_customer"
}

func (r *customerResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	// Every field is Optional+Computed: null in configuration means "not
	// managed", and UseStateForUnknown keeps unmanaged fields at their known
	// value instead of "(known after apply)" whenever another field changes.
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "The customer id, same as `customer_id`.",
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"customer_id": schema.StringAttribute{
			MarkdownDescription: "Id of the existing Sellercloud customer to manage (a positive whole number). Changing it forgets the old customer and adopts the new one.",
			Required:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			Validators:          []validator.String{customerIDValidator{}},
		},
		"business_aliases": schema.SetAttribute{
			MarkdownDescription: descBusinessAliases,
			ElementType:         types.StringType,
			Optional:            true,
			Computed:            true,
			PlanModifiers:       []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			Validators:          []validator.Set{setvalidator.ValueStringsAre(stringvalidator.RegexMatches(notBlank, "must not be empty or only spaces"))},
		},
		"is_wholesale": schema.BoolAttribute{
			MarkdownDescription: descIsWholesale,
			Optional:            true,
			Computed:            true,
			PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		},
		"company_id": schema.Int64Attribute{
			MarkdownDescription: descCompanyID,
			Optional:            true,
			Computed:            true,
			PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			Validators:          []validator.Int64{int64validator.Between(0, math.MaxInt32)},
		},
		"account_managers": schema.ListNestedAttribute{
			MarkdownDescription: descAccountManagers,
			Optional:            true,
			Computed:            true,
			PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			Validators:          []validator.List{listvalidator.SizeAtMost(3)},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id": schema.Int64Attribute{
					MarkdownDescription: descManagerID,
					Required:            true,
					Validators:          []validator.Int64{int64validator.Between(0, math.MaxInt32)},
				},
				"commission": schema.Float64Attribute{
					MarkdownDescription: descCommission,
					Required:            true,
					Validators:          []validator.Float64{float64validator.Between(0, 100)},
				},
			}},
		},
	}
	for _, f := range textFields {
		a := schema.StringAttribute{
			MarkdownDescription: f.desc,
			Optional:            true,
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		}
		switch f.kind {
		case kindEmail:
			a.Validators = []validator.String{emailValidator{}}
		case kindEmailList:
			a.Validators = []validator.String{emailValidator{list: true}}
		case kindRating:
			a.Validators = []validator.String{stringvalidator.OneOf(sellercloud.Ratings...)}
		}
		attrs[f.attr] = a
	}
	resp.Schema = schema.Schema{MarkdownDescription: customerResourceDescription, Attributes: attrs}
}

func (r *customerResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan rejects other platforms at plan time, before anything is sent.
func (r *customerResource) ModifyPlan(_ context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return // destroy (which sends nothing), or the provider is not configured yet
	}
	r.sellercloudClient(&resp.Diagnostics)
}

// sellercloudClient returns the Sellercloud client, or adds an error naming
// the platform this provider block is configured for.
func (r *customerResource) sellercloudClient(diags *diagList) *sellercloud.Client {
	return sellercloudOnly(r.client, "commerce_customer resource", diags)
}

func sellercloudOnly(c *clientData, what string, diags *diagList) *sellercloud.Client {
	if c == nil {
		diags.AddError("Provider not configured", "The provider block was not configured before "+what+" was used. This is a bug in the provider; please report it.")
		return nil
	}
	if c.sellercloud == nil {
		name := "another platform"
		if c.platform != nil {
			name = fmt.Sprintf("%q", c.platform.Name())
		}
		diags.AddError("Platform not supported by "+what,
			fmt.Sprintf("The %s supports only Sellercloud for now, but this provider block is configured for %s. "+
				"Use a provider block with platform = \"sellercloud\" (a provider alias) for it.", what, name))
		return nil
	}
	return c.sellercloud
}

func (r *customerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config customerResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	sc := r.sellercloudClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.CustomerID.ValueString()
	d, err := sc.GetDetails(ctx, id)
	if errors.Is(err, customers.ErrNotFound) {
		resp.Diagnostics.AddAttributeError(path.Root("customer_id"), "Customer not found",
			fmt.Sprintf("Sellercloud has no customer with id %s (%s). commerce_customer adopts existing customers; it cannot create one.", id, err))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading the customer failed", fmt.Sprintf("Customer %s was not adopted: %s", id, err))
		return
	}
	u, sent := updateFor(config.customerFields, plan.customerFields, fieldsFromDetails(d))
	if len(sent) > 0 {
		if err := sc.Update(ctx, id, u); err != nil {
			resp.Diagnostics.AddError("Updating the customer failed", updateFailed(id, sent, err, true))
			return
		}
		if d, err = sc.GetDetails(ctx, id); err != nil {
			resp.Diagnostics.AddError("Reading the customer back failed",
				fmt.Sprintf("Customer %s was updated, but reading it back failed, so it was not adopted; the next plan proposes to adopt it again. %s", id, err))
			return
		}
	}
	state := customerResourceModel{ID: types.StringValue(strconv.Itoa(d.ID)), CustomerID: plan.CustomerID}
	state.customerFields = appliedFields(fieldsFromDetails(d), plan.customerFields, sent, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *customerResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state customerResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	sc := r.sellercloudClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.CustomerID.ValueString()
	d, err := sc.GetDetails(ctx, id)
	if errors.Is(err, customers.ErrNotFound) {
		resp.Diagnostics.AddWarning("Customer no longer exists",
			fmt.Sprintf("Sellercloud has no customer with id %s any more (%s); it was removed from the state. The next plan proposes to adopt it again.", id, err))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading the customer failed", fmt.Sprintf("Customer %s: %s", id, err))
		return
	}
	state.ID = types.StringValue(strconv.Itoa(d.ID))
	// After import the prior fields are null and the server's values are taken as they are.
	state.customerFields = keepEquivalent(fieldsFromDetails(d), state.customerFields)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *customerResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, config, prior customerResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	sc := r.sellercloudClient(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := plan.CustomerID.ValueString()
	u, sent := updateFor(config.customerFields, plan.customerFields, prior.customerFields)
	if len(sent) == 0 {
		// Only equivalent spellings changed, or fields stopped being managed.
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
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
	plan.customerFields = appliedFields(fieldsFromDetails(d), plan.customerFields, sent, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
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
// resource from state when Delete returns without an error.
func (r *customerResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state customerResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.AddWarning("Customer not deleted",
		fmt.Sprintf("Sellercloud has no API to delete a customer: customer %s still exists with its current field values. "+
			"Terraform only stopped managing it and removed it from the state.", state.CustomerID.ValueString()))
}

func (r *customerResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if err := checkCustomerID(req.ID); err != nil {
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("Import a commerce_customer by its Sellercloud customer id, a positive whole number such as 10001: %s.", err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("customer_id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

// fieldsFromDetails maps the server's customer to attribute values, as the
// server spells them.
func fieldsFromDetails(d sellercloud.Details) customerFields {
	var f customerFields
	for _, t := range textFields {
		*t.ptr(&f) = types.StringValue(t.read(&d))
	}
	aliases := make([]attr.Value, 0, len(d.BusinessAliases))
	seen := map[string]bool{}
	for _, a := range d.BusinessAliases {
		if !seen[a] {
			seen[a] = true
			aliases = append(aliases, types.StringValue(a))
		}
	}
	f.BusinessAliases = types.SetValueMust(types.StringType, aliases)
	f.IsWholesale = types.BoolValue(d.IsWholesale)
	f.CompanyID = types.Int64Value(int64(d.CompanyID))
	f.AccountManagers = managersValue(d.AccountManagers)
	return f
}

// managersValue lists the three slots without the empty ones at the end.
func managersValue(slots [3]sellercloud.AccountManager) types.List {
	n := len(slots)
	for n > 0 && slots[n-1] == (sellercloud.AccountManager{}) {
		n--
	}
	elems := make([]attr.Value, n)
	for i := range n {
		elems[i] = types.ObjectValueMust(accountManagerAttrTypes, map[string]attr.Value{
			"id":         types.Int64Value(int64(slots[i].ID)),
			"commission": types.Float64Value(slots[i].Commission),
		})
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: accountManagerAttrTypes}, elems)
}

// managerSlots reads a known account_managers list into the three slots; the
// slots after the list are empty.
func managerSlots(v types.List) ([3]sellercloud.AccountManager, bool) {
	var slots [3]sellercloud.AccountManager
	if v.IsNull() || v.IsUnknown() || len(v.Elements()) > len(slots) {
		return slots, false
	}
	for i, e := range v.Elements() {
		obj, ok := e.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			return slots, false
		}
		id, ok1 := obj.Attributes()["id"].(types.Int64)
		com, ok2 := obj.Attributes()["commission"].(types.Float64)
		if !ok1 || !ok2 || id.IsUnknown() || com.IsUnknown() {
			return slots, false
		}
		slots[i] = sellercloud.AccountManager{ID: int(id.ValueInt64()), Commission: com.ValueFloat64()}
	}
	return slots, true
}

// sameCommission is true when two commissions round to the same two decimals
// (the server's precision), whichever way the server rounds a half.
func sameCommission(a, b float64) bool { return math.Abs(a-b) <= 0.005+1e-9 }

// field gives uniform access to one attribute of customerFields.
type field struct {
	attr  string
	get   func(*customerFields) attr.Value
	set   func(*customerFields, attr.Value)
	equiv func(a, b attr.Value) bool
}

//nolint:forcetypeassert // each closure gets values of the type the schema declares for its attribute
var fields = func() []field {
	var out []field
	for _, t := range textFields {
		eq := func(a, b string) bool { return strings.TrimSpace(a) == strings.TrimSpace(b) }
		switch t.kind {
		case kindEmail, kindEmailList:
			eq = func(a, b string) bool { return slices.Equal(emailParts(a), emailParts(b)) }
		case kindRating:
			eq = func(a, b string) bool { return a == b }
		}
		out = append(out, field{
			attr: t.attr,
			get:  func(f *customerFields) attr.Value { return *t.ptr(f) },
			set:  func(f *customerFields, v attr.Value) { *t.ptr(f) = v.(types.String) },
			equiv: func(a, b attr.Value) bool {
				x, y := a.(types.String), b.(types.String)
				return known(x, y) && eq(x.ValueString(), y.ValueString())
			},
		})
	}
	return append(out,
		field{
			attr:  "business_aliases",
			get:   func(f *customerFields) attr.Value { return f.BusinessAliases },
			set:   func(f *customerFields, v attr.Value) { f.BusinessAliases = v.(types.Set) },
			equiv: func(a, b attr.Value) bool { return slices.Equal(aliasList(a.(types.Set)), aliasList(b.(types.Set))) },
		},
		field{
			attr:  "is_wholesale",
			get:   func(f *customerFields) attr.Value { return f.IsWholesale },
			set:   func(f *customerFields, v attr.Value) { f.IsWholesale = v.(types.Bool) },
			equiv: func(a, b attr.Value) bool { return known(a, b) && a.Equal(b) },
		},
		field{
			attr:  "company_id",
			get:   func(f *customerFields) attr.Value { return f.CompanyID },
			set:   func(f *customerFields, v attr.Value) { f.CompanyID = v.(types.Int64) },
			equiv: func(a, b attr.Value) bool { return known(a, b) && a.Equal(b) },
		},
		field{
			attr: "account_managers",
			get:  func(f *customerFields) attr.Value { return f.AccountManagers },
			set:  func(f *customerFields, v attr.Value) { f.AccountManagers = v.(types.List) },
			equiv: func(a, b attr.Value) bool {
				x, ok1 := managerSlots(a.(types.List))
				y, ok2 := managerSlots(b.(types.List))
				if !ok1 || !ok2 {
					return false
				}
				for i := range x {
					if x[i].ID != y[i].ID || !sameCommission(x[i].Commission, y[i].Commission) {
						return false
					}
				}
				return true
			},
		},
	)
}()

func known(vs ...attr.Value) bool {
	for _, v := range vs {
		if v.IsNull() || v.IsUnknown() {
			return false
		}
	}
	return true
}

// emailParts normalises one or more addresses the way the server compares
// them: split on , and ;, trimmed, lower case.
func emailParts(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, strings.ToLower(p))
		}
	}
	return out
}

// aliasList normalises aliases as the server stores them: trimmed, without
// empty ones and duplicates, sorted. Nil for a null or unknown set.
func aliasList(s types.Set) []string {
	if !known(s) {
		return nil
	}
	out := []string{}
	for _, e := range s.Elements() {
		v, ok := e.(types.String)
		if !ok || !known(v) {
			return nil
		}
		if a := strings.TrimSpace(v.ValueString()); a != "" {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// keepEquivalent returns got, except that an attribute equivalent to the same
// attribute of ref keeps ref's value: the server's normalised spelling never
// replaces the one from configuration, so refresh shows no difference.
func keepEquivalent(got, ref customerFields) customerFields {
	for _, f := range fields {
		if r := f.get(&ref); known(r) && f.equiv(f.get(&got), r) {
			f.set(&got, r)
		}
	}
	return got
}

// appliedFields is the state after an apply. Terraform requires every known
// planned value back, so they stay; unknown ones (on create, the fields left
// out of configuration) take the server's value. A sent field the server
// stored as something not equivalent is an error naming the attribute, and
// the state gets the server's value for it.
func appliedFields(server, plan customerFields, sent map[string]bool, diags *diagList) customerFields {
	out := server
	for _, f := range fields {
		p := f.get(&plan)
		if p.IsUnknown() {
			continue
		}
		if s := f.get(&server); sent[f.attr] && !f.equiv(s, p) {
			diags.AddAttributeError(path.Root(f.attr), "Sellercloud stored a different value",
				fmt.Sprintf("%s was sent as %s, but Sellercloud stored %s. The state holds the stored value; the next plan shows the difference.", f.attr, p, s))
			continue
		}
		f.set(&out, p)
	}
	return out
}

// updateFor builds the PUT body: every configured (managed) attribute whose
// planned value is not equivalent to have. It returns the attributes sent.
func updateFor(config, plan, have customerFields) (sellercloud.Update, map[string]bool) {
	var u sellercloud.Update
	sent := map[string]bool{}
	changed := func(f field) bool {
		return known(f.get(&config)) && !f.equiv(f.get(&plan), f.get(&have))
	}
	byAttr := map[string]field{}
	for _, f := range fields {
		byAttr[f.attr] = f
	}
	for _, t := range textFields {
		if changed(byAttr[t.attr]) {
			t.send(&u, t.ptr(&plan).ValueStringPointer())
			sent[t.attr] = true
		}
	}
	if changed(byAttr["business_aliases"]) {
		aliases := aliasList(plan.BusinessAliases)
		u.BusinessAliases = &aliases
		sent["business_aliases"] = true
	}
	if changed(byAttr["is_wholesale"]) {
		u.IsWholesale = plan.IsWholesale.ValueBoolPointer()
		sent["is_wholesale"] = true
	}
	if changed(byAttr["company_id"]) {
		id := int(plan.CompanyID.ValueInt64())
		u.CompanyID = &id
		sent["company_id"] = true
	}
	if changed(byAttr["account_managers"]) {
		want, _ := managerSlots(plan.AccountManagers)
		cur, ok := managerSlots(have.AccountManagers)
		ids := [3]**int{&u.AccountManager1ID, &u.AccountManager2ID, &u.AccountManager3ID}
		coms := [3]**float64{&u.AccountManager1Commission, &u.AccountManager2Commission, &u.AccountManager3Commission}
		for i := range want {
			// Only the slots that change are sent.
			if !ok || want[i].ID != cur[i].ID {
				*ids[i] = &want[i].ID
			}
			if !ok || !sameCommission(want[i].Commission, cur[i].Commission) {
				*coms[i] = &want[i].Commission
			}
		}
		sent["account_managers"] = true
	}
	return u, sent
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

var notBlank = regexp.MustCompile(`\S`)

// checkCustomerID accepts what the Sellercloud client accepts, written plainly.
func checkCustomerID(id string) error {
	if !positiveInt.MatchString(id) {
		return fmt.Errorf("%q is not a positive whole number", id)
	}
	if _, err := sellercloud.ParseID(id); err != nil {
		return err
	}
	return nil
}

// customerIDValidator rejects anything but a Sellercloud customer id.
type customerIDValidator struct{}

func (customerIDValidator) Description(context.Context) string {
	return "must be a Sellercloud customer id (a positive whole number)"
}
func (v customerIDValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (customerIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := checkCustomerID(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid customer id",
			fmt.Sprintf("%s must be a Sellercloud customer id, a positive whole number: %s.", req.Path, err))
	}
}

// emailValidator accepts "" (which clears the field) or a plain address
// (name@domain.tld); with list, several separated by , or ;.
type emailValidator struct{ list bool }

func (v emailValidator) Description(context.Context) string {
	if v.list {
		return "must be empty or email addresses separated by , or ;"
	}
	return "must be empty or an email address such as name@example.com"
}
func (v emailValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v emailValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	parts := []string{s}
	if v.list {
		parts = strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' })
	}
	if strings.TrimSpace(s) == "" {
		return
	}
	for _, p := range parts {
		if !validEmail(strings.TrimSpace(p)) {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid email address",
				fmt.Sprintf("%s: %q is not an email address such as name@example.com (use \"\" to clear the field).", req.Path, strings.TrimSpace(p)))
			return
		}
	}
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}
