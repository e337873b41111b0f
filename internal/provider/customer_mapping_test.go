package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
		f := fieldsFromDetails(sellercloud.Details{AccountManagers: tc.slots, BusinessAliases: []string{"A", "A", "b"}})
		assert.Len(t, f.AccountManagers.Elements(), tc.want, "%v: account managers", tc.slots)
		got, ok := managerSlots(f.AccountManagers)
		assert.True(t, ok, "%v: round trip", tc.slots)
		assert.Equal(t, tc.slots, got, "%v: round trip", tc.slots)
		assert.Len(t, f.BusinessAliases.Elements(), 2, "aliases")
	}
}

// TestKeepEquivalent checks which server values count as the same as the
// state's (and keep the state's spelling) and which are drift.
func TestKeepEquivalent(t *testing.T) {
	server := fieldsFromDetails(sellercloud.Details{
		Name: "Bob", Email: "bob@example.com", EmailCC: "a@example.com;b@example.com", Title: "Dr.",
		BusinessAliases: []string{"Alpha", "Zeta"}, Rating: "Neutral",
		AccountManagers: [3]sellercloud.AccountManager{{ID: 7, Commission: 2.56}, {ID: 8, Commission: 1}},
	})
	prior := server
	prior.Name = types.StringValue(" Bob ")
	prior.Email = types.StringValue("Bob@Example.COM")
	prior.EmailCC = types.StringValue("A@example.com, b@example.com")
	prior.Title = types.StringValue("Prof.")
	prior.BusinessAliases = aliases("Zeta", " Alpha")
	prior.Rating = types.StringValue("neutral")
	prior.AccountManagers = managers(sellercloud.AccountManager{ID: 7, Commission: 2.555}, sellercloud.AccountManager{ID: 8, Commission: 1.0})
	got := keepEquivalent(server, prior)
	for _, tc := range []struct {
		name      string
		got, want attr.Value
	}{
		{"name (spaces)", got.Name, prior.Name},
		{"email (case)", got.Email, prior.Email},
		{"email_cc (case, separator)", got.EmailCC, prior.EmailCC},
		{"title (drift)", got.Title, server.Title},
		{"business_aliases (order, spaces)", got.BusinessAliases, prior.BusinessAliases},
		{"rating (enum names are exact)", got.Rating, server.Rating},
		{"account_managers (commission precision)", got.AccountManagers, prior.AccountManagers},
	} {
		assert.True(t, tc.got.Equal(tc.want), "%s: got %s, want %s", tc.name, tc.got, tc.want)
	}
	prior.AccountManagers = managers(sellercloud.AccountManager{ID: 7, Commission: 2.54}, sellercloud.AccountManager{ID: 8, Commission: 1})
	got = keepEquivalent(server, prior)
	assert.True(t, got.AccountManagers.Equal(server.AccountManagers), "a commission 0.02 away is drift, got %s", got.AccountManagers)
}

// TestUpdateFor checks that only configured fields that differ are sent, and
// only the account-manager slots that change.
func TestUpdateFor(t *testing.T) {
	have := fieldsFromDetails(sellercloud.Details{
		Name: "Bob", Email: "bob@example.com", Fax: "1",
		AccountManagers: [3]sellercloud.AccountManager{{ID: 7, Commission: 2.5}, {ID: 9, Commission: 1}},
	})
	plan := have
	plan.Email = types.StringValue("BOB@example.com") // equivalent: not sent
	plan.Name = types.StringValue("Robert")
	plan.Fax = types.StringValue("2") // not configured: never sent
	plan.AccountManagers = managers(sellercloud.AccountManager{ID: 7, Commission: 2.5})
	var config sellercloudFields
	for _, f := range sellercloudFieldTable {
		f.set(&config, nullOf(f.get(&plan)))
	}
	config.Email, config.Name, config.AccountManagers = plan.Email, plan.Name, plan.AccountManagers
	u, sent := updateFor(config, plan, have)
	assert.Equal(t, []string{"account_managers", "name"}, sortedKeys(sent))
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

func nullOf(v attr.Value) attr.Value {
	switch v.(type) {
	case types.String:
		return types.StringNull()
	case types.Set:
		return types.SetNull(types.StringType)
	case types.Bool:
		return types.BoolNull()
	case types.Int64:
		return types.Int64Null()
	default:
		return types.ListNull(types.ObjectType{AttrTypes: accountManagerAttrTypes})
	}
}

// TestAppliedFields_storedDifferently checks that a sent field the server
// stored as a non-equivalent value is an error on that attribute and the
// state gets the stored value, while equivalent ones keep the plan's.
func TestAppliedFields_storedDifferently(t *testing.T) {
	server := fieldsFromDetails(sellercloud.Details{Phone1: "+15551234", Email: "bob@example.com"})
	plan := server
	plan.Phone1 = types.StringValue("555-1234")
	plan.Email = types.StringValue("Bob@Example.com")
	plan.Mobile = types.StringUnknown()
	var diags diagList
	got := appliedFields(server, plan, map[string]bool{"phone_1": true, "email": true}, &diags)
	require.Equal(t, 1, diags.ErrorsCount(), diags)
	withPath, ok := diags[0].(diag.DiagnosticWithPath)
	require.True(t, ok, diags)
	require.True(t, withPath.Path().Equal(path.Root("phone_1")), diags)
	assert.Equal(t, "+15551234", got.Phone1.ValueString(), "the stored value")
	assert.Equal(t, "Bob@Example.com", got.Email.ValueString(), "the plan's spelling of an equivalent value")
	assert.False(t, got.Mobile.IsUnknown(), "mobile")
}

func TestValidEmail(t *testing.T) {
	for s, want := range map[string]bool{
		"a@example.com": true, "First.Last+tag@sub.example.co": true,
		"": false, "a": false, "a@": false, "@example.com": false, "a@example": false, "a b@example.com": false,
		"A <a@example.com>": false, "a@@example.com": false, "a@example.com.": false,
	} {
		assert.Equal(t, want, validEmail(s), "validEmail(%q)", s)
	}
}
