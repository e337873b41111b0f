package sellercloudtf_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

const (
	createWrite  = "POST /Customers/{$} "
	columnsWrite = "PUT /Customers/{id}/CustomColumns "
)

// newCustomers are the ids the sandbox holds that were not in before.
func newCustomers(sb *sandbox.Server, before []int) []int {
	var out []int
	for _, id := range sb.SellercloudIDs() {
		if !slices.Contains(before, id) {
			out = append(out, id)
		}
	}
	return out
}

// createdState checks that the state's customer_id and id are the one
// customer created since before.
func createdState(sb *sandbox.Server, before []int, address string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		made := newCustomers(sb, before)
		if len(made) != 1 {
			return fmt.Errorf("customers created: %v, want exactly one", made)
		}
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s not in the state", address)
		}
		id := strconv.Itoa(made[0])
		if rs.Primary.Attributes["customer_id"] != id || rs.Primary.Attributes["id"] != id {
			return fmt.Errorf("state customer_id %q id %q, want %s", rs.Primary.Attributes["customer_id"], rs.Primary.Attributes["id"], id)
		}
		return nil
	}
}

// TestAccCustomerResource_createRetail creates a retail customer with
// other fields, order options and custom columns: one POST with the
// creation inputs (CustomerType 1 = Retail in the create body), one PUT per
// endpoint with the rest, one GET back, an empty next plan. A later change
// of first_name is a plan-time error pointing to name (never a
// replacement); changing name is one PUT. Destroy forgets and says so.
func TestAccCustomerResource_createRetail(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	before := sb.SellercloudIDs()
	const a = "commerce_customer.new"
	config := func(first, name string) string {
		return sellercloudProvider(url) + fmt.Sprintf(`
resource "commerce_customer" "new" {
  company_id = 1
  first_name = %q
  last_name  = "Lovelace"
  email      = "Ada.Lovelace@Example.com"
  comments   = "created by terraform"
  %s
  order_options = {
    tax_exempt = true
    tax_id     = "TX-77"
  }
  custom_columns = {
    CREDIT_DAYS   = "030"
    DISCOUNT_RATE = "2.50"
  }
}
`, first, name)
	}
	acctest.Test(t,
		resource.TestStep{
			PreConfig: sb.ResetCounts,
			Config:    config("Ada", ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(a, plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue(a, tfjsonpath.New("customer_id")),
					plancheck.ExpectUnknownValue(a, tfjsonpath.New("id")),
					plancheck.ExpectUnknownValue(a, tfjsonpath.New("name")),
					// Creating reads nothing while planning.
					expectWrites(sb, "planning the create", 0),
				},
				PostApplyPreRefresh: []plancheck.PlanCheck{expectWrites(sb, "creating", 1,
					createWrite+`{"BusinessName":"","CompanyID":1,"CustomerType":1,"Email":"Ada.Lovelace@Example.com","FirstName":"Ada","LastName":"Lovelace"}`,
					customerWrite+`{"Comments":"created by terraform"}`,
					orderOptionsWrite+`{"TaxExempt":true,"TaxID":"TX-77"}`,
					columnsWrite+`{"CustomColumns":[{"ColumnName":"CREDIT_DAYS","Value":"030"},{"ColumnName":"DISCOUNT_RATE","Value":"2.50"}]}`,
				)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), expectWrites(sb, "refreshing", 1)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(a, tfjsonpath.New("name"), knownvalue.StringExact("Ada Lovelace")),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("is_wholesale"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(a, tfjsonpath.New("email"), knownvalue.StringExact("Ada.Lovelace@Example.com")),
				// Only the configured columns, in the configured spelling.
				statecheck.ExpectKnownValue(a, tfjsonpath.New("custom_columns"), knownvalue.MapExact(map[string]knownvalue.Check{
					"CREDIT_DAYS": knownvalue.StringExact("030"), "DISCOUNT_RATE": knownvalue.StringExact("2.50"),
				})),
			},
			Check: resource.ComposeTestCheckFunc(createdState(sb, before, a), func(*terraform.State) error {
				c := mustCustomer(t, sb, newCustomers(sb, before)[0])
				if c.Email != "ada.lovelace@example.com" || c.IsWholesale || c.CompanyID != 1 || c.Comment != "created by terraform" ||
					!c.OrderOptions.TaxExempt || c.CustomColumns["CREDIT_DAYS"] != "30" || c.CustomColumns["DISCOUNT_RATE"] != "2.5" {
					return fmt.Errorf("sandbox customer %+v", c)
				}
				return nil
			}),
		},
		resource.TestStep{
			// first_name is a creation input: changing it is refused at
			// plan time, naming name; nothing is sent.
			PreConfig:   sb.ResetCounts,
			Config:      config("Augusta", ""),
			PlanOnly:    true,
			ExpectError: acctest.ErrorLike(`first_name cannot change once the customer exists: Sellercloud keeps only the full name once the customer exists: change .name. instead`),
		},
		resource.TestStep{
			PreConfig: acctest.NoRequestsSince(t, sb),
			Config:    config("Ada", `name = "Augusta Ada King"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:            []plancheck.PlanCheck{plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate), acctest.ResetCounts(sb)},
				PostApplyPreRefresh: []plancheck.PlanCheck{expectWrites(sb, "renaming", 1, customerWrite+`{"Name":"Augusta Ada King"}`)},
			},
		},
		resource.TestStep{
			Config:  config("Ada", `name = "Augusta Ada King"`),
			Destroy: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(a, plancheck.ResourceActionDestroy),
			}},
		},
	)
	// Destroy forgot the customer: it is still there.
	require.Len(t, newCustomers(sb, before), 1)
}

// TestAccCustomerResource_createWholesale creates a wholesale customer:
// CustomerType 0 = WholeSale in the create body (the opposite of the list
// filter), the business name in the POST, nothing else to send.
func TestAccCustomerResource_createWholesale(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	sb.RequireBusinessNameForWholesale(true)
	before := sb.SellercloudIDs()
	const a = "commerce_customer.shop"
	config := func(first string) string {
		return sellercloudProvider(url) + `
resource "commerce_customer" "shop" {
  company_id    = 2
  ` + first + `
  email         = "buyer@acme.example"
  is_wholesale  = true
  business_name = "Acme Wholesale"
}
`
	}
	acctest.Test(t, resource.TestStep{
		PreConfig: sb.ResetCounts,
		Config:    config(`first_name = "Grace"`),
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PostApplyPreRefresh: []plancheck.PlanCheck{expectWrites(sb, "creating", 1,
				createWrite+`{"BusinessName":"Acme Wholesale","CompanyID":2,"CustomerType":0,"Email":"buyer@acme.example","FirstName":"Grace","LastName":""}`,
			)},
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(a, tfjsonpath.New("is_wholesale"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue(a, tfjsonpath.New("business_name"), knownvalue.StringExact("Acme Wholesale")),
			statecheck.ExpectKnownValue(a, tfjsonpath.New("custom_columns"), knownvalue.Null()),
		},
		Check: resource.ComposeTestCheckFunc(createdState(sb, before, a), func(*terraform.State) error {
			if c := mustCustomer(t, sb, newCustomers(sb, before)[0]); !c.IsWholesale || c.CorporateName != "Acme Wholesale" || c.CompanyID != 2 {
				return fmt.Errorf("sandbox customer %+v", c)
			}
			return nil
		}),
	}, resource.TestStep{
		// Leaving a creation input out once the customer exists is no change.
		Config:   config(""),
		PlanOnly: true,
	})
}

// TestAccCustomerResource_createErrors: what creating needs is named at
// plan time with no request; a wholesale customer without a business name
// on a tenant that requires one fails with the server's message and
// nothing created; a tax id without tax exemption is refused at plan time
// for a new customer too.
func TestAccCustomerResource_createErrors(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	sb.RequireBusinessNameForWholesale(true)
	before := sb.SellercloudIDs()
	p := sellercloudProvider(url)
	res := func(body string) string { return p + "resource \"commerce_customer\" \"new\" {\n" + body + "\n}\n" }
	steps := acctest.PlanErrors(sb, [][2]string{
		{res(`first_name = "Ada"
  last_name = "L"
  email = "a@example.com"`), `(?s)Missing company_id to create the customer.*a company id .*is required.*or set customer_id to adopt`},
		{res(`company_id = 1
  last_name = "L"
  email = "a@example.com"`), `Missing first_name to create the customer`},
		{res(`company_id = 1
  first_name = "Ada"
  last_name = "L"`), `Missing email to create the customer`},
		{res(`company_id = 1
  first_name = "Ada"
  email = "a@example.com"`), `(?s)Missing last_name to create the customer.*a last name is required to create a retail customer`},
		{res(`company_id = 1
  first_name = "Ada"
  last_name = "L"
  email = "a@example.com"
  order_options = { tax_id = "TX-1" }`), `A tax id needs a tax-exempt customer`},
		{res(`company_id = 1
  first_name = "Ada"
  last_name = "L"
  email = "a@example.com"
  order_options = { apply_shipping_charges_to_order_total = true }`), `Shipping charges on the order total need a wholesale customer`},
	})
	steps = append(steps, resource.TestStep{
		PreConfig: acctest.NoRequestsSince(t, sb),
		Config: res(`company_id = 1
  first_name = "Grace"
  email = "buyer@acme.example"
  is_wholesale = true`),
		ExpectError: acctest.ErrorLike(`(?s)Sellercloud rejected the creation of the customer; nothing was created.*POST /Customers/: HTTP 400 Bad Request:.*BusinessName is required for WholeSale customers\.`),
	})
	acctest.Test(t, steps...)
	require.Empty(t, newCustomers(sb, before), "customers created")
}

// TestAccCustomerResource_createTimesOut: the POST saves the customer and
// then never answers. The provider does not send it again: it finds the
// one customer with the email created since, records it with a warning,
// and the next apply sends what is left; one customer in the end.
func TestAccCustomerResource_createTimesOut(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	before := sb.SellercloudIDs()
	sb.SellercloudCreatesTimeOut(1)
	const a = "commerce_customer.new"
	config := sellercloudProvider(url, `request_timeout = "2s"`) + `
resource "commerce_customer" "new" {
  company_id = 1
  first_name = "Ada"
  last_name  = "Lovelace"
  email      = "timeout@example.com"
  comments   = "after the timeout"
}
`
	acctest.Test(t,
		resource.TestStep{
			PreConfig: sb.ResetCounts,
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				// One POST, never re-sent; the search; nothing else sent yet.
				PostApplyPreRefresh: []plancheck.PlanCheck{
					acctest.PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
						if n := sb.Count(sandbox.SellercloudCreateRoute); n != 1 {
							return fmt.Errorf("%d POST /Customers/, want 1", n)
						}
						if n := sb.Count(sandbox.SellercloudUpdateRoute); n != 0 {
							return fmt.Errorf("%d PUT /Customers/{id} in the create's apply, want 0", n)
						}
						return nil
					}),
				},
				// The next plan shows what is left.
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(a, plancheck.ResourceActionUpdate)},
			},
			ExpectNonEmptyPlan: true,
			Check:              createdState(sb, before, a),
		},
		resource.TestStep{
			PreConfig: sb.ResetCounts,
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPreRefresh:  []plancheck.PlanCheck{expectWrites(sb, "finishing", -1, customerWrite+`{"Comments":"after the timeout"}`)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: createdState(sb, before, a),
		},
	)
}

// TestAccCustomerResource_createUnknownSeveral: a POST that times out
// after saving, on a tenant that already has a customer with that email
// created within the search window: the provider cannot tell which is its
// own, records nothing, and names the email, both ids and how to import.
func TestAccCustomerResource_createUnknownSeveral(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	const email = "twice@example.com"
	sb.ChangeSellercloudCustomer(10002, func(c *sandbox.SellercloudCustomer) {
		c.Email, c.CreatedOn = email, time.Now().UTC().Add(-time.Hour)
	})
	before := sb.SellercloudIDs()
	sb.SellercloudCreatesTimeOut(1)
	acctest.Test(t, resource.TestStep{
		Config: sellercloudProvider(url, `request_timeout = "2s"`) + `
resource "commerce_customer" "new" {
  company_id = 1
  first_name = "Ada"
  last_name  = "Lovelace"
  email      = "` + email + `"
}
`,
		ExpectError: acctest.ErrorLike(`(?s)outcome is unknown.*It was not sent again; a search for customers with the email "twice@example.com".*found 2: 10002.*and 1000\d+.*set customer_id to its id.*terraform import commerce_customer`),
	})
	require.Len(t, newCustomers(sb, before), 1, "one POST, one customer made")
}

// TestAccCustomerResource_createRecoveredWarns drives the CLI (the test
// framework shows no warnings): a POST that saves the customer and never
// answers is sent once, the customer found by email is recorded with a
// warning saying so and naming what is left, and the next apply finishes
// it with one PUT; in the end there is one new customer.
func TestAccCustomerResource_createRecoveredWarns(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	before := sb.SellercloudIDs()
	sb.SellercloudCreatesTimeOut(1)
	tf := acctest.NewCLI(t)
	tf.Write("main.tf", acctest.CLIHeader+sellercloudProvider(url, `request_timeout = "2s"`)+`
resource "commerce_customer" "new" {
  company_id = 1
  first_name = "Ada"
  last_name  = "Lovelace"
  email      = "lost@example.com"
  phone_1    = "+1 555 000 2222"
}
`)
	ctx := acctest.CommandContext(t)
	require.NoError(t, tf.Init(ctx, tf.Reattach), "terraform init\n%s", tf.Output())
	sb.ResetCounts()
	require.NoError(t, tf.Apply(ctx, tf.Reattach), "terraform apply\n%s", tf.Output())
	out := tf.Output()
	made := newCustomers(sb, before)
	require.Len(t, made, 1, "customers created")
	assert.Equal(t, 1, sb.Count(sandbox.SellercloudCreateRoute), "POSTs")
	assert.Contains(t, out, "Warning: Sellercloud customer created but not finished")
	// The CLI wraps the text: any whitespace between the words.
	assert.Regexp(t, strings.ReplaceAll(fmt.Sprintf(`(?s)Sellercloud customer %d exists: the create's outcome was unknown.*a search for customers with the email "lost@example.com".*found exactly this customer.*phone_1 not sent yet`, made[0]), " ", `\s+`), out)
	assert.Empty(t, mustCustomer(t, sb, made[0]).Phone1, "nothing sent after the lost answer")

	tf.ResetOutput()
	sb.ResetCounts()
	require.NoError(t, tf.Apply(ctx, tf.Reattach), "the second apply\n%s", tf.Output())
	assert.Contains(t, tf.Output(), "0 added, 1 changed, 0 destroyed")
	assert.Zero(t, sb.Count(sandbox.SellercloudCreateRoute), "POSTs in the second apply")
	assert.Equal(t, "+1 555 000 2222", mustCustomer(t, sb, made[0]).Phone1)
	assert.Len(t, newCustomers(sb, before), 1, "customers created in all")
}

// TestAccCustomerResource_docsExamples applies the resource page's create
// and custom-columns examples to the sandbox: they apply, and plan empty
// after.
func TestAccCustomerResource_docsExamples(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	before := sb.SellercloudIDs()
	var examples string
	for _, f := range []string{"create.tf", "custom-columns.tf"} {
		b, err := os.ReadFile("../../../examples/resources/commerce_customer/" + f)
		require.NoError(t, err)
		examples += string(b)
	}
	acctest.Test(t, resource.TestStep{
		Config: sellercloudProvider(url) + examples,
		Check: func(*terraform.State) error {
			if made := newCustomers(sb, before); len(made) != 2 {
				return fmt.Errorf("customers created: %v", made)
			}
			if got := mustCustomer(t, sb, 10001).CustomColumns["CONTRACT_START"]; got != "2024-05-01T00:00:00" {
				return fmt.Errorf("CONTRACT_START %q", got)
			}
			return nil
		},
	})
}

// TestAccCustomerResource_createUnknownNoneFound: a POST answered with a
// 502 that Sellercloud did not save (a gateway in front of it failed): the
// outcome is unknown, so it is not sent again; the search finds no
// customer, and the error says so, names the email and how to manage the
// right one. Nothing is created.
func TestAccCustomerResource_createUnknownNoneFound(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 2})
	before := sb.SellercloudIDs()
	target, err := neturl.Parse(url)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var posts atomic.Int32
	gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/Customers/") {
			posts.Add(1)
			http.Error(w, "Bad Gateway", http.StatusBadGateway)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(gateway.Close)
	acctest.Test(t, resource.TestStep{
		Config: sellercloudProvider(gateway.URL) + `
resource "commerce_customer" "new" {
  company_id = 1
  first_name = "Ada"
  last_name  = "Lovelace"
  email      = "nowhere@example.com"
}
`,
		ExpectError: acctest.ErrorLike(`(?s)outcome is unknown.*HTTP 502.*It was not sent again, and a search for customers with the email\s+"nowhere@example.com".*found none: it was probably not created.*set customer_id to its id`),
	})
	assert.Equal(t, int32(1), posts.Load(), "POSTs")
	assert.Empty(t, newCustomers(sb, before))
}
