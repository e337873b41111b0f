package sellercloud_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// TestList_strictEnvelope: a list answer without Items or TotalResults
// (null, {}, a maintenance object) is an error naming the host, the
// endpoint and what was missing, never zero customers; an item without a
// positive UserID is an error, never customer "0".
func TestList_strictEnvelope(t *testing.T) {
	testutil.ListRefuses(t, sellercloud.Open, "sellercloud", "GET /Customers", []testutil.Lie{
		{Name: "null", Body: `null`, Want: `has no "Items" array (it is null)`},
		{Name: "empty object", Body: `{}`, Want: `has no "Items" array (it is an empty object)`},
		{Name: "maintenance", Body: `{"status":"maintenance","message":"back at 6"}`, Want: `has no "Items" array (its keys are "message", "status")`},
		{Name: "Items null", Body: `{"Items":null,"TotalResults":0}`, Want: `has no "Items" array`},
		{Name: "no total", Body: `{"Items":[]}`, Want: `has no "TotalResults" number`},
		{Name: "an array", Body: `[]`, Want: `the answer is not a customer list: json: cannot unmarshal array`},
		{Name: "no UserID", Body: `{"Items":[{"Email":"a@example.test"}],"TotalResults":1}`, Want: `item 0: a customer has no UserID (its keys are "Email")`},
		{Name: "UserID null", Body: `{"Items":[{"UserID":null}],"TotalResults":1}`, Want: `a customer has no UserID`},
		{Name: "UserID zero", Body: `{"Items":[{"UserID":0}],"TotalResults":1}`, Want: `"0" is not a Sellercloud customer id (a whole number from 1 to 2147483647)`},
		{Name: "UserID negative", Body: `{"Items":[{"UserID":-4}],"TotalResults":1}`, Want: `"-4" is not a Sellercloud customer id (a whole number from 1 to 2147483647)`},
		{Name: "UserID blank", Body: `{"Items":[{"UserID":"  "}],"TotalResults":1}`, Want: `a customer has no UserID`},
		{Name: "UserID a fraction", Body: `{"Items":[{"UserID":1500.5}],"TotalResults":1}`, Want: `1500.5 is not a whole number`},
	})
}

// TestGet_theRecordAskedFor: GET /Customers/42 answered with customer 43,
// without General.ID, or without General at all is an error naming the
// request, never customer 42 with another's fields or every field empty.
func TestGet_theRecordAskedFor(t *testing.T) {
	testutil.GetRefuses(t, sellercloud.Open, "sellercloud", "42", "/Customers/42", []testutil.Lie{
		{Name: "empty object", Body: `{}`, Want: `the answer is not a customer: it has no "General" object (it is an empty object)`},
		{Name: "null", Body: `null`, Want: `it has no "General" object (it is null)`},
		{Name: "General null", Body: `{"General":null,"Internal":{}}`, Want: `it has no "General" object`},
		{Name: "no id", Body: `{"General":{"Name":"Ada"}}`, Want: `General.ID: the record asked for as customer "42": the id is missing, null, empty or blank`},
		{Name: "another customer", Body: `{"General":{"ID":43,"Name":"Eve"}}`, Want: `General.ID: the record asked for as customer "42" is customer "43": it was not used`},
	})
	assert.Equal(t, "/sellercloud/rest/api/Customers/42", testutil.GetSendsPath(t, sellercloud.Open, "sellercloud", "42", `{"General":{"ID":42.0}}`), "42.0 is 42")
}
