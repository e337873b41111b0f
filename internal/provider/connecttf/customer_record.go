// Package connecttf is the Terraform face of Telness Tech Connect: its full
// record of a customer in the commerce_customer data source (the customer
// with its users, GET /customers/{id}), and the
// commerce_connect_customer_user resource (customer_user_resource.go), a
// user of a customer added and removed for real, on tfkit's hooks.
package connecttf

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/connect"
	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

// Customers is what the Connect client offers for reading one customer
// with its users.
type Customers interface {
	LookUpCustomer(ctx context.Context, id string) (connect.Record, error)
}

// userType is one element of `users`.
var userType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"user_id": types.StringType,
	"name":    types.StringType,
	"role":    types.StringType,
}}

// Record is Connect's full record in the commerce_customer data source:
// GET /customers/{id}, one request, with the customer's users when the
// record lists them (null, not empty, when it does not).
var Record = tfkit.FullRecord{
	Fields: []tfkit.RecordField{{
		Name: "users",
		Attribute: schema.ListNestedAttribute{
			MarkdownDescription: "The customer's users, as `GET /customers/{id}` lists them (`users[]`), in Connect's order: each user's id, name and role (`MEMBER`, `MANAGER` or `ADMIN`; `\"\"` when Connect does not say). " +
				"The users' names are personal data and are kept in the state. Null when the record has no `users` array (the users are then unknown, never an empty list); a `users` that is not an array of users, or lists a user twice, is an error. " +
				connect.Description.Title + " only: null on other platforms.",
			Computed: true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"user_id": schema.StringAttribute{MarkdownDescription: "The user's id (`userId`).", Computed: true},
				"name":    schema.StringAttribute{MarkdownDescription: "The user's name, as Connect has it.", Computed: true},
				"role":    schema.StringAttribute{MarkdownDescription: "The user's role within the customer: `MEMBER`, `MANAGER` or `ADMIN`.", Computed: true},
			}},
		},
		Type: types.ListType{ElemType: userType},
	}},
	Read: readRecord,
}

// readRecord reads the customer with its users when the block is
// Connect's; ok is false on the other platforms.
func readRecord(ctx context.Context, p customers.Platform, id string) (tfkit.Values, customers.Customer, []byte, bool, error) {
	client, ok := p.(Customers)
	if !ok {
		return nil, customers.Customer{}, nil, false, nil
	}
	rec, err := client.LookUpCustomer(ctx, id)
	if err != nil {
		return nil, customers.Customer{}, nil, true, err
	}
	if !rec.UsersListed {
		return tfkit.Values{"users": types.ListNull(userType)}, rec.Customer, rec.Customer.Raw, true, nil
	}
	users := make([]attr.Value, len(rec.Users))
	for i, u := range rec.Users {
		users[i] = types.ObjectValueMust(userType.AttrTypes, map[string]attr.Value{
			"user_id": types.StringValue(u.UserID),
			"name":    types.StringValue(u.Name),
			"role":    types.StringValue(u.Role),
		})
	}
	list := types.ListValueMust(userType, users)
	return tfkit.Values{"users": list}, rec.Customer, rec.Customer.Raw, true, nil
}
