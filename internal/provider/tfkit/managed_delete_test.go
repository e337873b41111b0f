package tfkit

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

var memberConfig = Values{"customer_id": text("100"), "user_id": text("u1"), "role": text("MEMBER")}

// TestAlwaysCreates_createReadDelete: a resource that is not an adoption
// plans without reading, creates for real, reads the record it made,
// deletes it on destroy (no "only forgets" warning), and treats a record
// already gone as deleted.
func TestAlwaysCreates_createReadDelete(t *testing.T) {
	shop := newShop()
	k := newKit(t, shop, memberKind)
	p := k.plan(memberKind, nil, memberConfig)
	requireNoError(t, p.diags)
	assert.Empty(t, p.diags)
	assert.Empty(t, shop.taken(), "nothing to read while planning a create")
	assert.Equal(t, "100/u1", textOf(memberKind.testValues(p.state), "id"), "the id is the caller's: known while planning")
	s, diags := k.apply(memberKind, p)
	require.Empty(t, diags)
	assert.Equal(t, []string{"POST member 100/u1"}, shop.taken(), "the create answered with the record: no read back")
	s = requireEmptyPlan(t, k, memberKind, s, memberConfig)
	assert.Equal(t, []string{"GET member 100/u1"}, shop.taken())

	destroy := k.plan(memberKind, s, nil)
	assert.Empty(t, destroy.diags, "a destroy that deletes needs no warning")
	gone, diags := k.apply(memberKind, destroy)
	require.Empty(t, diags)
	assert.Nil(t, gone)
	assert.Equal(t, []string{"DELETE member 100/u1"}, shop.taken())
	assert.Empty(t, shop.members)

	gone, diags = k.apply(memberKind, destroy)
	assert.Empty(t, diags, "already gone: deleted")
	assert.Nil(t, gone)

	refreshed, diags := k.read(memberKind, s)
	assert.Nil(t, refreshed, "gone: removed from the state")
	require.Len(t, diags, 1)
	assert.Equal(t, "Member no longer exists", diags[0].Summary)
	assert.Contains(t, diags[0].Detail, "The next plan creates it again")
}

// TestDelete_failureKeepsTheState: a delete Test Shop refuses is an error
// that says nothing was deleted, and the resource stays in the state.
func TestDelete_failureKeepsTheState(t *testing.T) {
	shop := newShop()
	k := newKit(t, shop, memberKind)
	s, _, diags := k.applyNew(memberKind, memberConfig)
	require.Empty(t, diags)
	shop.failDelete = &httpclient.APIError{Status: 409, Method: "DELETE", Host: "shop.test", Path: "/members", Message: "last admin"}
	kept, diags := k.apply(memberKind, k.plan(memberKind, s, nil))
	require.Len(t, diags, 1)
	assert.Equal(t, "Deleting the member failed", diags[0].Summary)
	assert.Contains(t, diags[0].Detail, "Test Shop rejected the deletion of Shop member 100/u1; nothing was deleted and it stays in the state.")
	assert.Contains(t, diags[0].Detail, "last admin")
	require.NotNil(t, kept)
	assert.True(t, kept.val.Equal(s.val))
}

// TestReplaces_planSaysSo: a field that cannot change in place replaces the
// resource, and the plan's warning names it, the change and what replacing
// does; an id part that changes says the old record is deleted.
func TestReplaces_planSaysSo(t *testing.T) {
	shop := newShop()
	k := newKit(t, shop, memberKind)
	s, _, diags := k.applyNew(memberKind, memberConfig)
	require.Empty(t, diags)

	admin := withNulls(memberConfig)
	admin["role"] = text("ADMIN")
	p := k.plan(memberKind, s, admin)
	requireNoError(t, p.diags)
	assert.Equal(t, []*tftypes.AttributePath{tftypes.NewAttributePath().WithAttributeName("role")}, p.replaces)
	require.Len(t, p.diags, 1)
	assert.Equal(t, "Changing role replaces commerce_shop_member", p.diags[0].Summary)
	assert.Equal(t, `role: "MEMBER" -> "ADMIN". Test Shop cannot change role in place, so the plan replaces the resource: applying deletes Shop member 100/u1 and creates a member with the configured values.`, p.diags[0].Detail)

	p = k.plan(memberKind, s, withNulls(Values{"customer_id": text("100"), "user_id": text("u1")}))
	assert.Empty(t, p.replaces, "left out: the state's role, no change")
	assert.Empty(t, p.diags)

	other := withNulls(memberConfig)
	other["user_id"] = text("u2")
	p = k.plan(memberKind, s, other)
	require.Len(t, p.diags, 1)
	assert.Equal(t, "Replacing commerce_shop_member deletes Shop member 100/u1", p.diags[0].Summary)
	assert.Contains(t, p.diags[0].Detail, "applying deletes Shop member 100/u1 and creates a member with the configured values")
}

// TestDelete_withoutTheHookForgets: a resource without a Delete hook warns
// at plan time that destroying only forgets, and deletes nothing.
func TestDelete_withoutTheHookForgets(t *testing.T) {
	shop := shopWithCustomer7()
	k := newKit(t, shop, shopKind)
	s, _, diags := k.applyNew(shopKind, Values{"customer_id": text("7")})
	require.Empty(t, diags)
	p := k.plan(shopKind, s, nil)
	require.Len(t, p.diags, 1)
	assert.Equal(t, "Destroying commerce_shop_customer only forgets Shop customer 7", p.diags[0].Summary)
	gone, diags := k.apply(shopKind, p)
	assert.Empty(t, diags)
	assert.Nil(t, gone)
	assert.Contains(t, shop.records, "7")
}
