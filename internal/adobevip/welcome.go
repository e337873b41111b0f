package adobevip

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// WelcomeEmails is a resend of Adobe's admin welcome email: "Any contacts
// specified in the Update Customer call will receive the admin welcome
// email. If an end-user does not receive it, the partner should retry the
// Update Customer call, ensuring the admin contact's email is included"
// (customer-account/update-customer-account.md, "Sending a welcome email").
type WelcomeEmails struct {
	// Emails are the contacts to mail, by email (compared without case);
	// each must be a contact of the account.
	Emails []string
	// KeepOtherContacts carries the account's other contacts in the update
	// too, so that none leaves the account's contact list; each of them is
	// mailed as well. Without it the update carries the contacts asked for
	// only, and Adobe drops the others from the account's contact list
	// ("Contacts can be removed through the API by omitting them"); they
	// stay admins in the Admin Console.
	KeepOtherContacts bool
	// CorrelationID is the update's X-Correlation-Id; "" takes a new one.
	// Sending again under the id of an update whose outcome was unknown
	// mails nobody twice: Adobe replays its answer.
	CorrelationID string
}

// WelcomeEmailsSent is what a resend did.
type WelcomeEmailsSent struct {
	// Mailed are the contacts the update carried, as Adobe has them: each
	// gets the welcome email.
	Mailed []Contact
	// Dropped are the account's contacts the update left out (none with
	// KeepOtherContacts): no longer on the account's contact list, still
	// admins in the Admin Console.
	Dropped []Contact
	// CorrelationID is the X-Correlation-Id the update went under.
	CorrelationID string
	// Account is the account as Adobe answered the update (zero when it
	// failed).
	Account Account
}

// ErrNotAContact is an email asked for that is not a contact of the account.
var ErrNotAContact = errors.New("not a contact of the account")

// ResendWelcomeEmail sends Adobe's admin welcome email again to contacts of
// account id, with the documented update: one PATCH /v3/customers/{id}
// carrying the account's companyProfile as it is and, as its contacts, the
// contacts asked for with their names, emails and phones as Adobe has them
// (read first: a changed name would be refused, 1119). Nothing is sent
// when an email is not a contact of the account (ErrNotAContact, naming
// it), or when the account is pending or blocked (ErrAccountNotUpdatable:
// Adobe refuses the update, 1125). The PATCH goes once, under one
// X-Correlation-Id kept across retries whose outcome is unknown (Adobe then
// replays its answer and mails nobody again); still unknown after the
// retries, it is an *OutcomeUnknownError naming the id to send it again
// under.
func (c *Client) ResendWelcomeEmail(ctx context.Context, id string, w WelcomeEmails) (WelcomeEmailsSent, error) {
	what := fmt.Sprintf("the welcome email resend to customer account %s", id)
	if err := Description.CheckID(id); err != nil {
		return WelcomeEmailsSent{}, err
	}
	if err := checkEmails(w.Emails); err != nil {
		return WelcomeEmailsSent{}, fmt.Errorf("%s was not sent: %w", what, err)
	}
	current, err := c.GetAccount(ctx, id)
	if err != nil {
		return WelcomeEmailsSent{}, err
	}
	if why := Refusal(current.Status); why != "" {
		return WelcomeEmailsSent{}, fmt.Errorf("%s was not sent: %w: the account is %s", what, ErrAccountNotUpdatable, why)
	}
	mailed, dropped, err := pickContacts(current.CompanyProfile.Contacts, w)
	if err != nil {
		return WelcomeEmailsSent{}, fmt.Errorf("%s was not sent: %w", what, err)
	}
	body := patchBody{CompanyProfile: current.CompanyProfile}
	body.CompanyProfile.Contacts = mailed
	req := httpclient.Request{Method: http.MethodPatch, Path: accountPath(id), Body: body}
	resp, key, err := c.keyedWrite(ctx, req, w.CorrelationID, what, nil, "")
	sent := WelcomeEmailsSent{Mailed: mailed, Dropped: dropped, CorrelationID: key}
	if err != nil {
		return sent, err
	}
	if len(strings.TrimSpace(string(resp))) == 0 { // 204 No Content (OpenAPI): read it back
		sent.Account, err = c.GetAccount(ctx, id)
		return sent, err
	}
	if sent.Account, err = decodeAccount(id)(resp); err != nil {
		return sent, unknownAnswer(what, key, c.http.Invalid(req, "%v (%s)", err, httpclient.Describe(resp)))
	}
	return sent, nil
}

// checkEmails checks the emails asked for: at least one, each an email
// address, none twice.
func checkEmails(emails []string) error {
	if len(emails) == 0 {
		return errors.New("no email to send it to")
	}
	seen := map[string]bool{}
	for _, e := range emails {
		key := strings.ToLower(e)
		switch {
		case !emailShape.MatchString(e):
			return fmt.Errorf("%q is not an email address", e)
		case seen[key]:
			return fmt.Errorf("%q is asked for twice", e)
		}
		seen[key] = true
	}
	return nil
}

// pickContacts splits the account's contacts into those the update
// carries (the ones asked for, or all with KeepOtherContacts) and those it
// drops, in the account's order; every email asked for must be a contact.
func pickContacts(contacts []Contact, w WelcomeEmails) (mailed, dropped []Contact, err error) {
	asked := map[string]bool{}
	for _, e := range w.Emails {
		asked[strings.ToLower(e)] = false
	}
	for _, k := range contacts {
		key := strings.ToLower(k.Email)
		if _, ok := asked[key]; ok {
			asked[key] = true
			mailed = append(mailed, k)
		} else if w.KeepOtherContacts {
			mailed = append(mailed, k)
		} else {
			dropped = append(dropped, k)
		}
	}
	var unknown []string
	for _, e := range w.Emails {
		if !asked[strings.ToLower(e)] {
			unknown = append(unknown, fmt.Sprintf("%q", e))
		}
	}
	if len(unknown) > 0 {
		return nil, nil, fmt.Errorf("%w: %s (the welcome email goes to the account's contacts only)", ErrNotAContact, strings.Join(unknown, ", "))
	}
	return mailed, dropped, nil
}
