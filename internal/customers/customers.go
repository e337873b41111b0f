// Package customers is the platform-neutral core of the provider: the Customer
// record every platform maps into, the Filter every lookup starts from, the
// Platform interface, and the paging engine shared by all platforms.
package customers

import (
	"context"
	"encoding/json"
	"time"
)

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
	// Details asks for each customer's full record where the list is sparse
	// (see SupportsDetails); the records are fetched Concurrency at a time.
	Details bool
}

// ListResult is every customer that matched, in the server's order, without
// duplicate IDs.
type ListResult struct {
	Customers []Customer
	// TotalResults is the total the server reported (on the last page read).
	TotalResults int
	// Truncated is true when MaxResults cut the list short.
	Truncated bool
}

// Platform is what the Terraform face needs from a commerce platform.
type Platform interface {
	// Name is the platform's provider-block name, e.g. "sellercloud".
	Name() string
	// List returns every customer matching the filter.
	List(ctx context.Context, filter Filter, opts ListOptions) (ListResult, error)
	// Get returns one customer by ID; a missing customer is ErrNotFound.
	Get(ctx context.Context, id string) (Customer, error)
	// MaxPageSize is the largest page the platform's list endpoint serves.
	MaxPageSize() int
}
