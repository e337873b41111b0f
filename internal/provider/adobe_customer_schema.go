package provider

import (
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

const adobeCustomerDescription = `Manages an **existing** Adobe VIP Marketplace customer account through ` + "`PATCH /v3/customers/{customer-id}`" + ` (provider blocks with ` + "`platform = \"adobe_vip\"`" + `).

**Adopting, not creating.** Creating this resource adopts the account ` + "`customer_id`" + `. The plan reads it (` + "`GET /v3/customers/{customer-id}`" + `), so it shows the current value of every field the configuration leaves out, and a customer id Adobe does not know is an error at plan time naming ` + "`customer_id`" + `. A create plan cannot show a change from a value, so the plan also carries one warning per adopted account listing each configured field whose value differs (current -> configured). Apply reads the account again (Terraform's final plan) and sends one ` + "`PATCH`" + ` when a configured field differs. It never creates an account.

**Changes between plan and apply.** Terraform plans each resource once more during apply, which reads the account once more. If a field that is not in the configuration changed in Adobe between the plan and its apply, Terraform refuses to apply it ("Provider produced inconsistent final plan") and nothing is sent: plan again.

**Managed and unmanaged fields.** A field set in the configuration is *managed*: the plan shows a difference whenever Adobe's value differs from it (including changes made outside Terraform), and apply sends it. A field left out is *not managed*: the state shows Adobe's current value and Terraform never changes it. This holds inside ` + "`address`" + ` too: ` + "`address = { city = \"Albany\" }`" + ` manages the city only. Removing a field from the configuration stops managing it, without a plan difference and without a request.

**What a PATCH carries.** Adobe's PATCH takes the whole ` + "`companyProfile`" + `: the provider sends the company name, preferred language, market segment and the full address with their current values, changed only where the plan changes them. ` + "`contacts`" + ` is sent **only when the contacts change**, because Adobe sends the admin welcome email to every contact a PATCH carries; a change of the city alone emails nobody.

**Adobe's rules, checked at plan time.** The company name, country and region cannot change (they are read-only here). A contact's first and last name cannot change: a contact is known by its email, and only its email and phone number can change (to change an email, keep the names). A contact list cannot be empty. An account that is pending (status 1002) or blocked (status 1012) cannot be updated (Adobe's error 1125): a plan that would change one is an error. A contact removed from the list **stays an admin** in Adobe's Admin Console: the plan warns. The market segment changes only when the customer has no active subscriptions and the reseller may sell in the new segment; Adobe's refusal (error 2135) comes at apply.

**Refresh, drift and removal.** A refresh is one ` + "`GET`" + ` per account. An account Adobe no longer knows (HTTP 404) is removed from the state with a warning.

**Requests.** A plan without changes sends no ` + "`PATCH`" + `. An update is one ` + "`GET`" + ` and one ` + "`PATCH`" + ` (Adobe answers it with the account as stored). Adopting is one ` + "`GET`" + ` while planning and one more when Terraform plans again at apply, which the adoption then decides on, and one ` + "`PATCH`" + ` when a configured field differs: three requests per adopted account at most, two when nothing changes. That is the floor: the plan must read to show the current values, Terraform's final plan must read again to find changes made since, and the ` + "`PATCH`" + ` answers with the account as stored. A PATCH has one ` + "`X-Correlation-Id`" + ` and always goes to the configured ` + "`customer_id`" + `, never to an id taken from an answer; a record that names another account is an error. A retry whose outcome is unknown (a timeout, an answer that broke off or stalled before the end of its body, a ` + "`5xx`" + `) keeps the id, so Adobe answers with the original response instead of applying the change twice (and mailing every contact again); a retry after a ` + "`429`" + ` takes a new one. Adobe's errors come with their code and the fields named, for example ` + "`HTTP 400 Bad Request: Some Fields are Invalid (code 1117: externalReferenceId)`" + `; the state keeps the values from before.

**Destroy** cannot delete an Adobe customer account (the API has no such operation): it removes the resource from the state and leaves the account as it is. A plan that destroys it says so in one warning per account (a ` + "`terraform destroy`" + ` shows it before asking for approval). To stop managing an account without a destroy in the plan, replace the resource block with a ` + "`removed`" + ` block (Terraform 1.7 or later).

**Import** by customer id, with ` + "`terraform import`" + `, an ` + "`import {}`" + ` block with ` + "`id`" + `, or (Terraform 1.12 and later, OpenTofu 1.12 and later) one with ` + "`identity = { customer_id = \"1006374001\" }`" + `; ` + "`terraform query`" + ` (Terraform 1.14 and later) finds the accounts to import with the ` + "`commerce_adobe_vip_customer`" + ` list resource. ` + "`terraform plan -generate-config-out=...`" + ` writes the fields with their current values and plans clean.`

// noMarkup is the OpenAPI's pattern for text fields: no <, >, [ or ".
var noMarkup = regexp.MustCompile(`^[^<>\["]*$`)

// contactName is the OpenAPI's firstName/lastName: 1 to 35 letters, digits,
// spaces and a little punctuation.
var contactName = regexp.MustCompile(`^[\p{L}\p{N}\-_ ,.&'"]{1,35}$`)

func optionalText(desc string, validators ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: desc, Optional: true, Computed: true, Validators: validators,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

func readOnlyText(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: desc + " Read-only.", Computed: true,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// addressText is an address attribute of at most maxLen characters, and at
// least one when Adobe requires it (OpenAPI Address).
func addressText(desc string, minLen, maxLen int) schema.StringAttribute {
	return optionalText(fmt.Sprintf("%s At most %d characters, without `<`, `>`, `[` or `\"`.", desc, maxLen),
		lengthBetween(minLen, maxLen), matches(noMarkup, "must not contain <, >, [ or \""))
}

func adobeCustomerSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: adobeCustomerDescription + "\n\n" +
			personalDataInState("commerce_adobe_vip_customer", "every attribute listed below for each adopted account: its company name and address and its contacts' names, emails and phone numbers"),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The customer id, same as `customer_id`; known while planning whenever `customer_id` is.", Computed: true,
				PlanModifiers: []planmodifier.String{copyOfAttribute{attr: "customer_id"}},
			},
			"customer_id": schema.StringAttribute{
				MarkdownDescription: "Id of the existing Adobe customer account to manage (`customerId`): " + adobeCustomerID.describe() + ". Changing it forgets the old account and adopts the new one. Checked while planning, once the provider block is known to be Adobe VIP Marketplace's.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"external_reference_id": optionalText("The partner's own reference for the account (`externalReferenceId`), at most 35 characters, without `<`, `>`, `[` or `\"`; `\"\"` clears it.",
				lengthBetween(0, 35), matches(noMarkup, "must not contain <, >, [ or \"")),
			"preferred_language": optionalText("The language of Adobe's emails to the customer (`companyProfile.preferredLanguage`), such as `en-US`.",
				lengthBetween(1, 40)),
			"market_segment": optionalText("The market segment (`companyProfile.marketSegment`): `COM`, `EDU` or `GOV`. Adobe changes it only when the customer has no active subscriptions and the reseller is enabled for the new segment (error 2135 otherwise).",
				oneOf("COM", "EDU", "GOV")),
			"global_sales_enabled": schema.BoolAttribute{
				MarkdownDescription: "Whether the customer may buy from resellers in other countries (`globalSalesEnabled`).", Optional: true, Computed: true,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"address": schema.SingleNestedAttribute{
				MarkdownDescription: "The company's address (`companyProfile.address`) without its country and region, which cannot change (see `country` and `region`). Each attribute set is managed, each left out is not.",
				Optional:            true, Computed: true,
				PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
				Attributes: map[string]schema.Attribute{
					"address_line_1": addressText("First address line (`addressLine1`), required by Adobe.", 1, 60),
					"address_line_2": addressText("Second address line (`addressLine2`); `\"\"` for none.", 0, 60),
					"city":           addressText("City (`city`), required by Adobe.", 1, 40),
					"postal_code":    addressText("Postal code (`postalCode`), required by Adobe.", 1, 40),
					"phone_number":   addressText("The company's phone number (`phoneNumber`).", 0, 40),
				},
			},
			"contacts": schema.ListNestedAttribute{
				MarkdownDescription: "The account's contacts, its admins (`companyProfile.contacts`), at least one. A contact is known by its email: its names cannot change, its email and phone number can (keep the names to change an email). Sent to Adobe only when the list changes, since Adobe emails every contact a PATCH carries; a contact removed from the list stays an admin in the Admin Console (the plan warns).",
				Optional:            true, Computed: true,
				PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
				Validators:    []validator.List{elements{minLen: 1, why: "an account has at least one admin"}},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"first_name": schema.StringAttribute{MarkdownDescription: "First name (`firstName`), 1 to 35 characters; cannot change.", Required: true,
						Validators: []validator.String{matches(contactName, "must be 1 to 35 letters, digits, spaces or - _ , . & ' \"")}},
					"last_name": schema.StringAttribute{MarkdownDescription: "Last name (`lastName`), 1 to 35 characters; cannot change.", Required: true,
						Validators: []validator.String{matches(contactName, "must be 1 to 35 letters, digits, spaces or - _ , . & ' \"")}},
					"email": schema.StringAttribute{MarkdownDescription: "Email address (`email`), at most 240 characters.", Required: true,
						Validators: []validator.String{lengthBetween(1, 240), emailValidator(false)}},
					"phone_number": schema.StringAttribute{MarkdownDescription: "Phone number (`phoneNumber`), at most 40 characters; leave it out for none.", Optional: true,
						Validators: []validator.String{lengthBetween(0, 40)}},
				}},
			},
			"company_name":       readOnlyText("The company name (`companyProfile.companyName`); Adobe does not let it change."),
			"country":            readOnlyText("The address's country (`companyProfile.address.country`); Adobe does not let it change."),
			"region":             readOnlyText("The address's region (`companyProfile.address.region`); Adobe does not let it change."),
			"status":             readOnlyText("The account status code (`status`): `1000` active, `1002` pending, `1004` inactive, `1010` inactive (invalid address), `1012` blocked, `1014` inactive (duplicate)."),
			"creation_date":      readOnlyText("When the account was created (`creationDate`)."),
			"reseller_id":        readOnlyText("The reseller the account belongs to (`resellerId`)."),
			"cotermination_date": readOnlyText("The account's anniversary (co-termination) date (`cotermDate`), `YYYY-MM-DD`, or `\"\"` before its first order."),
		},
	}
}
