package customers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"
)

// Support says how a platform applies one filter.
type Support string

const (
	// SupportServer filters are sent to the platform's list endpoint.
	SupportServer Support = "server"
	// SupportLocal filters are applied by the provider on the fields the
	// platform's list returns.
	SupportLocal Support = "local"
	// SupportNone filters are rejected before any request.
	SupportNone Support = "none"
)

// Filter names: the provider's attribute names, one vocabulary for every
// platform.
const (
	FilterIDs           = "ids"
	FilterFirstName     = "first_name"
	FilterLastName      = "last_name"
	FilterName          = "name"
	FilterEmail         = "email"
	FilterPhoneNumber   = "phone_number"
	FilterCompanyName   = "company_name"
	FilterCorporateName = "corporate_name"
	FilterCustomerType  = "customer_type"
	FilterStatus        = "status"
	FilterRating        = "rating"
	FilterSubscribed    = "subscribed"
	FilterCreatedFrom   = "created_from"
	FilterCreatedTo     = "created_to"
	FilterModifiedFrom  = "modified_from"
	FilterModifiedTo    = "modified_to"
	FilterCity          = "city"
	FilterZipCode       = "zip_code"
	FilterExported      = "exported"
	FilterChannel       = "channel"
	FilterCompanyIDs    = "company_ids"
	FilterKeyword       = "keyword"
	FilterSortBy        = "sort_by"
	FilterSortOrder     = "sort_order"
)

// Unified sort_by values; each platform maps the ones it has to its own names.
const (
	SortCreatedAt   = "created_at"
	SortUpdatedAt   = "updated_at"
	SortCompanyName = "company_name"
)

// Capabilities is the capability table: per platform, per filter, where the
// filter is applied. A filter a platform does not list is SupportNone. The
// docs (templates/data-sources/customers.md.tmpl) carry the same table; a
// test keeps the two in step.
var Capabilities = map[string]map[string]Support{
	"sellercloud": {
		FilterIDs: SupportServer, FilterFirstName: SupportServer, FilterLastName: SupportServer,
		FilterEmail: SupportServer, FilterRating: SupportServer, FilterCustomerType: SupportServer,
		FilterSubscribed: SupportServer, FilterCreatedFrom: SupportServer, FilterCreatedTo: SupportServer,
		FilterModifiedFrom: SupportServer, FilterModifiedTo: SupportServer, FilterPhoneNumber: SupportServer,
		FilterCity: SupportServer, FilterZipCode: SupportServer, FilterExported: SupportServer,
		FilterChannel: SupportServer, FilterCorporateName: SupportServer, FilterCompanyIDs: SupportServer,
		FilterKeyword: SupportServer,
		// The list item carries both names: corporate_name is the server-side
		// twin of company_name.
		FilterName: SupportLocal, FilterCompanyName: SupportLocal,
	},
	// Adobe's list items are sparse (customerId, status, companyName,
	// creationDate, externalReferenceId): contacts cannot be filtered on.
	"adobe_vip": {
		FilterStatus: SupportServer, FilterCompanyName: SupportServer, FilterCreatedFrom: SupportServer,
		FilterCreatedTo: SupportServer, FilterSortBy: SupportServer, FilterSortOrder: SupportServer,
		// No customer-id parameter is documented; the account name is the
		// company name.
		FilterIDs: SupportLocal, FilterName: SupportLocal,
	},
	// Connect's list has one free-text search parameter.
	"connect": {
		FilterKeyword: SupportServer,
		FilterIDs:     SupportLocal, FilterName: SupportLocal, FilterEmail: SupportLocal,
		FilterPhoneNumber: SupportLocal, FilterCustomerType: SupportLocal,
	},
	"truto": {
		FilterEmail: SupportServer, FilterName: SupportServer, FilterFirstName: SupportServer,
		FilterLastName: SupportServer, FilterCompanyName: SupportServer, FilterSortBy: SupportServer,
		FilterSortOrder: SupportServer,
		// Truto's created_at/updated_at filters take one value whose meaning
		// varies per integration; a range is applied on the returned times.
		FilterIDs: SupportLocal, FilterPhoneNumber: SupportLocal, FilterStatus: SupportLocal,
		FilterCreatedFrom: SupportLocal, FilterCreatedTo: SupportLocal,
		FilterModifiedFrom: SupportLocal, FilterModifiedTo: SupportLocal,
	},
}

// AllowedValues narrows a filter's values per platform, where the platform
// has a closed set (nil = any value).
var AllowedValues = map[string]map[string][]string{
	"sellercloud": {FilterCustomerType: {"Retail", "Wholesale"}},
	"adobe_vip": {
		FilterStatus: {"1000", "1002", "1004", "1026"},
		FilterSortBy: {SortCreatedAt, SortCompanyName},
	},
	"connect": {FilterCustomerType: {"CONSUMER", "BUSINESS"}},
	"truto":   {FilterSortBy: {SortCreatedAt, SortUpdatedAt}},
}

// detailsPlatforms fetch each customer's full record on request.
var detailsPlatforms = []string{"adobe_vip", "truto"}

// SupportsDetails reports whether ListOptions.Details means anything on the
// platform.
func SupportsDetails(platform string) bool { return slices.Contains(detailsPlatforms, platform) }

// DetailsPlatforms lists the platforms that support ListOptions.Details.
func DetailsPlatforms() []string { return slices.Clone(detailsPlatforms) }

// SupportOf returns how platform applies filter.
func SupportOf(platform, filter string) Support {
	if s, ok := Capabilities[platform][filter]; ok {
		return s
	}
	return SupportNone
}

// SupportedFilters lists the filters platform applies with support s, sorted.
func SupportedFilters(platform string, s Support) []string {
	var out []string
	for name, got := range Capabilities[platform] {
		if got == s {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// FilterError is a filter a platform cannot apply, or a value it does not
// accept. Filter is the attribute name, for a diagnostic on that attribute.
type FilterError struct {
	Platform string
	Filter   string
	Summary  string
	Detail   string
}

func (e *FilterError) Error() string { return e.Detail }

// Check returns one FilterError per filter set in f that platform cannot
// apply or whose value it does not accept. A platform missing from the table
// passes every filter through.
func Check(platform string, f Filter) []*FilterError {
	if _, known := Capabilities[platform]; !known {
		return nil
	}
	var errs []*FilterError
	for _, ff := range filterFields {
		if !ff.isSet(&f) {
			continue
		}
		if SupportOf(platform, ff.name) == SupportNone {
			errs = append(errs, &FilterError{
				Platform: platform, Filter: ff.name,
				Summary: "Filter not supported on " + platform,
				Detail:  fmt.Sprintf("Filter %q is not supported on %s. %s", ff.name, platform, describeSupport(platform)),
			})
			continue
		}
		allowed := AllowedValues[platform][ff.name]
		if allowed == nil || ff.value == nil {
			continue
		}
		if v := ff.value(&f); !slices.Contains(allowed, v) {
			errs = append(errs, &FilterError{
				Platform: platform, Filter: ff.name,
				Summary: "Invalid " + ff.name + " for " + platform,
				Detail: fmt.Sprintf("Attribute %s value must be one of: %s on %s; got %q.",
					ff.name, quoteList(allowed), platform, v),
			})
		}
	}
	return errs
}

// describeSupport says which filters a platform supports and how.
func describeSupport(platform string) string {
	server, local := SupportedFilters(platform, SupportServer), SupportedFilters(platform, SupportLocal)
	msg := platform + " supports: "
	switch {
	case len(server) == 0 && len(local) == 0:
		return platform + " supports no filters."
	case len(server) > 0:
		msg += strings.Join(server, ", ") + " (sent to the API)"
		if len(local) > 0 {
			msg += "; "
		}
	}
	if len(local) > 0 {
		msg += strings.Join(local, ", ") + " (applied by the provider on the returned fields)"
	}
	return msg + "."
}

func quoteList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

// Split divides f into the filters sent to the server and the ones applied
// locally. Unsupported filters land in neither (Check reports them). A
// platform missing from the table gets every filter sent to it.
func Split(platform string, f Filter) (server, local Filter) {
	if _, known := Capabilities[platform]; !known {
		return f, Filter{}
	}
	for _, ff := range filterFields {
		if !ff.isSet(&f) {
			continue
		}
		switch SupportOf(platform, ff.name) {
		case SupportServer:
			ff.copy(&server, &f)
		case SupportLocal:
			ff.copy(&local, &f)
		}
	}
	return server, local
}

// IsEmpty reports whether no filter is set.
func (f Filter) IsEmpty() bool {
	for _, ff := range filterFields {
		if ff.isSet(&f) {
			return false
		}
	}
	return true
}

// SetFilters returns the names of the filters set in f.
func (f Filter) SetFilters() []string {
	var out []string
	for _, ff := range filterFields {
		if ff.isSet(&f) {
			out = append(out, ff.name)
		}
	}
	return out
}

// Matches reports whether c passes every filter set in f that can be applied
// locally. Text filters match case-insensitive substrings (as the platforms'
// own text filters do), phone numbers ignore spacing and punctuation, enums
// compare case-insensitively, and a time filter excludes a customer whose
// time is missing or unreadable.
func (f Filter) Matches(c Customer) bool {
	for _, ff := range filterFields {
		if ff.isSet(&f) && ff.match != nil && !ff.match(&f, &c) {
			return false
		}
	}
	return true
}

// ListFunc lists customers with the filters a platform sends to its server.
type ListFunc func(ctx context.Context, server Filter, opts ListOptions) (ListResult, error)

// ListFiltered is how every platform lists: it rejects filters the platform
// cannot apply (before any request), sends the server-side ones, and applies
// the local ones on the returned fields. With local filters every page is
// read before max_results cuts the list, so truncation counts matches only.
func ListFiltered(ctx context.Context, platform string, f Filter, opts ListOptions, list ListFunc) (ListResult, error) {
	if errs := Check(platform, f); len(errs) > 0 {
		joined := make([]error, len(errs))
		for i, e := range errs {
			joined[i] = e
		}
		return ListResult{}, errors.Join(joined...)
	}
	server, local := Split(platform, f)
	if local.IsEmpty() {
		return list(ctx, server, opts)
	}
	all := opts
	all.MaxResults = 0
	res, err := list(ctx, server, all)
	if err != nil {
		return ListResult{}, err
	}
	matched := make([]Customer, 0, len(res.Customers))
	for _, c := range res.Customers {
		if local.Matches(c) {
			matched = append(matched, c)
		}
	}
	out := ListResult{Customers: matched, TotalResults: len(matched)}
	if opts.MaxResults > 0 && len(matched) > opts.MaxResults {
		out.Customers, out.Truncated = matched[:opts.MaxResults], true
	}
	return out, nil
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

// filterField describes one Filter field for the capability machinery.
type filterField struct {
	name  string
	isSet func(f *Filter) bool
	copy  func(dst, src *Filter)
	// value is the field's text, for AllowedValues (nil: not an enum).
	value func(f *Filter) string
	// match applies the filter locally (nil: no local form).
	match func(f *Filter, c *Customer) bool
}

func strField(name string, get func(f *Filter) **string, field func(c *Customer) string, match func(have, want string) bool) filterField {
	ff := filterField{
		name:  name,
		isSet: func(f *Filter) bool { return *get(f) != nil },
		copy:  func(dst, src *Filter) { *get(dst) = *get(src) },
		value: func(f *Filter) string { return **get(f) },
	}
	if field != nil {
		ff.match = func(f *Filter, c *Customer) bool { return match(field(c), **get(f)) }
	}
	return ff
}

func boolField(name string, get func(f *Filter) **bool) filterField {
	return filterField{
		name:  name,
		isSet: func(f *Filter) bool { return *get(f) != nil },
		copy:  func(dst, src *Filter) { *get(dst) = *get(src) },
	}
}

func sliceField(name string, get func(f *Filter) *[]string, field func(c *Customer) string) filterField {
	ff := filterField{
		name:  name,
		isSet: func(f *Filter) bool { return len(*get(f)) > 0 },
		copy:  func(dst, src *Filter) { *get(dst) = slices.Clone(*get(src)) },
	}
	if field != nil {
		ff.match = func(f *Filter, c *Customer) bool { return slices.Contains(*get(f), field(c)) }
	}
	return ff
}

func timeField(name string, get func(f *Filter) **time.Time, field func(c *Customer) string, after bool) filterField {
	return filterField{
		name:  name,
		isSet: func(f *Filter) bool { return *get(f) != nil },
		copy:  func(dst, src *Filter) { *get(dst) = *get(src) },
		match: func(f *Filter, c *Customer) bool {
			t, ok := ParseTime(field(c))
			if !ok {
				return false
			}
			if after {
				return !t.Before(**get(f))
			}
			return !t.After(**get(f))
		},
	}
}

// ParseTime reads a timestamp as the platforms write them: RFC 3339, with or
// without a zone, or a bare date.
func ParseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func containsFold(have, want string) bool {
	return strings.Contains(strings.ToLower(have), strings.ToLower(want))
}

// phoneDigits keeps what identifies a phone number: digits and a leading +.
func phoneDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' || r == '+' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func phoneContains(have, want string) bool {
	w := strings.TrimPrefix(phoneDigits(want), "+")
	return w != "" && strings.Contains(phoneDigits(have), w)
}

// filterFields lists every Filter field in the docs' order.
var filterFields = []filterField{
	sliceField(FilterIDs, func(f *Filter) *[]string { return &f.IDs }, func(c *Customer) string { return c.ID }),
	strField(FilterFirstName, func(f *Filter) **string { return &f.FirstName }, func(c *Customer) string { return c.FirstName }, containsFold),
	strField(FilterLastName, func(f *Filter) **string { return &f.LastName }, func(c *Customer) string { return c.LastName }, containsFold),
	strField(FilterName, func(f *Filter) **string { return &f.Name }, func(c *Customer) string { return c.Name }, containsFold),
	strField(FilterEmail, func(f *Filter) **string { return &f.Email }, func(c *Customer) string { return c.Email }, containsFold),
	strField(FilterPhoneNumber, func(f *Filter) **string { return &f.PhoneNumber }, func(c *Customer) string { return c.Phone }, phoneContains),
	strField(FilterCompanyName, func(f *Filter) **string { return &f.CompanyName }, func(c *Customer) string { return c.CompanyName }, containsFold),
	strField(FilterCorporateName, func(f *Filter) **string { return &f.CorporateName }, func(c *Customer) string { return c.CompanyName }, containsFold),
	strField(FilterCustomerType, func(f *Filter) **string { return &f.CustomerType }, func(c *Customer) string { return c.CustomerType }, strings.EqualFold),
	strField(FilterStatus, func(f *Filter) **string { return &f.Status }, func(c *Customer) string { return c.Status }, strings.EqualFold),
	strField(FilterRating, func(f *Filter) **string { return &f.Rating }, func(c *Customer) string { return c.Rating }, strings.EqualFold),
	boolField(FilterSubscribed, func(f *Filter) **bool { return &f.Subscribed }),
	timeField(FilterCreatedFrom, func(f *Filter) **time.Time { return &f.CreatedFrom }, func(c *Customer) string { return c.CreatedAt }, true),
	timeField(FilterCreatedTo, func(f *Filter) **time.Time { return &f.CreatedTo }, func(c *Customer) string { return c.CreatedAt }, false),
	timeField(FilterModifiedFrom, func(f *Filter) **time.Time { return &f.ModifiedFrom }, func(c *Customer) string { return c.UpdatedAt }, true),
	timeField(FilterModifiedTo, func(f *Filter) **time.Time { return &f.ModifiedTo }, func(c *Customer) string { return c.UpdatedAt }, false),
	strField(FilterCity, func(f *Filter) **string { return &f.City }, nil, nil),
	strField(FilterZipCode, func(f *Filter) **string { return &f.ZipCode }, nil, nil),
	boolField(FilterExported, func(f *Filter) **bool { return &f.Exported }),
	strField(FilterChannel, func(f *Filter) **string { return &f.Channel }, nil, nil),
	sliceField(FilterCompanyIDs, func(f *Filter) *[]string { return &f.CompanyIDs }, nil),
	strField(FilterKeyword, func(f *Filter) **string { return &f.Keyword }, nil, nil),
	strField(FilterSortBy, func(f *Filter) **string { return &f.SortBy }, nil, nil),
	strField(FilterSortOrder, func(f *Filter) **string { return &f.SortOrder }, nil, nil),
}

// FilterNames lists every filter name in the docs' order.
func FilterNames() []string {
	out := make([]string, len(filterFields))
	for i, ff := range filterFields {
		out[i] = ff.name
	}
	return out
}

func init() {
	// A capability "local" needs a local form: fail fast on a table typo.
	byName := map[string]filterField{}
	for _, ff := range filterFields {
		byName[ff.name] = ff
	}
	for platform, caps := range Capabilities {
		for name, s := range caps {
			ff, ok := byName[name]
			if !ok || (s == SupportLocal && ff.match == nil) {
				panic(fmt.Sprintf("customers: capability %s/%s=%s has no such filter or no local form", platform, name, s))
			}
		}
	}
}
