package customers

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// Every customer id passes CheckIDText, on every platform: it becomes a
// segment of a URL path (escaped once), a key of the state and a map key of
// a list read. A server's ids pass it too (ServerID), so that a list item
// without an id, or with one of spaces, is an error and never a customer
// named "" or "0".

// CheckIDText accepts text that can name one customer: not empty, without
// space around it, not "." or ".." (which would name another resource in a
// URL path), and without control characters.
func CheckIDText(id string) error {
	switch {
	case strings.TrimSpace(id) == "":
		return errors.New("an id must not be empty or blank")
	case strings.TrimSpace(id) != id:
		return fmt.Errorf("%q has spaces around it", id)
	case id == "." || id == "..":
		return fmt.Errorf("%q is not an id: in a URL path it names another resource", id)
	case strings.ContainsFunc(id, unicode.IsControl):
		return fmt.Errorf("%q holds a control character", id)
	}
	return nil
}

// ServerID is a customer id as a server gave it (a list item's, a record's):
// trimmed, then checked with CheckIDText.
func ServerID(raw string) (string, error) {
	id := strings.TrimSpace(raw)
	if id == "" {
		return "", errors.New("the id is missing, null, empty or blank")
	}
	if err := CheckIDText(id); err != nil {
		return "", err
	}
	return id, nil
}

// CheckCustomerID rejects text that cannot be one of this platform's
// customer ids: CheckIDText, then the platform's own CheckID.
func (d *Description) CheckCustomerID(id string) error {
	if err := CheckIDText(id); err != nil {
		return err
	}
	if d.CheckID != nil {
		return d.CheckID(id)
	}
	return nil
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
