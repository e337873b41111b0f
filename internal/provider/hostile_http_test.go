package provider_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// Acceptance tests of the HTTP layer against hostile servers (issue 10), run
// through the real terraform CLI: redirects to other origins, servers that
// echo credentials, endless bodies, a throttle sent as 409, a host that does
// not resolve, a token with a line break, a write whose outcome is unknown,
// and an http:// URL that only looks like loopback.

// hostileFront puts a handler in front of the sandbox: hostile answers the
// requests it wants to (returning true); the rest go on to the sandbox.
func hostileFront(t *testing.T, sandboxURL string, hostile func(w http.ResponseWriter, r *http.Request) bool) *httptest.Server {
	t.Helper()
	target, err := url.Parse(sandboxURL)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !hostile(w, r) {
			proxy.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(ts.Close)
	return ts
}

// cliRun is one terraform command run with the provider's log captured.
type cliRun struct {
	tf          *acctest.CLI
	providerLog string
}

// newLoggedCLI starts a terraform CLI whose in-process provider logs at
// level into a file (the provider's log sink reads TF_LOG and TF_LOG_PATH
// when it starts, so the test cannot run in parallel).
func newLoggedCLI(t *testing.T, level string) *cliRun {
	t.Helper()
	logFile := filepath.Join(t.TempDir(), "provider.log")
	t.Setenv("TF_LOG", level)
	t.Setenv("TF_LOG_PATH", logFile)
	return &cliRun{tf: acctest.NewCLI(t), providerLog: logFile}
}

// apply writes main.tf and runs init and apply; it returns apply's error.
func (c *cliRun) apply(t *testing.T, config string) error {
	t.Helper()
	c.tf.Write("main.tf", acctest.CLIHeader+config)
	require.NoError(t, c.tf.Init(context.Background(), c.tf.Reattach), c.tf.Output())
	return c.tf.Apply(context.Background(), c.tf.Reattach)
}

func (c *cliRun) log(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(c.providerLog)
	require.NoError(t, err)
	return string(b)
}

// TestAccHostile_tokenRedirectToAnotherPort: the token endpoint answers 307
// to another port; following it would re-send the username and password
// there. The redirect is refused, the other port receives nothing.
func TestAccHostile_tokenRedirectToAnotherPort(t *testing.T) {
	sb, sbURL := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	rec := testutil.NewRecorder(t)
	front := hostileFront(t, sbURL, func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasSuffix(r.URL.Path, "/token") {
			w.Header().Set("Location", rec.URL+"/rest/api/token?stolen=1")
			w.WriteHeader(http.StatusTemporaryRedirect)
			return true
		}
		return false
	})
	acctest.Test(t, resource.TestStep{
		Config: sellercloudPasswordProvider(front.URL) + `data "commerce_customers" "all" {}`,
		ExpectError: acctest.ErrorLike(`127\.0\.0\.1:\d+: POST /token: HTTP 307 Temporary Redirect: refused to follow the redirect to ` +
			`http://127\.0\.0\.1:` + rec.Port() + `: only redirects within http://127\.0\.0\.1:\d+ are followed`),
	})
	assert.Zero(t, rec.Calls(), "the other port received nothing: no password")
	assert.Zero(t, sb.Count(listRoute), "no list request left without a token")
}

// TestAccHostile_listRedirectToAnotherOrigin: a 302 from the list endpoint to
// another port, then to another host; with X-Api-Key and Authorization
// configured, the other origin receives nothing, the read fails naming the
// Location's origin only, and nothing reaches the state.
func TestAccHostile_listRedirectToAnotherOrigin(t *testing.T) {
	_, sbURL := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	rec := testutil.NewRecorder(t)
	var location atomic.Value
	front := hostileFront(t, sbURL, func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasSuffix(r.URL.Path, "/Customers") {
			w.Header().Set("Location", location.Load().(string)+"/rest/api/Customers?token=in-the-location")
			w.WriteHeader(http.StatusFound)
			return true
		}
		return false
	})
	cli := newLoggedCLI(t, "")
	for _, target := range []string{rec.URL, "http://localhost:" + rec.Port()} {
		location.Store(target)
		err := cli.apply(t, acctest.ProviderBlock(fmt.Sprintf("base_url = %q", front.URL+sandbox.SellercloudRoot), fmt.Sprintf("token = %q", sandbox.DefaultToken),
			`api_key = "key-must-stay-home"`)+`
data "commerce_customers" "all" {}
output "ids" {
  value = data.commerce_customers.all.customers[*].id
}
`)
		require.Error(t, err, target)
		out := cli.tf.Output()
		u, _ := url.Parse(target)
		assert.Regexp(t, acctest.ErrorLike(`GET /Customers: HTTP 302 Found: refused to follow the redirect to `+httpclient.Origin(u)), out)
		assert.NotContains(t, out, "in-the-location")
		assert.NotContains(t, out, "key-must-stay-home")
		state, err := cli.tf.Show(context.Background())
		require.NoError(t, err)
		assert.Nil(t, state.Values, "nothing in state")
	}
	assert.Zero(t, rec.Calls(), "the other origins received nothing: no X-Api-Key, no Authorization")
}

// TestAccHostile_sameOriginRedirectIsFollowed: the policy follows a redirect
// within the API's own origin (a moved path), credentials and all.
func TestAccHostile_sameOriginRedirectIsFollowed(t *testing.T) {
	_, sbURL := acctest.StartSandbox(t, sandbox.Options{Customers: 30})
	var redirected atomic.Int32
	front := hostileFront(t, sbURL, func(w http.ResponseWriter, r *http.Request) bool {
		if strings.HasPrefix(r.URL.Path, "/old") {
			redirected.Add(1)
			r.URL.Path = strings.TrimPrefix(r.URL.Path, "/old")
			http.Redirect(w, r, r.URL.String(), http.StatusMovedPermanently)
			return true
		}
		return false
	})
	acctest.Test(t, resource.TestStep{
		Config:            acctest.ProviderBlock(fmt.Sprintf("base_url = %q", front.URL+"/old"+sandbox.SellercloudRoot), fmt.Sprintf("token = %q", sandbox.DefaultToken)) + countAllUnique,
		ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("unique", knownvalue.Int64Exact(30))},
	})
	assert.Positive(t, redirected.Load())
}

// echoCredentials answers status with a body that repeats the request's
// Authorization, X-Api-Key and body, as some servers' error pages do.
func echoCredentials(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `{"Message":"denied by the hostile server. Authorization: %s; X-Api-Key: %s; request: %s; form: %s"}`,
			r.Header.Get("Authorization"), r.Header.Get("X-Api-Key"), body, url.Values{"body": {string(body)}}.Encode())
	}
}

// TestAccHostile_echoedSecretsAreMasked: 401 and 500 bodies that echo the
// request's headers, and a token endpoint whose error echoes the request body
// with the password: the console output and the provider's TRACE log hold
// none of the secrets, in any spelling, while the server's message is shown.
func TestAccHostile_echoedSecretsAreMasked(t *testing.T) {
	const (
		token    = "tok-echoed-never-shown"
		apiKey   = "key-echoed-never-shown"
		password = `pw"<echoed>&never\shown`
	)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/token"):
			echoCredentials(http.StatusBadRequest)(w, r)
		case strings.HasPrefix(r.URL.Path, "/unauthorized"):
			echoCredentials(http.StatusUnauthorized)(w, r)
		default:
			echoCredentials(http.StatusInternalServerError)(w, r)
		}
	}))
	t.Cleanup(ts.Close)
	cli := newLoggedCLI(t, "TRACE")
	runs := []struct{ provider, want string }{
		{acctest.ProviderBlock(fmt.Sprintf("base_url = %q", ts.URL+"/unauthorized"), fmt.Sprintf("token = %q", token), fmt.Sprintf("api_key = %q", apiKey)),
			`GET /Customers: HTTP 401 Unauthorized: denied by the hostile server.*check token \(from the provider block\) and api_key \(from the provider block\), or use username and password`},
		{acctest.ProviderBlock(fmt.Sprintf("base_url = %q", ts.URL+"/failing"), fmt.Sprintf("token = %q", token), fmt.Sprintf("api_key = %q", apiKey), "max_retries = 1"),
			`GET /Customers: HTTP 500 Internal Server Error: denied by the hostile server.*\(after 2 attempts\)`},
		{acctest.ProviderBlock(fmt.Sprintf("base_url = %q", ts.URL+"/grant"), `username = "someone"`, fmt.Sprintf("password = %q", password), fmt.Sprintf("api_key = %q", apiKey)),
			`POST /token: HTTP 400 Bad Request: .*denied by the hostile server.*check username \(from the provider block\), password \(from the provider block\) and api_key \(from the provider block\), or use token`},
	}
	for _, run := range runs {
		err := cli.apply(t, run.provider+`data "commerce_customers" "all" {}`)
		require.Error(t, err)
		assert.Regexp(t, acctest.ErrorLike(run.want), cli.tf.Output())
	}
	everything := cli.tf.Output() + cli.log(t)
	require.Contains(t, everything, "commerce API request", "the provider's log was captured")
	require.Contains(t, everything, "Authorization: ***", "the echo reached the output, masked")
	jsonPassword := `pw\"\u003cechoed\u003e\u0026never\\shown`
	for name, secret := range map[string]string{
		"token": token, "api_key": apiKey, "password": password, "password as JSON": jsonPassword,
		"password as JSON, form-encoded": url.QueryEscape(jsonPassword), "password's words": "never",
	} {
		assert.NotContains(t, everything, secret, name)
	}
}

// TestAccHostile_endlessBody: a list answer that never ends is an error
// naming the method, host, path and limit, and the provider stops reading:
// the server writes about the limit, not the body it meant to send.
func TestAccHostile_endlessBody(t *testing.T) {
	_, sbURL := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	const meant = 1 << 30
	var written atomic.Int64
	front := hostileFront(t, sbURL, func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasSuffix(r.URL.Path, "/Customers") {
			return false
		}
		chunk := []byte(strings.Repeat(`{"UserID":1,"Email":"x@example.test"},`, 2000))
		_, _ = w.Write([]byte(`{"TotalResults":1,"Items":[`))
		for written.Load() < meant {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				break
			}
		}
		return true
	})
	acctest.Test(t, resource.TestStep{
		Config: acctest.ProviderBlock(fmt.Sprintf("base_url = %q", front.URL+sandbox.SellercloudRoot), fmt.Sprintf("token = %q", sandbox.DefaultToken)) +
			`data "commerce_customers" "all" {}`,
		ExpectError: acctest.ErrorLike(`127\.0\.0\.1:\d+: GET /Customers: the response body is larger than the limit of 16 MiB`),
	})
	t.Logf("the server wrote %d bytes of the %d it meant to", written.Load(), meant)
	assert.Less(t, written.Load(), httpclient.DefaultMaxResponseBytes+64<<20)
}

// TestAccHostile_sellercloudThrottleAs409: Sellercloud's throttle sent as
// HTTP 409 with its documented body is waited out like a 429 (max_retries = 0
// shows it is no retry); a 409 without that body is an error at once.
func TestAccHostile_sellercloudThrottleAs409(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 120})
	onPage2 := sellercloudPage("2")
	pageTwo := func() int {
		n := 0
		for _, r := range sb.Requests() {
			if r.Pattern == listRoute && r.Query.Get("model.pageNumber") == "2" {
				n++
			}
		}
		return n
	}
	var before int
	acctest.Test(t,
		resource.TestStep{
			PreConfig: func() {
				sb.InjectFault(sandbox.Fault{Match: onPage2, Status: http.StatusConflict, Times: 2,
					Body: fmt.Sprintf(`{"Error":"Too many requests.","RateLimitResetTime":%q}`, time.Now().Add(300*time.Millisecond).UTC().Format("2006-01-02T15:04:05.0000000Z"))})
			},
			Config:            sellercloudProvider(url, "max_retries = 0") + countAllUnique,
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("unique", knownvalue.Int64Exact(120))},
		},
		resource.TestStep{
			PreConfig: func() {
				before = pageTwo()
				sb.InjectFault(sandbox.Fault{Match: onPage2, Status: http.StatusConflict, Body: `{"Message":"The request conflicts with another change."}`})
			},
			Config:      sellercloudProvider(url, "max_retries = 3") + countAllUnique,
			ExpectError: acctest.ErrorLike(`GET /Customers: HTTP 409 Conflict: The request conflicts with another change\.`),
		},
	)
	assert.Equal(t, 1, pageTwo()-before, "a plain 409 is not retried")
}

// TestAccHostile_noSuchHost: a host that does not resolve fails at once (one
// attempt, in the provider's log), naming the host and the settings to check.
func TestAccHostile_noSuchHost(t *testing.T) {
	cli := newLoggedCLI(t, "DEBUG")
	err := cli.apply(t, acctest.ProviderBlock(`base_url = "https://no-such-tenant.invalid/rest/api"`, `token = "t"`)+`data "commerce_customers" "all" {}`)
	require.Error(t, err)
	assert.Regexp(t, acctest.ErrorLike(`no-such-tenant\.invalid: GET /Customers: cannot resolve host "no-such-tenant\.invalid" \(no such host\); `+
		`check base_url \(from the provider block\)`), cli.tf.Output())
	log := cli.log(t)
	assert.Equal(t, 1, strings.Count(log, "commerce API request:"), "one attempt")
	assert.NotContains(t, log, "retrying")
}

// TestAccHostile_lineBreakInToken: a token with CR/LF (a header injection)
// is refused before anything is sent, naming the header, not the value.
func TestAccHostile_lineBreakInToken(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	acctest.Test(t, resource.TestStep{
		Config: sellercloudProvider(url, `token = "abc\r\nX-Injected: yes"`) + `data "commerce_customers" "all" {}`,
		ExpectError: acctest.ErrorLike(`GET /Customers: the Authorization header's value contains a line break or another control character, ` +
			`which HTTP does not allow; check token \(from the provider block\)`),
	})
	assert.Zero(t, sb.TotalRequests(), "nothing was sent")
}

// TestAccHostile_outcomeUnknownAfterPut: the server saves a PUT and then
// answers 500. The error says the outcome is unknown (not that nothing
// changed), and the next plan shows the truth: the change is there. A 4xx is
// a definite refusal, and says so.
func TestAccHostile_outcomeUnknownAfterPut(t *testing.T) {
	sb, sbURL := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	var saveThenFail atomic.Bool
	target, _ := url.Parse(sbURL)
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		if resp.Request.Method == http.MethodPut && saveThenFail.Load() {
			resp.StatusCode = http.StatusInternalServerError
			resp.Body = io.NopCloser(strings.NewReader(`{"Message":"An error has occurred."}`))
			resp.Header.Del("Content-Length")
		}
		return nil
	}
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)
	cfg := func(comment string) string {
		return sellercloudProvider(front.URL, "max_retries = 1") + fmt.Sprintf(`
resource "commerce_customer" "c" {
  customer_id = "10002"
  comments    = %q
}
`, comment)
	}
	acctest.Test(t,
		resource.TestStep{Config: cfg("Before")},
		resource.TestStep{
			PreConfig: func() { saveThenFail.Store(true) },
			Config:    cfg("After"),
			ExpectError: acctest.ErrorLike(`The update of customer 10002 \(comments\) failed and its outcome is unknown: Sellercloud may have saved it\. ` +
				`The next plan reads the customer again and shows what it holds\..*PUT /Customers/10002: HTTP 500 Internal Server Error: ` +
				`An error has occurred\. \(after 2 attempts\); the outcome is unknown`),
		},
		resource.TestStep{
			// The server did save it: a refresh (which every plan does)
			// reads it, and the plan has nothing left to do.
			PreConfig: func() {
				saveThenFail.Store(false)
				require.Equal(t, "After", mustCustomer(t, sb, 10002).Comment)
			},
			RefreshState: true,
			Check:        resource.TestCheckResourceAttr("commerce_customer.c", "comments", "After"),
		},
		resource.TestStep{Config: cfg("After"), PlanOnly: true},
		resource.TestStep{
			PreConfig: func() {
				sb.InjectFault(sandbox.Fault{Match: func(r *http.Request) bool { return r.Method == http.MethodPut }, Status: http.StatusBadRequest,
					Body: `{"Message":"Comments are too long."}`})
			},
			Config: cfg("Rejected"),
			ExpectError: acctest.ErrorLike(`Sellercloud rejected the update of customer 10002 \(comments\); nothing was changed\. .*` +
				`PUT /Customers/10002: HTTP 400 Bad Request: Comments are too long\.`),
		},
	)
}

// TestAccHostile_httpToALoopbackLookalike: http:// for a DNS name that only
// looks like loopback is a plan-time error on base_url naming the rule,
// before any request.
func TestAccHostile_httpToALoopbackLookalike(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	port := strings.TrimPrefix(url, "http://127.0.0.1:")
	var steps []resource.TestStep
	for _, host := range []string{"127.0.0.1.example.test", "localhost.example.test"} {
		steps = append(steps, resource.TestStep{
			Config:   sellercloudProvider(url, fmt.Sprintf(`base_url = "http://%s:%s%s"`, host, port, sandbox.SellercloudRoot)) + `data "commerce_customers" "all" {}`,
			PlanOnly: true,
			ExpectError: acctest.ErrorLike(`Invalid base_url .*base_url.*"http://` + strings.ReplaceAll(host, ".", `\.`) + `:\d+` + regexp.QuoteMeta(sandbox.SellercloudRoot) + `" uses http:// for a non-loopback host; ` +
				`use https://\. http:// is allowed only for localhost or a literal loopback IP address \(127\.x\.x\.x, \[::1\]\), never for a DNS name`),
		})
	}
	acctest.Test(t, steps...)
	assert.Zero(t, sb.TotalRequests())
}

// TestAccLogs_requestLinesRetriesAndSummary reads 120 customers in 3 pages
// while page 2 fails once with a 503 and page 3 is rate limited once, and
// checks the provider's log: a DEBUG line per attempt with host, path, query,
// page, attempt, status and duration; a WARN line for the retry and one for
// the rate-limit wait, with reason and wait; one INFO line for the read.
func TestAccLogs_requestLinesRetriesAndSummary(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 120})
	sb.InjectFault(sandbox.Fault{Match: sellercloudPage("2"), Status: 503, Times: 1})
	sb.InjectFault(sandbox.Fault{Match: sellercloudPage("3"), Status: 429, Times: 1, Body: fmt.Sprintf(`{"Error":"Too many requests.","RateLimitResetTime":%q}`, time.Now().UTC().Format(time.RFC3339Nano))})
	cli := newLoggedCLI(t, "DEBUG")
	require.NoError(t, cli.apply(t, sellercloudProvider(url)+`
data "commerce_customers" "all" {
  page_size = 50
}
`), cli.tf.Output())
	log := cli.log(t)
	host := strings.TrimPrefix(url, "http://")
	// lines returns the log lines matching every pattern (the fields of a
	// line come in no fixed order).
	lines := func(patterns ...string) []string {
		var out []string
	next:
		for _, l := range strings.Split(log, "\n") {
			for _, p := range patterns {
				if !regexp.MustCompile(p).MatchString(l) {
					continue next
				}
			}
			out = append(out, l)
		}
		return out
	}
	attempt := `\[DEBUG\].*commerce API request:`
	assert.Len(t, lines(attempt), 5, "3 pages, a retry and a rate-limited attempt")
	for _, field := range []string{"host=" + host, "path=/Customers", "query=", "attempt=", "status=", "duration_ms=", "page="} {
		assert.Len(t, lines(attempt, regexp.QuoteMeta(" "+field)), 5, field)
	}
	assert.Len(t, lines(attempt, ` page=2( |$)`), 2)
	assert.Len(t, lines(attempt, ` page=2( |$)`, ` attempt=2( |$)`, ` status=200( |$)`), 1)
	assert.Len(t, lines(`\[WARN\].*commerce API request failed; retrying:`, ` reason=".*HTTP 503`, ` wait=\d+`, ` page=2( |$)`), 1)
	assert.Len(t, lines(`\[WARN\].*commerce API rate limit: waiting before the next attempt:`, ` reason=".*HTTP 429`, ` wait=\d+`, ` page=3( |$)`), 1)
	summary := lines(`\[INFO\].*commerce customers read:`)
	require.Len(t, summary, 1)
	for _, field := range []string{"customers=120", "pages=3", "requests=5", "retries=1", "rate_limit_waits=1", "seconds="} {
		assert.Contains(t, summary[0], " "+field)
	}
}

// TestAccReliability_shortLivedTokensGrowWithTime: with 2-second tokens an
// apply of 20 resources and a 14-page read made a token request for nearly
// every request (the renewal margin was a fixed 60 s). A lifetime now counts
// as at least a minute (issue 19: a tiny expires_in must not cost a token per
// request), so these tokens are renewed after the 401 each draws when it
// really expires: token requests still follow the clock (and the provider
// configurations of the run), not the requests: 4 for 166 requests in a
// 2-second run here. The bound is computed from the run's own duration, so
// a slow machine only widens it.
func TestAccReliability_shortLivedTokensGrowWithTime(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 137, TokenTTL: 2 * time.Second})
	sb.SetLatency(5 * time.Millisecond)
	cfg := sellercloudPasswordProvider(url) + `
data "commerce_customers" "all" {
  page_size = 10
}
resource "commerce_customer" "bulk" {
  count       = 20
  customer_id = tostring(10001 + count.index)
  comments    = "short-lived tokens"
}
`
	tokenRoute := "POST " + sandbox.SellercloudRoot + "/token"
	start := time.Now()
	acctest.Test(t, resource.TestStep{Config: cfg})
	elapsed := time.Since(start)
	tokens, all := sb.Count(tokenRoute), sb.TotalRequests()
	t.Logf("%d token requests for %d requests in %s", tokens, all, elapsed.Round(time.Millisecond))
	assert.Greater(t, all-tokens, 50, "enough requests to tell time from requests")
	assert.LessOrEqual(t, float64(tokens), 2+1.5*elapsed.Seconds(), "token requests grow with time, not with requests")
}

// TestAccErrors_hostAttemptsAndCredentialHints: HTTP errors name the host;
// a 401 or 403 names the settings that supply the credential on that
// platform; a connection refused until the retries ran out says how many
// attempts were made.
func TestAccErrors_hostAttemptsAndCredentialHints(t *testing.T) {
	_, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	host := `127\.0\.0\.1:\d+`
	acctest.Test(t,
		resource.TestStep{
			Config:      sellercloudProvider(url, `token = "wrong-token"`) + `data "commerce_customers" "all" {}`,
			ExpectError: acctest.ErrorLike(host + `: GET /Customers: HTTP 401 Unauthorized: Not Valid Token; check token \(from the provider block\), or use username and password`),
		},
		resource.TestStep{
			Config:      sellercloudPasswordProvider(url, `password = "wrong-password"`) + `data "commerce_customers" "all" {}`,
			ExpectError: acctest.ErrorLike(host + `: POST /token: HTTP 401 Unauthorized: Invalid username or password\. Check username \(from the provider block\) and password \(from the provider block\), or use token`),
		},
		resource.TestStep{
			Config:      acctest.SandboxProvider("connect", url, `api_key = "wrong-key"`) + `data "commerce_customers" "all" {}`,
			ExpectError: acctest.ErrorLike(host + `: GET /customers: HTTP 40[13] \w+: .*; check api_key \(from the provider block\)`),
		},
		resource.TestStep{
			Config:      sellercloudProvider(closed.URL, "max_retries = 1") + `data "commerce_customers" "all" {}`,
			ExpectError: acctest.ErrorLike(host + `: GET /Customers: .*connection refused \(after 2 attempts\)`),
		},
	)
}
