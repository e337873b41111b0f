package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scRaw sends a Sellercloud request with the static token and returns the
// status and the body as it came.
func scRaw(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// startSC serves a sandbox with n customers and returns it and the
// Sellercloud API root.
func startSC(t *testing.T, n int) (*Server, string) {
	t.Helper()
	sb := New(Options{Customers: n})
	url, stop := sb.Start()
	t.Cleanup(stop)
	return sb, url + SellercloudRoot
}

func TestSellercloud_createHasTheEnumTrapAndAnswersABareID(t *testing.T) {
	sb, root := startSC(t, 3)
	status, body := scRaw(t, "POST", root+"/Customers/", `{"CompanyID":2,"FirstName":"Wanda","LastName":"Sale","Email":"Wanda@Example.com","BusinessName":"W Co","CustomerType":0}`)
	require.Equal(t, 200, status, body)
	assert.Equal(t, "10004", body, "a bare number, the new id")
	c, ok := sb.SellercloudCustomer(10004)
	require.True(t, ok)
	assert.True(t, c.IsWholesale, "CustomerType 0 is WholeSale on create")
	assert.Equal(t, "wanda@example.com", c.Email)
	assert.Equal(t, "Wanda Sale", c.Name)
	assert.Equal(t, "W Co", c.CorporateName)
	assert.Equal(t, 2, c.CompanyID)
	assert.WithinDuration(t, time.Now(), c.CreatedOn, time.Minute)

	status, body = scRaw(t, "POST", root+"/Customers", `{"CompanyID":1,"FirstName":"Rita","LastName":"Tail","Email":"rita@example.com","CustomerType":1}`)
	require.Equal(t, 200, status, "the swagger's path without the slash: %s", body)
	c, _ = sb.SellercloudCustomer(10005)
	assert.False(t, c.IsWholesale, "CustomerType 1 is Retail on create")

	_, body = scRaw(t, "POST", root+"/Customers/", `{"CompanyID":1,"FirstName":"Nina","LastName":"Named","Email":"n@example.com","CustomerType":"WholeSale"}`)
	c, _ = sb.SellercloudCustomer(10006)
	assert.True(t, c.IsWholesale, "the enum's name binds too: %s", body)

	// The list filter numbers the types the other way round.
	_, page := call(t, "GET", root+"/Customers?model.customerType=1&model.customerIds=10004&model.customerIds=10005", DefaultToken, "")
	assert.EqualValues(t, 1, page["TotalResults"])
	assert.EqualValues(t, 10004, page["Items"].([]any)[0].(map[string]any)["UserID"])
}

func TestSellercloud_createRefusesWhatTheDocRequires(t *testing.T) {
	sb, root := startSC(t, 1)
	for name, tc := range map[string]struct{ body, want string }{
		"no type":              {`{"CompanyID":1,"FirstName":"A","LastName":"B","Email":"a@b.c"}`, "CustomerType is required."},
		"type out of range":    {`{"CompanyID":1,"FirstName":"A","LastName":"B","Email":"a@b.c","CustomerType":2}`, "CustomerType 2 is not valid."},
		"no company":           {`{"FirstName":"A","LastName":"B","Email":"a@b.c","CustomerType":1}`, "CompanyID is required."},
		"unknown company":      {`{"CompanyID":9,"FirstName":"A","LastName":"B","Email":"a@b.c","CustomerType":1}`, "CompanyID 9 is not a valid company."},
		"no first name":        {`{"CompanyID":1,"FirstName":" ","LastName":"B","Email":"a@b.c","CustomerType":1}`, "FirstName is required."},
		"no email":             {`{"CompanyID":1,"FirstName":"A","LastName":"B","CustomerType":1}`, "Email is required."},
		"retail, no last name": {`{"CompanyID":1,"FirstName":"A","Email":"a@b.c","CustomerType":1}`, "LastName is required for Retail customers."},
	} {
		t.Run(name, func(t *testing.T) {
			status, body := scRaw(t, "POST", root+"/Customers/", tc.body)
			assert.Equal(t, 400, status)
			assert.JSONEq(t, fmt.Sprintf(`{"Message":%q}`, tc.want), body)
		})
	}
	assert.Len(t, sb.SellercloudIDs(), 1, "nothing was created")

	status, _ := scRaw(t, "POST", root+"/Customers/", `{"CompanyID":1,"FirstName":"A","Email":"a@b.c","CustomerType":0}`)
	assert.Equal(t, 200, status, "a wholesale customer needs no last name, nor a business name by default")
	sb.RequireBusinessNameForWholesale(true)
	status, body := scRaw(t, "POST", root+"/Customers/", `{"CompanyID":1,"FirstName":"A","Email":"a@b.c","CustomerType":0}`)
	assert.Equal(t, 400, status)
	assert.Contains(t, body, "BusinessName is required for WholeSale customers.")
	status, _ = scRaw(t, "POST", root+"/Customers/", `{"CompanyID":1,"FirstName":"A","LastName":"B","Email":"a@b.c","CustomerType":1}`)
	assert.Equal(t, 200, status, "the setting is about wholesale customers only")
}

func TestSellercloud_createThatTimesOutHasSaved(t *testing.T) {
	sb, root := startSC(t, 1)
	sb.SellercloudCreatesTimeOut(1)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "POST", root+"/Customers/", strings.NewReader(`{"CompanyID":1,"FirstName":"T","LastName":"O","Email":"t@o.test","CustomerType":1}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		_ = resp.Body.Close()
	}
	require.ErrorIs(t, err, context.DeadlineExceeded, "no answer")
	assert.Equal(t, []int{10001, 10002}, sb.SellercloudIDs(), "the customer was saved")
	status, body := scRaw(t, "POST", root+"/Customers/", `{"CompanyID":1,"FirstName":"T","LastName":"O","Email":"t@o.test","CustomerType":1}`)
	assert.Equal(t, 200, status)
	assert.Equal(t, "10003", body, "only the next create times out; the same email again is another customer")
}

func TestSellercloud_detailsCarryColumnsOptionsGroupsAndCards(t *testing.T) {
	_, root := startSC(t, 1)
	_, d := call(t, "GET", root+"/Customers/10001", DefaultToken, "")
	cols := d["CustomColumns"].([]any)
	require.Len(t, cols, len(SellercloudSeedColumns()))
	byName := map[string]map[string]any{}
	for _, c := range cols {
		byName[c.(map[string]any)["ColumnName"].(string)] = c.(map[string]any)
	}
	assert.EqualValues(t, 0, byName["ERP_ID"]["DataType"])
	assert.Equal(t, true, byName["ERP_ID"]["IsRequired"])
	assert.EqualValues(t, 20, byName["ERP_ID"]["DataLength"])
	assert.Equal(t, "ERP-00001", byName["ERP_ID"]["Value"])
	assert.EqualValues(t, 15, byName["CREDIT_DAYS"]["Value"], "an Integer value is a number")
	assert.Equal(t, true, byName["TAX_CERTIFIED"]["Value"], "a Boolean value is a boolean")
	assert.Nil(t, byName["NOTES"]["Value"], "no value is null")
	assert.Equal(t, true, byName["PRICE_TIER"]["IsDropDownColumn"])
	assert.Len(t, byName["PRICE_TIER"]["DataSourceContainer"], 3)

	oo := d["OrderOptions"].(map[string]any)
	assert.Equal(t, true, oo["TaxExempt"])
	assert.Equal(t, "TX-000001", oo["TaxID"])
	assert.Equal(t, true, oo["AllowShippingUnPaidOrdersEditble"], "company 1 allows shipping unpaid orders")
	assert.EqualValues(t, 7.25, d["ShippingPreferences"].(map[string]any)["Charges"])
	groups := d["CustomerGroups"].(map[string]any)["CustomerGroups"].([]any)
	assert.Equal(t, "Wholesale partners", groups[0].(map[string]any)["Name"])
	cards := d["CreditCards"].([]any)
	require.Len(t, cards, 1, "the API's record carries stored cards")
	assert.Equal(t, "4111900000000000", cards[0].(map[string]any)["CardNumber"])

	_, page := call(t, "GET", root+"/Customers", DefaultToken, "")
	item := page["Items"].([]any)[0].(map[string]any)
	assert.Len(t, item["CustomColumns"], len(SellercloudSeedColumns()), "list items carry the custom columns too")
	assert.NotContains(t, item, "CreditCards")
}

func TestSellercloud_customColumnsChangeOnlyWhatIsSent(t *testing.T) {
	sb, root := startSC(t, 1)
	put := func(body string) (int, string) {
		return scRaw(t, "PUT", root+"/Customers/10001/CustomColumns", body)
	}
	status, body := put(`{"CustomColumns":[{"ColumnName":"DISCOUNT_RATE","Value":"1.50"},{"ColumnName":"TAX_CERTIFIED","Value":"True"},` +
		`{"ColumnName":"CONTRACT_START","Value":"05/01/2024"},{"ColumnName":"CREDIT_DAYS","Value":"007"},{"ColumnName":"PRICE_TIER","Value":"SILVER"},` +
		`{"ColumnName":"REGION","Value":"Mars"},{"ColumnName":"PORTAL_URL","Value":"https://portal.example.com/a"}]}`)
	require.Equal(t, 200, status, body)
	c, _ := sb.SellercloudCustomer(10001)
	assert.Equal(t, map[string]string{
		"ERP_ID": "ERP-00001", "DISCOUNT_RATE": "1.5", "TAX_CERTIFIED": "true", "CONTRACT_START": "2024-05-01T00:00:00",
		"CREDIT_DAYS": "7", "PRICE_TIER": "SILVER", "REGION": "Mars", "PORTAL_URL": "https://portal.example.com/a",
	}, c.CustomColumns, "stored as the server stores them; ERP_ID was not sent and is unchanged")

	for name, tc := range map[string]struct{ body, want string }{
		"unknown column": {`{"CustomColumns":[{"ColumnName":"erp_id","Value":"x"}]}`, "Custom column 'erp_id' does not exist."},
		"integer":        {`{"CustomColumns":[{"ColumnName":"CREDIT_DAYS","Value":"1.5"}]}`, "Value '1.5' is not valid for custom column 'CREDIT_DAYS' (Integer)."},
		"decimal":        {`{"CustomColumns":[{"ColumnName":"DISCOUNT_RATE","Value":"1,5"}]}`, "Value '1,5' is not valid for custom column 'DISCOUNT_RATE' (Decimal)."},
		"date":           {`{"CustomColumns":[{"ColumnName":"CONTRACT_START","Value":"soon"}]}`, "Value 'soon' is not valid for custom column 'CONTRACT_START' (DateTime)."},
		"boolean":        {`{"CustomColumns":[{"ColumnName":"TAX_CERTIFIED","Value":"yes"}]}`, "Value 'yes' is not valid for custom column 'TAX_CERTIFIED' (Boolean)."},
		"hyperlink":      {`{"CustomColumns":[{"ColumnName":"PORTAL_URL","Value":"portal.example.com"}]}`, "Value 'portal.example.com' is not valid for custom column 'PORTAL_URL' (Hyperlink)."},
		"drop-down":      {`{"CustomColumns":[{"ColumnName":"PRICE_TIER","Value":"gold"}]}`, "Value 'gold' is not valid for custom column 'PRICE_TIER' (not one of the drop-down values)."},
		"required":       {`{"CustomColumns":[{"ColumnName":"ERP_ID","Value":""}]}`, "Custom column 'ERP_ID' is required."},
		"too long":       {`{"CustomColumns":[{"ColumnName":"ERP_ID","Value":"123456789012345678901"}]}`, "Value for custom column 'ERP_ID' is longer than 20 characters."},
		"no value":       {`{"CustomColumns":[{"ColumnName":"NOTES"}]}`, "ColumnName and Value are required."},
		"empty":          {`{"CustomColumns":[]}`, "CustomColumns is required."},
	} {
		t.Run(name, func(t *testing.T) {
			status, body := put(`{"CustomColumns":[{"ColumnName":"NOTES","Value":"first"}]}`)
			require.Equal(t, 200, status, body)
			if name != "empty" { // a valid column first: it must not change either
				tc.body = strings.Replace(tc.body, `"CustomColumns":[`, `"CustomColumns":[{"ColumnName":"NOTES","Value":"second"},`, 1)
			}
			status, body = put(tc.body)
			assert.Equal(t, 400, status)
			assert.JSONEq(t, fmt.Sprintf(`{"Message":%q}`, tc.want), body)
			c, _ := sb.SellercloudCustomer(10001)
			assert.Equal(t, "first", c.CustomColumns["NOTES"], "a refused body changes nothing, not even its valid columns")
		})
	}
	status, _ = put(`{"CustomColumns":[{"ColumnName":"NOTES","Value":""}]}`)
	require.Equal(t, 200, status)
	_, d := call(t, "GET", root+"/Customers/10001", DefaultToken, "")
	for _, col := range d["CustomColumns"].([]any) {
		if col.(map[string]any)["ColumnName"] == "NOTES" {
			assert.Nil(t, col.(map[string]any)["Value"], "an empty value clears the column")
		}
	}
	status, _ = put(`{"CustomColumns":[{"ColumnName":"NOTES","Value":"x"}]}`)
	assert.Equal(t, 200, status)
	status, _ = scRaw(t, "PUT", root+"/Customers/999/CustomColumns", `{"CustomColumns":[{"ColumnName":"NOTES","Value":"x"}]}`)
	assert.Equal(t, 404, status)
}

func TestSellercloud_orderOptionsNullIsUnchangedAndTheRulesAre400s(t *testing.T) {
	sb, root := startSC(t, 2) // 10001 wholesale in company 1, 10002 retail in company 2
	status, body := scRaw(t, "PUT", root+"/Customers/10001/OrderOptions", `{"OrderHandlingFee":3.456,"TaxID":null,"DisableShipNotifications":true,"ApplyShippingChargesToOrderTotal":true,"AllowShippingUnpaidOrders":true}`)
	require.Equal(t, 200, status, body)
	c, _ := sb.SellercloudCustomer(10001)
	assert.Equal(t, SellercloudOrderOptions{TaxExempt: true, TaxID: "TX-000001", TaxExemptType: "wholesale", OrderHandlingFee: 3.46,
		ApplyShippingChargesToOrderTotal: true, AllowShippingUnpaidOrders: true, DisableShipNotifications: true}, c.OrderOptions)

	for name, tc := range map[string]struct{ id, body, want string }{
		"tax id, not exempt":   {"10002", `{"TaxID":"X1"}`, "TaxID can only be set when TaxExempt is enabled."},
		"tax id, exempt off":   {"10001", `{"TaxExempt":false,"TaxID":"X1"}`, "TaxID can only be set when TaxExempt is enabled."},
		"tax id, any case":     {"10002", `{"taxid":"X1"}`, "TaxID can only be set when TaxExempt is enabled."},
		"exempt type":          {"10001", `{"TaxExemptType":"Wholesale"}`, "TaxExemptType 'Wholesale' is not valid."},
		"charges, retail":      {"10002", `{"ApplyShippingChargesToOrderTotal":true}`, "ApplyShippingChargesToOrderTotal can only be set when the customer is wholesale."},
		"unpaid, company no":   {"10002", `{"AllowShippingUnpaidOrders":true}`, "AllowShippingUnpaidOrders can only be set when the customer company is configured to allow shipping unpaid orders."},
		"negative handling":    {"10001", `{"OrderHandlingFee":-1}`, "OrderHandlingFee cannot be negative."},
		"shipping: no carrier": {"10002", `{"CarrierMethodId":4}`, "CarrierMethodId needs a CarrierId."},
		"shipping: negative":   {"10002", `{"CarrierId":1,"Charges":-0.5}`, "Charges cannot be negative."},
	} {
		t.Run(name, func(t *testing.T) {
			path := "/OrderOptions"
			if strings.HasPrefix(name, "shipping") {
				path = "/ShippingPreferences"
			}
			status, body := scRaw(t, "PUT", root+"/Customers/"+tc.id+path, tc.body)
			assert.Equal(t, 400, status)
			assert.JSONEq(t, fmt.Sprintf(`{"Message":%q}`, tc.want), body)
		})
	}
	status, _ = scRaw(t, "PUT", root+"/Customers/10002/OrderOptions", `{"TaxExempt":true,"TaxID":"X1","TaxExemptType":"government","ApplyShippingChargesToOrderTotal":false}`)
	assert.Equal(t, 200, status, "a tax id with the exemption it needs, in one body; false is what a retail customer has")
	status, _ = scRaw(t, "PUT", root+"/Customers/10001/OrderOptions", `{"TaxExempt":false}`)
	require.Equal(t, 200, status, "the tax id rule holds for a tax id the body sends, not for the one stored")
	c, _ = sb.SellercloudCustomer(10001)
	assert.Equal(t, SellercloudOrderOptions{TaxID: "TX-000001", TaxExemptType: "wholesale", OrderHandlingFee: 3.46,
		ApplyShippingChargesToOrderTotal: true, AllowShippingUnpaidOrders: true, DisableShipNotifications: true}, c.OrderOptions)
	status, _ = scRaw(t, "PUT", root+"/Customers/10002/OrderOptions", `{"TaxExempt":true,"TaxID":"X1","TaxExemptType":"government","ApplyShippingChargesToOrderTotal":false}`)
	assert.Equal(t, 200, status, "a tax id with the exemption it needs, in one body; false is what a retail customer has")
	status, _ = scRaw(t, "PUT", root+"/Customers/10002/ShippingPreferences", `{"CarrierId":2,"CarrierMethodId":5,"Charges":4.999,"AccountNumber":"A-1","PostalCode":"10001","EnableCustomerShippingAccount":true}`)
	assert.Equal(t, 200, status)
	status, _ = scRaw(t, "PUT", root+"/Customers/10002/ShippingPreferences", `{"PostalCode":null,"AccountNumber":"A-2"}`)
	assert.Equal(t, 200, status)
	c, _ = sb.SellercloudCustomer(10002)
	assert.Equal(t, SellercloudOrderOptions{TaxExempt: true, TaxID: "X1", TaxExemptType: "government"}, c.OrderOptions)
	assert.Equal(t, SellercloudShippingPreferences{CarrierID: 2, CarrierMethodID: 5, Charges: 5, AccountNumber: "A-2", PostalCode: "10001", EnableCustomerShippingAccount: true}, c.ShippingPreferences)
}

func TestSellercloud_groupsOnlyAdd(t *testing.T) {
	sb, root := startSC(t, 6)
	add := func(group, body string) (int, string) {
		return scRaw(t, "POST", root+"/Customers/CustomersGroups/"+group+"/Customers", body)
	}
	status, body := add("201", `{"CustomersIDs":[10002,10003,10002]}`)
	require.Equal(t, 200, status, body)
	status, _ = add("201", `{"CustomersIDs":[10003,10004]}`)
	require.Equal(t, 200, status)
	assert.Equal(t, []int{10002, 10003, 10004}, sb.SellercloudGroupMembers(201), "a member added again stays one")
	c, _ := sb.SellercloudCustomer(10003)
	assert.Equal(t, []int{201}, c.Groups)

	for name, tc := range map[string]struct {
		group, body string
		status      int
		want        string
	}{
		"unknown group":      {"999", `{"CustomersIDs":[10002]}`, 404, "Customer group with ID 999 was not found."},
		"unknown customers":  {"203", `{"CustomersIDs":[10002,424242,7]}`, 400, "Customers with IDs 424242, 7 were not found."},
		"none":               {"203", `{"CustomersIDs":[]}`, 400, "CustomersIDs is required."},
		"the table spelling": {"203", `{"CustomerIDs":[10002]}`, 400, "CustomersIDs is required."},
		"not a group id":     {"vip", `{"CustomersIDs":[10002]}`, 400, "The value 'vip' is not valid."},
	} {
		t.Run(name, func(t *testing.T) {
			status, body := add(tc.group, tc.body)
			assert.Equal(t, tc.status, status)
			assert.JSONEq(t, fmt.Sprintf(`{"Message":%q}`, tc.want), body)
		})
	}
	assert.Empty(t, sb.SellercloudGroupMembers(203), "a refused call adds nobody")
	id := sb.AddSellercloudGroup("Trade show 2026")
	status, _ = add(fmt.Sprint(id), `{"customersids":[10005]}`)
	assert.Equal(t, 200, status, "property names bind in any case, as in ASP.NET")
	assert.Equal(t, []int{10005}, sb.SellercloudGroupMembers(id))
	var groups []string
	for _, g := range sb.SellercloudGroups() {
		groups = append(groups, g.Name)
	}
	assert.Equal(t, []string{"VIP", "Wholesale partners", "Newsletter", "Trade show 2026"}, groups)
	raw, _ := json.Marshal(sb.SellercloudGroups())
	assert.Contains(t, string(raw), `"ID":204`)
}
