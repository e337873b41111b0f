package adobevip

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// TestListSubscriptions_decodesEveryField: a customer's subscriptions in
// Adobe's order, with their offer, quantities, auto-renewal, renewal date,
// currency and status; one request for a list that does not page.
func TestListSubscriptions_decodesEveryField(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 2})
	c := clientFor(t, sb, nil)
	want := sb.AdobeSubscriptions("1006374000")
	got, err := c.ListSubscriptions(context.Background(), "1006374000")
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, 1, sb.Count(sandbox.AdobeSubscriptionsRoute))
	assert.Empty(t, sb.Requests()[0].Query, "the documented request has no parameters")
	s := got[0]
	assert.Equal(t, want[0].SubscriptionID, s.SubscriptionID)
	assert.Equal(t, "65304479CA01A12", s.OfferID)
	assert.Equal(t, 5, s.CurrentQuantity)
	assert.Equal(t, 2, s.UsedQuantity)
	require.NotNil(t, s.AutoRenewal.RenewalQuantity)
	assert.Equal(t, AutoRenewal{Enabled: true, RenewalQuantity: s.AutoRenewal.RenewalQuantity, FlexDiscountCodes: []string{"SUMMER_SALE_12"}}, s.AutoRenewal)
	assert.Equal(t, 5, *s.AutoRenewal.RenewalQuantity)
	assert.Equal(t, want[0].RenewalDate, s.RenewalDate)
	assert.Equal(t, "USD", s.CurrencyCode)
	assert.Equal(t, SubscriptionActive, s.Status)
	assert.Equal(t, []string{"1000", "1000", "1004"}, []string{got[0].Status, got[1].Status, got[2].Status})
	assert.False(t, got[1].AutoRenewal.Enabled)

	none, err := c.ListSubscriptions(context.Background(), "1006374001")
	require.NoError(t, err)
	assert.Empty(t, none)
	_, err = c.ListSubscriptions(context.Background(), "1006379999")
	assert.ErrorIs(t, err, customers.ErrNotFound)
	assert.ErrorContains(t, err, "GET /v3/customers/1006379999/subscriptions: HTTP 404 Not Found: Invalid Customer ID (code 1116)")
}

// TestListSubscriptions_everyPageWhenTheServerPages: a server that answers
// pages (the sandbox under a page-size cap) is read to the end by offset
// and limit, with its own page size; every subscription once.
func TestListSubscriptions_everyPageWhenTheServerPages(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 1})
	for i := range 8 {
		sb.PutAdobeSubscription("1006374000", sandbox.AdobeSubscription{SubscriptionID: "extra" + string(rune('a'+i)), OfferID: "65304479CA01A12",
			CurrentQuantity: i, RenewalQuantity: 1, AutoRenewalEnabled: true, Status: "1000", CurrencyCode: "USD"})
	}
	sb.SetPageSizeCap(3)
	got, err := clientFor(t, sb, nil).ListSubscriptions(context.Background(), "1006374000")
	require.NoError(t, err)
	ids := make([]string, len(got))
	for i, s := range got {
		ids[i] = s.SubscriptionID
	}
	testutil.RequireUniqueIDs(t, ids)
	assert.Len(t, got, 11)
	var queries []string
	for _, r := range requestsTo(sb, sandbox.AdobeSubscriptionsRoute) {
		queries = append(queries, r.Query.Encode())
	}
	assert.ElementsMatch(t, []string{"", "limit=3&offset=3", "limit=3&offset=6", "limit=3&offset=9"}, queries)
}

// TestListSubscriptions_strictEnvelope: an answer without its items or
// totalCount, or with an item Adobe would not send, is an error naming the
// request and what was wrong, never fewer subscriptions; a server whose
// pages bring nothing new fails within a few requests.
func TestListSubscriptions_strictEnvelope(t *testing.T) {
	item := `{"subscriptionId":"s1","offerId":"o","currentQuantity":1,"status":"1000","autoRenewal":{"enabled":true}}`
	for _, lie := range []testutil.Lie{
		{Name: "null", Body: `null`, Want: `it has no "items" array (it is null)`},
		{Name: "empty object", Body: `{}`, Want: `it has no "items" array (it is an empty object)`},
		{Name: "maintenance", Body: `{"code":"0","message":"Scheduled maintenance"}`, Want: `(its keys are "code", "message")`},
		{Name: "no total", Body: `{"items":[]}`, Want: `it has no "totalCount" number`},
		{Name: "items null", Body: `{"totalCount":0,"items":null}`, Want: `it has no "items" array`},
		{Name: "no enabled", Body: `{"totalCount":1,"items":[{"subscriptionId":"s1","offerId":"o","currentQuantity":1,"status":"1000","autoRenewal":{}}]}`, Want: `item 0: subscription "s1" has no "autoRenewal.enabled"`},
		{Name: "no autoRenewal", Body: `{"totalCount":1,"items":[{"subscriptionId":"s1","offerId":"o","currentQuantity":1,"status":"1000"}]}`, Want: `has no "autoRenewal"`},
		{Name: "no quantity", Body: `{"totalCount":1,"items":[{"subscriptionId":"s1","offerId":"o","status":"1000","autoRenewal":{"enabled":true}}]}`, Want: `has no "currentQuantity"`},
		{Name: "negative quantity", Body: `{"totalCount":1,"items":[{"subscriptionId":"s1","offerId":"o","currentQuantity":-1,"status":"1000","autoRenewal":{"enabled":true}}]}`, Want: `-1 is not a quantity`},
		{Name: "no id", Body: `{"totalCount":1,"items":[{"offerId":"o","currentQuantity":1,"status":"1000","autoRenewal":{"enabled":true}}]}`, Want: `a subscription has no usable subscriptionId`},
		{Name: "bad renewal date", Body: `{"totalCount":1,"items":[{"subscriptionId":"s1","offerId":"o","currentQuantity":1,"status":"1000","renewalDate":"soon","autoRenewal":{"enabled":true}}]}`, Want: `renewalDate "soon" is not a date`},
		{Name: "total runs ahead, pages repeat", Body: `{"totalCount":5,"items":[` + item + `]}`, Want: `brought only subscriptions already read`},
	} {
		s := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) { return http.StatusOK, []byte(lie.Body) }}
		got, err := testutil.OpenScripted(t, Open, "adobe_vip", s).(*Client).ListSubscriptions(context.Background(), "1006374000")
		if assert.Error(t, err, lie.Name) {
			assert.Contains(t, err.Error(), "GET /v3/customers/1006374000/subscriptions", lie.Name)
			assert.Contains(t, err.Error(), lie.Want, lie.Name)
		}
		assert.Empty(t, got, lie.Name)
		assert.LessOrEqual(t, s.Calls(), 20, lie.Name)
	}
}

// TestGetSubscription_theOneAsked: one subscription, which must be the one
// asked for; an unknown one (404, 3115) is customers.ErrNotFound; ids that
// cannot be ids send nothing.
func TestGetSubscription_theOneAsked(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 1})
	c := clientFor(t, sb, nil)
	want := sb.AdobeSubscriptions("1006374000")[2]
	s, err := c.GetSubscription(context.Background(), "1006374000", want.SubscriptionID)
	require.NoError(t, err)
	assert.Equal(t, want.SubscriptionID, s.SubscriptionID)
	assert.Equal(t, SubscriptionInactive, s.Status)
	_, err = c.GetSubscription(context.Background(), "1006374000", "nope")
	assert.ErrorIs(t, err, customers.ErrNotFound)
	assert.ErrorContains(t, err, "HTTP 404 Not Found: Invalid Customer or Subscription ID (code 3115)")
	sb.ResetCounts()
	for _, bad := range []string{"..", "a/b", "", strings.Repeat("a", 41)} {
		_, err = c.GetSubscription(context.Background(), "1006374000", bad)
		assert.ErrorContains(t, err, "is not an Adobe VIP Marketplace subscription id", bad)
	}
	assert.Zero(t, sb.TotalRequests())

	s400 := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) {
		return http.StatusBadRequest, []byte(`{"code":"3115","message":"Invalid Customer or Subscription ID."}`)
	}}
	_, err = testutil.OpenScripted(t, Open, "adobe_vip", s400).(*Client).GetSubscription(context.Background(), "1006374000", "s1")
	assert.ErrorIs(t, err, customers.ErrNotFound, "3115 is not found whatever its status (renewals/error-codes.md says 400)")

	other := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) {
		return http.StatusOK, []byte(`{"subscriptionId":"s2","offerId":"o","currentQuantity":1,"status":"1000","autoRenewal":{"enabled":true}}`)
	}}
	_, err = testutil.OpenScripted(t, Open, "adobe_vip", other).(*Client).GetSubscription(context.Background(), "1006374000", "s1")
	assert.ErrorContains(t, err, `fuzz.invalid: GET /v3/customers/1006374000/subscriptions/s1: the record asked for as subscription "s1" is subscription "s2": it was not used`)
}

// subscriptionPatches are the bodies and queries of the subscription
// PATCHes sent since the last reset, with their correlation ids.
func subscriptionPatches(sb *sandbox.Server) (bodies []string, queries []url.Values, keys []string) {
	for _, r := range requestsTo(sb, sandbox.AdobeSubscriptionPatchRoute) {
		bodies, queries, keys = append(bodies, string(r.Body)), append(queries, r.Query), append(keys, r.Header.Get("X-Correlation-Id"))
	}
	return bodies, queries, keys
}

// TestUpdateAutoRenewal_sendsOnlyWhatChanges: a change nothing differs from
// sends nothing; a quantity change sends the quantity alone (enabled: true
// without a quantity would renew every licence); a code keeps an explicit
// quantity; removing the codes is the reset request alone; removing them
// and turning renewal off is the reset, then one PATCH, each under its own
// correlation id.
func TestUpdateAutoRenewal_sendsOnlyWhatChanges(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 1})
	c := clientFor(t, sb, nil)
	ctx := context.Background()
	sid := sb.AdobeSubscriptions("1006374000")[0].SubscriptionID
	cur, err := c.GetSubscription(ctx, "1006374000", sid)
	require.NoError(t, err)
	yes, five, twelve := true, 5, 12
	sb.ResetCounts()
	got, changed, err := c.UpdateAutoRenewal(ctx, "1006374000", sid, cur, AutoRenewalChange{Enabled: &yes, RenewalQuantity: &five, FlexDiscountCodes: []string{"SUMMER_SALE_12"}})
	require.NoError(t, err)
	assert.Empty(t, changed)
	assert.Equal(t, cur, got)
	assert.Zero(t, sb.TotalRequests(), "a no-op sends nothing")

	got, changed, err = c.UpdateAutoRenewal(ctx, "1006374000", sid, cur, AutoRenewalChange{RenewalQuantity: &twelve})
	require.NoError(t, err)
	assert.Equal(t, []string{"autoRenewal.renewalQuantity"}, changed)
	assert.Equal(t, 12, *got.AutoRenewal.RenewalQuantity)
	bodies, _, _ := subscriptionPatches(sb)
	require.Len(t, bodies, 1)
	assert.JSONEq(t, `{"autoRenewal":{"renewalQuantity":12}}`, bodies[0])

	sb.ResetCounts()
	got, _, err = c.UpdateAutoRenewal(ctx, "1006374000", sid, got, AutoRenewalChange{Enabled: &yes, FlexDiscountCodes: []string{"WINTER"}})
	require.NoError(t, err)
	bodies, _, _ = subscriptionPatches(sb)
	assert.JSONEq(t, `{"autoRenewal":{"flexDiscountCodes":["WINTER"]}}`, bodies[0])
	assert.Equal(t, 12, *got.AutoRenewal.RenewalQuantity, "the explicit quantity is kept")

	sb.ResetCounts()
	got, changed, err = c.UpdateAutoRenewal(ctx, "1006374000", sid, got, AutoRenewalChange{FlexDiscountCodes: []string{}})
	require.NoError(t, err)
	assert.Equal(t, []string{"autoRenewal.flexDiscountCodes"}, changed)
	assert.Empty(t, got.AutoRenewal.FlexDiscountCodes)
	bodies, queries, _ := subscriptionPatches(sb)
	require.Len(t, bodies, 1)
	assert.Empty(t, bodies[0], "the reset has no body")
	assert.Equal(t, "true", queries[0].Get("reset-flex-discount-codes"))

	sb.ChangeAdobeSubscription("1006374000", sid, func(s *sandbox.AdobeSubscription) { s.FlexDiscountCodes = []string{"X"} })
	cur, err = c.GetSubscription(ctx, "1006374000", sid)
	require.NoError(t, err)
	sb.ResetCounts()
	no := false
	got, changed, err = c.UpdateAutoRenewal(ctx, "1006374000", sid, cur, AutoRenewalChange{Enabled: &no, FlexDiscountCodes: []string{}})
	require.NoError(t, err)
	assert.Equal(t, []string{"autoRenewal.enabled", "autoRenewal.flexDiscountCodes"}, changed)
	assert.False(t, got.AutoRenewal.Enabled)
	bodies, queries, keys := subscriptionPatches(sb)
	require.Len(t, bodies, 2)
	assert.Equal(t, "true", queries[0].Get("reset-flex-discount-codes"))
	assert.JSONEq(t, `{"autoRenewal":{"enabled":false}}`, bodies[1])
	assert.NotEqual(t, keys[0], keys[1], "two intents, two correlation ids")

	_, _, err = c.UpdateAutoRenewal(ctx, "1006374000", sid, Subscription{SubscriptionID: "other"}, AutoRenewalChange{Enabled: &yes})
	assert.ErrorContains(t, err, `was built on subscription "other"; nothing was sent`)
}

// TestUpdateAutoRenewal_refusalsAndRetries: Adobe's refusals wrap their
// errors (3119 inactive, 3120 the renewal is near, 3116 out of range); a
// PATCH whose answer is lost is sent again under its correlation id and
// applied once.
func TestUpdateAutoRenewal_refusalsAndRetries(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 6})
	c := clientFor(t, sb, nil)
	ctx := context.Background()
	read := func(customerID string, k int) Subscription {
		s, err := c.GetSubscription(ctx, customerID, sb.AdobeSubscriptions(customerID)[k].SubscriptionID)
		require.NoError(t, err)
		return s
	}
	yes, tooMany := true, 10_001
	inactive := read("1006374000", 2)
	_, _, err := c.UpdateAutoRenewal(ctx, "1006374000", inactive.SubscriptionID, inactive, AutoRenewalChange{Enabled: &yes})
	assert.ErrorIs(t, err, ErrSubscriptionInactive)
	assert.ErrorContains(t, err, "HTTP 400 Bad Request: Inactive Subscription is not Editable (code 3119)")
	near := read("1006374005", 1)
	_, _, err = c.UpdateAutoRenewal(ctx, "1006374005", near.SubscriptionID, near, AutoRenewalChange{Enabled: &yes})
	assert.ErrorIs(t, err, ErrInvalidRenewalOrder)
	active := read("1006374000", 0)
	_, _, err = c.UpdateAutoRenewal(ctx, "1006374000", active.SubscriptionID, active, AutoRenewalChange{RenewalQuantity: &tooMany})
	assert.ErrorIs(t, err, ErrRenewalQuantityOutOfRange)

	sb.ResetCounts()
	sb.InjectFault(sandbox.Fault{Match: func(r *http.Request) bool { return r.Method == http.MethodPatch }, Break: true, Times: 1})
	seven := 7
	got, _, err := c.UpdateAutoRenewal(ctx, "1006374000", active.SubscriptionID, active, AutoRenewalChange{RenewalQuantity: &seven})
	require.NoError(t, err)
	assert.Equal(t, 7, *got.AutoRenewal.RenewalQuantity)
	_, _, keys := subscriptionPatches(sb)
	require.Len(t, keys, 2)
	assert.Equal(t, keys[0], keys[1])
}

// TestUpdateAutoRenewal_answerMustBeTheSubscription: a 200 with another
// subscription is an unknown outcome naming the correlation id.
func TestUpdateAutoRenewal_answerMustBeTheSubscription(t *testing.T) {
	s := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) {
		return http.StatusOK, []byte(`{"subscriptionId":"s2","offerId":"o","currentQuantity":1,"status":"1000","autoRenewal":{"enabled":false}}`)
	}}
	no := false
	cur := Subscription{SubscriptionID: "s1", Status: SubscriptionActive, AutoRenewal: AutoRenewal{Enabled: true}}
	_, _, err := testutil.OpenScripted(t, Open, "adobe_vip", s).(*Client).UpdateAutoRenewal(context.Background(), "1006374000", "s1", cur, AutoRenewalChange{Enabled: &no})
	var unknown *OutcomeUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.NotEmpty(t, unknown.CorrelationID)
	assert.ErrorContains(t, err, `is subscription "s2": it was not used`)
}

// TestAutoRenewalRules: the plan-time rules: quantity bounds, codes, the
// status and the 3-day window before the renewal date (UTC days); a change
// that changes nothing has no problem, whatever the subscription.
func TestAutoRenewalRules(t *testing.T) {
	now := time.Date(2026, 3, 10, 23, 30, 0, 0, time.UTC)
	same0 := 5
	sub := func(status, renewal string) Subscription {
		return Subscription{SubscriptionID: "s1", Status: status, RenewalDate: renewal, AutoRenewal: AutoRenewal{Enabled: true}}
	}
	assert.Empty(t, sub("1000", "2026-03-13").Refusal(now), "3 days ahead is allowed")
	assert.Empty(t, sub("1009", "2026-06-01").Refusal(now), "scheduled")
	assert.Empty(t, sub("1000", "").Refusal(now), "no date, no window")
	assert.Contains(t, sub("1000", "2026-03-12").Refusal(now), "renews on 2026-03-12, in 2 days")
	assert.Contains(t, sub("1000", "2026-03-11").Refusal(now), "renews tomorrow, 2026-03-11")
	assert.Contains(t, sub("1000", "2026-03-10").Refusal(now), "renews today, 2026-03-10")
	assert.Contains(t, sub("1000", "2026-03-01").Refusal(now), "was due to renew on 2026-03-01 and has not rolled over yet")
	assert.Contains(t, sub("1004", "2026-06-01").Refusal(now), "the subscription is inactive (1004): Adobe changes the auto-renewal of an active subscription only (error 3119)")
	assert.Contains(t, sub("1002", "2026-06-01").Refusal(now), "pending (1002)")

	assert.NoError(t, CheckRenewalQuantity(1))
	assert.NoError(t, CheckRenewalQuantity(10_000))
	assert.EqualError(t, CheckRenewalQuantity(0), "autoRenewal.renewalQuantity: must be from 1 to 10000 (Adobe's most for Team products), got 0")
	assert.Error(t, CheckRenewalQuantity(10_001))
	assert.NoError(t, CheckFlexDiscountCodes(nil, false))
	assert.NoError(t, CheckFlexDiscountCodes([]string{}, false), "a removal is always allowed")
	assert.NoError(t, CheckFlexDiscountCodes([]string{"ABCD-XV54-HG34-78YT"}, true))
	assert.ErrorContains(t, CheckFlexDiscountCodes([]string{"A", "B"}, true), "at most 1 code")
	assert.ErrorContains(t, CheckFlexDiscountCodes([]string{"A"}, false), "only with auto-renewal enabled")
	assert.ErrorContains(t, CheckFlexDiscountCodes([]string{strings.Repeat("x", 41)}, true), "1 to 40 characters")

	off, twelve := sub("1000", "2026-06-01"), 12
	off.AutoRenewal = AutoRenewal{Enabled: false, RenewalQuantity: &same0}
	assert.Equal(t, []Problem{{Field: "autoRenewal.renewalQuantity", Detail: "changes only with auto-renewal enabled: with auto-renewal off, Adobe ignores the renewal quantity"}},
		AutoRenewalChange{RenewalQuantity: &twelve}.Problems(off, now))
	yes := true
	assert.Empty(t, AutoRenewalChange{Enabled: &yes, RenewalQuantity: &twelve}.Problems(off, now), "turned on with a quantity")

	no, zero, same := false, 0, 5
	inactive := sub("1004", "2026-03-11")
	inactive.AutoRenewal.RenewalQuantity = &same
	assert.Empty(t, AutoRenewalChange{RenewalQuantity: &same}.Problems(inactive, now), "no change, no problem")
	ps := AutoRenewalChange{Enabled: &no, RenewalQuantity: &zero, FlexDiscountCodes: []string{"A"}}.Problems(inactive, now)
	fields := []string{}
	for _, p := range ps {
		fields = append(fields, p.Field)
	}
	assert.Equal(t, []string{"autoRenewal", "autoRenewal.renewalQuantity", "autoRenewal.flexDiscountCodes"}, fields)
}

// TestSubscription_decodesDatesAndNumbers: a renewal date given as a
// date-time (the 2023 OpenAPI's format) is the day; quantities given as
// strings are numbers; a missing renewalQuantity is nil, not 0.
func TestSubscription_decodesDatesAndNumbers(t *testing.T) {
	s, err := decodeSubscription([]byte(`{"subscriptionId":8675309,"offerId":"o","currentQuantity":"10","status":1000,
		"renewalDate":"2026-05-20T00:00:00Z","autoRenewal":{"enabled":false}}`))
	require.NoError(t, err)
	assert.Equal(t, "8675309", s.SubscriptionID)
	assert.Equal(t, 10, s.CurrentQuantity)
	assert.Equal(t, "1000", s.Status)
	assert.Equal(t, "2026-05-20", s.RenewalDate)
	assert.Nil(t, s.AutoRenewal.RenewalQuantity)
	for _, bad := range []string{`1.5`, `1e3`, `"many"`, `99999999999`, `true`} {
		_, err := decodeSubscription([]byte(`{"subscriptionId":"s","offerId":"o","status":"1000","autoRenewal":{"enabled":true},"currentQuantity":` + bad + `}`))
		assert.Error(t, err, bad)
	}
	raw, _ := json.Marshal(map[string]any{"subscriptionId": "s", "offerId": "o", "status": "1000", "currentQuantity": 1,
		"autoRenewal": map[string]any{"enabled": true, "renewalQuantity": 3}, "creditCard": "4111111111111111"})
	s, err = decodeSubscription(raw)
	require.NoError(t, err)
	assert.NotContains(t, strings.ToLower(strings.Join([]string{s.OfferID, s.CreationDate, s.DeploymentID}, " ")), "4111")
}
