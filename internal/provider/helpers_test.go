package provider_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
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

// platformChoices is how an error lists the registered platforms (a
// regular expression): "sellercloud", "adobe_vip", "connect" or "truto".
var platformChoices = func() string {
	names := tfkit.PlatformNames()
	for i, n := range names {
		names[i] = regexp.QuoteMeta(strconv.Quote(n))
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}()

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
