package customers

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// ErrNotFound is wrapped by Platform.Get when the customer does not exist.
var ErrNotFound = errors.New("customer not found")

// Page is one page of a page-number or offset API.
type Page struct {
	Customers []Customer
	// Total is the number of matches the server reported with this page.
	Total int
}

// FetchPage fetches page index (0-based) with size items per page. The
// platform turns index and size into its own page number or offset.
type FetchPage func(ctx context.Context, index, size int) (Page, error)

// maxPasses bounds how often a list is re-read when the server's total shrinks
// while paging (an item may then have moved onto a page already read).
const maxPasses = 3

// ListPaged reads every page of a page-number or offset API: the first page
// alone, then the rest concurrently, then more pages one by one while the
// server reports more matches than were read (the set grew while paging).
// Items are deduplicated by ID in the server's order. A failing page fails the
// whole list: no partial result is ever returned.
func ListPaged(ctx context.Context, fetch FetchPage, pageSize int, opts ListOptions) (ListResult, error) {
	var res ListResult
	for pass := 0; pass < maxPasses; pass++ {
		var stable bool
		var err error
		if res, stable, err = listPass(ctx, fetch, pageSize, opts); err != nil {
			return ListResult{}, err
		}
		if stable {
			return res, nil
		}
	}
	return ListResult{}, fmt.Errorf("the server reported %d matches but %d distinct customers could be read, %d times in a row: "+
		"the list changed while it was read or its pages overlap; try again", res.TotalResults, len(res.Customers), maxPasses)
}

// listPass reads the list once. It reports stable=false when the server's total
// shrank or came out short of the reported total, since an item may then have
// been skipped; the caller reads again.
func listPass(ctx context.Context, fetch FetchPage, pageSize int, opts ListOptions) (ListResult, bool, error) {
	first, err := fetch(ctx, 0, pageSize)
	if err != nil {
		return ListResult{}, false, err
	}
	size := pageSize
	if n := len(first.Customers); n > 0 && n < size && n < first.Total {
		// The server caps the page size below what was asked: page by its size,
		// which is also the size its offsets are computed with.
		size = n
	}
	want := first.Total
	if opts.MaxResults > 0 && opts.MaxResults < want {
		want = opts.MaxResults
	}
	pageCount := max(1, ceilDiv(want, size))

	pages := make([]Page, pageCount)
	pages[0] = first
	if pageCount > 1 {
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(max(1, opts.Concurrency))
		for i := 1; i < pageCount; i++ {
			g.Go(func() error {
				p, err := fetch(gctx, i, size)
				pages[i] = p
				return err
			})
		}
		if err := g.Wait(); err != nil {
			return ListResult{}, false, err
		}
	}

	lowest, latest := first.Total, first.Total
	seen := make(map[string]struct{}, want)
	out := make([]Customer, 0, want)
	add := func(p Page) {
		lowest = min(lowest, p.Total)
		latest = p.Total
		for _, c := range p.Customers {
			if _, dup := seen[c.ID]; dup {
				continue
			}
			seen[c.ID] = struct{}{}
			out = append(out, c)
		}
	}
	for _, p := range pages {
		add(p)
	}
	// The set grew while paging (or a page came back short): keep reading.
	last := pages[len(pages)-1]
	for next := pageCount; len(out) < latest && len(last.Customers) > 0 && !enough(out, opts); next++ {
		if last, err = fetch(ctx, next, size); err != nil {
			return ListResult{}, false, err
		}
		add(last)
	}

	stable := lowest == first.Total && (len(out) >= latest || enough(out, opts))
	res := ListResult{Customers: out, TotalResults: latest}
	if opts.MaxResults > 0 && (len(out) > opts.MaxResults || latest > opts.MaxResults) {
		res.Truncated = true
		if len(out) > opts.MaxResults {
			res.Customers = out[:opts.MaxResults]
		}
	}
	return res, stable, nil
}

func enough(out []Customer, opts ListOptions) bool {
	return opts.MaxResults > 0 && len(out) >= opts.MaxResults
}

func ceilDiv(a, b int) int {
	if b <= 0 {
		return 0
	}
	return (a + b - 1) / b
}

// FetchCursor fetches the page at cursor ("" for the first) and returns the
// next cursor ("" when there are no more pages).
type FetchCursor func(ctx context.Context, cursor string, size int) (items []Customer, next string, err error)

// ListCursor reads a cursor API page after page (cursors cannot be fetched
// ahead). A cursor that does not advance is an error, never an endless loop.
func ListCursor(ctx context.Context, fetch FetchCursor, pageSize int, opts ListOptions) (ListResult, error) {
	seen := make(map[string]struct{})
	cursors := make(map[string]struct{})
	var out []Customer
	cursor := ""
	for {
		items, next, err := fetch(ctx, cursor, pageSize)
		if err != nil {
			return ListResult{}, err
		}
		for _, c := range items {
			if _, dup := seen[c.ID]; !dup {
				seen[c.ID] = struct{}{}
				out = append(out, c)
			}
		}
		if opts.MaxResults > 0 && len(out) >= opts.MaxResults {
			truncated := len(out) > opts.MaxResults || next != ""
			return ListResult{Customers: out[:opts.MaxResults], TotalResults: len(out), Truncated: truncated}, nil
		}
		if next == "" {
			return ListResult{Customers: out, TotalResults: len(out)}, nil
		}
		if _, again := cursors[next]; again || next == cursor {
			return ListResult{}, fmt.Errorf("the server returned cursor %q a second time: paging does not advance", next)
		}
		cursors[next] = struct{}{}
		cursor = next
	}
}
