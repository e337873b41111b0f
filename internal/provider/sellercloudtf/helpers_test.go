package sellercloudtf_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

func TestMain(m *testing.M) { acctest.Main(m) }

// platform is the platform of commerce_customer, kit its sandbox kit.
var (
	platform = sellercloud.Description.Name
	kit      = sandbox.KitFor(platform)
)

// The routes of Sellercloud's customers on the sandbox.
var (
	customerListRoute = kit.ListRoute
	customerGetRoute  = kit.GetRoute
	customerPutRoute  = "PUT " + sandbox.SellercloudRoot + "/Customers/{id}"
)

func sellercloudProvider(baseURL string, extra ...string) string {
	return acctest.SandboxProvider(platform, baseURL, extra...)
}

// expectRequests checks the customer GET and PUT counts since the last
// reset, then resets them (acctest.ExpectRequests).
func expectRequests(sb *sandbox.Server, what string, gets, puts int) plancheck.PlanCheck {
	return acctest.ExpectRequests(sb, what, customerGetRoute, gets, customerPutRoute, puts)
}

// listServer is the protocol server configured for the sandbox's
// Sellercloud (extra settings added), and its schemas.
func listServer(t *testing.T, url string, extra map[string]tftypes.Value) (tfprotov6.ProviderServer, *tfprotov6.GetProviderSchemaResponse) {
	t.Helper()
	return acctest.SandboxServer(t, platform, url, extra)
}

// sellercloudPage matches the requests for page n of Sellercloud's customer
// list (a sandbox.Fault's Match).
func sellercloudPage(n string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.URL.Query().Get("model.pageNumber") == n }
}

// expectWrites checks every write the sandbox received since the last
// reset, in order, as "PUT /Customers/{id}/OrderOptions {json}": the route
// under Sellercloud's root and the body with its keys sorted; then it
// resets the counts. gets is how many customer GETs came with them (-1:
// any).
func expectWrites(sb *sandbox.Server, what string, gets int, want ...string) plancheck.PlanCheck {
	return acctest.PlanCheckFunc(func(plancheck.CheckPlanRequest) error {
		defer sb.ResetCounts()
		got := writesSince(sb)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("%s: the writes were\n  %s\nwant\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
		}
		if n := sb.Count(customerGetRoute); gets >= 0 && n != gets {
			return fmt.Errorf("%s: %d GET /Customers/{id}, want %d", what, n, gets)
		}
		return nil
	})
}

// writesSince lists the writes since the last reset as expectWrites spells
// them (the token requests left out).
func writesSince(sb *sandbox.Server) []string {
	var got []string
	for _, r := range sb.Requests() {
		if r.Method == http.MethodGet || !strings.Contains(r.Pattern, "/Customers") {
			continue
		}
		body := string(r.Body)
		var v any
		if json.Unmarshal(r.Body, &v) == nil {
			b, _ := json.Marshal(v) // maps marshal with sorted keys
			body = string(b)
		}
		got = append(got, strings.Replace(r.Pattern, sandbox.SellercloudRoot, "", 1)+" "+body)
	}
	return got
}

// rewriteJSON puts a proxy in front of the sandbox at url that lets edit
// change the JSON object of each answer (a Sellercloud that shows a record
// its own way), and returns the proxy's URL.
func rewriteJSON(t *testing.T, url string, edit func(r *http.Request, v map[string]any)) string {
	t.Helper()
	target, err := neturl.Parse(url)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(resp *http.Response) error {
		body, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil {
			return err
		}
		var v map[string]any
		if resp.StatusCode == http.StatusOK && json.Unmarshal(body, &v) == nil {
			edit(resp.Request, v)
			if body, err = json.Marshal(v); err != nil {
				return err
			}
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
		return nil
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	return srv.URL
}
