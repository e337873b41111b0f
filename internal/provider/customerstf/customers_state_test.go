package customerstf

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// BenchmarkCustomersState is the provider's own share of a 10,000-customer
// read after the network phase: the state encoded as the msgpack Terraform
// receives, with the customers written into it (encodeState). make bench's
// ProviderRead row has the whole read.
func BenchmarkCustomersState(b *testing.B) {
	const n = 10000
	ctx := context.Background()
	var sresp datasource.SchemaResponse
	NewCustomersDataSource().Schema(ctx, datasource.SchemaRequest{}, &sresp)
	typ := sresp.Schema.Type().TerraformType(ctx)
	base := tfsdk.State{Schema: sresp.Schema, Raw: tftypes.NewValue(typ, nil)}
	diags := base.SetAttribute(ctx, path.Root("customers"), types.ListValueMust(customerObjectType, nil))
	require.False(b, diags.HasError(), diags)
	// Shaped like a Sellercloud list: five fields the list never carries stay
	// empty, and half the customers have no company.
	list := make([]customers.Customer, n)
	for i := range list {
		id := strconv.Itoa(10001 + i)
		c := customers.Customer{ID: id, Name: "Ava Smith", FirstName: "Ava", LastName: "Smith", Email: "ava.smith" + id + "@example.com",
			CustomerType: "Retail", Rating: "Satisfied",
			Raw: json.RawMessage(`{"UserID":` + id + `,"Email":"ava.smith` + id + `@example.com","FirstName":"Ava","LastName":"Smith","EmailCC":"","Rating":4,"CorporateName":"","IsWholeSaleUser":false,"IsWholesaleString":"No","CustomColumns":[]}`)}
		if i%2 == 0 {
			c.CompanyName = "Acme Supply"
		}
		list[i] = c
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// What the server does after Read (server.go): the state encoded
		// with the customers written straight into it.
		_, err := encodeState(typ, base.Raw, list)
		require.NoError(b, err)
	}
}

// customerColumns must list every attribute of a customers item once, in
// name order (encodeState writes objects in that order).
func TestCustomerColumnsCoverTheSchemaInOrder(t *testing.T) {
	var want []string
	for name := range customerAttributes() {
		want = append(want, name)
	}
	slices.Sort(want)
	var got []string
	for _, col := range customerColumns {
		got = append(got, col.name)
	}
	assert.Equal(t, want, got, "customerColumns")
}
