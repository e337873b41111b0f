package sellercloud_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

const listRoute = "GET " + sandbox.SellercloudRoot + "/Customers"

// sandboxClient is a client of a sandbox seeded by opts, opened with the
// sandbox's static token.
func sandboxClient(t *testing.T, opts sandbox.Options) (*sellercloud.Client, *sandbox.Server) {
	t.Helper()
	sb, url := testutil.StartSandbox(t, opts)
	return testutil.OpenSandbox[*sellercloud.Client](t, sellercloud.Open, "sellercloud", url), sb
}

func TestList_everyCustomerInServerOrder(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 137})
	res, err := customers.List(context.Background(), c, customers.Filter{}, customers.ListOptions{Concurrency: 8})
	require.NoError(t, err)
	assert.Equal(t, sb.Listed("sellercloud"), testutil.IDs(res.Customers))
	assert.Equal(t, 137, res.TotalResults)
	assert.Equal(t, 3, sb.Count(listRoute), "ceil(137/50) requests")
}

func TestList_customersAddedWhilePagingAreIncluded(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 60})
	var once sync.Once
	sb.BeforeServe(func(r *http.Request) {
		if r.URL.Query().Get("model.pageNumber") == "2" {
			once.Do(func() {
				for range 12 {
					sb.AddSellercloudCustomer(sandbox.SellercloudCustomer{FirstName: "Late", LastName: "Arrival"})
				}
			})
		}
	})
	res, err := customers.List(context.Background(), c, customers.Filter{}, customers.ListOptions{PageSize: 20, Concurrency: 1})
	require.NoError(t, err)
	assert.Equal(t, sb.Listed("sellercloud"), testutil.IDs(res.Customers))
}

func TestList_customersRemovedWhilePagingSkipNothing(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 60})
	var once sync.Once
	sb.BeforeServe(func(r *http.Request) {
		if r.URL.Query().Get("model.pageNumber") == "3" {
			once.Do(func() { sb.RemoveSellercloudCustomer(10005) })
		}
	})
	res, err := customers.List(context.Background(), c, customers.Filter{}, customers.ListOptions{PageSize: 20, Concurrency: 1})
	require.NoError(t, err)
	assert.Equal(t, sb.Listed("sellercloud"), testutil.IDs(res.Customers), "the customer that moved onto a page already read is not skipped")
}

func TestList_mapsListItems(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 8})
	res, err := customers.List(context.Background(), c, customers.Filter{IDs: []string{"10001"}}, customers.ListOptions{})
	require.NoError(t, err)
	require.Len(t, res.Customers, 1)
	got := res.Customers[0]
	want, _ := sb.SellercloudCustomer(10001)
	assert.Equal(t, "10001", got.ID)
	assert.Equal(t, want.FirstName+" "+want.LastName, got.Name)
	assert.Equal(t, want.Email, got.Email)
	assert.Equal(t, want.CorporateName, got.CompanyName)
	assert.Equal(t, "Wholesale", got.CustomerType)
	assert.Equal(t, sellercloud.RatingName(want.Rating), got.Rating)
	var raw map[string]any
	require.NoError(t, json.Unmarshal(got.Raw, &raw))
	assert.EqualValues(t, 10001, raw["UserID"])
}

func TestGetDetails_flattensTheNestedShapeAnd404IsNotFound(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 1})
	sb.ChangeSellercloudCustomer(10001, func(sc *sandbox.SellercloudCustomer) {
		sc.Comment, sc.SalesMan, sc.Rating, sc.Mobile = "VIP", "Dana", 2, "+1 555 0100"
		sc.AccountManagers[2] = sandbox.AccountManager{ID: 9, Commission: 12.5}
	})
	d, err := c.GetDetails(context.Background(), "10001")
	require.NoError(t, err)
	assert.Equal(t, "VIP", d.Comments)
	assert.Equal(t, "Dana", d.Salesman)
	assert.Equal(t, "Disatisfied", d.Rating)
	assert.Equal(t, "+1 555 0100", d.Mobile)
	assert.Equal(t, sellercloud.AccountManager{ID: 9, Commission: 12.5}, d.AccountManagers[2])

	_, err = c.GetDetails(context.Background(), "99999")
	require.ErrorIs(t, err, customers.ErrNotFound)
	assert.Contains(t, err.Error(), "GET /Customers/99999: HTTP 404")
}

func TestUpdate_sendsOnlyTheSetFields(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 1})
	before, _ := sb.SellercloudCustomer(10001)
	empty, comment := "", "call before noon"
	require.NoError(t, c.Update(context.Background(), "10001", sellercloud.Update{Comments: &comment, Fax: &empty}))
	var body map[string]any
	for _, r := range sb.Requests() {
		if r.Method == http.MethodPut {
			require.NoError(t, json.Unmarshal(r.Body, &body))
		}
	}
	assert.Equal(t, map[string]any{"Comments": comment, "Fax": ""}, body, "null/omitted fields stay unchanged")
	after, _ := sb.SellercloudCustomer(10001)
	assert.Equal(t, comment, after.Comment)
	assert.Equal(t, before.Email, after.Email)
}

func TestPasswordTokenSource_usesExpiresIn(t *testing.T) {
	_, url := testutil.StartSandbox(t, sandbox.Options{TokenTTL: 30 * time.Minute})
	hc, err := httpclient.New(httpclient.Config{BaseURL: url + sandbox.SellercloudRoot, ErrorMessage: sellercloud.ErrorMessage})
	require.NoError(t, err)
	now := time.Now()
	tok, err := sellercloud.PasswordTokenSource(hc, sandbox.DefaultUsername, sandbox.DefaultPassword, func() time.Time { return now })(context.Background())
	require.NoError(t, err)
	assert.NotEmpty(t, tok.Value)
	assert.WithinDuration(t, now.Add(30*time.Minute), tok.Expires, time.Second)

	_, err = sellercloud.PasswordTokenSource(hc, sandbox.DefaultUsername, "wrong", time.Now)(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "POST /token: HTTP 401 Unauthorized: Invalid username or password")
	assert.NotContains(t, err.Error(), "wrong", "the password never appears in an error")
	assert.Equal(t, 401, httpclient.StatusOf(err))
	assert.NotErrorIs(t, err, customers.ErrNotFound)
}

func TestRateLimitReset_readsTheThrottleBody(t *testing.T) {
	at, ok := sellercloud.RateLimitReset([]byte(`{"Error":"Too many requests.","RateLimitResetTime":"2022-01-14T09:38:49.9856571Z"}`))
	require.True(t, ok)
	assert.Equal(t, time.Date(2022, 1, 14, 9, 38, 49, 985657100, time.UTC), at)
	assert.Equal(t, "Too many requests.", sellercloud.ErrorMessage([]byte(`{"Error":"Too many requests.","RateLimitResetTime":"x"}`)))
	assert.Equal(t, "plain text", sellercloud.ErrorMessage([]byte("plain text\n")))
}
