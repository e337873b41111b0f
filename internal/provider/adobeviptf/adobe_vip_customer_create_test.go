package adobeviptf_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// Creating Adobe customer accounts through the real CLI: the body Adobe
// receives, the wait while it is pending, the PATCH only once it is not,
// one account however the answers break, the create timeout, and Adobe's
// refusals.

const adobeCreateRoute = sandbox.AdobeCreateRoute

// harborLight is a new account's configuration; extra goes inside the
// resource block.
func harborLight(extra string) string {
	return `
resource "commerce_adobe_vip_customer" "new" {
  company_name          = "Harbor Light Books"
  country               = "US"
  region                = "ME"
  preferred_language    = "en-US"
  market_segment        = "COM"
  external_reference_id = "ERP-4411"
  address = {
    address_line_1 = "12 Wharf St"
    address_line_2 = "Floor 2"
    city           = "Portland"
    postal_code    = "04101"
    phone_number   = "+1 207 555 0110"
  }
  contacts = [
    { first_name = "Ines", last_name = "Ramos", email = "ines.ramos@harborlight.example", phone_number = "+1 207 555 0111" },
  ]
` + extra + `
}
`
}

// createCLI is a CLI in a directory whose main.tf is the provider block
// (with extra settings) and config, initialised.
func createCLI(t *testing.T, url, config string, extra ...string) (*acctest.CLI, context.Context) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	tf := acctest.NewCLI(t)
	tf.Write("main.tf", acctest.CLIHeader+adobeProvider(url, extra...)+config)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	t.Cleanup(cancel)
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
	return tf, ctx
}

// stateOf is the new account's state: its attributes.
func stateOf(ctx context.Context, t *testing.T, tf *acctest.CLI) map[string]any {
	t.Helper()
	state, err := tf.Show(ctx, tf.Reattach)
	require.NoError(t, err)
	require.NotNil(t, state.Values, "no state")
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == "commerce_adobe_vip_customer.new" {
			return r.AttributeValues
		}
	}
	require.FailNow(t, "no commerce_adobe_vip_customer.new in the state")
	return nil
}

// requestsOn are the requests the sandbox served on route.
func requestsOn(sb *sandbox.Server, route string) []sandbox.Request {
	var out []sandbox.Request
	for _, r := range sb.Requests() {
		if r.Pattern == route {
			out = append(out, r)
		}
	}
	return out
}

// distinctCorrelationIDs are the X-Correlation-Id of requests, each once.
func distinctCorrelationIDs(reqs []sandbox.Request) []string {
	var out []string
	for _, r := range reqs {
		id := r.Header.Get("X-Correlation-Id")
		if len(out) == 0 || out[len(out)-1] != id {
			out = append(out, id)
		}
	}
	return out
}

// TestAccAdobeCustomerCreate_bodyWaitAndPatch: customer_id left out, apply
// sends one POST with the documented body (the reseller from the provider
// block), waits while Adobe validates the account (reads while it is
// pending), then sends global_sales_enabled, which the POST does not carry,
// in one PATCH once the account is active (a PATCH while pending would be
// refused with 1125 and warn). The state has Adobe's id and status; the
// next plan is empty; each contact got one welcome email.
func TestAccAdobeCustomerCreate_bodyWaitAndPatch(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	// Longer than the first read takes to come, shorter than the first pause (2 s).
	sb.SetAdobePendingWindow(1500 * time.Millisecond)
	tf, ctx := createCLI(t, url, harborLight(`  global_sales_enabled = true`))
	before := len(sb.AdobeCustomers())
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	assert.NotContains(t, tf.Output(), "not finished", "a create that finished warns of nothing")

	posts := requestsOn(sb, adobeCreateRoute)
	require.Len(t, posts, 1, "one POST")
	assert.JSONEq(t, `{
  "resellerId": "`+sandbox.DefaultResellerID+`",
  "externalReferenceId": "ERP-4411",
  "companyProfile": {
    "companyName": "Harbor Light Books",
    "preferredLanguage": "en-US",
    "marketSegment": "COM",
    "address": {"country": "US", "region": "ME", "city": "Portland", "addressLine1": "12 Wharf St", "addressLine2": "Floor 2", "postalCode": "04101", "phoneNumber": "+1 207 555 0110"},
    "contacts": [{"firstName": "Ines", "lastName": "Ramos", "email": "ines.ramos@harborlight.example", "phoneNumber": "+1 207 555 0111"}]
  }
}`, string(posts[0].Body))
	require.Len(t, sb.AdobeCustomers(), before+1, "one account created")

	st := stateOf(ctx, t, tf)
	id, _ := st["customer_id"].(string)
	require.NotEmpty(t, id)
	assert.Equal(t, id, st["id"])
	assert.Equal(t, "1000", st["status"])
	assert.Equal(t, true, st["global_sales_enabled"])
	assert.Equal(t, sandbox.DefaultResellerID, st["reseller_id"])
	c := mustAdobe(t, sb, id)
	assert.True(t, c.GlobalSalesEnabled, "the PATCH reached Adobe")
	assert.Equal(t, "1000", c.Status)

	// The wait read the account while it was pending, then the PATCH went.
	var order []string
	for _, r := range sb.Requests() {
		if strings.HasSuffix(r.Path, "/v3/customers/"+id) {
			order = append(order, r.Method)
		}
	}
	require.Equal(t, []string{http.MethodPatch}, order[len(order)-1:], "the PATCH comes last: %v", order)
	assert.GreaterOrEqual(t, strings.Count(strings.Join(order, " "), http.MethodGet), 2, "a read while pending and one after: %v", order)
	patches := requestsOn(sb, adobePatchRoute)
	require.Len(t, patches, 1)
	assert.NotContains(t, string(patches[0].Body), "contacts", "the PATCH mails nobody")
	assert.Equal(t, map[string]int{"ines.ramos@harborlight.example": 1}, sb.AdobeWelcomeEmails(id))

	sb.ResetCounts()
	changes, err := tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	assert.False(t, changes, "the plan after a create:\n%s", tf.Output())
	assert.Zero(t, sb.Count(adobeCreateRoute)+sb.Count(adobePatchRoute), "planning sends nothing")
}

// TestAccAdobeCustomerCreate_brokenAnswersMakeOneAccount: the POST's first
// two answers and the PATCH's first answer break off after Adobe applied
// them; every retry carries the same X-Correlation-Id, Adobe replays, and
// there is one account, one welcome email per contact, and an empty next
// plan.
func TestAccAdobeCustomerCreate_brokenAnswersMakeOneAccount(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	sb.SetAdobePendingWindow(0)
	sb.InjectFault(sandbox.Fault{Match: func(r *http.Request) bool { return r.Method == http.MethodPost }, Break: true, Times: 2})
	sb.InjectFault(sandbox.Fault{Match: func(r *http.Request) bool { return r.Method == http.MethodPatch }, Break: true, Times: 1})
	tf, ctx := createCLI(t, url, harborLight(`  global_sales_enabled = true`), "max_retries = 2")
	before := len(sb.AdobeCustomers())
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())

	posts := requestsOn(sb, adobeCreateRoute)
	require.Len(t, posts, 3, "the POST and its two retries")
	assert.Len(t, distinctCorrelationIDs(posts), 1, "one X-Correlation-Id for every attempt")
	patches := requestsOn(sb, adobePatchRoute)
	require.Len(t, patches, 2, "the PATCH and its retry")
	assert.Len(t, distinctCorrelationIDs(patches), 1, "one X-Correlation-Id for the PATCH's attempts")
	require.Len(t, sb.AdobeCustomers(), before+1, "one account however the answers broke")
	id, _ := stateOf(ctx, t, tf)["customer_id"].(string)
	assert.True(t, mustAdobe(t, sb, id).GlobalSalesEnabled)
	assert.Equal(t, map[string]int{"ines.ramos@harborlight.example": 1}, sb.AdobeWelcomeEmails(id))
	changes, err := tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	assert.False(t, changes, "the plan after a create:\n%s", tf.Output())
}

// TestAccAdobeCustomerCreate_unknownOutcome: every answer to the POST
// breaks off. The create is asked once more under the same
// X-Correlation-Id (never a new one) and fails with an error naming that
// id; Adobe made one account. Applying again (a new intent, a new id) is
// refused with 1127, saying how to adopt the account: still one account.
func TestAccAdobeCustomerCreate_unknownOutcome(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	sb.SetAdobePendingWindow(0)
	sb.InjectFault(sandbox.Fault{Match: func(r *http.Request) bool { return r.Method == http.MethodPost }, Break: true})
	tf, ctx := createCLI(t, url, harborLight(""), "max_retries = 2")
	before := len(sb.AdobeCustomers())
	require.Error(t, tf.Apply(ctx, tf.Reattach))
	posts := requestsOn(sb, adobeCreateRoute)
	require.Len(t, posts, 6, "three attempts, and three more when asked again under the same id")
	ids := distinctCorrelationIDs(posts)
	require.Len(t, ids, 1, "never under a new X-Correlation-Id")
	assert.Regexp(t, acctest.ErrorLike(`Error: Creating the customer account failed .*outcome is unknown.* X-Correlation-Id `+ids[0]), tf.Output())
	assert.Regexp(t, acctest.ErrorLike(`asking Adobe once more under the same X-Correlation-Id `+ids[0]+`.* no whole answer again .*refused with error 1127`), tf.Output())
	require.Len(t, sb.AdobeCustomers(), before+1, "Adobe made one account")

	sb.ClearFaults()
	tf.ResetOutput()
	require.Error(t, tf.Apply(ctx, tf.Reattach))
	assert.Regexp(t, acctest.ErrorLike(`already exists \(Adobe error 1127\).* set customer_id to its id .*import`), tf.Output())
	assert.Len(t, sb.AdobeCustomers(), before+1, "still one account")
}

// TestAccAdobeCustomerCreate_recoveredByReplay: the POST's three attempts
// break off after Adobe made the account; asked once more under the same
// X-Correlation-Id, Adobe replays its answer: the account is recorded with
// a warning, global_sales_enabled is left to the next apply, which sends
// it; then the plan is empty.
func TestAccAdobeCustomerCreate_recoveredByReplay(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	sb.SetAdobePendingWindow(0)
	sb.InjectFault(sandbox.Fault{Match: func(r *http.Request) bool { return r.Method == http.MethodPost }, Break: true, Times: 3})
	tf, ctx := createCLI(t, url, harborLight(`  global_sales_enabled = true`), "max_retries = 2")
	before := len(sb.AdobeCustomers())
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	posts := requestsOn(sb, adobeCreateRoute)
	require.Len(t, posts, 4)
	ids := distinctCorrelationIDs(posts)
	require.Len(t, ids, 1)
	assert.Regexp(t, acctest.ErrorLike(`Warning: Adobe customer account created but not finished .*outcome was unknown .*X-Correlation-Id `+ids[0]+`.*global_sales_enabled not sent yet`), tf.Output())
	require.Len(t, sb.AdobeCustomers(), before+1)
	id, _ := stateOf(ctx, t, tf)["customer_id"].(string)
	assert.Zero(t, sb.Count(adobePatchRoute))

	tf.ResetOutput()
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	assert.Equal(t, 1, sb.Count(adobePatchRoute), "the next apply sends what was left")
	assert.True(t, mustAdobe(t, sb, id).GlobalSalesEnabled)
	changes, err := tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	assert.False(t, changes, tf.Output())
}

// TestAccAdobeCustomerCreate_stillPendingAtTheTimeout: Adobe validates for
// longer than `timeouts { create = "2s" }`: the account is recorded with a
// warning naming what was not sent, and no PATCH goes to it. While it is
// pending, a plan that would change it is an error (Adobe's 1125), with no
// request sent. Once Adobe has validated it, the next apply sends the
// PATCH, and the plan is empty.
func TestAccAdobeCustomerCreate_stillPendingAtTheTimeout(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	sb.SetAdobePendingWindow(time.Hour)
	tf, ctx := createCLI(t, url, harborLight(`  global_sales_enabled = true
  timeouts {
    create = "2s"
  }`))
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	assert.Regexp(t, acctest.ErrorLike(`Warning: Adobe customer account created but not finished .*still validating it \(status 1002, pending\) at the end of the create timeout \(2s\).*global_sales_enabled not sent yet`), tf.Output())
	assert.Zero(t, sb.Count(adobePatchRoute), "no PATCH to a pending account")
	st := stateOf(ctx, t, tf)
	id, _ := st["customer_id"].(string)
	require.NotEmpty(t, id)
	assert.Equal(t, "1002", st["status"])

	tf.ResetOutput()
	_, err := tf.Plan(ctx, tf.Reattach)
	require.Error(t, err)
	assert.Regexp(t, acctest.ErrorLike(`Customer account `+id+` is pending .*refuses to update pending and blocked accounts \(error 1125\).*global_sales_enabled`), tf.Output())
	assert.Zero(t, sb.Count(adobePatchRoute))

	sb.ChangeAdobeCustomer(id, func(c *sandbox.AdobeCustomer) { c.Status = "1000"; c.PendingUntil = time.Time{} })
	tf.ResetOutput()
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	assert.Equal(t, 1, sb.Count(adobePatchRoute))
	assert.True(t, mustAdobe(t, sb, id).GlobalSalesEnabled)
	changes, err := tf.Plan(ctx, tf.Reattach)
	require.NoError(t, err, tf.Output())
	assert.False(t, changes, tf.Output())
	assert.Equal(t, 1, sb.Count(adobeCreateRoute), "one POST in all")

	// Planned while active, pending again at apply: the PATCH is not sent.
	tf.Write("main.tf", acctest.CLIHeader+adobeProvider(url)+harborLight(`  global_sales_enabled = false`))
	_, err = tf.Plan(ctx, tf.Reattach, tfexec.Out("off.tfplan"))
	require.NoError(t, err, tf.Output())
	sb.ChangeAdobeCustomer(id, func(c *sandbox.AdobeCustomer) { c.Status = "1002" })
	tf.ResetOutput()
	require.Error(t, tf.Apply(ctx, tf.Reattach, tfexec.DirOrPlan("off.tfplan")))
	assert.Regexp(t, acctest.ErrorLike(`customer account `+id+` is pending .*the PATCH was not sent`), tf.Output())
	assert.Equal(t, 1, sb.Count(adobePatchRoute), "no PATCH to the pending account")
	assert.True(t, mustAdobe(t, sb, id).GlobalSalesEnabled)
}

// TestAccAdobeCustomerCreate_refusals: Adobe's refusals of a create are
// errors that say what to do, and nothing is recorded: 1127 (the account
// exists: adopt or import it), 1115 (reseller_id unknown), 1126 (reseller
// inactive), 2126 (external reference too long, as Adobe counts it).
func TestAccAdobeCustomerCreate_refusals(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	sb.SetAdobePendingWindow(0)
	taken := mustAdobe(t, sb, "1006374001")
	exists := strings.NewReplacer("Harbor Light Books", taken.CompanyName, "ines.ramos@harborlight.example", taken.Contacts[0].Email).Replace(harborLight(""))
	for _, tc := range []struct {
		name, config string
		provider     []string
		fault        *sandbox.Fault
		want         string
	}{
		{"1127", exists, nil, nil, `refused the creation of the customer account; nothing was created.* 1127.* already has a customer account with this company name and admin email .* set customer_id to its id .*terraform import commerce_adobe_vip_customer.<name> <customer_id>.*terraform query`},
		{"1115", harborLight(""), []string{`reseller_id = "1000369999"`}, nil, `Error: Creating the customer account failed .*HTTP 404.*1115.* check reseller_id`},
		{"1126", harborLight(""), []string{fmt.Sprintf("reseller_id = %q", sandbox.InactiveResellerID)}, nil, `1126.* reseller_id is inactive`},
		{"2126", harborLight(""), nil, &sandbox.Fault{Match: func(r *http.Request) bool { return r.Method == http.MethodPost }, Status: http.StatusBadRequest,
			Body: `{"code":"2126","message":"externalReferenceId exceeds maximum character limit","additionalDetails":["externalReferenceId"]}`}, `2126.* external_reference_id must be at most 35 characters`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sb.ClearFaults()
			if tc.fault != nil {
				sb.InjectFault(*tc.fault)
			}
			before := len(sb.AdobeCustomers())
			tf, ctx := createCLI(t, url, tc.config, tc.provider...)
			require.Error(t, tf.Apply(ctx, tf.Reattach))
			assert.Regexp(t, acctest.ErrorLike(tc.want), tf.Output())
			assert.Len(t, sb.AdobeCustomers(), before, "nothing created")
			state, err := tf.Show(ctx, tf.Reattach)
			require.NoError(t, err)
			assert.True(t, state.Values == nil || len(state.Values.RootModule.Resources) == 0, "nothing recorded")
		})
	}
}

// TestAccAdobeCustomerCreate_planTimeRules: what Adobe would refuse in a
// new account is a plan-time error on the attribute, with nothing sent;
// adopting an account of another company name is an error; after a create,
// changing company_name, country or region is a plan-time error, never a
// replacement (which would create a second account).
func TestAccAdobeCustomerCreate_planTimeRules(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	sb.SetAdobePendingWindow(0)
	missing := strings.NewReplacer(`  company_name          = "Harbor Light Books"`+"\n", "", `    city           = "Portland"`+"\n", "").Replace(harborLight(""))
	tf, ctx := createCLI(t, url, missing)
	_, err := tf.Plan(ctx, tf.Reattach)
	require.Error(t, err)
	assert.Regexp(t, acctest.ErrorLike(`company_name is required to create an Adobe customer account .*set it, or set customer_id to adopt`), tf.Output())
	assert.Regexp(t, acctest.ErrorLike(`address.city is required to create an Adobe customer account`), tf.Output())
	badName := strings.Replace(harborLight(""), `"Harbor Light Books"`, `"Harbor <Light>"`, 1)
	tf.Write("main.tf", acctest.CLIHeader+adobeProvider(url)+badName)
	tf.ResetOutput()
	_, err = tf.Plan(ctx, tf.Reattach)
	require.Error(t, err)
	assert.Regexp(t, acctest.ErrorLike(`company_name may hold letters, digits, spaces and _ , . & ' \( \) " / - only`), tf.Output())
	assert.Zero(t, sb.Count(adobeCreateRoute))

	// Adopting an account whose company name is another: an error, no PATCH.
	tf.Write("main.tf", acctest.CLIHeader+adobeProvider(url)+`
resource "commerce_adobe_vip_customer" "adopted" {
  customer_id  = "1006374001"
  company_name = "Another Company"
}
`)
	tf.ResetOutput()
	_, err = tf.Plan(ctx, tf.Reattach)
	require.Error(t, err)
	assert.Regexp(t, acctest.ErrorLike(`company_name cannot change once the customer account exists`), tf.Output())

	tf.Write("main.tf", acctest.CLIHeader+adobeProvider(url)+harborLight(""))
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	for _, change := range [][2]string{
		{`"Harbor Light Books"`, `"Harbor Light Books Ltd"`},
		{`country               = "US"`, `country               = "CA"`},
		{`region                = "ME"`, `region                = "NH"`},
	} {
		tf.Write("main.tf", acctest.CLIHeader+adobeProvider(url)+strings.Replace(harborLight(""), change[0], change[1], 1))
		tf.ResetOutput()
		_, err = tf.Plan(ctx, tf.Reattach, tfexec.Out("change.tfplan"))
		require.Error(t, err, "changing %s", change[1])
		assert.Regexp(t, acctest.ErrorLike(`cannot change once the customer account exists: Adobe does not let an account's company name, country or region change`), tf.Output())
		assert.NotContains(t, tf.Output(), "must be replaced")
	}
	assert.Equal(t, 1, sb.Count(adobeCreateRoute))
}

// TestAccAdobeCustomerCreate_validatedInactive: Adobe validates the new
// account as inactive (1010, invalid address): it is recorded with a
// warning saying so, and nothing more is sent to it.
func TestAccAdobeCustomerCreate_validatedInactive(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	sb.SetAdobePendingWindow(0)
	sb.SetAdobePendingOutcome("1010")
	tf, ctx := createCLI(t, url, harborLight(`  global_sales_enabled = true`))
	require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
	assert.Regexp(t, acctest.ErrorLike(`Warning: Adobe customer account created but not finished .*Adobe validated it as inactive: invalid address \(1010\), not active; nothing more was sent to it.*global_sales_enabled not sent yet`), tf.Output())
	assert.Zero(t, sb.Count(adobePatchRoute))
	assert.Equal(t, "1010", stateOf(ctx, t, tf)["status"])
}
