// Package adobeviptf is the Terraform face of Adobe VIP Marketplace: the
// commerce_adobe_vip_customer resource and its list resource for `terraform
// query`. The resource is the managed-resource skeleton (tfkit.Managed) with
// Adobe's calls, its field table (adobe_vip_customer_fields.go) and Adobe's
// plan-time rules (adobe_vip_customer_rules.go).
package adobeviptf

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

// Accounts is what the Adobe VIP Marketplace client offers for managing
// customer accounts.
type Accounts interface {
	GetAccount(ctx context.Context, id string) (adobevip.Account, error)
	UpdateAccount(ctx context.Context, id string, current adobevip.Account, ch adobevip.Change) (adobevip.Account, []string, error)
	CreateAccount(ctx context.Context, a adobevip.NewAccount, correlationID string) (adobevip.Account, string, error)
	WaitWhilePending(ctx context.Context, id string, w adobevip.PendingWait) (adobevip.Account, error)
}

// Customer is the commerce_adobe_vip_customer resource: the
// managed-resource skeleton (tfkit.Managed) with Adobe's calls, its field
// table (adobe_vip_customer_fields.go) and Adobe's rules
// (adobe_vip_customer_rules.go).
var Customer = &tfkit.Managed[Accounts, adobevip.Account, adobevip.Change]{
	Suffix:       "_adobe_vip_customer",
	Doc:          adobeCustomerDescription,
	PersonalData: "every attribute listed below for each account created or adopted: its company name and address and its contacts' names, emails and phone numbers",
	Platform:     &adobevip.Description,
	IDs:          []tfkit.IDPart{customerIDPart()},
	Words:        tfkit.Words{Record: "customer account", Short: "Adobe", Rejects: "refused"},
	Fields:       adobeFieldTable,
	CheckPlan:    checkAdobeRules,
	// Left out, customer_id is Adobe's: applying creates the account
	// (adobe_vip_customer_create.go), waiting while Adobe validates it.
	Create:        createAccount,
	Recover:       recoverAccount,
	CreateTimeout: defaultCreateTimeout,
	Endpoints:     []tfkit.Endpoint[Accounts, adobevip.Account, adobevip.Change]{{Name: "PATCH /v3/customers/{customer-id}", Send: patch}},
	// The PATCH carries the whole companyProfile: an update is built on the
	// account as it is now, not as it was at plan time.
	ReadBeforeSend: true,
	Read: func(ctx context.Context, acc Accounts, id string) (adobevip.Account, error) {
		return acc.GetAccount(ctx, id)
	},
	RecordID:    func(a *adobevip.Account) string { return a.CustomerID },
	DisplayName: displayName,
}

// customerIDPart is customer_id: set, the account to adopt; left out, the
// account applying creates.
func customerIDPart() tfkit.IDPart {
	p := tfkit.CustomerID(&adobevip.Description, "Id of the Adobe customer account (`customerId`): "+tfkit.DescribeCustomerID(&adobevip.Description)+
		". Set, the resource adopts that existing account; left out, applying creates a new account (`POST /v3/customers`) and Adobe assigns the id, known after apply. "+
		"Changing a configured id forgets the old account and adopts the new one. Checked while planning, once the provider block is known to be Adobe VIP Marketplace's.")
	p.Optional = true
	return p
}

// patch is PATCH /v3/customers/{customer-id}; Adobe answers it with the
// account as stored. It is never sent to an account that is pending or
// blocked as just read (current: the read before the send, or the wait's
// last read after a create): the plan checked the status it knew, and the
// account may have changed since.
func patch(ctx context.Context, acc Accounts, id string, current adobevip.Account, ch *adobevip.Change) (adobevip.Account, bool, error) {
	if why := adobevip.Refusal(current.Status); why != "" {
		return current, false, fmt.Errorf("customer account %s is %s, and Adobe refuses to update pending and blocked accounts (error 1125): the PATCH was not sent; apply again once the account is active", id, why)
	}
	a, _, err := acc.UpdateAccount(ctx, id, current, *ch)
	return a, true, err
}

// displayName is the company and the first contact's email: Acme Labs
// <ada@acme.example>.
func displayName(a *adobevip.Account) string {
	email := ""
	if ks := a.CompanyProfile.Contacts; len(ks) > 0 {
		email = ks[0].Email
	}
	return tfkit.DisplayName(a.CompanyProfile.CompanyName, email, a.CustomerID)
}

// NewCustomerResource is the commerce_adobe_vip_customer resource.
func NewCustomerResource() resource.Resource { return Customer.NewResource() }

const adobeCustomerDescription = `Creates or adopts an Adobe VIP Marketplace customer account and manages it through ` + "`PATCH /v3/customers/{customer-id}`" + ` (provider blocks with ` + "`platform = \"adobe_vip\"`" + `).

**Create or adopt.** With ` + "`customer_id`" + ` set, creating the resource adopts that existing account. With ` + "`customer_id`" + ` left out, applying creates a new account: one ` + "`POST /v3/customers`" + ` carrying ` + "`company_name`" + `, ` + "`country`" + `, ` + "`region`" + `, ` + "`address`" + `, ` + "`contacts`" + `, ` + "`preferred_language`" + `, ` + "`market_segment`" + ` (left out, Adobe makes it ` + "`COM`" + `) and ` + "`external_reference_id`" + `, under the provider block's ` + "`reseller_id`" + `; Adobe assigns the id (known after apply). A create needs ` + "`company_name`" + `, ` + "`country`" + `, ` + "`region`" + `, ` + "`preferred_language`" + `, ` + "`address`" + ` (` + "`address_line_1`" + `, ` + "`city`" + `, ` + "`postal_code`" + `) and at least one contact; what Adobe would refuse (a value missing, too long, or of characters Adobe refuses) is an error at plan time naming the attribute, and nothing is sent. Each contact becomes an admin of the account and gets Adobe's welcome email. ` + "`company_name`" + `, ` + "`country`" + ` and ` + "`region`" + ` are set by the create only: Adobe does not let them change, so a later change of them is an error at plan time (never a replacement, which would create a second account); adopting an account whose values differ is an error too.

**The pending window.** Adobe answers a create with status ` + "`1002`" + ` (pending) while it validates the account, and refuses to update a pending account (error 1125). Applying waits: it reads the account (` + "`GET`" + `) at once, then after pauses of 2 s doubling up to 30 s, until the status is no longer ` + "`1002`" + `, for at most the create timeout (` + "`timeouts { create = \"30m\" }`" + `, default ` + "`" + "10m" + "`" + `; Adobe documents no duration). Only then does it send what the ` + "`POST`" + ` does not carry (` + "`global_sales_enabled`" + `) in one ` + "`PATCH`" + `. Still pending at the deadline: the account exists, so it is recorded in the state with a warning naming what was not sent, and no ` + "`PATCH`" + ` goes to it. The next refresh reads its status: while it is still pending, a plan that would change it is an error (Adobe's 1125) and a plan without changes is fine; once it is active, the next apply sends what is left. An update reads the account just before its ` + "`PATCH`" + ` and never sends it to an account that is pending or blocked then: the apply fails with an error saying so, and nothing changes. An account Adobe validates as inactive (` + "`1004`" + `, ` + "`1010`" + ` invalid address, ` + "`1012`" + ` blocked, ` + "`1014`" + ` duplicate) is recorded with a warning saying so.

**A create is never doubled.** Every attempt of the ` + "`POST`" + ` carries one ` + "`X-Correlation-Id`" + `: a retry after an answer that was lost (a timeout, an answer that broke off, a ` + "`5xx`" + `) keeps it, so Adobe answers with its first answer instead of creating a second account. When the outcome is still unknown after the retries, the provider asks once more under the same id (never a new one): an answer records the account with a warning, and the next apply finishes it; no answer is an error naming the correlation id, and nothing is recorded. A later apply is a new request under a new id: if the first one created the account, Adobe refuses it with error 1127, which says how to adopt the account.

**Adobe's refusals of a create** are errors and nothing is recorded: 1127 (an account with the same company name and first contact's email exists under this reseller: set ` + "`customer_id`" + ` to its id to adopt it, or import it; ` + "`terraform query`" + ` with the ` + "`commerce_adobe_vip_customer`" + ` list resource finds it), 1115 (` + "`reseller_id`" + ` is not a reseller Adobe knows), 1126 (the reseller is inactive), 2126 (` + "`external_reference_id`" + ` longer than 35 characters).

**Adopting.** The plan reads the account (` + "`GET /v3/customers/{customer-id}`" + `), so it shows the current value of every field the configuration leaves out, and a customer id Adobe does not know is an error at plan time naming ` + "`customer_id`" + `. A create plan cannot show a change from a value, so the plan also carries one warning per adopted account listing each configured field whose value differs (current -> configured). Apply reads the account again (Terraform's final plan) and sends one ` + "`PATCH`" + ` when a configured field differs.

**Changes between plan and apply.** Terraform plans each resource once more during apply, which reads the account once more. If a field that is not in the configuration changed in Adobe between the plan and its apply, Terraform refuses to apply it ("Provider produced inconsistent final plan") and nothing is sent: plan again.

**Managed and unmanaged fields.** A field set in the configuration is *managed*: the plan shows a difference whenever Adobe's value differs from it (including changes made outside Terraform), and apply sends it. A field left out is *not managed*: the state shows Adobe's current value and Terraform never changes it. This holds inside ` + "`address`" + ` too: ` + "`address = { city = \"Albany\" }`" + ` manages the city only. Removing a field from the configuration stops managing it, without a plan difference and without a request.

**What a PATCH carries.** Adobe's PATCH takes the whole ` + "`companyProfile`" + `: the provider sends the company name, preferred language, market segment and the full address with their current values, changed only where the plan changes them. ` + "`contacts`" + ` is sent **only when the contacts change**, because Adobe sends the admin welcome email to every contact a PATCH carries; a change of the city alone emails nobody.

**Adobe's rules, checked at plan time.** The company name, country and region cannot change once the account exists. A contact's first and last name cannot change: a contact is known by its email, and only its email and phone number can change (to change an email, keep the names). A contact list cannot be empty. An account that is pending (status 1002) or blocked (status 1012) cannot be updated (Adobe's error 1125): a plan that would change one is an error. A contact removed from the list **stays an admin** in Adobe's Admin Console: the plan warns. The market segment changes only when the customer has no active subscriptions and the reseller may sell in the new segment; Adobe's refusal (error 2135) comes at apply.

**Refresh, drift and removal.** A refresh is one ` + "`GET`" + ` per account. An account Adobe no longer knows (HTTP 404) is removed from the state with a warning.

**Requests.** A create is one ` + "`POST`" + `, the reads of the wait (one when Adobe has validated the account by the first) and one ` + "`PATCH`" + ` only when ` + "`global_sales_enabled`" + ` is configured. A plan without changes sends no ` + "`PATCH`" + `. An update is one ` + "`GET`" + ` and one ` + "`PATCH`" + ` (Adobe answers it with the account as stored). Adopting is one ` + "`GET`" + ` while planning and one more when Terraform plans again at apply, which the adoption then decides on, and one ` + "`PATCH`" + ` when a configured field differs: three requests per adopted account at most, two when nothing changes. That is the floor: the plan must read to show the current values, Terraform's final plan must read again to find changes made since, and the ` + "`PATCH`" + ` answers with the account as stored. A PATCH has one ` + "`X-Correlation-Id`" + ` and always goes to the configured ` + "`customer_id`" + `, never to an id taken from an answer; a record that names another account is an error. A retry whose outcome is unknown (a timeout, an answer that broke off or stalled before the end of its body, a ` + "`5xx`" + `) keeps the id, so Adobe answers with the original response instead of applying the change twice (and mailing every contact again); a retry after a ` + "`429`" + ` takes a new one. Adobe's errors come with their code and the fields named, for example ` + "`HTTP 400 Bad Request: Some Fields are Invalid (code 1117: externalReferenceId)`" + `; the state keeps the values from before.

**Destroy** cannot delete an Adobe customer account, whether it was created or adopted (the API has no such operation): it removes the resource from the state and leaves the account as it is. A plan that destroys it says so in one warning per account (a ` + "`terraform destroy`" + ` shows it before asking for approval). To stop managing an account without a destroy in the plan, replace the resource block with a ` + "`removed`" + ` block (Terraform 1.7 or later).

**Import** by customer id, with ` + "`terraform import`" + `, an ` + "`import {}`" + ` block with ` + "`id`" + `, or (Terraform 1.12 and later, OpenTofu 1.12 and later) one with ` + "`identity = { customer_id = \"1006374001\" }`" + `; ` + "`terraform query`" + ` (Terraform 1.14 and later) finds the accounts to import with the ` + "`commerce_adobe_vip_customer`" + ` list resource. ` + "`terraform plan -generate-config-out=...`" + ` writes the fields with their current values and plans clean.`
