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
	res, err := readPages(ctx, p, server, read)
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

// readPages runs the paging engine of the platform's paging style.
func readPages(ctx context.Context, p Platform, server Filter, opts ListOptions) (ListResult, error) {
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
		res, err = ListCursor(ctx, pager.Cursor, size, opts)
	case d.Paging != PagingCursor && pager.Page != nil:
		res, err = ListPaged(ctx, pager.Page, size, opts)
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
	full := make([]Customer, len(list))
	gone := make([]bool, len(list))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, concurrency))
	for i, c := range list {
		g.Go(func() error {
			d, err := get(gctx, c.ID)
			switch {
			case errors.Is(err, ErrNotFound):
				gone[i] = true
			case err != nil:
				return err
			default:
				full[i] = d
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := full[:0]
	for i, c := range full {
		if !gone[i] {
			out = append(out, c)
		}
	}
	return out, nil
}
