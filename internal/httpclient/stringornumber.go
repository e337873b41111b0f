package httpclient

import (
	"bytes"
	"encoding/json"
	"strings"
)

// StringOrNumber decodes a JSON string or number as text: ids and status codes
// are strings in one version of an API and numbers in another. null is "".
type StringOrNumber string

func (t *StringOrNumber) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*t = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = StringOrNumber(s)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*t = StringOrNumber(n.String())
	}
	return nil
}

func (t StringOrNumber) String() string { return strings.TrimSpace(string(t)) }
