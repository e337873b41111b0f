package customers

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckIDText(t *testing.T) {
	for _, id := range []string{"42", "c-1", "a/b", "kundé", "1006374000"} {
		assert.NoError(t, CheckIDText(id), id)
	}
	for id, want := range map[string]string{
		"":       "must not be empty or blank",
		"   ":    "must not be empty or blank",
		" 42":    "has spaces around it",
		".":      "in a URL path it names another resource",
		"..":     "in a URL path it names another resource",
		"a\x1bb": "holds a control character",
	} {
		err := CheckIDText(id)
		require.Error(t, err, "%q", id)
		assert.Contains(t, err.Error(), want, "%q", id)
	}
}

func TestServerID_trimmedThenRequired(t *testing.T) {
	id, err := ServerID("  c-1\n")
	require.NoError(t, err)
	assert.Equal(t, "c-1", id)
	for _, raw := range []string{"", "   ", "\t", ".", ".."} {
		_, err := ServerID(raw)
		assert.Error(t, err, "%q", raw)
	}
	assert.NoError(t, SameID("42", " 42 "))
	assert.EqualError(t, SameID("42", "43"), `the record asked for as customer "42" is customer "43": it was not used`)
	assert.EqualError(t, SameID("42", ""), `the record asked for as customer "42": the id is missing, null, empty or blank`)
}

// TestDecodeRecord: a record decodes with its id trimmed; one that does not
// decode, or whose id is blank, is an error naming what and the id's key.
func TestDecodeRecord(t *testing.T) {
	type user struct{ UserID, Name string }
	idOf := func(u *user) string { return u.UserID }
	u, id, err := DecodeRecord([]byte(`{"UserID": " u-1 ", "Name": "Ada"}`), "user", "userId", idOf)
	require.NoError(t, err)
	assert.Equal(t, "u-1", id)
	assert.Equal(t, "Ada", u.Name)
	_, _, err = DecodeRecord([]byte(`[1]`), "user", "userId", idOf)
	assert.ErrorContains(t, err, "cannot decode a user: ")
	_, _, err = DecodeRecord([]byte(`{"Name": "Ada"}`), "user", "userId", idOf)
	assert.EqualError(t, err, "a user has no usable userId: the id is missing, null, empty or blank")
}

// TestCheck_dotIDsOnEveryPlatform: "." and ".." are refused as ids on a
// platform whose rule takes any text too (plan time, before any request).
func TestCheck_dotIDsOnEveryPlatform(t *testing.T) {
	d := Description{Name: "p", Title: "Platform", Filters: map[string]FilterSupport{FilterIDs: Local()}}
	errs := d.Check(Filter{IDs: []string{"ok", ".", ".."}})
	require.Len(t, errs, 2)
	assert.Equal(t, FilterIDs, errs[0].Filter)
	assert.Contains(t, errs[0].Detail, `"." is not a Platform customer id: in a URL path it names another resource`)
	assert.NoError(t, d.CheckID("ok"))
	assert.EqualError(t, d.CheckID(".."), `".." is not a Platform customer id: in a URL path it names another resource`)
	assert.EqualError(t, d.CheckID(" ok"), `" ok" is not a Platform customer id: it has spaces around it`)
}

func TestTheOneAsked(t *testing.T) {
	decode := func(id string, err error) func(json.RawMessage) (Customer, error) {
		return func(json.RawMessage) (Customer, error) { return Customer{ID: id}, err }
	}
	_, err := TheOneAsked("c-1", decode("c-1", nil))(nil)
	assert.NoError(t, err)
	_, err = TheOneAsked("c-1", decode("c-2", nil))(nil)
	assert.EqualError(t, err, `the record asked for as customer "c-1" is customer "c-2": it was not used`)
	_, err = TheOneAsked("c-1", decode("", errors.New("no id")))(nil)
	assert.EqualError(t, err, `the record asked for as customer "c-1": no id`)
}
