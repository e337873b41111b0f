package sellercloud_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

func TestColumn_canonicalSpellingsAndFit(t *testing.T) {
	col := func(typ sellercloud.ColumnType) sellercloud.CustomColumn {
		return sellercloud.CustomColumn{Name: "C", Type: typ}
	}
	for _, tc := range []struct {
		col       sellercloud.CustomColumn
		in, want  string
		wantError string
	}{
		{col: col(sellercloud.ColumnDecimal), in: "1.50", want: "1.5"},
		{col: col(sellercloud.ColumnDecimal), in: " +01.500 ", want: "1.5"},
		{col: col(sellercloud.ColumnDecimal), in: ".5", want: "0.5"},
		{col: col(sellercloud.ColumnDecimal), in: "-0.00", want: "0"},
		{col: col(sellercloud.ColumnDecimal), in: "-2.", want: "-2"},
		{col: col(sellercloud.ColumnDecimal), in: "1e3", wantError: `custom column "C" (Decimal): "1e3" is not a decimal number`},
		{col: col(sellercloud.ColumnDecimal), in: "1,5", wantError: `"1,5" is not a decimal number`},
		{col: col(sellercloud.ColumnDecimal), in: "-", wantError: `"-" is not a decimal number`},
		{col: col(sellercloud.ColumnInteger), in: "007", want: "7"},
		{col: col(sellercloud.ColumnInteger), in: "+7", want: "7"},
		{col: col(sellercloud.ColumnInteger), in: "7.0", wantError: `custom column "C" (Integer): "7.0" is not a whole number`},
		{col: col(sellercloud.ColumnBoolean), in: "True", want: "true"},
		{col: col(sellercloud.ColumnBoolean), in: "FALSE", want: "false"},
		{col: col(sellercloud.ColumnBoolean), in: "1", wantError: `custom column "C" (Boolean): "1" is not true or false`},
		{col: col(sellercloud.ColumnDateTime), in: "2024-05-01", want: "2024-05-01T00:00:00"},
		{col: col(sellercloud.ColumnDateTime), in: "05/01/2024", want: "2024-05-01T00:00:00"},
		{col: col(sellercloud.ColumnDateTime), in: "5/1/2024 2:30:00 PM", want: "2024-05-01T14:30:00"},
		{col: col(sellercloud.ColumnDateTime), in: "2024-05-01T16:30:00+02:00", want: "2024-05-01T14:30:00"},
		{col: col(sellercloud.ColumnDateTime), in: "2024-05-01T14:30:00Z", want: "2024-05-01T14:30:00"},
		{col: col(sellercloud.ColumnDateTime), in: "tomorrow", wantError: `custom column "C" (DateTime): "tomorrow" is not a date and time`},
		{col: col(sellercloud.ColumnHyperlink), in: " https://example.com/a ", want: "https://example.com/a"},
		{col: col(sellercloud.ColumnHyperlink), in: "example.com", wantError: `custom column "C" (Hyperlink): "example.com" is not an http or https link`},
		{col: col(sellercloud.ColumnHyperlink), in: "ftp://example.com", wantError: "not an http or https link"},
		{col: col(sellercloud.ColumnString), in: " kept as it is ", want: " kept as it is "},
		{col: col(sellercloud.ColumnNText), in: strings.Repeat("x", 5000), want: strings.Repeat("x", 5000)},
		{col: sellercloud.CustomColumn{Name: "C", Length: 3}, in: "abcd", wantError: `custom column "C" holds at most 3 characters, "abcd" has 4`},
		{col: sellercloud.CustomColumn{Name: "C", Length: 3}, in: "äöü", want: "äöü"},
		{col: sellercloud.CustomColumn{Name: "C", Required: true}, in: "", wantError: `custom column "C" is required: it cannot be empty`},
		{col: col(sellercloud.ColumnInteger), in: "", want: ""},
		{col: sellercloud.CustomColumn{Name: "T", DropDown: true, Options: []sellercloud.DropDownOption{{"GOLD", "Gold"}, {"SILVER", "Silver"}}}, in: "GOLD", want: "GOLD"},
		{col: sellercloud.CustomColumn{Name: "T", DropDown: true, Options: []sellercloud.DropDownOption{{"GOLD", "Gold"}, {"SILVER", "Silver"}}}, in: "Gold",
			wantError: `custom column "T" is a drop-down: "Gold" is not one of its values ("GOLD", "SILVER")`},
		{col: sellercloud.CustomColumn{Name: "T", DropDown: true, CustomText: true, Options: []sellercloud.DropDownOption{{"GOLD", "Gold"}}}, in: "Platinum", want: "Platinum"},
		{col: sellercloud.CustomColumn{Name: "T", DropDown: true, MultipleSelection: true, Options: []sellercloud.DropDownOption{{"A", "A"}, {"B", "B"}}}, in: "B, A", want: "B,A"},
	} {
		got, err := tc.col.Canonical(tc.in)
		if tc.wantError != "" {
			assert.ErrorContains(t, err, tc.wantError, "%s %q", tc.col.Type, tc.in)
			assert.Error(t, tc.col.Check(tc.in))
			continue
		}
		if assert.NoError(t, err, "%s %q", tc.col.Type, tc.in) {
			assert.Equal(t, tc.want, got, "%s %q", tc.col.Type, tc.in)
			assert.NoError(t, tc.col.Check(tc.in))
			again, _ := tc.col.Canonical(got)
			assert.Equal(t, got, again, "a canonical spelling is its own canonical spelling")
		}
	}
	dec := col(sellercloud.ColumnDecimal)
	assert.True(t, dec.Equal("1.50", "1.5"))
	assert.False(t, dec.Equal("1.50", "1.51"))
	assert.True(t, col(sellercloud.ColumnBoolean).Equal("True", "true"))
	assert.True(t, col(sellercloud.ColumnDateTime).Equal("05/01/2024 14:30", "2024-05-01T14:30:00"))
	assert.False(t, dec.Equal("abc", "ABC"), "values that do not fit compare as text")
	assert.False(t, col(sellercloud.ColumnString).Equal("a", "A"))
}

func TestUpdateCustomColumns_sendsOnlyTheGivenColumns(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 1})
	ctx := context.Background()
	require.NoError(t, c.UpdateCustomColumns(ctx, "10001", map[string]string{"NOTES": "call first", "DISCOUNT_RATE": "2.50"}))
	bodies := bodiesOf(t, sb, sandbox.SellercloudCustomColumnsRoute)
	require.Len(t, bodies, 1)
	assert.Equal(t, map[string]any{"CustomColumns": []any{
		map[string]any{"ColumnName": "DISCOUNT_RATE", "Value": "2.50"},
		map[string]any{"ColumnName": "NOTES", "Value": "call first"},
	}}, bodies[0], "only the given columns, values as the documented strings, in name order")
	d, err := c.GetDetails(ctx, "10001")
	require.NoError(t, err)
	rate, _ := sellercloud.FindColumn(d.CustomColumns, "DISCOUNT_RATE")
	assert.Equal(t, "2.5", rate.Value)
	assert.True(t, rate.Equal(rate.Value, "2.50"), "the server's spelling and the sent one are the same value")
	erp, _ := sellercloud.FindColumn(d.CustomColumns, "ERP_ID")
	assert.Equal(t, "ERP-00001", erp.Value, "a column not sent is unchanged")

	err = c.UpdateCustomColumns(ctx, "10001", map[string]string{"NOPE": "x"})
	require.ErrorContains(t, err, "PUT /Customers/10001/CustomColumns: HTTP 400 Bad Request: Custom column 'NOPE' does not exist.")
	err = c.UpdateCustomColumns(ctx, "424242", map[string]string{"NOTES": "x"})
	require.ErrorIs(t, err, customers.ErrNotFound)

	sb.ResetCounts()
	require.NoError(t, c.UpdateCustomColumns(ctx, "10001", nil))
	assert.Zero(t, sb.TotalRequests(), "no columns, no request")
}

func TestUpdateOrderOptions_onlyTheSetFields(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 2})
	ctx := context.Background()
	no, fee, typ := false, 4.75, "government"
	require.NoError(t, c.UpdateOrderOptions(ctx, "10001", sellercloud.OrderOptionsUpdate{DisableShipNotifications: &no, OrderHandlingFee: &fee, TaxExemptType: &typ}))
	bodies := bodiesOf(t, sb, sandbox.SellercloudOrderOptionsRoute)
	assert.Equal(t, []map[string]any{{"DisableShipNotifications": false, "OrderHandlingFee": 4.75, "TaxExemptType": "government"}}, bodies,
		"nil is left out (unchanged), false is sent")
	d, err := c.GetDetails(ctx, "10001")
	require.NoError(t, err)
	assert.Equal(t, 4.75, d.OrderOptions.OrderHandlingFee)
	assert.Equal(t, "government", d.OrderOptions.TaxExemptType)
	assert.Equal(t, "TX-000001", *d.OrderOptions.TaxID, "unchanged")

	yes := true
	err = c.UpdateOrderOptions(ctx, "10002", sellercloud.OrderOptionsUpdate{ApplyShippingChargesToOrderTotal: &yes})
	require.ErrorContains(t, err, "HTTP 400 Bad Request: ApplyShippingChargesToOrderTotal can only be set when the customer is wholesale.")

	sb.ResetCounts()
	require.NoError(t, c.UpdateOrderOptions(ctx, "10001", sellercloud.OrderOptionsUpdate{}))
	assert.Zero(t, sb.TotalRequests())
}

func TestOrderOptionsUpdate_theDocumentedRules(t *testing.T) {
	yes, no, id, none, bad, neg := true, false, "X1", "", "Wholesale", -1.0
	exempt := &sellercloud.OrderOptions{TaxExempt: true, CompanyAllowsUnpaidOrders: true}
	taxable := &sellercloud.OrderOptions{}
	for name, tc := range map[string]struct {
		u         sellercloud.OrderOptionsUpdate
		have      *sellercloud.OrderOptions
		wholesale bool
		want      []sellercloud.FieldError
	}{
		"tax id on an exempt customer": {u: sellercloud.OrderOptionsUpdate{TaxID: &id}, have: exempt},
		"tax id, not exempt":           {u: sellercloud.OrderOptionsUpdate{TaxID: &id}, have: taxable, want: []sellercloud.FieldError{{Field: "TaxID", Message: "a tax id can only be set when the customer is tax exempt"}}},
		"tax id, exemption turned off": {u: sellercloud.OrderOptionsUpdate{TaxID: &id, TaxExempt: &no}, have: exempt, want: []sellercloud.FieldError{{Field: "TaxID", Message: "a tax id can only be set when the customer is tax exempt"}}},
		"tax id with the exemption":    {u: sellercloud.OrderOptionsUpdate{TaxID: &id, TaxExempt: &yes}, have: taxable},
		"tax id cleared":               {u: sellercloud.OrderOptionsUpdate{TaxID: &none}, have: taxable},
		"tax id, a new customer":       {u: sellercloud.OrderOptionsUpdate{TaxID: &id}, want: []sellercloud.FieldError{{Field: "TaxID", Message: "a tax id can only be set when the customer is tax exempt"}}},
		"exempt type":                  {u: sellercloud.OrderOptionsUpdate{TaxExemptType: &bad}, want: []sellercloud.FieldError{{Field: "TaxExemptType", Message: `"Wholesale" is not a tax-exempt type: one of "wholesale", "government", "other", "non_exempt" ("" for none)`}}},
		"exempt type none":             {u: sellercloud.OrderOptionsUpdate{TaxExemptType: &none}},
		"negative handling fee":        {u: sellercloud.OrderOptionsUpdate{OrderHandlingFee: &neg}, want: []sellercloud.FieldError{{Field: "OrderHandlingFee", Message: "the order handling fee cannot be negative"}}},
		"charges, retail":              {u: sellercloud.OrderOptionsUpdate{ApplyShippingChargesToOrderTotal: &yes}, want: []sellercloud.FieldError{{Field: "ApplyShippingChargesToOrderTotal", Message: "shipping charges can be applied to the order total only for a wholesale customer"}}},
		"charges, wholesale":           {u: sellercloud.OrderOptionsUpdate{ApplyShippingChargesToOrderTotal: &yes}, wholesale: true},
		"charges off, retail":          {u: sellercloud.OrderOptionsUpdate{ApplyShippingChargesToOrderTotal: &no}},
		"unpaid, company does not":     {u: sellercloud.OrderOptionsUpdate{AllowShippingUnpaidOrders: &yes}, have: taxable, want: []sellercloud.FieldError{{Field: "AllowShippingUnpaidOrders", Message: "shipping unpaid orders can be allowed only when the customer's company allows it"}}},
		"unpaid, company does":         {u: sellercloud.OrderOptionsUpdate{AllowShippingUnpaidOrders: &yes}, have: exempt},
	} {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.u.Check(tc.have, tc.wholesale))
		})
	}
	for _, v := range sellercloud.TaxExemptTypes {
		assert.NoError(t, sellercloud.CheckTaxExemptType(v))
	}
	assert.Error(t, sellercloud.CheckTaxExemptType("NON_EXEMPT"), "case-sensitive as documented")
}

func TestUpdateShippingPreferences_onlyTheSetFields(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 2})
	ctx := context.Background()
	carrier, method, charges, account, on := 4, 12, 9.5, "UPS-778", true
	u := sellercloud.ShippingPreferencesUpdate{CarrierID: &carrier, CarrierMethodID: &method, Charges: &charges, AccountNumber: &account, EnableCustomerShippingAccount: &on}
	assert.Empty(t, u.Check())
	require.NoError(t, c.UpdateShippingPreferences(ctx, "10002", u))
	bodies := bodiesOf(t, sb, sandbox.SellercloudShippingRoute)
	assert.Equal(t, []map[string]any{{"CarrierId": 4.0, "CarrierMethodId": 12.0, "Charges": 9.5, "AccountNumber": "UPS-778", "EnableCustomerShippingAccount": true}}, bodies)
	d, err := c.GetDetails(ctx, "10002")
	require.NoError(t, err)
	assert.Equal(t, &sellercloud.ShippingPreferences{CarrierID: 4, CarrierMethodID: 12, Charges: 9.5, AccountNumber: "UPS-778", EnableCustomerShippingAccount: true}, d.ShippingPreferences)

	minus := -1
	assert.Equal(t, []sellercloud.FieldError{{Field: "CarrierMethodId", Message: "-1 is not a carrier enum value (a whole number from 0)"}},
		sellercloud.ShippingPreferencesUpdate{CarrierMethodID: &minus}.Check())
	noCarrier, method2 := 0, 3
	err = c.UpdateShippingPreferences(ctx, "10002", sellercloud.ShippingPreferencesUpdate{CarrierID: &noCarrier, CarrierMethodID: &method2})
	require.ErrorContains(t, err, "PUT /Customers/10002/ShippingPreferences: HTTP 400 Bad Request: CarrierMethodId needs a CarrierId.")
}

func TestAddCustomersToGroup_inBatchesWithProgress(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 250})
	route := sandbox.SellercloudAddToGroupRoute
	var ids []int
	for id := 10001; id <= 10250; id++ {
		ids = append(ids, id)
	}
	ids = append(ids, 10001, 10002) // repeated: sent once
	var progress [][2]int
	require.NoError(t, c.AddCustomersToGroup(context.Background(), 203, ids, func(added, total int) {
		progress = append(progress, [2]int{added, total})
	}))
	assert.Equal(t, [][2]int{{100, 250}, {200, 250}, {250, 250}}, progress)
	bodies := bodiesOf(t, sb, route)
	require.Len(t, bodies, 3, "250 customers in batches of 100")
	assert.Len(t, bodies[0]["CustomersIDs"], 100)
	assert.Len(t, bodies[2]["CustomersIDs"], 50)
	assert.EqualValues(t, 10001, bodies[0]["CustomersIDs"].([]any)[0], "in the order given")
	assert.Equal(t, ids[:250], sb.SellercloudGroupMembers(203))
}

func TestAddCustomersToGroup_failures(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 150})
	route := sandbox.SellercloudAddToGroupRoute
	ctx := context.Background()

	err := c.AddCustomersToGroup(ctx, 999, []int{10001}, nil)
	require.ErrorContains(t, err, "adding customers to group 999: ")
	require.ErrorContains(t, err, "POST /Customers/CustomersGroups/999/Customers: HTTP 404 Not Found: Customer group with ID 999 was not found.")
	var gerr *sellercloud.GroupAddError
	require.ErrorAs(t, err, &gerr)
	assert.Empty(t, gerr.Added)

	ids := []int{}
	for id := 10001; id <= 10150; id++ {
		ids = append(ids, id)
	}
	ids[120] = 77 // in the second batch: the server refuses that batch
	err = c.AddCustomersToGroup(ctx, 202, ids, nil)
	require.ErrorAs(t, err, &gerr)
	assert.Equal(t, ids[:100], gerr.Added)
	assert.Equal(t, ids[100:], gerr.NotAdded)
	assert.Contains(t, err.Error(), "Customers with IDs 77 were not found.")
	assert.Contains(t, err.Error(), "; 100 of 150 customers were added before the failure (10001, 10002, 10003, 10004, 10005, 10006, 10007, 10008, 10009, 10010 and 90 more), 50 were not")

	// A batch answered 502 is sent again: adding twice is harmless.
	sb.ResetCounts()
	sb.InjectFault(sandbox.Fault{Match: func(r *http.Request) bool { return r.Method == http.MethodPost }, Status: http.StatusBadGateway, Times: 1})
	require.NoError(t, c.AddCustomersToGroup(ctx, 201, []int{10140}, nil))
	assert.Equal(t, 2, sb.Count(route))
	assert.Contains(t, sb.SellercloudGroupMembers(201), 10140)

	for _, tc := range []struct {
		group int
		ids   []int
		want  string
	}{
		{0, []int{10001}, "0 is not a Sellercloud customer group id (a whole number from 1 to 2147483647)"},
		{201, nil, "no customer ids: adding customers to a group needs at least one"},
		{201, make([]int, 1001), "1001 customer ids: at most 1000 can be added in one call"},
		{201, []int{10001, -3}, "-3 is not a Sellercloud customer id (a whole number from 1 to 2147483647)"},
	} {
		sb.ResetCounts()
		err := c.AddCustomersToGroup(ctx, tc.group, tc.ids, nil)
		require.EqualError(t, err, tc.want)
		assert.False(t, errors.As(err, &gerr), "refused before anything is sent")
		assert.Zero(t, sb.TotalRequests())
	}
}
