package adobeviptf

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

// checkAdobeRules reports, before anything is sent, what Adobe would refuse
// (API-NOTES 2.4): an account to create that Adobe would refuse
// (checkNewAccount), changing a pending or blocked account, changing a
// contact's names; and warns that a contact removed from the list stays an
// admin. have is the account as last read.
func checkAdobeRules(p tfkit.PlanCheck, diags *diag.Diagnostics) {
	if p.Creating {
		checkNewAccount(p, diags)
		return
	}
	if len(p.Changed) == 0 {
		return
	}
	status, _ := p.Have["status"].(types.String)
	if why := adobevip.Refusal(status.ValueString()); why != "" {
		diags.AddAttributeError(path.Root("status"), "Adobe does not update this customer account",
			fmt.Sprintf("Customer account %s is %s, and Adobe refuses to update pending and blocked accounts (error 1125). "+
				"This plan would change %s. Plan again once the account is active, or leave these changes out.",
				p.ID, why, strings.Join(p.Changed, ", ")))
	}
	planned, _ := p.Plan["contacts"].(types.List)
	if p.Config["contacts"].IsNull() || planned.IsUnknown() {
		return
	}
	had, _ := p.Have["contacts"].(types.List)
	cur, _ := contactsOf(had)
	wanted := planned.Elements()
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
						tfkit.AddError(diags, path.Root("contacts").AtListIndex(i).AtName(n.attr), "A contact's name cannot change",
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
