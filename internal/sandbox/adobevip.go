package sandbox

import (
	"fmt"
	"math/rand/v2"
	"net/http"

	"slices"
	"strconv"
	"strings"
	"time"
)

// AdobeVIPRoot is where the fake Adobe Commerce Partner API is mounted: its
// paths (/v3/...) follow.
const AdobeVIPRoot = "/adobe"

// DefaultResellerID is the reseller every seeded Adobe customer belongs to.
const DefaultResellerID = "1000361686"

const adobeName = "adobe_vip"

// The fake Adobe API's write and subscription routes, as Server.Count takes
// them.
const (
	AdobeCreateRoute            = "POST " + AdobeVIPRoot + "/v3/customers"
	AdobePatchRoute             = "PATCH " + AdobeVIPRoot + "/v3/customers/{id}"
	AdobeSubscriptionsRoute     = "GET " + AdobeVIPRoot + "/v3/customers/{id}/subscriptions"
	AdobeSubscriptionRoute      = "GET " + AdobeVIPRoot + "/v3/customers/{id}/subscriptions/{sid}"
	AdobeSubscriptionPatchRoute = "PATCH " + AdobeVIPRoot + "/v3/customers/{id}/subscriptions/{sid}"
)

// InactiveResellerID is a reseller the sandbox knows as inactive: a create
// under it is refused with 1126. Any other reseller but DefaultResellerID
// (and those AddAdobeReseller adds) is unknown: 404 1115.
const InactiveResellerID = "1000361699"

// DefaultAdobePendingWindow is how long an account created on the sandbox
// stays pending (1002) before it becomes active, unless
// SetAdobePendingWindow says otherwise.
const DefaultAdobePendingWindow = 2 * time.Second

func init() {
	register(&Kit{
		Name: adobeName, Title: "Adobe VIP Marketplace", Root: AdobeVIPRoot,
		settings: map[string]string{"token": DefaultToken, "api_key": DefaultAPIKey, "reseller_id": DefaultResellerID},
		// The OAuth server-to-server login: the provider asks the fake IMS
		// for its token, and the client id is the API key.
		Logins: []Login{{Name: "client credentials", TokenRequests: 1, TokenRoute: imsTokenRoute,
			settings:  map[string]string{"client_id": DefaultClientID, "client_secret": DefaultClientSecret, "reseller_id": DefaultResellerID},
			addresses: map[string]string{"ims_url": AdobeIMSRoot}}},
		ListRoute: "GET " + AdobeVIPRoot + "/v3/resellers/{reseller}/customers",
		GetRoute:  "GET " + AdobeVIPRoot + "/v3/customers/{id}",
		paging:    adobePaging,
		item: func(i int, id string) map[string]any {
			c := adobeSeed(i)
			c.CustomerID = id
			return adobeListItem(c)
		},
		page: func(items []map[string]any, total int, _ string) any {
			return adobePage(items, total, ListRequest{Size: len(items)}, "accounts")
		},
		ID:     func(n int) string { return strconv.Itoa(firstAdobeID + n - 1) },
		Listed: adobeActiveIDs,
		// The seed makes two accounts in ten pending or inactive, and the list
		// shows the active ones: n + n/4 seeds list n (n a multiple of 10).
		SeedFor:     func(n int) int { return n + n/4 },
		Always:      []string{"id", "company_name", "status", "created_at"}, // customerId, companyProfile.companyName, status, creationDate
		MatchFilter: "company_name",
		Writes:      []string{AdobeCreateRoute, AdobePatchRoute, AdobeSubscriptionPatchRoute},
		newStore:    func(n int, opts Options) any { return newAdobeStore(n, opts.Now) },
		routes: func(s *Server, k *Kit) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{
				k.ListRoute:                 s.adobeGateway(s.adobeList),
				k.GetRoute:                  s.adobeGateway(s.adobeGet),
				AdobeCreateRoute:            s.adobeGateway(s.adobeCreate),
				AdobePatchRoute:             s.adobeGateway(s.adobePatch),
				AdobeSubscriptionsRoute:     s.adobeGateway(s.adobeSubscriptions),
				AdobeSubscriptionRoute:      s.adobeGateway(s.adobeSubscription),
				AdobeSubscriptionPatchRoute: s.adobeGateway(s.adobeSubscriptionPatch),
				imsTokenRoute:               s.imsToken,
			}
		},
		flags: adobeFlags,
		errs:  adobeErrors{},
		more:  []mount{{AdobeIMSRoot, imsErrors{}}},
	})
}

func (s *Server) adobe() *adobeStore { return storeOf[adobeStore](s, adobeName) }

// adobeActiveIDs are what Adobe lists by default: the active accounts
// (status 1000), newest first.
func adobeActiveIDs(s *Server) []string {
	all := s.AdobeCustomers()
	slices.SortStableFunc(all, func(a, b AdobeCustomer) int {
		if c := b.CreationDate.Compare(a.CreationDate); c != 0 {
			return c
		}
		return strings.Compare(b.CustomerID, a.CustomerID)
	})
	var out []string
	for _, c := range all {
		if c.Status == "1000" {
			out = append(out, c.CustomerID)
		}
	}
	return out
}

// AdobeCustomer is one customer account as the fake Adobe API stores it.
type AdobeCustomer struct {
	CustomerID          string
	ResellerID          string
	ExternalReferenceID string
	// Status is the account status code: 1000 active, 1002 pending, 1004 inactive.
	Status            string
	CompanyName       string
	PreferredLanguage string
	// MarketSegment is COM, EDU or GOV.
	MarketSegment string
	Country       string
	Region        string
	City          string
	AddressLine1  string
	AddressLine2  string
	PostalCode    string
	Phone         string
	Contacts      []AdobeContact
	CreationDate  time.Time
	// CotermDate is the anniversary date, YYYY-MM-DD or "".
	CotermDate         string
	GlobalSalesEnabled bool
	// ActiveSubscriptions blocks a market segment change (error 2135), as an
	// active subscription among Subscriptions does.
	ActiveSubscriptions bool
	// Subscriptions are the account's subscriptions, in creation order.
	Subscriptions []AdobeSubscription
	// PendingUntil is when a created account's pending window ends (zero:
	// its status changes only when a test changes it).
	PendingUntil time.Time
	// Admins are the emails of every contact the account ever had, in order:
	// a contact removed by a PATCH stays an admin in the Admin Console.
	Admins []string
	// WelcomeEmails are the addresses Adobe sent the admin welcome email to,
	// in order: one per contact of the create, and one per contact of every
	// accepted PATCH that carried contacts (a replayed one sends none).
	WelcomeEmails []string
}

// AdobeContact is one contact of an Adobe customer.
type AdobeContact struct {
	FirstName, LastName, Email, PhoneNumber string
}

type adobeStore struct {
	store[AdobeCustomer] // in creation order
	// Idempotency (API-NOTES 2.2): a correlation id that was answered gets
	// the same answer again (by method, path and id); a request id may not
	// come back under another correlation id; inFlight are the answers
	// being made.
	replies    map[string]adobeReply
	requestIDs map[string]string
	inFlight   map[string]chan struct{}
	// now is the sandbox's clock; pending are the created accounts still in
	// their pending window, which lasts pendingWindow and ends in
	// pendingOutcome; nextID is the next created account's id.
	now            func() time.Time
	pending        []string
	pendingWindow  time.Duration
	pendingOutcome string
	nextID         int
	// resellers are the known resellers: true when active.
	resellers map[string]bool
	// sorted holds the customers in list order per sort-by key, built on the
	// first list after a change: a list request walks it instead of sorting
	// every account again.
	sorted map[string][]*AdobeCustomer
	// listKey is the key of the list's array: "accounts" (the current docs)
	// or "customers" (the first version).
	listKey string
	// clientSecret is what the fake IMS takes with DefaultClientID.
	clientSecret string
}

// ordered returns every customer sorted ascending by the sort-by key
// (creationDate or companyName, case-insensitive), the customer id breaking
// ties so that the order is total; the caller holds mu.
func (st *adobeStore) ordered(sortBy string) []*AdobeCustomer {
	if out, ok := st.sorted[sortBy]; ok {
		return out
	}
	out := slices.Clone(st.customers)
	slices.SortFunc(out, func(a, b *AdobeCustomer) int {
		var cmp int
		if sortBy == "companyName" {
			cmp = strings.Compare(strings.ToLower(a.CompanyName), strings.ToLower(b.CompanyName))
		} else {
			cmp = a.CreationDate.Compare(b.CreationDate)
		}
		if cmp == 0 {
			cmp = strings.Compare(a.CustomerID, b.CustomerID)
		}
		return cmp
	})
	if st.sorted == nil {
		st.sorted = map[string][]*AdobeCustomer{}
	}
	st.sorted[sortBy] = out
	return out
}

// changed drops the sorted views after a write; the caller holds mu.
func (st *adobeStore) changed() { st.sorted = nil }

// maxAdobeReplies bounds the idempotency cache of a long-running sandbox.
const maxAdobeReplies = 50000

func newAdobeStore(n int, now func() time.Time) *adobeStore {
	st := &adobeStore{replies: map[string]adobeReply{}, requestIDs: map[string]string{}, inFlight: map[string]chan struct{}{},
		listKey: "accounts", clientSecret: DefaultClientSecret,
		now: now, pendingWindow: DefaultAdobePendingWindow, pendingOutcome: "1000", nextID: firstAdobeID + n,
		resellers: map[string]bool{DefaultResellerID: true, InactiveResellerID: false}}
	today := now().UTC().Truncate(24 * time.Hour)
	for i := 0; i < n; i++ {
		c := adobeSeed(i)
		seedSubscriptions(c, i, today)
		st.customers = append(st.customers, c)
	}
	return st
}

// SetAdobePendingWindow sets how long accounts created from now on stay
// pending (status 1002) before they settle (default
// DefaultAdobePendingWindow; 0: the first request after the create sees
// them settled).
func (s *Server) SetAdobePendingWindow(d time.Duration) {
	st := s.adobe()
	st.locked(func() { st.pendingWindow = max(0, d) })
}

// SetAdobePendingOutcome sets the status a created account settles in when
// its pending window ends: "1000" (active, the default), or an inactive
// one ("1004", "1010", "1012", "1014").
func (s *Server) SetAdobePendingOutcome(status string) {
	st := s.adobe()
	st.locked(func() { st.pendingOutcome = status })
}

// AddAdobeReseller makes a reseller known to the fake API: active, or
// inactive (a create under it is refused with 1126).
func (s *Server) AddAdobeReseller(id string, active bool) {
	st := s.adobe()
	st.locked(func() { st.resellers[id] = active })
}

// SetAdobeListKey makes the list answer its array under key: "accounts"
// (the default, the current docs) or "customers" (the first version).
func (s *Server) SetAdobeListKey(key string) {
	st := s.adobe()
	st.locked(func() { st.listKey = key })
}

// SetAdobeClientSecret changes the client secret the fake IMS takes with
// DefaultClientID (default DefaultClientSecret).
func (s *Server) SetAdobeClientSecret(secret string) {
	st := s.adobe()
	st.locked(func() { st.clientSecret = secret })
}

// firstAdobeID makes ids look like Adobe's ten-digit customer ids.
const firstAdobeID = 1006374000

var adobeSuffixes = []string{"Design Studio", "Consulting", "Media Group", "Labs", "Architects", "Print Shop"}

func adobeSeed(i int) *AdobeCustomer {
	p := person(i)
	r := rand.New(rand.NewPCG(uint64(i), 0xad0be))
	c := &AdobeCustomer{
		CustomerID: strconv.Itoa(firstAdobeID + i),
		ResellerID: DefaultResellerID,
		// At most 35 characters, Adobe's limit: a UUID without its last digit.
		ExternalReferenceID: fmt.Sprintf("%08x-%04x-4%03x-a%03x-%011x", r.Uint32(), r.IntN(1<<16), r.IntN(1<<12), r.IntN(1<<12), r.Uint64()&(1<<44-1)),
		Status:              "1000",
		PreferredLanguage:   "en-US",
		MarketSegment:       "COM",
		Country:             "US",
		Region:              p.State,
		City:                p.City,
		AddressLine1:        fmt.Sprintf("%d Park Ave", 100+i),
		PostalCode:          p.Zip,
		Phone:               p.Phone,
		Contacts:            []AdobeContact{{FirstName: p.First, LastName: p.Last, Email: p.Email, PhoneNumber: p.Phone}},
		Admins:              []string{p.Email},
		CreationDate:        p.Created,
	}
	if i%3 == 0 {
		c.CotermDate = p.Created.AddDate(1, 0, 0).Format("2006-01-02")
	}
	if p.Company != "" {
		c.CompanyName = p.Company + " " + p.City
	} else {
		c.CompanyName = p.Last + " " + adobeSuffixes[i%len(adobeSuffixes)]
	}
	switch i % 10 {
	case 7:
		c.Status = "1002"
	case 9:
		c.Status = "1004"
	}
	switch {
	case i%11 == 0:
		c.MarketSegment = "GOV"
	case i%7 == 0:
		c.MarketSegment = "EDU"
	}
	return c
}

// AdobeCustomers returns a copy of every stored Adobe customer, in creation
// order.
func (s *Server) AdobeCustomers() []AdobeCustomer {
	st := s.adobe()
	st.locked(st.settle)
	return st.snapshot(deepenAdobe)
}

func deepenAdobe(c *AdobeCustomer) {
	c.Contacts = slices.Clone(c.Contacts)
	c.Admins = slices.Clone(c.Admins)
	c.WelcomeEmails = slices.Clone(c.WelcomeEmails)
	c.Subscriptions = slices.Clone(c.Subscriptions)
	for i := range c.Subscriptions {
		c.Subscriptions[i].FlexDiscountCodes = slices.Clone(c.Subscriptions[i].FlexDiscountCodes)
	}
}

// adobeErrors answers in Adobe's shape {code, message, additionalDetails}
// (API-NOTES 2.8).
type adobeErrors struct{}

var adobeStatusCodes = map[int]string{
	http.StatusUnauthorized: "4116", http.StatusForbidden: "4115", http.StatusTooManyRequests: "4118",
	http.StatusInternalServerError: "1124", http.StatusNotFound: "1116",
}

func (adobeErrors) writeError(w http.ResponseWriter, status int, msg string) {
	code, ok := adobeStatusCodes[status]
	if !ok {
		code = strconv.Itoa(status)
	}
	writeAdobeError(w, status, code, msg)
}

func (adobeErrors) writeRateLimited(w http.ResponseWriter, reset time.Time) {
	// Adobe documents no Retry-After; the sandbox sends one so clients need
	// not guess (a client must cope without it too).
	w.Header().Set("Retry-After", retryAfterSeconds(reset))
	writeAdobeError(w, http.StatusTooManyRequests, "4118", "Too many requests")
}

func writeAdobeError(w http.ResponseWriter, status int, code, msg string, details ...string) {
	body := map[string]any{"code": code, "message": msg}
	if len(details) > 0 {
		body["additionalDetails"] = details
	}
	writeJSON(w, status, body)
}

// retryAfterSeconds is a Retry-After value: whole seconds, rounded up.
func retryAfterSeconds(reset time.Time) string {
	secs := int((time.Until(reset) + time.Second - 1) / time.Second)
	return strconv.Itoa(max(0, secs))
}
