package tfkit

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func shopWithCustomer7() *shopClient {
	shop := newShop()
	shop.records["7"] = shopRecord{ID: "7", Name: "Old", Email: "old@x.test", Status: "active",
		Columns: map[string]string{"Tier": "3", "VIP": "true", "Region": "north"}}
	return shop
}

// TestPerKey_onlyTheConfiguredKeys: a per-key map plans, sends, compares
// and keeps only its configured keys, each by its own rules: an equivalent
// spelling is no change and stays as configured, drift of a configured key
// is sent alone, and the keys left out are never read into the state.
func TestPerKey_onlyTheConfiguredKeys(t *testing.T) {
	shop := shopWithCustomer7()
	k := newKit(t, shop, shopKind)
	config := Values{"customer_id": text("7"), "columns": columns("Tier", "03", "VIP", "TRUE")}

	s, p, diags := k.applyNew(shopKind, config)
	require.Empty(t, diags)
	assert.Empty(t, p.diags, "adopting: both configured columns mean what the shop holds, so the adoption changes nothing")
	assert.Equal(t, []string{"GET 7"}, shop.taken(), "the plan's read; nothing to send")
	assert.Equal(t, columns("Tier", "03", "VIP", "TRUE"), shopKind.testValues(s.val)["columns"], "the configured keys, as configured")

	s = requireEmptyPlan(t, k, shopKind, s, config)
	assert.Equal(t, []string{"GET 7"}, shop.taken(), "the refresh; the plan needs no rules when nothing differs")
	assert.Equal(t, columns("Tier", "03", "VIP", "TRUE"), shopKind.testValues(s.val)["columns"], "a refresh keeps the equivalent spellings and adds no key")

	shop.records["7"].Columns["Tier"] = "5" // drift
	shop.records["7"].Columns["Region"] = "south"
	s, diags = k.read(shopKind, s)
	requireNoError(t, diags)
	assert.Equal(t, columns("Tier", "5", "VIP", "TRUE"), shopKind.testValues(s.val)["columns"])
	p = k.plan(shopKind, s, config)
	requireNoError(t, p.diags)
	assert.Equal(t, columns("Tier", "03", "VIP", "TRUE"), shopKind.testValues(p.state)["columns"])
	assert.Equal(t, []string{"GET 7"}, shop.taken(), "the plan checks the columns by the rules the refresh read")
	s, diags = k.apply(shopKind, p)
	require.Empty(t, diags)
	assert.Equal(t, []string{"PUT /columns Tier 7", "GET 7"}, shop.taken(), "only the changed key")
	assert.Equal(t, "south", shop.records["7"].Columns["Region"], "a key left out is never sent")

	respelled := Values{"customer_id": text("7"), "columns": columns("Tier", "3", "VIP", "true")}
	s, diags = k.read(shopKind, s)
	requireNoError(t, diags)
	p = k.plan(shopKind, s, respelled)
	requireNoError(t, p.diags)
	assert.True(t, p.state.Equal(s.val), "another spelling of the same values plans no change")

	other := newKit(t, shop, shopKind) // a provider process that did not refresh it: the final plan of an apply
	shop.taken()
	p = other.plan(shopKind, s, respelled)
	requireNoError(t, p.diags)
	assert.True(t, p.state.Equal(s.val), "the same plan")
	assert.Equal(t, []string{"GET 7"}, shop.taken(), "one read for the rules")
}

// TestPerKey_planTimeErrorsNameTheKey: a key the record does not have, or a
// value that does not fit its key, is a plan-time error on that key, when
// adopting (the record read), creating (the blank record) and updating.
func TestPerKey_planTimeErrorsNameTheKey(t *testing.T) {
	bad := columns("Nope", "1", "Tier", "abc", "VIP", "yes")
	want := []string{
		`columns["Nope"]: the shop has no column "Nope"; its columns are Region, Tier, VIP.`,
		`columns["Tier"]: "abc" is not a whole number.`,
		`columns["VIP"]: "yes" is not true or false.`,
	}
	check := func(t *testing.T, p planned) {
		t.Helper()
		errs := errorsOf(p.diags)
		require.Len(t, errs, len(want))
		for i, d := range errs {
			assert.Equal(t, "Invalid columns entry", d.Summary)
			assert.Equal(t, want[i], d.Detail)
			assert.Equal(t, tftypes.NewAttributePath().WithAttributeName("columns"), d.Attribute)
		}
	}
	shop := shopWithCustomer7()
	k := newKit(t, shop, shopKind)
	t.Run("adopting", func(t *testing.T) { check(t, k.plan(shopKind, nil, Values{"customer_id": text("7"), "columns": bad})) })
	t.Run("creating", func(t *testing.T) {
		shop.taken()
		check(t, k.plan(shopKind, nil, Values{"name": text("Ada"), "columns": bad}))
		assert.Equal(t, []string{"GET definitions"}, shop.taken())
	})
	t.Run("updating", func(t *testing.T) {
		s, _, diags := k.applyNew(shopKind, Values{"customer_id": text("7")})
		require.Empty(t, diags)
		assert.True(t, shopKind.testValues(s.val)["columns"].IsNull(), "left out: null, nothing of it kept")
		check(t, k.plan(shopKind, s, Values{"customer_id": text("7"), "columns": bad}))
	})
	assert.Equal(t, path.Root("columns").AtMapKey("Tier"), attrPath(`columns["Tier"]`))
	assert.Equal(t, path.Root("columns").AtMapKey(`a.b["c"]`), attrPath(keyName("", "columns", `a.b["c"]`)))
}

// TestPerKey_importTakesEveryKey: an imported resource shows every key the
// record has, so configuration generated from it plans clean.
func TestPerKey_importTakesEveryKey(t *testing.T) {
	shop := shopWithCustomer7()
	k := newKit(t, shop, shopKind)
	s, diags := k.importID(shopKind, "7")
	requireNoError(t, diags)
	got := shopKind.testValues(s.val)
	assert.Equal(t, columns("Tier", "3", "VIP", "true", "Region", "north"), got["columns"])
	assert.Empty(t, s.private, "the import's mark is gone after the read")
	generated := Values{"customer_id": text("7"), "name": got["name"], "email": got["email"], "note": got["note"], "columns": got["columns"]}
	requireEmptyPlan(t, k, shopKind, s, generated)
}
