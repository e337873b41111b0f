package truto

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// TestList_strictEnvelope: a list answer without result or next_cursor (null
// on the last page), a next page spelled another way, and an item whose id
// is blank are errors naming the host, the endpoint and what was wrong,
// never a list that is empty or ends after page 1.
func TestList_strictEnvelope(t *testing.T) {
	testutil.ListRefuses(t, Open, "truto", "GET /unified/ecommerce/customers", []testutil.Lie{
		{Name: "null", Body: `null`, Want: `has no "result" array (it is null)`},
		{Name: "empty object", Body: `{}`, Want: `has no "result" array (it is an empty object)`},
		{Name: "maintenance", Body: `{"statusCode":200,"message":"maintenance"}`, Want: `(its keys are "message", "statusCode")`},
		{Name: "no next_cursor", Body: `{"result":[]}`, Want: `the next page cannot be read: the answer has no "next_cursor" (null on the last page; its keys are "result")`},
		{Name: "next page spelled nextCursor", Body: `{"result":[{"id":"1"}],"nextCursor":"abc"}`, Want: `(null on the last page; its keys are "nextCursor", "result")`},
		{Name: "next_cursor a number", Body: `{"result":[],"next_cursor":7}`, Want: `next_cursor is not a string or null`},
		{Name: "blank id", Body: `{"result":[{"id":" "}],"next_cursor":null}`, Want: `item 0: a customer has no usable id: the id is missing, null, empty or blank`},
		{Name: "id a fraction", Body: `{"result":[{"id":15.5}],"next_cursor":null}`, Want: `15.5 is not a whole number`},
	})
}

// TestGet_theRecordAskedFor: a record of another customer, or without an
// id, is an error; ids are escaped exactly once, and "." and ".." are
// refused before any request.
func TestGet_theRecordAskedFor(t *testing.T) {
	testutil.GetRefuses(t, Open, "truto", "42", "/unified/ecommerce/customers/42", []testutil.Lie{
		{Name: "another customer", Body: `{"id":"43","name":"Eve"}`, Want: `the record asked for as customer "42" is customer "43": it was not used`},
		{Name: "no id", Body: `{"name":"Eve"}`, Want: `the record asked for as customer "42": a customer has no usable id: the id is missing`},
	})
	assert.Equal(t, "/truto/unified/ecommerce/customers/a%2Fb", testutil.GetSendsPath(t, Open, "truto", "a/b", `{"id":"a/b"}`))
	assert.Equal(t, "/truto/unified/ecommerce/customers/1500", testutil.GetSendsPath(t, Open, "truto", "1500", `{"id":1.5e3}`), "1.5e3 is 1500")
	for _, id := range []string{".", "..", ""} {
		_, err := New(nil, "acct").Get(context.Background(), id)
		assert.Error(t, err, id)
	}
}
