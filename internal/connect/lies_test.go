package connect

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// TestList_strictEnvelope: a list answer without items or pagination, a
// pagination in neither documented form (a next page spelled another way),
// and an item whose id is blank are errors naming the host, the endpoint
// and what was wrong, never a list that is empty or ends after page 1.
func TestList_strictEnvelope(t *testing.T) {
	testutil.ListRefuses(t, Open, "connect", "GET /customers", []testutil.Lie{
		{Name: "null", Body: `null`, Want: `has no "items" array (it is null)`},
		{Name: "empty object", Body: `{}`, Want: `has no "items" array (it is an empty object)`},
		{Name: "maintenance", Body: `{"message":"Down for maintenance","code":"MAINTENANCE"}`, Want: `(its keys are "code", "message")`},
		{Name: "no pagination", Body: `{"items":[]}`, Want: `has no "pagination" object (its keys are "items")`},
		{Name: "pagination null", Body: `{"items":[],"pagination":null}`, Want: `has no "pagination" object`},
		{Name: "empty pagination", Body: `{"items":[],"pagination":{}}`, Want: `the next page cannot be read: pagination has neither "nextCursor" nor "total" and "offset" (it is an empty object)`},
		{Name: "next page spelled next_cursor", Body: `{"items":[{"customerId":"c-1"}],"pagination":{"next_cursor":"abc"}}`,
			Want: `pagination has neither "nextCursor" nor "total" and "offset" (its keys are "next_cursor")`},
		{Name: "next page as a link", Body: `{"items":[{"customerId":"c-1"}],"pagination":{"next":"/customers?cursor=abc"}}`, Want: `(its keys are "next")`},
		{Name: "nextCursor a number", Body: `{"items":[],"pagination":{"nextCursor":5}}`, Want: `pagination.nextCursor is not a string`},
		{Name: "blank id", Body: `{"items":[{"customerId":"   "}],"pagination":{"nextCursor":null}}`, Want: `item 0: a customer has no usable customerId: the id is missing, null, empty or blank`},
		{Name: "no id", Body: `{"items":[{"name":"Ada"}],"pagination":{"nextCursor":null}}`, Want: `the id is missing`},
	})
}

// TestGet_theRecordAskedFor: a record of another customer, or without an
// id, is an error; ids are escaped exactly once ("a/b" as a%2Fb), and "."
// and ".." are refused before any request.
func TestGet_theRecordAskedFor(t *testing.T) {
	testutil.GetRefuses(t, Open, "connect", "c-1", "/customers/c-1", []testutil.Lie{
		{Name: "another customer", Body: `{"customerId":"c-2","name":"Eve"}`, Want: `the record asked for as customer "c-1" is customer "c-2": it was not used`},
		{Name: "no id", Body: `{"name":"Eve"}`, Want: `the record asked for as customer "c-1": a customer has no usable customerId: the id is missing`},
		{Name: "empty object", Body: `{}`, Want: `(it is an empty object)`},
	})
	assert.Equal(t, "/connect/customers/a%2Fb", testutil.GetSendsPath(t, Open, "connect", "a/b", `{"customerId":"a/b"}`))
	assert.Equal(t, "/connect/customers/kund%C3%A9", testutil.GetSendsPath(t, Open, "connect", "kundé", `{"customerId":" kundé "}`), "the record's id is trimmed")
	assert.Equal(t, "/connect/customers/1500", testutil.GetSendsPath(t, Open, "connect", "1500", `{"customerId":1500.0}`), "1500.0 is 1500")
	for _, id := range []string{".", "..", "", "  "} {
		_, err := New(nil).Get(context.Background(), id)
		assert.Error(t, err, "%q is refused before a request (the client has no HTTP layer)", id)
	}
}
