package sellercloud_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// bodiesOf are the JSON bodies of the requests the sandbox saw on route.
func bodiesOf(t *testing.T, sb *sandbox.Server, route string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, r := range sb.Requests() {
		if r.Pattern == route {
			var b map[string]any
			require.NoError(t, json.Unmarshal(r.Body, &b))
			out = append(out, b)
		}
	}
	return out
}

func TestCreate_sendsTheCreateEnumOnceAndReturnsTheNewID(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 2})
	ctx := context.Background()
	wholesale, err := c.Create(ctx, sellercloud.NewCustomer{CompanyID: 2, FirstName: "Wanda", Email: "wanda@example.com", BusinessName: "W Co", Wholesale: true})
	require.NoError(t, err)
	retail, err := c.Create(ctx, sellercloud.NewCustomer{CompanyID: 1, FirstName: "Rita", LastName: "Tail", Email: "rita@example.com"})
	require.NoError(t, err)
	assert.Equal(t, []int{10003, 10004}, []int{wholesale, retail})

	bodies := bodiesOf(t, sb, sandbox.SellercloudCreateRoute)
	require.Len(t, bodies, 2, "one POST per create")
	assert.Equal(t, map[string]any{"CompanyID": 2.0, "FirstName": "Wanda", "LastName": "", "Email": "wanda@example.com",
		"BusinessName": "W Co", "CustomerType": 0.0}, bodies[0], "0 = WholeSale in the create body")
	assert.EqualValues(t, 1, bodies[1]["CustomerType"], "1 = Retail in the create body")

	for id, want := range map[int]bool{wholesale: true, retail: false} {
		d, err := c.GetDetails(ctx, strconv.Itoa(id))
		require.NoError(t, err)
		assert.Equal(t, want, d.IsWholesale, "customer %d", id)
	}
}

func TestCreate_whatTheDocRequiresIsCheckedBeforeSending(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 1})
	assert.Equal(t, []sellercloud.FieldError{
		{Field: "CompanyID", Message: "a customer is created in a company: a company id (a whole number from 1) is required"},
		{Field: "FirstName", Message: "a first name is required to create a customer"},
		{Field: "Email", Message: "an email is required to create a customer"},
		{Field: "LastName", Message: "a last name is required to create a retail customer"},
	}, sellercloud.NewCustomer{FirstName: " "}.Check())
	assert.Empty(t, sellercloud.NewCustomer{CompanyID: 1, FirstName: "A", Email: "a@b.c", Wholesale: true}.Check(),
		"a wholesale customer needs no last name; whether it needs a business name only the server knows")
	_, err := c.Create(context.Background(), sellercloud.NewCustomer{CompanyID: 1, FirstName: "A", Email: "a@b.c"})
	require.ErrorContains(t, err, "cannot create the customer: LastName: a last name is required to create a retail customer")
	assert.Zero(t, sb.TotalRequests(), "nothing sent")
}

func TestCreate_aRefusalIsTheServersMessageAndNotUnknown(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 1})
	sb.RequireBusinessNameForWholesale(true)
	_, err := c.Create(context.Background(), sellercloud.NewCustomer{CompanyID: 1, FirstName: "W", Email: "w@example.com", Wholesale: true})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "POST /Customers/: HTTP 400 Bad Request: BusinessName is required for WholeSale customers.")
	assert.False(t, httpclient.OutcomeUnknown(err))
	var unknown *sellercloud.CreateUnknownError
	assert.False(t, errors.As(err, &unknown), "a 400 created nothing")
	assert.Equal(t, []int{10001}, sb.SellercloudIDs())
}

// TestCreate_anUnknownOutcomeIsNeverSentAgain: a POST that got no usable
// answer after it was sent (5xx, a timeout, a body that broke off, a 200
// without an id, a kept-alive connection closed after the POST was read)
// is sent once, whatever the retry budget, and the error is a
// CreateUnknownError that says so; a throttle's 429, which saved nothing,
// is waited out and sent again.
func TestCreate_anUnknownOutcomeIsNeverSentAgain(t *testing.T) {
	// Reading the body first lets the server notice the client hang up.
	stall := func(w http.ResponseWriter, r *http.Request) { _, _ = io.Copy(io.Discard, r.Body); <-r.Context().Done() }
	brokeOff := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("100"))
		if conn, buf, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = buf.Flush()
			_ = conn.Close()
		}
	}
	answer := func(status int, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}
	}
	for name, tc := range map[string]struct {
		handler http.HandlerFunc
		want    string
	}{
		"502":               {answer(502, `{"Message":"Bad Gateway"}`), "HTTP 502 Bad Gateway"},
		"500":               {answer(500, `{"Message":"An error has occurred."}`), "HTTP 500"},
		"timeout":           {stall, "attempt timed out"},
		"body broke off":    {brokeOff, "unexpected EOF"},
		"200 without an id": {answer(200, `{}`), "the answer is not the new customer's id"},
		"200, id 0":         {answer(200, `0`), `"0" is not a Sellercloud customer id`},
		"200, null":         {answer(200, `null`), "it carries no id"},
		"200, HTML":         {answer(200, `<html><title>Maintenance</title></html>`), "the server answered HTML"},
	} {
		t.Run(name, func(t *testing.T) {
			var posts atomic.Int32
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				posts.Add(1)
				tc.handler(w, r)
			}))
			t.Cleanup(ts.Close)
			c := testutil.Open[*sellercloud.Client](t, sellercloud.Open, testutil.Settings("sellercloud", ts.URL),
				httpclient.Config{MaxRetries: 3, BackoffBase: time.Millisecond, Timeout: 200 * time.Millisecond})
			before := time.Now()
			_, err := c.Create(context.Background(), sellercloud.NewCustomer{CompanyID: 1, FirstName: "U", LastName: "K", Email: "uk@example.com"})
			require.Error(t, err)
			assert.EqualValues(t, 1, posts.Load(), "sent once, with 3 retries allowed")
			var unknown *sellercloud.CreateUnknownError
			require.ErrorAs(t, err, &unknown)
			assert.Equal(t, "uk@example.com", unknown.Email)
			assert.False(t, unknown.Sent.Before(before), "Sent is the time of the POST")
			assert.True(t, httpclient.OutcomeUnknown(err))
			assert.Contains(t, err.Error(), "POST /Customers/")
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), "the outcome is unknown")
		})
	}

	t.Run("connection dropped after the POST was read, on a kept-alive connection", func(t *testing.T) {
		// Go's transport replays a request on a reused connection that broke
		// only when the request is replayable (GET, or an idempotency key):
		// the POST must not be.
		var posts atomic.Int32
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				answer(200, `{"General":{"ID":5}}`)(w, r)
				return
			}
			posts.Add(1)
			_, _ = io.Copy(io.Discard, r.Body)
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				_ = conn.Close()
			}
		}))
		t.Cleanup(ts.Close)
		c := testutil.Open[*sellercloud.Client](t, sellercloud.Open, testutil.Settings("sellercloud", ts.URL),
			httpclient.Config{MaxRetries: 3, BackoffBase: time.Millisecond})
		_, err := c.GetDetails(context.Background(), "5") // opens the connection the POST reuses
		require.NoError(t, err)
		_, err = c.Create(context.Background(), sellercloud.NewCustomer{CompanyID: 1, FirstName: "D", LastName: "C", Email: "dc@example.com"})
		var unknown *sellercloud.CreateUnknownError
		require.ErrorAs(t, err, &unknown)
		assert.EqualValues(t, 1, posts.Load())
	})

	t.Run("a 429 saved nothing: sent again", func(t *testing.T) {
		var posts atomic.Int32
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch posts.Add(1) {
			case 1:
				answer(429, `{"Error":"Too many requests.","RateLimitResetTime":"2000-01-01T00:00:00Z"}`)(w, r)
			default:
				answer(200, `10077`)(w, r)
			}
		}))
		t.Cleanup(ts.Close)
		c := testutil.Open[*sellercloud.Client](t, sellercloud.Open, testutil.Settings("sellercloud", ts.URL),
			httpclient.Config{MaxRetries: 0, MaxRateLimitWait: time.Minute})
		id, err := c.Create(context.Background(), sellercloud.NewCustomer{CompanyID: 1, FirstName: "R", LastName: "L", Email: "rl@example.com"})
		require.NoError(t, err)
		assert.Equal(t, 10077, id)
		assert.EqualValues(t, 2, posts.Load())
	})
}

// TestFindCreated_theCreateThatTimedOut: a create that saved and then timed
// out is found by its email and creation time, with its id, once.
func TestFindCreated_theCreateThatTimedOut(t *testing.T) {
	sb, url := testutil.StartSandbox(t, sandbox.Options{Customers: 5})
	c := testutil.Open[*sellercloud.Client](t, sellercloud.Open, testutil.Settings("sellercloud", url),
		httpclient.Config{MaxRetries: 3, BackoffBase: time.Millisecond, Timeout: 300 * time.Millisecond})
	sb.SellercloudCreatesTimeOut(1)
	n := sellercloud.NewCustomer{CompanyID: 1, FirstName: "Tim", LastName: "Out", Email: "tim.out@example.com"}
	_, err := c.Create(context.Background(), n)
	var unknown *sellercloud.CreateUnknownError
	require.ErrorAs(t, err, &unknown)
	assert.Equal(t, 1, sb.Count(sandbox.SellercloudCreateRoute))
	matches, err := c.FindCreated(context.Background(), unknown.Email, unknown.Sent)
	require.NoError(t, err)
	require.Len(t, matches, 1)
	assert.Equal(t, 10006, matches[0].ID)
	assert.Equal(t, "Tim Out", matches[0].Name)
	assert.NotEmpty(t, matches[0].CreatedOn)
	assert.Equal(t, 1, sb.Count(sandbox.SellercloudCreateRoute), "finding it sends no create")
}

func TestFindCreated_everyExactMatchInTheWindow(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 3})
	now := time.Now().UTC()
	old := sb.AddSellercloudCustomer(sandbox.SellercloudCustomer{Name: "Old Ann", Email: "ann@example.com", CreatedOn: now.Add(-48 * time.Hour)})
	a := sb.AddSellercloudCustomer(sandbox.SellercloudCustomer{Name: "Ann A", Email: "ann@example.com", CreatedOn: now.Add(-time.Hour)})
	b := sb.AddSellercloudCustomer(sandbox.SellercloudCustomer{Name: "Ann B", Email: "ANN@example.com ", CreatedOn: now})
	sb.AddSellercloudCustomer(sandbox.SellercloudCustomer{Name: "Joanne", Email: "joann@example.com", CreatedOn: now})
	sb.ResetCounts()
	matches, err := c.FindCreated(context.Background(), " Ann@Example.com", now)
	require.NoError(t, err)
	assert.Equal(t, []string{strconv.Itoa(a), strconv.Itoa(b)}, sellercloud.MatchIDs(matches),
		"same email in any case, created within the window (the server's time zone is unknown); not %d (two days old) nor joann@", old)
	list := sb.Requests()[0]
	assert.Equal(t, "Ann@Example.com", list.Query.Get("model.email"))
	assert.Equal(t, now.Add(-14*time.Hour-5*time.Minute).Format("01/02/2006 15:04"), list.Query.Get("model.createdOnFrom"))

	_, err = c.FindCreated(context.Background(), " ", now)
	require.EqualError(t, err, "finding a created customer needs its email")
}

// TestFindCreated_aCreateAnswered502AfterSaving: the sandbox applies the
// create and loses its answer (a 502, or a body that breaks off): the
// client never sends it again, and the lookup finds the one customer.
func TestFindCreated_aCreateAnswered502AfterSaving(t *testing.T) {
	for name, faults := range map[string][2]int{"502": {0, 1}, "broken body": {1, 0}} {
		t.Run(name, func(t *testing.T) {
			c, sb := sandboxClient(t, sandbox.Options{Customers: 2})
			sb.SetWriteFaults(faults[0], faults[1], http.StatusBadGateway)
			_, err := c.Create(context.Background(), sellercloud.NewCustomer{CompanyID: 3, FirstName: "Fay", LastName: "Lure", Email: "fay@example.com"})
			var unknown *sellercloud.CreateUnknownError
			require.ErrorAs(t, err, &unknown)
			assert.Equal(t, 1, sb.Count(sandbox.SellercloudCreateRoute), "never sent again, though 2 retries are allowed")
			sb.SetWriteFaults(0, 0, 0)
			matches, err := c.FindCreated(context.Background(), unknown.Email, unknown.Sent)
			require.NoError(t, err)
			assert.Equal(t, []string{"10003"}, sellercloud.MatchIDs(matches))
		})
	}
}
