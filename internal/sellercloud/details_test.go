package sellercloud_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

func TestGetDetails_columnsOptionsPreferencesAndGroups(t *testing.T) {
	c, _ := sandboxClient(t, sandbox.Options{Customers: 1})
	d, err := c.GetDetails(context.Background(), "10001")
	require.NoError(t, err)

	require.Len(t, d.CustomColumns, len(sandbox.SellercloudSeedColumns()))
	erp, ok := sellercloud.FindColumn(d.CustomColumns, "ERP_ID")
	require.True(t, ok)
	assert.Equal(t, sellercloud.CustomColumn{Name: "ERP_ID", DisplayName: "ERP id", Type: sellercloud.ColumnString, Length: 20,
		Required: true, Value: "ERP-00001", Set: true}, erp)
	days, _ := sellercloud.FindColumn(d.CustomColumns, "CREDIT_DAYS")
	assert.Equal(t, "15", days.Value, "a number as written")
	assert.Equal(t, "Integer", days.Type.String())
	certified, _ := sellercloud.FindColumn(d.CustomColumns, "TAX_CERTIFIED")
	assert.Equal(t, "true", certified.Value)
	notes, _ := sellercloud.FindColumn(d.CustomColumns, "NOTES")
	assert.Equal(t, sellercloud.ColumnNText, notes.Type)
	assert.False(t, notes.Set, "null is no value")
	tier, _ := sellercloud.FindColumn(d.CustomColumns, "PRICE_TIER")
	assert.True(t, tier.DropDown)
	assert.False(t, tier.CustomText)
	assert.Equal(t, []string{"GOLD", "SILVER", "BRONZE"}, tier.OptionKeys())
	region, _ := sellercloud.FindColumn(d.CustomColumns, "REGION")
	assert.True(t, region.CustomText)
	_, ok = sellercloud.FindColumn(d.CustomColumns, "erp_id")
	assert.False(t, ok, "names are exact, as the PUT takes them")
	assert.Equal(t, []string{"CONTRACT_START", "CREDIT_DAYS", "DISCOUNT_RATE", "ERP_ID", "NOTES", "PORTAL_URL", "PRICE_TIER", "REGION", "TAX_CERTIFIED"},
		sellercloud.ColumnNames(d.CustomColumns))

	taxID := "TX-000001"
	assert.Equal(t, &sellercloud.OrderOptions{TaxExempt: true, TaxID: &taxID, TaxExemptType: "wholesale", OrderHandlingFee: 2.5,
		CompanyAllowsUnpaidOrders: true}, d.OrderOptions)
	assert.Equal(t, &sellercloud.ShippingPreferences{CarrierID: 1, CarrierMethodID: 3, Charges: 7.25, PostalCode: d.ShippingPreferences.PostalCode},
		d.ShippingPreferences)
	assert.NotEmpty(t, d.ShippingPreferences.PostalCode)
	assert.Equal(t, []sellercloud.Group{{ID: 202, Name: "Wholesale partners"}}, d.Groups)
}

// TestGetDetails_sectionsTheRecordLacksAreNil: a 2022-shaped record (no
// ShippingPreferences, OrderOptions without TaxID) says what it lacks
// instead of reading as zero values; a column without a name is an error.
func TestGetDetails_sectionsTheRecordLacksAreNil(t *testing.T) {
	get := func(body string) (sellercloud.Details, error) {
		s := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) { return http.StatusOK, []byte(body) }}
		c := testutil.OpenScripted(t, sellercloud.Open, "sellercloud", s).(*sellercloud.Client)
		return c.GetDetails(context.Background(), "42")
	}
	d, err := get(`{"General":{"ID":42},"OrderOptions":{"TaxExempt":true,"TaxExemptType":"other"}}`)
	require.NoError(t, err)
	assert.Nil(t, d.ShippingPreferences)
	require.NotNil(t, d.OrderOptions)
	assert.Nil(t, d.OrderOptions.TaxID, "no TaxID in the record: unknown, not empty")
	assert.Empty(t, d.CustomColumns)
	d, err = get(`{"General":{"ID":42}}`)
	require.NoError(t, err)
	assert.Nil(t, d.OrderOptions)
	_, err = get(`{"General":{"ID":42},"CustomColumns":[{"DataType":1,"Value":3}]}`)
	require.ErrorContains(t, err, "CustomColumns[0] has no ColumnName")
	d, err = get(`{"General":{"ID":42},"CustomColumns":[{"ColumnName":"A","DataType":2,"Value":1.50},{"ColumnName":"B","DataType":9,"Value":{"x":[1]}}]}`)
	require.NoError(t, err)
	assert.Equal(t, "1.50", d.CustomColumns[0].Value, "a number as the server wrote it")
	assert.Equal(t, `{"x":[1]}`, d.CustomColumns[1].Value)
	assert.Equal(t, "DataType 9", d.CustomColumns[1].Type.String())
}

// cardFree fails when text holds any trace of a credit card: the fake card
// numbers and CVVs, or the keys of a card record.
func cardFree(t *testing.T, what, text string, cards []sandbox.SellercloudCard) {
	t.Helper()
	for _, card := range cards {
		assert.NotContains(t, text, card.CardNumber, what)
	}
	for _, key := range []string{"CreditCards", "CardNumber", "CVV", "NameOnCard", "ExpirationYear"} {
		assert.NotContains(t, strings.ToLower(text), strings.ToLower(key), what)
	}
}

// TestGetDetails_neverKeepsACreditCard: the sandbox's record carries a
// stored card; nothing decoded from it holds any part of it: not the
// fields, not raw.
func TestGetDetails_neverKeepsACreditCard(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 4})
	want, _ := sb.SellercloudCustomer(10001)
	require.NotEmpty(t, want.CreditCards, "the seed has a card to leak")
	d, err := c.GetDetails(context.Background(), "10001")
	require.NoError(t, err)
	decoded, err := json.Marshal(d)
	require.NoError(t, err)
	cardFree(t, "the decoded record", string(decoded)+fmt.Sprintf("%+v", d), want.CreditCards)
	cardFree(t, "raw", string(d.Raw), want.CreditCards)
	assert.Contains(t, string(d.Raw), `"Addresses":[`, "raw keeps the rest of the record")
	assert.Contains(t, string(d.Raw), `"CustomColumns":[`)
	core, err := c.Get(context.Background(), "10001")
	require.NoError(t, err)
	cardFree(t, "the core customer", string(core.Raw)+fmt.Sprintf("%+v", core), want.CreditCards)
}

// TestDecoders_dropCardsWhereverAServerPutsThem: a record (or a list item)
// with CreditCards nested, in another case, spelled with escapes or with a
// letter that folds to ASCII keeps none of them in raw; everything else is
// kept, in order.
func TestDecoders_dropCardsWhereverAServerPutsThem(t *testing.T) {
	card := `[{"CardNumber":"4111111111111111","CVV":"987"}]`
	for name, body := range map[string]string{
		"top level":     `{"General":{"ID":42},"CreditCards":` + card + `,"NotesCount":1}`,
		"nested":        `{"General":{"ID":42,"Wallet":{"creditcards":` + card + `}},"NotesCount":1}`,
		"in an array":   `{"General":{"ID":42},"Extra":[{"CREDITCARDS":` + card + `}],"NotesCount":1}`,
		"escaped key":   `{"General":{"ID":42},"\u0043reditCards":` + card + `,"NotesCount":1}`,
		"folding s":     `{"General":{"ID":42},"CreditCardſ":` + card + `,"NotesCount":1}`,
		"last member":   `{"General":{"ID":42},"NotesCount":1,"CreditCards":` + card + `}`,
		"scalar value":  `{"General":{"ID":42},"CreditCards":"4111111111111111","NotesCount":1}`,
		"only member":   `{"General":{"ID":42,"x":{"CreditCards":[]}},"NotesCount":1}`,
		"number format": `{"General":{"ID":42,"n":1.50e0},"CreditCards":` + card + `,"NotesCount":1}`,
	} {
		t.Run(name, func(t *testing.T) {
			s := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) { return http.StatusOK, []byte(body) }}
			d, err := testutil.OpenScripted(t, sellercloud.Open, "sellercloud", s).(*sellercloud.Client).GetDetails(context.Background(), "42")
			require.NoError(t, err)
			assert.NotContains(t, string(d.Raw), "4111111111111111")
			assert.NotContains(t, string(d.Raw), "987")
			assert.True(t, json.Valid(d.Raw), string(d.Raw))
			assert.True(t, strings.HasSuffix(string(d.Raw), `"NotesCount":1}`) || name == "last member", string(d.Raw))
			if name == "number format" {
				assert.Contains(t, string(d.Raw), `"n":1.50e0`, "numbers are kept as written")
			}
			if name == "only member" {
				assert.Equal(t, `{"General":{"ID":42,"x":{}},"NotesCount":1}`, string(d.Raw))
			}
		})
	}

	item := `{"UserID":7,"Email":"a@b.c","CreditCards":` + card + `,"CustomColumns":[]}`
	s := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) {
		return http.StatusOK, []byte(`{"Items":[` + item + `],"TotalResults":1}`)
	}}
	res, err := customers.List(context.Background(), testutil.OpenScripted(t, sellercloud.Open, "sellercloud", s), customers.Filter{}, customers.ListOptions{})
	require.NoError(t, err)
	assert.Equal(t, `{"UserID":7,"Email":"a@b.c","CustomColumns":[]}`, string(res.Customers[0].Raw))
}

func TestColumnDefinitions_theTenantsColumnsWithoutAValue(t *testing.T) {
	c, sb := sandboxClient(t, sandbox.Options{Customers: 2})
	cols, ok, err := c.ColumnDefinitions(context.Background())
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, sellercloud.ColumnNames(cols), []string{"CONTRACT_START", "CREDIT_DAYS", "DISCOUNT_RATE", "ERP_ID", "NOTES", "PORTAL_URL", "PRICE_TIER", "REGION", "TAX_CERTIFIED"})
	for _, col := range cols {
		assert.False(t, col.Set, col.Name)
		assert.Empty(t, col.Value, col.Name)
	}
	list := sb.Requests()[0]
	assert.Equal(t, "1", list.Query.Get("model.pageSize"), "one customer is enough")

	empty, _ := sandboxClient(t, sandbox.Options{Customers: -1})
	_, ok, err = empty.ColumnDefinitions(context.Background())
	require.NoError(t, err)
	assert.False(t, ok, "a tenant without customers has no list item to read the columns from")
}
