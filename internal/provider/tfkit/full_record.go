package tfkit

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// FullRecord is a platform's full record of one customer as the
// commerce_customer data source shows it: the fields of a managed resource's
// table that have a DataField, filled on that platform and null on the
// others (but the Common ones, which every platform fills).
type FullRecord struct {
	// Fields are the record's fields, in table order.
	Fields []RecordField
	// Read reads the full record of the customer id when the platform's
	// client offers it; ok is false on the other platforms. The customer is
	// the record as the core sees it, raw the server's JSON object.
	Read func(ctx context.Context, p customers.Platform, id string) (fields Values, c customers.Customer, raw []byte, ok bool, err error)
}

// RecordField is one field of a full record in the data source.
type RecordField struct {
	Name      string
	Attribute dschema.Attribute
	Type      attr.Type
	// Common is the commerce_customers field of the same meaning ("" for
	// none).
	Common string
}

// FullRecord is the full record of the resource's platform, read with get
// (the record with the server's JSON object: the resource's own Read may
// leave it out), as the core sees it (customer) and with its JSON (raw).
func (m *Managed[C, R, B]) FullRecord(get func(context.Context, C, string) (R, error), customer func(*R) customers.Customer, raw func(*R) []byte) FullRecord {
	var fs []RecordField
	var table fields[R, B]
	for _, f := range m.Fields {
		if f.Data == nil {
			continue
		}
		doc := f.Data.Doc + " " + m.Platform.Title + " only: null on other platforms."
		if f.Data.Common != "" {
			doc = f.Data.Doc + " On other platforms: the same field of `commerce_customers`."
		}
		var a dschema.Attribute
		if f.Data.Schema != nil {
			a = f.Data.Schema(doc)
		} else {
			a = dataAttribute(f.Schema, doc)
		}
		fs = append(fs, RecordField{Name: f.Attr, Attribute: a, Type: a.GetType(), Common: f.Data.Common})
		table = append(table, f)
	}
	return FullRecord{Fields: fs, Read: func(ctx context.Context, p customers.Platform, id string) (Values, customers.Customer, []byte, bool, error) {
		client, ok := p.(C)
		if !ok {
			return nil, customers.Customer{}, nil, false, nil
		}
		r, err := get(ctx, client, id)
		if err != nil {
			return nil, customers.Customer{}, nil, true, err
		}
		return table.read(&r), customer(&r), raw(&r), true, nil
	}}
}

// dataAttribute is the data source's computed counterpart of a resource
// attribute of a plain type.
func dataAttribute(a schema.Attribute, doc string) dschema.Attribute {
	switch a := a.(type) {
	case schema.StringAttribute:
		return dschema.StringAttribute{MarkdownDescription: doc, Computed: true}
	case schema.BoolAttribute:
		return dschema.BoolAttribute{MarkdownDescription: doc, Computed: true}
	case schema.Int64Attribute:
		return dschema.Int64Attribute{MarkdownDescription: doc, Computed: true}
	case schema.Float64Attribute:
		return dschema.Float64Attribute{MarkdownDescription: doc, Computed: true}
	case schema.SetAttribute:
		return dschema.SetAttribute{MarkdownDescription: doc, ElementType: a.ElementType, Computed: true}
	}
	panic(fmt.Sprintf("tfkit: no data source attribute for a %T: give the field's DataField a Schema", a))
}

// NullOf is the null value of a type.
func NullOf(t attr.Type) attr.Value { return nullOf(t) }
