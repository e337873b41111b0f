package tfkit

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

func text(s string) attr.Value { return types.StringValue(s) }

func columns(kv ...string) attr.Value {
	elems := map[string]attr.Value{}
	for i := 0; i+1 < len(kv); i += 2 {
		elems[kv[i]] = types.StringValue(kv[i+1])
	}
	return types.MapValueMust(types.StringType, elems)
}

// textOf is a state's text attribute ("<null>", "<unknown>").
func textOf(v Values, name string) string {
	switch s := v[name].(type) {
	case types.String:
		switch {
		case s.IsNull():
			return "<null>"
		case s.IsUnknown():
			return "<unknown>"
		}
		return s.ValueString()
	}
	return v[name].String()
}

// summaries are the diagnostics' summaries.
func summaries(diags []*tfprotov6.Diagnostic) []string {
	out := make([]string, len(diags))
	for i, d := range diags {
		out[i] = d.Summary
	}
	return out
}

// requireEmptyPlan refreshes s and plans config over it: no change.
func requireEmptyPlan(t *testing.T, k *kit, m schemaOf, s *tfState, config Values) *tfState {
	t.Helper()
	s, diags := k.read(m, s)
	requireNoError(t, diags)
	require.NotNil(t, s)
	p := k.plan(m, s, config)
	requireNoError(t, p.diags)
	assert.True(t, p.state.Equal(s.val), "the next plan is empty:\nplanned %s\nstate   %s", p.state, s.val)
	assert.Empty(t, p.replaces)
	return s
}

var adaConfig = Values{"name": text("Ada"), "email": text("ada@x.test"), "note": text("hello"), "first_name": text("Ada"), "columns": columns("Tier", "02")}

// TestCreate_thenSendsTheRestAndReadsBackOnce: with customer_id left out,
// the plan reads nothing but the blank record (custom columns' rules), the
// apply creates (POST, carrying name and email), sends each other
// configured field once through its endpoint, reads back once; customer_id,
// id and every computed value are known, and the next plan is empty.
func TestCreate_thenSendsTheRestAndReadsBackOnce(t *testing.T) {
	shop := newShop()
	k := newKit(t, shop, shopKind)

	p := k.plan(shopKind, nil, adaConfig)
	requireNoError(t, p.diags)
	assert.Empty(t, warningsOf(p.diags))
	plan := shopKind.testValues(p.state)
	for _, unknown := range []string{"customer_id", "id", "status"} {
		assert.Equal(t, "<unknown>", textOf(plan, unknown), unknown)
	}
	assert.Equal(t, []string{"GET definitions"}, shop.taken(), "planning a create reads only the columns' rules")

	s, diags := k.apply(shopKind, p)
	require.Empty(t, diags)
	require.NotNil(t, s)
	assert.Equal(t, []string{"POST", "PUT /b 101", "PUT /columns Tier 101", "GET 101"}, shop.taken(),
		"one POST with name and email, the other endpoints once each, one read back")
	got := shopKind.testValues(s.val)
	assert.Equal(t, "101", textOf(got, "customer_id"))
	assert.Equal(t, "101", textOf(got, "id"))
	assert.Equal(t, "active", textOf(got, "status"))
	assert.Equal(t, "Ada", textOf(got, "first_name"), "a creation input the shop does not return stays as configured")
	assert.Equal(t, columns("Tier", "02"), got["columns"], "only the configured column, in the configured spelling the shop stored as 2")
	assert.Equal(t, shopRecord{ID: "101", Name: "Ada", Email: "ada@x.test", Note: "hello", Status: "active", Columns: map[string]string{"Tier": "2", "Region": "north"}}, shop.records["101"])

	requireEmptyPlan(t, k, shopKind, s, adaConfig)
	assert.Equal(t, []string{"GET 101"}, shop.taken(), "the next plan costs its refresh only")
}

// TestCreate_withTheIDSetAdoptsAsBefore: customer_id set adopts the record
// it names, and never POSTs.
func TestCreate_withTheIDSetAdoptsAsBefore(t *testing.T) {
	shop := newShop()
	shop.records["7"] = shopRecord{ID: "7", Name: "Old", Email: "old@x.test", Status: "active", Columns: map[string]string{}}
	k := newKit(t, shop, shopKind)
	config := Values{"customer_id": text("7"), "note": text("adopted")}
	s, p, diags := k.applyNew(shopKind, config)
	assert.Equal(t, []string{"Adopting Shop customer 7 changes 1 field"}, summaries(warningsOf(p.diags)))
	require.Empty(t, diags)
	assert.Equal(t, []string{"GET 7", "PUT /b 7"}, shop.taken(), "the plan's read, then the one PUT that answers with the record")
	assert.Equal(t, "Old", textOf(shopKind.testValues(s.val), "name"))
	requireEmptyPlan(t, k, shopKind, s, config)
}

// TestCreate_unknownOutcomeFindsOneAndRecordsIt: a POST whose answer was
// lost is never sent again; the one customer the recovery finds is recorded
// with a warning, nothing more is sent, and the next apply finishes it.
func TestCreate_unknownOutcomeFindsOneAndRecordsIt(t *testing.T) {
	shop := newShop()
	shop.createErr, shop.createSaves = lostAnswer, true
	k := newKit(t, shop, shopKind)
	s, _, diags := k.applyNew(shopKind, adaConfig)
	require.Empty(t, errorsOf(diags))
	require.NotNil(t, s, "the customer found is recorded")
	assert.Equal(t, []string{"GET definitions", "POST", "FIND ada@x.test", "GET 101"}, shop.taken())
	require.Len(t, diags, 1)
	assert.Equal(t, "Shop customer created but not finished", diags[0].Summary)
	assert.Contains(t, diags[0].Detail, "Shop customer 101 exists: the create's outcome was unknown (shop.test: POST /customers: the answer broke off")
	assert.Contains(t, diags[0].Detail, `customers with the email "ada@x.test" found exactly this customer`)
	assert.Contains(t, diags[0].Detail, `note, columns["Tier"] not sent yet, which the next plan shows and the next apply sends`)
	assert.Equal(t, "101", textOf(shopKind.testValues(s.val), "customer_id"))

	s, diags = k.read(shopKind, s)
	requireNoError(t, diags)
	p := k.plan(shopKind, s, adaConfig)
	requireNoError(t, p.diags)
	assert.Equal(t, "hello", textOf(shopKind.testValues(p.state), "note"), "the next plan shows what is left")
	shop.taken()
	s, diags = k.apply(shopKind, p)
	require.Empty(t, diags)
	assert.Equal(t, []string{"PUT /b 101", "PUT /columns Tier 101", "GET 101"}, shop.taken(), "the next apply finishes")
	requireEmptyPlan(t, k, shopKind, s, adaConfig)
	assert.Len(t, shop.records, 1, "one customer")
}

// TestCreate_unknownOutcomeWithoutASingleMatchFails: none found, several
// found, or a refusal: an error that says what is known and how to manage
// the right record, and nothing in the state.
func TestCreate_unknownOutcomeWithoutASingleMatchFails(t *testing.T) {
	t.Run("none", func(t *testing.T) {
		shop := newShop()
		shop.createErr = lostAnswer
		k := newKit(t, shop, shopKind)
		s, _, diags := k.applyNew(shopKind, adaConfig)
		assert.Nil(t, s)
		require.Len(t, diags, 1)
		assert.Equal(t, "Creating the customer failed", diags[0].Summary)
		assert.Contains(t, diags[0].Detail, `and its outcome is unknown: Test Shop may have created it`)
		assert.Contains(t, diags[0].Detail, `It was not sent again, and customers with the email "ada@x.test" found none: it was probably not created.`)
		assert.Equal(t, []string{"GET definitions", "POST", "FIND ada@x.test"}, shop.taken(), "one POST")
	})
	t.Run("several", func(t *testing.T) {
		shop := newShop()
		shop.records["50"] = shopRecord{ID: "50", Email: "ada@x.test"}
		shop.createErr, shop.createSaves = lostAnswer, true
		k := newKit(t, shop, shopKind)
		s, _, diags := k.applyNew(shopKind, adaConfig)
		assert.Nil(t, s)
		require.Len(t, diags, 1)
		assert.Contains(t, diags[0].Detail, `customers with the email "ada@x.test" found 2: 101 (ada@x.test) and 50 (ada@x.test). Nothing was recorded`)
		assert.Contains(t, diags[0].Detail, "set customer_id to its id in the configuration (the resource then adopts it) or import it")
		assert.Equal(t, 1, countOf(shop.taken(), "POST"))
	})
	t.Run("refused", func(t *testing.T) {
		shop := newShop()
		shop.createErr = &httpclient.APIError{Status: 400, Method: "POST", Host: "shop.test", Path: "/customers", Message: "email taken"}
		k := newKit(t, shop, shopKind)
		s, _, diags := k.applyNew(shopKind, adaConfig)
		assert.Nil(t, s)
		require.Len(t, diags, 1)
		assert.Contains(t, diags[0].Detail, "Test Shop rejected the creation of the customer; nothing was created.")
		assert.Contains(t, diags[0].Detail, "email taken")
		assert.Equal(t, []string{"GET definitions", "POST"}, shop.taken(), "no search after a refusal")
	})
}

func countOf(calls []string, call string) int {
	n := 0
	for _, c := range calls {
		if c == call {
			n++
		}
	}
	return n
}

// TestCreate_failuresAfterTheRecordExistsAreWarnings: once the record
// exists, a send that fails, a read back that fails and a value stored
// differently are warnings (an error would taint the resource, and its
// replacement would create a second customer); the state keeps the plan.
func TestCreate_failuresAfterTheRecordExistsAreWarnings(t *testing.T) {
	shop := newShop()
	shop.failB = &httpclient.APIError{Status: 400, Method: "PUT", Host: "shop.test", Path: "/b", Message: "note too long"}
	k := newKit(t, shop, shopKind)
	config := Values{"name": text("Ada"), "email": text("ADA@x.test"), "note": text("hello")}
	s, _, diags := k.applyNew(shopKind, config)
	require.NotNil(t, s)
	assert.Empty(t, errorsOf(diags))
	assert.Equal(t, []string{"Shop customer created but not finished"}, summaries(diags))
	assert.Contains(t, diags[0].Detail, "sending note failed (shop.test: PUT /b: HTTP 400 Bad Request: note too long). It is recorded in the state: note not sent yet")
	got := shopKind.testValues(s.val)
	assert.Equal(t, "101", textOf(got, "customer_id"))
	assert.Equal(t, "hello", textOf(got, "note"), "the plan's value until a refresh")
	assert.Equal(t, "<null>", textOf(got, "status"), "not read back: null until the next refresh")

	shop.failB = nil
	s, diags = k.read(shopKind, s)
	requireNoError(t, diags)
	p := k.plan(shopKind, s, config)
	planned := shopKind.testValues(p.state)
	assert.Equal(t, "hello", textOf(planned, "note"))
	assert.Equal(t, "ADA@x.test", textOf(planned, "email"))
	shop.taken()
	_, diags = k.apply(shopKind, p)
	assert.Equal(t, []string{"Test Shop stored a different value"}, summaries(errorsOf(diags)), "an update's email stored in lower case is the error it always was")
	assert.Equal(t, []string{"PUT /a 101", "PUT /b 101"}, shop.taken())

	shop = newShop()
	k = newKit(t, shop, shopKind)
	s, _, diags = k.applyNew(shopKind, config)
	require.NotNil(t, s)
	assert.Equal(t, []string{"Test Shop stored a different value"}, summaries(warningsOf(diags)), "at create, a warning")
	assert.Empty(t, errorsOf(diags))
	assert.Equal(t, "ADA@x.test", textOf(shopKind.testValues(s.val), "email"), "the planned value, as Terraform requires")
}

// TestCreate_waitsUnderTheCreateTimeout: the hook's deadline is the
// `timeouts.create` of the configuration, or the documented default; still
// pending at the deadline, the record is recorded with a warning and the
// next apply finishes it.
func TestCreate_waitsUnderTheCreateTimeout(t *testing.T) {
	shop := newShop()
	shop.pending = 2
	k := newKit(t, shop, shopKind)
	config := Values{"name": text("Ada"), "email": text("ada@x.test"), "note": text("hello")}
	s, _, diags := k.applyNew(shopKind, config)
	require.Empty(t, diags)
	assert.Equal(t, []string{"POST", "GET 101", "GET 101", "PUT /b 101"}, shop.taken(), "polls while pending; the record read is complete, so the PUT's answer is the read back")
	assert.True(t, shop.deadline.After(time.Now().Add(9*time.Minute)), "the default create timeout is 10 minutes: %s", shop.deadline)
	assert.Equal(t, "active", textOf(shopKind.testValues(s.val), "status"))
	timeoutsBlock := shopKind.testSchema().Blocks["timeouts"]
	assert.Contains(t, timeoutsBlock.GetMarkdownDescription(), "`create` (default `10m`)")
	assert.Contains(t, timeoutsBlock.(schema.SingleNestedBlock).Attributes["create"].GetDescription(), "Default `10m`") //nolint:forcetypeassert // the timeouts block

	shop = newShop()
	shop.pending = -1
	k = newKit(t, shop, shopKind)
	timeouts := shopKind.testSchema().Blocks["timeouts"].Type()
	config["timeouts"] = valueOf(timeouts, map[string]tftypes.Value{"create": tftypes.NewValue(tftypes.String, "20ms")})
	s, _, diags = k.applyNew(shopKind, config)
	require.NotNil(t, s)
	assert.Equal(t, []string{"Shop customer created but not finished"}, summaries(diags))
	assert.Contains(t, diags[0].Detail, "Shop customer 101 exists: it was still pending at the deadline. It is recorded in the state: note not sent yet")
	got := shopKind.testValues(s.val)
	assert.Equal(t, "pending", textOf(got, "status"))
	assert.Equal(t, config["timeouts"], got["timeouts"], "the timeouts stay as configured")
	assert.NotContains(t, shop.taken(), "PUT /b 101", "nothing is sent to a record that is not ready")
}

// TestCreate_createOnlyFieldsAreAPlanTimeError: a creation input that
// changes once the record exists is an error saying what to do instead,
// never a replacement; one the state does not know (an import) is taken.
func TestCreate_createOnlyFieldsAreAPlanTimeError(t *testing.T) {
	shop := newShop()
	k := newKit(t, shop, shopKind)
	s, _, diags := k.applyNew(shopKind, adaConfig)
	require.Empty(t, diags)
	changed := withNulls(adaConfig)
	changed["first_name"] = text("Bo")
	p := k.plan(shopKind, s, changed)
	require.Len(t, errorsOf(p.diags), 1)
	assert.Equal(t, "Cannot change first_name", p.diags[0].Summary)
	assert.Equal(t, `first_name cannot change once the customer exists: the shop keeps only `+"`name`"+`: change `+"`name`"+` instead. (It is "Ada"; the configuration says "Bo".)`, p.diags[0].Detail)
	assert.Empty(t, p.replaces, "never a replacement")

	s, diags = k.importID(shopKind, "101")
	requireNoError(t, diags)
	p = k.plan(shopKind, s, changed)
	requireNoError(t, p.diags)
	assert.Equal(t, "Bo", textOf(shopKind.testValues(p.state), "first_name"), "after an import the value is not known: the plan records it")
}

// TestCreate_idOfAnotherRecordIsAnError: a create hook whose record does
// not carry the planned id parts (or none) is an error, and nothing is
// recorded under an id the plan did not name.
func TestCreate_idOfAnotherRecordIsAnError(t *testing.T) {
	r := &managedResource[*shopClient, shopMember, struct{}]{kind: memberKind}
	plan := Values{"customer_id": text("100"), "user_id": text("u1")}
	var diags diagList
	assert.True(t, r.createdAsPlanned("100/u1", plan, &diags))
	assert.False(t, r.createdAsPlanned("100/u2", plan, &diags))
	assert.False(t, r.createdAsPlanned("", plan, &diags))
	require.Len(t, diags, 2)
	assert.Contains(t, diags[0].Detail(), `Test Shop answered the creation of Shop member 100/u1 with the id "100/u2"`)
	var none diagList
	shop := &managedResource[*shopClient, shopRecord, shopBody]{kind: shopKind}
	assert.True(t, shop.createdAsPlanned("101", Values{"customer_id": types.StringUnknown()}, &none))
	assert.False(t, shop.createdAsPlanned("x1", Values{"customer_id": types.StringUnknown()}, &none), "not one of the platform's ids")
	_ = context.Background()
}

// TestValues_gettersForCreateHooks: a hook reads its create body from the
// plan: known values, and ok false for null, unknown or another type.
func TestValues_gettersForCreateHooks(t *testing.T) {
	address := types.ObjectValueMust(map[string]attr.Type{"city": types.StringType}, map[string]attr.Value{"city": text("Albany")})
	v := Values{"name": text("Ada"), "none": types.StringNull(), "later": types.StringUnknown(), "wholesale": types.BoolValue(true),
		"company": types.Int64Value(7), "address": address, "no_address": types.ObjectNull(map[string]attr.Type{"city": types.StringType})}
	for name, want := range map[string]bool{"name": true, "none": false, "later": false, "wholesale": false, "missing": false} {
		_, ok := v.Text(name)
		assert.Equal(t, want, ok, name)
	}
	s, _ := v.Text("name")
	b, okB := v.Bool("wholesale")
	n, okN := v.Int64("company")
	_, okNot := v.Bool("name")
	city, okCity := v.Object("address").Text("city")
	assert.Equal(t, []any{"Ada", true, true, int64(7), true, false, "Albany", true}, []any{s, b, okB, n, okN, okNot, city, okCity})
	assert.Empty(t, v.Object("no_address"))
}
