package customers

import (
	"slices"
	"strconv"
	"strings"
	"time"
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

// FilterNames lists every filter name in the docs' order.
func FilterNames() []string {
	out := make([]string, len(filterFields))
	for i, ff := range filterFields {
		out[i] = ff.name
	}
	return out
}

// IsEmpty reports whether no filter is set.
func (f Filter) IsEmpty() bool { return len(f.SetFilters()) == 0 }

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

// filterField describes one Filter field: whether it is set, how to copy it,
// its text (for allowed values), its values as text (what a query sends
// before the platform's hook) and its local form (nil: none).
type filterField struct {
	name  string
	isSet func(f *Filter) bool
	copy  func(dst, src *Filter)
	value func(f *Filter) string
	texts func(f *Filter) []string
	match func(f *Filter, c *Customer) bool
}

func filterByName(name string) (filterField, bool) {
	i := slices.IndexFunc(filterFields, func(ff filterField) bool { return ff.name == name })
	if i < 0 {
		return filterField{}, false
	}
	return filterFields[i], true
}

func strField(name string, get func(f *Filter) **string, field func(c *Customer) string, match func(have, want string) bool) filterField {
	ff := filterField{
		name:  name,
		isSet: func(f *Filter) bool { return *get(f) != nil },
		copy:  func(dst, src *Filter) { *get(dst) = *get(src) },
		value: func(f *Filter) string { return **get(f) },
		texts: func(f *Filter) []string { return []string{**get(f)} },
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
		texts: func(f *Filter) []string { return []string{strconv.FormatBool(**get(f))} },
	}
}

func sliceField(name string, get func(f *Filter) *[]string, field func(c *Customer) string) filterField {
	ff := filterField{
		name:  name,
		isSet: func(f *Filter) bool { return len(*get(f)) > 0 },
		copy:  func(dst, src *Filter) { *get(dst) = slices.Clone(*get(src)) },
		texts: func(f *Filter) []string { return *get(f) },
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
		texts: func(f *Filter) []string { return []string{(**get(f)).Format(time.RFC3339Nano)} },
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
