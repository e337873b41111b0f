package customers

import (
	"context"
	"crypto/sha256"
)

// FetchCursor fetches the page at cursor ("" for the first) and returns the
// next cursor ("" when there are no more pages).
type FetchCursor func(ctx context.Context, cursor string, size int) (items []Customer, next string, err error)

// ListCursor reads a cursor API page after page (cursors cannot be fetched
// ahead). The server's cursors are checked, not trusted: a cursor seen before,
// more than maxFruitlessPages steps that bring no new customer, and more than
// MaxCustomersPerRead customers are errors, never an endless loop.
func ListCursor(ctx context.Context, fetch FetchCursor, pageSize int, opts ListOptions) (ListResult, error) {
	return listCursor(ctx, fetch, pageSize, opts, nil)
}

// listCursor is ListCursor, or with emit set the same read streamed: each
// page's new customers go to emit as it arrives and none is kept (the result
// holds no customers).
func listCursor(ctx context.Context, fetch FetchCursor, pageSize int, opts ListOptions, emit pageSink) (ListResult, error) {
	seen := make(map[string]struct{})
	// Cursors are remembered by hash: a server's cursors may be long.
	cursors := map[[sha256.Size]byte]struct{}{sha256.Sum256(nil): {}}
	var out []Customer
	cursor := ""
	for requests, fruitless := 1, 0; ; requests++ {
		items, next, err := fetch(ctx, cursor, pageSize)
		if err != nil {
			return ListResult{}, err
		}
		start, fresh := len(out), 0
		for _, c := range items {
			if _, dup := seen[c.ID]; !dup {
				seen[c.ID] = struct{}{}
				out = append(out, c)
				fresh++
			}
		}
		if emit != nil {
			err := emit(out[start:])
			out = nil // streamed: nothing is kept
			if err != nil {
				return ListResult{}, err
			}
		}
		if read := len(seen); opts.MaxResults > 0 && read >= opts.MaxResults {
			truncated := read > opts.MaxResults || next != ""
			return ListResult{Customers: out[:min(len(out), opts.MaxResults)], TotalResults: read, Truncated: truncated}, nil
		}
		if next == "" {
			return ListResult{Customers: out, TotalResults: len(seen)}, nil
		}
		if len(seen) > MaxCustomersPerRead {
			return ListResult{}, pagingErrorf("the server's cursor kept bringing customers past %d, the most one read may collect "+
				"(%d requests so far): narrow the filters or set max_results", MaxCustomersPerRead, requests)
		}
		if fresh == 0 {
			if fruitless++; fruitless >= maxFruitlessPages {
				return ListResult{}, pagingErrorf("%d pages brought no new customer while the server's cursor kept advancing "+
					"(%d customers in %d requests): paging does not progress", fruitless, len(seen), requests)
			}
		}
		key := sha256.Sum256([]byte(next))
		if _, again := cursors[key]; again {
			// The cursor itself is left out: it is the server's text.
			return ListResult{}, pagingErrorf("the server returned a cursor it had returned before (after %d requests): paging does not advance", requests)
		}
		cursors[key] = struct{}{}
		cursor = next
	}
}
