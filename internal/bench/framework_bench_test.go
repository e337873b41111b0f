package bench

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/commercetf/terraform-provider-commerce/internal/provider"
)

// BenchmarkFrameworkPath is the exit condition of server.go's first reason:
// the read of BenchmarkProviderRead (10,000 customers of the default
// platform, CPU and peak RSS of this process) served by the framework alone,
// without the provider's protocolServer, so that Read sets the customers
// with State.Set and the framework's passes over the result run. benchtable
// reports when it meets the provider's budget (1 s of CPU, 150 MB peak
// RSS): then server.go's customers list can go.
func BenchmarkFrameworkPath(b *testing.B) {
	const n = 10000
	p := platforms[0]
	b.Run(fmt.Sprintf("platform=%s/customers=%d", p.name, n), func(b *testing.B) {
		benchProviderRead(b, p, n, providerserver.NewProtocol6WithError(provider.New("bench")()))
	})
}
