package sandbox

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// AdobeSubscription is one subscription of an Adobe customer as the fake
// API stores it (subscription-management/get-details.md).
type AdobeSubscription struct {
	SubscriptionID  string
	OfferID         string
	CurrentQuantity int
	UsedQuantity    int
	// AutoRenewalEnabled, RenewalQuantity and FlexDiscountCodes are its
	// autoRenewal preferences; RenewalCode a High Growth offer's.
	AutoRenewalEnabled bool
	RenewalQuantity    int
	FlexDiscountCodes  []string
	RenewalCode        string
	// RenewalDate is YYYY-MM-DD: the customer's cotermDate.
	RenewalDate  string
	CreationDate time.Time
	DeploymentID string
	CurrencyCode string
	// Status is 1000 active, 1002 pending, 1004 inactive or 1009 scheduled.
	Status string
}

// The seeded offers (offer ids of the docs' examples).
const (
	seedOfferTeam     = "65304479CA01A12"
	seedOfferDisabled = "65322651CA01A12"
	seedOfferLapsed   = "80004567CA01A12"
)

// Seeded subscriptions: every fifth seeded customer (customer ids ending in
// 0 or 5, all active) has three, renewing on its cotermDate, which the
// seed sets from the sandbox's clock: customers ending in 0 renew 10 to
// 299 days from today (outside the 3-day window before the anniversary),
// customers ending in 5 tomorrow (inside it). They are an active
// subscription with auto-renewal on (its renewal quantity its current
// quantity; with the flexible discount code SUMMER_SALE_12 on every
// twentieth customer), an active one with auto-renewal off, and an
// inactive one that did not renew at the last anniversary.
func seedSubscriptions(c *AdobeCustomer, i int, today time.Time) {
	if i%5 != 0 {
		return
	}
	days := 10 + (i*37)%290
	if i%10 == 5 {
		days = 1
	}
	anniversary := today.AddDate(0, 0, days)
	c.CotermDate = anniversary.Format(time.DateOnly)
	r := rand.New(rand.NewPCG(uint64(i), 0x5ab5))
	id := func() string { return fmt.Sprintf("%016x%014xNA", r.Uint64(), r.Uint64()&(1<<56-1)) }
	q := 5 + i%20
	active := AdobeSubscription{SubscriptionID: id(), OfferID: seedOfferTeam, CurrentQuantity: q, UsedQuantity: q / 2,
		AutoRenewalEnabled: true, RenewalQuantity: q, RenewalDate: c.CotermDate,
		CreationDate: c.CreationDate.Add(24 * time.Hour), CurrencyCode: "USD", Status: "1000"}
	if i%20 == 0 {
		active.FlexDiscountCodes = []string{"SUMMER_SALE_12"}
	}
	disabled := AdobeSubscription{SubscriptionID: id(), OfferID: seedOfferDisabled, CurrentQuantity: 2, UsedQuantity: 1,
		RenewalQuantity: 2, RenewalDate: c.CotermDate, CreationDate: c.CreationDate.Add(48 * time.Hour), CurrencyCode: "USD", Status: "1000"}
	lapsed := AdobeSubscription{SubscriptionID: id(), OfferID: seedOfferLapsed, CurrentQuantity: 3,
		RenewalQuantity: 3, RenewalDate: anniversary.AddDate(-1, 0, 0).Format(time.DateOnly),
		CreationDate: c.CreationDate.Add(72 * time.Hour), CurrencyCode: "USD", Status: "1004"}
	c.Subscriptions = []AdobeSubscription{active, disabled, lapsed}
}

// hasActiveSubscription reports whether c has an active subscription.
func hasActiveSubscription(c *AdobeCustomer) bool {
	return slices.ContainsFunc(c.Subscriptions, func(s AdobeSubscription) bool { return s.Status == "1000" })
}

// AdobeSubscriptions returns a copy of an Adobe customer's subscriptions.
func (s *Server) AdobeSubscriptions(customerID string) []AdobeSubscription {
	c, _ := s.AdobeCustomer(customerID)
	return c.Subscriptions
}

// PutAdobeSubscription adds a subscription to an Adobe customer, or replaces
// the one with its id, as an order or Adobe's own tools would; it reports
// whether the customer exists.
func (s *Server) PutAdobeSubscription(customerID string, sub AdobeSubscription) bool {
	sub.FlexDiscountCodes = slices.Clone(sub.FlexDiscountCodes)
	return s.ChangeAdobeCustomer(customerID, func(c *AdobeCustomer) {
		if i := subscriptionIndex(c, sub.SubscriptionID); i >= 0 {
			c.Subscriptions[i] = sub
			return
		}
		c.Subscriptions = append(c.Subscriptions, sub)
	})
}

// ChangeAdobeSubscription edits a stored subscription in place (drift, a
// renewal, a status change); it reports whether it exists.
func (s *Server) ChangeAdobeSubscription(customerID, subscriptionID string, change func(*AdobeSubscription)) bool {
	found := false
	s.ChangeAdobeCustomer(customerID, func(c *AdobeCustomer) {
		if i := subscriptionIndex(c, subscriptionID); i >= 0 {
			change(&c.Subscriptions[i])
			found = true
		}
	})
	return found
}

func subscriptionIndex(c *AdobeCustomer, id string) int {
	return slices.IndexFunc(c.Subscriptions, func(s AdobeSubscription) bool { return s.SubscriptionID == id })
}

// subscriptionJSON is a subscription as Adobe answers it.
func subscriptionJSON(customerID string, s *AdobeSubscription) map[string]any {
	renewal := map[string]any{"enabled": s.AutoRenewalEnabled, "renewalQuantity": s.RenewalQuantity}
	if len(s.FlexDiscountCodes) > 0 {
		renewal["flexDiscountCodes"] = s.FlexDiscountCodes
	}
	if s.RenewalCode != "" {
		renewal["renewalCode"] = s.RenewalCode
	}
	out := map[string]any{
		"subscriptionId":  s.SubscriptionID,
		"offerId":         s.OfferID,
		"currentQuantity": s.CurrentQuantity,
		"usedQuantity":    s.UsedQuantity,
		"autoRenewal":     renewal,
		"creationDate":    s.CreationDate.UTC().Format(time.RFC3339),
		"renewalDate":     s.RenewalDate,
		"status":          s.Status,
		"currencyCode":    s.CurrencyCode,
		"links":           selfLink("/v3/customers/" + customerID + "/subscriptions/" + s.SubscriptionID),
	}
	if s.DeploymentID != "" {
		out["deploymentId"] = s.DeploymentID
	}
	return out
}

func selfLink(uri string) map[string]any {
	return map[string]any{"self": map[string]any{"uri": uri, "method": "GET", "headers": []any{}}}
}

// subscriptionPaging is the subscription list's: the docs document no
// parameter, so the list is whole unless the client asks for a page with
// offset and limit, or the sandbox's page-size cap cuts it (an extension
// of the sandbox: Adobe's other lists page by offset and limit).
var subscriptionPaging = paging{
	size:  number{"limit", anyCount, 1, anyCount, "limit must be a positive integer"},
	start: number{"offset", 0, 0, anyCount, "offset must be a non-negative integer"},
}

// adobeSubscriptions is GET /v3/customers/{id}/subscriptions
// (get-details-for-customers.md): {totalCount, items, links}; an unknown
// customer is 404 1116. A page (offset, limit, or the page-size cap) also
// says count, offset and limit, and links.next while more follow.
func (s *Server) adobeSubscriptions(w http.ResponseWriter, r *http.Request) {
	q := queryOf(r)
	page, param, msg := subscriptionPaging.read(q.Get)
	if msg != "" {
		writeAdobeError(w, http.StatusBadRequest, "1117", "Some Fields are Invalid: "+msg, param)
		return
	}
	served := s.served(page.Size)
	paged := q.Get("offset") != "" || q.Get("limit") != ""
	s.withAdobeAccount(w, r, func(c *AdobeCustomer) {
		path := "/v3/customers/" + c.CustomerID + "/subscriptions"
		total := len(c.Subscriptions)
		items := []map[string]any{}
		for i := page.Offset; i < total && len(items) < served; i++ {
			items = append(items, subscriptionJSON(c.CustomerID, &c.Subscriptions[i]))
		}
		links := selfLink(path)
		body := map[string]any{"totalCount": total, "items": items, "links": links}
		if paged || page.Offset+len(items) < total {
			body["count"], body["offset"], body["limit"] = len(items), page.Offset, min(page.Size, served)
			if next := page.Offset + len(items); next < total && len(items) > 0 {
				q := url.Values{"offset": {strconv.Itoa(next)}, "limit": {strconv.Itoa(len(items))}}
				links["next"] = map[string]any{"uri": path + "?" + q.Encode(), "method": "GET", "headers": []any{}}
			}
		}
		writeJSON(w, http.StatusOK, body)
	})
}

// withAdobeSubscription runs f on the subscription the request's path
// names, under the store's lock, or answers 404 3115 ("Invalid Customer or
// Subscription ID", for either).
func (s *Server) withAdobeSubscription(w http.ResponseWriter, r *http.Request, f func(c *AdobeCustomer, sub *AdobeSubscription)) {
	st := s.adobe()
	st.mu.Lock()
	defer st.mu.Unlock()
	if c := st.find(r.PathValue("id")); c != nil {
		if i := subscriptionIndex(c, r.PathValue("sid")); i >= 0 {
			f(c, &c.Subscriptions[i])
			return
		}
	}
	writeAdobeError(w, http.StatusNotFound, "3115", "Invalid Customer or Subscription ID")
}

// adobeSubscription is GET /v3/customers/{id}/subscriptions/{sid}.
func (s *Server) adobeSubscription(w http.ResponseWriter, r *http.Request) {
	s.withAdobeSubscription(w, r, func(c *AdobeCustomer, sub *AdobeSubscription) {
		writeJSON(w, http.StatusOK, subscriptionJSON(c.CustomerID, sub))
	})
}
