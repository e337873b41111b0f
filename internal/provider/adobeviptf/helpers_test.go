package adobeviptf_test

import (
	"testing"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

func TestMain(m *testing.M) { acctest.Main(m) }

// platform is the platform of commerce_adobe_vip_customer, kit its sandbox
// kit.
var (
	platform = adobevip.Description.Name
	kit      = sandbox.KitFor(platform)
)

// The routes of Adobe's customer accounts on the sandbox.
var (
	adobeListRoute = kit.ListRoute
	adobeGetRoute  = kit.GetRoute
)

func adobeProvider(baseURL string, extra ...string) string {
	return acctest.SandboxProvider(platform, baseURL, extra...)
}
