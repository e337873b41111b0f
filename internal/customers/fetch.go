package customers

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"sync/atomic"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// A platform's Pager reads its list with GET requests: the description's
// query of the filter (Query), plus each request's paging parameters.
// PagedList and CursorList build those readers; the platform says where the
// paging parameters go and how an answer decodes.

// PagedList is the Pager of a list read by page number or offset with GET
// path on c: setPage adds the paging parameters of the page at index (from
// 0) of size to a copy of the filter's query, and decode checks and
// decodes each answer.
func (d *Description) PagedList(c *httpclient.Client, f Filter, path string,
	setPage func(q url.Values, index, size int), decode func(httpclient.Request, []byte) (Page, error)) (Pager, error) {
	query, err := d.Query(f)
	if err != nil {
		return Pager{}, err
	}
	fetch := func(ctx context.Context, index, size int) (Page, error) {
		ctx = httpclient.WithPage(ctx, index+1)
		q := maps.Clone(query)
		setPage(q, index, size)
		req := httpclient.Request{Method: http.MethodGet, Path: path, Query: q}
		body, err := c.DoRaw(ctx, req)
		if err != nil {
			return Page{}, err
		}
		return decode(req, body)
	}
	return Pager{Page: fetch, Endpoint: "GET " + path}, nil
}

// CursorList is the Pager of a list read by cursor with GET path on c:
// setCursor adds the paging parameters of a page of size after cursor (""
// for the first) to a copy of the filter's query, and decode checks and
// decodes each answer into its customers and the next cursor.
func (d *Description) CursorList(c *httpclient.Client, f Filter, path string,
	setCursor func(q url.Values, cursor string, size int), decode func(httpclient.Request, []byte) ([]Customer, string, error)) (Pager, error) {
	query, err := d.Query(f)
	if err != nil {
		return Pager{}, err
	}
	var step atomic.Int64
	fetch := func(ctx context.Context, cursor string, size int) ([]Customer, string, error) {
		ctx = httpclient.WithCursorStep(ctx, int(step.Add(1)))
		q := maps.Clone(query)
		setCursor(q, cursor, size)
		req := httpclient.Request{Method: http.MethodGet, Path: path, Query: q}
		body, err := c.DoRaw(ctx, req)
		if err != nil {
			return nil, "", err
		}
		return decode(req, body)
	}
	return Pager{Cursor: fetch, Endpoint: "GET " + path}, nil
}
