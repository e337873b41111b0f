package customers

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// Query writes the server-side filters set in f as the list's query
// parameters, under the names the description gives them (Param): a text as
// it is, a bool as true or false, a time in RFC 3339, a set as its parameter
// once per element, each value through the filter's Encode hook where it has
// one, each id only once the description's id rule (ID) accepts it; a filter
// with a Write hook writes itself. The description is the one
// place a filter's parameter is named: a platform's Pager starts its
// requests from this query and adds only its paging.
func (d *Description) Query(f Filter) (url.Values, error) {
	q := url.Values{}
	for _, ff := range filterFields {
		s, ok := d.Filters[ff.name]
		if !ok || s.Support != SupportServer || !ff.isSet(&f) {
			continue
		}
		if s.Write != nil {
			if err := s.Write(q, f); err != nil {
				return nil, err
			}
			continue
		}
		for _, v := range ff.texts(&f) {
			if ff.name == FilterIDs {
				if err := d.CheckID(v); err != nil {
					return nil, fmt.Errorf("%s on %s: %w", ff.name, d.Name, err)
				}
			}
			if s.Encode != nil {
				var err error
				if v, err = s.Encode(v); err != nil {
					return nil, fmt.Errorf("%s on %s: %w", ff.name, d.Name, err)
				}
			}
			q.Add(s.Param, v)
		}
	}
	return q, nil
}

// EnumNumber is an Encode hook for an enum the API takes by number: the
// value's position in names.
func EnumNumber(names []string) func(string) (string, error) {
	return func(v string) (string, error) {
		i := slices.Index(names, v)
		if i < 0 {
			return "", fmt.Errorf("unknown value %q", v)
		}
		return strconv.Itoa(i), nil
	}
}

// Mapped is an Encode hook for values the API spells otherwise: the
// value's entry in names.
func Mapped[V any](names map[string]V) func(string) (string, error) {
	return func(v string) (string, error) {
		out, ok := names[v]
		if !ok {
			return "", fmt.Errorf("unknown value %q", v)
		}
		return fmt.Sprint(out), nil
	}
}

// TimeAs is an Encode hook for a time the API takes in layout, in UTC.
func TimeAs(layout string) func(string) (string, error) {
	return func(v string) (string, error) {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return "", err
		}
		return t.UTC().Format(layout), nil
	}
}

// BoolAs is an Encode hook for a bool the API spells yes and no.
func BoolAs(yes, no string) func(string) (string, error) {
	return Mapped(map[string]string{"true": yes, "false": no})
}
