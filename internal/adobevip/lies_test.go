package adobevip

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// TestList_strictEnvelope: a list answer without its array (accounts, or
// customers) or totalCount is an error naming the host, the endpoint and
// what was missing, never zero customers; an item's id is trimmed, then
// required.
func TestList_strictEnvelope(t *testing.T) {
	testutil.ListRefuses(t, Open, "adobe_vip", "GET /v3/resellers/"+sandbox.DefaultResellerID+"/customers", []testutil.Lie{
		{Name: "null", Body: `null`, Want: `has no "accounts" (or "customers") array (it is null)`},
		{Name: "empty object", Body: `{}`, Want: `has no "accounts" (or "customers") array (it is an empty object)`},
		{Name: "maintenance", Body: `{"code":"0","message":"Scheduled maintenance"}`, Want: `(its keys are "code", "message")`},
		{Name: "accounts null", Body: `{"totalCount":0,"accounts":null}`, Want: `has no "accounts" (or "customers") array`},
		{Name: "no total", Body: `{"accounts":[]}`, Want: `has no "totalCount" number`},
		{Name: "no id", Body: `{"totalCount":1,"accounts":[{"status":"1000"}]}`, Want: `item 0: a customer has no usable customerId: the id is missing, null, empty or blank`},
		{Name: "blank id", Body: `{"totalCount":1,"accounts":[{"customerId":"   "}]}`, Want: `the id is missing, null, empty or blank`},
		{Name: "dot id", Body: `{"totalCount":1,"accounts":[{"customerId":".."}]}`, Want: `".." is not an id: in a URL path it names another resource`},
	})
}

// TestGet_theRecordAskedFor: GET /v3/customers/A answered with B's record,
// or a record without customerId, is an error naming the request, for the
// data source's read (Get) and the resource's (GetAccount) alike; a numeric
// id equal to the one asked is the same id.
func TestGet_theRecordAskedFor(t *testing.T) {
	lies := []testutil.Lie{
		{Name: "another account", Body: `{"customerId":"1006374999","companyProfile":{"companyName":"Eve"}}`,
			Want: `the record asked for as customer "1006374000" is customer "1006374999": it was not used`},
		{Name: "no id", Body: `{"companyProfile":{"companyName":"Eve"}}`, Want: `the id is missing, null, empty or blank (its keys are "companyProfile")`},
		{Name: "empty object", Body: `{}`, Want: `the id is missing, null, empty or blank (it is an empty object)`},
		{Name: "null", Body: `null`, Want: `(it is null)`},
	}
	testutil.GetRefuses(t, Open, "adobe_vip", "1006374000", "/v3/customers/1006374000", lies)
	// The resource's read also requires companyProfile: a PATCH built on a
	// record without one would clear the company's name and address.
	lies = append(lies,
		testutil.Lie{Name: "no companyProfile", Body: `{"customerId":"1006374000","status":"1000"}`,
			Want: `the customer account has no "companyProfile" object (its keys are "customerId", "status")`},
		testutil.Lie{Name: "companyProfile null", Body: `{"customerId":"1006374000","companyProfile":null}`, Want: `has no "companyProfile" object`})
	for _, lie := range lies {
		s := &testutil.Scripted{Respond: func(*http.Request) (int, []byte) { return http.StatusOK, []byte(lie.Body) }}
		_, err := testutil.OpenScripted(t, Open, "adobe_vip", s).(*Client).GetAccount(context.Background(), "1006374000")
		require.Error(t, err, lie.Name)
		assert.Contains(t, err.Error(), "fuzz.invalid: GET /v3/customers/1006374000: ", lie.Name)
		assert.Contains(t, err.Error(), lie.Want, lie.Name)
	}
	assert.Equal(t, sandbox.AdobeVIPRoot+"/v3/customers/1006374000",
		testutil.GetSendsPath(t, Open, "adobe_vip", "1006374000", `{"customerId":1006374000.0,"companyProfile":{}}`), "1006374000.0 is 1006374000")
	assert.Equal(t, sandbox.AdobeVIPRoot+"/v3/customers/kund%C3%A9-1",
		testutil.GetSendsPath(t, Open, "adobe_vip", "kundé-1", `{"customerId":"kundé-1","companyProfile":{}}`), "escaped once")
}

// TestUpdateAccount_targetIsTheConfiguredID: the PATCH goes to the id asked
// for, never to one taken from a response; an answer that names another
// account is an error whose outcome is unknown (the PATCH was applied
// somewhere), and an update built on another account's record sends
// nothing.
func TestUpdateAccount_targetIsTheConfiguredID(t *testing.T) {
	sb := sandbox.New(sandbox.Options{Customers: 3})
	c := clientFor(t, sb, nil)
	ctx := context.Background()
	other, err := c.GetAccount(ctx, "1006374002")
	require.NoError(t, err)
	sb.ResetCounts()
	city := "Albany"
	_, _, err = c.UpdateAccount(ctx, "1006374001", other, Change{Address: AddressChange{City: &city}})
	require.ErrorContains(t, err, `the update of customer account "1006374001" was built on account "1006374002"; nothing was sent`)
	assert.Zero(t, sb.TotalRequests())

	cur, err := c.GetAccount(ctx, "1006374001")
	require.NoError(t, err)
	sb.ResetCounts()
	sb.InjectFault(sandbox.Fault{Match: func(r *http.Request) bool { return r.Method == http.MethodPatch }, Status: http.StatusOK,
		Body: `{"customerId":"1006374002","companyProfile":{"companyName":"Someone else"}}`, Times: 1})
	_, _, err = c.UpdateAccount(ctx, "1006374001", cur, Change{Address: AddressChange{City: &city}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `PATCH /v3/customers/1006374001: the record asked for as customer "1006374001" is customer "1006374002"`)
	assert.True(t, httpclient.OutcomeUnknown(err))
	reqs := sb.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, sandbox.AdobeVIPRoot+"/v3/customers/1006374001", reqs[0].Path)
}

func TestDescription_checksIDsLikeTheResource(t *testing.T) {
	for _, id := range []string{".", "..", "a/b", "abc", " 1006374000"} {
		assert.Error(t, Description.CheckID(id), id)
		_, err := New(nil, "r").Get(context.Background(), id)
		assert.Error(t, err, id)
	}
	assert.NoError(t, Description.CheckID("1006374000"))
	assert.Empty(t, Description.Check(customers.Filter{IDs: []string{"1006374000"}}))
	assert.Len(t, Description.Check(customers.Filter{IDs: []string{"..", "x"}}), 2)
}
