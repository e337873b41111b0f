package provider_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

const countAllUnique = `
data "commerce_customers" "all" {
  page_size = 10
}
output "unique" {
  value = length(distinct(data.commerce_customers.all.customers[*].id))
}
`

// TestAccReliability_readSurvivesRateLimits: the sandbox answers every third
// call with Sellercloud's 429 body; a 500-customer read still returns all.
func TestAccReliability_readSurvivesRateLimits(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 500})
	sb.SetRateLimit(3, 200*time.Millisecond)
	acctest.Test(t, resource.TestStep{
		Config:            sellercloudProvider(url, "max_retries = 0") + countAllUnique,
		ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("unique", knownvalue.Int64Exact(500))},
		// Every read asks for each of the 50 pages at least once; the
		// calls beyond that are the retries after a 429.
		Check: func(*terraform.State) error {
			perPage := map[string]int{}
			for _, r := range sb.Requests() {
				if r.Pattern == listRoute {
					perPage[r.Query.Get("model.pageNumber")]++
				}
			}
			reads, total := -1, 0
			for _, n := range perPage {
				total += n
				if reads < 0 || n < reads {
					reads = n
				}
			}
			if len(perPage) != 50 || total-50*reads < total/4 {
				return fmt.Errorf("%d list calls over %d pages for %d reads: the 429s were not retried", total, len(perPage), reads)
			}
			return nil
		},
	})
}

// TestAccReliability_serverErrorThenSuccess: a 503 on a page is retried.
func TestAccReliability_serverErrorThenSuccess(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 40})
	sb.InjectFault(sandbox.Fault{
		Match:  sellercloudPage("3"),
		Status: http.StatusServiceUnavailable,
		Times:  2,
	})
	acctest.Test(t, resource.TestStep{
		Config:            sellercloudProvider(url) + countAllUnique,
		ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("unique", knownvalue.Int64Exact(40))},
		Check: func(*terraform.State) error {
			if got := sb.Count(listRoute); got != 4+2 {
				return fmt.Errorf("%d list calls, want 6 (4 pages + 2 retries)", got)
			}
			return nil
		},
	})
}

// TestAccReliability_timeoutThenSuccess: one attempt stalls past
// request_timeout; the retry succeeds. The stalled attempt waits until the
// provider abandons it; the timeout leaves every other attempt ample time on
// a loaded machine, so the counts below are exact.
func TestAccReliability_timeoutThenSuccess(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 30})
	sb.InjectFault(sandbox.Fault{
		Match: sellercloudPage("2"),
		Delay: time.Hour,
		Times: 1,
	})
	acctest.Test(t, resource.TestStep{
		Config:            sellercloudProvider(url, `request_timeout = "3s"`) + countAllUnique,
		ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("unique", knownvalue.Int64Exact(30))},
		// Without the timeout the stalled attempt would simply succeed
		// late; page 2 asked once more than page 1 shows it was retried.
		Check: func(*terraform.State) error {
			pages := map[string]int{}
			for _, r := range sb.Requests() {
				pages[r.Query.Get("model.pageNumber")]++
			}
			if pages["2"] != pages["1"]+1 {
				return fmt.Errorf("page 1 asked %d times, page 2 %d times; want one retry of page 2", pages["1"], pages["2"])
			}
			return nil
		},
	})
}

// TestAccReliability_tokenExpiresMidRead: with username/password, the token
// dies while pages are read; it is renewed once and the read completes.
func TestAccReliability_tokenExpiresMidRead(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 137})
	acctest.ExpireTokensOn(sb, sellercloudPage("5"), 1)
	cfg := sellercloudPasswordProvider(url, "max_concurrency = 1")
	acctest.Test(t, resource.TestStep{
		Config:            cfg + countAllUnique,
		ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownOutputValue("unique", knownvalue.Int64Exact(137))},
		Check: func(*terraform.State) error {
			if got := sb.Count("POST " + sandbox.SellercloudRoot + "/token"); got != 2 {
				return fmt.Errorf("%d token requests, want 2 (first token, one renewal)", got)
			}
			return nil
		},
	})
}

// TestAccReliability_applyOf50ResourcesSurvivesRateLimits: 50 customers are
// updated in one apply (terraform runs 10 at a time) while every third call
// is answered 429; all 50 updates land.
func TestAccReliability_applyOf50ResourcesSurvivesRateLimits(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 60})
	sb.SetRateLimit(3, 200*time.Millisecond)
	ids := sb.SellercloudIDs()[:50]
	var list []string
	for _, id := range ids {
		list = append(list, fmt.Sprintf("%q", fmt.Sprint(id)))
	}
	cfg := sellercloudProvider(url, "max_retries = 0") + fmt.Sprintf(`
locals {
  ids = [%s]
}
resource "commerce_customer" "bulk" {
  count       = length(local.ids)
  customer_id = local.ids[count.index]
  comments    = "updated in bulk"
}
`, strings.Join(list, ", "))
	acctest.Test(t, resource.TestStep{
		Config: cfg,
		Check: func(*terraform.State) error {
			for _, id := range ids {
				c, ok := sb.SellercloudCustomer(id)
				if !ok || c.Comment != "updated in bulk" {
					return fmt.Errorf("customer %d: comment %q, want the bulk update", id, c.Comment)
				}
			}
			limited := 0
			for _, r := range sb.Requests() {
				if strings.Contains(r.Pattern, "/Customers/{id}") {
					limited++
				}
			}
			if limited < 150 {
				return fmt.Errorf("only %d calls: the rate limit did not bite", limited)
			}
			return nil
		},
	})
}

// TestAccReliability_tokenExpiresMidApply: with username/password, every
// token dies after the tenth update of a 20-resource apply; the provider
// renews once (not once per resource) and all 20 updates land.
func TestAccReliability_tokenExpiresMidApply(t *testing.T) {
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 20})
	acctest.ExpireTokensOn(sb, acctest.IsMethod(http.MethodPut), 10)
	cfg := sellercloudPasswordProvider(url) + `
locals {
  ids = [for i in range(10001, 10021) : tostring(i)]
}
resource "commerce_customer" "bulk" {
  count       = length(local.ids)
  customer_id = local.ids[count.index]
  comments    = "renewed mid-apply"
}
`
	acctest.Test(t, resource.TestStep{
		Config: cfg,
		Check: func(*terraform.State) error {
			for _, id := range sb.SellercloudIDs() {
				if c, _ := sb.SellercloudCustomer(id); c.Comment != "renewed mid-apply" {
					return fmt.Errorf("customer %d was not updated", id)
				}
			}
			// The plan reads the customers to adopt with a token of its
			// own; the apply, another provider process, gets one and
			// renews it once.
			if got := sb.Count("POST " + sandbox.SellercloudRoot + "/token"); got != 3 {
				return fmt.Errorf("%d token requests, want 3 (the plan's, the apply's first token, one shared renewal)", got)
			}
			return nil
		},
	})
}
