package customers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeList is an offset API over ids with knobs for the paging quirks.
type fakeList struct {
	mu      sync.Mutex
	ids     []string
	cap     int             // serve at most this many per page
	onFetch func(index int) // runs before a page is served
	fail    map[int]error   // page index -> error
	calls   int
	total   int // the total reported, when not len(ids)
}

func newFakeList(n int) *fakeList {
	f := &fakeList{}
	for i := 0; i < n; i++ {
		f.ids = append(f.ids, strconv.Itoa(1000+i))
	}
	return f
}

func (f *fakeList) fetch(_ context.Context, index, size int) (Page, error) {
	if f.onFetch != nil {
		f.onFetch(index)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if err := f.fail[index]; err != nil {
		return Page{}, err
	}
	if f.cap > 0 && size > f.cap {
		size = f.cap
	}
	p := Page{Total: len(f.ids)}
	if f.total > 0 {
		p.Total = f.total
	}
	for i := index * size; i < len(f.ids) && i < (index+1)*size; i++ {
		p.Customers = append(p.Customers, Customer{ID: f.ids[i]})
	}
	return p, nil
}

func ids(cs []Customer) []string {
	if len(cs) == 0 {
		return nil
	}
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func TestListPaged_everyItemOnceWithIdealRequests(t *testing.T) {
	for _, n := range []int{0, 1, 10, 11, 137} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			f := newFakeList(n)
			res, err := ListPaged(context.Background(), f.fetch, 10, ListOptions{Concurrency: 4})
			require.NoError(t, err)
			assert.Equal(t, f.ids, ids(res.Customers))
			assert.Equal(t, n, res.TotalResults)
			assert.Equal(t, max(1, (n+9)/10), f.calls)
		})
	}
}

func TestListPaged_serverCapsPageSize(t *testing.T) {
	f := newFakeList(137)
	f.cap = 20
	res, err := ListPaged(context.Background(), f.fetch, 50, ListOptions{Concurrency: 4})
	require.NoError(t, err)
	assert.Equal(t, f.ids, ids(res.Customers))
	assert.Equal(t, 7, f.calls, "ceil(137/20) requests")
}

func TestListPaged_setGrowsWhilePaging(t *testing.T) {
	f := newFakeList(25)
	f.onFetch = func(index int) {
		if index == 1 {
			f.mu.Lock()
			f.ids = append(f.ids, "new-1", "new-2", "new-3", "new-4", "new-5", "new-6")
			f.mu.Unlock()
		}
	}
	res, err := ListPaged(context.Background(), f.fetch, 10, ListOptions{Concurrency: 1})
	require.NoError(t, err)
	assert.Equal(t, f.ids, ids(res.Customers), "items added while paging are read too, once each")
	assert.Equal(t, 31, res.TotalResults)
}

func TestListPaged_setShrinksWhilePaging(t *testing.T) {
	f := newFakeList(30)
	shrunk := false
	f.onFetch = func(index int) {
		if index == 2 && !shrunk {
			shrunk = true
			f.mu.Lock()
			f.ids = append(f.ids[:2:2], f.ids[3:]...) // item 3 leaves: page 3 now starts one later
			f.mu.Unlock()
		}
	}
	res, err := ListPaged(context.Background(), f.fetch, 10, ListOptions{Concurrency: 1})
	require.NoError(t, err)
	assert.Equal(t, f.ids, ids(res.Customers), "a shrinking set is read again, so nothing is skipped")
}

func TestListPaged_failingPageFailsTheWholeList(t *testing.T) {
	f := newFakeList(100)
	boom := errors.New("GET /Customers: HTTP 500")
	f.fail = map[int]error{4: boom}
	res, err := ListPaged(context.Background(), f.fetch, 10, ListOptions{Concurrency: 4})
	require.ErrorIs(t, err, boom)
	assert.Empty(t, res.Customers, "no partial list")
}

func TestListPaged_maxResultsReadsOnlyNeededPages(t *testing.T) {
	f := newFakeList(100)
	res, err := ListPaged(context.Background(), f.fetch, 10, ListOptions{Concurrency: 4, MaxResults: 25})
	require.NoError(t, err)
	assert.Equal(t, f.ids[:25], ids(res.Customers))
	assert.True(t, res.Truncated)
	assert.Equal(t, 3, f.calls)
}

func TestListPaged_duplicatesAcrossPagesAreDropped(t *testing.T) {
	f := newFakeList(20)
	f.ids[12] = f.ids[3] // the server repeats an item on a later page
	f.total = 19         // and counts it once
	res, err := ListPaged(context.Background(), f.fetch, 10, ListOptions{Concurrency: 2})
	require.NoError(t, err)
	want := append(slices.Clone(f.ids[:12]), f.ids[13:]...)
	assert.Equal(t, want, ids(res.Customers), "the repeat is dropped, the order kept")
	assert.Equal(t, 2, f.calls)
}

func TestListPaged_aRepeatThatHidesAnItemIsAnError(t *testing.T) {
	f := newFakeList(20)
	f.ids[12] = f.ids[3] // a repeat where another item should be: 20 reported, 19 readable
	res, err := ListPaged(context.Background(), f.fetch, 10, ListOptions{Concurrency: 2})
	require.Error(t, err, "a list that keeps coming out short is an error, not a silent gap")
	assert.Empty(t, res.Customers)
}

func TestListCursor_followsCursorsAndStopsOnRepeat(t *testing.T) {
	pages := map[string]struct {
		items []Customer
		next  string
	}{
		"":   {[]Customer{{ID: "a"}, {ID: "b"}}, "c1"},
		"c1": {[]Customer{{ID: "c"}}, "c2"},
		"c2": {[]Customer{{ID: "d"}}, ""},
	}
	fetch := func(_ context.Context, cursor string, _ int) ([]Customer, string, error) {
		p := pages[cursor]
		return p.items, p.next, nil
	}
	res, err := ListCursor(context.Background(), fetch, 2, ListOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b", "c", "d"}, ids(res.Customers))

	stuck := func(_ context.Context, cursor string, _ int) ([]Customer, string, error) {
		return []Customer{{ID: "x" + cursor}}, "same", nil
	}
	_, err = ListCursor(context.Background(), stuck, 2, ListOptions{})
	require.ErrorContains(t, err, "does not advance")
}
