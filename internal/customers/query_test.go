package customers

import (
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQuery writes each kind of server-side filter under its described
// parameter: text as it is, a bool as true, a time in RFC 3339, a set once
// per element, through Encode where there is one and by Write where there
// is one; a local or undescribed filter writes nothing.
func TestQuery(t *testing.T) {
	d := &Description{Name: "p", Filters: map[string]FilterSupport{
		FilterEmail:       Server("mail"),
		FilterSubscribed:  Server("sub"),
		FilterCreatedFrom: Server("from"),
		FilterIDs:         Server("id"),
		FilterRating:      Server("rating", "Low", "High").Encoded(EnumNumber([]string{"Low", "High"})),
		FilterExported:    Server("exp").Encoded(BoolAs("1", "0")),
		FilterCreatedTo:   Server("to").Encoded(TimeAs("2006-01-02")),
		FilterSortBy: Server("sort[{field}]").Written(func(q url.Values, f Filter) error {
			q.Set("sort["+*f.SortBy+"]", "asc")
			return nil
		}),
		FilterName: Local(),
	}}
	email, yes, no, rating, field, name := "a@b", true, false, "High", "created_at", "x"
	from := time.Date(2024, 1, 31, 10, 0, 0, 0, time.FixedZone("", 3600))
	q, err := d.Query(Filter{Email: &email, Subscribed: &yes, Exported: &no, CreatedFrom: &from, CreatedTo: &from,
		IDs: []string{"1", "2"}, Rating: &rating, SortBy: &field, Name: &name, City: &name})
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"mail": {"a@b"}, "sub": {"true"}, "exp": {"0"}, "from": {"2024-01-31T10:00:00+01:00"}, "to": {"2024-01-31"},
		"id": {"1", "2"}, "rating": {"1"}, "sort[created_at]": {"asc"},
	}, q)
}

// TestQuery_hookErrors: a value a hook rejects fails the query, naming the
// filter and the platform; so does a Write hook's error.
func TestQuery_hookErrors(t *testing.T) {
	d := &Description{Name: "p", Filters: map[string]FilterSupport{
		FilterRating: Server("rating").Encoded(EnumNumber([]string{"Low"})),
		FilterSortBy: Server("sort").Written(func(url.Values, Filter) error { return errors.New("no sort") }),
	}}
	bad := "Medium"
	_, err := d.Query(Filter{Rating: &bad})
	assert.EqualError(t, err, `rating on p: unknown value "Medium"`)
	_, err = d.Query(Filter{SortBy: &bad})
	assert.EqualError(t, err, "no sort")
}

// TestQuery_idsFollowTheRule: an id the description's id rule rejects fails
// the query, saying the rule, before anything is sent; ids it accepts are
// sent as they are.
func TestQuery_idsFollowTheRule(t *testing.T) {
	d := &Description{Name: "p", Title: "P", ID: NumericIDs(1, 2147483647, "10001"),
		Filters: map[string]FilterSupport{FilterIDs: Server("id")}}
	q, err := d.Query(Filter{IDs: []string{"1", "2147483647"}})
	require.NoError(t, err)
	assert.Equal(t, url.Values{"id": {"1", "2147483647"}}, q)
	_, err = d.Query(Filter{IDs: []string{"1", "2147483648"}})
	assert.EqualError(t, err, `ids on p: "2147483648" is not a P customer id (a whole number from 1 to 2147483647)`)
}

// TestBaseURL: base_url wins; else the default with the settings it names
// filled in and escaped; "" without a default or with a named setting unset.
func TestBaseURL(t *testing.T) {
	d := &Description{DefaultBaseURL: "https://{server_id}.example.com/api"}
	assert.Equal(t, "https://own.example", d.BaseURL(Settings{"base_url": "https://own.example", "server_id": "tt"}))
	assert.Equal(t, "https://tt.example.com/api", d.BaseURL(Settings{"server_id": "tt"}))
	assert.Equal(t, "https://a%2Fb.example.com/api", d.BaseURL(Settings{"server_id": "a/b"}))
	assert.Equal(t, "", d.BaseURL(Settings{}))
	assert.Equal(t, "https://fixed.example", (&Description{DefaultBaseURL: "https://fixed.example"}).BaseURL(Settings{}))
	assert.Equal(t, "", (&Description{}).BaseURL(Settings{}))
}
