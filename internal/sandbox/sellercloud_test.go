package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// send sends one JSON request with the headers (name, value pairs) and
// returns the status and the decoded JSON body.
func send(t *testing.T, method, url, body string, header ...string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return resp.StatusCode, out
}

// call sends a Sellercloud request with the bearer token ("" sends none).
func call(t *testing.T, method, url, token, body string) (int, map[string]any) {
	t.Helper()
	if token == "" {
		return send(t, method, url, body)
	}
	return send(t, method, url, body, "Authorization", "Bearer "+token)
}

func TestSellercloud_listFollowsTheNotes(t *testing.T) {
	sb := New(Options{Customers: 30})
	url, stop := sb.Start()
	defer stop()
	root := url + SellercloudRoot

	status, _ := call(t, "GET", root+"/Customers", "", "")
	assert.Equal(t, 401, status, "bearer auth is required")

	status, page := call(t, "GET", root+"/Customers", DefaultToken, "")
	require.Equal(t, 200, status)
	assert.Len(t, page["Items"], 10, "pageSize defaults to 10")
	assert.EqualValues(t, 30, page["TotalResults"])
	item := page["Items"].([]any)[0].(map[string]any)
	for _, field := range []string{"UserID", "Email", "FirstName", "LastName", "EmailCC", "Rating", "CorporateName", "IsWholeSaleUser", "IsWholesaleString", "CustomColumns"} {
		assert.Contains(t, item, field)
	}

	// Swagger names and bare names bind alike; enums by number or name.
	_, byNumber := call(t, "GET", root+"/Customers?model.customerType=1&model.pageSize=50", DefaultToken, "")
	_, byName := call(t, "GET", root+"/Customers?customerType=Wholesale&pageSize=50", DefaultToken, "")
	assert.Equal(t, byNumber["TotalResults"], byName["TotalResults"])
	status, bad := call(t, "GET", root+"/Customers?model.rating=9", DefaultToken, "")
	assert.Equal(t, 400, status)
	assert.Contains(t, bad["Message"], "not valid")
}

func TestSellercloud_rateLimitAndTokens(t *testing.T) {
	sb := New(Options{Customers: 3, TokenTTL: time.Hour})
	url, stop := sb.Start()
	defer stop()
	root := url + SellercloudRoot

	status, tok := call(t, "POST", root+"/token", "", `{"Username":"sandbox","Password":"sandbox-password"}`)
	require.Equal(t, 200, status)
	for _, field := range []string{"access_token", "token_type", "username", "expires_in", ".issued", ".expires"} {
		assert.Contains(t, tok, field)
	}
	token := tok["access_token"].(string)
	status, _ = call(t, "GET", root+"/Customers/10001", token, "")
	assert.Equal(t, 200, status)
	sb.ExpireTokens()
	status, _ = call(t, "GET", root+"/Customers/10001", token, "")
	assert.Equal(t, 401, status)

	sb.SetRateLimit(1, time.Minute)
	// The reset is a minute after the server's clock read, which lies between
	// these two reads of ours however slowly the call runs (the body keeps
	// 100 ns: truncation moves it down by less than that).
	before := time.Now().Truncate(100 * time.Nanosecond)
	status, body := call(t, "GET", root+"/Customers", DefaultToken+"-expired-anyway", "")
	after := time.Now()
	assert.Equal(t, 429, status)
	assert.Equal(t, "Too many requests.", body["Error"])
	reset, err := time.Parse(time.RFC3339Nano, body["RateLimitResetTime"].(string))
	require.NoError(t, err)
	assert.False(t, reset.Before(before.Add(time.Minute)) || reset.After(after.Add(time.Minute)),
		"reset %s, want a minute after the request (between %s and %s)", reset, before.Add(time.Minute), after.Add(time.Minute))
}

func TestSellercloud_putNormalisesAndEnforcesRules(t *testing.T) {
	sb := New(Options{Customers: 2})
	url, stop := sb.Start()
	defer stop()
	root := url + SellercloudRoot

	status, _ := call(t, "PUT", root+"/Customers/10002", DefaultToken,
		`{"Email":"Ava.Smith@Example.COM","BusinessAliases":["b","A","b"],"AccountManager1Commission":2.345,"Rating":"Disatisfied","Fax":null}`)
	require.Equal(t, 200, status)
	c, _ := sb.SellercloudCustomer(10002)
	assert.Equal(t, "ava.smith@example.com", c.Email)
	assert.Equal(t, []string{"A", "b"}, c.BusinessAliases)
	assert.InDelta(t, 2.35, c.AccountManagers[0].Commission, 1e-9)
	assert.Equal(t, 2, c.Rating)

	_, details := call(t, "GET", root+"/Customers/10002", DefaultToken, "")
	for _, section := range []string{"General", "Internal", "OrderOptions", "Personal", "Addresses", "WholesaleOptions", "CustomerGroups"} {
		assert.Contains(t, details, section)
	}
	assert.EqualValues(t, 2, details["Internal"].(map[string]any)["LocalRating"])

	sb.RequireBusinessNameForWholesale(true)
	status, body := call(t, "PUT", root+"/Customers/10002", DefaultToken, `{"IsWholesale":true,"BusinessName":""}`)
	assert.Equal(t, 400, status)
	assert.Contains(t, body["Message"], "BusinessName is required")

	status, _ = call(t, "GET", root+"/Customers/424242", DefaultToken, "")
	assert.Equal(t, 404, status)
}
