package customers

import (
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fuzzTotals are the totals a fuzzed page may report: the edges of the
// checks, and lies of every size.
var fuzzTotals = []int{-5, -1, 0, 1, 2, 7, 49, 50, 51, 100, 500, 99_000, MaxCustomersPerRead, MaxCustomersPerRead + 1,
	10_000_000, maxPlausibleTotal, maxPlausibleTotal + 1, 1_000_000_000_000, math.MaxInt}

// fuzzServer is a page or cursor API scripted by fuzz bytes, 4 per step:
// the total (an index into fuzzTotals, or below 64 the ids served so far
// plus that many), the number of items, the first id and the id stride. Steps
// beyond the script repeat it, so the server never runs out; ids come from a
// space of 256, so the customers it can bring are bounded and any read that
// keeps asking must be stopped by the engine's progress rule.
type fuzzServer struct {
	script []byte
	bound  int // requests beyond this fail the fetch and the test

	mu     sync.Mutex
	calls  int
	served map[string]struct{}
	over   bool
}

func (s *fuzzServer) step(i int) (total int, items []Customer) {
	r := s.script[(4*i)%len(s.script):]
	r = append(r[:min(4, len(r)):min(4, len(r))], make([]byte, 4)...)
	count, first, stride := int(r[1]%128), int(r[2]), int(r[3]%8)
	for j := range count {
		id := "c" + strconv.Itoa((first+j*stride)%256)
		items = append(items, Customer{ID: id})
		s.served[id] = struct{}{}
	}
	switch t := int(r[0]); {
	case t < 64:
		total = len(s.served) + t
	default:
		total = fuzzTotals[t%len(fuzzTotals)]
	}
	return total, items
}

func (s *fuzzServer) begin() (int, error) {
	s.calls++
	if s.calls > s.bound {
		s.over = true
		return 0, errors.New("fuzz server: request bound exceeded")
	}
	return s.calls, nil
}

func (s *fuzzServer) fetchPage(_ context.Context, index, _ int) (Page, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.begin(); err != nil {
		return Page{}, err
	}
	total, items := s.step(index)
	return Page{Customers: items, Total: total}, nil
}

// FuzzListPaged drives ListPaged against a scripted server (hostile=true) or
// an honest one of n customers capping its page at script[0] (hostile=false).
// Whatever the server does, the read ends within a request bound proportional
// to what the server served, never panics, and returns unique ids that the
// server served; a successful untruncated read has at least the last total.
// An honest server is read whole, in order, with the ideal request count.
func FuzzListPaged(f *testing.F) {
	f.Fuzz(func(t *testing.T, hostile bool, size, concurrency uint8, maxResults, n uint16, script []byte) {
		pageSize, conc := 1+int(size%64), 1+int(concurrency%16)
		opts := ListOptions{Concurrency: conc, MaxResults: int(maxResults % 300)}
		if !hostile {
			fuzzHonestPaged(t, pageSize, int(n%2000), script, opts)
			return
		}
		if len(script) == 0 {
			return
		}
		// Per pass: the first page, one page per page that brought a new id
		// (at most 256), the fruitless pages, and the pages in flight.
		bound := maxPasses * (1 + 256 + maxFruitlessPages + conc)
		s := &fuzzServer{script: script, bound: bound, served: map[string]struct{}{}}
		res, err := ListPaged(context.Background(), s.fetchPage, pageSize, opts)
		require.False(t, s.over, "more than %d requests", bound)
		checkResult(t, res, err, s.served, opts)
		if err == nil && !res.Truncated {
			assert.GreaterOrEqual(t, len(res.Customers), res.TotalResults, "a complete read has the total")
		}
		// Streamed, the same engine keeps the same bounds.
		s = &fuzzServer{script: script, bound: bound, served: map[string]struct{}{}}
		streamed, err := streamPaged(s.fetchPage, pageSize, opts)
		require.False(t, s.over, "streamed: more than %d requests", bound)
		checkResult(t, ListResult{Customers: streamed}, err, s.served, ListOptions{})
	})
}

// streamPaged runs the paged engine streamed and returns what it sent, each
// customer once (the sink's part), or nothing when the read failed.
func streamPaged(fetch FetchPage, pageSize int, opts ListOptions) ([]Customer, error) {
	var out []Customer
	seen := map[string]struct{}{}
	res, err := listPaged(context.Background(), fetch, pageSize, opts, func(page []Customer) error {
		for _, c := range page {
			if _, dup := seen[c.ID]; !dup {
				seen[c.ID] = struct{}{}
				out = append(out, c)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(res.Customers) > 0 {
		return nil, errors.New("a streamed read kept customers in its result")
	}
	return out, nil
}

func fuzzHonestPaged(t *testing.T, pageSize, n int, script []byte, opts ListOptions) {
	f := newFakeList(n)
	if len(script) > 0 {
		f.cap = int(script[0])
	}
	res, err := ListPaged(context.Background(), f.fetch, pageSize, opts)
	require.NoError(t, err)
	want := f.ids
	if opts.MaxResults > 0 && opts.MaxResults < n {
		want = want[:opts.MaxResults]
	}
	assert.Equal(t, want, ids(res.Customers))
	size := pageSize
	if f.cap > 0 && f.cap < size && f.cap < n {
		size = f.cap
	}
	assert.Equal(t, max(1, ceilDiv(len(want), size)), f.calls, "the ideal request count")

	// Streamed: the same customers in the same order (whole pages: the cut
	// at max_results is Stream's), with the same requests.
	listCalls := f.calls
	f.calls = 0
	streamed, err := streamPaged(f.fetch, pageSize, opts)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(streamed), len(want))
	assert.Equal(t, want, ids(streamed[:len(want)]))
	assert.Equal(t, listCalls, f.calls, "streamed: the request count")
}

// checkResult holds for every read: an error carries no customers; a result
// has unique ids the server served, at most max_results of them.
func checkResult(t *testing.T, res ListResult, err error, served map[string]struct{}, opts ListOptions) {
	t.Helper()
	if err != nil {
		require.Empty(t, res.Customers, "no partial result")
		return
	}
	got := ids(res.Customers)
	sorted := slices.Clone(got)
	slices.Sort(sorted)
	require.Len(t, slices.Compact(sorted), len(got), "unique ids")
	for _, id := range got {
		require.Contains(t, served, id)
	}
	if opts.MaxResults > 0 {
		require.LessOrEqual(t, len(got), opts.MaxResults)
		if res.Truncated {
			require.Len(t, got, opts.MaxResults)
		}
	}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// FuzzListCursor drives ListCursor against a scripted cursor API: byte 0 of
// each step picks the next cursor (end, a new one, the current one again, or
// an earlier one). The read ends within the request bound, never panics, and
// a successful untruncated read ended on the server's last page.
func FuzzListCursor(f *testing.F) {
	f.Fuzz(func(t *testing.T, size uint8, maxResults uint16, script []byte) {
		if len(script) == 0 {
			return
		}
		opts := ListOptions{MaxResults: int(maxResults % 300)}
		bound := 1 + 256 + maxFruitlessPages
		s := &fuzzServer{script: script, bound: bound, served: map[string]struct{}{}}
		lastNext := "unset"
		fetch := func(_ context.Context, cursor string, _ int) ([]Customer, string, error) {
			n, err := s.begin()
			if err != nil {
				return nil, "", err
			}
			_, items := s.step(n - 1)
			next := ""
			switch s.script[(4*(n-1))%len(s.script)] % 4 {
			case 1:
				next = "c" + strconv.Itoa(n)
			case 2:
				next = cursor
			case 3:
				next = "c" + strconv.Itoa(n/2)
			}
			lastNext = next
			return items, next, nil
		}
		res, err := ListCursor(context.Background(), fetch, 1+int(size%64), opts)
		require.False(t, s.over, "more than %d requests", bound)
		checkResult(t, res, err, s.served, opts)
		if err == nil && !res.Truncated {
			assert.Empty(t, lastNext, "a complete read ends where the server's cursor does")
		}
	})
}
