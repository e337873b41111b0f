package sellercloudtf_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// cardWords are the names of CustomerCreditCardDto's members, which
// nothing the provider writes may contain (checked case-insensitively).
var cardWords = regexp.MustCompile(`(?i)credit_?cards?|card_?number|name_?on_?card|expiration_?(year|month)|\bcvv\b`)

// TestAccCustomer_creditCardsNowhere runs, with TF_LOG=TRACE, everything
// that reads a Sellercloud customer who has a stored credit card: adopting
// and updating it with commerce_customer, refreshing it, the
// commerce_customer data source with include_raw = true and its outputs,
// and an import with -generate-config-out; then greps the CLI's output,
// Terraform's and the provider's TRACE logs, the state, the saved plan as
// JSON and the generated configuration for the sandbox's fake card
// numbers and the card fields' names: they appear nowhere.
func TestAccCustomer_creditCardsNowhere(t *testing.T) {
	acctest.SkipUnlessAcc(t)
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 5})
	var cards []string
	for _, id := range []int{10001, 10004} {
		c := mustCustomer(t, sb, id)
		require.NotEmpty(t, c.CreditCards, "seed changed: customer %d should have a card", id)
		for _, cc := range c.CreditCards {
			cards = append(cards, cc.CardNumber)
		}
	}
	tf, traced := acctest.NewTracedCLI(t)
	ctx := acctest.CommandContext(t)
	tf.Write("main.tf", acctest.CLIHeader+sellercloudProvider(url)+`
resource "commerce_customer" "a" {
  customer_id   = "10001"
  comments      = "cards test"
  order_options = { disable_ship_notifications = true }
}
data "commerce_customer" "d" {
  id          = "10001"
  include_raw = true
}
output "raw" {
  value = data.commerce_customer.d.raw
}
output "record" {
  value = data.commerce_customer.d
}
import {
  to = commerce_customer.imported
  id = "10004"
}
`)
	require.NoError(t, tf.Init(ctx, tf.Reattach), "terraform init\n%s", tf.Output())
	_, err := tf.Plan(ctx, tf.Reattach, tfexec.GenerateConfigOut("generated.tf"), tfexec.Out("cards.tfplan"))
	require.NoError(t, err, "terraform plan -generate-config-out\n%s", tf.Output())
	plan, err := tf.ShowPlanFileRaw(ctx, "cards.tfplan", tf.Reattach)
	require.NoError(t, err, "terraform show\n%s", tf.Output())
	require.NoError(t, tf.Apply(ctx, tf.Reattach, tfexec.DirOrPlan("cards.tfplan")), "terraform apply\n%s", tf.Output())
	require.NoError(t, tf.Apply(ctx, tf.Reattach), "terraform apply (refresh, update)\n%s", tf.Output())
	out, err := tf.Terraform.Output(ctx)
	require.NoError(t, err, "terraform output")
	require.Contains(t, string(out["raw"].Value), "TaxExempt", "the raw record was read")
	state, err := os.ReadFile(filepath.Join(tf.Dir, "terraform.tfstate"))
	require.NoError(t, err)
	require.Equal(t, "cards test", mustCustomer(t, sb, 10001).Comment, "the update reached the sandbox")

	everything := map[string]string{
		"CLI output and TRACE logs": traced(), "state": string(state), "plan": plan,
		"generated configuration": tf.Generated(), "outputs": fmt.Sprint(out),
	}
	for where, text := range everything {
		for _, number := range cards {
			if strings.Contains(text, number) {
				t.Errorf("card number %s in the %s, near %q", number, where, around(text, number))
			}
		}
		if m := cardWords.FindAllString(text, 3); m != nil {
			assert.Fail(t, "card fields in the "+where, "%q near %q", m, around(text, m[0]))
		}
	}
}

// around is the text around the first occurrence of s, for a message.
func around(text, s string) string {
	i := strings.Index(text, s)
	return text[max(0, i-200):min(len(text), i+len(s)+200)]
}
