package sellercloud

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withoutCards is v with every member whose key folds to creditcards
// removed, at any depth: what dropKeys must produce, computed the slow way.
func withoutCards(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, member := range v {
			if !strings.EqualFold(k, creditCardsKey) {
				out[k] = withoutCards(member)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = withoutCards(e)
		}
		return out
	}
	return v
}

// FuzzWithoutCreditCards: for any JSON document, the scrubbed one is JSON
// and holds exactly the same values less every CreditCards member.
func FuzzWithoutCreditCards(f *testing.F) {
	for _, seed := range []string{
		`{"a":1,"CreditCards":[{"CardNumber":"4111"}],"b":[{"creditCARDS":{}},2]}`,
		`[{"CreditCards":1},{"x":"CreditCards"}]`,
		`{"\u0043reditCards":1,"é":"\u00e9<>&","n":1.50e+1}`,
		`{"CreditCardſ":[[[]]],"z":null}`,
		`"CreditCards"`, `3`, `{}`, `[]`,
		`{"a":{"b":{"c":{"CreditCards":{"d":[1,{"CreditCards":2}]}}}},"e":true}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var want any
		if json.Unmarshal(in, &want) != nil {
			return // the decoders only scrub what decoded
		}
		out, err := withoutCreditCards(in)
		require.NoError(t, err)
		var got any
		require.NoError(t, json.Unmarshal(out, &got), "%s became %s", in, out)
		assert.Equal(t, withoutCards(want), got, "%s became %s", in, out)
	})
}

func TestWithoutCreditCards_keepsOrderAndSpelling(t *testing.T) {
	out, err := withoutCreditCards([]byte(`{ "z": 1.50, "CreditCards": [ {"CVV": "1"} ], "a": "<é>", "m": [ {"creditcards": null}, 2 ] }`))
	require.NoError(t, err)
	assert.Equal(t, `{"z":1.50,"a":"<é>","m":[{},2]}`, string(out))
	in := []byte(`{"General":{"ID":1}, "Name":"plain"}`)
	out, err = withoutCreditCards(in)
	require.NoError(t, err)
	assert.Equal(t, string(in), string(out), "a record that cannot hold the key is kept byte for byte")
}
