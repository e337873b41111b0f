package provider

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

// TestProviderVariables_oneList: the provider's variables come from one list
// (Variables, built from the platforms' descriptions): every setting
// of every platform has its platform-scoped variable and its generic one,
// every name has the prefix by which the Makefile clears them all, no name
// twice, and the docs name each one.
func TestProviderVariables_oneList(t *testing.T) {
	vars := Variables()
	names := map[string]bool{}
	for _, v := range vars {
		assert.True(t, strings.HasPrefix(v.Name, customers.EnvPrefix), v.Name)
		assert.False(t, names[v.Name], "%s twice", v.Name)
		names[v.Name] = true
	}
	for _, p := range tfkit.Platforms {
		for _, s := range p.Settings {
			assert.True(t, names[p.Env(envSuffix(s.Attr))], "%s: %s has no variable of its own", p.Name, s.Attr)
			assert.True(t, names["COMMERCE_"+envSuffix(s.Attr)], "%s has no generic variable", s.Attr)
		}
	}
	for _, want := range []string{"COMMERCE_PLATFORM", "COMMERCE_TRUTO_TOKEN", "COMMERCE_ADOBE_VIP_CLIENT_SECRET", "COMMERCE_SELLERCLOUD_SERVER_ID",
		"COMMERCE_CONNECT_BASE_URL", "COMMERCE_SELLERCLOUD_MAX_RPS", "COMMERCE_MAX_RPS", "COMMERCE_BASE_URL"} {
		assert.True(t, names[want], want)
	}

	docs, err := os.ReadFile("../../docs/index.md")
	require.NoError(t, err)
	for name := range names {
		assert.True(t, strings.Contains(string(docs), "`"+name+"`"), "docs/index.md names %s (make generate)", name)
	}

	// The Makefile clears them by prefix, not by a hand-kept list.
	makefile, err := os.ReadFile("../../GNUmakefile")
	require.NoError(t, err)
	recipe := string(makefile)[strings.Index(string(makefile), "\ntestacc-live-sandbox:"):]
	recipe = recipe[:strings.Index(recipe, "\n\n")]
	assert.Contains(t, recipe, `s/^\(COMMERCE_[A-Za-z0-9_]*\)=.*/\1/p'); do unset $$v; done`)
	assert.NotContains(t, recipe, "unset COMMERCE_", "a hand-kept list of variables")
}

// TestDocs_guides: the three guides are rendered into docs/guides by
// tfplugindocs (make generate; make docs-check fails when they are stale),
// each with its title, and what they promise is on the page.
func TestDocs_guides(t *testing.T) {
	for file, wants := range map[string][]string{
		"several-platforms.md":           {`page_title: "Several platforms with aliases and environment variables"`, "COMMERCE_<PLATFORM>_<SETTING>", "provider \"commerce\" {\n  alias    = \"adobe\""},
		"adopting-customers-at-scale.md": {`page_title: "Adopting customers at scale with terraform query"`, "terraform query -generate-config-out=generated.tf", `list "commerce_customer" "wholesale"`},
		"troubleshooting.md":             {`page_title: "Troubleshooting"`, "TF_LOG_PROVIDER_COMMERCE_HTTP=DEBUG", "@module=commerce.http"},
	} {
		b, err := os.ReadFile("../../docs/guides/" + file)
		require.NoError(t, err, "docs/guides/%s: run make generate", file)
		for _, want := range wants {
			assert.Contains(t, string(b), want, file)
		}
	}
}
