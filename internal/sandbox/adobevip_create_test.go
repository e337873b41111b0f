package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// clock is a sandbox clock a test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)} }

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// createBody is a create request for companyName with admin email.
func createBody(reseller, companyName, email, extra string) string {
	return fmt.Sprintf(`{"resellerId": %q, "externalReferenceId": "ERP-1"%s, "companyProfile": {"companyName": %q,
  "preferredLanguage": "en-US", "marketSegment": "COM",
  "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "200 Fairmont Ave", "postalCode": "95110"},
  "contacts": [{"firstName": "Donald", "lastName": "Duck", "email": %q}]}}`, reseller, extra, companyName, email)
}

// TestAdobeCreate_pendingThenSettled: a create answers 201 with status 1002
// and the account as sent; it stays pending for the window (a PATCH is
// refused with 1125), then becomes active and can be updated; its contact
// got the welcome email once.
func TestAdobeCreate_pendingThenSettled(t *testing.T) {
	clk := newClock()
	sb := New(Options{Customers: 3, Now: clk.now})
	sb.SetAdobePendingWindow(time.Hour)
	u, stop := sb.Start()
	defer stop()
	status, got := adobeCall(t, "POST", u+AdobeVIPRoot+"/v3/customers", "create-1", createBody(DefaultResellerID, "Fairmont", "donald@duck.com", ""))
	require.Equal(t, 201, status, got)
	assert.Equal(t, "1002", got["status"])
	assert.Equal(t, "1006374003", got["customerId"], "the next id after the seeds")
	assert.Equal(t, DefaultResellerID, got["resellerId"])
	assert.Equal(t, "ERP-1", got["externalReferenceId"])
	assert.Equal(t, "Fairmont", got["companyProfile"].(map[string]any)["companyName"])
	assert.Equal(t, "2026-03-10T15:00:00Z", got["creationDate"])
	assert.Equal(t, map[string]int{"donald@duck.com": 1}, sb.AdobeWelcomeEmails("1006374003"))

	path := u + AdobeVIPRoot + "/v3/customers/1006374003"
	patch := fmt.Sprintf(patchBase, "Fairmont", "CA", "", `, "externalReferenceId": "ERP-2"`)
	status, _ = adobeCall(t, "GET", path, "read-1", "")
	require.Equal(t, 200, status)
	status, refused := adobeCall(t, "PATCH", path, "patch-1", patch)
	assert.Equal(t, 400, status)
	assert.Equal(t, "1125", refused["code"], "a pending account cannot be updated")

	clk.advance(59 * time.Minute)
	_, got = adobeCall(t, "GET", path, "read-2", "")
	assert.Equal(t, "1002", got["status"], "still within the window")
	clk.advance(time.Minute)
	_, got = adobeCall(t, "GET", path, "read-3", "")
	assert.Equal(t, "1000", got["status"], "the window is over")
	status, _ = adobeCall(t, "PATCH", path, "patch-2", patch)
	assert.Equal(t, 200, status)
	c, _ := sb.AdobeCustomer("1006374003")
	assert.Equal(t, "ERP-2", c.ExternalReferenceID)
}

// TestAdobeCreate_settlesInTheOutcomeSet: with a zero window and an
// inactive outcome, the next request sees the account inactive.
func TestAdobeCreate_settlesInTheOutcomeSet(t *testing.T) {
	sb := New(Options{Customers: 1})
	sb.SetAdobePendingWindow(0)
	sb.SetAdobePendingOutcome("1014")
	u, stop := sb.Start()
	defer stop()
	status, got := adobeCall(t, "POST", u+AdobeVIPRoot+"/v3/customers", "c", createBody(DefaultResellerID, "Fairmont", "d@duck.com", ""))
	require.Equal(t, 201, status, got)
	assert.Equal(t, "1002", got["status"], "the answer is pending")
	_, got = adobeCall(t, "GET", u+AdobeVIPRoot+"/v3/customers/"+got["customerId"].(string), "r", "")
	assert.Equal(t, "1014", got["status"])
}

// TestAdobeCreate_refusals: each documented refusal answers its status and
// code, and creates nothing.
func TestAdobeCreate_refusals(t *testing.T) {
	sb := New(Options{Customers: 3})
	u, stop := sb.Start()
	defer stop()
	existing, _ := sb.AdobeCustomer("1006374001")
	body := func(companyName, email, extra string) string {
		return createBody(DefaultResellerID, companyName, email, extra)
	}
	for _, tc := range []struct {
		name, body string
		status     int
		code       string
		fields     []string
	}{
		{"existing company and admin", body(strings.ToUpper(existing.CompanyName), strings.ToUpper(existing.Contacts[0].Email), ""), 400, "1127", nil},
		{"unknown reseller", createBody("9999999999", "Fairmont", "d@duck.com", ""), 404, "1115", nil},
		{"inactive reseller", createBody(InactiveResellerID, "Fairmont", "d@duck.com", ""), 400, "1126", nil},
		{"reference too long", strings.Replace(body("Fairmont", "d@duck.com", ""), `"ERP-1"`, `"`+strings.Repeat("x", 36)+`"`, 1), 400, "2126", []string{"externalReferenceId"}},
		{"company name too short", body("Fai", "d@duck.com", ""), 400, "1117", []string{"companyProfile.companyName"}},
		{"company name with <", body("Fair <mont>", "d@duck.com", ""), 400, "1117", []string{"companyProfile.companyName"}},
		{"bad country", strings.Replace(body("Fairmont", "d@duck.com", ""), `"country": "US"`, `"country": "USAX"`, 1), 400, "1118", []string{"companyProfile.address.country"}},
		{"no contacts", strings.Replace(body("Fairmont", "d@duck.com", ""), `"contacts": [{"firstName": "Donald", "lastName": "Duck", "email": "d@duck.com"}]`, `"contacts": []`, 1), 400, "1122", []string{"companyProfile.contacts"}},
		{"contacts left out", strings.Replace(body("Fairmont", "d@duck.com", ""), `,
  "contacts": [{"firstName": "Donald", "lastName": "Duck", "email": "d@duck.com"}]`, ``, 1), 400, "1122", []string{"companyProfile.contacts"}},
		{"no reseller", strings.Replace(body("Fairmont", "d@duck.com", ""), `"resellerId": "1000361686", `, ``, 1), 400, "1122", []string{"resellerId"}},
		{"unexpected field", body("Fairmont", "d@duck.com", `, "nickname": "x"`), 400, "1121", []string{"nickname"}},
		{"read-only field", body("Fairmont", "d@duck.com", `, "status": "1000"`), 400, "1119", []string{"status"}},
		{"coterm too soon", body("Fairmont", "d@duck.com", `, "cotermDate": "`+time.Now().AddDate(0, 6, 0).Format(time.DateOnly)+`"`), 400, "1117", []string{"cotermDate"}},
	} {
		status, got := adobeCall(t, "POST", u+AdobeVIPRoot+"/v3/customers", "case-"+tc.name, tc.body)
		assert.Equal(t, tc.status, status, tc.name)
		assert.Equal(t, tc.code, got["code"], tc.name)
		if tc.fields != nil {
			assert.ElementsMatch(t, tc.fields, got["additionalDetails"], tc.name)
		}
	}
	assert.Len(t, sb.AdobeCustomers(), 3, "nothing was created")
}

// TestAdobeCreate_replayedNeverDoubled: the same correlation id gets the
// first answer and creates nothing more, even when the account changed
// since; a new correlation id for the same account is 1127. Overlapping
// attempts under one id (a retry sent while the first is being served)
// are served once.
func TestAdobeCreate_replayedNeverDoubled(t *testing.T) {
	sb := New(Options{Customers: 1})
	u, stop := sb.Start()
	defer stop()
	create := createBody(DefaultResellerID, "Fairmont", "d@duck.com", "")
	release, serving := make(chan struct{}), make(chan struct{})
	var served atomic.Int32
	sb.BeforeServe(func(r *http.Request) {
		if r.Method == "POST" && served.Add(1) == 1 {
			close(serving)
			<-release
		}
	})
	answers := make(chan map[string]any, 2)
	for range 2 {
		go func() {
			status, got := adobeCall(t, "POST", u+AdobeVIPRoot+"/v3/customers", "create-once", create)
			assert.Equal(t, 201, status)
			answers <- got
		}()
	}
	<-serving // the first is being served
	for sb.TotalRequests() < 2 {
		time.Sleep(time.Millisecond) // the second has arrived
	}
	close(release)
	first, second := <-answers, <-answers
	assert.Equal(t, first, second)
	assert.EqualValues(t, 1, served.Load(), "served once")
	assert.Len(t, sb.AdobeCustomers(), 2, "one account")

	sb.ChangeAdobeCustomer(first["customerId"].(string), func(c *AdobeCustomer) { c.ExternalReferenceID = "changed" })
	status, replay := adobeCall(t, "POST", u+AdobeVIPRoot+"/v3/customers", "create-once", create)
	assert.Equal(t, 201, status)
	assert.Equal(t, first, replay, "the original answer")
	status, again := adobeCall(t, "POST", u+AdobeVIPRoot+"/v3/customers", "create-twice", create)
	assert.Equal(t, 400, status)
	assert.Equal(t, "1127", again["code"])
	assert.Len(t, sb.AdobeCustomers(), 2)
	assert.Equal(t, map[string]int{"d@duck.com": 1}, sb.AdobeWelcomeEmails(first["customerId"].(string)), "one welcome email")
}

// TestAdobeCreate_knownEmailKeepsItsName: a contact whose email Adobe has
// already keeps Adobe's name; the create's answer shows the name sent.
func TestAdobeCreate_knownEmailKeepsItsName(t *testing.T) {
	sb := New(Options{Customers: 2})
	u, stop := sb.Start()
	defer stop()
	known, _ := sb.AdobeCustomer("1006374001")
	k := known.Contacts[0]
	status, got := adobeCall(t, "POST", u+AdobeVIPRoot+"/v3/customers", "c", createBody(DefaultResellerID, "Fairmont", k.Email, ""))
	require.Equal(t, 201, status, got)
	sent := got["companyProfile"].(map[string]any)["contacts"].([]any)[0].(map[string]any)
	assert.Equal(t, "Donald", sent["firstName"], "the answer shows the name sent")
	stored, _ := sb.AdobeCustomer(got["customerId"].(string))
	assert.Equal(t, k.FirstName, stored.Contacts[0].FirstName, "Adobe keeps the name it has")
	assert.Equal(t, k.LastName, stored.Contacts[0].LastName)
}

// TestAdobeReplay_perAPIForTenDays: an answer is replayed for the same
// method and path only, and for 10 days; then the request is served anew.
func TestAdobeReplay_perAPIForTenDays(t *testing.T) {
	clk := newClock()
	sb := New(Options{Customers: 3, Now: clk.now})
	u, stop := sb.Start()
	defer stop()
	c, _ := sb.AdobeCustomer("1006374002")
	path := u + AdobeVIPRoot + "/v3/customers/" + c.CustomerID
	patch := fmt.Sprintf(patchBase, c.CompanyName, c.Region, "", `, "externalReferenceId": "ERP-42"`)
	status, _ := adobeCall(t, "PATCH", path, "intent", patch)
	require.Equal(t, 200, status)
	_, got := adobeCall(t, "GET", path, "intent", "")
	assert.Equal(t, c.CustomerID, got["customerId"], "another API: served, not the PATCH's answer replayed")

	sb.ChangeAdobeCustomer(c.CustomerID, func(a *AdobeCustomer) { a.ExternalReferenceID = "changed" })
	clk.advance(10 * 24 * time.Hour)
	_, got = adobeCall(t, "PATCH", path, "intent", patch)
	assert.Equal(t, "ERP-42", got["externalReferenceId"], "the original answer")
	stored, _ := sb.AdobeCustomer(c.CustomerID)
	assert.Equal(t, "changed", stored.ExternalReferenceID, "replayed within 10 days: nothing applied")
	clk.advance(time.Second)
	adobeCall(t, "PATCH", path, "intent", patch)
	stored, _ = sb.AdobeCustomer(c.CustomerID)
	assert.Equal(t, "ERP-42", stored.ExternalReferenceID, "after 10 days the id is purged: served anew")
}

// TestAdobeWelcomeEmails_countedPerAcceptedUpdate: every contact of an
// accepted PATCH gets one; a replay sends none; a refused PATCH none.
func TestAdobeWelcomeEmails_countedPerAcceptedUpdate(t *testing.T) {
	sb := New(Options{Customers: 2})
	u, stop := sb.Start()
	defer stop()
	c, _ := sb.AdobeCustomer("1006374001")
	k := c.Contacts[0]
	path := u + AdobeVIPRoot + "/v3/customers/" + c.CustomerID
	contacts := func(ks ...AdobeContact) string {
		return fmt.Sprintf(`, "contacts": %s`, mustJSON(t, contactsJSON(ks)))
	}
	both := fmt.Sprintf(patchBase, c.CompanyName, c.Region, contacts(k, AdobeContact{FirstName: "Ada", LastName: "Byron", Email: "ada@example.com"}), "")
	for range 2 {
		status, _ := adobeCall(t, "PATCH", path, "both", both)
		require.Equal(t, 200, status)
	}
	renamed := k
	renamed.FirstName = "Someone"
	status, _ := adobeCall(t, "PATCH", path, "refused", fmt.Sprintf(patchBase, c.CompanyName, c.Region, contacts(renamed), ""))
	require.Equal(t, 400, status)
	status, _ = adobeCall(t, "PATCH", path, "one", fmt.Sprintf(patchBase, c.CompanyName, c.Region, contacts(AdobeContact{FirstName: "Ada", LastName: "Byron", Email: "ADA@example.com"}), ""))
	require.Equal(t, 200, status)
	assert.Equal(t, map[string]int{strings.ToLower(k.Email): 1, "ada@example.com": 2}, sb.AdobeWelcomeEmails(c.CustomerID))
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
