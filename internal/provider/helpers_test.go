package provider_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/connect"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
	"github.com/commercetf/terraform-provider-commerce/internal/truto"
)

func TestMain(m *testing.M) { acctest.Main(m) }

// The provider's own tests run on the platforms whose behaviour they
// exercise: Sellercloud's (the default platform, with a token and with a
// username and password) and Adobe's blocks.

func sellercloudProvider(baseURL string, extra ...string) string {
	return acctest.SandboxProvider(sellercloud.Description.Name, baseURL, extra...)
}

func adobeProvider(baseURL string, extra ...string) string {
	return acctest.SandboxProvider(adobevip.Description.Name, baseURL, extra...)
}

func sellercloudPasswordProvider(baseURL string, extra ...string) string {
	return acctest.LoginProvider(sellercloud.Description.Name, "password", baseURL, extra...)
}

// sellercloudPage matches the requests for page n of Sellercloud's customer
// list (a sandbox.Fault's Match).
func sellercloudPage(n string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.URL.Query().Get("model.pageNumber") == n }
}

func connectProvider(baseURL string, extra ...string) string {
	return acctest.SandboxProvider(connect.Description.Name, baseURL, extra...)
}

func trutoProvider(baseURL string, extra ...string) string {
	return acctest.SandboxProvider(truto.Description.Name, baseURL, extra...)
}

// listRoute is Sellercloud's list on the sandbox, adobePatchRoute Adobe's
// update of an account.
var (
	listRoute       = sandbox.KitFor(sellercloud.Description.Name).ListRoute
	adobePatchRoute = "PATCH " + sandbox.AdobeVIPRoot + "/v3/customers/{id}"
)

func mustAdobe(t *testing.T, sb *sandbox.Server, id string) sandbox.AdobeCustomer {
	t.Helper()
	c, ok := sb.AdobeCustomer(id)
	require.True(t, ok, "sandbox has no Adobe customer %s", id)
	return c
}

func mustCustomer(t *testing.T, sb *sandbox.Server, id int) sandbox.SellercloudCustomer {
	t.Helper()
	c, ok := sb.SellercloudCustomer(id)
	require.True(t, ok, "sandbox has no customer %d", id)
	return c
}

// customerListBlock is a list block of commerce_customer.
func customerListBlock(name string, lines ...string) string {
	return "list \"commerce_customer\" \"" + name + "\" {\n  provider = commerce\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}
