package customerstf_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

func TestMain(m *testing.M) { acctest.Main(m) }

// sellercloudPage matches the requests for page n of Sellercloud's customer
// list (a sandbox.Fault's Match).
func sellercloudPage(n string) func(*http.Request) bool {
	return func(r *http.Request) bool { return r.URL.Query().Get("model.pageNumber") == n }
}

const oneCustomer = `
data "commerce_customers" "one" {
  max_results = 1
}
`

// sparsePlatforms are the platforms whose lists are sparse, where
// include_details reads each customer's full record.
func sparsePlatforms() []string {
	var out []string
	for _, p := range tfkit.Platforms {
		if p.Details {
			out = append(out, p.Name)
		}
	}
	return out
}

func mustCustomer(t *testing.T, sb *sandbox.Server, id int) sandbox.SellercloudCustomer {
	t.Helper()
	c, ok := sb.SellercloudCustomer(id)
	require.True(t, ok, "sandbox has no customer %d", id)
	return c
}
