package sandbox

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAdobeSubscriptions_seeded: every fifth seeded customer has three
// subscriptions renewing on its cotermDate, set from the sandbox's clock:
// ids ending in 0 outside the 3-day window, ids ending in 5 tomorrow;
// an active one renewing, an active one not, an inactive one.
func TestAdobeSubscriptions_seeded(t *testing.T) {
	clk := newClock()
	sb := New(Options{Customers: 21, Now: clk.now})
	for _, c := range sb.AdobeCustomers() {
		subs := c.Subscriptions
		i := c.CustomerID[len(c.CustomerID)-1]
		if i != '0' && i != '5' {
			assert.Empty(t, subs, c.CustomerID)
			continue
		}
		require.Len(t, subs, 3, c.CustomerID)
		renewal, err := time.Parse(time.DateOnly, c.CotermDate)
		require.NoError(t, err)
		days := int(renewal.Sub(clk.now().Truncate(24*time.Hour)).Hours() / 24)
		if i == '5' {
			assert.Equal(t, 1, days, c.CustomerID)
		} else {
			assert.GreaterOrEqual(t, days, 10, c.CustomerID)
		}
		assert.Equal(t, []string{"1000", "1000", "1004"}, []string{subs[0].Status, subs[1].Status, subs[2].Status})
		assert.Equal(t, []bool{true, false, false}, []bool{subs[0].AutoRenewalEnabled, subs[1].AutoRenewalEnabled, subs[2].AutoRenewalEnabled})
		assert.Equal(t, c.CotermDate, subs[0].RenewalDate)
		assert.Len(t, subs[0].SubscriptionID, 32)
	}
	first, _ := sb.AdobeCustomer("1006374000")
	assert.Equal(t, []string{"SUMMER_SALE_12"}, first.Subscriptions[0].FlexDiscountCodes)
}

// TestAdobeSubscriptions_listAndGet: the list is {totalCount, items, links}
// with every subscription; a page-size cap (or offset and limit) pages it
// with count, offset, limit and links.next; one subscription is its own
// record; unknown ids are 404 with 1116 (customer) or 3115.
func TestAdobeSubscriptions_listAndGet(t *testing.T) {
	sb := New(Options{Customers: 3})
	u, stop := sb.Start()
	defer stop()
	c, _ := sb.AdobeCustomer("1006374000")
	list := u + AdobeVIPRoot + "/v3/customers/1006374000/subscriptions"
	status, got := adobeCall(t, "GET", list, "l1", "")
	require.Equal(t, 200, status)
	assert.EqualValues(t, 3, got["totalCount"])
	items := got["items"].([]any)
	require.Len(t, items, 3)
	assert.NotContains(t, got, "offset", "a whole list is the documented shape")
	item := items[0].(map[string]any)
	assert.Equal(t, c.Subscriptions[0].SubscriptionID, item["subscriptionId"])
	assert.Equal(t, "65304479CA01A12", item["offerId"])
	assert.Equal(t, map[string]any{"enabled": true, "renewalQuantity": float64(5), "flexDiscountCodes": []any{"SUMMER_SALE_12"}}, item["autoRenewal"])
	assert.Equal(t, "USD", item["currencyCode"])

	sb.SetPageSizeCap(2)
	_, got = adobeCall(t, "GET", list, "l2", "")
	assert.EqualValues(t, 3, got["totalCount"])
	assert.Len(t, got["items"], 2)
	assert.EqualValues(t, 2, got["count"])
	next := got["links"].(map[string]any)["next"].(map[string]any)["uri"]
	assert.Equal(t, "/v3/customers/1006374000/subscriptions?limit=2&offset=2", next)
	_, got = adobeCall(t, "GET", list+"?offset=2&limit=2", "l3", "")
	assert.Len(t, got["items"], 1)
	assert.NotContains(t, got["links"], "next")
	status, got = adobeCall(t, "GET", list+"?limit=0", "l4", "")
	assert.Equal(t, 400, status)
	assert.Equal(t, "1117", got["code"])

	status, got = adobeCall(t, "GET", list+"/"+c.Subscriptions[1].SubscriptionID, "g1", "")
	require.Equal(t, 200, status)
	assert.Equal(t, c.Subscriptions[1].SubscriptionID, got["subscriptionId"])
	status, got = adobeCall(t, "GET", list+"/nope", "g2", "")
	assert.Equal(t, 404, status)
	assert.Equal(t, "3115", got["code"])
	status, got = adobeCall(t, "GET", u+AdobeVIPRoot+"/v3/customers/1006379999/subscriptions", "g3", "")
	assert.Equal(t, 404, status)
	assert.Equal(t, "1116", got["code"])
}

// TestAdobeSubscriptionPatch_rulesAndCodes: each rule answers its code and
// changes nothing; an accepted PATCH stores the preferences and answers the
// subscription; a replay applies nothing; the reset removes the codes.
func TestAdobeSubscriptionPatch_rulesAndCodes(t *testing.T) {
	sb := New(Options{Customers: 6})
	u, stop := sb.Start()
	defer stop()
	c, _ := sb.AdobeCustomer("1006374000")
	inWindow, _ := sb.AdobeCustomer("1006374005")
	path := func(cust AdobeCustomer, k int) string {
		return u + AdobeVIPRoot + "/v3/customers/" + cust.CustomerID + "/subscriptions/" + cust.Subscriptions[k].SubscriptionID
	}
	active := path(c, 0)
	for _, tc := range []struct {
		name, path, body, code string
	}{
		{"inactive", path(c, 2), `{"autoRenewal": {"enabled": true}}`, "3119"},
		{"inside the window", path(inWindow, 0), `{"autoRenewal": {"enabled": false}}`, "3120"},
		{"quantity 0", active, `{"autoRenewal": {"enabled": true, "renewalQuantity": 0}}`, "3116"},
		{"quantity over 10000", active, `{"autoRenewal": {"enabled": true, "renewalQuantity": 10001}}`, "3116"},
		{"quantity not whole", active, `{"autoRenewal": {"enabled": true, "renewalQuantity": 2.5}}`, "1117"},
		{"two codes", active, `{"autoRenewal": {"enabled": true, "flexDiscountCodes": ["A", "B"]}}`, "2147"},
		{"code with auto-renewal off", active, `{"autoRenewal": {"enabled": false, "flexDiscountCodes": ["A"]}}`, "1117"},
		{"unexpected field", active, `{"autoRenewal": {"enabled": true}, "nickname": "x"}`, "1121"},
		{"read-only field", active, `{"autoRenewal": {"enabled": true}, "currentQuantity": 3}`, "1119"},
		{"no autoRenewal", active, `{}`, "1122"},
		{"empty autoRenewal", active, `{"autoRenewal": {}}`, "1122"},
	} {
		status, got := adobeCall(t, "PATCH", tc.path, "case-"+tc.name, tc.body)
		assert.Equal(t, 400, status, tc.name)
		assert.Equal(t, tc.code, got["code"], tc.name)
	}
	after, _ := sb.AdobeCustomer(c.CustomerID)
	assert.Equal(t, c.Subscriptions, after.Subscriptions, "refused PATCHes change nothing")

	status, got := adobeCall(t, "PATCH", active, "set", `{"autoRenewal": {"enabled": true, "renewalQuantity": 12, "flexDiscountCodes": ["WINTER"]}}`)
	require.Equal(t, 200, status, got)
	assert.Equal(t, map[string]any{"enabled": true, "renewalQuantity": float64(12), "flexDiscountCodes": []any{"WINTER"}}, got["autoRenewal"])
	sb.ChangeAdobeSubscription(c.CustomerID, c.Subscriptions[0].SubscriptionID, func(s *AdobeSubscription) { s.RenewalQuantity = 7 })
	_, replay := adobeCall(t, "PATCH", active, "set", `{"autoRenewal": {"enabled": true, "renewalQuantity": 12}}`)
	assert.Equal(t, got, replay, "the original answer")
	assert.Equal(t, 7, sb.AdobeSubscriptions(c.CustomerID)[0].RenewalQuantity, "a replay applies nothing")

	status, got = adobeCall(t, "PATCH", active+"?reset-flex-discount-codes=true", "reset", "")
	require.Equal(t, 200, status, got)
	assert.NotContains(t, got["autoRenewal"], "flexDiscountCodes")
	assert.Empty(t, sb.AdobeSubscriptions(c.CustomerID)[0].FlexDiscountCodes)

	// Turned off with a quantity: the quantity is ignored; turned on without
	// one: every active licence renews (update-auto-renwal.md).
	status, got = adobeCall(t, "PATCH", active, "off", `{"autoRenewal": {"enabled": false, "renewalQuantity": 99999}}`)
	require.Equal(t, 200, status, got)
	assert.Equal(t, map[string]any{"enabled": false, "renewalQuantity": float64(7)}, got["autoRenewal"])
	status, got = adobeCall(t, "PATCH", active, "on", `{"autoRenewal": {"enabled": true}}`)
	require.Equal(t, 200, status, got)
	assert.Equal(t, map[string]any{"enabled": true, "renewalQuantity": float64(c.Subscriptions[0].CurrentQuantity)}, got["autoRenewal"])
	status, got = adobeCall(t, "PATCH", active, "quantity-only", `{"autoRenewal": {"renewalQuantity": 9}}`)
	require.Equal(t, 200, status, got)
	assert.Equal(t, map[string]any{"enabled": true, "renewalQuantity": float64(9)}, got["autoRenewal"], "enabled left out: unchanged")

	status, got = adobeCall(t, "PATCH", path(c, 1), "scheduled-ok", `{"autoRenewal": {"enabled": true, "renewalQuantity": 3}}`)
	require.Equal(t, 200, status, got)
	sb.ChangeAdobeSubscription(c.CustomerID, c.Subscriptions[1].SubscriptionID, func(s *AdobeSubscription) { s.Status = "1009" })
	status, _ = adobeCall(t, "PATCH", path(c, 1), "scheduled", `{"autoRenewal": {"enabled": false}}`)
	assert.Equal(t, 200, status, "a scheduled subscription's auto-renewal can change")
}

// TestAdobePatch_activeSubscriptionsBlockTheSegment: a customer with an
// active subscription cannot change its market segment (2135).
func TestAdobePatch_activeSubscriptionsBlockTheSegment(t *testing.T) {
	sb := New(Options{Customers: 1})
	u, stop := sb.Start()
	defer stop()
	c, _ := sb.AdobeCustomer("1006374000")
	status, got := adobeCall(t, "PATCH", u+AdobeVIPRoot+"/v3/customers/"+c.CustomerID, "seg",
		fmt.Sprintf(patchBase, c.CompanyName, c.Region, `, "marketSegment": "EDU"`, ""))
	assert.Equal(t, 400, status)
	assert.Equal(t, "2135", got["code"])
}
