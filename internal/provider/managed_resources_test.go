package provider_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// TestList_resourceObjectIsWhatAnImportReads: the resource object a list
// result carries is the state an import of the same customer reads (the
// identity the result names, imported and read through the protocol
// server), for both managed resources, on customers with every field set
// and with few.
func TestList_resourceObjectIsWhatAnImportReads(t *testing.T) {
	ctx := context.Background()
	sb, url := acctest.StartSandbox(t, sandbox.Options{Customers: 6})
	for _, c := range sb.AdobeCustomers() { // Adobe lists only active accounts when status is not set
		sb.ChangeAdobeCustomer(c.CustomerID, func(c *sandbox.AdobeCustomer) { c.Status = "1000" })
	}
	sb.ChangeSellercloudCustomer(10001, func(c *sandbox.SellercloudCustomer) {
		c.Title, c.EmailCC, c.CorporateName, c.BusinessAliases, c.SourceID, c.IsWholesale, c.CompanyID = "Mx.", "a@x.com; b@x.com", "Engines Ltd", []string{"Engines", "AE"}, "src-1", true, 3
		c.AccountManagers = [3]sandbox.AccountManager{{ID: 7, Commission: 2.5}, {ID: 8, Commission: 1}}
		c.SalesMan, c.Comment, c.Phone1, c.Phone2, c.Phone3, c.Mobile, c.Fax = "Dana", "vip", "1", "2", "3", "4", "5"
	})
	sb.ChangeSellercloudCustomer(10002, func(c *sandbox.SellercloudCustomer) {
		*c = sandbox.SellercloudCustomer{ID: c.ID, CreatedOn: c.CreatedOn}
	})
	for _, tc := range []struct {
		typeName, platform string
	}{
		{"commerce_customer", sellercloud.Description.Name},
		{"commerce_adobe_vip_customer", adobevip.Description.Name},
	} {
		server, schemas := acctest.SandboxServer(t, tc.platform, url, nil)
		got, errs := acctest.QueryList(t, server, schemas, tc.typeName, 100, true)
		require.Empty(t, errs)
		require.NotEmpty(t, got)
		typ := schemas.ResourceSchemas[tc.typeName].ValueType()
		for _, res := range got {
			var ids map[string]tftypes.Value
			idValue, err := res.Identity.IdentityData.Unmarshal(identityType(t, server, tc.typeName))
			require.NoError(t, err)
			require.NoError(t, idValue.As(&ids))
			var id string
			require.NoError(t, ids["customer_id"].As(&id))
			imported, err := server.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: tc.typeName, ID: id})
			require.NoError(t, err)
			require.Empty(t, imported.Diagnostics)
			// As Terraform does, the import's private state goes to the read
			// (it marks the read of an import: every custom column is kept).
			read, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: tc.typeName,
				CurrentState: imported.ImportedResources[0].State, Private: imported.ImportedResources[0].Private})
			require.NoError(t, err)
			require.Empty(t, read.Diagnostics)
			want, err := read.NewState.Unmarshal(typ)
			require.NoError(t, err)
			have, err := res.Resource.Unmarshal(typ)
			require.NoError(t, err)
			assert.True(t, want.Equal(have), "%s %s:\n got %s\nwant %s", tc.typeName, id, have, want)
		}
	}
}

// identityType is the identity schema's type of a resource.
func identityType(t *testing.T, server tfprotov6.ProviderServer, typeName string) tftypes.Type {
	t.Helper()
	ids, err := server.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	require.NoError(t, err)
	return ids.IdentitySchemas[typeName].ValueType()
}
