package sellercloudtf

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// A customer's custom columns: custom_columns, a per-key map (tfkit
// Field.PerKey) of column name to value. Only the configured columns are
// planned, sent and kept; their rules come from the tenant's definitions
// that ride along with each customer record, so the plan-time read of an
// adoption, the refresh and the read back check them without another GET.

const (
	customColumnsAttr     = "custom_columns"
	customColumnsEndpoint = "PUT /Customers/{id}/CustomColumns"
)

// customColumnsField is custom_columns.
var customColumnsField = sellercloudField{
	Attr: customColumnsAttr,
	Schema: schema.MapAttribute{
		MarkdownDescription: descCustomColumns, ElementType: types.StringType, Optional: true, Computed: true,
		PlanModifiers: []planmodifier.Map{keepUnmanagedColumns{}},
	},
	Endpoint: customColumnsEndpoint,
	Read:     func(d *sellercloud.Details) attr.Value { return columnsValue(d.CustomColumns) },
	Send: func(b *customerBody, plan, _ attr.Value) {
		b.Columns = map[string]string{}
		m, _ := plan.(types.Map)
		for name, v := range m.Elements() {
			if s, ok := v.(types.String); ok && tfkit.Known(s) {
				b.Columns[name] = s.ValueString()
			}
		}
	},
	PerKey: func(d *sellercloud.Details) tfkit.KeyRules { return columnRules(d.CustomColumns) },
	Data: &tfkit.DataField{
		Doc: "Every custom column of the customer (`CustomColumns`), by column name (`ColumnName`), its value as text: numbers as written, `true`/`false`, dates as `2006-01-02T15:04:05`, `\"\"` for none.",
		Schema: func(doc string) dschema.Attribute {
			return dschema.MapAttribute{MarkdownDescription: doc, ElementType: types.StringType, Computed: true}
		},
	},
}

const descCustomColumns = "Custom columns, by column name (Sellercloud `ColumnName`, exactly as spelled there) to value as text. " +
	"Only the columns named here are managed: the others are never sent nor planned, and removing a column from the map stops managing it. " +
	"The state keeps only the configured columns, except after an import, which keeps every column the customer has (so that generated configuration manages them all); left out of the configuration, the attribute is not managed and plans no change. " +
	"Checked while planning against the columns Sellercloud's record of the customer shows (no extra request): a column the customer does not have is an error that lists its columns; " +
	"a value must fit the column's type (`Integer` a whole number, `Decimal` a plain decimal such as `1.5`, `DateTime` as `2024-05-01`, `2024-05-01T14:30:00`, `05/01/2024 2:30 PM` or ISO 8601 with a zone, " +
	"`Boolean` `true` or `false` in any case, `Hyperlink` an absolute http(s) URL, `String` at most its length) or, for a drop-down without custom text, be one of its keys (several separated by `,` when it takes more than one); " +
	"`\"\"` clears a column, except a required one. Spellings of the same value (`1.50` and `1.5`, `True` and `true`, two forms of the same date) are not a change, and the state keeps yours. " +
	"Applying sends only the configured columns that changed, in one `PUT /Customers/{id}/CustomColumns`. " +
	"Creating a customer reads nothing while planning, so its columns are checked by Sellercloud when they are sent after the create: a refusal then is a warning, the customer is recorded, and the next plan shows the column's error."

// keepUnmanagedColumns plans custom_columns left out of the configuration
// as the state holds them (null for a new resource): not managed, nothing
// sent. An import keeps every column the customer has (so that
// -generate-config-out writes them), and a configuration that leaves the
// attribute out then plans no change, as for every other field left out.
type keepUnmanagedColumns struct{}

func (keepUnmanagedColumns) Description(context.Context) string {
	return "Left out of the configuration, the state's custom columns are kept as they are (null for a new resource)."
}

func (k keepUnmanagedColumns) MarkdownDescription(ctx context.Context) string {
	return k.Description(ctx)
}

func (keepUnmanagedColumns) PlanModifyMap(_ context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	if req.ConfigValue.IsNull() {
		resp.PlanValue = req.StateValue
	}
}

// columnsValue is every column of a record, by name; "" for a column
// without a value.
func columnsValue(cols []sellercloud.CustomColumn) types.Map {
	elems := make(map[string]attr.Value, len(cols))
	for _, c := range cols {
		elems[c.Name] = types.StringValue(c.Value)
	}
	return types.MapValueMust(types.StringType, elems)
}

// putCustomColumns is PUT /Customers/{id}/CustomColumns with the changed
// configured columns only. No response body: the skeleton reads back.
func putCustomColumns(ctx context.Context, sc Customers, id string, _ sellercloud.Details, b *customerBody) (sellercloud.Details, bool, error) {
	return sellercloud.Details{}, false, sc.UpdateCustomColumns(ctx, id, b.Columns)
}

// columnRules are the rules of a customer's custom columns, from the
// tenant's definitions that ride along with each customer record: which
// columns exist (exact names, as PUT .../CustomColumns takes them), what
// fits each (type, length, drop-down keys, required), and which spellings
// mean the same (sellercloud.CustomColumn.Canonical).
type columnRules []sellercloud.CustomColumn

// Check says why value cannot be column name's value, or nil. The value
// the column holds now is never refused (a required column without a value
// written by -generate-config-out as "" plans clean, and nothing is sent).
func (cols columnRules) Check(name, value string) error {
	col, ok := sellercloud.FindColumn(cols, name)
	if ok && value == col.Value {
		return nil
	}
	if !ok {
		names := sellercloud.ColumnNames(cols)
		if len(names) == 0 {
			return fmt.Errorf("the customer has no custom column %q: Sellercloud shows no custom columns for it", name)
		}
		hint := ""
		if h := customers.Suggest(name, names); h != "" {
			hint = " (" + h + ")"
		}
		return fmt.Errorf("the customer has no custom column %q; its columns are %s%s", name, quoteList(names), hint)
	}
	return col.Check(value)
}

// Equal reports whether a and b are the same value of column name.
func (cols columnRules) Equal(name, a, b string) bool {
	col, ok := sellercloud.FindColumn(cols, name)
	if !ok {
		return a == b
	}
	return col.Equal(a, b)
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
