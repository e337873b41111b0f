// Package customers is the platform-neutral core of the provider: the Customer
// record every platform maps into, the Filter every lookup starts from, the
// Description each platform gives of itself, the Platform interface, and the
// algorithms shared by all platforms (List, the paging engines, local
// filtering, detail reads), with the pieces every platform client is built
// from on top of httpclient: its HTTP client from the provider settings
// (Description.Configure, NewClient), its page fetchers (PagedList,
// CursorList) and the checks of its answers (DecodeTotalPage,
// DecodeRecord). It names no platform: each platform package describes
// itself, and the Terraform face builds its registry from those
// descriptions.
//
// A list read flows one way: the face checks the filter against the
// platform's Description once, then calls List, which splits the filter,
// asks the platform for its page fetcher, runs the paging engine of the
// platform's paging style, applies the provider-side filters and, on request,
// reads each customer's full record. Stream is the same read handed over
// page by page as the pages arrive (terraform query), through the same
// engines and bounds.
package customers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// ErrNotFound is wrapped by Platform.Get when the customer does not exist.
var ErrNotFound = errors.New("customer not found")

// Customer is one customer as the provider presents it, whatever the platform.
// Fields a platform does not carry stay empty.
type Customer struct {
	ID           string
	Name         string
	FirstName    string
	LastName     string
	Email        string
	EmailCC      string
	Phone        string
	CompanyName  string
	CustomerType string
	Rating       string
	Status       string
	CreatedAt    string
	UpdatedAt    string
	ExternalID   string
	// Raw is the server's JSON object for this customer, untouched.
	Raw json.RawMessage
}

// Filter selects customers. A nil pointer or empty slice means "not filtered".
type Filter struct {
	IDs           []string
	FirstName     *string
	LastName      *string
	Name          *string
	Email         *string
	Rating        *string
	CustomerType  *string
	Subscribed    *bool
	CreatedFrom   *time.Time
	CreatedTo     *time.Time
	ModifiedFrom  *time.Time
	ModifiedTo    *time.Time
	PhoneNumber   *string
	City          *string
	ZipCode       *string
	Exported      *bool
	Channel       *string
	CorporateName *string
	CompanyName   *string
	CompanyIDs    []string
	Keyword       *string
	Status        *string
	SortBy        *string
	SortOrder     *string
}

// ListOptions shape how a list is fetched, not what it returns.
type ListOptions struct {
	// PageSize is the number of items asked for per request; 0 means the
	// platform's largest.
	PageSize int
	// MaxResults caps the number of customers returned; 0 means all.
	MaxResults int
	// Concurrency bounds the pages fetched at once; 0 or 1 means sequential.
	Concurrency int
	// Details asks for each customer's full record where the platform's list
	// is sparse (Description.Details); the records are fetched Concurrency at
	// a time.
	Details bool
}

// ListResult is every customer that matched, in the server's order, without
// duplicate IDs.
type ListResult struct {
	Customers []Customer
	// TotalResults is the total the server reported (on the last page read),
	// or the matches counted where the server reports none.
	TotalResults int
	// Truncated is true when MaxResults cut the list short.
	Truncated bool
}

// Platform is one configured platform, as the face and List use it.
type Platform interface {
	// Description is what the platform says about itself.
	Description() *Description
	// Pager returns the reader of the list filtered by f, which holds only the
	// filters the platform applies on its server. Its kind matches the
	// description's Paging.
	Pager(f Filter) (Pager, error)
	// Get returns one customer's full record; a missing customer wraps
	// ErrNotFound.
	Get(ctx context.Context, id string) (Customer, error)
}

// DecodeAll decodes the items of one list page with decode, in order; an
// item that does not decode fails the page, naming the item (the caller
// names the request).
func DecodeAll(items []json.RawMessage, decode func(json.RawMessage) (Customer, error)) ([]Customer, error) {
	out := make([]Customer, 0, len(items))
	for i, raw := range items {
		c, err := decode(raw)
		if err != nil {
			return nil, fmt.Errorf("item %d: %w", i, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// TotalEnvelope is the envelope of a list answer read by page number or
// offset: Contents are its items and its total, nil where the answer has
// none.
type TotalEnvelope interface {
	Contents() (items *[]json.RawMessage, total *int)
}

// DecodeTotalPage decodes a page of a list read by page number or offset
// into its envelope E: the answer must carry both the items array and the
// total, which paging steers by (so that {}, null or a maintenance object
// is an error, never an empty list), and every item must decode (decode,
// DecodeAll). What names the list ("customer") and items and total name
// its keys in the errors; the caller names the request.
func DecodeTotalPage[E TotalEnvelope](body []byte, what, items, total string, decode func(json.RawMessage) (Customer, error)) (Page, error) {
	var envelope E
	if err := json.Unmarshal(body, &envelope); err != nil {
		return Page{}, fmt.Errorf("the answer is not a %s list: %v", what, err)
	}
	list, count := envelope.Contents()
	switch {
	case list == nil:
		return Page{}, fmt.Errorf("the answer is not a %s list: it has no %s array (%s)", what, items, httpclient.Describe(body))
	case count == nil:
		return Page{}, fmt.Errorf("the answer is not a %s list: it has no %s number (%s)", what, total, httpclient.Describe(body))
	}
	decoded, err := DecodeAll(*list, decode)
	if err != nil {
		return Page{}, err
	}
	return Page{Total: *count, Customers: decoded}, nil
}

// Pager reads the pages of one list: Page for page-number and offset APIs,
// Cursor for cursor APIs. Exactly one is set.
type Pager struct {
	Page   FetchPage
	Cursor FetchCursor
	// Endpoint names the list endpoint ("GET /Customers") in the errors of
	// a read whose pages do not add up.
	Endpoint string
}
