package sellercloud_test

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// fuzzConcurrency is the list read's; page 2 onwards all repeat one body.
const fuzzConcurrency = 4

var fuzzed = testutil.FuzzPlatform{
	Open: sellercloud.Open, Name: "sellercloud",
	IsFirst:     func(req *http.Request) bool { return req.URL.Query().Get("model.pageNumber") == "1" },
	ListOptions: customers.ListOptions{Concurrency: fuzzConcurrency},
	// Per pass (at most 3): page 1, the pages in flight, and up to 3 that
	// bring nothing new.
	MaxListCalls: 3 * (1 + fuzzConcurrency + 3),
	ID:           "42", Path: "/Customers/42",
	ErrorStatuses: []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusNotFound, http.StatusConflict,
		http.StatusTooManyRequests, http.StatusInternalServerError},
	ReadError: func(body []byte) {
		_ = sellercloud.ErrorMessage(body)
		_, _ = sellercloud.RateLimitReset(body)
	},
}

// FuzzListResponse serves first as page 1 of GET /Customers and rest as every
// other page: whatever the bodies (lying totals, repeated pages, broken
// JSON), the read ends within the request bound, without a panic, with
// unique ids or an error.
func FuzzListResponse(f *testing.F) { fuzzed.FuzzList(f) }

// FuzzGetResponse decodes GET /Customers/{id} bodies.
func FuzzGetResponse(f *testing.F) { fuzzed.FuzzGet(f) }

// FuzzErrorBody reads error bodies: the message and reset extractors never
// panic, and a failing call is an error naming the request.
func FuzzErrorBody(f *testing.F) { fuzzed.FuzzErrorBody(f) }

// FuzzTokenResponse decodes POST /token bodies: a token or an error.
func FuzzTokenResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		s := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) { return http.StatusOK, body }}
		hc, err := httpclient.New(httpclient.Config{BaseURL: "https://fuzz.invalid/rest/api", Transport: s})
		require.NoError(t, err)
		tok, err := sellercloud.PasswordTokenSource(hc, "user", "pass", time.Now)(context.Background())
		if err == nil {
			assert.NotEmpty(t, tok.Value)
		}
	})
}

// scriptedClient is the client answered by body with status for every
// request.
func scriptedClient(t *testing.T, status int, body []byte) (*sellercloud.Client, *testutil.Scripted) {
	s := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) { return status, body }}
	c, ok := testutil.OpenScripted(t, sellercloud.Open, "sellercloud", s).(*sellercloud.Client)
	require.True(t, ok)
	return c, s
}

// noCreditCards fails when the JSON raw has a member whose key folds to
// "creditcards", at any depth.
func noCreditCards(t *testing.T, raw []byte) {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(raw, &v), "raw is JSON: %s", raw)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, member := range v {
				require.False(t, strings.EqualFold(k, "creditcards"), "raw holds a CreditCards member: %s", raw)
				walk(member)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
}

// FuzzDetailsResponse decodes GET /Customers/{id} bodies into Details:
// whatever the body, a record read is customer 42, its raw is JSON with no
// CreditCards anywhere, and every custom column has a name.
func FuzzDetailsResponse(f *testing.F) {
	for _, seed := range []string{
		`{"General":{"ID":42},"CreditCards":[{"CardNumber":"4111111111111111","CVV":"123"}],"CustomColumns":[{"ColumnName":"A","DataType":2,"Value":1.50,"DataSourceContainer":[{"Key":"x","Value":"X"}]}]}`,
		`{"General":{"ID":42},"OrderOptions":{"TaxExempt":true,"TaxID":"T1","TaxExemptType":"other"},"ShippingPreferences":{"CarrierId":3,"Charges":1.5}}`,
		`{"General":{"ID":42,"x":{"\u0063reditcards":[1]}},"CustomerGroups":{"CustomerGroups":[{"ID":7,"Name":"VIP"}]}}`,
		`{"General":{"ID":42},"CustomColumns":[{"ColumnName":"","Value":null}]}`,
		`{"General":{"ID":42},"CustomColumns":{"ColumnName":"A"}}`,
		`{"General":{"ID":42},"CreditCardſ":"4111","note":"CreditCards","CreditCards":1,"creditcards":2}`,
		`{"General":{"ID":42},"OrderOptions":null,"ShippingPreferences":"no"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c, s := scriptedClient(t, http.StatusOK, body)
		d, err := c.GetDetails(context.Background(), "42")
		assert.Equal(t, 1, s.Calls())
		if err != nil {
			testutil.AssertNoControl(t, err.Error())
			return
		}
		assert.Equal(t, 42, d.ID)
		noCreditCards(t, d.Raw)
		for _, col := range d.CustomColumns {
			assert.NotEmpty(t, col.Name)
		}
	})
}

// FuzzCreateResponse answers POST /Customers/ with the status and body: a
// create is sent once, and returns an id from 1 to 2147483647 or an error;
// a 200 without one is an unknown outcome.
func FuzzCreateResponse(f *testing.F) {
	for _, seed := range []struct {
		status int
		body   string
	}{{200, `10251`}, {200, `"10251"`}, {200, `10251.0`}, {200, `0`}, {200, `-5`}, {200, `2147483648`}, {200, `{}`},
		{200, `null`}, {200, ``}, {200, `1e400`}, {400, `{"Message":"CompanyID is required."}`}, {500, `oops`}, {503, `<html></html>`}} {
		f.Add(seed.status, []byte(seed.body))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 200 || status > 599 || (status >= 300 && status < 400) {
			return // redirects are the HTTP layer's, tested there
		}
		c, s := scriptedClient(t, status, body)
		id, err := c.Create(context.Background(), sellercloud.NewCustomer{CompanyID: 1, FirstName: "F", LastName: "Z", Email: "f@z.test"})
		assert.LessOrEqual(t, s.Calls(), 1+2, "sent once, or again only after a 429 or 401 that saved nothing")
		if err == nil {
			assert.True(t, status >= 200 && status < 300, "status %d", status)
			assert.Positive(t, id)
			assert.LessOrEqual(t, id, math.MaxInt32)
			return
		}
		testutil.AssertNoControl(t, err.Error())
		var unknown *sellercloud.CreateUnknownError
		if status >= 500 || status < 300 {
			assert.ErrorAs(t, err, &unknown, "status %d", status)
			assert.Equal(t, 1, s.Calls())
		}
	})
}

// FuzzColumnValue checks a value against a column of each type: a
// canonical spelling is its own canonical spelling, equal to the value it
// came from, and fits the column.
func FuzzColumnValue(f *testing.F) {
	for _, seed := range []struct {
		typ   uint8
		value string
	}{{2, "1.50"}, {2, "+01."}, {1, "007"}, {1, "-0"}, {3, "05/01/2024 2:30 PM"}, {3, "2024-05-01T16:30:00+02:00"},
		{4, "TRUE"}, {6, "https://example.com"}, {0, "GOLD,SILVER"}, {5, ""}, {2, "-.5"}, {9, "x"}} {
		f.Add(seed.typ, seed.value, false, false)
	}
	f.Fuzz(func(t *testing.T, typ uint8, value string, required, dropDown bool) {
		col := sellercloud.CustomColumn{Name: "C", Type: sellercloud.ColumnType(typ % 8), Required: required, Length: 40,
			DropDown: dropDown, MultipleSelection: typ%2 == 0,
			Options: []sellercloud.DropDownOption{{Key: "GOLD"}, {Key: "SILVER"}, {Key: " "}}}
		canonical, err := col.Canonical(value)
		if err != nil {
			assert.Error(t, col.Check(value))
			return
		}
		again, err := col.Canonical(canonical)
		require.NoError(t, err, "the canonical spelling %q of %q fits", canonical, value)
		assert.Equal(t, canonical, again)
		assert.True(t, col.Equal(value, canonical))
	})
}
