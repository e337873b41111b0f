package sellercloudtf

import (
	"context"
	"maps"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

func managers(slots ...sellercloud.AccountManager) types.List {
	var s [3]sellercloud.AccountManager
	copy(s[:], slots)
	elems := make([]attr.Value, len(slots))
	for i, m := range slots {
		elems[i] = types.ObjectValueMust(accountManagerAttrTypes, map[string]attr.Value{
			"id": types.Int64Value(int64(m.ID)), "commission": types.Float64Value(m.Commission),
		})
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: accountManagerAttrTypes}, elems)
}

func aliases(a ...string) types.Set {
	elems := make([]attr.Value, len(a))
	for i, s := range a {
		elems[i] = types.StringValue(s)
	}
	return types.SetValueMust(types.StringType, elems)
}

// sellercloudValues reads a customer's fields as commerce_customer does.
func sellercloudValues(d sellercloud.Details) tfkit.Values { return Customer.Record(&d) }

// TestFieldsFromDetails_managersAndAliases checks that empty account-manager
// slots are dropped only at the end and duplicate aliases collapse.
func TestFieldsFromDetails_managersAndAliases(t *testing.T) {
	for _, tc := range []struct {
		slots [3]sellercloud.AccountManager
		want  int
	}{
		{[3]sellercloud.AccountManager{}, 0},
		{[3]sellercloud.AccountManager{{ID: 7, Commission: 2.5}}, 1},
		{[3]sellercloud.AccountManager{{}, {ID: 9, Commission: 1}}, 2},
		{[3]sellercloud.AccountManager{{ID: 1, Commission: 0}, {ID: 2, Commission: 0}, {ID: 3, Commission: 0}}, 3},
	} {
		f := sellercloudValues(sellercloud.Details{AccountManagers: tc.slots, BusinessAliases: []string{"A", "A", "b"}})
		managers := f["account_managers"].(types.List)
		assert.Len(t, managers.Elements(), tc.want, "%v: account managers", tc.slots)
		got, ok := managerSlots(managers)
		assert.True(t, ok, "%v: round trip", tc.slots)
		assert.Equal(t, tc.slots, got, "%v: round trip", tc.slots)
		assert.Len(t, f["business_aliases"].(types.Set).Elements(), 2, "aliases")
	}
}

// TestKeepEquivalent checks which server values count as the same as the
// state's (and keep the state's spelling) and which are drift.
func TestKeepEquivalent(t *testing.T) {
	server := sellercloudValues(sellercloud.Details{
		Name: "Bob", Email: "bob@example.com", EmailCC: "a@example.com;b@example.com", Title: "Dr.",
		BusinessAliases: []string{"Alpha", "Zeta"}, Rating: "Neutral",
		AccountManagers: [3]sellercloud.AccountManager{{ID: 7, Commission: 2.56}, {ID: 8, Commission: 1}},
	})
	prior := maps.Clone(server)
	prior["name"] = types.StringValue(" Bob ")
	prior["email"] = types.StringValue("Bob@Example.COM")
	prior["email_cc"] = types.StringValue("A@example.com, b@example.com")
	prior["title"] = types.StringValue("Prof.")
	prior["business_aliases"] = aliases("Zeta", " Alpha")
	prior["rating"] = types.StringValue("neutral")
	prior["account_managers"] = managers(sellercloud.AccountManager{ID: 7, Commission: 2.555}, sellercloud.AccountManager{ID: 8, Commission: 1.0})
	got := Customer.KeepEquivalent(server, prior)
	for _, tc := range []struct {
		name, attr string
		want       tfkit.Values
	}{
		{"name (spaces)", "name", prior},
		{"email (case)", "email", prior},
		{"email_cc (case, separator)", "email_cc", prior},
		{"title (drift)", "title", server},
		{"business_aliases (order, spaces)", "business_aliases", prior},
		{"rating (enum names are exact)", "rating", server},
		{"account_managers (commission precision)", "account_managers", prior},
	} {
		assert.True(t, got[tc.attr].Equal(tc.want[tc.attr]), "%s: got %s, want %s", tc.name, got[tc.attr], tc.want[tc.attr])
	}
	prior["account_managers"] = managers(sellercloud.AccountManager{ID: 7, Commission: 2.54}, sellercloud.AccountManager{ID: 8, Commission: 1})
	got = Customer.KeepEquivalent(server, prior)
	assert.True(t, got["account_managers"].Equal(server["account_managers"]), "a commission 0.02 away is drift, got %s", got["account_managers"])
}

// TestUpdateFor checks that only configured fields that differ are sent, and
// only the account-manager slots that change.
func TestUpdateFor(t *testing.T) {
	have := sellercloudValues(sellercloud.Details{
		Name: "Bob", Email: "bob@example.com", Fax: "1",
		AccountManagers: [3]sellercloud.AccountManager{{ID: 7, Commission: 2.5}, {ID: 9, Commission: 1}},
	})
	plan := maps.Clone(have)
	plan["email"] = types.StringValue("BOB@example.com") // equivalent: not sent
	plan["name"] = types.StringValue("Robert")
	plan["fax"] = types.StringValue("2") // not configured: never sent
	plan["account_managers"] = managers(sellercloud.AccountManager{ID: 7, Commission: 2.5})
	config := tfkit.Values{}
	for name, v := range plan {
		config[name] = tfkit.NullOf(v.Type(context.Background()))
	}
	for _, name := range []string{"email", "name", "account_managers"} {
		config[name] = plan[name]
	}
	b, sent, _ := Customer.Diff(config, plan, have)
	u := b.Customer
	assert.ElementsMatch(t, []string{"account_managers", "name"}, sent)
	assert.Equal(t, new("Robert"), u.Name)
	assert.Nil(t, u.Email, "equivalent: not sent")
	assert.Nil(t, u.Fax, "not configured: never sent")
	// Only slot 2 changes: it is emptied.
	assert.Nil(t, u.AccountManager1ID)
	assert.Nil(t, u.AccountManager1Commission)
	assert.Equal(t, new(0), u.AccountManager2ID)
	assert.Equal(t, new(0.0), u.AccountManager2Commission)
	assert.Nil(t, u.AccountManager3ID)
	assert.Nil(t, u.AccountManager3Commission)
}

// TestAppliedFields_storedDifferently checks that a sent field the server
// stored as a non-equivalent value is an error on that attribute and the
// state gets the stored value, while equivalent ones keep the plan's.
func TestAppliedFields_storedDifferently(t *testing.T) {
	server := sellercloudValues(sellercloud.Details{Phone1: "+15551234", Email: "bob@example.com"})
	plan := maps.Clone(server)
	plan["phone_1"] = types.StringValue("555-1234")
	plan["email"] = types.StringValue("Bob@Example.com")
	plan["mobile"] = types.StringUnknown()
	got, diags := Customer.Applied(server, plan, []string{"phone_1", "email"})
	require.Equal(t, 1, diags.ErrorsCount(), diags)
	withPath, ok := diags[0].(diag.DiagnosticWithPath)
	require.True(t, ok, diags)
	require.True(t, withPath.Path().Equal(path.Root("phone_1")), diags)
	assert.Contains(t, diags[0].Detail(), `phone_1 was sent as "555-1234", but Sellercloud stored "+15551234"`)
	assert.Equal(t, `"+15551234"`, got["phone_1"].String(), "the stored value")
	assert.Equal(t, `"Bob@Example.com"`, got["email"].String(), "the plan's spelling of an equivalent value")
	assert.False(t, got["mobile"].IsUnknown(), "mobile")
}
