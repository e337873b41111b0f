package bench

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/registry"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// platform is one platform as the benchmarks read it from the sandbox: its
// client opened through the platform's Open, as the provider's Configure
// opens it, and the same settings as a provider block.
type platform struct {
	name string
	// platform is the provider block's platform.
	platform string
	// paging is "page" or "offset" (pages after the first are fetched at
	// once) or "cursor" (one page after another).
	paging string
	// tokenRequests is what authentication costs before the first page.
	tokenRequests int
	// tokenConns are the connections those requests open besides the
	// list's: one each when the token comes from another origin (Adobe's
	// IMS), none when it comes from the API's own root.
	tokenConns int
	// listRoute is the sandbox route of the list endpoint.
	listRoute string
	open      testutil.OpenFunc
	// settings are the provider settings for the sandbox at a base URL.
	settings func(baseURL string) customers.Settings
	// variant is a second way to authenticate on a platform already read
	// through the Terraform face, which BenchmarkProviderRead leaves out.
	variant bool
}

// client opens the platform's client on the sandbox; transport nil means
// the HTTP layer's own.
func (p platform) client(tb testing.TB, baseURL string, concurrency int, transport http.RoundTripper) customers.Platform {
	tb.Helper()
	return testutil.Open[customers.Platform](tb, p.open, p.settings(baseURL), httpclient.Config{Concurrency: concurrency, Transport: transport})
}

// providerConfig is the provider block for the sandbox, as tftypes values.
func (p platform) providerConfig(baseURL string) map[string]tftypes.Value {
	config := map[string]tftypes.Value{"platform": tftypes.NewValue(tftypes.String, p.platform)}
	for name, v := range p.settings(baseURL) {
		config[name] = tftypes.NewValue(tftypes.String, v)
	}
	return config
}

// platforms are the registered platforms in the registry's order, each
// followed by its other logins on the sandbox (its kit's), as variants.
var platforms = func() []platform {
	var out []platform
	for _, r := range registry.Platforms {
		k := sandbox.KitFor(r.Name)
		p := platform{name: r.Name, platform: r.Name, paging: string(r.Paging), listRoute: k.ListRoute, open: r.Open,
			settings: func(baseURL string) customers.Settings { return k.Settings(baseURL) }}
		out = append(out, p)
		for _, l := range k.Logins {
			v := p
			v.name, v.tokenRequests, v.variant = r.Name+"_"+l.Name, l.TokenRequests, true
			if !strings.HasPrefix(l.TokenRoute, "POST "+k.Root+"/") {
				v.tokenConns = l.TokenRequests
			}
			v.settings = func(baseURL string) customers.Settings { return l.Settings(baseURL) }
			out = append(out, v)
		}
	}
	return out
}()
