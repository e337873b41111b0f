package customers

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFilterFieldsCoverFilter: every Filter field has exactly one entry in
// the capability machinery, so a new filter cannot be silently ignored.
func TestFilterFieldsCoverFilter(t *testing.T) {
	require.Len(t, filterFields, reflect.TypeOf(Filter{}).NumField(), "filter fields described, one per field of Filter")
	// Setting each field one at a time must be seen by exactly one entry.
	v := reflect.ValueOf(&Filter{}).Elem()
	for i := 0; i < v.NumField(); i++ {
		var f Filter
		fv := reflect.ValueOf(&f).Elem().Field(i)
		switch fv.Kind() {
		case reflect.Pointer:
			fv.Set(reflect.New(fv.Type().Elem()))
		case reflect.Slice:
			fv.Set(reflect.ValueOf([]string{"x"}))
		}
		assert.Len(t, f.SetFilters(), 1, "field %s is seen by exactly one filter", v.Type().Field(i).Name)
	}
}

// testDescription is a platform for the core's tests: some filters on the
// server, some applied locally, enums on both.
var testDescription = Description{
	Name: "test", Title: "Test", Paging: PagingOffset, MaxPageSize: 10, Details: true,
	Filters: map[string]FilterSupport{
		FilterStatus:      Server("status", "1000", "1002"),
		FilterCompanyName: Server("company-name"),
		FilterSortOrder:   Server("order-by"),
		FilterIDs:         Local(),
		FilterName:        Local(),
		FilterSortBy:      Server("sort-by", SortCreatedAt),
	},
	ID: NumericIDs(1, 999, "7"),
}

func TestCheck(t *testing.T) {
	f := Filter{Email: new("a@b"), Status: new("2000"), CompanyName: new("Acme*"), City: new("Austin"), IDs: []string{"7", "x"}}
	var got []string
	for _, e := range testDescription.Check(f) {
		got = append(got, e.Filter+": "+e.Detail)
	}
	support := "test supports: company_name, sort_by, sort_order, status (sent to the API); ids, name (applied by the provider on the returned fields)."
	assert.Equal(t, []string{
		`email: Filter "email" is not supported on test. ` + support,
		`status: status = "2000" is not a value test accepts: "1000", "1002".`,
		`city: Filter "city" is not supported on test. ` + support,
		`ids: "x" is not a Test customer id (a whole number from 1 to 999).`,
	}, got)
	assert.Empty(t, testDescription.Check(Filter{Status: new("1002"), SortBy: new(SortCreatedAt), IDs: []string{"12"}}))
	assert.Len(t, testDescription.Check(Filter{SortBy: new(SortCompanyName)}), 1, "a value outside the platform's own set")
}

func TestSplit(t *testing.T) {
	f := Filter{IDs: []string{"1"}, Name: new("Acme"), Status: new("1000"), SortOrder: new("asc"), City: new("x")}
	server, local, unsupported := testDescription.split(f)
	assert.Equal(t, []string{"status", "sort_order"}, server.SetFilters())
	assert.Equal(t, []string{"ids", "name"}, local.SetFilters())
	assert.Equal(t, []string{"city"}, unsupported)
	assert.True(t, testDescription.AppliedLocally(f))
	assert.False(t, testDescription.AppliedLocally(Filter{Status: new("1000")}))
	// The copy must not alias the caller's slice.
	local.IDs[0] = "changed"
	assert.Equal(t, "1", f.IDs[0], "split aliases the ids slice")
}

func TestValidate(t *testing.T) {
	require.NoError(t, testDescription.Validate())
	bad := testDescription
	bad.Filters = map[string]FilterSupport{FilterCity: Local(), "no_such": Server("x")}
	bad.Paging = "sideways"
	err := bad.Validate()
	require.Error(t, err)
	for _, want := range []string{`filter "city" has no local form`, `no filter "no_such"`, `unknown paging "sideways"`} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestMatches(t *testing.T) {
	c := Customer{
		ID: "42", Name: "Ava Smith", FirstName: "Ava", LastName: "Smith", Email: "Ava.Smith@Example.com",
		Phone: "+1 555 010 0042", CompanyName: "Acme Supply", CustomerType: "BUSINESS", Status: "active",
		CreatedAt: "2023-05-01T10:00:00Z", UpdatedAt: "2024-01-01T00:00:00Z",
	}
	may := func(y, m, d int) *time.Time { return new(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)) }
	cases := []struct {
		name string
		f    Filter
		want bool
	}{
		{"no filter", Filter{}, true},
		{"ids hit", Filter{IDs: []string{"7", "42"}}, true},
		{"ids miss", Filter{IDs: []string{"7"}}, false},
		{"name substring any case", Filter{Name: new("SMITH")}, true},
		{"email substring", Filter{Email: new("smith@example")}, true},
		{"email miss", Filter{Email: new("jones")}, false},
		{"phone ignores spacing", Filter{PhoneNumber: new("555-0100")}, true},
		{"phone miss", Filter{PhoneNumber: new("555 999")}, false},
		{"customer type exact any case", Filter{CustomerType: new("business")}, true},
		{"customer type is not a substring match", Filter{CustomerType: new("BUS")}, false},
		{"status", Filter{Status: new("inactive")}, false},
		{"created range hit", Filter{CreatedFrom: may(2023, 1, 1), CreatedTo: may(2023, 12, 31)}, true},
		{"created before from", Filter{CreatedFrom: may(2023, 6, 1)}, false},
		{"modified after to", Filter{ModifiedTo: may(2023, 12, 31)}, false},
		{"server-only filters are not applied locally", Filter{City: new("Nowhere")}, true},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, tc.f.Matches(c), tc.name)
	}
	assert.False(t, (Filter{CreatedFrom: may(2000, 1, 1)}).Matches(Customer{ID: "1"}), "a customer without a creation time passed a created_from filter")
}

// fakePlatform serves testDescription's list from a slice, recording what
// the engine asked for.
type fakePlatform struct {
	all      []Customer
	calls    atomic.Int32
	server   Filter
	sizes    []int
	gets     atomic.Int32
	describe *Description
}

func (p *fakePlatform) Description() *Description {
	if p.describe != nil {
		return p.describe
	}
	return &testDescription
}

func (p *fakePlatform) Pager(f Filter) (Pager, error) {
	p.server = f
	return Pager{Page: func(_ context.Context, index, size int) (Page, error) {
		p.calls.Add(1)
		p.sizes = append(p.sizes, size)
		page := Page{Total: len(p.all)}
		for i := index * size; i < len(p.all) && i < (index+1)*size; i++ {
			page.Customers = append(page.Customers, p.all[i])
		}
		return page, nil
	}}, nil
}

func (p *fakePlatform) Get(_ context.Context, id string) (Customer, error) {
	p.gets.Add(1)
	return Customer{ID: id, Email: id + "@full"}, nil
}

// TestList: unsupported filters fail before any request; server filters go
// to the pager; local filters read every page, then max_results counts
// matches only; details replace the items.
func TestList(t *testing.T) {
	all := make([]Customer, 30)
	for i := range all {
		all[i] = Customer{ID: fmt.Sprint(i), Name: map[bool]string{true: "Acme " + fmt.Sprint(i), false: "Other"}[i%3 == 0]}
	}
	ctx := context.Background()

	p := &fakePlatform{all: all}
	_, err := List(ctx, p, Filter{Email: new("x")}, ListOptions{})
	require.ErrorContains(t, err, "does not support the filters email")
	assert.Zero(t, p.calls.Load(), "an unsupported filter reached the server")

	p = &fakePlatform{all: all}
	res, err := List(ctx, p, Filter{Name: new("acme"), Status: new("1000")}, ListOptions{MaxResults: 4, PageSize: 5})
	require.NoError(t, err)
	assert.Equal(t, []string{"status"}, p.server.SetFilters(), "only the server-side filters reach the pager")
	assert.EqualValues(t, 6, p.calls.Load(), "every page is read for a local filter")
	assert.Equal(t, []string{"0", "3", "6", "9"}, ids(res.Customers))
	assert.True(t, res.Truncated)
	assert.Equal(t, 10, res.TotalResults, "the total counts matches")

	p = &fakePlatform{all: all}
	res, err = List(ctx, p, Filter{}, ListOptions{MaxResults: 3, PageSize: 50})
	require.NoError(t, err)
	assert.Equal(t, []int{10}, p.sizes, "the page size is capped at the platform's largest")
	assert.Len(t, res.Customers, 3)

	p = &fakePlatform{all: all}
	res, err = List(ctx, p, Filter{}, ListOptions{MaxResults: 2, Details: true, Concurrency: 2})
	require.NoError(t, err)
	assert.Equal(t, []Customer{{ID: "0", Email: "0@full"}, {ID: "1", Email: "1@full"}}, res.Customers)
	assert.EqualValues(t, 2, p.gets.Load())

	cursor := testDescription
	cursor.Paging = PagingCursor
	p = &fakePlatform{all: all, describe: &cursor}
	_, err = List(ctx, p, Filter{}, ListOptions{})
	require.ErrorContains(t, err, "does not match its cursor paging")
}

// TestFetchDetails: bounded concurrency, order kept, deleted customers
// dropped, any other failure fails the read. The first calls wait at a gate
// that opens once 3 are running at the same time, so the bound is reached
// whatever the scheduler does, and never exceeded.
func TestFetchDetails(t *testing.T) {
	list := make([]Customer, 20)
	for i := range list {
		list[i] = Customer{ID: fmt.Sprint(i)}
	}
	var inFlight, peak, arrived atomic.Int32
	gate := make(chan struct{})
	openGate := sync.OnceFunc(func() { close(gate) })
	safety := time.AfterFunc(time.Minute, openGate) // a sequential read fails instead of hanging
	defer safety.Stop()
	get := func(_ context.Context, id string) (Customer, error) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		if arrived.Add(1) == 3 {
			openGate()
		}
		<-gate
		if id == "5" {
			return Customer{}, fmt.Errorf("gone: %w", ErrNotFound)
		}
		return Customer{ID: id, Email: id + "@x"}, nil
	}
	out, err := FetchDetails(context.Background(), list, 3, get)
	require.NoError(t, err)
	require.Len(t, out, 19, "customer 5 is gone")
	assert.Equal(t, "0@x", out[0].Email)
	assert.Equal(t, "6", out[5].ID, "order kept, the deleted customer dropped")
	assert.EqualValues(t, 3, peak.Load(), "requests at once: the bound, reached and never exceeded")
	_, err = FetchDetails(context.Background(), list, 3, func(context.Context, string) (Customer, error) {
		return Customer{}, errors.New("boom")
	})
	assert.Error(t, err, "a failing detail read fails the whole read")
}

// TestSuggest: a value a letter off, or with - for _, gets the option
// meant, one in another case says values are case-sensitive, and a value
// far from every option gets nothing (the options are a platform-like
// list; the core names no platform).
func TestSuggest(t *testing.T) {
	options := []string{"northwind", "contoso_shop", "fabrikam", "tails"}
	for got, want := range map[string]string{
		"nortwind":     `did you mean "northwind"?`,
		"Northwind":    `values are case-sensitive: did you mean "northwind"?`,
		"contoso-shop": `did you mean "contoso_shop"?`,
		"tail":         `did you mean "tails"?`,
		"shopify":      "",
		"x":            "",
	} {
		assert.Equal(t, want, Suggest(got, options), got)
	}
	assert.Equal(t, `values are case-sensitive: did you mean "Wholesale"?`, Suggest("wholesale", []string{"Retail", "Wholesale"}))
	assert.Equal(t, `did you mean "Wholesale"?`, Suggest("Wholsale", []string{"Retail", "Wholesale"}))
	assert.Empty(t, Suggest("2000", []string{"1000", "1002"}), "codes one digit apart are not typos")
}

func TestCheckID(t *testing.T) {
	d := Description{Title: "Northwind", ID: NumericIDs(1, 2147483647, "10001")}
	for _, ok := range []string{"1", "10001", "2147483647"} {
		assert.NoError(t, d.CheckID(ok), ok)
	}
	for _, bad := range []string{"", "0", "-1", "+7", "2147483648", "99999999999999999999", "1e3", " 7", "abc"} {
		err := d.CheckID(bad)
		if assert.Error(t, err, bad) {
			assert.Equal(t, fmt.Sprintf("%q is not a Northwind customer id (a whole number from 1 to 2147483647)", bad), err.Error())
		}
	}
	patterned := Description{Title: "Acme Marketplace", ID: PatternIDs(`^[\p{L}\d\-]{4,40}$`, "4 to 40 letters, digits and hyphens", "1006374000")}
	assert.NoError(t, patterned.CheckID("P1005238495"))
	assert.EqualError(t, patterned.CheckID("ab"), `"ab" is not an Acme Marketplace customer id (4 to 40 letters, digits and hyphens)`)
	assert.NoError(t, (&Description{Title: "Tailspin"}).CheckID("anything"), "no rule: any text")
}

// TestValidate_settings: a credential or a requirement that names no
// setting is a description that cannot work.
func TestValidate_settings(t *testing.T) {
	d := Description{Name: "x", Title: "X", Paging: PagingPage, MaxPageSize: 1,
		Settings:    []Setting{{Attr: "token"}, {Attr: "server_id", Required: true, Unless: "base_url"}},
		Credentials: []Credential{{Settings: []string{"token"}}}}
	require.NoError(t, d.Validate())
	d.Credentials = append(d.Credentials, Credential{Settings: []string{"pasword"}})
	d.Settings[1].Unless = "baseurl"
	err := d.Validate()
	assert.ErrorContains(t, err, `a credential names "pasword", which is no setting`)
	assert.ErrorContains(t, err, `required unless "baseurl", which is no setting`)
}

// TestCheckSettings_messages: each problem named through the face's
// references, with the settings whose absence caused it.
func TestCheckSettings_messages(t *testing.T) {
	d := Description{Name: "northwind", Title: "Northwind",
		Settings: []Setting{{Attr: "server_id", Required: true, Unless: "base_url", What: "the server"},
			{Attr: "token"}, {Attr: "username"}, {Attr: "password"}},
		Credentials: []Credential{{Settings: []string{"username", "password"}}, {Settings: []string{"token"}}}}
	ref := func(attr string) string { return attr + " (ref)" }
	var got []string
	for _, e := range d.CheckSettings(Settings{"username": "u"}, ref) {
		got = append(got, fmt.Sprintf("%s|%s|%s|%v", e.Attr, e.Summary, e.Detail, e.Missing))
	}
	assert.Equal(t, []string{
		`server_id|Missing server_id for northwind|platform = "northwind" needs server_id (ref), or base_url (ref): the server.|[server_id base_url]`,
		`password|Missing password for northwind|username (ref) is set but password is not: set password (ref) as well, or use token instead.|[password]`,
	}, got)
	assert.Equal(t, "check token (ref), or use username and password", d.CredentialHint(Settings{"token": "t"}, ref))
	assert.Equal(t, "check username (ref) and password (ref), or use token", d.CredentialHint(Settings{"token": "t", "username": "u", "password": "p"}, ref))
	assert.Equal(t, "check server_id (ref) or base_url (ref)", d.HostHint(Settings{}, ref))
	// The face fills base_url from server_id before Open: still server_id's.
	d.DefaultBaseURL = "https://{server_id}.example.com/api"
	assert.Equal(t, "check server_id (ref) or base_url (ref)", d.HostHint(Settings{"server_id": "tt", "base_url": "https://tt.example.com/api"}, ref))
	assert.Equal(t, "check base_url (ref)", d.HostHint(Settings{"server_id": "tt", "base_url": "https://own.example/api"}, ref))
	assert.Empty(t, d.CheckSettings(Settings{"base_url": "https://x", "token": "t"}, ref))
}
