package customers

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/agext/levenshtein"
)

// IDRule is what one of a platform's customer ids looks like, said once: the
// docs, the schemas, the identity schema and every error about an id say
// Says, and Check is built from the same fields.
type IDRule struct {
	// Says what an id is, for "a Sellercloud customer id is ...": "a whole
	// number from 1 to 2147483647".
	Says string
	// Example is an id to show in docs and errors.
	Example string
	// Min and Max bound a numeric id (when Max > 0); Pattern matches any
	// other kind.
	Min, Max int64
	Pattern  *regexp.Regexp
}

// NumericIDs are whole numbers from lowest to highest.
func NumericIDs(lowest, highest int64, example string) IDRule {
	return IDRule{Says: fmt.Sprintf("a whole number from %d to %d", lowest, highest), Example: example, Min: lowest, Max: highest}
}

// PatternIDs are the text pattern matches, described by says.
func PatternIDs(pattern, says, example string) IDRule {
	return IDRule{Says: says, Example: example, Pattern: regexp.MustCompile(pattern)}
}

// Describe is the rule with its example: "a whole number from 1 to
// 2147483647, such as 10001".
func (r IDRule) Describe() string {
	if r.Example == "" {
		return r.Says
	}
	return r.Says + ", such as " + r.Example
}

// valid reports whether id follows the rule (any non-empty text for the
// zero rule).
func (r IDRule) valid(id string) bool {
	switch {
	case r.Max > 0:
		// Digits only: ParseInt would take "+7" and "-0".
		if id == "" || strings.Trim(id, "0123456789") != "" {
			return false
		}
		n, err := strconv.ParseInt(id, 10, 64)
		return err == nil && n >= r.Min && n <= r.Max
	case r.Pattern != nil:
		return r.Pattern.MatchString(id)
	}
	return id != ""
}

// CheckID rejects text that cannot be one of the platform's customer ids,
// saying the rule: `"2147483648" is not a Sellercloud customer id (a whole
// number from 1 to 2147483647)`.
func (d *Description) CheckID(id string) error {
	if d.ID.valid(id) {
		return nil
	}
	what := fmt.Sprintf("%q is not %s %s customer id", id, Article(d.Title), d.Title)
	if d.ID.Says == "" {
		return errors.New(what)
	}
	return fmt.Errorf("%s (%s)", what, d.ID.Says)
}

// Article is "an" before a vowel, else "a".
func Article(word string) string {
	if word != "" && strings.ContainsRune("AEIOUaeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// Suggest says which of options a mistyped value was probably meant to be:
// one that differs only in case (values are case-sensitive), or by at most
// two edits and less than half its length. "" when none is close.
func Suggest(got string, options []string) string {
	for _, o := range options {
		if strings.EqualFold(o, got) && o != got {
			return fmt.Sprintf("values are case-sensitive: did you mean %q?", o)
		}
	}
	if !strings.ContainsFunc(got, unicode.IsLetter) {
		return "" // a code one digit off is another code, not a typo
	}
	best, bestDist := "", 3
	for _, o := range options {
		d := levenshtein.Distance(strings.ToLower(got), strings.ToLower(o), nil)
		if d < bestDist && d*2 < len(o) {
			best, bestDist = o, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("did you mean %q?", best)
}
