package adobevip

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// twoContacts gives account 1006374001 a second contact, Ada, as Adobe
// has her.
func twoContacts(t *testing.T, sb *sandbox.Server) (first, ada sandbox.AdobeContact) {
	t.Helper()
	ada = sandbox.AdobeContact{FirstName: "Ada", LastName: "Byron", Email: "Ada@Example.com", PhoneNumber: "+1 555 0100"}
	require.True(t, sb.ChangeAdobeCustomer("1006374001", func(c *sandbox.AdobeCustomer) { c.Contacts = append(c.Contacts, ada) }))
	c, _ := sb.AdobeCustomer("1006374001")
	return c.Contacts[0], ada
}

// TestResendWelcomeEmail_theDocumentedUpdate: one PATCH of the account
// carrying its companyProfile as it is and, as contacts, the contact asked
// for (by an email in another case) with the name, email and phone Adobe
// has; that contact gets one welcome email; the other leaves the contact
// list and is reported; the same update again (a new intent) mails again.
func TestResendWelcomeEmail_theDocumentedUpdate(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 2})
	first, ada := twoContacts(t, sb)
	c := clientFor(t, sb, nil)
	sb.ResetCounts()
	sent, err := c.ResendWelcomeEmail(context.Background(), "1006374001", WelcomeEmails{Emails: []string{"ada@example.COM"}})
	require.NoError(t, err)
	want := Contact{FirstName: "Ada", LastName: "Byron", Email: "Ada@Example.com", PhoneNumber: "+1 555 0100"}
	assert.Equal(t, []Contact{want}, sent.Mailed)
	assert.Equal(t, []Contact{{FirstName: first.FirstName, LastName: first.LastName, Email: first.Email, PhoneNumber: first.PhoneNumber}}, sent.Dropped)
	assert.Equal(t, "1006374001", sent.Account.CustomerID)
	bodies := patches(t, sb)
	require.Len(t, bodies, 1)
	profile := bodies[0]["companyProfile"].(map[string]any)
	contacts, _ := json.Marshal(profile["contacts"])
	assert.JSONEq(t, `[{"firstName":"Ada","lastName":"Byron","email":"Ada@Example.com","phoneNumber":"+1 555 0100"}]`, string(contacts))
	stored, _ := sb.AdobeCustomer("1006374001")
	assert.Equal(t, stored.CompanyName, profile["companyName"])
	assert.Equal(t, map[string]int{"ada@example.com": 1}, sb.AdobeWelcomeEmails("1006374001"))
	assert.Equal(t, []sandbox.AdobeContact{ada}, stored.Contacts, "the contact left out left the list")
	assert.Equal(t, sent.CorrelationID, requestsTo(sb, patchRoute)[0].Header.Get("X-Correlation-Id"))

	_, err = c.ResendWelcomeEmail(context.Background(), "1006374001", WelcomeEmails{Emails: []string{"ada@example.com"}})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"ada@example.com": 2}, sb.AdobeWelcomeEmails("1006374001"), "each resend is an intent of its own")
}

// TestResendWelcomeEmail_keepOtherContacts: with KeepOtherContacts every
// contact is carried (and mailed), none dropped.
func TestResendWelcomeEmail_keepOtherContacts(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 2})
	first, _ := twoContacts(t, sb)
	sent, err := clientFor(t, sb, nil).ResendWelcomeEmail(context.Background(), "1006374001", WelcomeEmails{Emails: []string{"ada@example.com"}, KeepOtherContacts: true})
	require.NoError(t, err)
	assert.Len(t, sent.Mailed, 2)
	assert.Empty(t, sent.Dropped)
	assert.Equal(t, map[string]int{"ada@example.com": 1, strings.ToLower(first.Email): 1}, sb.AdobeWelcomeEmails("1006374001"))
	stored, _ := sb.AdobeCustomer("1006374001")
	assert.Len(t, stored.Contacts, 2)
}

// TestResendWelcomeEmail_nothingSentWhenItCannotBeRight: an email that is
// not a contact, a pending account, no email, an email twice: an error
// before any PATCH (the account is read first, nothing else).
func TestResendWelcomeEmail_nothingSentWhenItCannotBeRight(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 8})
	twoContacts(t, sb)
	c := clientFor(t, sb, nil)
	ctx := context.Background()
	_, err := c.ResendWelcomeEmail(ctx, "1006374001", WelcomeEmails{Emails: []string{"ada@example.com", "eve@example.com"}})
	assert.ErrorIs(t, err, ErrNotAContact)
	assert.ErrorContains(t, err, `the welcome email resend to customer account 1006374001 was not sent: not a contact of the account: "eve@example.com"`)
	_, err = c.ResendWelcomeEmail(ctx, "1006374007", WelcomeEmails{Emails: []string{"x@example.com"}})
	assert.ErrorIs(t, err, ErrAccountNotUpdatable)
	assert.ErrorContains(t, err, "pending (status 1002")
	_, err = c.ResendWelcomeEmail(ctx, "1006374001", WelcomeEmails{})
	assert.ErrorContains(t, err, "no email to send it to")
	_, err = c.ResendWelcomeEmail(ctx, "1006374001", WelcomeEmails{Emails: []string{"a@example.com", "A@example.com"}})
	assert.ErrorContains(t, err, `"A@example.com" is asked for twice`)
	assert.Zero(t, sb.Count(patchRoute))
	assert.Empty(t, sb.AdobeWelcomeEmails("1006374001"))
}

// TestResendWelcomeEmail_onceUnderBrokenAnswers: the update's answer is
// lost: the retry carries its correlation id, Adobe replays, one email.
// When every answer is lost the outcome is unknown and names the id; sent
// again under it, nobody is mailed twice.
func TestResendWelcomeEmail_onceUnderBrokenAnswers(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 2})
	twoContacts(t, sb)
	isPatch := func(r *http.Request) bool { return r.Method == http.MethodPatch }
	sb.InjectFault(sandbox.Fault{Match: isPatch, Break: true, Times: 1})
	c := clientFor(t, sb, nil)
	w := WelcomeEmails{Emails: []string{"ada@example.com"}, KeepOtherContacts: true}
	_, err := c.ResendWelcomeEmail(context.Background(), "1006374001", w)
	require.NoError(t, err)
	assert.Equal(t, 2, sb.Count(patchRoute))
	assert.Equal(t, 1, sb.AdobeWelcomeEmails("1006374001")["ada@example.com"])

	sb.InjectFault(sandbox.Fault{Match: isPatch, Break: true})
	_, err = c.ResendWelcomeEmail(context.Background(), "1006374001", w)
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.True(t, httpclient.OutcomeUnknown(err))
	assert.Equal(t, 2, sb.AdobeWelcomeEmails("1006374001")["ada@example.com"], "applied once, answer lost")
	sb.ClearFaults()
	w.CorrelationID = unknown.CorrelationID
	sent, err := c.ResendWelcomeEmail(context.Background(), "1006374001", w)
	require.NoError(t, err)
	assert.Equal(t, unknown.CorrelationID, sent.CorrelationID)
	assert.Equal(t, 2, sb.AdobeWelcomeEmails("1006374001")["ada@example.com"], "the same id again mails nobody")
}
