package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// ModifyPlan reads the account while planning an adoption, so the plan shows
// the current value of every field the configuration leaves out and a
// missing account fails the plan, and it turns Adobe's rules into plan-time
// diagnostics. A destroy only warns: it deletes nothing.
func (r *adobeCustomerResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil {
		return // the provider is not configured yet (validation)
	}
	if req.Plan.Raw.IsNull() {
		var id types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("customer_id"), &id)...)
		addDestroyForgetsWarning(&resp.Diagnostics, "commerce_adobe_vip_customer", "Adobe customer account "+id.ValueString(),
			"Adobe VIP Marketplace has no API to delete a customer account")
		return
	}
	acc := r.accounts(&resp.Diagnostics)
	if acc == nil || !adobeCustomerID.checkPlanned(ctx, req.Plan, &resp.Diagnostics) {
		return
	}
	var plan, config adobeCustomerModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var have adobeCustomerModel
	if old := stateCustomerID(ctx, req); !old.IsNull() && !old.Equal(plan.CustomerID) {
		// The first half of a replacement: Terraform plans the adoption of
		// the new account again with no prior state (and drops that plan's
		// warnings), so this half only warns.
		addReplacementForgetsWarning(&resp.Diagnostics, "commerce_adobe_vip_customer", "Adobe customer account "+old.ValueString(),
			"account "+plan.CustomerID.ValueString())
		return
	}
	if req.State.Raw.IsNull() {
		if plan.CustomerID.IsUnknown() {
			return // known at apply; Create reads it then
		}
		id := plan.CustomerID.ValueString()
		acct, err := acc.GetAccount(ctx, id)
		if errors.Is(err, customers.ErrNotFound) {
			resp.Diagnostics.AddAttributeError(path.Root("customer_id"), "Customer account not found",
				fmt.Sprintf("Adobe VIP Marketplace has no customer account with customer_id %q (%s). commerce_adobe_vip_customer adopts existing accounts; it cannot create one.", id, err))
			return
		}
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("customer_id"), "Reading the customer account failed",
				fmt.Sprintf("Customer %s could not be read to plan its adoption: %s", id, err))
			return
		}
		have = modelFromAccount(acct)
		plan = adoptionPlan(config, plan, have)
		// A create plan shows no "from": the warning says what each
		// configured field replaces.
		_, changed, maybe := adobeChange(config, plan, have)
		var changes []fieldChange
		for _, name := range append(changed, maybe...) {
			changes = append(changes, fieldChange{Attr: name, Current: adobeFieldValue(have, name), Configured: adobeFieldValue(plan, name)})
		}
		addAdoptionWarning(&resp.Diagnostics, "Adobe customer account "+id, changes)
		resp.Diagnostics.Append(keepAdoptionRead(ctx, resp.Private, acct)...)
	} else {
		resp.Diagnostics.Append(req.State.Get(ctx, &have)...)
	}
	checkAdobeRules(config, plan, have, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func stateCustomerID(ctx context.Context, req resource.ModifyPlanRequest) types.String {
	var id types.String
	if req.State.Raw.IsNull() {
		return types.StringNull()
	}
	req.State.GetAttribute(ctx, path.Root("customer_id"), &id)
	return id
}

// adoptionPlan fills every attribute the configuration leaves out with the
// account's current value: the plan shows what adopting keeps.
func adoptionPlan(config, plan, have adobeCustomerModel) adobeCustomerModel {
	out := have
	for _, f := range adobeTopFields {
		if !f.get(&config).IsNull() {
			*f.get(&out) = *f.get(&plan)
		}
	}
	if !config.GlobalSalesEnabled.IsNull() {
		out.GlobalSalesEnabled = plan.GlobalSalesEnabled
	}
	switch {
	case config.Address.IsUnknown():
		out.Address = plan.Address
	case !config.Address.IsNull():
		for _, a := range addressAttrs {
			if c := addressField(config.Address, a.attr); !c.IsNull() {
				out.Address = withAddressField(out.Address, a.attr, addressField(plan.Address, a.attr))
			}
		}
	}
	if !config.Contacts.IsNull() {
		out.Contacts = plan.Contacts
	}
	out.CustomerID = plan.CustomerID
	return out
}

// checkAdobeRules reports, before anything is sent, what Adobe would refuse
// (API-NOTES 2.4): changing a pending or blocked account, changing a
// contact's names; and warns that a contact removed from the list stays an
// admin. have is the account as last read.
func checkAdobeRules(config, plan, have adobeCustomerModel, diags *diagList) {
	_, changed, _ := adobeChange(config, plan, have)
	if len(changed) == 0 {
		return
	}
	if why := adobevip.Refusal(have.Status.ValueString()); why != "" {
		diags.AddAttributeError(path.Root("status"), "Adobe does not update this customer account",
			fmt.Sprintf("Customer account %s is %s, and Adobe refuses to update pending and blocked accounts (error 1125). "+
				"This plan would change %s. Plan again once the account is active, or leave these changes out.",
				plan.CustomerID.ValueString(), why, strings.Join(changed, ", ")))
	}
	if config.Contacts.IsNull() || plan.Contacts.IsUnknown() {
		return
	}
	cur, _ := contactsOf(have.Contacts)
	wanted := plan.Contacts.Elements()
	allKnown := true
	matched := make([]bool, len(cur))
	for i, e := range wanted {
		k, ok := knownContact(e)
		if !ok {
			allKnown = false
			continue
		}
		for j, c := range cur {
			switch {
			case strings.EqualFold(c.Email, k.Email):
				matched[j] = true
				for _, n := range []struct{ attr, was, now string }{{"first_name", c.FirstName, k.FirstName}, {"last_name", c.LastName, k.LastName}} {
					if n.was != n.now {
						addError(diags, path.Root("contacts").AtListIndex(i).AtName(n.attr), "A contact's name cannot change",
							fmt.Sprintf("contacts[%d].%s: contact %s is %s %s in Adobe; Adobe does not let a contact's names change through its API, only its email and phone_number. "+
								"Keep %s = %q, or remove the contact and add a new one with another email.", i, n.attr, c.Email, c.FirstName, c.LastName, n.attr, n.was))
					}
				}
			case c.FirstName == k.FirstName && c.LastName == k.LastName:
				matched[j] = true // the same person with a new email or phone
			}
		}
	}
	if !allKnown {
		return // which contacts go is known at apply only
	}
	for j, c := range cur {
		if !matched[j] {
			diags.AddAttributeWarning(path.Root("contacts"), "A removed contact stays an admin",
				fmt.Sprintf("Contact %s %s (%s) leaves the account's contact list, but stays an admin of the customer in Adobe's Admin Console: "+
					"Adobe does not remove admins through this API. Remove them in the Admin Console if they must go.", c.FirstName, c.LastName, c.Email))
		}
	}
}

// adobeFieldValue is the value of a managed attribute named as adobeChange
// names it ("address.city").
func adobeFieldValue(m adobeCustomerModel, name string) attr.Value {
	if sub, ok := strings.CutPrefix(name, "address."); ok {
		return addressField(m.Address, sub)
	}
	for _, f := range adobeTopFields {
		if f.attr == name {
			return *f.get(&m)
		}
	}
	switch name {
	case "global_sales_enabled":
		return m.GlobalSalesEnabled
	case "contacts":
		return m.Contacts
	}
	return types.StringUnknown()
}

// knownContact reads one contact of a planned list, if all of it is known.
func knownContact(e attr.Value) (adobevip.Contact, bool) {
	l, ok := types.ListValue(contactType, []attr.Value{e})
	if ok.HasError() {
		return adobevip.Contact{}, false
	}
	ks, known := contactsOf(l)
	if !known {
		return adobevip.Contact{}, false
	}
	return ks[0], true
}
