package httpclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// StringOrNumber decodes a JSON string or number as text: ids and status codes
// are strings in one version of an API and numbers in another. A number has
// one spelling, whatever the server wrote: 1500, 1500.0 and 1.5e3 are all
// "1500"; a number with a fraction is an error (no id or code has one). A
// string is kept as sent. null is "".
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
		whole, err := wholeNumber(n.String())
		if err != nil {
			return err
		}
		*t = StringOrNumber(whole)
	}
	return nil
}

// String is the text without surrounding space.
func (t StringOrNumber) String() string { return strings.TrimSpace(string(t)) }

// maxExponent bounds the exponent of a number read as a whole number: a
// larger one would make a string of that many zeros.
const maxExponent = 64

// wholeNumber spells a JSON number that is a whole number in decimal
// digits without a fraction or an exponent ("1.5e3" -> "1500"); a fraction
// that is not zero, or an exponent past maxExponent, is an error.
func wholeNumber(n string) (string, error) {
	neg := strings.HasPrefix(n, "-")
	mant, exp := strings.TrimPrefix(n, "-"), 0
	if i := strings.IndexAny(mant, "eE"); i >= 0 {
		e, err := strconv.Atoi(mant[i+1:])
		if err != nil || e > maxExponent || e < -maxExponent {
			return "", fmt.Errorf("the number %s is out of range for an id or a code", n)
		}
		mant, exp = mant[:i], e
	}
	digits, frac, _ := strings.Cut(mant, ".")
	digits += frac
	exp -= len(frac)
	if exp >= 0 {
		digits += strings.Repeat("0", exp)
	} else {
		cut := max(0, len(digits)+exp)
		if strings.Trim(digits[cut:], "0") != "" {
			return "", fmt.Errorf("the number %s is not a whole number, as an id or a code is", n)
		}
		digits = digits[:cut]
	}
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return "0", nil
	}
	if neg {
		digits = "-" + digits
	}
	return digits, nil
}
