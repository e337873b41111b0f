package provider_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/assert"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// pagedLie is what a hostile page-number or offset API answers for page
// index (0-based) of size: the customer numbers on the page and the total.
type pagedLie func(index, size int) (ids []int, total int)

// cursorLie is what a hostile cursor API answers at step (0 for the first
// page): the customer numbers on the page and the next cursor ("" = done).
type cursorLie func(step, size int) (ids []int, next string)

// hostileServer speaks one platform's list API, in the shapes of the
// platform's sandbox kit (its list route, its page encoder, its ids). It is
// honest (honestCustomers customers, true totals and cursors) until lie is
// switched on; then it answers with paged or cursor, and counts the requests
// and reads (a read starts with the first page) it answered that way.
type hostileServer struct {
	kit             *sandbox.Kit
	honestCustomers int
	paged           pagedLie
	cursor          cursorLie

	lying atomic.Bool
	mu    sync.Mutex
	steps map[string]int // cursor -> step, for cursorLie
	calls atomic.Int64   // list requests answered while lying
	reads atomic.Int64   // of which first pages
}

func startHostile(t *testing.T, h *hostileServer) string {
	h.steps = map[string]int{}
	mux := http.NewServeMux()
	mux.Handle(h.kit.ListRoute, h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// provider is the provider block for the server's platform.
func (h *hostileServer) provider(url string) string { return acctest.SandboxProvider(h.kit.Name, url) }

// endpoint matches the list endpoint as the platform's errors name it: the
// list route below the platform's root, a path parameter matching any one
// segment.
func (h *hostileServer) endpoint() string {
	route := strings.Replace(h.kit.ListRoute, h.kit.Root, "", 1)
	return regexp.MustCompile(`\\\{[^}]*\}`).ReplaceAllString(regexp.QuoteMeta(route), `[^/]+`)
}

func (h *hostileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := h.kit.ListRequest(r)
	var body any
	if h.kit.Cursor() {
		ids, next := h.step(req.Cursor, req.Size)
		body = h.kit.Page(h.ids(ids), 0, next)
	} else {
		ids, total := h.page(req.Offset/max(1, req.Size), req.Size)
		body = h.kit.Page(h.ids(ids), total, "")
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(body)
}

// ids are the platform's ids of the customer numbers.
func (h *hostileServer) ids(numbers []int) []string {
	out := make([]string, len(numbers))
	for i, n := range numbers {
		out[i] = h.kit.ID(n)
	}
	return out
}

func (h *hostileServer) page(index, size int) ([]int, int) {
	if !h.lying.Load() {
		return numbers(index*size, min((index+1)*size, h.honestCustomers)), h.honestCustomers
	}
	h.calls.Add(1)
	if index == 0 {
		h.reads.Add(1)
	}
	return h.paged(index, size)
}

func (h *hostileServer) step(cursor string, size int) ([]int, string) {
	if !h.lying.Load() {
		from, _ := strconv.Atoi(strings.TrimPrefix(cursor, "o"))
		to := min(from+size, h.honestCustomers)
		if to == h.honestCustomers {
			return numbers(from, to), ""
		}
		return numbers(from, to), "o" + strconv.Itoa(to)
	}
	h.calls.Add(1)
	if cursor == "" {
		h.reads.Add(1)
	}
	h.mu.Lock()
	step := h.steps[cursor]
	h.mu.Unlock()
	ids, next := h.cursor(step, size)
	h.mu.Lock()
	h.steps[next] = step + 1
	h.mu.Unlock()
	return ids, next
}

// numbers are the customer numbers from+1 .. to.
func numbers(from, to int) []int {
	var out []int
	for n := from + 1; n <= to; n++ {
		out = append(out, n)
	}
	return out
}

// hostileKits are the sandbox kits of the registered platforms that page by
// cursor (cursor true) or by page number or offset (false), in registry
// order.
func hostileKits(cursor bool) []*sandbox.Kit {
	var out []*sandbox.Kit
	for _, p := range tfkit.Platforms {
		if k := sandbox.KitFor(p.Name); k.Cursor() == cursor {
			out = append(out, k)
		}
	}
	return out
}

// hostileSteps reads the list honestly, then with the server lying, then
// honestly again: the lying read fails with wantError, and the plan after it
// is empty, so the state still holds the honest read (nothing the hostile
// server sent reached it). dataSource is the data source's body.
func hostileSteps(h *hostileServer, url, dataSource, wantError string) []resource.TestStep {
	config := h.provider(url) + "data \"commerce_customers\" \"all\" {\n" + dataSource + "\n}\n" + `
output "count" {
  value = length(data.commerce_customers.all.customers)
}
output "total" {
  value = data.commerce_customers.all.total_results
}
`
	return []resource.TestStep{
		{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("count", knownvalue.Int64Exact(int64(h.honestCustomers))),
			},
		},
		{
			PreConfig:   func() { h.lying.Store(true) },
			Config:      config,
			ExpectError: acctest.ErrorLike(`Listing customers failed.*nothing was read into state. ` + h.endpoint() + `: ` + wantError),
		},
		{
			PreConfig: func() { h.lying.Store(false) },
			Config:    config,
			PlanOnly:  true,
		},
	}
}

// readLying runs hostileSteps against h and then checks that the lying read
// took at most maxCalls requests.
func readLying(t *testing.T, h *hostileServer, dataSource, wantError string, maxCalls int64) {
	t.Helper()
	url := startHostile(t, h)
	acctest.Test(t, hostileSteps(h, url, dataSource, wantError)...)
	assertBounded(t, h, maxCalls)
}

// assertBounded checks the requests the lying server answered: the lying
// read happened, and took at most maxCalls requests (the failing step reads
// the data source once; a read's passes each start at the first page).
func assertBounded(t *testing.T, h *hostileServer, maxCalls int64) {
	t.Helper()
	calls := h.calls.Load()
	t.Logf("%s: %d requests while lying (%d starting at the first page)", h.kit.Name, calls, h.reads.Load())
	assert.Positive(t, h.reads.Load(), "the lying server was read")
	assert.LessOrEqual(t, calls, maxCalls)
}

func realCustomers(n int) pagedLie {
	return func(index, size int) ([]int, int) {
		return numbers(index*size, min((index+1)*size, n)), 0
	}
}

func withTotal(p pagedLie, total int) pagedLie {
	return func(index, size int) ([]int, int) {
		ids, _ := p(index, size)
		return ids, total
	}
}

// maxPage is the largest page the kit's platform asks for.
func maxPage(k *sandbox.Kit) int {
	p, _ := tfkit.PlatformNamed(k.Name)
	return p.MaxPageSize
}

// TestAccHostilePaging_negativeTotal: a negative total (-5, or -1, on every
// page or offset API) is a clear error after the first page, never a panic.
func TestAccHostilePaging_negativeTotal(t *testing.T) {
	for _, k := range hostileKits(false) {
		for _, total := range []int{-5, -1} {
			t.Run(fmt.Sprintf("%s/%d", k.Name, total), func(t *testing.T) {
				h := &hostileServer{kit: k, honestCustomers: 30, paged: withTotal(realCustomers(150), total)}
				readLying(t, h, "", fmt.Sprintf(`the server reported a negative total \(%d matches\) with page 1`, total), 1)
			})
		}
	}
}

// TestAccHostilePaging_absurdTotal: a total of 10^12 is an error after one
// request, even with max_results set; nothing is sized by it.
func TestAccHostilePaging_absurdTotal(t *testing.T) {
	k := hostileKits(false)[0]
	for name, ds := range map[string]string{"all": "", "max_results": "max_results = 10"} {
		t.Run(name, func(t *testing.T) {
			h := &hostileServer{kit: k, honestCustomers: 10, paged: withTotal(realCustomers(150), 1_000_000_000_000)}
			readLying(t, h, ds, `the server reported 1000000000000 matches with page 1, more than 1000000000: its totals cannot be trusted`, 1)
		})
	}
}

// TestAccHostilePaging_hugeTotalFewPages: a total of 10^7 over 150 real
// customers. Without max_results it is above the ceiling: an error after one
// request. With max_results at the ceiling, pages are issued only while none
// comes back short: each of the 3 passes costs the real pages (3 of 50) plus
// at most the 10 in flight, never the 2,000 pages the total implies.
func TestAccHostilePaging_hugeTotalFewPages(t *testing.T) {
	k := hostileKits(false)[0]
	realPages := int64((150 + maxPage(k) - 1) / maxPage(k))
	cases := map[string]struct {
		dataSource, wantError string
		perRead               int64
	}{
		"all": {"", `the server reports 10000000 matches \(page 1\); one read collects at most 100000 customers: narrow the filters or set max_results`, 1},
		"max_results": {fmt.Sprintf("max_results = %d", customers.MaxCustomersPerRead),
			`the server reported 10000000 matches but 150 distinct customers could be read, 3 times in a row`, 3 * (1 + 10 + realPages)},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			h := &hostileServer{kit: k, honestCustomers: 30, paged: withTotal(realCustomers(150), 10_000_000)}
			readLying(t, h, tc.dataSource, tc.wantError, tc.perRead)
		})
	}
}

// TestAccHostilePaging_pageParameterIgnored: the same page of customers on
// every page with a total of ten pages. Pages that bring only customers
// already read are not progress: the read stops after 3 of them, with the
// first page and the pages already in flight at most the 10 pages the total
// implies.
func TestAccHostilePaging_pageParameterIgnored(t *testing.T) {
	for _, k := range hostileKits(false) {
		t.Run(k.Name, func(t *testing.T) {
			samePage := func(_, size int) ([]int, int) { return numbers(0, size), 10 * size }
			h := &hostileServer{kit: k, honestCustomers: 30, paged: samePage}
			readLying(t, h, "", `pages \d+, \d+ and \d+ brought only customers already read \(the server seems to ignore the page number or offset\); stopped after \d+ requests`, 10)
		})
	}
}

// TestAccHostilePaging_totalRunsAhead: every page reports one page more than
// served, with new customers each time. The read follows it up to the
// provider's ceiling (100,000 customers: 2,000 pages of 50) and fails; with
// max_results the same server gives the user's 120.
func TestAccHostilePaging_totalRunsAhead(t *testing.T) {
	ahead := func(index, size int) ([]int, int) {
		return numbers(index*size, (index+1)*size), (index + 2) * size
	}
	k := hostileKits(false)[0]
	size := maxPage(k)
	pages := customers.MaxCustomersPerRead / size
	h := &hostileServer{kit: k, honestCustomers: 30, paged: ahead}
	url := startHostile(t, h)
	steps := hostileSteps(h, url, "", fmt.Sprintf(`the server's total kept growing while the list was read \(%d matches with page 1, %d with page %d, %d requests\); `,
		2*size, (pages+1)*size, pages, pages)+`one read collects at most 100000 customers: narrow the filters or set max_results`)
	steps = append(steps, resource.TestStep{
		PreConfig: func() {
			assertBounded(t, h, int64(pages+1))
			h.lying.Store(true)
		},
		Config: h.provider(url) + `data "commerce_customers" "capped" { max_results = 120 }`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.commerce_customers.capped", tfjsonpath.New("truncated"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue("data.commerce_customers.capped", tfjsonpath.New("customers"), knownvalue.ListSizeExact(120)),
		},
	})
	acctest.Test(t, steps...)
}

// TestAccHostilePaging_cursorAdvancesWithNothingNew: after a first page, the
// cursor keeps advancing with empty pages or with the same customers, on
// every cursor API: stopped after 3 such steps.
func TestAccHostilePaging_cursorAdvancesWithNothingNew(t *testing.T) {
	lies := map[string]cursorLie{
		"empty_pages": func(step, _ int) ([]int, string) {
			if step == 0 {
				return numbers(0, 5), "next-1"
			}
			return nil, "next-" + strconv.Itoa(step+1)
		},
		"same_customers": func(step, _ int) ([]int, string) { return numbers(0, 5), "next-" + strconv.Itoa(step+1) },
	}
	for _, k := range hostileKits(true) {
		for name, lie := range lies {
			t.Run(k.Name+"/"+name, func(t *testing.T) {
				h := &hostileServer{kit: k, honestCustomers: 30, cursor: lie}
				readLying(t, h, "", `3 pages brought no new customer while the server's cursor kept advancing \(5 customers in 4 requests\)`, 4)
			})
		}
	}
}

// TestAccHostilePaging_cursorNeverEnds: the cursor keeps bringing new
// customers: followed up to the provider's ceiling, then an error; requests
// are the ceiling over the platform's largest page, plus one.
func TestAccHostilePaging_cursorNeverEnds(t *testing.T) {
	forever := func(step, size int) ([]int, string) {
		return numbers(step*size, (step+1)*size), "next-" + strconv.Itoa(step+1)
	}
	for _, k := range hostileKits(true) {
		t.Run(k.Name, func(t *testing.T) {
			h := &hostileServer{kit: k, honestCustomers: 30, cursor: forever}
			readLying(t, h, "", `the server's cursor kept bringing customers past 100000, the most one read may collect`, int64(customers.MaxCustomersPerRead/maxPage(k)+1))
		})
	}
}
