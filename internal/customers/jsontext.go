package customers

import (
	"bytes"
	"encoding/json"
	"strings"
)

// JSONText decodes a JSON string or number as text: ids and status codes are
// strings in one version of an API and numbers in another.
type JSONText string

func (t *JSONText) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*t = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = JSONText(s)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*t = JSONText(n.String())
	}
	return nil
}

func (t JSONText) String() string { return strings.TrimSpace(string(t)) }
