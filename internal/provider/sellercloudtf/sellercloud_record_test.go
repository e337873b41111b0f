package sellercloudtf

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/customerstf"
)

// TestCustomerDataSourceSchema_readOnlyWording checks that every field of the
// Sellercloud record is described as read (where it comes from in GET
// /Customers/{id}), not with the resource's wording about sending it.
func TestCustomerDataSourceSchema_readOnlyWording(t *testing.T) {
	var resp datasource.SchemaResponse
	customerstf.NewCustomerDataSource(Record)().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	for _, f := range sellercloudFieldTable {
		name := f.Attr
		require.NotNil(t, f.Data, "%s is not in the data source", name)
		assert.NotEmpty(t, f.Data.Doc, "%s has no read-only description", name)
		desc := resp.Schema.Attributes[name].GetMarkdownDescription()
		assert.NotContains(t, desc, "PUT", "%s: %s", name, desc)
		assert.NotContains(t, desc, "leaves", "%s: %s", name, desc)
		assert.NotContains(t, desc, "is not a change", "%s: %s", name, desc)
		nested, _ := resp.Schema.Attributes[name].(dschema.SingleNestedAttribute)
		require.Equal(t, len(f.Parts), len(nested.Attributes), "%s: the parts", name)
		for part, a := range nested.Attributes {
			desc := a.GetMarkdownDescription()
			assert.NotEmpty(t, desc, "%s.%s has no read-only description", name, part)
			assert.NotContains(t, desc, "managed", "%s.%s: %s", name, part, desc)
			assert.NotContains(t, desc, "is not a change", "%s.%s: %s", name, part, desc)
		}
	}
}
