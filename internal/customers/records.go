package customers

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// A server's ids pass CheckIDText too (ServerID), so that a list item
// without an id, or with one of spaces, is an error and never a customer
// named "" or "0"; and a single record must be the one asked for (SameID,
// TheOneAsked): a record of another customer would be written into the
// state, and a write built on it, as this one.

// ServerID is a customer id as a server gave it (a list item's, a record's):
// trimmed, then checked with CheckIDText.
func ServerID(raw string) (string, error) {
	id := strings.TrimSpace(raw)
	if id == "" {
		return "", errors.New("the id is missing, null, empty or blank")
	}
	if err := CheckIDText(id); err != nil {
		return "", fmt.Errorf("%q is not an id: %w", id, err)
	}
	return id, nil
}

// DecodeRecord decodes one record of the API, a what ("customer",
// "user"), into a T, and reads its id, the member key, with ServerID: a
// record that does not decode, or has no usable id, is an error that says
// so.
func DecodeRecord[T any](raw []byte, what, key string, idOf func(d *T) string) (d T, id string, err error) {
	if err := json.Unmarshal(raw, &d); err != nil {
		return d, "", fmt.Errorf("cannot decode a %s: %w", what, err)
	}
	if id, err = ServerID(idOf(&d)); err != nil {
		return d, "", fmt.Errorf("a %s has no usable %s: %w", what, key, err)
	}
	return d, id, nil
}

// SameID checks that a single-customer record is the one asked for: got is
// the record's id as the server sent it (trimmed), asked the id requested.
func SameID(asked, got string) error {
	id, err := ServerID(got)
	switch {
	case err != nil:
		return fmt.Errorf("the record asked for as customer %q: %w", asked, err)
	case id != asked:
		return fmt.Errorf("the record asked for as customer %q is customer %q: it was not used", asked, id)
	}
	return nil
}

// TheOneAsked wraps a platform's decoder of a single-customer record: the
// record decoded must be customer asked (a record of another customer, or
// without an id, is an error naming both).
func TheOneAsked(asked string, decode func(json.RawMessage) (Customer, error)) func(json.RawMessage) (Customer, error) {
	return func(body json.RawMessage) (Customer, error) {
		c, err := decode(body)
		if err != nil {
			return Customer{}, fmt.Errorf("the record asked for as customer %q: %w", asked, err)
		}
		if err := SameID(asked, c.ID); err != nil {
			return Customer{}, err
		}
		return c, nil
	}
}
