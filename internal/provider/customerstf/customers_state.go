package customerstf

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// The customers list of commerce_customers reaches the state one of two
// ways. Served by the provider's server (NewProtocol6Server), Read passes
// the customers to it through the request context (passCustomersToServer),
// and the server writes them into the msgpack state after the framework is
// done with the rest (protocolServer in internal/provider/server.go, which
// says why).
// Served by the framework alone, Read sets the list as framework values
// (frameworkList): the framework's own path, which make bench measures
// against the budget server.go must beat.

// ListForState carries the customers from Read to the provider's server
// (server.go), which writes them into the state.
type ListForState struct {
	list []customers.Customer
	set  bool
}

type listForStateKey struct{}

// WithListForState is ctx for a Read whose customers the server writes into
// the state: Read leaves them to l.
func WithListForState(ctx context.Context) (context.Context, *ListForState) {
	l := &ListForState{}
	return context.WithValue(ctx, listForStateKey{}, l), l
}

// Set reports whether Read left its customers.
func (l *ListForState) Set() bool { return l.set }

// Encode is the data source's state, typ's value v, with the customers
// written into it (encodeState).
func (l *ListForState) Encode(typ tftypes.Type, v tftypes.Value) ([]byte, error) {
	return encodeState(typ, v, l.list)
}

// passCustomersToServer gives the customers to the server serving this read;
// false means no such server is listening (the framework serves alone).
func passCustomersToServer(ctx context.Context, list []customers.Customer) bool {
	out, ok := ctx.Value(listForStateKey{}).(*ListForState)
	if ok {
		out.list, out.set = list, true
	}
	return ok
}

// customerColumns maps each attribute of a customers item to its field of
// the core customer, in attribute-name order (the order objects are encoded
// in). A field the platform lacks is "", not null: `c.phone != ""` then means
// what it says.
var customerColumns = []struct {
	name  string
	value func(c *customers.Customer) string
}{
	{"company_name", func(c *customers.Customer) string { return c.CompanyName }},
	{"created_at", func(c *customers.Customer) string { return c.CreatedAt }},
	{"customer_type", func(c *customers.Customer) string { return c.CustomerType }},
	{"email", func(c *customers.Customer) string { return c.Email }},
	{"email_cc", func(c *customers.Customer) string { return c.EmailCC }},
	{"external_id", func(c *customers.Customer) string { return c.ExternalID }},
	{"first_name", func(c *customers.Customer) string { return c.FirstName }},
	{"id", func(c *customers.Customer) string { return c.ID }},
	{"last_name", func(c *customers.Customer) string { return c.LastName }},
	{"name", func(c *customers.Customer) string { return c.Name }},
	{"phone", func(c *customers.Customer) string { return c.Phone }},
	{"rating", func(c *customers.Customer) string { return c.Rating }},
	{"raw", func(c *customers.Customer) string { return string(c.Raw) }},
	{"status", func(c *customers.Customer) string { return c.Status }},
	{"updated_at", func(c *customers.Customer) string { return c.UpdatedAt }},
}

// frameworkList is the customers list as framework values, for State.Set:
// the path into the state of a provider served by the framework alone.
func frameworkList(list []customers.Customer) (types.List, diag.Diagnostics) {
	items := make([]attr.Value, len(list))
	for i := range list {
		values := make(map[string]attr.Value, len(customerColumns))
		for _, col := range customerColumns {
			values[col.name] = types.StringValue(col.value(&list[i]))
		}
		item, diags := types.ObjectValue(customerObjectType.AttrTypes, values)
		if diags.HasError() {
			return types.ListNull(customerObjectType), diags
		}
		items[i] = item
	}
	return types.ListValue(customerObjectType, items)
}

// customerObjectType is the type of one item of the customers list.
var customerObjectType = func() types.ObjectType {
	attrTypes := map[string]attr.Type{}
	for name, a := range customerAttributes() {
		attrTypes[name] = a.GetType()
	}
	return types.ObjectType{AttrTypes: attrTypes}
}()

// encodeState encodes the data source's state as msgpack, exactly as tftypes
// does (objects as maps with their keys in name order), but writes the
// customers list straight from the customers: the generic encoder builds an
// attribute path for every value, over 100 MB of garbage for 10,000
// customers. The other attributes go through tftypes.
func encodeState(typ tftypes.Type, state tftypes.Value, list []customers.Customer) ([]byte, error) {
	obj, ok := typ.(tftypes.Object)
	if !ok {
		return nil, fmt.Errorf("state is a %s, not an object", typ)
	}
	var attrs map[string]tftypes.Value
	if err := state.As(&attrs); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(obj.AttributeTypes))
	for name := range obj.AttributeTypes {
		names = append(names, name)
	}
	slices.Sort(names)
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf) // unbuffered: writes to buf below interleave in order
	if err := enc.EncodeMapLen(len(names)); err != nil {
		return nil, err
	}
	for _, name := range names {
		if err := enc.EncodeString(name); err != nil {
			return nil, err
		}
		if name == "customers" {
			if err := encodeCustomers(enc, list); err != nil {
				return nil, err
			}
			continue
		}
		dv, err := tfprotov6.NewDynamicValue(obj.AttributeTypes[name], attrs[name])
		if err != nil {
			return nil, err
		}
		buf.Write(dv.MsgPack)
	}
	return buf.Bytes(), nil
}

// encodeCustomers writes the list as tftypes would write a list of objects
// whose attributes are all known strings.
func encodeCustomers(enc *msgpack.Encoder, list []customers.Customer) error {
	if err := enc.EncodeArrayLen(len(list)); err != nil {
		return err
	}
	for i := range list {
		if err := enc.EncodeMapLen(len(customerColumns)); err != nil {
			return err
		}
		for _, col := range customerColumns {
			if err := enc.EncodeString(col.name); err != nil {
				return err
			}
			if err := enc.EncodeString(col.value(&list[i])); err != nil {
				return err
			}
		}
	}
	return nil
}

// customerColumn is the getter of the customers item field name, nil for
// none.
func customerColumn(name string) func(c *customers.Customer) string {
	for _, col := range customerColumns {
		if col.name == name {
			return col.value
		}
	}
	return nil
}
