package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// startCommand runs the command's run with the given flags on a free
// loopback port, and returns its API base URL, its env file and a function
// that stops it and returns what it logged on stderr.
func startCommand(t *testing.T, args ...string) (base, envFile string, stop func() string) {
	t.Helper()
	envFile = filepath.Join(t.TempDir(), "sandbox.env")
	cfg, err := parseFlags(append([]string{"-env-file", envFile}, args...), io.Discard)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout bytes.Buffer
	stderr := &testutil.SyncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, cfg, ln, &stdout, stderr) }()
	stopped := false
	stop = func() string {
		if !stopped {
			stopped = true
			cancel()
			require.NoError(t, <-done)
		}
		return stderr.String()
	}
	t.Cleanup(func() { stop() })
	return "http://" + ln.Addr().String(), envFile, stop
}

// get sends a GET with the sandbox's static token and returns the status and
// the decoded JSON body.
func get(t *testing.T, url string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+sandbox.DefaultToken)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

func TestServerErrorEveryThirdRequest(t *testing.T) {
	base, _, _ := startCommand(t, "-server-error-every", "3", "-customers", "5")
	var statuses []int
	for range 9 {
		status, _ := get(t, base+sandbox.SellercloudRoot+"/Customers/10001")
		statuses = append(statuses, status)
	}
	assert.Equal(t, []int{200, 200, 502, 200, 200, 502, 200, 200, 502}, statuses, "502 by default")
}

func TestServerErrorStatusAndPlatformShape(t *testing.T) {
	base, _, _ := startCommand(t, "-server-error-every", "1", "-server-error-status", "500", "-customers", "5")
	status, body := get(t, base+sandbox.SellercloudRoot+"/Customers")
	assert.Equal(t, 500, status)
	assert.Equal(t, "Internal Server Error", body["Message"], "Sellercloud's error shape")
}

func TestRateLimitEverySecondRequest(t *testing.T) {
	base, _, _ := startCommand(t, "-rate-limit-every", "2", "-rate-limit-reset", "7s", "-customers", "5")
	var statuses []int
	for range 4 {
		status, body := get(t, base+sandbox.SellercloudRoot+"/Customers")
		statuses = append(statuses, status)
		if status == http.StatusTooManyRequests {
			assert.Contains(t, body, "RateLimitResetTime", "Sellercloud says when to come back")
		}
	}
	assert.Equal(t, []int{200, 429, 200, 429}, statuses)
}

func TestPageSizeCap(t *testing.T) {
	base, _, _ := startCommand(t, "-page-size-cap", "7", "-customers", "30")
	status, page := get(t, base+sandbox.SellercloudRoot+"/Customers?pageSize=50")
	require.Equal(t, 200, status)
	assert.Len(t, page["Items"], 7, "the cap beats the asked page size")
	assert.EqualValues(t, 30, page["TotalResults"])

	status, page = get(t, base+sandbox.TrutoRoot+"/unified/ecommerce/customers?integrated_account_id="+sandbox.DefaultIntegratedAccountID+"&limit=50")
	require.Equal(t, 200, status, "%v", page)
	assert.Len(t, page["result"], 7, "on every platform")
}

func TestTokenTTL(t *testing.T) {
	base, _, _ := startCommand(t, "-token-ttl", "90s", "-customers", "1")
	resp, err := http.Post(base+sandbox.SellercloudRoot+"/token", "application/json",
		strings.NewReader(fmt.Sprintf(`{"Username":%q,"Password":%q}`, sandbox.DefaultUsername, sandbox.DefaultPassword)))
	require.NoError(t, err)
	defer resp.Body.Close()
	var tok map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	require.Equal(t, 200, resp.StatusCode)
	assert.EqualValues(t, 90, tok["expires_in"])
}

func TestRequestLogOneLinePerRequestWithoutCredentials(t *testing.T) {
	base, _, stop := startCommand(t, "-server-error-every", "2", "-customers", "5")
	get(t, base+sandbox.SellercloudRoot+"/Customers?pageNumber=1&pageSize=50")
	get(t, base+sandbox.SellercloudRoot+"/Customers?pageSize=2&access_token=leaked-secret&api_key=other-secret")
	resp, err := http.Post(base+sandbox.SellercloudRoot+"/token", "application/json",
		strings.NewReader(fmt.Sprintf(`{"Username":%q,"Password":%q}`, sandbox.DefaultUsername, sandbox.DefaultPassword)))
	require.NoError(t, err)
	_ = resp.Body.Close()

	logged := stop()
	lines := strings.Split(strings.TrimSpace(logged), "\n")
	require.Len(t, lines, 3, logged)
	// A line is written when its handler returns, which can be after the
	// client has read a large answer and sent the next request: the lines
	// are matched in any order.
	for _, want := range []string{
		`GET /sellercloud/rest/api/Customers\?pageNumber=1&pageSize=50 200 \d`,
		`GET /sellercloud/rest/api/Customers\?pageSize=2&access_token=\*\*\*&api_key=\*\*\* 502 \d`,
		`POST /sellercloud/rest/api/token 200 \d`,
	} {
		re := regexp.MustCompile(`^\d\d:\d\d:\d\d\.\d{6} ` + want)
		assert.True(t, slices.ContainsFunc(lines, re.MatchString), "no line matches %s in:\n%s", re, logged)
	}
	for _, secret := range []string{"leaked-secret", "other-secret", sandbox.DefaultToken, sandbox.DefaultPassword} {
		assert.NotContains(t, logged, secret)
	}
}

func TestLogOff(t *testing.T) {
	base, _, stop := startCommand(t, "-log=false", "-customers", "1")
	get(t, base+sandbox.SellercloudRoot+"/Customers")
	assert.Empty(t, stop())
}

func TestEnvFileConfiguresTheProvider(t *testing.T) {
	base, envFile, _ := startCommand(t, "-customers", "1")
	status, _ := get(t, base+sandbox.SellercloudRoot+"/Customers")
	require.Equal(t, 200, status)
	data, err := os.ReadFile(envFile)
	require.NoError(t, err)
	env := string(data)
	assert.Contains(t, env, "export COMMERCE_SELLERCLOUD_BASE_URL="+base+sandbox.SellercloudRoot+"\n")
	assert.Contains(t, env, "export COMMERCE_SELLERCLOUD_TOKEN="+sandbox.DefaultToken+"\n")
	assert.Contains(t, env, "export COMMERCE_TRUTO_BASE_URL="+base+sandbox.TrutoRoot+"\n")
	assert.Contains(t, env, "export COMMERCE_ADOBE_VIP_RESELLER_ID="+sandbox.DefaultResellerID+"\n")
	assert.NotContains(t, env, "export COMMERCE_TOKEN=", "no generic variable: it would configure one platform's blocks only")
}

// TestBannerParenthesesClose: every line of the banner closes the
// parentheses it opens (make sandbox once printed one across two lines).
func TestBannerParenthesesClose(t *testing.T) {
	var b strings.Builder
	opts := sandbox.New(sandbox.Options{}).Options()
	cfg, err := parseFlags([]string{"-customers", "1", "-token-ttl", "1m", "-page-size-cap", "5", "-rate-limit-every", "3",
		"-sellercloud-require-business-name", "-sellercloud-create-timeouts", "1"}, io.Discard)
	require.NoError(t, err, "with the kits' own flags, whose lines the banner prints too")
	printBanner(&b, cfg, "http://127.0.0.1:8089", opts, providerSettings("http://127.0.0.1:8089"))
	for i, line := range strings.Split(b.String(), "\n") {
		assert.Equal(t, strings.Count(line, "("), strings.Count(line, ")"), "line %d: %q", i+1, line)
	}
}

// connectWrite adds pool user n to a Connect customer under key and returns
// the status, or 0 when the answer broke off.
func connectWrite(t *testing.T, base, customerID string, n int, key string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+sandbox.ConnectRoot+"/customers/"+customerID+"/users",
		strings.NewReader(fmt.Sprintf(`{"userId":%q}`, sandbox.ConnectUserID(n))))
	require.NoError(t, err)
	req.Header.Set("X-Api-Key", sandbox.DefaultAPIKey)
	req.Header.Set(sandbox.ConnectIdempotencyKeyHeader, key)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	if _, err := io.ReadAll(resp.Body); err != nil {
		return 0
	}
	return resp.StatusCode
}

// connectUsers counts a Connect customer's users (a read, which the write
// faults do not count).
func connectUsers(t *testing.T, base, customerID string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+sandbox.ConnectRoot+"/customers/"+customerID, nil)
	require.NoError(t, err)
	req.Header.Set("X-Api-Key", sandbox.DefaultAPIKey)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var body struct{ Users []map[string]string }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	return len(body.Users)
}

// TestWriteFaults: -write-error-every applies every Nth write, then answers
// -server-error-status; -write-break-every applies it, then breaks the
// answer off; the retry under the same key gets the original answer. Reads
// are not counted; the banner says what is on.
func TestWriteFaults(t *testing.T) {
	for flag, faulted := range map[string]int{"-write-error-every": http.StatusServiceUnavailable, "-write-break-every": 0} {
		base, _, _ := startCommand(t, flag, "2", "-server-error-status", "503", "-customers", "2")
		customer := sandbox.New(sandbox.Options{Customers: 2}).ConnectCustomers()[0].CustomerID
		require.Equal(t, 1, connectUsers(t, base, customer))
		assert.Equal(t, 200, connectWrite(t, base, customer, 1, "a"), flag)
		assert.Equal(t, 2, connectUsers(t, base, customer), flag)
		assert.Equal(t, faulted, connectWrite(t, base, customer, 2, "b"), "%s: the 2nd write", flag)
		assert.Equal(t, 3, connectUsers(t, base, customer), "%s: applied all the same", flag)
		assert.Equal(t, 200, connectWrite(t, base, customer, 2, "b"), "%s: the retry under the key gets the original answer", flag)
		assert.Equal(t, 3, connectUsers(t, base, customer), "%s: once", flag)
	}
	var b strings.Builder
	printBanner(&b, config{customers: 1, tokenTTL: time.Minute, writeBreakEvery: 3, writeErrorEvery: 2, serverErrorStatus: 502},
		"http://127.0.0.1:8089", sandbox.New(sandbox.Options{}).Options(), "")
	assert.Contains(t, b.String(), "misbehaving on purpose: every 3rd write is applied and its answer breaks off; every 2nd write is applied and answered 502")
}

func TestParseFlagsRejects(t *testing.T) {
	for _, args := range [][]string{
		{"-write-break-every", "-1"},
		{"-write-error-every", "-2"},
		{"-addr", "0.0.0.0:8089"},
		{"-server-error-status", "404"},
		{"-rate-limit-every", "-1"},
		{"-page-size-cap", "-5"},
		{"-token-ttl", "0s"},
		{"-sellercloud-create-timeouts", "-1"},
		{"-adobe-pending", "-1s"},
		{"-adobe-pending-outcome", "1002"},
		{"stray"},
	} {
		_, err := parseFlags(args, io.Discard)
		if assert.Error(t, err, "%v", args) && strings.HasPrefix(args[0], "-") {
			assert.ErrorContains(t, err, args[0], "the error names the flag")
		}
	}
}

func TestMaskQuery(t *testing.T) {
	assert.Equal(t, "keyword=acme&pageSize=5&apiKey=***&X-Api-Key=***&sig=***&sort_by%5Bcreated_at%5D=asc",
		maskQuery("keyword=acme&pageSize=5&apiKey=a&X-Api-Key=b&sig=c&sort_by%5Bcreated_at%5D=asc"))
	assert.Equal(t, "", maskQuery(""))
}

// post sends a POST with the sandbox's static token and returns the status
// and the body.
func post(t *testing.T, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+sandbox.DefaultToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestSellercloudFlags: the kit's own flags reach the sandbox the command
// serves, and the banner says they are on.
func TestSellercloudFlags(t *testing.T) {
	wholesale := `{"CompanyID":1,"FirstName":"W","Email":"w@example.com","CustomerType":0}`
	base, _, _ := startCommand(t, "-customers", "1")
	status, _ := post(t, base+sandbox.SellercloudRoot+"/Customers/", wholesale)
	assert.Equal(t, 200, status, "by default the tenant does not require business names")

	base, _, _ = startCommand(t, "-customers", "1", "-sellercloud-require-business-name")
	status, body := post(t, base+sandbox.SellercloudRoot+"/Customers/", wholesale)
	assert.Equal(t, 400, status)
	assert.Contains(t, body, "BusinessName is required for WholeSale customers.")

	base, _, _ = startCommand(t, "-customers", "1", "-sellercloud-create-timeouts", "1")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+sandbox.SellercloudRoot+"/Customers/", strings.NewReader(wholesale))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+sandbox.DefaultToken)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		_ = resp.Body.Close()
	}
	require.ErrorIs(t, err, context.DeadlineExceeded, "the first create never answers")
	status, body = post(t, base+sandbox.SellercloudRoot+"/Customers/", wholesale)
	assert.Equal(t, 200, status)
	assert.Equal(t, "10003", body, "the create that timed out saved customer 10002")

	cfg, err := parseFlags([]string{"-sellercloud-require-business-name", "-sellercloud-create-timeouts", "2"}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "Sellercloud requires business names of wholesale customers; Sellercloud's next 2 customer creates save, then time out", describeFaults(cfg))
	var help strings.Builder
	_, err = parseFlags([]string{"-help"}, &help)
	require.ErrorIs(t, err, flag.ErrHelp)
	assert.Contains(t, help.String(), "-sellercloud-require-business-name")
	assert.Contains(t, help.String(), "-sellercloud-create-timeouts")
}

// TestAdobePendingFlags: the Adobe kit's -adobe-pending and
// -adobe-pending-outcome set how long a created Adobe account stays pending
// and what it becomes; the banner's Adobe part says both, -help lists them.
func TestAdobePendingFlags(t *testing.T) {
	cfg, err := parseFlags([]string{"-adobe-pending", "0s", "-adobe-pending-outcome", "1004"}, io.Discard)
	require.NoError(t, err)
	var banner strings.Builder
	printBanner(&banner, cfg, "http://127.0.0.1:8089", sandbox.New(sandbox.Options{}).Options(), "")
	_, adobeSection, found := strings.Cut(banner.String(), "\nAdobe VIP Marketplace:\n")
	require.True(t, found, banner.String())
	adobeSection, _, _ = strings.Cut(adobeSection, "\n\n")
	assert.Contains(t, adobeSection, "  accounts created here stay pending (1002) for 0s (-adobe-pending), then settle as 1004 (-adobe-pending-outcome)",
		"the Adobe kit's flags speak in the Adobe part of the banner")
	assert.Empty(t, describeFaults(cfg), "a pending window is how Adobe behaves, not a fault")
	cfg, err = parseFlags(nil, io.Discard)
	require.NoError(t, err)
	banner.Reset()
	printBanner(&banner, cfg, "http://127.0.0.1:8089", sandbox.New(sandbox.Options{}).Options(), "")
	assert.Contains(t, banner.String(), "stay pending (1002) for 2s (-adobe-pending), then settle as 1000 (-adobe-pending-outcome)", "the defaults")
	var help strings.Builder
	_, err = parseFlags([]string{"-help"}, &help)
	require.ErrorIs(t, err, flag.ErrHelp)
	assert.Contains(t, help.String(), "-adobe-pending duration")
	assert.Contains(t, help.String(), "-adobe-pending-outcome string")

	base, _, _ := startCommand(t, "-adobe-pending", "0s", "-adobe-pending-outcome", "1004", "-customers", "1")
	adobe := func(method, path, body string) (int, map[string]any) {
		req, err := http.NewRequest(method, base+sandbox.AdobeVIPRoot+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+sandbox.DefaultToken)
		req.Header.Set("X-Api-Key", sandbox.DefaultAPIKey)
		req.Header.Set("X-Correlation-Id", method+path)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var out map[string]any
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
		return resp.StatusCode, out
	}
	status, created := adobe("POST", "/v3/customers", `{"resellerId": "`+sandbox.DefaultResellerID+`", "companyProfile": {"companyName": "Fairmont",
  "preferredLanguage": "en-US", "address": {"country": "US", "region": "CA", "city": "San Jose", "addressLine1": "1 Main St", "postalCode": "95110"},
  "contacts": [{"firstName": "Donald", "lastName": "Duck", "email": "d@duck.com"}]}}`)
	require.Equal(t, 201, status, created)
	assert.Equal(t, "1002", created["status"])
	_, got := adobe("GET", "/v3/customers/"+created["customerId"].(string), "")
	assert.Equal(t, "1004", got["status"])
}
