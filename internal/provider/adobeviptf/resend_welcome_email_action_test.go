package adobeviptf_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

const welcomeAction = "action.commerce_adobe_vip_resend_welcome_email.admins"

// welcomeID is the account the welcome email tests mail.
const welcomeID = "1006374001"

// welcomeAccount makes the account active with two contacts, the first's
// email in mixed case, and returns them.
func welcomeAccount(t *testing.T, sb *sandbox.Server) (first, second sandbox.AdobeContact) {
	t.Helper()
	id := welcomeID
	require.True(t, sb.ChangeAdobeCustomer(id, func(c *sandbox.AdobeCustomer) {
		c.Status = "1000"
		c.Contacts = []sandbox.AdobeContact{
			{FirstName: "Grace", LastName: "Hopper", Email: "Grace.Hopper@example.com", PhoneNumber: "+1 555 0101"},
			{FirstName: "Alan", LastName: "Turing", Email: "alan@example.com"},
		}
	}))
	c := mustAdobe(t, sb, id)
	return c.Contacts[0], c.Contacts[1]
}

// welcomeConfig is the action on the sandbox's Adobe block with the given
// configuration lines.
func welcomeConfig(url string, lines ...string) string {
	return acctest.CLIHeader + adobeProvider(url) + fmt.Sprintf(`
action "commerce_adobe_vip_resend_welcome_email" "admins" {
  config {
    %s
  }
}
`, strings.Join(lines, "\n    "))
}

// welcomePatches are the PATCH bodies the sandbox received
// since the last reset, decoded, with their X-Correlation-Id.
func welcomePatches(t *testing.T, sb *sandbox.Server) (bodies []map[string]any, correlationIDs []string) {
	t.Helper()
	for _, r := range sb.Requests() {
		if r.Pattern != sandbox.AdobePatchRoute {
			continue
		}
		var b map[string]any
		require.NoError(t, json.Unmarshal(r.Body, &b), "%s", r.Body)
		bodies = append(bodies, b)
		correlationIDs = append(correlationIDs, r.Header.Get("X-Correlation-Id"))
	}
	return bodies, correlationIDs
}

// patchedContacts are the contacts a PATCH body carried.
func patchedContacts(b map[string]any) []map[string]any {
	profile, _ := b["companyProfile"].(map[string]any)
	list, _ := profile["contacts"].([]any)
	out := make([]map[string]any, len(list))
	for i, k := range list {
		out[i], _ = k.(map[string]any)
	}
	return out
}

// TestAccAdobeWelcomeEmail_invoke invokes the action with `terraform apply
// -invoke`: one GET and one PATCH carrying the contact asked for (email in
// another case) with Adobe's names and phone, one welcome email; the other
// contact leaves the list and the action warns, naming it; progress lines
// name the correlation id. With keep_other_contacts both are carried and
// mailed, no warning. A second invocation is a new update with a new id.
func TestAccAdobeWelcomeEmail_invoke(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIActions)
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	grace, alan := welcomeAccount(t, sb)
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", welcomeConfig(url, `customer_id = "1006374001"`, `emails = ["grace.hopper@EXAMPLE.com"]`))
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	sb.ResetCounts()

	out, err := tf.Invoke(ctx, welcomeAction)
	require.NoError(t, err, out)
	assert.Equal(t, 1, sb.Count(kit.GetRoute), "GETs")
	assert.Equal(t, 1, sb.Count(sandbox.AdobePatchRoute), "PATCHes")
	bodies, ids := welcomePatches(t, sb)
	require.Len(t, bodies, 1)
	assert.Equal(t, []map[string]any{{"firstName": "Grace", "lastName": "Hopper", "email": "Grace.Hopper@example.com", "phoneNumber": "+1 555 0101"}},
		patchedContacts(bodies[0]), "the contact asked for, as Adobe has it")
	assert.Equal(t, map[string]int{"grace.hopper@example.com": 1}, sb.AdobeWelcomeEmails("1006374001"))
	acctest.MatchOutput(t, out,
		`: Reading Adobe customer account 1006374001, then sending one update with the contacts grace.hopper@EXAMPLE.com \(X-Correlation-Id `+regexp.QuoteMeta(ids[0])+`\)`,
		`: Adobe accepted the update of customer account 1006374001 \(X-Correlation-Id `+regexp.QuoteMeta(ids[0])+`\): it sends the admin welcome email to `+regexp.QuoteMeta(grace.Email),
		`Warning: Warning when invoking action Contacts left the account's contact list: The update`,
		`dropped the other contacts from the account's contact list: `+regexp.QuoteMeta(alan.Email)+`\. They stay admins`)
	assert.Equal(t, []sandbox.AdobeContact{grace}, mustAdobe(t, sb, "1006374001").Contacts, "Adobe dropped the contact the update left out")

	// keep_other_contacts: both carried, both mailed, nothing dropped.
	welcomeAccount(t, sb)
	tf.Write("main.tf", welcomeConfig(url, `customer_id = "1006374001"`, `emails = ["alan@example.com"]`, `keep_other_contacts = true`))
	sb.ResetCounts()
	out, err = tf.Invoke(ctx, welcomeAction)
	require.NoError(t, err, out)
	bodies, again := welcomePatches(t, sb)
	require.Len(t, bodies, 1)
	assert.Len(t, patchedContacts(bodies[0]), 2)
	assert.NotEqual(t, ids[0], again[0], "a new invocation is a new update, under a new correlation id")
	assert.Equal(t, map[string]int{"grace.hopper@example.com": 2, "alan@example.com": 1}, sb.AdobeWelcomeEmails("1006374001"))
	assert.NotContains(t, out, "Contacts left")
	assert.Len(t, mustAdobe(t, sb, "1006374001").Contacts, 2)
}

// TestAccAdobeWelcomeEmail_brokenAnswersMailOnce: the PATCH is applied and
// then answered 502, or its answer breaks off: the retry carries the same
// X-Correlation-Id, Adobe replays its first answer, and the contact gets one
// email. When every attempt's answer is lost, the error names the id; the
// action invoked again with correlation_id = that id learns the outcome
// without a second email.
func TestAccAdobeWelcomeEmail_brokenAnswersMailOnce(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIActions)
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	welcomeAccount(t, sb)
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", welcomeConfig(url, `customer_id = "1006374001"`, `emails = ["alan@example.com"]`, `keep_other_contacts = true`))
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	isPatch := func(r *http.Request) bool { return r.Method == http.MethodPatch }

	for i, fault := range []sandbox.Fault{
		{Match: isPatch, Applied: true, Status: http.StatusBadGateway, Times: 1},
		{Match: isPatch, Break: true, Times: 1},
	} {
		sb.ResetCounts()
		sb.InjectFault(fault)
		out, err := tf.Invoke(ctx, welcomeAction)
		require.NoError(t, err, out)
		_, ids := welcomePatches(t, sb)
		require.Len(t, ids, 2, "fault %d: the PATCH and its retry", i)
		assert.Equal(t, ids[0], ids[1], "fault %d: the retry keeps the X-Correlation-Id", i)
		assert.Equal(t, map[string]int{"grace.hopper@example.com": i + 1, "alan@example.com": i + 1}, sb.AdobeWelcomeEmails("1006374001"),
			"fault %d: one email per contact per invocation", i)
	}

	// Every answer lost (1 + max_retries attempts): the outcome is unknown.
	withRetries := func(lines ...string) string {
		return strings.Replace(welcomeConfig(url, lines...), adobeProvider(url), adobeProvider(url, "max_retries = 2"), 1)
	}
	tf.Write("main.tf", withRetries(`customer_id = "1006374001"`, `emails = ["alan@example.com"]`, `keep_other_contacts = true`))
	sb.ResetCounts()
	sb.InjectFault(sandbox.Fault{Match: isPatch, Applied: true, Status: http.StatusBadGateway, Times: 3})
	out, err := tf.Invoke(ctx, welcomeAction)
	require.Error(t, err)
	_, ids := welcomePatches(t, sb)
	require.Len(t, ids, 3, "the PATCH and its two retries")
	for _, id := range ids {
		assert.Equal(t, ids[0], id, "every attempt under one X-Correlation-Id")
	}
	acctest.MatchOutput(t, out, `Welcome email: outcome unknown`, `correlation_id = "`+regexp.QuoteMeta(ids[0])+`"`)
	assert.Equal(t, map[string]int{"grace.hopper@example.com": 3, "alan@example.com": 3}, sb.AdobeWelcomeEmails("1006374001"), "applied once")

	// Invoked again under that id: Adobe replays its answer, nobody is mailed again.
	tf.Write("main.tf", withRetries(`customer_id = "1006374001"`, `emails = ["alan@example.com"]`, `keep_other_contacts = true`,
		fmt.Sprintf("correlation_id = %q", ids[0])))
	sb.ResetCounts()
	out, err = tf.Invoke(ctx, welcomeAction)
	require.NoError(t, err, out)
	_, replayed := welcomePatches(t, sb)
	assert.Equal(t, []string{ids[0]}, replayed)
	acctest.MatchOutput(t, out, `Adobe accepted the update of customer account 1006374001 \(X-Correlation-Id `+regexp.QuoteMeta(ids[0]))
	assert.Equal(t, map[string]int{"grace.hopper@example.com": 3, "alan@example.com": 3}, sb.AdobeWelcomeEmails("1006374001"), "the replay mails nobody")
}

// TestAccAdobeWelcomeEmail_refusedBeforeSending: what is wrong with the
// configuration fails while planning (no request at all), what only Adobe
// knows fails after the GET and before any PATCH: an email that is not a
// contact, an unknown account, a pending account, another platform's block.
func TestAccAdobeWelcomeEmail_refusedBeforeSending(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIActions)
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 8})
	welcomeAccount(t, sb)
	require.True(t, sb.ChangeAdobeCustomer("1006374002", func(c *sandbox.AdobeCustomer) { c.Status = "1002" }))
	pending := mustAdobe(t, sb, "1006374002").Contacts[0].Email
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", welcomeConfig(url, `customer_id = "1006374001"`, `emails = ["alan@example.com"]`))
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())

	for _, tc := range []struct {
		config     string
		want, gets string
	}{
		{welcomeConfig(url, `customer_id = "1006374001"`, `emails = []`), `emails is empty`, ""},
		{welcomeConfig(url, `customer_id = "1006374001"`, `emails = ["alan"]`), `emails\[0\] is "alan"; it must be an email address`, ""},
		{welcomeConfig(url, `customer_id = "1006374001"`, `emails = ["alan@example.com", "ALAN@example.com"]`), `emails\[1\] is "ALAN@example.com", which emails\[0\] lists already`, ""},
		{welcomeConfig(url, `customer_id = "x"`, `emails = ["alan@example.com"]`), `customer_id: .*4 to 40 letters, digits and hyphens`, ""},
		{welcomeConfig(url, `customer_id = "1006374001"`, `emails = ["alan@example.com"]`, `correlation_id = "has space"`), `correlation_id is "has space"; it must be 1 to 128 printable ASCII`, ""},
		{acctest.CLIHeader + acctest.SandboxProvider("sellercloud", url) + `
action "commerce_adobe_vip_resend_welcome_email" "admins" {
  config {
    customer_id = "1006374001"
    emails      = ["alan@example.com"]
  }
}
`, `works with Adobe VIP Marketplace customer accounts \(platform = "adobe_vip"\), but this provider block is configured for "sellercloud"`, ""},
		{welcomeConfig(url, `customer_id = "1006374001"`, `emails = ["nobody@example.com", "alan@example.com"]`), `Not a contact of the account: .*"nobody@example.com".* nobody was mailed`, "1"},
		{welcomeConfig(url, `customer_id = "1006374999"`, `emails = ["alan@example.com"]`), `Customer account not found: Adobe has no customer account 1006374999; nobody was mailed`, "1"},
		{welcomeConfig(url, `customer_id = "1006374002"`, fmt.Sprintf("emails = [%q]", pending)), `Account cannot be updated now: .*pending`, "1"},
	} {
		tf.Write("main.tf", tc.config)
		sb.ResetCounts()
		out, err := tf.Invoke(ctx, welcomeAction)
		require.Error(t, err, out)
		acctest.MatchOutput(t, out, tc.want)
		assert.Zero(t, sb.Count(sandbox.AdobePatchRoute), "%s: no PATCH", tc.want)
		if tc.gets == "" {
			assert.Zero(t, sb.TotalRequests(), "%s: refused while planning, nothing sent", tc.want)
		} else {
			assert.Equal(t, 1, sb.TotalRequests(), "%s: the GET only", tc.want)
		}
	}
	assert.Empty(t, sb.AdobeWelcomeEmails("1006374001"))
	assert.Empty(t, sb.AdobeWelcomeEmails("1006374002"))
}

// TestAccAdobeWelcomeEmail_actionTrigger runs the action from a resource's
// action_trigger: after the resource is created, once; an apply that
// changes nothing does not run it; an update runs it again.
func TestAccAdobeWelcomeEmail_actionTrigger(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIActions)
	t.Parallel()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	welcomeAccount(t, sb)
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	config := func(input string) string {
		return welcomeConfig(url, `customer_id = "1006374001"`, `emails = ["alan@example.com"]`, `keep_other_contacts = true`) + fmt.Sprintf(`
resource "terraform_data" "onboarding" {
  input = %q
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [%s]
    }
  }
}
`, input, welcomeAction)
	}
	tf.Write("main.tf", config("first"))
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	for i, step := range []struct {
		input string
		mails int
	}{{"first", 1}, {"first", 1}, {"second", 2}} {
		tf.Write("main.tf", config(step.input))
		tf.ResetOutput()
		require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
		assert.Equal(t, step.mails, sb.AdobeWelcomeEmails("1006374001")["alan@example.com"], "apply %d (input %q)", i+1, step.input)
		if i != 1 {
			acctest.MatchOutput(t, tf.Output(), `Action started: `+regexp.QuoteMeta(welcomeAction)+` \(triggered by terraform_data.onboarding\)`,
				`Adobe accepted the update of customer account 1006374001`)
		}
	}
}

// TestAccAdobeWelcomeEmail_docsExamples runs the action's documented
// examples (examples/actions/, which make examples-check cannot validate
// under Terraform 1.11) on the sandbox: the invoked one mails its one
// contact; the triggered one mails both of its contacts when its resource
// is created, and again when welcome_email_round changes.
func TestAccAdobeWelcomeEmail_docsExamples(t *testing.T) {
	acctest.SkipUnlessCLIHas(t, acctest.CLIActions)
	t.Parallel()
	dir := "../../../examples/actions/commerce_adobe_vip_resend_welcome_email/"
	invoked, err := os.ReadFile(dir + "action.tf")
	require.NoError(t, err)
	triggered, err := os.ReadFile(dir + "action-trigger.tf")
	require.NoError(t, err)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	require.True(t, sb.ChangeAdobeCustomer(welcomeID, func(c *sandbox.AdobeCustomer) {
		c.Status = "1000"
		c.Contacts = []sandbox.AdobeContact{
			{FirstName: "Ida", LastName: "Admin", Email: "it-admin@acme.example"},
			{FirstName: "Bo", LastName: "Buyer", Email: "buyer@acme.example"},
		}
	}))
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", acctest.CLIHeader+adobeProvider(url)+string(invoked)+string(triggered))
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())

	out, err := tf.Invoke(ctx, "action.commerce_adobe_vip_resend_welcome_email.lost_email")
	require.NoError(t, err, out)
	assert.Equal(t, map[string]int{"it-admin@acme.example": 1}, sb.AdobeWelcomeEmails(welcomeID))
	acctest.MatchOutput(t, out, `Contacts left the account's contact list: .*buyer@acme.example`)

	// The invocation dropped the buyer from the contact list; put it back.
	require.True(t, sb.ChangeAdobeCustomer(welcomeID, func(c *sandbox.AdobeCustomer) {
		c.Contacts = append(c.Contacts, sandbox.AdobeContact{FirstName: "Bo", LastName: "Buyer", Email: "buyer@acme.example"})
	}))
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	assert.Equal(t, map[string]int{"it-admin@acme.example": 2, "buyer@acme.example": 1}, sb.AdobeWelcomeEmails(welcomeID))
	require.NoError(t, tf.Apply(ctx, tf.Reattach, tfexec.Var("welcome_email_round=2")), tf.Output())
	assert.Equal(t, map[string]int{"it-admin@acme.example": 3, "buyer@acme.example": 2}, sb.AdobeWelcomeEmails(welcomeID))
}
