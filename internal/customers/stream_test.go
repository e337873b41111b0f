package customers

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// listPlatform serves a page API from a fakeList under testDescription
// (offset paging, pages of at most 10, name applied locally).
type listPlatform struct {
	*fakeList
	describe *Description
	mu       sync.Mutex
	sizes    []int
}

func (p *listPlatform) Description() *Description {
	if p.describe != nil {
		return p.describe
	}
	return &testDescription
}

func (p *listPlatform) Pager(Filter) (Pager, error) {
	return Pager{Endpoint: "GET /test", Page: func(ctx context.Context, index, size int) (Page, error) {
		p.mu.Lock()
		p.sizes = append(p.sizes, size)
		p.mu.Unlock()
		return p.fetch(ctx, index, size)
	}}, nil
}

func (p *listPlatform) Get(_ context.Context, id string) (Customer, error) {
	return Customer{ID: id, Email: id + "@full"}, nil
}

// collect streams the platform's list and returns the ids in the order they
// came and the batch sizes.
func collect(t *testing.T, p Platform, f Filter, opts ListOptions) (got []string, batches []int, err error) {
	t.Helper()
	err = Stream(context.Background(), p, f, opts, func(batch []Customer) bool {
		got = append(got, ids(batch)...)
		batches = append(batches, len(batch))
		return true
	})
	return got, batches, err
}

// TestStream_sameAsList: a streamed read brings exactly List's customers, in
// List's order, one batch per page, with List's request count.
func TestStream_sameAsList(t *testing.T) {
	for _, n := range []int{0, 1, 10, 11, 137} {
		for _, c := range []int{1, 4} {
			t.Run(fmt.Sprintf("customers=%d/concurrency=%d", n, c), func(t *testing.T) {
				listed := &listPlatform{fakeList: newFakeList(n)}
				res, err := List(context.Background(), listed, Filter{}, ListOptions{Concurrency: c})
				require.NoError(t, err)

				streamed := &listPlatform{fakeList: newFakeList(n)}
				got, batches, err := collect(t, streamed, Filter{}, ListOptions{Concurrency: c})
				require.NoError(t, err)
				assert.Equal(t, ids(res.Customers), got)
				assert.Equal(t, listed.calls, streamed.calls, "the request count")
				assert.Equal(t, max(1, ceilDiv(n, 10)), streamed.calls, "the ideal request count")
				for _, b := range batches {
					assert.LessOrEqual(t, b, 10, "a batch is one page")
				}
			})
		}
	}
}

// TestStream_limit: a limit below a page is one request for that many; above
// a page, the pages it needs at the platform's largest; never more customers
// than the limit.
func TestStream_limit(t *testing.T) {
	for _, tc := range []struct {
		limit int
		sizes []int
	}{
		{10, []int{10}},
		{3, []int{3}},
		{25, []int{10, 10, 10}},
		{137, []int{10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10}},
	} {
		p := &listPlatform{fakeList: newFakeList(137)}
		got, _, err := collect(t, p, Filter{}, ListOptions{MaxResults: tc.limit, Concurrency: 1})
		require.NoError(t, err)
		assert.Equal(t, newFakeList(137).ids[:tc.limit], got, "limit %d", tc.limit)
		assert.Equal(t, tc.sizes, p.sizes, "limit %d: the pages asked for", tc.limit)
	}
}

// TestStream_localFilter: a provider-side filter reads pages of the largest
// size and stops once the limit has matched, without reading the rest.
func TestStream_localFilter(t *testing.T) {
	all := make([]Customer, 30)
	for i := range all {
		all[i] = Customer{ID: fmt.Sprint(i), Name: map[bool]string{true: "Acme", false: "Other"}[i%3 == 0]}
	}
	p := &fakePlatform{all: all}
	var got []string
	err := Stream(context.Background(), p, Filter{Name: new("acme")}, ListOptions{MaxResults: 4}, func(b []Customer) bool {
		got = append(got, ids(b)...)
		return true
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"0", "3", "6", "9"}, got)
	assert.Equal(t, []int{10}, p.sizes, "one page of the largest size holds the 4 matches")

	p = &fakePlatform{all: all}
	got = nil
	err = Stream(context.Background(), p, Filter{Name: new("acme")}, ListOptions{}, func(b []Customer) bool {
		got = append(got, ids(b)...)
		return true
	})
	require.NoError(t, err)
	assert.Len(t, got, 10)
	assert.EqualValues(t, 3, p.calls.Load())

	_, _, err = collect(t, &listPlatform{fakeList: newFakeList(5)}, Filter{Email: new("x")}, ListOptions{})
	require.ErrorContains(t, err, "does not support the filters email")
}

// TestStream_details: with Details each batch is read in full before it is
// sent, and only the customers the limit lets through are read.
func TestStream_details(t *testing.T) {
	all := make([]Customer, 30)
	for i := range all {
		all[i] = Customer{ID: fmt.Sprint(i)}
	}
	p := &fakePlatform{all: all}
	var got []Customer
	err := Stream(context.Background(), p, Filter{}, ListOptions{MaxResults: 12, Details: true, Concurrency: 2}, func(b []Customer) bool {
		got = append(got, b...)
		return true
	})
	require.NoError(t, err)
	require.Len(t, got, 12)
	assert.Equal(t, Customer{ID: "11", Email: "11@full"}, got[11])
	assert.EqualValues(t, 12, p.gets.Load(), "a detail read per customer sent, no more")
}

// TestStream_failureAfterBatches: a page failing after others were sent is
// the read's error, and the pages after it are not sent.
func TestStream_failureAfterBatches(t *testing.T) {
	f := newFakeList(137)
	f.fail = map[int]error{5: errors.New("HTTP 500 on page 6")}
	got, _, err := collect(t, &listPlatform{fakeList: f}, Filter{}, ListOptions{Concurrency: 4})
	require.ErrorContains(t, err, "HTTP 500 on page 6")
	require.LessOrEqual(t, len(got), 50, "nothing from the failing page on")
	assert.Equal(t, f.ids[:len(got)], got, "pages before the failing one, in order")
}

// TestStream_sharedBounds: the engines' checks hold for a streamed read, and
// name the endpoint.
func TestStream_sharedBounds(t *testing.T) {
	f := newFakeList(30)
	negative := func(ctx context.Context, index, size int) (Page, error) {
		p, err := f.fetch(ctx, index, size)
		p.Total = -3
		return p, err
	}
	_, _, err := collect(t, pagerPlatform{Pager{Page: negative, Endpoint: "GET /test"}}, Filter{}, ListOptions{})
	var pe *PagingError
	require.ErrorAs(t, err, &pe)
	assert.Contains(t, err.Error(), "GET /test: the server reported a negative total")

	f = newFakeList(10)
	f.total = MaxCustomersPerRead + 1
	_, _, err = collect(t, &listPlatform{fakeList: f}, Filter{}, ListOptions{})
	require.ErrorContains(t, err, "one read collects at most")

	// A server that ignores the page number: every page repeats the first.
	repeat := &listPlatform{fakeList: newFakeList(10)}
	repeat.total = 100
	repeat.onFetch = func(int) {}
	ignoring := func(ctx context.Context, _, size int) (Page, error) { return repeat.fetch(ctx, 0, size) }
	_, err = readPages(context.Background(), pagerPlatform{Pager{Page: ignoring, Endpoint: "GET /test"}}, Filter{}, ListOptions{PageSize: 10},
		func([]Customer) error { return nil })
	require.ErrorContains(t, err, "brought only customers already read")
}

// pagerPlatform is a platform with the given pager under testDescription.
type pagerPlatform struct{ pager Pager }

func (p pagerPlatform) Description() *Description                     { return &testDescription }
func (p pagerPlatform) Pager(Filter) (Pager, error)                   { return p.pager, nil }
func (p pagerPlatform) Get(context.Context, string) (Customer, error) { return Customer{}, ErrNotFound }

// TestStream_consumerStops: when yield returns false the read stops: no
// further batch, and no page beyond those already in flight.
func TestStream_consumerStops(t *testing.T) {
	p := &listPlatform{fakeList: newFakeList(137)}
	batches := 0
	err := Stream(context.Background(), p, Filter{}, ListOptions{Concurrency: 4}, func([]Customer) bool {
		batches++
		return false
	})
	require.NoError(t, err)
	assert.Equal(t, 1, batches)
	assert.LessOrEqual(t, p.calls, 1+4, "the first page and at most the pages in flight")
}

// TestStream_rereadSendsEachOnce: when the set grows while it is paged, the
// engine reads it again; the stream sends each customer once.
func TestStream_rereadSendsEachOnce(t *testing.T) {
	f := newFakeList(25)
	grown := false
	f.onFetch = func(index int) {
		if index == 2 && !grown {
			grown = true
			f.mu.Lock()
			f.ids = append([]string{"new"}, f.ids...) // lands on a page already read
			f.mu.Unlock()
		}
	}
	got, _, err := collect(t, &listPlatform{fakeList: f}, Filter{}, ListOptions{Concurrency: 1})
	require.NoError(t, err)
	assert.ElementsMatch(t, f.ids, got)
	assert.Len(t, got, 26)
}

// TestStream_holdsAWindowOfPages: a streamed read never has a page in flight
// Concurrency pages or more past the last page it sent, however slow one page
// is: it holds a bounded number of pages, not the list. Page 2 comes back
// only after the pages issued with it; a read without the window would use
// the free slots for pages 6, 7, ... meanwhile.
func TestStream_holdsAWindowOfPages(t *testing.T) {
	const c = 4
	f := newFakeList(500)
	var sent, worst atomic.Int32 // pages sent so far; the furthest a page was asked for past them
	var others sync.WaitGroup
	others.Add(c - 1)
	fetch := func(ctx context.Context, index, size int) (Page, error) {
		if ahead := int32(index) - sent.Load(); ahead > worst.Load() {
			worst.Store(ahead)
		}
		switch {
		case index == 1:
			others.Wait()
			for range 100 {
				runtime.Gosched() // let the engine take the other pages in first
			}
		case index >= 2 && index <= c:
			defer others.Done()
		}
		return f.fetch(ctx, index, size)
	}
	err := Stream(context.Background(), pagerPlatform{Pager{Page: fetch}}, Filter{}, ListOptions{Concurrency: c}, func([]Customer) bool {
		sent.Add(1)
		return true
	})
	require.NoError(t, err)
	assert.Less(t, int(worst.Load()), c, "a page was asked for %d pages past the last one sent", worst.Load())
	assert.Equal(t, 50, int(sent.Load()))
}

// TestStream_cursor: a cursor API streams page by page with ListCursor's
// results, and a limit below a page asks for that many.
func TestStream_cursor(t *testing.T) {
	cursor := testDescription
	cursor.Paging = PagingCursor
	all := newFakeList(23).ids
	var sizes []int
	fetch := func(_ context.Context, at string, size int) ([]Customer, string, error) {
		sizes = append(sizes, size)
		start := 0
		if at != "" {
			_, _ = fmt.Sscan(at, &start)
		}
		var items []Customer
		for i := start; i < len(all) && i < start+size; i++ {
			items = append(items, Customer{ID: all[i]})
		}
		next := ""
		if start+size < len(all) {
			next = fmt.Sprint(start + size)
		}
		return items, next, nil
	}
	p := cursorPlatform{&cursor, Pager{Cursor: fetch}}
	got, batches, err := collect(t, p, Filter{}, ListOptions{})
	require.NoError(t, err)
	assert.Equal(t, all, got)
	assert.Equal(t, []int{10, 10, 3}, batches)

	sizes = nil
	got, _, err = collect(t, p, Filter{}, ListOptions{MaxResults: 4})
	require.NoError(t, err)
	assert.Equal(t, all[:4], got)
	assert.Equal(t, []int{4}, sizes)
}

type cursorPlatform struct {
	d     *Description
	pager Pager
}

func (p cursorPlatform) Description() *Description   { return p.d }
func (p cursorPlatform) Pager(Filter) (Pager, error) { return p.pager, nil }
func (p cursorPlatform) Get(context.Context, string) (Customer, error) {
	return Customer{}, ErrNotFound
}
