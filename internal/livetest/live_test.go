package livetest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/provider"
	"github.com/commercetf/terraform-provider-commerce/internal/registry"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// providers serves the provider in-process; it reads every setting from the
// COMMERCE_* environment, as a team's CI would configure it.
var providers = map[string]func() (tfprotov6.ProviderServer, error){
	"commerce": provider.NewProtocol6Server("live-test"),
}

// providerBlock is empty on purpose: everything comes from the environment.
const providerBlock = "provider \"commerce\" {}\n"

func TestMain(m *testing.M) {
	_ = os.Setenv("CHECKPOINT_DISABLE", "1")
	os.Exit(m.Run())
}

// howToRun says what the suite needs, from the registry: every platform and
// the settings each needs (its description's own messages for a block
// without settings), in the variables the provider reads (provider.Variables).
func howToRun() string {
	var b strings.Builder
	fmt.Fprintf(&b, "To run the live suite against your own tenant, set %s (%s by default) and that platform's settings, "+
		"each as COMMERCE_<PLATFORM>_<SETTING> or COMMERCE_<SETTING>. What each platform needs:\n", platformEnv, registry.Platforms[0].Name)
	for _, p := range registry.Platforms {
		for _, e := range p.CheckSettings(customers.Settings{}, strings.ToUpper) {
			fmt.Fprintf(&b, "  %s: %s\n", p.Name, e.Detail)
		}
	}
	b.WriteString("Optional: COMMERCE_ACC_CUSTOMER_ID=<customer id> also adopts that customer with commerce_customer, changes its comments " +
		"and restores them; MAX_RPS throttles the requests. The lookups are read-only; nothing is ever created or deleted.")
	return b.String()
}

// platformEnv names the platform of the suite's empty provider block.
const platformEnv = customers.EnvPrefix + "PLATFORM"

// livePlatform returns the configured platform, or skips the test with what
// to set when the environment lacks a setting: the settings are looked up as
// the provider looks them up (the platform's variable, then the generic one,
// from the provider's one list of variables) and checked by the platform's
// description.
func livePlatform(t *testing.T) string {
	t.Helper()
	name := os.Getenv(platformEnv)
	if name == "" {
		name = registry.Platforms[0].Name
	}
	i := slices.IndexFunc(registry.Platforms, func(p registry.Platform) bool { return p.Name == name })
	require.True(t, i >= 0, "%s=%q is not a platform\n%s", platformEnv, name, howToRun())
	p := registry.Platforms[i]
	// The list has the generic variables before each platform's own, which
	// take precedence, as in the provider.
	settings, where := customers.Settings{}, map[string][]string{}
	for _, v := range provider.Variables() {
		if v.Attr == "" || (v.Platform != "" && v.Platform != name) {
			continue
		}
		if val := os.Getenv(v.Name); val != "" {
			settings[v.Attr] = val
		}
		where[v.Attr] = append([]string{v.Name}, where[v.Attr]...)
	}
	var missing []string
	for _, e := range p.CheckSettings(settings, func(attr string) string { return attr + " (" + strings.Join(where[attr], " or ") + ")" }) {
		missing = append(missing, e.Detail)
	}
	if len(missing) > 0 {
		t.Skipf("live acceptance tests skipped: %s\n\n%s", strings.Join(missing, "\n"), howToRun())
	}
	return name
}

// guaranteed are the customer fields platform always fills (its sandbox
// kit's Always), so a live lookup must return them non-empty.
func guaranteed(platform string) []string { return sandbox.KitFor(platform).Always }

// matchFilter is a filter built from a customer's own value (the platform's
// sandbox kit's MatchFilter), so that it is sure to match at least that
// customer; "" where the platform has none (Truto, whose filters depend on
// the integration: the ids filter covers it).
func matchFilter(platform string, c map[string]string) (attr, value string) {
	attr = sandbox.KitFor(platform).MatchFilter
	return attr, c[attr]
}

func TestLive(t *testing.T) {
	platform := livePlatform(t)
	t.Run("lookups", func(t *testing.T) { testLookups(t, platform) })
	t.Run("customer_resource", func(t *testing.T) { testCustomerResource(t, platform) })
}

// testLookups reads the first customers, then looks the first one up by id
// (both data sources) and by a filter it matches, checking the fields the
// platform guarantees. Read-only.
func testLookups(t *testing.T, platform string) {
	var first []map[string]string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: providerBlock + `
data "commerce_customers" "first" {
  max_results = 3
  include_raw = true
}
`,
			Check: func(s *terraform.State) error {
				list, attrs, err := listedCustomers(s, "data.commerce_customers.first")
				if err != nil {
					return err
				}
				if len(list) > 3 {
					return fmt.Errorf("max_results = 3 returned %d customers", len(list))
				}
				if total, _ := strconv.Atoi(attrs["total_results"]); total < len(list) {
					return fmt.Errorf("total_results = %d, fewer than the %d customers returned", total, len(list))
				}
				if err := checkGuaranteed(platform, list); err != nil {
					return err
				}
				first = list
				return nil
			},
		}},
	})
	if len(first) == 0 {
		if !t.Failed() {
			t.Skip("the tenant has no customers: the lookups by id and by filter need one")
		}
		return
	}

	c := first[0]
	vars := config.Variables{"id": config.StringVariable(c["id"])}
	hcl := providerBlock + `
variable "id" {
  type = string
}

data "commerce_customers" "by_id" {
  ids         = [var.id]
  max_results = 1
}

data "commerce_customer" "by_id" {
  id          = var.id
  include_raw = true
}
`
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.commerce_customers.by_id", tfjsonpath.New("customers"), knownvalue.ListSizeExact(1)),
		statecheck.ExpectKnownValue("data.commerce_customers.by_id", tfjsonpath.New("customers").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact(c["id"])),
		statecheck.ExpectKnownValue("data.commerce_customer.by_id", tfjsonpath.New("id"), knownvalue.StringExact(c["id"])),
	}
	for _, field := range guaranteed(platform) {
		checks = append(checks, statecheck.ExpectKnownValue("data.commerce_customer.by_id", tfjsonpath.New(field), knownvalue.StringRegexp(nonEmpty)))
	}
	if platform == "sellercloud" {
		// The full record: the fields commerce_customer manages are set, and
		// the exactly-one lookup by a filter finds the same customer (the
		// server applies customerIds, so this costs one small page).
		hcl += `
data "commerce_customer" "by_filter" {
  filter = {
    ids = [var.id]
  }
}
`
		checks = append(checks,
			statecheck.ExpectKnownValue("data.commerce_customer.by_id", tfjsonpath.New("is_wholesale"), knownvalue.NotNull()),
			statecheck.ExpectKnownValue("data.commerce_customer.by_id", tfjsonpath.New("company_id"), knownvalue.NotNull()),
			statecheck.ExpectKnownValue("data.commerce_customer.by_id", tfjsonpath.New("customer_type"), knownvalue.StringExact(c["customer_type"])),
			statecheck.ExpectKnownValue("data.commerce_customer.by_filter", tfjsonpath.New("id"), knownvalue.StringExact(c["id"])))
	}
	attr, value := matchFilter(platform, c)
	if attr != "" {
		vars["filter_value"] = config.StringVariable(value)
		hcl += fmt.Sprintf(`
variable "filter_value" {
  type = string
}

data "commerce_customers" "filtered" {
  %s  = var.filter_value
  max_results = 3
}
`, attr)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config:            hcl,
			ConfigVariables:   vars,
			ConfigStateChecks: checks,
			Check: func(s *terraform.State) error {
				if err := checkRaw(s, "data.commerce_customer.by_id"); err != nil {
					return err
				}
				if attr == "" {
					return nil
				}
				list, _, err := listedCustomers(s, "data.commerce_customers.filtered")
				if err != nil {
					return err
				}
				if len(list) == 0 || len(list) > 3 {
					return fmt.Errorf("%s = %q with max_results = 3 returned %d customers, want 1 to 3 (customer %s matches it)", attr, value, len(list), c["id"])
				}
				for _, got := range list {
					if !strings.EqualFold(got[attr], value) && !strings.Contains(value, "*") {
						return fmt.Errorf("%s = %q returned customer %s with %s = %q", attr, value, got["id"], attr, got[attr])
					}
				}
				return nil
			},
		}},
	})
}

// testCustomerResource adopts COMMERCE_ACC_CUSTOMER_ID, sets its comments to
// a unique marker, changes the marker, reads it back and imports it, checking
// that every apply is followed by an empty plan. The original comments are
// put back by a cleanup that runs whatever happened before it.
func testCustomerResource(t *testing.T, platform string) {
	id := os.Getenv("COMMERCE_ACC_CUSTOMER_ID")
	if id == "" {
		t.Skip("set COMMERCE_ACC_CUSTOMER_ID to a Sellercloud customer id to also test commerce_customer: " +
			"it adopts that customer, changes its comments and restores them (use a customer kept for testing)")
	}
	if platform != "sellercloud" {
		t.Skipf("COMMERCE_ACC_CUSTOMER_ID is set, but commerce_customer manages Sellercloud customers only (platform %s)", platform)
	}
	n, err := strconv.Atoi(id)
	require.NoError(t, err, "COMMERCE_ACC_CUSTOMER_ID=%q: want a Sellercloud customer id, a positive whole number", id)
	require.Positive(t, n, "COMMERCE_ACC_CUSTOMER_ID=%q: want a Sellercloud customer id, a positive whole number", id)

	original, ok := readComments(t, id)
	if !ok {
		return // the read failed and said why; nothing was changed
	}
	t.Cleanup(func() { restoreComments(t, id, original) })

	marker := "terraform-provider-commerce live test " + time.Now().UTC().Format(time.RFC3339) + " " + randomHex(4)
	const address = "commerce_customer.live"
	hcl := providerBlock + `
variable "customer_id" {
  type = string
}

variable "comments" {
  type = string
}

resource "commerce_customer" "live" {
  customer_id = var.customer_id
  comments    = var.comments
}
`
	withComments := func(comments string) config.Variables {
		return config.Variables{"customer_id": config.StringVariable(id), "comments": config.StringVariable(comments)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{
			{
				// Adopt: the plan creates (adopts), apply sends the marker,
				// and the plan after apply is empty.
				Config:          hcl,
				ConfigVariables: withComments(marker),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue(address, tfjsonpath.New("comments"), knownvalue.StringExact(marker)),
				},
			},
			{
				// Change the managed field: an in-place update, then no diff.
				Config:          hcl,
				ConfigVariables: withComments(marker + " (changed)"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(address, tfjsonpath.New("comments"), knownvalue.StringExact(marker+" (changed)")),
				},
			},
			{
				// The platform really stores it: a fresh read sees the marker.
				Config: hcl + `
data "commerce_customer" "live" {
  id = var.customer_id
}
`,
				ConfigVariables: withComments(marker + " (changed)"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.commerce_customer.live", tfjsonpath.New("comments"), knownvalue.StringExact(marker+" (changed)")),
				},
			},
			{
				// Import by id gives the same state, but for Sellercloud's
				// custom columns: an import keeps every column the customer
				// has (so generated configuration plans clean), the applied
				// state only the configured ones.
				Config:                  hcl,
				ConfigVariables:         withComments(marker + " (changed)"),
				ResourceName:            address,
				ImportState:             true,
				ImportStateId:           id,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"custom_columns"},
			},
		},
		// Destroy only forgets the customer; the cleanup adopts it again,
		// which fails if it no longer exists.
	})
}

// readComments reads the customer's current comments through the data
// source, before anything changes them.
func readComments(t *testing.T, id string) (string, bool) {
	t.Helper()
	var comments string
	read := false
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: providerBlock + `
variable "customer_id" {
  type = string
}

data "commerce_customer" "before" {
  id = var.customer_id
}
`,
			ConfigVariables: config.Variables{"customer_id": config.StringVariable(id)},
			Check: func(s *terraform.State) error {
				rs, ok := s.RootModule().Resources["data.commerce_customer.before"]
				if !ok {
					return fmt.Errorf("data.commerce_customer.before is not in the state")
				}
				comments, read = rs.Primary.Attributes["comments"], true
				return nil
			},
		}},
	})
	return comments, read && !t.Failed()
}

// restoreComments puts the original comments back through the provider: it
// adopts the customer again (which also proves that destroy did not delete
// it), applies the original value, and reads it back. On failure it says
// what the value was, so that a person can restore it.
func restoreComments(t *testing.T, id, original string) {
	restored := false
	defer func() {
		assert.True(t, restored, "customer %s: its comments were NOT restored; set them back by hand to %q", id, original)
	}()
	vars := config.Variables{"customer_id": config.StringVariable(id), "comments": config.StringVariable(original)}
	hcl := providerBlock + `
variable "customer_id" {
  type = string
}

variable "comments" {
  type = string
}

resource "commerce_customer" "restore" {
  customer_id = var.customer_id
  comments    = var.comments
}

data "commerce_customer" "after" {
  id         = var.customer_id
  depends_on = [commerce_customer.restore]
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config:          hcl,
			ConfigVariables: vars,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("commerce_customer.restore", tfjsonpath.New("comments"), knownvalue.StringExact(original)),
				statecheck.ExpectKnownValue("data.commerce_customer.after", tfjsonpath.New("comments"), knownvalue.StringExact(original)),
			},
			Check: func(*terraform.State) error { restored = true; return nil },
		}},
	})
}

// listedCustomers returns the customers of a commerce_customers data source
// in the state, each as its attributes, and the data source's attributes.
func listedCustomers(s *terraform.State, address string) ([]map[string]string, map[string]string, error) {
	rs, ok := s.RootModule().Resources[address]
	if !ok {
		return nil, nil, fmt.Errorf("%s is not in the state", address)
	}
	attrs := rs.Primary.Attributes
	n, err := strconv.Atoi(attrs["customers.#"])
	if err != nil {
		return nil, nil, fmt.Errorf("%s: customers.# = %q", address, attrs["customers.#"])
	}
	list := make([]map[string]string, n)
	for i := range list {
		prefix := fmt.Sprintf("customers.%d.", i)
		list[i] = map[string]string{}
		for k, v := range attrs {
			if field, ok := strings.CutPrefix(k, prefix); ok {
				list[i][field] = v
			}
		}
	}
	return list, attrs, nil
}

func checkGuaranteed(platform string, list []map[string]string) error {
	for i, c := range list {
		for _, field := range guaranteed(platform) {
			if strings.TrimSpace(c[field]) == "" {
				return fmt.Errorf("customer %d (id %q): %s is empty, but %s always fills it", i, c["id"], field, platform)
			}
		}
		if !json.Valid([]byte(c["raw"])) {
			return fmt.Errorf("customer %d (id %q): raw is not JSON", i, c["id"])
		}
	}
	return nil
}

func checkRaw(s *terraform.State, address string) error {
	rs, ok := s.RootModule().Resources[address]
	if !ok {
		return fmt.Errorf("%s is not in the state", address)
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(rs.Primary.Attributes["raw"]), &obj); err != nil || len(obj) == 0 {
		return fmt.Errorf("%s: raw is not a JSON object (%v)", address, err)
	}
	return nil
}

var nonEmpty = regexp.MustCompile(`\S`)

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
