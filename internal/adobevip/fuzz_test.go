package adobevip

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// fuzzConcurrency is the list read's; every later page repeats one body.
const fuzzConcurrency = 4

var fuzzed = testutil.FuzzPlatform{
	Open: Open, Name: "adobe_vip",
	IsFirst:     func(req *http.Request) bool { return req.URL.Query().Get("offset") == "0" },
	ListOptions: customers.ListOptions{Concurrency: fuzzConcurrency},
	// Per pass (at most 3): the first page, the pages in flight, and up to 3
	// that bring nothing new.
	MaxListCalls: 3 * (1 + fuzzConcurrency + 3),
	ID:           "P1005", Path: "/v3/customers/P1005", Decode: toCustomer,
	ErrorStatuses: []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound,
		http.StatusTooManyRequests, http.StatusInternalServerError},
	ReadError: func(body []byte) { _ = ErrorMessage(body) },
}

// FuzzListResponse serves first at offset 0 of the reseller's customer list
// and rest at every other offset: whatever the bodies (lying totalCount,
// repeated pages, either array name, broken JSON), the read ends within the
// request bound, without a panic, with unique ids or an error.
func FuzzListResponse(f *testing.F) { fuzzed.FuzzList(f) }

// FuzzGetResponse decodes GET /v3/customers/{id} bodies, and list items.
func FuzzGetResponse(f *testing.F) { fuzzed.FuzzGet(f) }

// FuzzErrorBody reads error bodies: the message extractor never panics, and
// a failing call is an error naming the request.
func FuzzErrorBody(f *testing.F) { fuzzed.FuzzErrorBody(f) }

// FuzzSubscription decodes a subscription body, alone and as GET
// /v3/customers/{id}/subscriptions/{sid} answers it: a subscription
// decoded has an id (the one asked for, through GET), quantities in range,
// and a renewal date that is "" or a day; an error holds no control
// character; one request.
func FuzzSubscription(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		if s, err := decodeSubscription(body); err == nil {
			assert.NoError(t, customers.CheckIDText(s.SubscriptionID))
			assert.True(t, s.CurrentQuantity >= 0 && s.CurrentQuantity <= maxQuantity)
			if s.RenewalDate != "" {
				_, err := time.Parse(time.DateOnly, s.RenewalDate)
				assert.NoError(t, err)
			}
		}
		sc := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) { return http.StatusOK, body }}
		s, err := testutil.OpenScripted(t, Open, "adobe_vip", sc).(*Client).GetSubscription(context.Background(), "P1005", "S1")
		if err == nil {
			assert.Equal(t, "S1", s.SubscriptionID)
		} else {
			testutil.AssertNoControl(t, err.Error())
		}
		assert.Equal(t, 1, sc.Calls())
	})
}

// FuzzSubscriptionList serves first to the list's first request and rest
// to every later page: the read ends within a bounded number of requests,
// with unique subscription ids or an error without control characters.
func FuzzSubscriptionList(f *testing.F) {
	f.Fuzz(func(t *testing.T, first, rest []byte) {
		sc := &testutil.Scripted{Respond: func(req *http.Request) (int, []byte) {
			if req.URL.RawQuery == "" {
				return http.StatusOK, first
			}
			return http.StatusOK, rest
		}}
		subs, err := testutil.OpenScripted(t, Open, "adobe_vip", sc).(*Client).ListSubscriptions(context.Background(), "P1005")
		assert.LessOrEqual(t, sc.Calls(), 3*(1+4+3))
		if err != nil {
			testutil.AssertNoControl(t, err.Error())
			return
		}
		ids := make([]string, len(subs))
		for i, s := range subs {
			ids[i] = s.SubscriptionID
		}
		testutil.RequireUniqueIDs(t, ids)
	})
}

// FuzzCreatedAccount answers a create with 201 and the body: the account
// returned has an Adobe customer id and the company sent; anything else is
// an unknown outcome naming the correlation id, the create sent once.
func FuzzCreatedAccount(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		sc := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) { return http.StatusCreated, body }}
		a, key, err := testutil.OpenScripted(t, Open, "adobe_vip", sc).(*Client).CreateAccount(context.Background(), fuzzAccount, "corr-1")
		assert.Equal(t, "corr-1", key)
		assert.Equal(t, 1, sc.Calls())
		if err != nil {
			var unknown *OutcomeUnknownError
			assert.ErrorAs(t, err, &unknown)
			testutil.AssertNoControl(t, err.Error())
			return
		}
		assert.NoError(t, Description.CheckID(a.CustomerID))
		assert.True(t, strings.EqualFold(strings.TrimSpace(a.CompanyProfile.CompanyName), "Fairmont"))
	})
}

var fuzzAccount = NewAccount{CompanyProfile: CompanyProfile{
	CompanyName: "Fairmont", PreferredLanguage: "en-US",
	Address:  Address{Country: "US", Region: "CA", City: "San Jose", AddressLine1: "200 Fairmont Ave", PostalCode: "95110"},
	Contacts: []Contact{{FirstName: "Donald", LastName: "Duck", Email: "donald@duck.com"}},
}}
