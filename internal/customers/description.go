package customers

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Description is what a platform says about itself: its name, the provider
// settings it reads, how it applies each filter, whether its list is sparse,
// and how it pages. The face builds the provider schema, the filter
// documentation and the plan-time checks from it; List runs it.
type Description struct {
	// Name is the provider-block name, e.g. "sellercloud"; Title is how
	// people call the platform, e.g. "Sellercloud".
	Name  string
	Title string
	// Settings are the provider settings this platform reads besides the
	// common ones (base_url, timeouts, retries, concurrency).
	Settings []Setting
	// DefaultBaseURL is the API root used when base_url is not set ("" when
	// there is none); a setting in braces is filled in from the settings
	// ({server_id}). The face applies it (BaseURL) and the docs show it.
	DefaultBaseURL string
	// Filters says how each filter is applied; a filter not listed is not
	// supported and is rejected before any request.
	Filters map[string]FilterSupport
	// Fields says where each field of a customer comes from on this
	// platform, by attribute name (Markdown, for the docs); a field not
	// listed is always "".
	Fields map[string]string
	// Details is true when the list is sparse and ListOptions.Details reads
	// each customer's full record with Get.
	Details bool
	// Paging is how the list is paged; MaxPageSize is its largest page.
	Paging      Paging
	MaxPageSize int
	// ID is what one of this platform's customer ids looks like (zero: any
	// non-empty text): the docs, the schemas, the identity and every error
	// about an id say its rule, and CheckID runs it.
	ID IDRule
	// Credentials are the ways to authenticate, preferred first (nil: the
	// Required and Sensitive settings are the credential); OneCredential
	// makes setting two of them an error instead of a choice.
	Credentials   []Credential
	OneCredential bool
	// RawCall is what a call of the API made outside the provider (with
	// the credential the client hands out, httpclient.Access) must send.
	RawCall RawCall
}

// RawCall says how a call made outside the provider authenticates on a
// platform, for the docs of the access token: the credential headers the
// client's Access holds, by name, whether one is a bearer token, and what
// else such a call must send (Markdown, "" for nothing).
type RawCall struct {
	Headers []string
	Bearer  bool
	Note    string
}

// settingRef is a setting named in DefaultBaseURL.
var settingRef = regexp.MustCompile(`\{([a-z_]+)\}`)

// BaseURL is the API root a platform is opened with: base_url when it is
// set, else DefaultBaseURL with the settings it names filled in (escaped),
// else "" (no default, or a setting it needs is not set: the platform's Open
// says which).
func (d *Description) BaseURL(s Settings) string {
	if s["base_url"] != "" || d.DefaultBaseURL == "" {
		return s["base_url"]
	}
	missing := false
	root := settingRef.ReplaceAllStringFunc(d.DefaultBaseURL, func(ref string) string {
		v := s[strings.Trim(ref, "{}")]
		missing = missing || v == ""
		return url.PathEscape(v)
	})
	if missing {
		return ""
	}
	return root
}

// Paging is how a list API pages.
type Paging string

const (
	// PagingPage APIs take a page number; pages are fetched concurrently.
	PagingPage Paging = "page"
	// PagingOffset APIs take an offset; pages are fetched concurrently.
	PagingOffset Paging = "offset"
	// PagingCursor APIs return the next page's cursor; pages are read one
	// after another.
	PagingCursor Paging = "cursor"
)

// Support says where a filter is applied.
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

// FilterSupport is how a platform applies one filter.
type FilterSupport struct {
	Support Support
	// Param is the query parameter a server-side filter is sent as: Query
	// writes it under this name, and the docs name it. A part that varies
	// is written in braces (Truto's sort_by[{field}]).
	Param string
	// Values are the values the platform accepts (nil: any).
	Values []string
	// Note says more about the filter on this platform, for the docs
	// (Markdown, "" for nothing).
	Note string
	// Encode is the platform's hook for a value its API takes in its own
	// form: an enum's number, a date in its format, a bool's spelling, an
	// id in its range. It gets the value as text (a bool true or false, a
	// time in RFC 3339, each element of a set) and returns what is sent;
	// nil sends the text as it is.
	Encode func(value string) (string, error)
	// Write, when set, writes the filter into the query itself, for a
	// parameter that joins several filters (Truto's sort object,
	// sort_by[field]=order); Param is then its name for the docs.
	Write func(q url.Values, f Filter) error
}

// Server is a filter sent as the query parameter param.
func Server(param string, values ...string) FilterSupport {
	return FilterSupport{Support: SupportServer, Param: param, Values: values}
}

// Local is a filter the provider applies on the returned fields.
func Local(values ...string) FilterSupport {
	return FilterSupport{Support: SupportLocal, Values: values}
}

// Encoded is s with its values sent through encode (see Encode).
func (s FilterSupport) Encoded(encode func(value string) (string, error)) FilterSupport {
	s.Encode = encode
	return s
}

// Written is s written into the query by write (see Write).
func (s FilterSupport) Written(write func(q url.Values, f Filter) error) FilterSupport {
	s.Write = write
	return s
}

// Noted is s with a note for the docs (see Note).
func (s FilterSupport) Noted(note string) FilterSupport {
	s.Note = note
	return s
}

// SupportOf returns how the platform applies filter.
func (d *Description) SupportOf(filter string) Support {
	if s, ok := d.Filters[filter]; ok {
		return s.Support
	}
	return SupportNone
}

// Validate reports a description that cannot work: a local filter without a
// local form, an unknown filter name, a missing name, page size or paging.
func (d *Description) Validate() error {
	var errs []error
	if d.Name == "" || d.Title == "" || d.MaxPageSize <= 0 {
		errs = append(errs, fmt.Errorf("platform %q: a name, a title and a positive MaxPageSize are required", d.Name))
	}
	switch d.Paging {
	case PagingPage, PagingOffset, PagingCursor:
	default:
		errs = append(errs, fmt.Errorf("platform %s: unknown paging %q", d.Name, d.Paging))
	}
	known := func(attr string) bool { _, ok := d.Setting(attr); return ok || attr == "base_url" }
	for _, st := range d.Settings {
		if st.Unless != "" && !known(st.Unless) {
			errs = append(errs, fmt.Errorf("platform %s: setting %s is required unless %q, which is no setting", d.Name, st.Attr, st.Unless))
		}
	}
	for _, c := range d.Credentials {
		for _, attr := range c.all() {
			if !known(attr) {
				errs = append(errs, fmt.Errorf("platform %s: a credential names %q, which is no setting", d.Name, attr))
			}
		}
	}
	for name, s := range d.Filters {
		ff, ok := filterByName(name)
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("platform %s: no filter %q", d.Name, name))
		case s.Support == SupportLocal && ff.match == nil:
			errs = append(errs, fmt.Errorf("platform %s: filter %q has no local form", d.Name, name))
		case s.Support != SupportServer && s.Support != SupportLocal:
			errs = append(errs, fmt.Errorf("platform %s: filter %q has support %q", d.Name, name, s.Support))
		}
	}
	return errors.Join(errs...)
}

// supported lists the filters the platform applies with support s, sorted.
func (d *Description) supported(s Support) []string {
	var out []string
	for name, got := range d.Filters {
		if got.Support == s {
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

// Check returns one FilterError per filter set in f that the platform cannot
// apply or whose value it does not accept, and per id that cannot be one of
// its customer ids. The face calls it once, before any request.
func (d *Description) Check(f Filter) []*FilterError {
	var errs []*FilterError
	for _, ff := range filterFields {
		if !ff.isSet(&f) {
			continue
		}
		s, ok := d.Filters[ff.name]
		if !ok {
			errs = append(errs, &FilterError{
				Platform: d.Name, Filter: ff.name,
				Summary: "Filter not supported on " + d.Name,
				Detail:  fmt.Sprintf("Filter %q is not supported on %s. %s", ff.name, d.Name, d.describeSupport()),
			})
			continue
		}
		if s.Values == nil || ff.value == nil {
			continue
		}
		if v := ff.value(&f); !slices.Contains(s.Values, v) {
			detail := fmt.Sprintf("%s = %q is not a value %s accepts: %s.", ff.name, v, d.Name, quoteList(s.Values))
			if hint := Suggest(v, s.Values); hint != "" {
				detail += " " + strings.ToUpper(hint[:1]) + hint[1:]
			}
			errs = append(errs, &FilterError{
				Platform: d.Name, Filter: ff.name,
				Summary: "Invalid " + ff.name + " for " + d.Name,
				Detail:  detail,
			})
		}
	}
	for _, id := range f.IDs {
		if err := d.CheckID(id); err != nil {
			errs = append(errs, &FilterError{
				Platform: d.Name, Filter: FilterIDs,
				Summary: "Invalid " + d.Title + " customer id",
				Detail:  err.Error() + ".",
			})
		}
	}
	return errs
}

// describeSupport says which filters the platform supports and how.
func (d *Description) describeSupport() string {
	server, local := d.supported(SupportServer), d.supported(SupportLocal)
	if len(server) == 0 && len(local) == 0 {
		return d.Name + " supports no filters."
	}
	var parts []string
	if len(server) > 0 {
		parts = append(parts, strings.Join(server, ", ")+" (sent to the API)")
	}
	if len(local) > 0 {
		parts = append(parts, strings.Join(local, ", ")+" (applied by the provider on the returned fields)")
	}
	return d.Name + " supports: " + strings.Join(parts, "; ") + "."
}

func quoteList(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

// split divides f into the filters sent to the server and the ones applied
// by the provider, and names the set filters the platform does not support.
func (d *Description) split(f Filter) (server, local Filter, unsupported []string) {
	for _, ff := range filterFields {
		if !ff.isSet(&f) {
			continue
		}
		switch d.SupportOf(ff.name) {
		case SupportServer:
			ff.copy(&server, &f)
		case SupportLocal:
			ff.copy(&local, &f)
		default:
			unsupported = append(unsupported, ff.name)
		}
	}
	return server, local, unsupported
}

// AppliedLocally reports whether any filter set in f is applied by the
// provider (then every page must be read before matches can be counted).
func (d *Description) AppliedLocally(f Filter) bool {
	_, local, _ := d.split(f)
	return !local.IsEmpty()
}
