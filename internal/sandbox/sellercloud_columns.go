package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// SellercloudColumn is one of the tenant's customer custom columns
// (CustomColumnValueDto without the value; API-NOTES 1.3).
type SellercloudColumn struct {
	ID          int
	Name        string // ColumnName
	DisplayName string
	// Type is DataType: 0 String, 1 Integer, 2 Decimal, 3 DateTime,
	// 4 Boolean, 5 nText, 6 Hyperlink.
	Type int
	// Length is DataLength (String columns; 0 = no limit).
	Length   int
	Required bool
	// Options make the column a drop-down (DataSourceContainer keys).
	Options     []string
	CustomText  bool // IsDropDownCustomTextAllowed
	MultiSelect bool // IsDropDownAllowMultipleSelection
}

// The DataType enum, as the sandbox keeps it (its own copy, so that a
// mistake in the client's is caught).
const (
	scString = iota
	scInteger
	scDecimal
	scDateTime
	scBoolean
	scNText
	scHyperlink
)

// scDateTimeLayout is how the fake stores and shows a DateTime value.
const scDateTimeLayout = "2006-01-02T15:04:05"

// SellercloudSeedColumns are the custom columns every sandbox tenant starts
// with: one of each DataType, a required one and two drop-downs.
func SellercloudSeedColumns() []SellercloudColumn {
	return []SellercloudColumn{
		{ID: 1, Name: "ERP_ID", DisplayName: "ERP id", Type: scString, Length: 20, Required: true},
		{ID: 2, Name: "CREDIT_DAYS", DisplayName: "Credit days", Type: scInteger},
		{ID: 3, Name: "DISCOUNT_RATE", DisplayName: "Discount rate", Type: scDecimal},
		{ID: 4, Name: "CONTRACT_START", DisplayName: "Contract start", Type: scDateTime},
		{ID: 5, Name: "TAX_CERTIFIED", DisplayName: "Tax certificate on file", Type: scBoolean},
		{ID: 6, Name: "NOTES", DisplayName: "Notes", Type: scNText},
		{ID: 7, Name: "PORTAL_URL", DisplayName: "Portal link", Type: scHyperlink},
		{ID: 8, Name: "PRICE_TIER", DisplayName: "Price tier", Type: scString, Options: []string{"GOLD", "SILVER", "BRONZE"}},
		{ID: 9, Name: "REGION", DisplayName: "Sales region", Type: scString, Options: []string{"North", "South", "East", "West"}, CustomText: true},
	}
}

// sellercloudSeedValues are seed customer i's column values, stored as the
// server stores them.
func sellercloudSeedValues(i int) map[string]string {
	v := map[string]string{}
	if i%2 == 0 {
		v["ERP_ID"] = fmt.Sprintf("ERP-%05d", i+1)
		v["CREDIT_DAYS"] = strconv.Itoa(15 * (1 + i%4))
		v["PRICE_TIER"] = []string{"GOLD", "SILVER", "BRONZE"}[i%3]
	}
	if i%3 == 0 {
		v["DISCOUNT_RATE"] = strconv.FormatFloat(float64(i%7)+0.25, 'f', -1, 64)
		v["CONTRACT_START"] = seedEpoch.AddDate(0, i%12, 0).Format(scDateTimeLayout)
		v["TAX_CERTIFIED"] = strconv.FormatBool(i%2 == 0)
	}
	return v
}

func cloneColumns(cols []SellercloudColumn) []SellercloudColumn {
	out := slices.Clone(cols)
	for i := range out {
		out[i].Options = slices.Clone(out[i].Options)
	}
	return out
}

// SetSellercloudCustomColumns replaces the tenant's custom columns (values
// of columns no longer defined are kept but not shown, as the server keeps
// them in its own table).
func (s *Server) SetSellercloudCustomColumns(cols []SellercloudColumn) {
	st := s.sellercloud()
	st.locked(func() { st.columns = cloneColumns(cols) })
}

// SellercloudCustomColumns are the tenant's custom columns.
func (s *Server) SellercloudCustomColumns() []SellercloudColumn {
	st := s.sellercloud()
	st.mu.Lock()
	defer st.mu.Unlock()
	return cloneColumns(st.columns)
}

// scColumnsJSON is a customer's CustomColumns array: every tenant column
// with this customer's value, typed as the server shows it.
func scColumnsJSON(cols []SellercloudColumn, values map[string]string) []map[string]any {
	out := make([]map[string]any, 0, len(cols))
	for _, col := range cols {
		options := make([]map[string]any, 0, len(col.Options))
		for _, o := range col.Options {
			options = append(options, map[string]any{"Key": o, "Value": o, "Additional": nil})
		}
		out = append(out, map[string]any{
			"ID": col.ID, "DataType": col.Type, "DataLength": col.Length, "IsDropDownColumn": len(col.Options) > 0,
			"IsDropDownCustomTextAllowed": col.CustomText, "IsDropDownAllowMultipleSelection": col.MultiSelect,
			"ClientID": 1, "NewValue": nil, "AllowHTMLPopup": false, "DataSourceContainer": options,
			"IsRequired": col.Required, "ColumnName": col.Name, "DisplayName": col.DisplayName,
			"Value": scColumnValue(col.Type, values[col.Name], hasKey(values, col.Name)),
		})
	}
	return out
}

func hasKey(m map[string]string, k string) bool {
	_, ok := m[k]
	return ok
}

// scColumnValue is a stored value as GET shows it: numbers as numbers,
// booleans as booleans, the rest as strings, null when unset.
func scColumnValue(typ int, v string, set bool) any {
	if !set {
		return nil
	}
	switch typ {
	case scInteger, scDecimal:
		return json.Number(v)
	case scBoolean:
		return v == "true"
	}
	return v
}

// scParseColumn reads a value sent for col the way the fake server stores
// it, or says why it refuses it (a 400). "" clears the column.
func scParseColumn(col SellercloudColumn, v string) (string, error) {
	if v == "" {
		if col.Required {
			return "", fmt.Errorf("Custom column '%s' is required.", col.Name)
		}
		return "", nil
	}
	bad := func(what string) error {
		return fmt.Errorf("Value '%s' is not valid for custom column '%s' (%s).", v, col.Name, what)
	}
	if len(col.Options) > 0 && !col.CustomText {
		items := []string{v}
		if col.MultiSelect {
			items = strings.Split(v, ",")
		}
		for i := range items {
			items[i] = strings.TrimSpace(items[i])
			if !slices.Contains(col.Options, items[i]) {
				return "", bad("not one of the drop-down values")
			}
		}
		return strings.Join(items, ","), nil
	}
	t := strings.TrimSpace(v)
	switch col.Type {
	case scInteger:
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return "", bad("Integer")
		}
		return strconv.FormatInt(n, 10), nil
	case scDecimal:
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || strings.ContainsAny(t, "eEnN") {
			return "", bad("Decimal")
		}
		return strconv.FormatFloat(f, 'f', -1, 64), nil
	case scDateTime:
		for _, layout := range []string{time.RFC3339Nano, scDateTimeLayout, "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02",
			"01/02/2006 15:04:05", "01/02/2006 15:04", "01/02/2006", "1/2/2006 3:04:05 PM", "1/2/2006 3:04 PM", "1/2/2006"} {
			if d, err := time.Parse(layout, t); err == nil {
				return d.UTC().Format(scDateTimeLayout), nil
			}
		}
		return "", bad("DateTime")
	case scBoolean:
		if b, ok := map[string]string{"true": "true", "false": "false"}[strings.ToLower(t)]; ok {
			return b, nil
		}
		return "", bad("Boolean")
	case scHyperlink:
		u, err := url.Parse(t)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "", bad("Hyperlink")
		}
		return t, nil
	case scString:
		if col.Length > 0 && utf8.RuneCountInString(v) > col.Length {
			return "", fmt.Errorf("Value for custom column '%s' is longer than %d characters.", col.Name, col.Length)
		}
	}
	return v, nil
}

// scPutCustomColumns is PUT /Customers/{id}/CustomColumns: {"CustomColumns":
// [{"ColumnName", "Value"}]}, all required (developer.sellercloud.com
// "Update Customer Cusom Columns"). Only the columns sent change; a column
// the tenant does not have, or a value that does not fit, is a 400 and
// nothing changes.
func (s *Server) scPutCustomColumns(w http.ResponseWriter, r *http.Request) {
	var body struct {
		CustomColumns []struct {
			ColumnName *string
			Value      *string
		}
	}
	s.scEdit(w, r, &body, func(st *scStore, c *SellercloudCustomer) string {
		if len(body.CustomColumns) == 0 {
			return "CustomColumns is required."
		}
		next := map[string]string{}
		for _, cc := range body.CustomColumns {
			if cc.ColumnName == nil || cc.Value == nil {
				return "ColumnName and Value are required."
			}
			i := slices.IndexFunc(st.columns, func(col SellercloudColumn) bool { return col.Name == *cc.ColumnName })
			if i < 0 {
				return fmt.Sprintf("Custom column '%s' does not exist.", *cc.ColumnName)
			}
			v, err := scParseColumn(st.columns[i], *cc.Value)
			if err != nil {
				return err.Error()
			}
			next[*cc.ColumnName] = v
		}
		if c.CustomColumns == nil {
			c.CustomColumns = map[string]string{}
		}
		for name, v := range next {
			if v == "" {
				delete(c.CustomColumns, name)
			} else {
				c.CustomColumns[name] = v
			}
		}
		return ""
	})
}
