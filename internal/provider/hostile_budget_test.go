package provider_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// Acceptance tests of what a server's well-formed lies may cost (issue 19),
// through the real terraform CLI: a write applied twice, the terminal, the
// memory of one token, waits that overflow, a token per request, and a
// proxy's refusal read as the API's.

// patchOnce is a front for the sandbox's Adobe API whose first PATCH is
// applied by the sandbox but whose answer breaks off halfway through its
// body (stall: stops halfway until the client gives up); later requests
// pass. It records every PATCH's X-Correlation-Id.
type patchOnce struct {
	sandboxURL string
	stall      bool
	done       atomic.Bool
	mu         sync.Mutex
	keys       []string
}

func (p *patchOnce) serve(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodPatch {
		return false
	}
	p.mu.Lock()
	p.keys = append(p.keys, r.Header.Get("X-Correlation-Id"))
	p.mu.Unlock()
	if p.done.Swap(true) {
		return false // the retry: the sandbox answers (and replays by its key)
	}
	body, _ := io.ReadAll(r.Body)
	up, err := http.NewRequest(r.Method, p.sandboxURL+r.URL.Path, bytes.NewReader(body))
	if err != nil {
		panic(err)
	}
	up.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(up)
	if err != nil {
		panic(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(answer)))
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(answer[:len(answer)/2])
	_ = http.NewResponseController(w).Flush()
	if p.stall {
		<-r.Context().Done() // until the client gives up on the attempt
		return true
	}
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		_ = conn.Close()
	}
	return true
}

// TestAccLies_adobePatchAppliedOnce (issue 19, case 2): Adobe applies a
// PATCH that adds a contact, then its 200 breaks off mid-body (or stalls
// past request_timeout). The retry carries the same X-Correlation-Id, so
// Adobe replays its answer: the change is applied once, each contact gets
// one welcome email, and the apply succeeds with the right state.
func TestAccLies_adobePatchAppliedOnce(t *testing.T) {
	for _, stall := range []bool{false, true} {
		t.Run(fmt.Sprintf("stall=%v", stall), func(t *testing.T) {
			sb, sbURL := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
			const id = "1006374001"
			k := mustAdobe(t, sb, id).Contacts[0]
			front := &patchOnce{sandboxURL: sbURL, stall: stall}
			url := hostileFront(t, sbURL, front.serve).URL
			acctest.Test(t, resource.TestStep{
				Config: adobeProvider(url, `request_timeout = "2s"`, "max_retries = 2") + fmt.Sprintf(`
resource "commerce_adobe_vip_customer" "a" {
  customer_id = %q
  contacts = [
    { first_name = %q, last_name = %q, email = %q },
    { first_name = "Ada", last_name = "Byron", email = "ada@example.com" },
  ]
}
`, id, k.FirstName, k.LastName, k.Email),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("commerce_adobe_vip_customer.a", tfjsonpath.New("contacts").AtSliceIndex(1).AtMapKey("email"),
						knownvalue.StringExact("ada@example.com")),
				},
				Check: func(*terraform.State) error {
					got := mustAdobe(t, sb, id)
					if want := []string{k.Email, "ada@example.com"}; fmt.Sprint(got.WelcomeEmails) != fmt.Sprint(want) {
						return fmt.Errorf("welcome emails %v, want %v: the PATCH was applied more than once", got.WelcomeEmails, want)
					}
					return nil
				},
			})
			front.mu.Lock()
			defer front.mu.Unlock()
			require.Len(t, front.keys, 2, "the broken PATCH and its retry")
			assert.NotEmpty(t, front.keys[0])
			assert.Equal(t, front.keys[0], front.keys[1], "the retry kept the X-Correlation-Id")
		})
	}
}

// escapes is what a hostile server's text carried in issue 19: erase the
// line and fake Terraform's success, set the window title, write the
// clipboard (OSC 52), a C1 CSI, a bare CR and a bidi override.
const escapes = "\x1b[2K\r\x1b[32mApply complete! Resources: 0 added\x1b[0m \x1b]0;pwned\x07 \x1b]52;c;ZWNobyBwd25lZA==\x07 \u009b31m \u202e"

// TestAccLies_serverTextCannotSteerTheTerminal (issue 19, case 4): escape
// sequences in an error body (raw and JSON-escaped), in the keys of an
// envelope, in an HTML title and in a record's id reach neither the console
// nor the provider's log; the server's message is still shown.
func TestAccLies_serverTextCannotSteerTheTerminal(t *testing.T) {
	jsonEscapes, _ := json.Marshal("denied" + escapes)
	var lie atomic.Value
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := lie.Load().(func(w http.ResponseWriter, r *http.Request))
		l(w, r)
	}))
	t.Cleanup(ts.Close)
	answer := func(status int, contentType, body string) func(w http.ResponseWriter, r *http.Request) {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", contentType)
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}
	}
	cli := newLoggedCLI(t, "DEBUG")
	for _, run := range []struct {
		name   string
		answer func(w http.ResponseWriter, r *http.Request)
		config string
		shows  string
	}{
		{"raw error body", answer(http.StatusInternalServerError, "text/plain", "denied"+escapes),
			sellercloudProvider(ts.URL, "max_retries = 1") + `data "commerce_customers" "all" {}`, `HTTP 500 Internal Server Error: denied`},
		{"JSON-escaped error body", answer(http.StatusUnauthorized, "application/json", `{"Message":`+string(jsonEscapes)+`}`),
			sellercloudProvider(ts.URL) + `data "commerce_customers" "all" {}`, `HTTP 401 Unauthorized: denied`},
		{"envelope keys", answer(http.StatusOK, "application/json", `{"\u001b]0;pwned\u0007":1}`),
			sellercloudProvider(ts.URL) + `data "commerce_customers" "all" {}`, `its keys are`},
		{"HTML title", answer(http.StatusOK, "text/html", "<html><title>Down"+escapes+"</title></html>"),
			sellercloudProvider(ts.URL) + `data "commerce_customers" "all" {}`, `the server answered HTML`},
		{"record id", answer(http.StatusOK, "application/json", `{"customerId":"1006374002\u001b[2J\u001b]52;c;cHduZWQ=\u0007"}`),
			adobeProvider(ts.URL) + `data "commerce_customer" "c" { id = "1006374001" }`, `the record asked for as customer "1006374001": .*"1006374002.*holds a control character`},
	} {
		lie.Store(run.answer)
		err := cli.apply(t, run.config)
		require.Error(t, err, run.name)
		assert.Regexp(t, acctest.ErrorLike(run.shows), cli.tf.Output(), run.name)
	}
	console, log := cli.tf.Output(), cli.log(t)
	require.Contains(t, log, "commerce API request", "the provider's log was captured")
	for name, text := range map[string]string{"console": console, "provider log": log} {
		testutil.AssertNoControl(t, text)
		for _, seq := range []string{"\x1b", "\x07", "\u009b", "\u202e", "\r"} {
			assert.NotContains(t, text, seq, "%s holds %q", name, seq)
		}
	}
}

// TestAccLies_hugeTokenIsRefused (issue 19, case 7): a token endpoint that
// issues an 8 MiB access token (legal under the 16 MiB body limit) gets a
// clear error naming the size and the limit; it is asked once for every
// data source of the run, nothing is sent with the token, and the
// provider's heap stays far from the 850 MB that ten masked spellings of
// sixteen such tokens took.
func TestAccLies_hugeTokenIsRefused(t *testing.T) {
	sb, sbURL := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	// 8 MiB of characters escaped in every spelling, in a 10 MiB body.
	answer := []byte(`{"token_type":"bearer","expires_in":1e10,"access_token":"` + strings.Repeat(`<&>\"`, 2<<20) + `"}`)
	var tokens atomic.Int32
	front := hostileFront(t, sbURL, func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasSuffix(r.URL.Path, "/token") {
			return false
		}
		tokens.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(answer)
		return true
	})
	peak := watchHeap(t)
	// resource.Test, not ParallelTest: the heap measured is this test's.
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Providers, Steps: []resource.TestStep{{
		Config: sellercloudPasswordProvider(front.URL) + `
data "commerce_customers" "a" {}
data "commerce_customers" "b" {}
data "commerce_customer" "c" { id = "10001" }
`,
		ExpectError: acctest.ErrorLike(`(GET|POST) .*the token endpoint issued an access token of 8388608 bytes, more than the 64 KiB a token may have; it was not used`),
	}}})
	t.Logf("token requests: %d; peak heap in use while the provider ran: %d MiB", tokens.Load(), peak()>>20)
	assert.EqualValues(t, 1, tokens.Load(), "one token request: a refused token is not asked for again")
	assert.Zero(t, sb.TotalRequests(), "no request left with the token")
	assert.Less(t, peak(), uint64(200<<20), "the heap stays bounded")
}

// TestAccLies_waitsAreClamped (issue 19, case 8): a 429 whose wait
// overflows (Retry-After: 1e10, inf; Ratelimit-Reset of 10^19 seconds;
// RateLimitResetTime in the year 9999) gives up at once, naming the wait:
// one request. A reset of 0 or in the past waits a second each time, so a
// server that always says so gets at most about one request a second until
// max_rate_limit_wait; an X-RateLimit-Reset above 10^9 is a Unix time.
func TestAccLies_waitsAreClamped(t *testing.T) {
	_, sbURL := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	var header atomic.Value // [2]string{name, value}; "" = honest
	var body atomic.Value
	var limited atomic.Int32
	front := hostileFront(t, sbURL, func(w http.ResponseWriter, r *http.Request) bool {
		h, _ := header.Load().([2]string)
		b, _ := body.Load().(string)
		if !strings.HasSuffix(r.URL.Path, "/Customers") || (h[0] == "" && b == "") {
			return false
		}
		if h[0] == "X-Ratelimit-Reset" && h[1] == "now+1" { // a Unix time, once
			header.Store([2]string{})
			h[1] = strconv.FormatInt(time.Now().Add(time.Second).Unix(), 10)
		}
		limited.Add(1)
		if h[0] != "" {
			w.Header().Set(h[0], h[1])
		}
		status := http.StatusTooManyRequests
		if b != "" {
			status = http.StatusConflict // Sellercloud's throttle body
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(b))
		return true
	})
	host := regexp.QuoteMeta(strings.TrimPrefix(front.URL, "http://"))
	// Each step's rate-limited requests are counted when the next starts
	// (a step that expects an error runs no Check).
	atMost := -1
	checkPrevious := func() {
		if atMost >= 0 {
			n := int(limited.Load())
			assert.Positive(t, n)
			assert.LessOrEqual(t, n, atMost, "rate-limited requests")
		}
	}
	step := func(name, value, bdy, extra, expect string, most int) resource.TestStep {
		s := resource.TestStep{
			PreConfig: func() {
				checkPrevious()
				limited.Store(0)
				header.Store([2]string{name, value})
				body.Store(bdy)
				atMost = most
			},
			Config: sellercloudProvider(front.URL, extra) + `data "commerce_customers" "all" {}`,
		}
		if expect != "" {
			s.ExpectError = acctest.ErrorLike(host + `: GET /Customers: HTTP 4\d\d .*` + expect)
		}
		return s
	}
	gaveUp := `gave up without waiting: the server asks for a wait past any limit \(%s\), past max_rate_limit_wait \(10m0s; 0s waited before\)`
	var steps []resource.TestStep
	for _, h := range [][2]string{{"Retry-After", "1e10"}, {"Retry-After", "inf"}, {"Ratelimit-Reset", "1e19"}, {"Retry-After", "NaN"}} {
		steps = append(steps, step(h[0], h[1], "", "", fmt.Sprintf(gaveUp, regexp.QuoteMeta(h[0]+": "+h[1])), 1))
	}
	steps = append(steps,
		step("", "", `{"Error":"Too many requests.","RateLimitResetTime":"9999-12-31T23:59:59.0000000Z"}`, "",
			`gave up without waiting: the server asks for a wait past any limit \(RateLimitResetTime: 9999-12-31T23:59:59\.0000000Z\)`, 1),
		// Every answer says "now": a request a second, not every 100 ms.
		step("Retry-After", "0", "", `max_rate_limit_wait = "3s"`,
			`gave up without waiting: the server asks for a wait of 1s \(Retry-After: 0\), past max_rate_limit_wait \(3s; 3s waited before\)`, 4),
		step("Retry-After", time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat), "", `max_rate_limit_wait = "2s"`,
			`gave up without waiting: the server asks for a wait of 1s`, 3),
		// A Unix time a second ahead: waited out, then the read succeeds.
		step("X-Ratelimit-Reset", "now+1", "", "", "", 1),
	)
	acctest.Test(t, steps...)
	checkPrevious()
}

// tokenRewriter is a front for a token endpoint (Sellercloud's /token, or
// Adobe IMS's) that rewrites the expires_in of every token it passes on,
// and counts the token requests.
func tokenRewriter(t *testing.T, sbURL, suffix string, expiresIn any) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	target, err := url.Parse(sbURL)
	require.NoError(t, err)
	var tokens atomic.Int32
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		if !strings.HasSuffix(resp.Request.URL.Path, suffix) || resp.StatusCode != http.StatusOK {
			return nil
		}
		tokens.Add(1)
		var tok map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil {
			return err
		}
		_ = resp.Body.Close()
		tok["expires_in"] = expiresIn
		b, _ := json.Marshal(tok)
		resp.Body = io.NopCloser(bytes.NewReader(b))
		resp.ContentLength = int64(len(b))
		resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
		return nil
	}
	front := httptest.NewServer(proxy)
	t.Cleanup(front.Close)
	return front, &tokens
}

// TestAccLies_expiresInCannotCostATokenPerRequest (issue 19, case 9): an
// expires_in of 1e10 (which wrapped the expiry into the past), 1e400, a
// numeric string, 0, a negative number, a word, or a nanosecond: whatever
// the token endpoint says, one terraform apply of a 14-page lookup and 5
// resources asks Sellercloud's /token for at most 2 tokens, and one of
// Adobe's list with its detail reads asks IMS for at most 2.
func TestAccLies_expiresInCannotCostATokenPerRequest(t *testing.T) {
	for _, expiresIn := range []any{1e10, json.RawMessage(`1e400`), "3600", "1e10", 0, -5, "soon", 1e-9} {
		name := fmt.Sprint(expiresIn)
		if raw, ok := expiresIn.(json.RawMessage); ok {
			name = string(raw)
		}
		t.Run(name, func(t *testing.T) {
			acctest.SkipUnlessAcc(t)
			t.Parallel()
			sb, sbURL := acctest.StartSandbox(t, sandbox.Options{Customers: 5, Seed: map[string]int{"sellercloud": 137}})
			sc, scTokens := tokenRewriter(t, sbURL, "/token", expiresIn)
			ims, imsTokens := tokenRewriter(t, sbURL, "/ims/token/v3", expiresIn)
			for _, run := range []struct {
				name, config string
				tokens       *atomic.Int32
			}{
				{"sellercloud", sellercloudPasswordProvider(sc.URL) + `
data "commerce_customers" "all" {
  page_size = 10
}
resource "commerce_customer" "bulk" {
  count       = 5
  customer_id = tostring(10001 + count.index)
  comments    = "one token"
}
`, scTokens},
				{"adobe_vip", adobeOAuthProvider(sbURL, fmt.Sprintf("ims_url = %q", ims.URL+sandbox.AdobeIMSRoot)) + `
data "commerce_customers" "adobe" {
  include_details = true
}
`, imsTokens},
			} {
				tf := acctest.NewCLI(t)
				ctx := acctest.CommandContext(t)
				tf.Write("main.tf", acctest.CLIHeader+run.config)
				require.NoError(t, tf.Init(ctx, tf.Reattach), tf.Output())
				sb.ResetCounts()
				run.tokens.Store(0)
				require.NoError(t, tf.Apply(ctx, tf.Reattach), tf.Output())
				t.Logf("expires_in %s, %s: %d token requests in one apply of %d requests", name, run.name, run.tokens.Load(), sb.TotalRequests())
				assert.Positive(t, run.tokens.Load(), run.name)
				assert.LessOrEqual(t, run.tokens.Load(), int32(2), run.name)
			}
		})
	}
}

// TestAccLies_proxyRefusalNamesTheProxy (issue 19, case 10): with
// HTTPS_PROXY pointing at a proxy that refuses the CONNECT, the error says
// that the proxy refused, naming its host and port and HTTPS_PROXY, never
// its user info, and is not read as the API's answer; with NO_PROXY naming
// the API's host the proxy is not used at all. Go reads the proxy settings
// once per process, so each configuration runs the terraform CLI from a
// child process of this test.
func TestAccLies_proxyRefusalNamesTheProxy(t *testing.T) {
	if os.Getenv("COMMERCE_PROXY_CHILD") != "" {
		cli := newLoggedCLI(t, "")
		err := cli.apply(t, acctest.ProviderBlock(`base_url = "https://api.sellercloud.invalid/rest/api"`, `username = "someone"`, `password = "pw-never-sent"`)+
			`data "commerce_customers" "all" {}`)
		require.Error(t, err)
		fmt.Printf("OUTPUT<<%s>>\n", cli.tf.Output())
		return
	}
	acctest.SkipUnlessAcc(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	var mu sync.Mutex
	var lines []string
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			line, _ := bufio.NewReader(conn).ReadString('\n')
			mu.Lock()
			lines = append(lines, strings.TrimSpace(line))
			mu.Unlock()
			_, _ = conn.Write([]byte("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"))
			_ = conn.Close()
		}
	}()
	run := func(noProxy string) string {
		cmd := exec.Command(os.Args[0], "-test.run=^TestAccLies_proxyRefusalNamesTheProxy$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "COMMERCE_PROXY_CHILD=1", "HTTPS_PROXY=http://proxyuser:proxypass@"+ln.Addr().String(),
			"https_proxy=", "NO_PROXY="+noProxy, "no_proxy=")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
		return string(out)
	}
	out := run("")
	assert.Regexp(t, acctest.ErrorLike(`api\.sellercloud\.invalid: POST /token: the proxy `+regexp.QuoteMeta(ln.Addr().String())+
		` \(from HTTPS_PROXY\) refused to open a tunnel to api\.sellercloud\.invalid:443: HTTP 403 Forbidden; the request did not reach the API`), out)
	for _, secret := range []string{"proxyuser", "proxypass", "pw-never-sent"} {
		assert.NotContains(t, out, secret)
	}
	mu.Lock()
	assert.Equal(t, []string{"CONNECT api.sellercloud.invalid:443 HTTP/1.1"}, lines, "one CONNECT, not retried, no request in the clear")
	lines = nil
	mu.Unlock()

	out = run("api.sellercloud.invalid")
	assert.Regexp(t, acctest.ErrorLike(`cannot resolve host "api\.sellercloud\.invalid" \(no such host\)`), out)
	assert.NotContains(t, out, "the proxy ")
	mu.Lock()
	assert.Empty(t, lines, "NO_PROXY: the proxy was not used")
	mu.Unlock()
}

// watchHeap samples the heap in use until the test ends, and returns the
// peak so far.
func watchHeap(t *testing.T) func() uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	t.Cleanup(func() { close(done); <-stopped })
	return peak.Load
}
