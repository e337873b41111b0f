package provider

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// withCustomers builds the customers list without the framework's reflection
// (for speed); it must give exactly the value State.Set gave from
// []customerModel: same values, nulls for missing fields, same order.
func TestWithCustomersMatchesReflection(t *testing.T) {
	ctx := context.Background()
	var sresp datasource.SchemaResponse
	NewCustomersDataSource().Schema(ctx, datasource.SchemaRequest{}, &sresp)
	null := tftypes.NewValue(sresp.Schema.Type().TerraformType(ctx), nil)

	list := []customers.Customer{
		{ID: "10001", Name: "Ava Smith", FirstName: "Ava", LastName: "Smith", Email: "ava@example.com", EmailCC: "cc@example.com",
			Phone: "+1 555", CompanyName: "Acme", CustomerType: "Wholesale", Rating: "Satisfied", Status: "active",
			CreatedAt: "2024-01-02T03:04:05Z", UpdatedAt: "2024-02-03T04:05:06Z", ExternalID: "ext-1", Raw: json.RawMessage(`{"UserID":10001}`)},
		{ID: "10002"}, // every other field missing: null, not ""
		{ID: "10003", Email: "x@example.com", Raw: json.RawMessage(`{}`)},
	}
	for _, tc := range []struct {
		name string
		in   []customers.Customer
	}{{"several", list}, {"none", []customers.Customer{}}} {
		t.Run(tc.name, func(t *testing.T) {
			want := tfsdk.State{Schema: sresp.Schema, Raw: null}
			models := make([]customerModel, len(tc.in))
			for i, c := range tc.in {
				models[i] = customerToModel(c)
			}
			if diags := want.SetAttribute(ctx, path.Root("customers"), models); diags.HasError() {
				t.Fatal(diags)
			}
			// Start, as Read does, from a state whose list is null.
			base := tfsdk.State{Schema: sresp.Schema, Raw: null}
			if diags := base.SetAttribute(ctx, path.Root("customers"), types.ListNull(types.ObjectType{AttrTypes: customerAttrTypes})); diags.HasError() {
				t.Fatal(diags)
			}
			got, err := withCustomers(base.Raw, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want.Raw) {
				t.Errorf("withCustomers gave\n%s\nwant (State.Set from []customerModel)\n%s", got, want.Raw)
			}
		})
	}
}
