package sellercloud

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// A customer record carries CreditCards[] (swagger CustomerCreditCardDto:
// card number, CVV, name on card, expiry). The provider keeps none of it:
// the decoders have no field for it, and the raw JSON kept for `raw` is
// scrubbed of every "CreditCards" key, at any depth and in any case (JSON
// keys match case-insensitively in the API's ASP.NET and in Go), before it
// leaves this package.
const creditCardsKey = "creditcards"

// withoutCreditCards is raw without any member named CreditCards (any
// case), compacted; raw itself when it cannot hold one. It reads the JSON
// once, token by token, so its cost is linear whatever the nesting.
func withoutCreditCards(raw []byte) ([]byte, error) {
	if !mayHoldKey(raw, creditCardsKey) {
		return raw, nil
	}
	return dropKeys(raw, func(key string) bool { return strings.EqualFold(key, creditCardsKey) })
}

// mayHoldKey reports whether a key that folds to key (ASCII, lower case)
// could be in raw: its letters appear in any case, or an escape
// (\u0043reditCards) or a non-ASCII letter that folds to an ASCII one
// (U+017F ſ folds to s) could spell them. It allocates nothing: it runs on
// every list item.
func mayHoldKey(raw []byte, key string) bool {
	for i, b := range raw {
		switch {
		case b >= 0x80, b == '\\' && i+1 < len(raw) && raw[i+1] == 'u':
			return true
		case b|0x20 == key[0] && i+len(key) <= len(raw) && asciiEqualFold(raw[i:i+len(key)], key):
			return true
		}
	}
	return false
}

// asciiEqualFold compares b with the lower-case ASCII key, ignoring case.
func asciiEqualFold(b []byte, key string) bool {
	for i := range b {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != key[i] {
			return false
		}
	}
	return true
}

// jsonLevel is an open object or array of dropKeys.
type jsonLevel struct {
	object  bool
	members int
	// wantKey: in an object, the next token is a key (or its end).
	wantKey bool
}

// dropKeys rewrites raw without the object members whose key drop picks.
func dropKeys(raw []byte, drop func(key string) bool) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	var stack []jsonLevel
	skip := 0         // > 0: inside a dropped value, this deep
	skipNext := false // a key was dropped: its value is next
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if skipNext || skip > 0 {
			skipNext = false
			switch tok {
			case json.Delim('{'), json.Delim('['):
				skip++
			case json.Delim('}'), json.Delim(']'):
				skip--
			}
			if skip == 0 { // the dropped value ended: its object goes on with a key
				stack[len(stack)-1].wantKey = true
			}
			continue
		}
		var top *jsonLevel
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			out.WriteByte(byte(d))
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				stack[len(stack)-1].wantKey = stack[len(stack)-1].object
			}
			continue
		}
		if top != nil && top.object && top.wantKey {
			key, _ := tok.(string)
			top.wantKey = false
			if drop(key) {
				skipNext = true
				continue
			}
			if top.members > 0 {
				out.WriteByte(',')
			}
			top.members++
			if err := writeToken(enc, &out, key); err != nil {
				return nil, err
			}
			out.WriteByte(':')
			continue
		}
		if top != nil && !top.object {
			if top.members > 0 {
				out.WriteByte(',')
			}
			top.members++
		}
		if d, ok := tok.(json.Delim); ok { // '{' or '[': the closers are above
			out.WriteByte(byte(d))
			stack = append(stack, jsonLevel{object: d == '{', wantKey: d == '{'})
			continue
		}
		if err := writeToken(enc, &out, tok); err != nil {
			return nil, err
		}
		if top != nil && top.object {
			top.wantKey = true
		}
	}
	return out.Bytes(), nil
}

// writeToken writes a scalar token as JSON (the encoder adds a newline,
// which is cut).
func writeToken(enc *json.Encoder, out *bytes.Buffer, tok any) error {
	if err := enc.Encode(tok); err != nil {
		return err
	}
	out.Truncate(out.Len() - 1)
	return nil
}
