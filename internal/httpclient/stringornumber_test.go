package httpclient

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStringOrNumber(t *testing.T) {
	var v struct{ A, B, C StringOrNumber }
	require.NoError(t, json.Unmarshal([]byte(`{"A":"1000","B":1006374020,"C":null}`), &v))
	assert.Equal(t, struct{ A, B, C StringOrNumber }{"1000", "1006374020", ""}, v)
	assert.Error(t, json.Unmarshal([]byte(`{"A":{}}`), &v), "an object decoded as text")
}
