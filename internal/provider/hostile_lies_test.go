package provider_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// Acceptance tests against servers whose answers are well-formed but wrong
// (issue 19), through the real terraform CLI: a record of another customer,
// a list envelope that is {}, null or a maintenance object, a next page
// spelled in a way the client does not know, list items without a usable
// id, HTML instead of JSON, and ids that must be escaped exactly once.

// liar is one platform as these tests lie to it: its provider block, its
// sandbox seeding, two of its customer ids, and its paths under the
// sandbox's root as the sandbox serves them and as errors name them, all
// from the platform's sandbox kit.
type liar struct {
	platform string
	provider func(url string, extra ...string) string
	opts     sandbox.Options
	ids      func(sb *sandbox.Server) []string
	root     string
	list     string              // the list path under root
	record   func(string) string // a record's path under root
}

// routeParam is a path parameter of a sandbox route: {id}, {customerId}.
var routeParam = regexp.MustCompile(`\{[^}]*\}`)

// liars are the sandbox's platforms, in its kits' order (the default one
// first, then by name).
var liars = func() []liar {
	var out []liar
	for _, k := range sandbox.Kits() {
		path := func(route string) string { _, p, _ := strings.Cut(route, " "); return strings.TrimPrefix(p, k.Root) }
		out = append(out, liar{
			platform: k.Name,
			provider: func(url string, extra ...string) string { return acctest.SandboxProvider(k.Name, url, extra...) },
			opts:     sandbox.Options{Customers: 5},
			ids:      func(sb *sandbox.Server) []string { return sb.Listed(k.Name) },
			root:     k.Root,
			// The list's own path parameter is the reseller of the
			// sandbox's seed (Adobe's /v3/resellers/{reseller}/customers).
			list:   routeParam.ReplaceAllString(path(k.ListRoute), sandbox.DefaultResellerID),
			record: func(id string) string { return routeParam.ReplaceAllLiteralString(path(k.GetRoute), id) },
		})
	}
	return out
}()

// lieWith answers the requests for path (under the sandbox's root) with a
// 200 and the body that body returns when it is not "" (the honest sandbox
// answers otherwise), and counts the lies told.
func lieWith(path string, body func() string, told *atomic.Int32) func(w http.ResponseWriter, r *http.Request) bool {
	return func(w http.ResponseWriter, r *http.Request) bool {
		b := body()
		if r.URL.Path != path || b == "" {
			return false
		}
		told.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(b))
		return true
	}
}

// TestAccLies_recordOfAnotherCustomer (issue 19, case 1): GET of customer A
// answered with customer B's record fails the single-customer read on every
// platform, naming the request and both ids: the data source never returns
// B as A, and nothing reaches the state.
func TestAccLies_recordOfAnotherCustomer(t *testing.T) {
	for _, p := range liars {
		t.Run(p.platform, func(t *testing.T) {
			sb, sbURL := acctest.StartSandbox(t, p.opts)
			ids := p.ids(sb)
			a, b := ids[0], ids[1]
			front := hostileFront(t, sbURL, func(_ http.ResponseWriter, r *http.Request) bool {
				if r.Method == http.MethodGet && r.URL.Path == p.root+p.record(a) {
					r.URL.Path = p.root + p.record(b) // the sandbox serves B's record
				}
				return false
			})
			acctest.Test(t, resource.TestStep{
				Config: p.provider(front.URL) + fmt.Sprintf("data \"commerce_customer\" \"a\" {\n  id = %q\n}\n", a),
				ExpectError: acctest.ErrorLike(`GET ` + regexp.QuoteMeta(p.record(a)) + `: .*the record asked for as customer "` + a +
					`" is customer "` + b + `": it was not used`),
			})
		})
	}
}

// TestAccLies_adobeWriteTargetIsTheConfiguredAccount (issue 19, case 1):
// Adobe answers GET /v3/customers/A with B's record. Planning the adoption
// of A fails; and when the lie starts only after a plan was saved, applying
// it fails at the read before the PATCH: no PATCH goes anywhere, A and B are
// unchanged, and the state holds nothing.
func TestAccLies_adobeWriteTargetIsTheConfiguredAccount(t *testing.T) {
	sb, sbURL := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	const a, b = "1006374001", "1006374002"
	before := map[string]sandbox.AdobeCustomer{a: mustAdobe(t, sb, a), b: mustAdobe(t, sb, b)}
	var lying atomic.Bool
	front := hostileFront(t, sbURL, func(_ http.ResponseWriter, r *http.Request) bool {
		if lying.Load() && r.Method == http.MethodGet && r.URL.Path == sandbox.AdobeVIPRoot+"/v3/customers/"+a {
			r.URL.Path = sandbox.AdobeVIPRoot + "/v3/customers/" + b
		}
		return false
	})
	config := adobeProvider(front.URL) + `
resource "commerce_adobe_vip_customer" "a" {
  customer_id = "` + a + `"
  address = {
    city = "Written To The Wrong Account"
  }
}
`
	want := `GET /v3/customers/` + a + `: the record asked for as customer "` + a + `" is customer "` + b + `": it was not used`
	tf := acctest.NewCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", acctest.CLIHeader+config)
	require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())

	lying.Store(true)
	_, err := tf.Plan(ctx, tf.Reattach)
	require.Error(t, err)
	assert.Regexp(t, acctest.ErrorLike(want), tf.Output())

	lying.Store(false)
	changes, err := tf.Plan(ctx, tf.Reattach, tfexec.Out("adopt.tfplan"))
	require.NoError(t, err, tf.Output())
	require.True(t, changes)
	lying.Store(true)
	require.Error(t, tf.Apply(ctx, tf.Reattach, tfexec.DirOrPlan("adopt.tfplan")))
	assert.Regexp(t, acctest.ErrorLike(`Reading the customer account failed.*`+want), tf.Output())

	assert.Zero(t, sb.Count("PATCH "+sandbox.AdobeVIPRoot+"/v3/customers/{id}"), "no PATCH was sent")
	for id, was := range before {
		assert.Equal(t, was, mustAdobe(t, sb, id), "account %s is unchanged", id)
	}
	state, err := tf.Show(ctx, tf.Reattach)
	require.NoError(t, err)
	assert.True(t, state.Values == nil || len(state.Values.RootModule.Resources) == 0, "nothing in state")
}

// TestAccLies_sellercloudRecordWithoutGeneral (issue 19, case 3): a
// Sellercloud record of {} (or without its General object) is an error for
// the data source and the resource, never a customer with every field empty.
func TestAccLies_sellercloudRecordWithoutGeneral(t *testing.T) {
	sb, sbURL := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	var body atomic.Value
	var told atomic.Int32
	front := hostileFront(t, sbURL, lieWith(sandbox.SellercloudRoot+"/Customers/10001", func() string { s, _ := body.Load().(string); return s }, &told))
	var steps []resource.TestStep
	for _, lie := range []string{`{}`, `null`, `{"Internal":{"CompanyID":1},"Personal":{}}`} {
		steps = append(steps,
			resource.TestStep{
				PreConfig:   func() { body.Store(lie) },
				Config:      sellercloudProvider(front.URL) + `data "commerce_customer" "c" { id = "10001" }`,
				ExpectError: acctest.ErrorLike(`GET /Customers/10001: the answer is not a customer: it has no "General" object`),
			},
			resource.TestStep{
				Config:      sellercloudProvider(front.URL) + "resource \"commerce_customer\" \"c\" {\n  customer_id = \"10001\"\n  comments = \"x\"\n}\n",
				ExpectError: acctest.ErrorLike(`GET /Customers/10001: the answer is not a customer: it has no "General" object`),
			})
	}
	acctest.Test(t, steps...)
	assert.EqualValues(t, 6, told.Load())
	assert.Zero(t, sb.Count("PUT "+sandbox.SellercloudRoot+"/Customers/{id}"), "nothing was written")
}

// TestAccLies_envelopesMustHaveTheirKeys (issue 19, case 3): a 200 whose
// body is {}, null or a maintenance object fails the lookup on every
// platform with an error naming the host, the path and what was missing;
// the resources built from the previous honest read are not planned for
// destruction (a for_each or count over an empty list would be).
func TestAccLies_envelopesMustHaveTheirKeys(t *testing.T) {
	for _, p := range liars {
		t.Run(p.platform, func(t *testing.T) {
			_, sbURL := acctest.StartSandbox(t, p.opts)
			var body atomic.Value
			body.Store("")
			var told atomic.Int32
			front := hostileFront(t, sbURL, lieWith(p.root+p.list, func() string { return body.Load().(string) }, &told))
			config := p.provider(front.URL) + `
data "commerce_customers" "all" {}
resource "terraform_data" "per_customer" {
  count = length(data.commerce_customers.all.customers)
  input = data.commerce_customers.all.customers[count.index].id
}
`
			host := regexp.QuoteMeta(strings.TrimPrefix(front.URL, "http://"))
			path := regexp.QuoteMeta(p.list)
			steps := []resource.TestStep{{
				PreConfig: func() { body.Store("") },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.commerce_customers.all", tfjsonpath.New("customers"), knownvalue.ListSizeExact(5)),
				},
			}}
			for _, lie := range []struct{ body, says string }{
				{`{}`, `it is an empty object`},
				{`null`, `it is null`},
				{`{"status":"maintenance","message":"Back at 06:00 UTC"}`, `its keys are "message", "status"`},
			} {
				steps = append(steps,
					resource.TestStep{
						PreConfig:   func() { body.Store(lie.body) },
						Config:      config,
						ExpectError: acctest.ErrorLike(host + `: GET ` + path + `: the answer is not a customer list: it has no .*` + regexp.QuoteMeta(lie.says)),
					},
					// Honest again: nothing was destroyed, the plan is empty.
					resource.TestStep{PreConfig: func() { body.Store("") }, Config: config, PlanOnly: true})
			}
			acctest.Test(t, steps...)
			assert.EqualValues(t, 3, told.Load())
		})
	}
}

// TestAccLies_nextPageSpelledOtherwise (issue 19, case 3): a cursor API
// whose next page is spelled in a way the client does not know (Connect's
// pagination.next_cursor or a link, Truto's nextCursor) fails the read
// after page 1 with an error naming what it found, never a list cut after
// page 1; so does an offset page without its paging key.
func TestAccLies_nextPageSpelledOtherwise(t *testing.T) {
	for _, tc := range []struct {
		p            liar
		first, error string
	}{
		{liars[2], `{"items":[{"customerId":"c-1"}],"pagination":{"next_cursor":"b2Zmc2V0PTE="}}`,
			`GET /customers: the next page cannot be read: pagination has neither "nextCursor" nor "total" and "offset" \(its keys are "next_cursor"\)`},
		{liars[2], `{"items":[{"customerId":"c-1"}],"pagination":{"next":"/customers?cursor=abc"}}`, `\(its keys are "next"\)`},
		{liars[3], `{"result":[{"id":"1"}],"nextCursor":"abc"}`,
			`GET /unified/ecommerce/customers: the next page cannot be read: the answer has no "next_cursor" \(null on the last page; its keys are "nextCursor", "result"\)`},
		{liars[1], `{"accounts":[{"customerId":"1006374000"}],"count":1,"offset":0,"limit":50}`, `has no "totalCount" number`},
		{liars[0], `{"Items":[{"UserID":10001}]}`, `has no "TotalResults" number`},
	} {
		t.Run(tc.p.platform, func(t *testing.T) {
			_, sbURL := acctest.StartSandbox(t, tc.p.opts)
			var told atomic.Int32
			front := hostileFront(t, sbURL, lieWith(tc.p.root+tc.p.list, func() string { return tc.first }, &told))
			acctest.Test(t, resource.TestStep{
				Config:      tc.p.provider(front.URL) + `data "commerce_customers" "all" {}`,
				ExpectError: acctest.ErrorLike(tc.error),
			})
			assert.EqualValues(t, 1, told.Load(), "the list stopped at the page it could not read")
		})
	}
}

// TestAccLies_phantomCustomers (issue 19, case 5): a list item without an
// id, with an id of spaces, or (Sellercloud) with a UserID that is not
// positive fails the read on every platform, never a customer "0" or "".
func TestAccLies_phantomCustomers(t *testing.T) {
	for _, tc := range []struct {
		p           liar
		body, error string
	}{
		{liars[0], `{"Items":[{"Email":"ghost@example.test","FirstName":"No","LastName":"Id"}],"TotalResults":1}`, `item 0: a customer has no UserID`},
		{liars[0], `{"Items":[{"UserID":0,"Email":"ghost@example.test"}],"TotalResults":1}`, `item 0: a customer's UserID: "0" is not a Sellercloud customer id \(a whole number from 1 to 2147483647\)`},
		{liars[1], `{"totalCount":1,"accounts":[{"customerId":"   ","status":"1000"}]}`, `item 0: a customer has no usable customerId: the id is missing, null, empty or blank`},
		{liars[2], `{"items":[{"customerId":"   ","name":"Ghost"}],"pagination":{"nextCursor":null}}`, `item 0: a customer has no usable customerId: the id is missing, null, empty or blank`},
		{liars[3], `{"result":[{"id":null,"name":"Ghost"}],"next_cursor":null}`, `item 0: a customer has no usable id: the id is missing, null, empty or blank`},
	} {
		t.Run(tc.p.platform, func(t *testing.T) {
			_, sbURL := acctest.StartSandbox(t, tc.p.opts)
			var told atomic.Int32
			front := hostileFront(t, sbURL, lieWith(tc.p.root+tc.p.list, func() string { return tc.body }, &told))
			acctest.Test(t, resource.TestStep{
				Config:      tc.p.provider(front.URL) + `data "commerce_customers" "all" {}`,
				ExpectError: acctest.ErrorLike(`GET ` + regexp.QuoteMeta(tc.p.list) + `: ` + tc.error),
			})
		})
	}
}

// TestAccLies_htmlAnswers: a maintenance page answered with 200 and an
// error page answered with 503 say that the server answered HTML, with the
// status, the content type and the page's title, not a JSON decoder's
// message.
func TestAccLies_htmlAnswers(t *testing.T) {
	_, sbURL := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	var status atomic.Int32
	front := hostileFront(t, sbURL, func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasSuffix(r.URL.Path, "/Customers") {
			return false
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(int(status.Load()))
		_, _ = w.Write([]byte("<!DOCTYPE html>\n<html><head><title>Scheduled maintenance</title></head><body><h1>Back soon</h1></body></html>"))
		return true
	})
	acctest.Test(t,
		resource.TestStep{
			PreConfig: func() { status.Store(http.StatusOK) },
			Config:    sellercloudProvider(front.URL) + `data "commerce_customers" "all" {}`,
			ExpectError: acctest.ErrorLike(`GET /Customers: the server answered HTML \(HTTP 200 OK, Content-Type: text/html; charset=utf-8\), not JSON: ` +
				`its title is "Scheduled maintenance"`),
		},
		resource.TestStep{
			PreConfig: func() { status.Store(http.StatusServiceUnavailable) },
			Config:    sellercloudProvider(front.URL, "max_retries = 0") + `data "commerce_customers" "all" {}`,
			ExpectError: acctest.ErrorLike(`GET /Customers: HTTP 503 Service Unavailable: the server answered HTML \(HTTP 503 Service Unavailable, ` +
				`Content-Type: text/html; charset=utf-8\), not JSON: its title is "Scheduled maintenance"`),
		},
	)
}

// escapeIDs are ids that must be escaped in a URL path: a slash, a
// non-ASCII letter, a percent sign and a space.
var escapeIDs = []string{"a/b", "kundé", "50%", "x y"}

// freeTextKits are the kits of the platforms whose customer ids may be any
// text: every escapeID is an id of theirs.
func freeTextKits() []*sandbox.Kit {
	var out []*sandbox.Kit
	for _, k := range sandbox.Kits() {
		p, _ := tfkit.PlatformNamed(k.Name)
		if !slices.ContainsFunc(escapeIDs, func(id string) bool { return p.CheckID(id) != nil }) {
			out = append(out, k)
		}
	}
	return out
}

// escapeRecorder is an API of the free-text platforms whose single-customer
// GET (each kit's GetRoute) answers the id it was asked for, under both
// keys those records carry their id in ("customerId", "id"), and records
// the paths as they arrived (escaped as sent).
type escapeRecorder struct {
	mu   sync.Mutex
	uris []string
}

func (e *escapeRecorder) start(t *testing.T, kits []*sandbox.Kit) string {
	mux := http.NewServeMux()
	for _, k := range kits {
		param := strings.Trim(routeParam.FindString(k.GetRoute), "{}")
		mux.HandleFunc(k.GetRoute, func(w http.ResponseWriter, r *http.Request) {
			e.mu.Lock()
			e.uris = append(e.uris, r.URL.EscapedPath())
			e.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			_, _ = fmt.Fprintf(w, `{"customerId":%q,"id":%[1]q,"name":"Escaped Once"}`, r.PathValue(param))
		})
	}
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts.URL
}

// paths are the distinct escaped paths requested.
func (e *escapeRecorder) paths() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for _, u := range e.uris {
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// TestAccLies_idsEscapedOnce (issue 19, case 6): on every platform whose
// ids may be any text, ids with a slash, a non-ASCII letter and a percent
// sign reach the server escaped exactly once (a/b as a%2Fb, kundé as
// kund%C3%A9) and read the customer; "." and ".." are plan-time errors on
// every platform, before any request, as are ids that are not Adobe ids in
// Adobe's data source (the resource's check: TestAccLies_dotIDsRefusedAtPlan).
func TestAccLies_idsEscapedOnce(t *testing.T) {
	kits := freeTextKits()
	require.NotEmpty(t, kits, "a platform whose ids may be any text")
	rec := &escapeRecorder{}
	url := rec.start(t, kits)
	var steps []resource.TestStep
	var want []string
	for _, k := range kits {
		_, route, _ := strings.Cut(k.GetRoute, " ")
		for _, id := range escapeIDs {
			steps = append(steps, resource.TestStep{
				Config: acctest.SandboxProvider(k.Name, url) + fmt.Sprintf("data \"commerce_customer\" \"c\" {\n  id = %q\n}\n", id),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.commerce_customer.c", tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue("data.commerce_customer.c", tfjsonpath.New("name"), knownvalue.StringExact("Escaped Once")),
				},
			})
		}
		for _, escaped := range []string{"a%2Fb", "kund%C3%A9", "50%25", "x%20y"} {
			want = append(want, routeParam.ReplaceAllLiteralString(route, escaped))
		}
	}
	acctest.Test(t, steps...)
	assert.ElementsMatch(t, want, rec.paths())
}

// TestAccLies_dotIDsRefusedAtPlan (issue 19, case 6): "." and ".." are
// plan-time errors on every platform, as a data source id and in the ids
// filter, and Adobe's data source refuses what its resource refuses; no
// request is sent.
func TestAccLies_dotIDsRefusedAtPlan(t *testing.T) {
	rec := testutil.NewRecorder(t)
	var steps []resource.TestStep
	for _, p := range liars {
		for _, id := range []string{".", ".."} {
			steps = append(steps,
				resource.TestStep{
					Config:      p.provider(rec.URL) + fmt.Sprintf("data \"commerce_customer\" \"c\" {\n  id = %q\n}\n", id),
					PlanOnly:    true,
					ExpectError: acctest.ErrorLike(`Invalid id.*id: ` + regexp.QuoteMeta(fmt.Sprintf("%q", id)) + ` is not an? .* customer id`),
				},
				resource.TestStep{
					Config:      p.provider(rec.URL) + fmt.Sprintf("data \"commerce_customers\" \"c\" {\n  ids = [%q]\n}\n", id),
					PlanOnly:    true,
					ExpectError: acctest.ErrorLike(`Invalid .* customer id.*` + regexp.QuoteMeta(fmt.Sprintf("%q", id)) + ` is not an? .* customer id`),
				})
		}
	}
	steps = append(steps, resource.TestStep{
		Config:      adobeProvider(rec.URL) + "data \"commerce_customer\" \"c\" {\n  id = \"no\"\n}\n",
		PlanOnly:    true,
		ExpectError: acctest.ErrorLike(`"no" is not an Adobe VIP Marketplace customer id \(4 to 40 letters, digits and hyphens\)`),
	})
	acctest.Test(t, steps...)
	assert.Zero(t, rec.Calls(), "no request was sent")
}

// TestAccLies_detailReadsCheckTheRecord (issue 19, case 1): the full-record
// reads of a lookup (include_details on Adobe's sparse list) and of a query
// (include_resource, Terraform 1.14) fail when a record is another
// customer's, instead of presenting B's fields as A's.
func TestAccLies_detailReadsCheckTheRecord(t *testing.T) {
	t.Run("include_details", func(t *testing.T) {
		sb, sbURL := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
		ids := sb.Listed("adobe_vip")
		front := hostileFront(t, sbURL, func(_ http.ResponseWriter, r *http.Request) bool {
			if r.Method == http.MethodGet && r.URL.Path == sandbox.AdobeVIPRoot+"/v3/customers/"+ids[1] {
				r.URL.Path = sandbox.AdobeVIPRoot + "/v3/customers/" + ids[2]
			}
			return false
		})
		acctest.Test(t, resource.TestStep{
			Config: adobeProvider(front.URL) + "data \"commerce_customers\" \"all\" {\n  include_details = true\n}\n",
			ExpectError: acctest.ErrorLike(`GET /v3/customers/` + ids[1] + `: the record asked for as customer "` + ids[1] + `" is customer "` + ids[2] +
				`": it was not used`),
		})
	})
	t.Run("include_resource", func(t *testing.T) {
		acctest.SkipUnlessCLIHas(t, acctest.CLIListResources)
		_, sbURL := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
		front := hostileFront(t, sbURL, func(_ http.ResponseWriter, r *http.Request) bool {
			if r.Method == http.MethodGet && r.URL.Path == sandbox.SellercloudRoot+"/Customers/10002" {
				r.URL.Path = sandbox.SellercloudRoot + "/Customers/10003"
			}
			return false
		})
		acctest.Test(t, resource.TestStep{
			Query:  true,
			Config: sellercloudProvider(front.URL) + customerListBlock("full", "include_resource = true", "config {}"),
			ExpectError: acctest.ErrorLike(`GET /Customers/10002: General.ID: the record asked for as customer "10002" is customer "10003": ` +
				`it was not used`),
		})
	})
}

// TestDisplayName_sanitised: a list result's display name, which terraform
// query prints, is the server's text: escape sequences are replaced.
func TestDisplayName_sanitised(t *testing.T) {
	assert.Equal(t, "Ada�[2K <ada@example.com>", tfkit.DisplayName("Ada\x1b[2K", "ada@example.com", "1"))
	assert.Equal(t, "�]0;pwned�", tfkit.DisplayName("", "\x1b]0;pwned\x07", "1"))
	assert.Equal(t, "customer c�1 (no name or email)", tfkit.DisplayName("", "", "c\u009b1"))
}
