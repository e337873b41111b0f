package customers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lyingList serves pages whose contents and totals come from functions, and
// counts the requests.
type lyingList struct {
	calls    atomic.Int64
	page     func(index, size int) []Customer
	totalFor func(index int) int
}

func (l *lyingList) fetch(_ context.Context, index, size int) (Page, error) {
	l.calls.Add(1)
	return Page{Customers: l.page(index, size), Total: l.totalFor(index)}, nil
}

// realPages serves n real customers, size per page, whatever the total says.
func realPages(n int) func(index, size int) []Customer {
	return func(index, size int) []Customer {
		var out []Customer
		for i := index * size; i < n && i < (index+1)*size; i++ {
			out = append(out, Customer{ID: strconv.Itoa(i)})
		}
		return out
	}
}

func constTotal(n int) func(int) int { return func(int) int { return n } }

func TestListPaged_negativeTotalIsAnError(t *testing.T) {
	for _, tc := range []struct {
		name  string
		total func(int) int
		calls int64
	}{
		{"on the first page", constTotal(-5), 1},
		{"on a later page", func(i int) int { return map[bool]int{true: 150, false: -1}[i == 0] }, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := &lyingList{page: realPages(150), totalFor: tc.total}
			res, err := ListPaged(context.Background(), l.fetch, 50, ListOptions{Concurrency: 4})
			require.ErrorContains(t, err, "negative total")
			assert.Empty(t, res.Customers)
			assert.LessOrEqual(t, l.calls.Load(), tc.calls)
		})
	}
}

func TestListPaged_absurdTotalIsAnError(t *testing.T) {
	for _, opts := range []ListOptions{{Concurrency: 10}, {Concurrency: 10, MaxResults: 10}} {
		l := &lyingList{page: realPages(50), totalFor: constTotal(1_000_000_000_000)}
		_, err := ListPaged(context.Background(), l.fetch, 50, opts)
		require.ErrorContains(t, err, "cannot be trusted")
		assert.Equal(t, int64(1), l.calls.Load(), "one request, no allocation sized by the total")
	}
}

func TestListPaged_totalAboveTheCeilingIsAnErrorUnlessMaxResultsCaps(t *testing.T) {
	l := &lyingList{page: realPages(150), totalFor: constTotal(10_000_000)}
	_, err := ListPaged(context.Background(), l.fetch, 50, ListOptions{Concurrency: 10})
	require.ErrorContains(t, err, "one read collects at most 100000 customers")
	assert.Equal(t, int64(1), l.calls.Load())

	// max_results below the ceiling makes the same total readable: only the
	// pages needed are asked for.
	l = &lyingList{page: realPages(10_000_000), totalFor: constTotal(10_000_000)}
	res, err := ListPaged(context.Background(), l.fetch, 50, ListOptions{Concurrency: 10, MaxResults: 120})
	require.NoError(t, err)
	assert.Len(t, res.Customers, 120)
	assert.True(t, res.Truncated)
	assert.Equal(t, int64(3), l.calls.Load())
}

// A large total against a server with few real pages: pages are issued only
// while none has come back short, so a pass costs the real pages plus at
// most the pages already in flight, never the pages the total implies.
func TestListPaged_hugeTotalWithFewPagesDoesNotFanOut(t *testing.T) {
	const realCustomers, size, concurrency = 150, 50, 10
	for _, opts := range []ListOptions{
		{Concurrency: concurrency},                      // total 99,000: within the ceiling
		{Concurrency: concurrency, MaxResults: 100_000}, // max_results at the ceiling
	} {
		l := &lyingList{page: realPages(realCustomers), totalFor: constTotal(99_000)}
		res, err := ListPaged(context.Background(), l.fetch, size, opts)
		require.ErrorContains(t, err, "the server reported 99000 matches but 150 distinct customers could be read, 3 times in a row")
		assert.Empty(t, res.Customers)
		perPass := int64(1 + realCustomers/size + concurrency)
		assert.LessOrEqual(t, l.calls.Load(), maxPasses*perPass, "pages the total implies: %d", 99_000/size)
		t.Logf("%d requests", l.calls.Load())
	}
}

func TestListPaged_serverIgnoringThePageParameterStops(t *testing.T) {
	samePage := func(_, size int) []Customer { return realPages(size)(0, size) }
	for _, concurrency := range []int{1, 4, 10} {
		t.Run(fmt.Sprint(concurrency), func(t *testing.T) {
			l := &lyingList{page: samePage, totalFor: constTotal(500)}
			res, err := ListPaged(context.Background(), l.fetch, 50, ListOptions{Concurrency: concurrency})
			require.ErrorContains(t, err, "brought only customers already read (the server seems to ignore the page number or offset)")
			if concurrency == 1 {
				require.EqualError(t, err, "pages 2, 3 and 4 brought only customers already read "+
					"(the server seems to ignore the page number or offset); stopped after 4 requests")
			}
			assert.Empty(t, res.Customers)
			// The first page, the pages in flight, and at most one more per
			// fruitless page until the limit.
			assert.LessOrEqual(t, l.calls.Load(), int64(min(1+concurrency+maxFruitlessPages-1, 10)))
			t.Logf("concurrency %d: %d requests", concurrency, l.calls.Load())
		})
	}
}

// A total that always runs one page ahead of what was served, with new
// customers on every page: followed up to the ceiling, then an error.
func TestListPaged_totalRunningAheadStopsAtTheCeiling(t *testing.T) {
	const size = 50
	ahead := func(index int) int { return (index + 2) * size }
	l := &lyingList{page: realPages(1 << 30), totalFor: ahead}
	res, err := ListPaged(context.Background(), l.fetch, size, ListOptions{Concurrency: 10})
	require.ErrorContains(t, err, "the server's total kept growing while the list was read (100 matches with page 1, 100050 with page 2000, 2000 requests); one read collects at most 100000 customers")
	assert.Empty(t, res.Customers)
	assert.LessOrEqual(t, l.calls.Load(), int64(MaxCustomersPerRead/size+1))
	t.Logf("%d requests", l.calls.Load())

	// max_results stays the user's cap: the same server serves 120.
	l = &lyingList{page: realPages(1 << 30), totalFor: ahead}
	res, err = ListPaged(context.Background(), l.fetch, size, ListOptions{Concurrency: 10, MaxResults: 120})
	require.NoError(t, err)
	assert.Len(t, res.Customers, 120)
	assert.True(t, res.Truncated)
	assert.Equal(t, int64(3), l.calls.Load())
}

// An honest list of exactly the ceiling is read whole.
func TestListPaged_exactlyTheCeilingIsRead(t *testing.T) {
	const size = 1000
	l := &lyingList{page: realPages(MaxCustomersPerRead + 1), totalFor: constTotal(MaxCustomersPerRead)}
	_, err := ListPaged(context.Background(), l.fetch, size, ListOptions{Concurrency: 4})
	require.NoError(t, err, "exactly the ceiling is allowed")
	assert.Equal(t, int64(MaxCustomersPerRead/size), l.calls.Load())
}

// An honest list at concurrency 10: the ideal request count, at most 10 in
// flight, and 10 reached (the pages are read concurrently, not one by one).
func TestListPaged_honestListIdealRequestsAtFullConcurrency(t *testing.T) {
	const n, size, concurrency = 10_000, 50, 10
	var mu sync.Mutex
	inFlight, maxInFlight := 0, 0
	full := make(chan struct{})
	var once sync.Once
	honest := realPages(n)
	var calls atomic.Int64
	fetch := func(ctx context.Context, index, size int) (Page, error) {
		calls.Add(1)
		mu.Lock()
		inFlight++
		maxInFlight = max(maxInFlight, inFlight)
		if inFlight == concurrency {
			once.Do(func() { close(full) })
		}
		mu.Unlock()
		if index > 0 && index <= concurrency {
			// The first pages after page 1 wait until 10 are in flight.
			select {
			case <-full:
			case <-time.After(10 * time.Second): // a fail-safe, not a measurement
				return Page{}, fmt.Errorf("page %d: never %d pages in flight", index+1, concurrency)
			}
		}
		mu.Lock()
		inFlight--
		mu.Unlock()
		return Page{Customers: honest(index, size), Total: n}, nil
	}
	res, err := ListPaged(context.Background(), fetch, size, ListOptions{Concurrency: concurrency})
	require.NoError(t, err)
	assert.Len(t, res.Customers, n)
	assert.Equal(t, int64(n/size), calls.Load(), "10,000 / 50 = 200 requests")
	assert.Equal(t, concurrency, maxInFlight)
}

func TestListCursor_advancingCursorWithNothingNewStops(t *testing.T) {
	for _, tc := range []struct {
		name  string
		items func(step int) []Customer
		calls int
	}{
		{"empty pages", func(int) []Customer { return nil }, maxFruitlessPages},
		{"the same customers again", func(int) []Customer { return []Customer{{ID: "a"}, {ID: "b"}} }, 1 + maxFruitlessPages},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			fetch := func(_ context.Context, _ string, _ int) ([]Customer, string, error) {
				calls++
				return tc.items(calls), "cursor-" + strconv.Itoa(calls), nil
			}
			res, err := ListCursor(context.Background(), fetch, 2, ListOptions{})
			require.ErrorContains(t, err, "pages brought no new customer while the server's cursor kept advancing")
			assert.Empty(t, res.Customers)
			assert.Equal(t, tc.calls, calls)
		})
	}
}

func TestListCursor_endlessNewCustomersStopAtTheCeiling(t *testing.T) {
	const size = 1000
	calls := 0
	fetch := func(_ context.Context, _ string, size int) ([]Customer, string, error) {
		calls++
		return realPages(1<<30)(calls-1, size), "c" + strconv.Itoa(calls), nil
	}
	res, err := ListCursor(context.Background(), fetch, size, ListOptions{})
	require.ErrorContains(t, err, "kept bringing customers past 100000, the most one read may collect")
	assert.Empty(t, res.Customers)
	assert.Equal(t, MaxCustomersPerRead/size+1, calls)

	calls = 0
	res, err = ListCursor(context.Background(), fetch, size, ListOptions{MaxResults: 2500})
	require.NoError(t, err, "max_results stays the user's cap")
	assert.Len(t, res.Customers, 2500)
	assert.True(t, res.Truncated)
	assert.Equal(t, 3, calls)
}

func TestListCursor_repeatedCursorIsNotEchoed(t *testing.T) {
	secretish := strings.Repeat("k", 1<<20) // long, and the server's text
	calls := 0
	fetch := func(_ context.Context, _ string, _ int) ([]Customer, string, error) {
		calls++
		return []Customer{{ID: strconv.Itoa(calls)}}, secretish, nil
	}
	_, err := ListCursor(context.Background(), fetch, 1, ListOptions{})
	require.ErrorContains(t, err, "the server returned a cursor it had returned before (after 2 requests): paging does not advance")
	assert.NotContains(t, err.Error(), "kkkk", "the server's cursor stays out of the message")
	assert.Equal(t, 2, calls)
}

func TestWithEndpoint_namesTheEndpointInPagingErrorsOnly(t *testing.T) {
	l := &lyingList{page: realPages(50), totalFor: constTotal(-1)}
	_, err := ListPaged(context.Background(), l.fetch, 50, ListOptions{})
	require.EqualError(t, WithEndpoint(err, "GET /Customers"), "GET /Customers: the server reported a negative total (-1 matches) with page 1: its answer cannot be paged")
	var pe *PagingError
	require.ErrorAs(t, WithEndpoint(err, "GET /Customers"), &pe)

	httpErr := errors.New("GET /Customers: HTTP 500")
	assert.Equal(t, httpErr, WithEndpoint(httpErr, "GET /Customers"))
	assert.NoError(t, WithEndpoint(nil, "GET /Customers"))
}
