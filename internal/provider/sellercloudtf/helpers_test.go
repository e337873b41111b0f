package sellercloudtf_test

import (
	"net/http"
	"testing"

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
