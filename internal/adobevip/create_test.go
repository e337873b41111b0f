package adobevip

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

const createRoute = sandbox.AdobeCreateRoute

// fairmont is create-customer-account.md's example account.
func fairmont() NewAccount {
	return NewAccount{
		ExternalReferenceID: "342",
		CompanyProfile: CompanyProfile{
			CompanyName: "Fairmont", PreferredLanguage: "en-US", MarketSegment: "EDU",
			Address: Address{Country: "US", Region: "CA", City: "San Jose", AddressLine1: "200 Fairmont Ave",
				AddressLine2: "Apt 123", PostalCode: "95110-1234", PhoneNumber: "800-123-4567"},
			Contacts: []Contact{{FirstName: "Donald", LastName: "Duck", Email: "donald@duck.com", PhoneNumber: "408-123-4567"}},
		},
	}
}

// clientWithReseller is clientFor with another reseller_id.
func clientWithReseller(t *testing.T, sb *sandbox.Server, reseller string) *Client {
	t.Helper()
	ts := httptest.NewServer(sb)
	t.Cleanup(ts.Close)
	s := testutil.Settings("adobe_vip", ts.URL)
	s["reseller_id"] = reseller
	return testutil.Open[*Client](t, Open, s, testutil.Retries())
}

// requestsTo are the requests of route since the last reset.
func requestsTo(sb *sandbox.Server, route string) []sandbox.Request {
	var out []sandbox.Request
	for _, r := range sb.Requests() {
		if r.Pattern == route {
			out = append(out, r)
		}
	}
	return out
}

// TestCreateAccount_sendsTheDocumentedBody: one POST /v3/customers with the
// reseller from the settings, the external reference and the whole
// companyProfile; the account comes back pending (1002) with the
// correlation id it went under.
func TestCreateAccount_sendsTheDocumentedBody(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 2})
	c := clientFor(t, sb, nil)
	a, key, err := c.CreateAccount(context.Background(), fairmont(), "")
	require.NoError(t, err)
	assert.Equal(t, "1006374002", a.CustomerID)
	assert.Equal(t, StatusPending, a.Status)
	assert.Equal(t, "Fairmont", a.CompanyProfile.CompanyName)
	reqs := requestsTo(sb, createRoute)
	require.Len(t, reqs, 1)
	assert.Equal(t, key, reqs[0].Header.Get("X-Correlation-Id"))
	assert.JSONEq(t, `{"resellerId": "1000361686", "externalReferenceId": "342", "companyProfile": {
	  "companyName": "Fairmont", "preferredLanguage": "en-US", "marketSegment": "EDU",
	  "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "200 Fairmont Ave",
	    "addressLine2": "Apt 123", "postalCode": "95110-1234", "phoneNumber": "800-123-4567"},
	  "contacts": [{"firstName": "Donald", "lastName": "Duck", "email": "donald@duck.com", "phoneNumber": "408-123-4567"}]}}`,
		string(reqs[0].Body))

	// No market segment, no reference: both left out (Adobe makes it COM).
	b := fairmont()
	b.CompanyProfile.CompanyName, b.CompanyProfile.MarketSegment, b.ExternalReferenceID = "Fairmont West", "", ""
	b.CompanyProfile.Contacts[0].Email = "daisy@duck.com"
	sb.ResetCounts()
	a, _, err = c.CreateAccount(context.Background(), b, "")
	require.NoError(t, err)
	assert.Equal(t, "COM", a.CompanyProfile.MarketSegment)
	var sent map[string]any
	require.NoError(t, json.Unmarshal(requestsTo(sb, createRoute)[0].Body, &sent))
	assert.NotContains(t, sent, "externalReferenceId")
	assert.NotContains(t, sent["companyProfile"], "marketSegment")
}

// TestCreateAccount_lostAnswersAreReplayedNeverDoubled: the create is
// applied but its answer is lost (twice), then a 500 comes from the way in:
// every retry carries the first correlation id, Adobe replays the first
// answer, and there is one account.
func TestCreateAccount_lostAnswersAreReplayedNeverDoubled(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 1})
	isCreate := func(r *http.Request) bool { return r.Method == http.MethodPost }
	sb.InjectFault(sandbox.Fault{Match: isCreate, Break: true, Times: 2})
	c := clientFor(t, sb, func(hc *httpclient.Config) { hc.MaxRetries = 4 })
	a, key, err := c.CreateAccount(context.Background(), fairmont(), "")
	require.NoError(t, err)
	reqs := requestsTo(sb, createRoute)
	require.Len(t, reqs, 3)
	for _, r := range reqs {
		assert.Equal(t, key, r.Header.Get("X-Correlation-Id"))
	}
	assert.Len(t, sb.AdobeCustomers(), 2, "one account created")
	assert.Equal(t, map[string]int{"donald@duck.com": 1}, sb.AdobeWelcomeEmails(a.CustomerID))
}

// TestCreateAccount_unknownOutcomeNamesItsID: every answer is lost: the
// create fails as an *OutcomeUnknownError naming the one correlation id
// every attempt carried; sending the account again under it returns the
// account Adobe made, and there is still one.
func TestCreateAccount_unknownOutcomeNamesItsID(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 1})
	sb.InjectFault(sandbox.Fault{Match: func(r *http.Request) bool { return r.Method == http.MethodPost }, Break: true})
	c := clientFor(t, sb, nil)
	_, key, err := c.CreateAccount(context.Background(), fairmont(), "")
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.True(t, httpclient.OutcomeUnknown(err))
	assert.Equal(t, key, unknown.CorrelationID)
	assert.Contains(t, err.Error(), `the creation of customer account "Fairmont": `)
	assert.Contains(t, err.Error(), "send it again with X-Correlation-Id "+key)
	reqs := requestsTo(sb, createRoute)
	require.Len(t, reqs, 3, "1 attempt and 2 retries")
	for _, r := range reqs {
		assert.Equal(t, key, r.Header.Get("X-Correlation-Id"))
	}
	sb.ClearFaults()
	a, again, err := c.CreateAccount(context.Background(), fairmont(), key)
	require.NoError(t, err)
	assert.Equal(t, key, again)
	assert.Equal(t, "1006374001", a.CustomerID)
	assert.Len(t, sb.AdobeCustomers(), 2, "still one account")
}

// TestCreateAccount_refusalsToldApart: Adobe's refusals of a create wrap
// their own error, with Adobe's code and message kept.
func TestCreateAccount_refusalsToldApart(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 2})
	existing, _ := sb.AdobeCustomer("1006374001")
	dup := fairmont()
	dup.CompanyProfile.CompanyName = existing.CompanyName
	dup.CompanyProfile.Contacts[0].Email = existing.Contacts[0].Email
	_, _, err := clientFor(t, sb, nil).CreateAccount(context.Background(), dup, "")
	assert.ErrorIs(t, err, ErrAccountExists)
	assert.Equal(t, "1127", Code(err))
	assert.Contains(t, err.Error(), "POST /v3/customers: HTTP 400 Bad Request: Account already exists (code 1127)")

	_, _, err = clientWithReseller(t, sb, "9999999999").CreateAccount(context.Background(), fairmont(), "")
	assert.ErrorIs(t, err, ErrResellerInvalid)
	assert.Contains(t, err.Error(), "HTTP 404 Not Found: Invalid Reseller (code 1115)")
	_, _, err = clientWithReseller(t, sb, sandbox.InactiveResellerID).CreateAccount(context.Background(), fairmont(), "")
	assert.ErrorIs(t, err, ErrResellerInactive)
	assert.False(t, httpclient.OutcomeUnknown(err), "a refusal is a known outcome")
	assert.Len(t, sb.AdobeCustomers(), 2)

	// 2126 is caught before sending; a server that says it anyway is told apart too.
	s := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) {
		return http.StatusBadRequest, []byte(`{"code":"2126","message":"externalReferenceId exceeds maximum character limit"}`)
	}}
	_, _, err = testutil.OpenScripted(t, Open, "adobe_vip", s).(*Client).CreateAccount(context.Background(), fairmont(), "")
	assert.ErrorIs(t, err, ErrExternalReferenceTooLong)
}

// TestCreateAccount_problemsSendNothing: an account Adobe would refuse is
// an *InvalidError naming every field, and nothing is sent.
func TestCreateAccount_problemsSendNothing(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 1})
	c := clientFor(t, sb, nil)
	a := fairmont()
	a.ExternalReferenceID = strings.Repeat("x", 36)
	a.CompanyProfile.CompanyName = "Fai"
	a.CompanyProfile.MarketSegment = "edu"
	a.CompanyProfile.Address.Country = "USAX"
	a.CompanyProfile.Address.City = "<b>"
	a.CompanyProfile.Contacts = append(a.CompanyProfile.Contacts, Contact{FirstName: "", LastName: "Duck", Email: "DONALD@duck.com"})
	_, _, err := c.CreateAccount(context.Background(), a, "")
	var invalid *InvalidError
	require.ErrorAs(t, err, &invalid)
	var fields []string
	for _, p := range invalid.Problems {
		fields = append(fields, p.Field)
	}
	assert.ElementsMatch(t, []string{"externalReferenceId", "companyProfile.companyName", "companyProfile.marketSegment",
		"companyProfile.address.country", "companyProfile.address.city", "companyProfile.contacts[1].firstName",
		"companyProfile.contacts[1].email"}, fields)
	assert.Contains(t, err.Error(), `the creation of customer account "Fai" was not sent: externalReferenceId: must be at most 35 characters, got 36`)
	a.CompanyProfile.Contacts = nil
	assert.Contains(t, a.Problems(), Problem{Field: "companyProfile.contacts", Detail: "needs at least one contact"})
	assert.Zero(t, sb.TotalRequests())
}

// TestCreateAccount_answerMustBeTheAccountSent: a 201 without a usable id,
// of another company or another reseller, is an unknown outcome naming the
// correlation id: the account may exist, and which one is not known.
func TestCreateAccount_answerMustBeTheAccountSent(t *testing.T) {
	for _, lie := range []testutil.Lie{
		{Name: "no id", Body: `{"status":"1002","companyProfile":{"companyName":"Fairmont"}}`, Want: "the account created has no usable customerId"},
		{Name: "dot id", Body: `{"customerId":"..","companyProfile":{"companyName":"Fairmont"}}`, Want: "no usable customerId"},
		{Name: "another company", Body: `{"customerId":"1006374999","companyProfile":{"companyName":"Eve"}}`, Want: `the account created is company "Eve", not "Fairmont"`},
		{Name: "another reseller", Body: `{"customerId":"1006374999","resellerId":"42","companyProfile":{"companyName":"Fairmont"}}`, Want: `belongs to reseller "42"`},
		{Name: "no profile", Body: `{"customerId":"1006374999"}`, Want: `has no "companyProfile" object`},
		{Name: "null", Body: `null`, Want: "no usable customerId"},
	} {
		s := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) { return http.StatusCreated, []byte(lie.Body) }}
		_, key, err := testutil.OpenScripted(t, Open, "adobe_vip", s).(*Client).CreateAccount(context.Background(), fairmont(), "corr-1")
		var unknown *OutcomeUnknownError
		require.ErrorAs(t, err, &unknown, lie.Name)
		assert.Equal(t, "corr-1", key, lie.Name)
		assert.Contains(t, err.Error(), "fuzz.invalid: POST /v3/customers: ", lie.Name)
		assert.Contains(t, err.Error(), lie.Want, lie.Name)
		assert.Equal(t, 1, s.Calls(), lie.Name)
	}
}

// movingClock is the sandbox's clock, moved by the client's pauses: a wait
// of minutes takes no time.
type movingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movingClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *movingClock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

// TestWaitWhilePending_readsWithBackoffUntilSettled: a create then a wait:
// the account is read until its 70-second window is over, the pauses
// doubling from 2 s and capped at 30 s; what it settles in is returned,
// an inactive outcome without an error.
func TestWaitWhilePending_readsWithBackoffUntilSettled(t *testing.T) {
	for _, outcome := range []string{"1000", "1004"} {
		clk := &movingClock{t: time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)}
		sb := sandbox.New(sandbox.Options{Customers: 1, Now: clk.now})
		sb.SetAdobePendingWindow(70 * time.Second)
		sb.SetAdobePendingOutcome(outcome)
		c := clientFor(t, sb, nil)
		var pauses []time.Duration
		c.sleep = func(ctx context.Context, d time.Duration) error { pauses = append(pauses, d); return clk.sleep(ctx, d) }
		created, _, err := c.CreateAccount(context.Background(), fairmont(), "")
		require.NoError(t, err)
		var seen []string
		a, err := c.WaitWhilePending(context.Background(), created.CustomerID, PendingWait{Progress: func(a Account, _ time.Duration) { seen = append(seen, a.Status) }})
		require.NoError(t, err, outcome)
		assert.Equal(t, outcome, a.Status)
		assert.Equal(t, created.CustomerID, a.CustomerID)
		assert.Equal(t, []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second}, pauses)
		assert.Equal(t, []string{"1002", "1002", "1002", "1002", "1002", "1002", outcome}, seen)
		assert.Equal(t, 7, sb.Count(sandbox.KitFor("adobe_vip").GetRoute))
	}
}

// TestWaitWhilePending_endsWithTheContext: an account still pending when
// the context ends comes back as read last, with ErrStillPending; the last
// read comes before the deadline (the pauses shorten), so the error is not
// a failed read.
func TestWaitWhilePending_endsWithTheContext(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 1})
	sb.SetAdobePendingWindow(time.Hour)
	c := clientFor(t, sb, nil)
	created, _, err := c.CreateAccount(context.Background(), fairmont(), "")
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel()
	a, err := c.WaitWhilePending(ctx, created.CustomerID, PendingWait{First: 100 * time.Millisecond})
	require.ErrorIs(t, err, ErrStillPending)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, created.CustomerID, a.CustomerID)
	assert.Equal(t, StatusPending, a.Status)
	assert.GreaterOrEqual(t, sb.Count(sandbox.KitFor("adobe_vip").GetRoute), 2)

	_, err = c.WaitWhilePending(context.Background(), "nope!", PendingWait{})
	assert.ErrorContains(t, err, `"nope!" is not an Adobe VIP Marketplace customer id`)
	cancelled, stop := context.WithCancel(context.Background())
	stop()
	_, err = c.WaitWhilePending(cancelled, created.CustomerID, PendingWait{})
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
}

func TestStatusText(t *testing.T) {
	assert.Equal(t, "pending (1002)", StatusText("1002"))
	assert.Equal(t, "inactive: blocked (1012)", StatusText("1012"))
	assert.Equal(t, "status 1099", StatusText("1099"))
}

// TestCreateAccount_5xxAfterItWasApplied: the sandbox's write faults
// (-write-error-every 2) apply the second create and answer it 502: the
// retry under the same correlation id gets Adobe's first answer, and the
// account is created once.
func TestCreateAccount_5xxAfterItWasApplied(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 1})
	sb.SetWriteFaults(0, 2, http.StatusBadGateway)
	c := clientFor(t, sb, nil)
	_, _, err := c.CreateAccount(context.Background(), fairmont(), "")
	require.NoError(t, err)
	b := fairmont()
	b.CompanyProfile.CompanyName = "Fairmont West"
	sb.ResetCounts()
	a, key, err := c.CreateAccount(context.Background(), b, "")
	require.NoError(t, err)
	assert.Equal(t, "Fairmont West", a.CompanyProfile.CompanyName)
	reqs := requestsTo(sb, createRoute)
	require.Len(t, reqs, 2)
	assert.Equal(t, key, reqs[1].Header.Get("X-Correlation-Id"))
	assert.Equal(t, reqs[0].Header.Get("X-Correlation-Id"), reqs[1].Header.Get("X-Correlation-Id"))
	assert.Len(t, sb.AdobeCustomers(), 3, "two accounts created, each once")
}
