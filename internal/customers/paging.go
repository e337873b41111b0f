package customers

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// Bounds on what one list read accepts from a server. A server's totals,
// pages and cursors are input, never sizes: these keep every read finite in
// requests and memory whatever the server answers.
const (
	// MaxCustomersPerRead is the most customers one list read collects: a
	// larger list (or a server whose total keeps running ahead, or whose
	// cursor keeps bringing customers) fails the read instead of growing
	// without bound. It is ten times the 10,000-customer read make bench
	// measures; max_results caps a read below it.
	MaxCustomersPerRead = 100_000
	// maxPlausibleTotal is the largest total taken as a count at all; above
	// it the server's totals are garbage, even when max_results would cap
	// the read.
	maxPlausibleTotal = 1_000_000_000
	// maxFruitlessPages is how many pages (or cursor steps) of one read may
	// bring no new customer: a server that ignores the page parameter, or
	// whose cursor advances without bringing anything, fails the read after
	// these instead of being asked forever.
	maxFruitlessPages = 3
	// maxPasses bounds how often a list is re-read when the server's total
	// shrinks while paging (an item may then have moved onto a page already
	// read) or the pages came out short of it.
	maxPasses = 3
)

// PagingError is a list read stopped because the server's answers do not add
// up (its totals, pages or cursors), as opposed to a failing request.
type PagingError struct{ Detail string }

func (e *PagingError) Error() string { return e.Detail }

func pagingErrorf(format string, args ...any) error {
	return &PagingError{Detail: fmt.Sprintf(format, args...)}
}

// WithEndpoint names the list endpoint in a PagingError ("GET /Customers: the
// server ..."); other errors pass unchanged (the HTTP layer's name their
// request already).
func WithEndpoint(err error, endpoint string) error {
	var pe *PagingError
	if errors.As(err, &pe) {
		return &PagingError{Detail: endpoint + ": " + pe.Detail}
	}
	return err
}

// Page is one page of a page-number or offset API.
type Page struct {
	Customers []Customer
	// Total is the number of matches the server reported with this page.
	Total int
}

// FetchPage fetches page index (0-based) with size items per page. The
// platform turns index and size into its own page number or offset.
type FetchPage func(ctx context.Context, index, size int) (Page, error)

// ListPaged reads every page of a page-number or offset API: the first page
// alone, then the rest concurrently (at most opts.Concurrency at once), for
// as long as the server's totals say there are more and no page has come
// back short. Items are deduplicated by ID in the server's order. A failing
// page fails the whole list: no partial result is ever returned.
//
// The server's answers are checked, not trusted: a negative or absurd total,
// a list above MaxCustomersPerRead, and pages that bring only customers
// already read are errors, so every read ends within a number of requests
// proportional to the customers it received.
func ListPaged(ctx context.Context, fetch FetchPage, pageSize int, opts ListOptions) (ListResult, error) {
	return listPaged(ctx, fetch, pageSize, opts, nil)
}

// pageSink receives a streamed read's customers, one page at a time; an
// error from it stops the read and is returned as the read's.
type pageSink func(page []Customer) error

// listPaged is ListPaged, or with emit set the same read streamed: each
// page's customers go to emit in page order as soon as the pages before it
// are in, the pass keeps none of them (the result holds no customers), and
// no page is issued more than opts.Concurrency pages ahead of the last one
// emitted, so a streamed read holds about that many pages at a time. A
// re-read pass emits its pages again: the sink drops what it has seen.
func listPaged(ctx context.Context, fetch FetchPage, pageSize int, opts ListOptions, emit pageSink) (ListResult, error) {
	var res ListResult
	var requests, collected int
	for pass := 0; pass < maxPasses; pass++ {
		r := &pagedRead{fetch: fetch, opts: opts, size: pageSize, requests: requests, emit: emit}
		stable, err := r.run(ctx)
		requests = r.requests
		if err != nil {
			return ListResult{}, err
		}
		res, collected = r.result(), len(r.seen)
		if stable {
			return res, nil
		}
	}
	return ListResult{}, pagingErrorf("the server reported %d matches but %d distinct customers could be read, %d times in a row "+
		"(%d requests): the list changed while it was read, or its pages overlap or end early; try again",
		res.TotalResults, collected, maxPasses, requests)
}

// pagedRead is one pass over a paged list.
type pagedRead struct {
	fetch FetchPage
	opts  ListOptions
	size  int

	pages     []Page // by index; only indexes issued so far
	seen      map[string]struct{}
	first     int   // the first page's total
	lowest    int   // the lowest total any page reported
	latest    int   // the total most recently received, which steers paging
	ended     bool  // a page came back short or empty
	overfull  bool  // a page held more customers than its total
	fruitless []int // page indexes that brought no new customer
	requests  int   // across passes, for error messages

	emit    pageSink // set when the read is streamed
	arrived []bool   // by index: the page is in
	emitted int      // pages 0..emitted-1 went to emit
}

type pageResult struct {
	index int
	page  Page
	err   error
}

// run reads the pass. It reports stable=false when a total shrank or the
// pages came out short of the reported total (an item may then have been
// skipped), so the caller reads again.
func (r *pagedRead) run(ctx context.Context) (stable bool, err error) {
	r.requests++
	first, err := r.fetch(ctx, 0, r.size)
	if err != nil {
		return false, err
	}
	if n := len(first.Customers); n > 0 && n < r.size && n < first.Total {
		// The server caps the page size below what was asked: page by its
		// size, which is also the size its offsets are computed with.
		r.size = n
	}
	r.first, r.lowest = first.Total, first.Total
	r.seen = make(map[string]struct{}, len(first.Customers))
	r.pages, r.arrived = []Page{{}}, []bool{false}
	if err := r.add(0, first); err != nil {
		return false, err
	}
	if err := r.readRest(ctx); err != nil {
		return false, err
	}
	latest := r.pages[len(r.pages)-1].Total
	collected := len(r.seen)
	return r.lowest == r.first && !r.overfull && (collected >= latest || r.enough()), nil
}

// readRest issues pages 1, 2, ... keeping at most opts.Concurrency in flight,
// and issues the next only while the evidence so far says there is more: the
// latest total reaches past it, no page has come back short or empty, and
// max_results is not yet met. For an honest server that is exactly the pages
// its first total implies, fetched concurrently.
func (r *pagedRead) readRest(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make(chan pageResult)
	next, inFlight := 1, 0
	var failed error
	for {
		for failed == nil && inFlight < max(1, r.opts.Concurrency) && r.wantPage(next, inFlight) {
			r.pages, r.arrived = append(r.pages, Page{}), append(r.arrived, false)
			r.requests++
			go func(index int) {
				p, err := r.fetch(ctx, index, r.size)
				results <- pageResult{index, p, err}
			}(next)
			next++
			inFlight++
		}
		if inFlight == 0 {
			return failed
		}
		got := <-results
		inFlight--
		if failed != nil {
			continue // drain the pages still in flight
		}
		if failed = got.err; failed == nil {
			failed = r.add(got.index, got.page)
		}
		if failed != nil {
			cancel()
		}
	}
}

// wantPage tells whether page index may be issued now, with inFlight pages
// not yet back: while fewer distinct customers than the total have come, the
// pages the total implies, and past them one more once all are back (the set
// grew while paging, or a page repeated an item).
func (r *pagedRead) wantPage(index, inFlight int) bool {
	if r.ended || r.enough() {
		return false
	}
	if r.emit != nil && index >= r.emitted+max(1, r.opts.Concurrency) {
		return false // streamed: stay within a window of pages past the last one emitted
	}
	target := r.latest
	if r.opts.MaxResults > 0 {
		target = min(target, r.opts.MaxResults)
	}
	return len(r.seen) < target && (index*r.size < target || inFlight == 0)
}

// add checks one page and records what it brought.
func (r *pagedRead) add(index int, p Page) error {
	if err := r.checkTotal(index, p.Total); err != nil {
		return err
	}
	r.pages[index], r.arrived[index] = p, true
	r.lowest = min(r.lowest, p.Total)
	r.latest = p.Total
	// A page holding more customers than the total it reports: the total is
	// missing or stale, so the pages it implies may not be all.
	r.overfull = r.overfull || len(p.Customers) > p.Total
	if len(p.Customers) < r.size {
		r.ended = true // a short or empty page: the list ends here
	}
	fresh := 0
	for _, c := range p.Customers {
		if _, dup := r.seen[c.ID]; !dup {
			r.seen[c.ID] = struct{}{}
			fresh++
		}
	}
	if len(p.Customers) > 0 && fresh == 0 {
		r.fruitless = append(r.fruitless, index+1)
		if len(r.fruitless) >= maxFruitlessPages {
			slices.Sort(r.fruitless) // they arrive in any order
			return pagingErrorf("pages %s brought only customers already read (the server seems to ignore the page number or offset); "+
				"stopped after %d requests", pageList(r.fruitless), r.requests)
		}
	}
	if len(r.seen) > MaxCustomersPerRead && !r.capped() {
		return pagingErrorf("the server kept bringing customers past %d, the most one read may collect (page %d reports %d matches, "+
			"%d requests so far): narrow the filters or set max_results", MaxCustomersPerRead, index+1, p.Total, r.requests)
	}
	return r.flush()
}

// flush hands a streamed read's pages to emit in page order, as far as they
// have arrived, and lets go of their customers.
func (r *pagedRead) flush() error {
	for r.emit != nil && r.emitted < len(r.pages) && r.arrived[r.emitted] {
		p := &r.pages[r.emitted]
		r.emitted++
		err := r.emit(p.Customers)
		p.Customers = nil
		if err != nil {
			return err
		}
	}
	return nil
}

// checkTotal rejects a total no honest server reports, and a list longer
// than one read may collect.
func (r *pagedRead) checkTotal(index, total int) error {
	switch {
	case total < 0:
		return pagingErrorf("the server reported a negative total (%d matches) with page %d: its answer cannot be paged", total, index+1)
	case total > maxPlausibleTotal:
		return pagingErrorf("the server reported %d matches with page %d, more than %d: its totals cannot be trusted", total, index+1, maxPlausibleTotal)
	case total > MaxCustomersPerRead && !r.capped() && index > 0 && total > r.first:
		return pagingErrorf("the server's total kept growing while the list was read (%d matches with page 1, %d with page %d, %d requests); "+
			"one read collects at most %d customers: narrow the filters or set max_results", r.first, total, index+1, r.requests, MaxCustomersPerRead)
	case total > MaxCustomersPerRead && !r.capped():
		return pagingErrorf("the server reports %d matches (page %d); one read collects at most %d customers: "+
			"narrow the filters or set max_results", total, index+1, MaxCustomersPerRead)
	}
	return nil
}

// capped tells whether max_results keeps this read within the ceiling.
func (r *pagedRead) capped() bool {
	return r.opts.MaxResults > 0 && r.opts.MaxResults <= MaxCustomersPerRead
}

func (r *pagedRead) enough() bool {
	return r.opts.MaxResults > 0 && len(r.seen) >= r.opts.MaxResults
}

// result is the pass's customers in page order, deduplicated, cut to
// max_results.
func (r *pagedRead) result() ListResult {
	n := 0
	for _, p := range r.pages {
		n += len(p.Customers)
	}
	seen := make(map[string]struct{}, len(r.seen))
	out := make([]Customer, 0, min(n, len(r.seen)))
	for _, p := range r.pages {
		for _, c := range p.Customers {
			if _, dup := seen[c.ID]; !dup {
				seen[c.ID] = struct{}{}
				out = append(out, c)
			}
		}
	}
	latest := r.pages[len(r.pages)-1].Total
	res := ListResult{Customers: out, TotalResults: latest}
	if limit := r.opts.MaxResults; limit > 0 && (len(out) > limit || latest > limit) {
		res.Truncated = true
		res.Customers = out[:min(len(out), limit)]
	}
	return res
}

// pageList renders 1-based page numbers as "2, 3 and 4".
func pageList(pages []int) string {
	s := ""
	for i, p := range pages {
		switch {
		case i == 0:
		case i == len(pages)-1:
			s += " and "
		default:
			s += ", "
		}
		s += fmt.Sprint(p)
	}
	return s
}
