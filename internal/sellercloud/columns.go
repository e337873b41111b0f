package sellercloud

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// ColumnType is a custom column's DataType (swagger CustomColumnValueDto:
// 0 String, 1 Integer, 2 Decimal, 3 DateTime, 4 Boolean, 5 nText,
// 6 Hyperlink).
type ColumnType int

// The DataType enum.
const (
	ColumnString ColumnType = iota
	ColumnInteger
	ColumnDecimal
	ColumnDateTime
	ColumnBoolean
	ColumnNText
	ColumnHyperlink
)

// ColumnTypes are the DataType enum's names, by number.
var ColumnTypes = []string{"String", "Integer", "Decimal", "DateTime", "Boolean", "nText", "Hyperlink"}

// String is the type's enum name, or "DataType n" for a number the swagger
// does not name.
func (t ColumnType) String() string {
	if t >= 0 && int(t) < len(ColumnTypes) {
		return ColumnTypes[t]
	}
	return fmt.Sprintf("DataType %d", int(t))
}

// DropDownOption is one entry of a drop-down column's DataSourceContainer:
// Key is the value stored and sent, Value the text shown (inference: the
// swagger names both, no document says which one the column holds).
type DropDownOption struct {
	Key, Value string
}

// CustomColumn is one of a customer's custom columns as GET /Customers/{id}
// (and a list item) carries it: the tenant's definition and this
// customer's value.
type CustomColumn struct {
	Name        string // ColumnName: what PUT .../CustomColumns takes
	DisplayName string
	Type        ColumnType
	// Length is DataLength: the most characters a String column holds (0:
	// no limit stated).
	Length   int
	Required bool
	DropDown bool
	// CustomText is IsDropDownCustomTextAllowed: a drop-down that also takes
	// values off its list.
	CustomText bool
	// MultipleSelection is IsDropDownAllowMultipleSelection: the value is a
	// comma-separated list of options (inference: the separator is not
	// documented).
	MultipleSelection bool
	Options           []DropDownOption
	// Value is the value as text: a string as sent, a number as written, a
	// boolean as true or false; "" when the column has none (null).
	Value string
	// Set is false when the server's value was null.
	Set bool
}

// customColumnDto is CustomColumnValueDto, the fields read.
type customColumnDto struct {
	ColumnName                       string
	DisplayName                      string
	DataType                         int
	DataLength                       int
	IsRequired                       bool
	IsDropDownColumn                 bool
	IsDropDownCustomTextAllowed      bool
	IsDropDownAllowMultipleSelection bool
	DataSourceContainer              []struct {
		Key, Value httpclient.StringOrNumber
	}
	Value json.RawMessage
}

// decodeCustomColumns decodes a CustomColumns array. A column without a
// ColumnName is an error: it could be neither sent nor told apart.
func decodeCustomColumns(raw []customColumnDto) ([]CustomColumn, error) {
	out := make([]CustomColumn, 0, len(raw))
	for i, d := range raw {
		name := strings.TrimSpace(d.ColumnName)
		if name == "" {
			return nil, fmt.Errorf("CustomColumns[%d] has no ColumnName", i)
		}
		value, set := columnValueText(d.Value)
		col := CustomColumn{
			Name: name, DisplayName: d.DisplayName, Type: ColumnType(d.DataType), Length: d.DataLength,
			Required: d.IsRequired, DropDown: d.IsDropDownColumn, CustomText: d.IsDropDownCustomTextAllowed,
			MultipleSelection: d.IsDropDownAllowMultipleSelection, Value: value, Set: set,
		}
		for _, o := range d.DataSourceContainer {
			col.Options = append(col.Options, DropDownOption{Key: string(o.Key), Value: string(o.Value)})
		}
		out = append(out, col)
	}
	return out, nil
}

// columnValueText is a column's Value (a JSON "object") as text.
func columnValueText(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	var compact bytes.Buffer
	if json.Compact(&compact, raw) != nil {
		return string(raw), true
	}
	return compact.String(), true // a number as written, true, false; an object or array as JSON
}

// OptionKeys are a drop-down column's keys.
func (col CustomColumn) OptionKeys() []string {
	keys := make([]string, len(col.Options))
	for i, o := range col.Options {
		keys[i] = o.Key
	}
	return keys
}

// Check says why value does not fit the column, or nil. "" clears the
// column, which a required column refuses.
func (col CustomColumn) Check(value string) error {
	_, err := col.Canonical(value)
	return err
}

// Canonical is value in the column's one spelling, so that equivalent
// spellings compare equal: an integer without sign or leading zeros, a
// decimal without trailing zeros (1.50 is 1.5), a boolean as true or false
// (True, TRUE), a date and time as 2006-01-02T15:04:05 (in UTC when value
// names a zone; a date alone is midnight), text as it is. An error says why
// value does not fit the column's type, length or drop-down list.
func (col CustomColumn) Canonical(value string) (string, error) {
	if value == "" {
		if col.Required {
			return "", fmt.Errorf("custom column %q is required: it cannot be empty", col.Name)
		}
		return "", nil
	}
	if col.DropDown && !col.CustomText {
		return col.canonicalOption(value)
	}
	v, err := canonicalOfType(col.Type, value)
	if err != nil {
		return "", fmt.Errorf("custom column %q (%s): %w", col.Name, col.Type, err)
	}
	if col.Type == ColumnString && col.Length > 0 && utf8.RuneCountInString(v) > col.Length {
		return "", fmt.Errorf("custom column %q holds at most %d characters, %q has %d", col.Name, col.Length, v, utf8.RuneCountInString(v))
	}
	return v, nil
}

func (col CustomColumn) canonicalOption(value string) (string, error) {
	items := []string{value}
	if col.MultipleSelection {
		items = strings.Split(value, ",")
	}
	keys := col.OptionKeys()
	for i, it := range items {
		items[i] = strings.TrimSpace(it)
		if !slices.Contains(keys, items[i]) {
			return "", fmt.Errorf("custom column %q is a drop-down: %q is not one of its values (%s)", col.Name, items[i], quoteAll(keys))
		}
	}
	return strings.Join(items, ","), nil
}

// Equal reports whether a and b are the same value of the column: equal
// canonical spellings, or equal text where either does not fit.
func (col CustomColumn) Equal(a, b string) bool {
	ca, errA := col.Canonical(a)
	cb, errB := col.Canonical(b)
	if errA != nil || errB != nil {
		return a == b
	}
	return ca == cb
}

func canonicalOfType(t ColumnType, v string) (string, error) {
	switch t {
	case ColumnInteger:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return "", fmt.Errorf("%q is not a whole number", v)
		}
		return strconv.FormatInt(n, 10), nil
	case ColumnDecimal:
		return canonicalDecimal(v)
	case ColumnDateTime:
		return canonicalDateTime(v)
	case ColumnBoolean:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true":
			return "true", nil
		case "false":
			return "false", nil
		}
		return "", fmt.Errorf("%q is not true or false", v)
	case ColumnHyperlink:
		u, err := url.Parse(strings.TrimSpace(v))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "", fmt.Errorf("%q is not an http or https link", v)
		}
		return strings.TrimSpace(v), nil
	}
	return v, nil // String, nText, and a DataType the swagger does not name
}

// decimalPattern is a decimal number as a person types it: no exponent, no
// fraction like 1/2, no thousands separator.
var decimalPattern = regexp.MustCompile(`^([+-]?)0*([0-9]*)(?:\.([0-9]*))?$`)

// canonicalDecimal spells a decimal number without a plus sign, leading
// zeros or trailing fractional zeros: 01.50 is 1.5, -0.0 is 0.
func canonicalDecimal(v string) (string, error) {
	s := strings.TrimSpace(v)
	m := decimalPattern.FindStringSubmatch(s)
	if m == nil || len(s) > 64 || strings.Trim(s, "+-.") == "" {
		return "", fmt.Errorf("%q is not a decimal number", v)
	}
	out := m[2]
	if out == "" {
		out = "0"
	}
	if frac := strings.TrimRight(m[3], "0"); frac != "" {
		out += "." + frac
	}
	if m[1] == "-" && out != "0" {
		out = "-" + out
	}
	return out, nil
}

// dateLayouts are the spellings a DateTime column's value is read in:
// ISO 8601 with or without a zone, and the US forms Sellercloud's UI and
// list filters use (API-NOTES 1.1).
var dateLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02",
	"01/02/2006 15:04:05", "01/02/2006 15:04", "01/02/2006", "1/2/2006 3:04:05 PM", "1/2/2006 3:04 PM", "1/2/2006",
}

// canonicalLayout is how a canonical DateTime value is spelled: the
// shape the API's own dates have (CreatedOn).
const canonicalLayout = "2006-01-02T15:04:05"

func canonicalDateTime(v string) (string, error) {
	s := strings.TrimSpace(v)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format(canonicalLayout), nil // a layout without a zone reads UTC
		}
	}
	return "", fmt.Errorf("%q is not a date and time (such as 2024-05-01, 2024-05-01T14:30:00 or 05/01/2024 14:30)", v)
}

func quoteAll(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, ", ")
}

// ColumnNames are the columns' names, sorted: what an error about an
// unknown column lists.
func ColumnNames(cols []CustomColumn) []string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	slices.Sort(names)
	return names
}

// FindColumn is the column named name (exactly, as PUT .../CustomColumns
// takes it).
func FindColumn(cols []CustomColumn, name string) (CustomColumn, bool) {
	i := slices.IndexFunc(cols, func(c CustomColumn) bool { return c.Name == name })
	if i < 0 {
		return CustomColumn{}, false
	}
	return cols[i], true
}

// columnValue is one column of a PUT .../CustomColumns body.
type columnValue struct {
	ColumnName string
	Value      string
}

// UpdateCustomColumns sends PUT /Customers/{id}/CustomColumns with exactly
// the columns given (a column left out is not changed); values are sent as
// the documented strings. No columns, no request.
func (c *Client) UpdateCustomColumns(ctx context.Context, id string, values map[string]string) error {
	n, err := ParseID(id)
	if err != nil || len(values) == 0 {
		return err
	}
	body := struct{ CustomColumns []columnValue }{}
	for _, name := range slices.Sorted(maps.Keys(values)) {
		body.CustomColumns = append(body.CustomColumns, columnValue{ColumnName: name, Value: values[name]})
	}
	return c.put(ctx, "/Customers/"+strconv.Itoa(n)+"/CustomColumns", body)
}

// put sends a PUT (idempotent: retried as the policy allows) and marks a
// 404 as customers.ErrNotFound.
func (c *Client) put(ctx context.Context, path string, body any) error {
	return httpclient.MarkNotFound(c.http.Do(ctx, httpclient.Request{Method: http.MethodPut, Path: path, Body: body}, nil), customers.ErrNotFound)
}

// ColumnDefinitions are the tenant's custom columns as the first customer of
// GET /Customers carries them (one request for one item; a list item has
// its CustomColumns too), without that customer's values: the columns a
// customer not yet created will have. ok is false when the tenant has no
// customer to read them from.
func (c *Client) ColumnDefinitions(ctx context.Context) (cols []CustomColumn, ok bool, err error) {
	pager, err := c.Pager(customers.Filter{})
	if err != nil {
		return nil, false, err
	}
	page, err := pager.Page(ctx, 0, 1)
	if err != nil || len(page.Customers) == 0 {
		return nil, false, err
	}
	var item struct{ CustomColumns []customColumnDto }
	if err := json.Unmarshal(page.Customers[0].Raw, &item); err != nil {
		return nil, false, fmt.Errorf("GET /Customers: the first customer's CustomColumns: %w", err)
	}
	if cols, err = decodeCustomColumns(item.CustomColumns); err != nil {
		return nil, false, fmt.Errorf("GET /Customers: the first customer's %w", err)
	}
	for i := range cols {
		cols[i].Value, cols[i].Set = "", false
	}
	return cols, true, nil
}
