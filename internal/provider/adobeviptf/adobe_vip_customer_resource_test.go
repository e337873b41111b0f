package adobeviptf_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

const adobePatchRoute = "PATCH " + sandbox.AdobeVIPRoot + "/v3/customers/{id}"

// expectAdobeRequests checks the account GET and PATCH counts since the last
// reset, then resets them (see expectRequests).
func expectAdobeRequests(sb *sandbox.Server, what string, gets, patches int) plancheck.PlanCheck {
	return acctest.PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
		defer sb.ResetCounts()
		if g, p := sb.Count(adobeGetRoute), sb.Count(adobePatchRoute); g != gets || p != patches {
			return fmt.Errorf("%s: %d GET and %d PATCH /v3/customers/{id}, want %d GET and %d PATCH", what, g, p, gets, patches)
		}
		return nil
	})
}

// patchBodies decodes the PATCH bodies sent since the last reset.
func patchBodies(sb *sandbox.Server) ([]map[string]any, error) {
	var out []map[string]any
	for _, r := range sb.Requests() {
		if r.Pattern != adobePatchRoute {
			continue
		}
		var body map[string]any
		if err := json.Unmarshal(r.Body, &body); err != nil {
			return nil, fmt.Errorf("PATCH %s: body %q: %w", r.Path, r.Body, err)
		}
		out = append(out, body)
	}
	return out, nil
}

// leafPaths lists the leaves of a decoded JSON object as dotted paths
// (arrays as [n]), sorted.
func leafPaths(prefix string, v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			out = append(out, leafPaths(strings.TrimPrefix(prefix+"."+k, "."), e)...)
		}
	case []any:
		for i, e := range x {
			out = append(out, leafPaths(fmt.Sprintf("%s[%d]", prefix, i), e)...)
		}
	default:
		out = append(out, prefix)
	}
	slices.Sort(out)
	return out
}

// expectPatch checks the one PATCH sent since the last reset: its leaf paths
// and the values of some of them.
func expectPatch(sb *sandbox.Server, paths []string, values map[string]any) plancheck.PlanCheck {
	return acctest.PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
		bodies, err := patchBodies(sb)
		if err != nil {
			return err
		}
		if len(bodies) != 1 {
			return fmt.Errorf("%d PATCH bodies, want 1", len(bodies))
		}
		slices.Sort(paths)
		if got := leafPaths("", bodies[0]); !slices.Equal(got, paths) {
			return fmt.Errorf("PATCH body fields\n  %v\nwant\n  %v", got, paths)
		}
		for p, want := range values {
			var cur any = bodies[0]
			for _, k := range strings.Split(p, ".") {
				cur = cur.(map[string]any)[k]
			}
			if fmt.Sprint(cur) != fmt.Sprint(want) {
				return fmt.Errorf("PATCH %s = %v, want %v", p, cur, want)
			}
		}
		return nil
	})
}

// profileWithout are a PATCH's companyProfile leaves without contacts.
var profileWithout = []string{
	"companyProfile.companyName", "companyProfile.preferredLanguage", "companyProfile.marketSegment",
	"companyProfile.address.country", "companyProfile.address.region", "companyProfile.address.city",
	"companyProfile.address.addressLine1", "companyProfile.address.addressLine2",
	"companyProfile.address.postalCode", "companyProfile.address.phoneNumber",
}

func mustAdobe(t *testing.T, sb *sandbox.Server, id string) sandbox.AdobeCustomer {
	t.Helper()
	c, ok := sb.AdobeCustomer(id)
	require.True(t, ok, "sandbox has no Adobe customer %s", id)
	return c
}

// TestAccAdobeCustomer_adoptUpdateNoop adopts two accounts (one with managed
// fields, one with none): the plan shows current values of what is left
// out; each apply sends exactly the PATCHes and bodies expected: the full
// companyProfile with current values, contacts only when they change (no
// welcome email otherwise); a plan without changes sends nothing, and
// removing fields from the configuration plans nothing.
func TestAccAdobeCustomer_adoptUpdateNoop(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	a0, b0 := mustAdobe(t, sb, "1006374001"), mustAdobe(t, sb, "1006374002")
	k := a0.Contacts[0]
	const a, b = "commerce_adobe_vip_customer.a", "commerce_adobe_vip_customer.b"
	step1 := adobeProvider(url) + `
resource "commerce_adobe_vip_customer" "a" {
  customer_id           = "1006374001"
  external_reference_id = "ERP-0001"
  address = {
    city = "Albany"
  }
}
resource "commerce_adobe_vip_customer" "b" {
  customer_id = "1006374002"
}
`
	step2 := adobeProvider(url) + fmt.Sprintf(`
resource "commerce_adobe_vip_customer" "a" {
  customer_id           = "1006374001"
  external_reference_id = "ERP-0001"
  global_sales_enabled  = true
  address = {
    city = "Albany"
  }
  contacts = [
    { first_name = %q, last_name = %q, email = %q, phone_number = "+1 555 0199" },
    { first_name = "Ada", last_name = "Byron", email = "ada@example.com" },
  ]
}
resource "commerce_adobe_vip_customer" "b" {
  customer_id = "1006374002"
}
`, k.FirstName, k.LastName, k.Email)
	acctest.Test(t,
		resource.TestStep{
			Config: step1,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionCreate),
					// Read while planning: what is left out shows its current value.
					plancheck.ExpectKnownValue(a, tfjsonpath.New("company_name"), knownvalue.StringExact(a0.CompanyName)),
					plancheck.ExpectKnownValue(a, tfjsonpath.New("address").AtMapKey("address_line_1"), knownvalue.StringExact(a0.AddressLine1)),
					plancheck.ExpectKnownValue(a, tfjsonpath.New("address").AtMapKey("city"), knownvalue.StringExact("Albany")),
					plancheck.ExpectKnownValue(a, tfjsonpath.New("contacts").AtSliceIndex(0).AtMapKey("email"), knownvalue.StringExact(k.Email)),
					plancheck.ExpectKnownValue(b, tfjsonpath.New("preferred_language"), knownvalue.StringExact(b0.PreferredLanguage)),
					plancheck.ExpectKnownValue(b, tfjsonpath.New("status"), knownvalue.StringExact("1000")),
					expectAdobeRequests(sb, "planning the adoptions", 2, 0),
				},
				// Terraform plans again at apply: a GET each (the plan-time
				// read), which Create decides on; then a: the PATCH, which
				// answers with the account; b (nothing managed): nothing.
				// Three requests for a, two for b, plan included.
				PostApplyPreRefresh: []plancheck.PlanCheck{
					expectPatch(sb, append([]string{"externalReferenceId"}, profileWithout...), map[string]any{
						"externalReferenceId":                 "ERP-0001",
						"companyProfile.companyName":          a0.CompanyName,
						"companyProfile.address.city":         "Albany",
						"companyProfile.address.addressLine1": a0.AddressLine1,
						"companyProfile.address.region":       a0.Region,
					}),
					expectAdobeRequests(sb, "adopting", 2, 1),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
					expectAdobeRequests(sb, "refreshing", 2, 0),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(a, tfjsonpath.New("id"), knownvalue.StringExact("1006374001")),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("address").AtMapKey("postal_code"), knownvalue.StringExact(a0.PostalCode)),
			},
			Check: func(*terraform.State) error {
				got := mustAdobe(t, sb, "1006374001")
				if got.City != "Albany" || got.ExternalReferenceID != "ERP-0001" || got.PostalCode != a0.PostalCode || len(got.WelcomeEmails) != 0 {
					return fmt.Errorf("sandbox account after adopting: %+v", got)
				}
				if got := mustAdobe(t, sb, "1006374002"); !slices.Equal(got.Contacts, b0.Contacts) || got.ExternalReferenceID != b0.ExternalReferenceID {
					return fmt.Errorf("account 1006374002 was changed although nothing of it is managed: %+v", got)
				}
				return nil
			},
		},
		resource.TestStep{
			Config: step2,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(b, plancheck.ResourceActionNoop),
					acctest.ResetCounts(sb),
				},
				PostApplyPreRefresh: []plancheck.PlanCheck{
					expectPatch(sb, append([]string{"globalSalesEnabled",
						"companyProfile.contacts[0].firstName", "companyProfile.contacts[0].lastName", "companyProfile.contacts[0].email", "companyProfile.contacts[0].phoneNumber",
						"companyProfile.contacts[1].firstName", "companyProfile.contacts[1].lastName", "companyProfile.contacts[1].email",
					}, profileWithout...), map[string]any{"globalSalesEnabled": true, "companyProfile.address.city": "Albany"}),
					expectAdobeRequests(sb, "updating", 1, 1),
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(a, tfjsonpath.New("contacts").AtSliceIndex(1).AtMapKey("phone_number"), knownvalue.Null()),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("global_sales_enabled"), knownvalue.Bool(true)),
			},
			Check: func(*terraform.State) error {
				got := mustAdobe(t, sb, "1006374001")
				if want := []string{k.Email, "ada@example.com"}; !slices.Equal(got.WelcomeEmails, want) {
					return fmt.Errorf("welcome emails %v, want %v (one per contact of the one PATCH that changed them)", got.WelcomeEmails, want)
				}
				if got.Contacts[0].PhoneNumber != "+1 555 0199" || !got.GlobalSalesEnabled {
					return fmt.Errorf("sandbox account after the update: %+v", got)
				}
				return nil
			},
		},
		resource.TestStep{
			// The same configuration again: nothing to apply, no request.
			Config: step2,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:            []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), acctest.ResetCounts(sb)},
				PostApplyPreRefresh: []plancheck.PlanCheck{expectAdobeRequests(sb, "applying no change", 0, 0)},
			},
		},
		resource.TestStep{
			// Managed fields leave the configuration: no longer managed, no diff.
			Config:   adobeProvider(url) + "resource \"commerce_adobe_vip_customer\" \"a\" {\n  customer_id = \"1006374001\"\n}\nresource \"commerce_adobe_vip_customer\" \"b\" {\n  customer_id = \"1006374002\"\n}\n",
			PlanOnly: true,
		},
	)
}

// TestAccAdobeCustomer_planTimeRules: each of Adobe's rules and each bad
// value is an error at plan time, naming its attribute, and no PATCH is ever
// sent; a pending account with nothing to change can be adopted.
func TestAccAdobeCustomer_planTimeRules(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 12})
	c := mustAdobe(t, sb, "1006374001")
	k := c.Contacts[0]
	require.Equal(t, "1002", mustAdobe(t, sb, "1006374007").Status, "seed changed: 1006374007 should be pending")
	sb.ChangeAdobeCustomer("1006374003", func(a *sandbox.AdobeCustomer) { a.Status = "1012" })
	res := func(id, body string) string {
		return adobeProvider(url) + fmt.Sprintf("resource \"commerce_adobe_vip_customer\" \"a\" {\n  customer_id = %q\n  %s\n}\n", id, body)
	}
	cases := [][2]string{
		{res("9999999999", ""), `Customer account not found .*customer_id "9999999999" .*GET /v3/customers/9999999999: HTTP 404 Not Found: Invalid Customer ID \(code 1116\)`},
		{res("ab", ""), `Invalid customer_id .*customer_id: "ab" is not an Adobe VIP Marketplace customer id \(4 to 40 letters, digits and hyphens\)\.`},
		{res("1006374001", `external_reference_id = "`+strings.Repeat("x", 36)+`"`), `Invalid external_reference_id .*external_reference_id is 36 characters long; it must be at most 35 characters long\.`},
		{res("1006374001", `external_reference_id = "<b>"`), `external_reference_id is "<b>"; it must not contain <, >, \[ or "`},
		{res("1006374001", `contacts = []`), `Invalid contacts .*contacts is empty; give it at least 1 element, or leave it out\.`},
		{res("1006374001", fmt.Sprintf(`contacts = [{ first_name = "Renamed", last_name = %q, email = %q }]`, k.LastName, k.Email)),
			`A contact's name cannot change .*contacts\[0\].first_name: contact ` + k.Email + ` is ` + k.FirstName + ` ` + k.LastName + ` in Adobe`},
		{res("1006374001", fmt.Sprintf(`contacts = [{ first_name = %q, last_name = "Renamed", email = %q }]`, k.FirstName, strings.ToUpper(k.Email))),
			`A contact's name cannot change .*contacts\[0\].last_name`},
		{res("1006374001", `contacts = [{ first_name = "A", last_name = "B", email = "not-an-email" }]`), `Invalid email address`},
		{res("1006374001", `market_segment = "XYZ"`), `Invalid market_segment .*market_segment is "XYZ"; it must be "COM", "EDU" or "GOV"\.`},
		{res("1006374001", `market_segment = "edu"`), `market_segment is "edu"; .* Values are case-sensitive: did you mean "EDU"\?`},
		{res("1006374001", `address = { city = "" }`), `Invalid city .*address = \{ city = "" \}.*address.city is empty; it must be 1 to 40 characters long\.`},
		{res("1006374001", `contacts = [{ first_name = "A", last_name = "B", email = "a@example.com", phone_number = "`+strings.Repeat("1", 41)+`" }]`), `Invalid phone_number .*contacts = \[\{.*contacts\[0\].phone_number is 41 characters long; it must be at most 40 characters long\.`},
		{res("1006374007", `external_reference_id = "x"`), `Adobe does not update this customer account .*1006374007 is pending \(status 1002.*error 1125.*would change external_reference_id`},
		{res("1006374003", `address = { city = "Albany" }`), `Adobe does not update this customer account .*1006374003 is blocked \(status 1012.*would change address.city`},
		{acctest.SandboxProvider(sellercloud.Description.Name, url) + "resource \"commerce_adobe_vip_customer\" \"a\" {\n  customer_id = \"1006374001\"\n}\n", `Platform not supported by commerce_adobe_vip_customer resource .*configured for "sellercloud".*On Sellercloud, customers are managed with commerce_customer`},
	}
	var steps []resource.TestStep
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{Config: tc[0], PlanOnly: true, ExpectError: acctest.ErrorLike(tc[1])})
	}
	steps = append(steps, resource.TestStep{
		// A pending account with nothing to change is adopted as it is.
		Config: res("1006374007", ""),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("commerce_adobe_vip_customer.a", tfjsonpath.New("status"), knownvalue.StringExact("1002")),
		},
		Check: func(*terraform.State) error {
			if n := sb.Count(adobePatchRoute); n != 0 {
				return fmt.Errorf("%d PATCHes reached the sandbox, want none", n)
			}
			return nil
		},
	})
	acctest.Test(t, steps...)
}

// TestAccAdobeCustomer_driftServerErrorsAnd404: changes made in Adobe
// show in the plan (a managed field reverts, an unmanaged one is just
// read); a refusal at apply (2135, the market segment of a customer with
// subscriptions) names the code and field and changes nothing; an account
// that disappears leaves the state, and adopting it again fails at plan time.
func TestAccAdobeCustomer_driftServerErrorsAnd404(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	const a = "commerce_adobe_vip_customer.a"
	config := adobeProvider(url) + `
resource "commerce_adobe_vip_customer" "a" {
  customer_id = "1006374004"
  address = {
    city = "Drift Target"
  }
}
`
	acctest.Test(t,
		resource.TestStep{Config: config},
		resource.TestStep{
			PreConfig: func() {
				sb.ChangeAdobeCustomer("1006374004", func(c *sandbox.AdobeCustomer) {
					c.City = "Changed In Adobe"
					c.Phone = "+1 555 999 0000"
				})
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("address").AtMapKey("city"), knownvalue.StringExact("Drift Target")),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("address").AtMapKey("phone_number"), knownvalue.StringExact("+1 555 999 0000")),
				acctest.ResetCounts(sb),
			}},
			Check: func(*terraform.State) error {
				got := mustAdobe(t, sb, "1006374004")
				if got.City != "Drift Target" || got.Phone != "+1 555 999 0000" || sb.Count(adobePatchRoute) != 1 {
					return fmt.Errorf("after reverting the drift: city %q, phone %q, %d PATCHes", got.City, got.Phone, sb.Count(adobePatchRoute))
				}
				return nil
			},
		},
		resource.TestStep{
			PreConfig: func() {
				sb.ChangeAdobeCustomer("1006374004", func(c *sandbox.AdobeCustomer) { c.ActiveSubscriptions = true })
			},
			Config:      strings.Replace(config, `customer_id = "1006374004"`, `customer_id = "1006374004"`+"\n  market_segment = \"EDU\"", 1),
			ExpectError: acctest.ErrorLike(`Adobe VIP Marketplace refused the update of customer account 1006374004 \(market_segment\); nothing was changed.*PATCH /v3/customers/1006374004: HTTP 400 Bad Request: The market segment cannot be changed.*\(code 2135: companyProfile.marketSegment\)`),
		},
		resource.TestStep{
			PreConfig: func() {
				if got := mustAdobe(t, sb, "1006374004"); got.MarketSegment != "COM" {
					t.Errorf("the refused PATCH changed the segment to %s", got.MarketSegment)
				}
			},
			Config:   config,
			PlanOnly: true,
		},
		resource.TestStep{
			PreConfig:   func() { sb.RemoveAdobeCustomer("1006374004") },
			Config:      config,
			ExpectError: acctest.ErrorLike(`Customer account not found .*customer_id "1006374004"`),
		},
	)
}

// TestAccAdobeCustomer_import imports with `terraform import` (verified
// against the applied state) and with an import block (a no-op plan), and
// rejects a malformed and a missing id.
func TestAccAdobeCustomer_import(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	c := mustAdobe(t, sb, "1006374003")
	const a = "commerce_adobe_vip_customer.a"
	acctest.Test(t,
		resource.TestStep{Config: adobeProvider(url) + `
resource "commerce_adobe_vip_customer" "a" {
  customer_id           = "1006374003"
  external_reference_id = "Imported"
  preferred_language    = "en-GB"
}
`},
		resource.TestStep{ResourceName: a, ImportState: true, ImportStateVerify: true},
		resource.TestStep{
			ResourceName:    a,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(a, tfjsonpath.New("external_reference_id"), knownvalue.StringExact("Imported")),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("company_name"), knownvalue.StringExact(c.CompanyName)),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("contacts").AtSliceIndex(0).AtMapKey("email"), knownvalue.StringExact(c.Contacts[0].Email)),
			}},
		},
		resource.TestStep{ResourceName: a, ImportState: true, ImportStateId: "no", ExpectError: acctest.ErrorLike(`Invalid import id .*Import a commerce_adobe_vip_customer by its Adobe VIP Marketplace customer id, such as 1006374000: "no" is not an Adobe VIP Marketplace customer id \(4 to 40 letters, digits and hyphens\)\.`)},
		resource.TestStep{ResourceName: a, ImportState: true, ImportStateId: "9999999999", ExpectError: acctest.ErrorLike(`Cannot import non-existent remote object`)},
	)
}

// TestAccAdobeCustomer_replaceAdoptsTheOther: changing customer_id forgets
// the old account (left as it is) and adopts the new one, whose current
// values the plan shows for what is not configured.
func TestAccAdobeCustomer_replaceAdoptsTheOther(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	old, next := mustAdobe(t, sb, "1006374001"), mustAdobe(t, sb, "1006374002")
	const a = "commerce_adobe_vip_customer.a"
	config := func(id string) string {
		return adobeProvider(url) + fmt.Sprintf("resource \"commerce_adobe_vip_customer\" \"a\" {\n  customer_id = %q\n  preferred_language = \"en-GB\"\n}\n", id)
	}
	acctest.Test(t,
		resource.TestStep{Config: config(old.CustomerID)},
		resource.TestStep{
			Config: config(next.CustomerID),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(a, plancheck.ResourceActionDestroyBeforeCreate),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("company_name"), knownvalue.StringExact(next.CompanyName)),
				plancheck.ExpectKnownValue(a, tfjsonpath.New("address").AtMapKey("city"), knownvalue.StringExact(next.City)),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(a, tfjsonpath.New("id"), knownvalue.StringExact(next.CustomerID)),
			},
			Check: func(*terraform.State) error {
				if got := mustAdobe(t, sb, old.CustomerID); got.PreferredLanguage != "en-GB" {
					return fmt.Errorf("the forgotten account changed: %+v", got)
				}
				if got := mustAdobe(t, sb, next.CustomerID); got.PreferredLanguage != "en-GB" {
					return fmt.Errorf("the adopted account was not updated: %+v", got)
				}
				return nil
			},
		},
	)
}
