package customers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func ptr[T any](v T) *T { return &v }

// TestFilterFieldsCoverFilter: every Filter field has exactly one entry in
// the capability machinery, so a new filter cannot be silently ignored.
func TestFilterFieldsCoverFilter(t *testing.T) {
	if got, want := len(filterFields), reflect.TypeOf(Filter{}).NumField(); got != want {
		t.Fatalf("%d filter fields described, Filter has %d", got, want)
	}
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
		if got := f.SetFilters(); len(got) != 1 {
			t.Errorf("field %s is seen by %v, want exactly one filter", v.Type().Field(i).Name, got)
		}
	}
}

func TestCheck(t *testing.T) {
	f := Filter{Email: ptr("a@b"), Status: ptr("2000"), CompanyName: ptr("Acme*"), City: ptr("Austin")}
	errs := Check("adobe_vip", f)
	var got []string
	for _, e := range errs {
		got = append(got, e.Filter+": "+e.Detail)
	}
	want := []string{
		`email: Filter "email" is not supported on adobe_vip. adobe_vip supports: company_name, created_from, created_to, sort_by, sort_order, status (sent to the API); ids, name (applied by the provider on the returned fields).`,
		`status: Attribute status value must be one of: "1000", "1002", "1004", "1026" on adobe_vip; got "2000".`,
		`city: Filter "city" is not supported on adobe_vip. adobe_vip supports: company_name, created_from, created_to, sort_by, sort_order, status (sent to the API); ids, name (applied by the provider on the returned fields).`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("Check:\n got %q\nwant %q", got, want)
	}
	if errs := Check("truto", Filter{SortBy: ptr(SortCompanyName)}); len(errs) != 1 || !strings.Contains(errs[0].Detail, `"created_at", "updated_at" on truto`) {
		t.Errorf("truto sort_by company_name: %v", errs)
	}
	if errs := Check("connect", Filter{Keyword: ptr("x"), CustomerType: ptr("BUSINESS")}); len(errs) != 0 {
		t.Errorf("connect keyword + customer_type: %v", errs)
	}
	if errs := Check("no-such-platform", Filter{City: ptr("x")}); errs != nil {
		t.Errorf("unknown platform passes filters through, got %v", errs)
	}
}

func TestSplit(t *testing.T) {
	f := Filter{IDs: []string{"1"}, Name: ptr("Acme"), Status: ptr("1000"), SortOrder: ptr("asc")}
	server, local := Split("adobe_vip", f)
	if got := server.SetFilters(); !slices.Equal(got, []string{"status", "sort_order"}) {
		t.Errorf("server filters %v", got)
	}
	if got := local.SetFilters(); !slices.Equal(got, []string{"ids", "name"}) {
		t.Errorf("local filters %v", got)
	}
	// The copy must not alias the caller's slice.
	local.IDs[0] = "changed"
	if f.IDs[0] != "1" {
		t.Error("Split aliases the ids slice")
	}
}

func TestMatches(t *testing.T) {
	c := Customer{
		ID: "42", Name: "Ava Smith", FirstName: "Ava", LastName: "Smith", Email: "Ava.Smith@Example.com",
		Phone: "+1 555 010 0042", CompanyName: "Acme Supply", CustomerType: "BUSINESS", Status: "active",
		CreatedAt: "2023-05-01T10:00:00Z", UpdatedAt: "2024-01-01T00:00:00Z",
	}
	may := func(y, m, d int) *time.Time { return ptr(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)) }
	cases := []struct {
		name string
		f    Filter
		want bool
	}{
		{"no filter", Filter{}, true},
		{"ids hit", Filter{IDs: []string{"7", "42"}}, true},
		{"ids miss", Filter{IDs: []string{"7"}}, false},
		{"name substring any case", Filter{Name: ptr("SMITH")}, true},
		{"email substring", Filter{Email: ptr("smith@example")}, true},
		{"email miss", Filter{Email: ptr("jones")}, false},
		{"phone ignores spacing", Filter{PhoneNumber: ptr("555-0100")}, true},
		{"phone miss", Filter{PhoneNumber: ptr("555 999")}, false},
		{"customer type exact any case", Filter{CustomerType: ptr("business")}, true},
		{"customer type is not a substring match", Filter{CustomerType: ptr("BUS")}, false},
		{"status", Filter{Status: ptr("inactive")}, false},
		{"created range hit", Filter{CreatedFrom: may(2023, 1, 1), CreatedTo: may(2023, 12, 31)}, true},
		{"created before from", Filter{CreatedFrom: may(2023, 6, 1)}, false},
		{"modified after to", Filter{ModifiedTo: may(2023, 12, 31)}, false},
		{"server-only filters are not applied locally", Filter{City: ptr("Nowhere")}, true},
	}
	for _, tc := range cases {
		if got := tc.f.Matches(c); got != tc.want {
			t.Errorf("%s: Matches = %v, want %v", tc.name, got, tc.want)
		}
	}
	if (Filter{CreatedFrom: may(2000, 1, 1)}).Matches(Customer{ID: "1"}) {
		t.Error("a customer without a creation time passed a created_from filter")
	}
}

// TestListFiltered: unsupported filters fail before any request; local
// filters read every page, then max_results counts matches only.
func TestListFiltered(t *testing.T) {
	var calls atomic.Int32
	var gotServer Filter
	var gotOpts ListOptions
	all := make([]Customer, 30)
	for i := range all {
		all[i] = Customer{ID: fmt.Sprint(i), Name: map[bool]string{true: "Acme " + fmt.Sprint(i), false: "Other"}[i%3 == 0]}
	}
	list := func(_ context.Context, f Filter, opts ListOptions) (ListResult, error) {
		calls.Add(1)
		gotServer, gotOpts = f, opts
		return ListResult{Customers: all, TotalResults: len(all)}, nil
	}
	ctx := context.Background()

	_, err := ListFiltered(ctx, "adobe_vip", Filter{Email: ptr("x")}, ListOptions{}, list)
	var fe *FilterError
	if !errors.As(err, &fe) || fe.Filter != "email" || calls.Load() != 0 {
		t.Fatalf("unsupported filter: err %v, %d calls", err, calls.Load())
	}

	res, err := ListFiltered(ctx, "adobe_vip", Filter{Name: ptr("acme"), Status: ptr("1000")}, ListOptions{MaxResults: 4, PageSize: 10}, list)
	if err != nil {
		t.Fatal(err)
	}
	if gotServer.Name != nil || gotServer.Status == nil || *gotServer.Status != "1000" {
		t.Errorf("server got %v, want status only", gotServer.SetFilters())
	}
	if gotOpts.MaxResults != 0 || gotOpts.PageSize != 10 {
		t.Errorf("inner options %+v: want every page, same page size", gotOpts)
	}
	if len(res.Customers) != 4 || !res.Truncated || res.TotalResults != 10 || res.Customers[3].ID != "9" {
		t.Errorf("got %d customers (last %v), truncated %v, total %d", len(res.Customers), res.Customers[len(res.Customers)-1].ID, res.Truncated, res.TotalResults)
	}

	// Without local filters the options pass through untouched.
	if _, err := ListFiltered(ctx, "adobe_vip", Filter{}, ListOptions{MaxResults: 3}, list); err != nil || gotOpts.MaxResults != 3 {
		t.Errorf("pass-through: err %v, max_results %d", err, gotOpts.MaxResults)
	}
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
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 19 || out[0].Email != "0@x" || out[5].ID != "6" {
		t.Errorf("got %d customers, first %+v, sixth %+v", len(out), out[0], out[5])
	}
	if p := peak.Load(); p != 3 {
		t.Errorf("%d requests at once, want 3 (the bound, reached and never exceeded)", p)
	}
	_, err = FetchDetails(context.Background(), list, 3, func(context.Context, string) (Customer, error) {
		return Customer{}, errors.New("boom")
	})
	if err == nil {
		t.Error("a failing detail read did not fail the whole read")
	}
}

func TestJSONText(t *testing.T) {
	var v struct{ A, B, C JSONText }
	if err := json.Unmarshal([]byte(`{"A":"1000","B":1006374020,"C":null}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.A != "1000" || v.B != "1006374020" || v.C != "" {
		t.Errorf("got %+v", v)
	}
	if err := json.Unmarshal([]byte(`{"A":{}}`), &v); err == nil {
		t.Error("an object decoded as text")
	}
}
