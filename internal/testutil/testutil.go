// Package testutil holds the helpers the tests of several packages share:
// the in-process sandbox with each platform's credentials on it, platform
// clients opened through each platform's own Open (as the provider opens
// them), customer ids, and the scripted transport and drivers of the
// platforms' fuzz tests. It is for tests only and imports nothing of
// Terraform, so every package below the provider may use it; the core
// (customers), the HTTP layer and the sandbox cannot, because it imports
// them.
package testutil

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// StartSandbox runs a sandbox seeded by opts for one test and stops it when
// the test ends; it returns the sandbox and its base URL.
func StartSandbox(tb testing.TB, opts sandbox.Options) (*sandbox.Server, string) {
	tb.Helper()
	sb := sandbox.New(opts)
	url, stop := sb.Start()
	tb.Cleanup(stop)
	return sb, url
}

// Settings are the provider settings that reach platform on a sandbox
// served at url, with the sandbox's default credentials: what a provider
// block for the sandbox sets, platform aside (the platform's sandbox kit).
func Settings(platform, url string) customers.Settings {
	return sandbox.KitFor(platform).Settings(url)
}

// OpenFunc is a platform package's Open: a client from the provider
// settings and the HTTP layer's configuration.
type OpenFunc func(customers.Settings, httpclient.Config) (customers.Platform, error)

// Open opens a platform client through the platform's Open, as the
// provider does, and returns it as the platform's own client type C.
func Open[C customers.Platform](tb testing.TB, open OpenFunc, s customers.Settings, hc httpclient.Config) C {
	tb.Helper()
	p, err := open(s, hc)
	require.NoError(tb, err)
	c, ok := p.(C)
	require.True(tb, ok, "Open returned a %T, not a %T", p, c)
	return c
}

// Retries is the HTTP configuration of tests against the sandbox: two
// retries a millisecond apart, so an injected fault costs milliseconds.
func Retries() httpclient.Config {
	return httpclient.Config{MaxRetries: 2, BackoffBase: time.Millisecond}
}

// OpenSandbox opens platform's client on the sandbox at url with the
// sandbox's credentials and quick retries.
func OpenSandbox[C customers.Platform](tb testing.TB, open OpenFunc, platform, url string) C {
	tb.Helper()
	return Open[C](tb, open, Settings(platform, url), Retries())
}
