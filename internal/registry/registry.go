// Package registry lists every platform a provider block can talk to, each
// described in its own package: its Description and how to open a client for
// it from the provider settings. The Terraform face builds the provider
// schema, the filter checks and the docs by iterating it, and the benchmarks
// open the clients from it. Adding a platform is a new package and one line
// here. It has no Terraform imports.
package registry

import (
	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/connect"
	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
	"github.com/commercetf/terraform-provider-commerce/internal/truto"
)

// Platform is one entry of the registry: a platform's description and how
// to open a client for it from the provider settings.
type Platform struct {
	*customers.Description
	Open func(customers.Settings, httpclient.Config) (customers.Platform, error)
}

// Platforms are the registered platforms; the first is the default.
var Platforms = []Platform{
	{&sellercloud.Description, sellercloud.Open},
	{&adobevip.Description, adobevip.Open},
	{&connect.Description, connect.Open},
	{&truto.Description, truto.Open},
}

func init() {
	for _, p := range Platforms {
		if err := p.Validate(); err != nil {
			panic(err) // a description that cannot work: fail every test at once
		}
	}
}
