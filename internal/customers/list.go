package customers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/sync/errgroup"
)

// List returns every customer of the platform matching f, in the server's
// order, without duplicates; a failure anywhere fails the whole read, never a
// partial result. The caller has checked f with the description's Check:
// List sends the server-side filters, runs the paging engine of the
// platform's paging style, applies the provider-side filters on the returned
// fields (then every page is read before MaxResults cuts the list, so
// truncation counts matches only), and with opts.Details reads each
// customer's full record where the platform's list is sparse.
func List(ctx context.Context, p Platform, f Filter, opts ListOptions) (ListResult, error) {
	d := p.Description()
	server, local, unsupported := d.split(f)
	if len(unsupported) > 0 {
		// Check would have rejected them: never drop a filter silently.
		return ListResult{}, fmt.Errorf("%s does not support the filters %s", d.Name, strings.Join(unsupported, ", "))
	}
	read := opts
	if !local.IsEmpty() {
		read.MaxResults = 0
	}
	res, err := readPages(ctx, p, server, read, nil)
	if err != nil {
		return ListResult{}, err
	}
	if !local.IsEmpty() {
		res = applyLocal(res, local, opts.MaxResults)
	}
	if opts.Details && d.Details {
		if res.Customers, err = FetchDetails(ctx, res.Customers, opts.Concurrency, p.Get); err != nil {
			return ListResult{}, err
		}
	}
	return res, nil
}

// errStreamStopped ends a streamed read that has sent all it should: the
// consumer stopped, or the limit is met.
var errStreamStopped = errors.New("the stream was stopped")

// Stream sends the customers of the platform matching f to yield as the
// pages arrive, one batch per page, in the server's order and without
// duplicates, and returns when the list ends, yield returns false, or
// opts.MaxResults customers have been sent. It reads like List (the same
// engines, bounds and errors: the caller has checked f with Check), but holds
// about opts.Concurrency pages at a time instead of the whole list, and with
// opts.MaxResults and no provider-side filters asks for no larger page than
// needed (MaxResults 10 is one request for 10). A failure after some batches
// is returned as the read's error: the caller must not present what it was
// sent as the whole list. Batches are the caller's; with opts.Details each is
// read in full first. TotalResults and Truncated have no counterpart: a
// stream reports what it sends.
func Stream(ctx context.Context, p Platform, f Filter, opts ListOptions, yield func(batch []Customer) bool) error {
	d := p.Description()
	server, local, unsupported := d.split(f)
	if len(unsupported) > 0 {
		return fmt.Errorf("%s does not support the filters %s", d.Name, strings.Join(unsupported, ", "))
	}
	read := opts
	switch {
	case !local.IsEmpty():
		read.MaxResults = 0 // the engine cannot count matches it does not see; the sink stops the read
	case opts.MaxResults > 0 && (opts.PageSize <= 0 || opts.PageSize > opts.MaxResults):
		read.PageSize = opts.MaxResults // readPages caps it at the platform's largest page
	}
	seen := map[string]struct{}{}
	sent := 0
	sink := func(page []Customer) error {
		batch := make([]Customer, 0, len(page))
		for _, c := range page {
			if opts.MaxResults > 0 && sent+len(batch) >= opts.MaxResults {
				break
			}
			if _, dup := seen[c.ID]; dup || !local.Matches(c) {
				continue // a re-read pass repeats pages already sent
			}
			seen[c.ID] = struct{}{}
			batch = append(batch, c)
		}
		if opts.Details && d.Details && len(batch) > 0 {
			var err error
			if batch, err = FetchDetails(ctx, batch, opts.Concurrency, p.Get); err != nil {
				return err
			}
		}
		sent += len(batch)
		if len(batch) > 0 && !yield(batch) {
			return errStreamStopped
		}
		if opts.MaxResults > 0 && sent >= opts.MaxResults {
			return errStreamStopped
		}
		return nil
	}
	if _, err := readPages(ctx, p, server, read, sink); !errors.Is(err, errStreamStopped) {
		return err
	}
	return nil
}

// readPages runs the paging engine of the platform's paging style; with emit
// set, streamed.
func readPages(ctx context.Context, p Platform, server Filter, opts ListOptions, emit pageSink) (ListResult, error) {
	d := p.Description()
	size := opts.PageSize
	if size <= 0 || size > d.MaxPageSize {
		size = d.MaxPageSize
	}
	pager, err := p.Pager(server)
	if err != nil {
		return ListResult{}, err
	}
	var res ListResult
	switch {
	case d.Paging == PagingCursor && pager.Cursor != nil:
		if opts.MaxResults > 0 && opts.MaxResults < size {
			size = opts.MaxResults // a cursor cannot skip ahead: ask for no more than needed
		}
		res, err = listCursor(ctx, pager.Cursor, size, opts, emit)
	case d.Paging != PagingCursor && pager.Page != nil:
		res, err = listPaged(ctx, pager.Page, size, opts, emit)
	default:
		return ListResult{}, fmt.Errorf("%s: its pager does not match its %s paging; this is a bug in the provider", d.Name, d.Paging)
	}
	return res, WithEndpoint(err, pager.Endpoint)
}

// applyLocal keeps the customers matching the provider-side filters, and cuts
// the matches at maxResults.
func applyLocal(res ListResult, local Filter, maxResults int) ListResult {
	matched := make([]Customer, 0, len(res.Customers))
	for _, c := range res.Customers {
		if local.Matches(c) {
			matched = append(matched, c)
		}
	}
	out := ListResult{Customers: matched, TotalResults: len(matched)}
	if maxResults > 0 && len(matched) > maxResults {
		out.Customers, out.Truncated = matched[:maxResults], true
	}
	return out
}

// GetFunc reads one customer's full record.
type GetFunc func(ctx context.Context, id string) (Customer, error)

// FetchDetails replaces each customer by its full record, at most
// concurrency requests at a time. A customer deleted since the list was read
// (ErrNotFound) is dropped; any other failure fails the whole read.
func FetchDetails(ctx context.Context, list []Customer, concurrency int, get GetFunc) ([]Customer, error) {
	ids := make([]string, len(list))
	for i, c := range list {
		ids[i] = c.ID
	}
	return ReadEach(ctx, ids, concurrency, get)
}

// ReadEach reads one record per id with read, at most concurrency at a time,
// and returns them in the order of ids. An id whose record is gone
// (ErrNotFound: deleted since it was listed) is dropped; any other failure
// fails the whole read.
func ReadEach[T any](ctx context.Context, ids []string, concurrency int, read func(ctx context.Context, id string) (T, error)) ([]T, error) {
	records := make([]T, len(ids))
	gone := make([]bool, len(ids))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, concurrency))
	for i, id := range ids {
		g.Go(func() error {
			r, err := read(gctx, id)
			switch {
			case errors.Is(err, ErrNotFound):
				gone[i] = true
			case err != nil:
				return err
			default:
				records[i] = r
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := records[:0]
	for i, r := range records {
		if !gone[i] {
			out = append(out, r)
		}
	}
	return out, nil
}
