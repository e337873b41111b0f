package adobeviptf

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

// WelcomeEmails is what the Adobe VIP Marketplace client offers for
// resending the admin welcome email.
type WelcomeEmails interface {
	ResendWelcomeEmail(ctx context.Context, id string, w adobevip.WelcomeEmails) (adobevip.WelcomeEmailsSent, error)
}

// ResendWelcomeEmail is the commerce_adobe_vip_resend_welcome_email action.
var ResendWelcomeEmail = &tfkit.Action[WelcomeEmails, welcomeEmailConfig]{
	Suffix:   "_adobe_vip_resend_welcome_email",
	Doc:      resendWelcomeEmailDoc,
	Platform: &adobevip.Description,
	Needs:    "Adobe VIP Marketplace customer accounts (platform = \"adobe_vip\")",
	Attributes: map[string]schema.Attribute{
		"customer_id": schema.StringAttribute{
			MarkdownDescription: "Id of the customer account whose contacts to mail (`customerId`): " + tfkit.DescribeCustomerID(&adobevip.Description) + ".",
			Required:            true,
			Validators:          []validator.String{tfkit.SettingValidator(adobevip.Description.CheckID)},
		},
		"emails": schema.ListAttribute{
			MarkdownDescription: "Emails of the account's contacts to mail, at least one, each once (compared without case). Each must be the email of a contact of the account as Adobe has it: an email that is not is an error before anything is sent.",
			ElementType:         types.StringType,
			Required:            true,
			Validators: []validator.List{tfkit.Elements{Each: []validator.String{
				tfkit.Matches(emailShape, "must be an email address such as admin@example.com"),
			}}},
		},
		"keep_other_contacts": schema.BoolAttribute{
			MarkdownDescription: "Carry the account's other contacts in the update too, so that none leaves the account's contact list; Adobe then mails **every** contact of the account. Default `false`: the update carries the contacts of `emails` only, and Adobe drops the account's other contacts from its contact list (they stay admins in the Admin Console); the action then warns, naming them.",
			Optional:            true,
		},
		"correlation_id": schema.StringAttribute{
			MarkdownDescription: "The update's `X-Correlation-Id`. Leave it out: each invocation takes a new one. Set it only to send again an update whose outcome was unknown (the error names the id), with the configuration unchanged: Adobe then answers what it answered the first time, for 10 days, and mails nobody twice; it answers any other update under that id the same way, applying nothing new. " + correlationIDRule + ".",
			Optional:            true,
			Validators:          []validator.String{tfkit.Matches(correlationIDShape, correlationIDRule)},
		},
	},
	Check: checkWelcomeEmails,
	Run:   resendWelcomeEmail,
}

// NewResendWelcomeEmailAction is the commerce_adobe_vip_resend_welcome_email action.
func NewResendWelcomeEmailAction() action.Action { return ResendWelcomeEmail.NewAction() }

// welcomeEmailConfig is the action's configuration.
type welcomeEmailConfig struct {
	CustomerID        types.String `tfsdk:"customer_id"`
	Emails            types.List   `tfsdk:"emails"`
	KeepOtherContacts types.Bool   `tfsdk:"keep_other_contacts"`
	CorrelationID     types.String `tfsdk:"correlation_id"`
}

var (
	// emailShape is any email address; whether it is a contact is Adobe's
	// to say (the account is read first).
	emailShape = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	// correlationIDShape is what a header value the provider sends as an
	// id may be: printable ASCII without spaces (the provider's own rule;
	// Adobe's ids are UUIDs).
	correlationIDShape = regexp.MustCompile(`^[!-~]{1,128}$`)
)

const correlationIDRule = "must be 1 to 128 printable ASCII characters without spaces, such as the UUID an error named"

// emails are the configuration's known emails.
func (c *welcomeEmailConfig) emails() []string {
	var out []string
	for _, e := range c.Emails.Elements() {
		if s, ok := e.(types.String); ok && tfkit.Known(s) {
			out = append(out, s.ValueString())
		}
	}
	return out
}

// checkWelcomeEmails refuses an empty list and an email listed twice
// (Adobe compares them without case).
func checkWelcomeEmails(c *welcomeEmailConfig, diags *diag.Diagnostics) {
	if tfkit.Known(c.Emails) && len(c.Emails.Elements()) == 0 {
		tfkit.AddError(diags, path.Root("emails"), "Invalid emails", "emails is empty; list the email of at least one contact of the account.")
	}
	first := map[string]int{}
	for i, e := range c.Emails.Elements() {
		s, ok := e.(types.String)
		if !ok || !tfkit.Known(s) {
			continue
		}
		key := strings.ToLower(s.ValueString())
		if j, seen := first[key]; seen {
			tfkit.AddError(diags, path.Root("emails").AtListIndex(i), "Email listed twice",
				fmt.Sprintf("emails[%d] is %q, which emails[%d] lists already (emails are compared without case); list each contact once.", i, s.ValueString(), j))
			continue
		}
		first[key] = i
	}
}

// resendWelcomeEmail reads the account, then sends the one update that
// makes Adobe mail the contacts asked for, under one correlation id.
func resendWelcomeEmail(ctx context.Context, c WelcomeEmails, cfg *welcomeEmailConfig, progress func(string, ...any), diags *diag.Diagnostics) {
	id := cfg.CustomerID.ValueString()
	w := adobevip.WelcomeEmails{Emails: cfg.emails(), KeepOtherContacts: cfg.KeepOtherContacts.ValueBool(), CorrelationID: cfg.CorrelationID.ValueString()}
	if w.CorrelationID == "" {
		// Chosen here, so that the progress message names it before anything is sent.
		w.CorrelationID = adobevip.NewCorrelationID()
	}
	progress("Reading Adobe customer account %s, then sending one update with the contacts %s (X-Correlation-Id %s)", id, strings.Join(w.Emails, ", "), w.CorrelationID)
	sent, err := c.ResendWelcomeEmail(ctx, id, w)
	if err != nil {
		welcomeEmailFailed(id, w, sent, err, diags)
		return
	}
	progress("Adobe accepted the update of customer account %s (X-Correlation-Id %s): it sends the admin welcome email to %s", id, sent.CorrelationID, contactEmails(sent.Mailed))
	if len(sent.Dropped) > 0 {
		diags.AddWarning("Contacts left the account's contact list",
			fmt.Sprintf("The update of Adobe customer account %s carried only the contacts mailed, so Adobe dropped the other contacts from the account's contact list: %s. They stay admins in the Admin Console. "+
				"A commerce_adobe_vip_customer resource that manages this account's contacts plans to add them back, which mails them too. Set keep_other_contacts = true to keep every contact (Adobe then mails each).",
				id, contactEmails(sent.Dropped)))
	}
}

// welcomeEmailFailed says what a failed resend did: nothing (the update was
// not sent, or refused), or what is unknown and how to find out.
func welcomeEmailFailed(id string, w adobevip.WelcomeEmails, sent adobevip.WelcomeEmailsSent, err error, diags *diag.Diagnostics) {
	var unknown *adobevip.OutcomeUnknownError
	switch {
	case errors.Is(err, adobevip.ErrNotAContact):
		diags.AddAttributeError(path.Root("emails"), "Not a contact of the account",
			fmt.Sprintf("%s. No update was sent: nobody was mailed.", err))
	case errors.Is(err, customers.ErrNotFound):
		diags.AddAttributeError(path.Root("customer_id"), "Customer account not found",
			fmt.Sprintf("Adobe has no customer account %s; nobody was mailed: %s.", id, err))
	case errors.Is(err, adobevip.ErrAccountNotUpdatable):
		diags.AddAttributeError(path.Root("customer_id"), "Account cannot be updated now",
			fmt.Sprintf("Adobe does not update a pending or blocked account, so no update was sent and nobody was mailed: %s.", err))
	case errors.As(err, &unknown):
		diags.AddError("Welcome email: outcome unknown",
			fmt.Sprintf("The update of Adobe customer account %s reached Adobe and its outcome is unknown: Adobe may have sent the welcome email to %s. "+
				"To find out without mailing anyone twice, set correlation_id = %q in the action's configuration and invoke it again within 10 days: Adobe then answers what it answered the first time. Invoking it without that id sends the email again. %s",
				id, strings.Join(w.Emails, ", "), unknown.CorrelationID, err))
	case sent.CorrelationID == "":
		diags.AddError("Welcome email not sent", fmt.Sprintf("Reading Adobe customer account %s failed, so no update was sent and nobody was mailed: %s.", id, err))
	case httpclient.StatusOf(err) >= 400 && httpclient.StatusOf(err) < 500:
		diags.AddError("Adobe refused the welcome email", fmt.Sprintf("Adobe refused the update of customer account %s (X-Correlation-Id %s); nobody was mailed: %s.", id, sent.CorrelationID, err))
	default:
		diags.AddError("Welcome email failed", fmt.Sprintf("The update of Adobe customer account %s (X-Correlation-Id %s) failed: %s.", id, sent.CorrelationID, err))
	}
}

// contactEmails lists contacts by their email as Adobe has it (server
// text, cleaned for the message).
func contactEmails(ks []adobevip.Contact) string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = httpclient.Sanitize(k.Email)
	}
	return strings.Join(out, ", ")
}

const resendWelcomeEmailDoc = "Sends Adobe's admin welcome email again to contacts of an Adobe VIP Marketplace customer account (provider blocks with `platform = \"adobe_vip\"`), " +
	"for an admin who lost it. An action (Terraform 1.14 and later): run it with `terraform apply -invoke=action.commerce_adobe_vip_resend_welcome_email.<name>`, or from a resource's `action_trigger`. It keeps nothing in the state.\n\n" +
	"**What it sends.** Adobe documents no resend call: a contact carried by an update of the account gets the welcome email (\"Sending a welcome email\", Update Customer Account). " +
	"The action reads the account (`GET /v3/customers/{customer-id}`), then sends **one** `PATCH /v3/customers/{customer-id}` carrying the account's company profile as it is and, as its contacts, " +
	"the contacts of `emails` with their names, emails and phone numbers as Adobe has them (a changed name would be refused). " +
	"An email that is not a contact of the account, a customer id Adobe does not know, and a pending (1002) or blocked (1012) account are errors before the update is sent: nobody is mailed.\n\n" +
	"**Once.** The update goes under one `X-Correlation-Id`, kept across every retry whose outcome is unknown (a timeout, an answer that broke off, a `5xx`): Adobe answers such a retry with its first answer and mails nobody twice. " +
	"If the outcome is still unknown after the retries, the error names the id: set `correlation_id` to it and invoke again to learn the outcome without sending a second email. " +
	"Each invocation without `correlation_id` is a new update: invoking the action twice mails the contacts twice.\n\n" +
	"**The other contacts.** Adobe drops from the account's contact list the contacts an update leaves out (\"Contacts can be removed through the API by omitting them\"); they stay admins in the Admin Console. " +
	"By default the action carries only the contacts of `emails`, so the account's other contacts leave its contact list, and the action warns, naming them; a `commerce_adobe_vip_customer` that manages the account's `contacts` then plans to add them back, which mails them. " +
	"With `keep_other_contacts = true` every contact stays on the list and Adobe mails every one of them.\n\n" +
	"**It cannot be undone.** An email sent cannot be called back, and a contact dropped from the list comes back only with another update (which mails it).\n\n" +
	"**Progress.** The CLI shows what the action does as it runs: the account read and the update sent (with its correlation id), then whom Adobe mails."
