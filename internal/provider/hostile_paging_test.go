package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
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
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// pagedLie is what a hostile page-number or offset API answers for page
// index (0-based) of size: the customer numbers on the page and the total.
type pagedLie func(index, size int) (ids []int, total int)

// cursorLie is what a hostile cursor API answers at step (0 for the first
// page): the customer numbers on the page and the next cursor ("" = done).
type cursorLie func(step, size int) (ids []int, next string)

// hostileServer speaks one platform's list API. It is honest (honestCustomers
// customers, true totals and cursors) until lie is switched on; then it
// answers with paged or cursor, and counts the requests and reads (a read
// starts with the first page) it answered that way.
type hostileServer struct {
	platform        string
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
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// provider is the provider block for the server's platform.
func (h *hostileServer) provider(url string) string {
	switch h.platform {
	case "adobe_vip":
		return adobeProvider(url)
	case "connect":
		return connectProvider(url)
	case "truto":
		return trutoProvider(url)
	}
	return sellercloudProvider(url)
}

// endpoint matches the list endpoint as the platform's errors name it.
func (h *hostileServer) endpoint() string {
	return map[string]string{
		"sellercloud": `GET /Customers`,
		"adobe_vip":   `GET /v3/resellers/[^/]+/customers`,
		"connect":     `GET /customers`,
		"truto":       `GET /unified/ecommerce/customers`,
	}[h.platform]
}

func (h *hostileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	atoi := func(name string) int { n, _ := strconv.Atoi(q.Get(name)); return n }
	var body any
	switch h.platform {
	case "sellercloud":
		if r.URL.Path != sandbox.SellercloudRoot+"/Customers" {
			http.NotFound(w, r)
			return
		}
		ids, total := h.page(atoi("model.pageNumber")-1, atoi("model.pageSize"))
		items := make([]map[string]any, len(ids))
		for i, id := range ids {
			items[i] = map[string]any{"UserID": id, "Email": fmt.Sprintf("c%d@example.test", id), "FirstName": "Hostile", "LastName": strconv.Itoa(id)}
		}
		body = map[string]any{"Items": items, "TotalResults": total}
	case "adobe_vip":
		if !strings.HasPrefix(r.URL.Path, sandbox.AdobeVIPRoot+"/v3/resellers/") {
			http.NotFound(w, r)
			return
		}
		limit := max(1, atoi("limit"))
		ids, total := h.page(atoi("offset")/limit, limit)
		items := make([]map[string]any, len(ids))
		for i, id := range ids {
			items[i] = map[string]any{"customerId": fmt.Sprintf("P%d", id), "status": "1000", "companyProfile": map[string]any{"companyName": fmt.Sprintf("Co %d", id)}}
		}
		body = map[string]any{"totalCount": total, "accounts": items}
	case "connect":
		ids, next := h.step(q.Get("cursor"), atoi("limit"))
		items := make([]map[string]any, len(ids))
		for i, id := range ids {
			items[i] = map[string]any{"customerId": fmt.Sprintf("c-%d", id), "name": fmt.Sprintf("Co %d", id)}
		}
		body = map[string]any{"items": items, "pagination": map[string]any{"nextCursor": nullIfEmpty(next)}}
	case "truto":
		ids, next := h.step(q.Get("next_cursor"), atoi("limit"))
		items := make([]map[string]any, len(ids))
		for i, id := range ids {
			items[i] = map[string]any{"id": strconv.Itoa(id), "first_name": "Hostile", "last_name": strconv.Itoa(id)}
		}
		body = map[string]any{"result": items, "next_cursor": nullIfEmpty(next)}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(body)
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

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
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
			ExpectError: errorLike(`Listing customers failed.*nothing was read into state. ` + h.endpoint() + `: ` + wantError),
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
	accTest(t, hostileSteps(h, url, dataSource, wantError)...)
	assertBounded(t, h, maxCalls)
}

// assertBounded checks the requests the lying server answered: the lying
// read happened, and took at most maxCalls requests (the failing step reads
// the data source once; a read's passes each start at the first page).
func assertBounded(t *testing.T, h *hostileServer, maxCalls int64) {
	t.Helper()
	calls := h.calls.Load()
	t.Logf("%s: %d requests while lying (%d starting at the first page)", h.platform, calls, h.reads.Load())
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

// TestAccHostilePaging_negativeTotal: Sellercloud's TotalResults -5 and
// Adobe's totalCount -1 are a clear error after the first page, never a panic.
func TestAccHostilePaging_negativeTotal(t *testing.T) {
	for platform, total := range map[string]int{"sellercloud": -5, "adobe_vip": -1} {
		t.Run(platform, func(t *testing.T) {
			h := &hostileServer{platform: platform, honestCustomers: 30, paged: withTotal(realCustomers(150), total)}
			readLying(t, h, "", fmt.Sprintf(`the server reported a negative total \(%d matches\) with page 1`, total), 1)
		})
	}
}

// TestAccHostilePaging_absurdTotal: a total of 10^12 is an error after one
// request, even with max_results set; nothing is sized by it.
func TestAccHostilePaging_absurdTotal(t *testing.T) {
	for name, ds := range map[string]string{"all": "", "max_results": "max_results = 10"} {
		t.Run(name, func(t *testing.T) {
			h := &hostileServer{platform: "sellercloud", honestCustomers: 10, paged: withTotal(realCustomers(150), 1_000_000_000_000)}
			readLying(t, h, ds, `the server reported 1000000000000 matches with page 1, more than 1000000000: its totals cannot be trusted`, 1)
		})
	}
}

// TestAccHostilePaging_hugeTotalFewPages: a total of 10^7 over 150 real
// customers. Without max_results it is above the ceiling: an error after one
// request. With max_results at the ceiling, pages are issued only while none
// comes back short: each of the 3 passes costs the 3 real pages plus at most
// the 10 in flight, never the 2,000 pages the total implies.
func TestAccHostilePaging_hugeTotalFewPages(t *testing.T) {
	cases := map[string]struct {
		dataSource, wantError string
		perRead               int64
	}{
		"all": {"", `the server reports 10000000 matches \(page 1\); one read collects at most 100000 customers: narrow the filters or set max_results`, 1},
		"max_results": {fmt.Sprintf("max_results = %d", customers.MaxCustomersPerRead),
			`the server reported 10000000 matches but 150 distinct customers could be read, 3 times in a row`, 3 * (1 + 10 + 3)},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			h := &hostileServer{platform: "sellercloud", honestCustomers: 30, paged: withTotal(realCustomers(150), 10_000_000)}
			readLying(t, h, tc.dataSource, tc.wantError, tc.perRead)
		})
	}
}

// TestAccHostilePaging_pageParameterIgnored: the same 50 customers on every
// page with a total of 500. Pages that bring only customers already read are
// not progress: the read stops after 3 of them, with the first page and the
// pages already in flight at most the 10 pages the total implies.
func TestAccHostilePaging_pageParameterIgnored(t *testing.T) {
	for _, platform := range []string{"sellercloud", "adobe_vip"} {
		t.Run(platform, func(t *testing.T) {
			samePage := func(_, size int) ([]int, int) { return numbers(0, size), 500 }
			h := &hostileServer{platform: platform, honestCustomers: 30, paged: samePage}
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
	h := &hostileServer{platform: "sellercloud", honestCustomers: 30, paged: ahead}
	url := startHostile(t, h)
	steps := hostileSteps(h, url, "", `the server's total kept growing while the list was read \(100 matches with page 1, 100050 with page 2000, 2000 requests\); `+
		`one read collects at most 100000 customers: narrow the filters or set max_results`)
	steps = append(steps, resource.TestStep{
		PreConfig: func() {
			assertBounded(t, h, customers.MaxCustomersPerRead/50+1)
			h.lying.Store(true)
		},
		Config: h.provider(url) + `data "commerce_customers" "capped" { max_results = 120 }`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.commerce_customers.capped", tfjsonpath.New("truncated"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue("data.commerce_customers.capped", tfjsonpath.New("customers"), knownvalue.ListSizeExact(120)),
		},
	})
	accTest(t, steps...)
}

// TestAccHostilePaging_cursorAdvancesWithNothingNew: after a first page, the
// cursor keeps advancing with empty pages (Connect) or the same customers
// (Truto): stopped after 3 such steps.
func TestAccHostilePaging_cursorAdvancesWithNothingNew(t *testing.T) {
	lies := map[string]cursorLie{
		"connect": func(step, _ int) ([]int, string) {
			if step == 0 {
				return numbers(0, 5), "next-1"
			}
			return nil, "next-" + strconv.Itoa(step+1)
		},
		"truto": func(step, _ int) ([]int, string) { return numbers(0, 5), "next-" + strconv.Itoa(step+1) },
	}
	for platform, lie := range lies {
		t.Run(platform, func(t *testing.T) {
			h := &hostileServer{platform: platform, honestCustomers: 30, cursor: lie}
			readLying(t, h, "", `3 pages brought no new customer while the server's cursor kept advancing \(5 customers in 4 requests\)`, 4)
		})
	}
}

// TestAccHostilePaging_cursorNeverEnds: the cursor keeps bringing new
// customers: followed up to the provider's ceiling, then an error; requests
// are the ceiling over the page size (Connect 1,000, Truto 100), plus one.
func TestAccHostilePaging_cursorNeverEnds(t *testing.T) {
	forever := func(step, size int) ([]int, string) {
		return numbers(step*size, (step+1)*size), "next-" + strconv.Itoa(step+1)
	}
	for platform, pageSize := range map[string]int64{"connect": 1000, "truto": 100} {
		t.Run(platform, func(t *testing.T) {
			h := &hostileServer{platform: platform, honestCustomers: 30, cursor: forever}
			readLying(t, h, "", `the server's cursor kept bringing customers past 100000, the most one read may collect`, customers.MaxCustomersPerRead/pageSize+1)
		})
	}
}
