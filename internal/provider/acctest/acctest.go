// Package acctest is the acceptance tests' support, shared by the test
// packages of the Terraform face (internal/provider and its platform
// packages) and by the live suite: the provider served in-process to the
// real terraform CLI (Test, CLI), the provider binary run as Terraform runs a
// released one (BinaryCLI), the CLI's version and features (SkipUnlessCLIHas),
// the sandbox with each platform's provider block on it (StartSandbox,
// SandboxProvider, from the sandbox's kits), plan and query checks that
// count the requests the sandbox received, and the protocol-level helpers
// of the tests that call the provider's server directly. It names no
// platform. It is for tests only: production code must not import it (lint).
package acctest

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/stretchr/testify/assert"

	"github.com/commercetf/terraform-provider-commerce/internal/provider"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// Providers serves the provider in-process to the terraform CLI.
var Providers = map[string]func() (tfprotov6.ProviderServer, error){
	"commerce": provider.NewProtocol6Server("test"),
}

// Main is the TestMain of an acceptance test package. Acceptance tests read
// provider settings from the config only: a developer's COMMERCE_*
// environment must not leak into them. The list is the provider's own
// (provider.Variables), so no variable is missed.
func Main(m *testing.M) {
	for _, v := range provider.Variables() {
		_ = os.Unsetenv(v.Name)
	}
	_ = os.Setenv("CHECKPOINT_DISABLE", "1")
	code := m.Run()
	removeBuiltProvider()
	os.Exit(code)
}

// StartSandbox runs a sandbox for one test and stops it when the test ends.
func StartSandbox(t *testing.T, opts sandbox.Options) (*sandbox.Server, string) {
	t.Helper()
	return testutil.StartSandbox(t, opts)
}

// Test runs steps as one parallel acceptance test of the provider served
// in-process.
func Test(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: Providers, Steps: steps})
}

// SandboxProvider is a provider block for platform on the sandbox at
// baseURL, with the sandbox's credentials (the platform's sandbox kit);
// extra lines (HCL, e.g. `token = "wrong"`) go inside the block and replace
// a default setting of the same name.
func SandboxProvider(platform, baseURL string, extra ...string) string {
	settings := testutil.Settings(platform, baseURL)
	lines := []string{fmt.Sprintf("platform = %q", platform)}
	for _, name := range slices.Sorted(maps.Keys(settings)) {
		lines = append(lines, fmt.Sprintf("%s = %q", name, settings[name]))
	}
	return ProviderBlock(append(lines, extra...)...)
}

// ProviderBlock is a provider block with the given settings (HCL lines); a
// later line for the same attribute replaces the earlier one.
func ProviderBlock(lines ...string) string {
	var out []string
	for _, l := range lines {
		key, _, _ := strings.Cut(l, "=")
		if i := slices.IndexFunc(out, func(o string) bool {
			k, _, _ := strings.Cut(o, "=")
			return strings.TrimSpace(k) == strings.TrimSpace(key)
		}); i >= 0 {
			out[i] = l
			continue
		}
		out = append(out, l)
	}
	return "provider \"commerce\" {\n  " + strings.Join(out, "\n  ") + "\n}\n"
}

// ErrorLike matches a diagnostic whatever the CLI's line wrapping: each space
// in pattern matches any run of whitespace, and . matches newlines.
func ErrorLike(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}

// NonEmpty matches a string attribute that holds a value (fields a platform
// lacks are "", so NotNull would not tell).
var NonEmpty = knownvalue.StringRegexp(regexp.MustCompile(`\S`))

// IDsOutput checks an output holding a list of ids.
func IDsOutput(name string, ids []string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.StringExact(id)
	}
	return statecheck.ExpectKnownOutputValue(name, knownvalue.ListExact(checks))
}

// HCLList writes values as an HCL list of strings.
func HCLList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = fmt.Sprintf("%q", v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// PlanErrors turns (config, error pattern) pairs into plan-only steps; the
// first resets the sandbox's request log and the step after them asserts that
// none of them sent a request (NoRequestsSince).
func PlanErrors(sb *sandbox.Server, cases [][2]string) []resource.TestStep {
	var steps []resource.TestStep
	for i, c := range cases {
		step := resource.TestStep{Config: c[0], PlanOnly: true, ExpectError: ErrorLike(c[1])}
		if i == 0 {
			step.PreConfig = sb.ResetCounts
		}
		steps = append(steps, step)
	}
	return steps
}

// NoRequestsSince is a PreConfig that checks that nothing reached the sandbox
// since its counts were last reset (by the steps before: plan-time errors).
func NoRequestsSince(t *testing.T, sb *sandbox.Server) func() {
	return func() { assert.Zero(t, sb.TotalRequests(), "requests that reached the sandbox") }
}

// ExpireTokensOn makes the sandbox expire every token it issued when the
// nth request that match picks arrives.
func ExpireTokensOn(sb *sandbox.Server, match func(*http.Request) bool, n int32) {
	var seen atomic.Int32
	sb.BeforeServe(func(r *http.Request) {
		if match(r) && seen.Add(1) == n {
			sb.ExpireTokens()
		}
	})
}

// IsMethod matches the requests of one HTTP method.
func IsMethod(method string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.Method == method }
}

// PlanCheckFunc adapts a function to plancheck.PlanCheck.
type PlanCheckFunc func(plancheck.CheckPlanRequest) error

func (f PlanCheckFunc) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f(req)
}

// PlannedChange is the plan's change of address.
func PlannedChange(req plancheck.CheckPlanRequest, address string) (*tfjson.ResourceChange, error) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address == address {
			return rc, nil
		}
	}
	return nil, fmt.Errorf("no planned change for %s", address)
}

// ResetCounts is a plan check that starts counting requests afresh; as a
// PreApply check it runs after the plan and before the apply.
func ResetCounts(sb *sandbox.Server) plancheck.PlanCheck {
	return PlanCheckFunc(func(plancheck.CheckPlanRequest) error { sb.ResetCounts(); return nil })
}

// ExpectRequests checks how many requests of two routes the sandbox received
// since the last reset (a GET and a write, "GET /Customers/{id}" and "PUT
// /Customers/{id}"), then resets them. As a PostApplyPreRefresh check it sees
// exactly the apply's requests (the plan in between does not refresh); as
// PostApplyPostRefresh it sees one refreshing plan.
func ExpectRequests(sb *sandbox.Server, what, getRoute string, gets int, writeRoute string, writes int) plancheck.PlanCheck {
	return PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
		defer sb.ResetCounts()
		if g, w := sb.Count(getRoute), sb.Count(writeRoute); g != gets || w != writes {
			var seen []string
			for _, r := range sb.Requests() {
				if r.Pattern == getRoute || r.Pattern == writeRoute {
					seen = append(seen, r.Method+" "+r.Path)
				}
			}
			return fmt.Errorf("%s: %d of %s and %d of %s, want %d and %d; sent %v", what, g, getRoute, w, writeRoute, gets, writes, seen)
		}
		return nil
	})
}

// ExpectBefore checks an attribute's value before the planned change (what
// the refresh read), which plancheck has no built-in check for.
func ExpectBefore(address, attr string, want any) plancheck.PlanCheck {
	return PlanCheckFunc(func(req plancheck.CheckPlanRequest) error {
		rc, err := PlannedChange(req, address)
		if err != nil {
			return err
		}
		before, _ := rc.Change.Before.(map[string]any)
		if got := before[attr]; fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("%s.%s before the change is %v, want %v", address, attr, got, want)
		}
		return nil
	})
}

// QueryCheckFunc adapts a function to querycheck.QueryResultCheck.
type QueryCheckFunc func(querycheck.CheckQueryRequest) error

func (f QueryCheckFunc) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	resp.Error = f(req)
}

// ExpectIdentities checks the customer_id identities a list block found, in
// the order they came, and that each came once.
func ExpectIdentities(listAddress string, want []string) querycheck.QueryResultCheck {
	return QueryCheckFunc(func(req querycheck.CheckQueryRequest) error {
		got := []string{}
		for _, r := range req.Query {
			if strings.TrimPrefix(r.Address, "list.") == listAddress {
				got = append(got, fmt.Sprint(r.Identity["customer_id"]))
			}
		}
		if want == nil {
			want = []string{}
		}
		if !slices.Equal(got, want) {
			return fmt.Errorf("%s found %d customers %v, want %d %v", listAddress, len(got), got, len(want), want)
		}
		return nil
	})
}

// ListWire says how a platform's list requests look on the sandbox: the
// list route, its page and size parameters, and the single-customer route.
type ListWire struct {
	ListRoute, PageParam, SizeParam, GetRoute string
}

// WireOf is the list wire of a platform's sandbox kit, with the list's page
// and size parameters.
func WireOf(kit *sandbox.Kit, pageParam, sizeParam string) ListWire {
	return ListWire{kit.ListRoute, pageParam, sizeParam, kit.GetRoute}
}

// Expect checks the requests since the last reset, then resets them: the
// list pages (as "page/size", in any order) and the number of customer GETs.
func (lw ListWire) Expect(sb *sandbox.Server, pages []string, gets int) querycheck.QueryResultCheck {
	return QueryCheckFunc(func(querycheck.CheckQueryRequest) error {
		defer sb.ResetCounts()
		var got []string
		for _, r := range sb.Requests() {
			if r.Pattern == lw.ListRoute {
				got = append(got, r.Query.Get(lw.PageParam)+"/"+r.Query.Get(lw.SizeParam))
			}
		}
		slices.Sort(got)
		pages = slices.Clone(pages)
		slices.Sort(pages)
		if !slices.Equal(got, pages) || sb.Count(lw.GetRoute) != gets {
			return fmt.Errorf("list pages %v and %d customer GETs, want pages %v and %d GETs", got, sb.Count(lw.GetRoute), pages, gets)
		}
		return nil
	})
}

// LoginProvider is the provider block for platform on the sandbox at
// baseURL with one of the kit's other logins (such as "password": a
// username and password instead of a token); extra as for SandboxProvider.
func LoginProvider(platform, login, baseURL string, extra ...string) string {
	kit := sandbox.KitFor(platform)
	i := slices.IndexFunc(kit.Logins, func(l sandbox.Login) bool { return l.Name == login })
	if i < 0 {
		panic("acctest: the sandbox kit of " + platform + " has no login " + login)
	}
	settings := kit.Logins[i].Settings(baseURL)
	lines := []string{fmt.Sprintf("platform = %q", platform)}
	for _, name := range slices.Sorted(maps.Keys(settings)) {
		lines = append(lines, fmt.Sprintf("%s = %q", name, settings[name]))
	}
	return ProviderBlock(append(lines, extra...)...)
}

// ExpectImporting checks that the plan imports address with no other change.
func ExpectImporting(address string) plancheck.PlanCheck {
	return PlanCheckFunc(func(req plancheck.CheckPlanRequest) error {
		rc, err := PlannedChange(req, address)
		if err != nil {
			return err
		}
		if rc.Change.Importing == nil || !rc.Change.Actions.NoOp() {
			return fmt.Errorf("%s: want a no-op import, got %v (importing %v)", address, rc.Change.Actions, rc.Change.Importing != nil)
		}
		return nil
	})
}

// MatchOutput checks that the CLI's output matches each pattern, whatever
// its line wrapping (ErrorLike).
func MatchOutput(t *testing.T, out string, patterns ...string) {
	t.Helper()
	for _, p := range patterns {
		assert.Regexp(t, ErrorLike(p), out)
	}
}
