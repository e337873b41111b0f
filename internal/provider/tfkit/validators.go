package tfkit

import (
	"context"
	"fmt"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

type diagList = diag.Diagnostics

// Every validator of this provider is its own, so that a person reads one
// voice: the path as HCL writes it (account_managers[0].commission), numbers
// as people write them (0.01, not 0.010000), a close misspelling answered
// with "did you mean", and the error shown on the attribute's line.

// HCLPath writes an attribute path as HCL does: filter.ids,
// account_managers[0].commission, labels["x"]; an element of a set, which
// HCL cannot index, as "an element of business_aliases".
func HCLPath(p path.Path) string {
	steps := p.Steps()
	if n := len(steps); n > 0 {
		if _, ok := steps[n-1].(path.PathStepElementKeyValue); ok {
			return "an element of " + HCLPath(p.ParentPath())
		}
	}
	var b strings.Builder
	for _, step := range steps {
		switch s := step.(type) {
		case path.PathStepAttributeName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(s))
		case path.PathStepElementKeyInt:
			fmt.Fprintf(&b, "[%d]", int64(s))
		case path.PathStepElementKeyString:
			fmt.Fprintf(&b, "[%q]", string(s))
		case path.PathStepElementKeyValue:
			fmt.Fprintf(&b, "[%s]", s.Value) // inside a set: no HCL form
		}
	}
	return b.String()
}

// pointAt is where a diagnostic about p is attached: its top-level
// attribute. Terraform shows the line of a top-level attribute (or of a set
// element's set), but for anything inside a nested value it falls back to
// the whole block, so the message says the full path (HCLPath) and the
// diagnostic points at the line that holds it.
func pointAt(p path.Path) path.Path {
	steps := p.Steps()
	if len(steps) == 0 {
		return p
	}
	if name, ok := steps[0].(path.PathStepAttributeName); ok {
		return path.Root(string(name))
	}
	return p
}

// AddError reports a problem with the value at p.
func AddError(diags *diagList, p path.Path, summary, detail string) {
	diags.AddAttributeError(pointAt(p), summary, detail)
}

// leaf is the last attribute name of p, for a summary ("Invalid commission").
func leaf(p path.Path) string {
	steps := p.Steps()
	for i := len(steps) - 1; i >= 0; i-- {
		if name, ok := steps[i].(path.PathStepAttributeName); ok {
			return string(name)
		}
	}
	return "value"
}

// FormatNumber writes a number as a person would: 0.01, 100, 2.5.
func FormatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Suggestion is " Did you mean ...?" for a close misspelling of one of
// options, or "".
func Suggestion(got string, options []string) string {
	hint := customers.Suggest(got, options)
	if hint == "" {
		return ""
	}
	return " " + strings.ToUpper(hint[:1]) + hint[1:]
}

func quoted(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = strconv.Quote(v)
	}
	return JoinOr(q)
}

// JoinOr joins "a", "a or b", "a, b or c".
func JoinOr(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// StringCheck validates a known string with a check function that says
// what is wrong with it ("" when nothing is), given the value's path as HCL
// writes it.
type StringCheck struct {
	// rule is what a valid value is, for the docs ("must be ...").
	rule    string
	summary string // "" for "Invalid <attribute>"
	check   func(at, value string) (problem string)
}

func (v StringCheck) Description(context.Context) string { return v.rule }

func (v StringCheck) MarkdownDescription(context.Context) string { return v.rule }

func (v StringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := v.check(HCLPath(req.Path), req.ConfigValue.ValueString()); problem != "" {
		summary := v.summary
		if summary == "" {
			summary = "Invalid " + leaf(req.Path)
		}
		AddError(&resp.Diagnostics, req.Path, summary, problem)
	}
}

// OneOf accepts one of values, exactly; a close misspelling or a case
// mismatch is answered with the value meant.
func OneOf(values ...string) StringCheck {
	return StringCheck{
		rule: "must be one of " + quoted(values),
		check: func(at, v string) string {
			for _, ok := range values {
				if v == ok {
					return ""
				}
			}
			return fmt.Sprintf("%s is %q; it must be %s.%s", at, v, quoted(values), Suggestion(v, values))
		},
	}
}

// LengthBetween accepts text of minLen to maxLen characters.
func LengthBetween(minLen, maxLen int) StringCheck {
	rule := fmt.Sprintf("must be %d to %d characters long", minLen, maxLen)
	if minLen == 0 {
		rule = fmt.Sprintf("must be at most %d characters long", maxLen)
	}
	return StringCheck{
		rule: rule,
		check: func(at, v string) string {
			if n := utf8.RuneCountInString(v); n < minLen || n > maxLen {
				if n == 0 {
					return fmt.Sprintf("%s is empty; it %s.", at, rule)
				}
				return fmt.Sprintf("%s is %d characters long; it %s.", at, n, rule)
			}
			return ""
		},
	}
}

// Matches accepts text that re matches; rule says what that is ("must not
// contain <, >, [ or \"").
func Matches(re *regexp.Regexp, rule string) StringCheck {
	return StringCheck{
		rule: rule,
		check: func(at, v string) string {
			if re.MatchString(v) {
				return ""
			}
			return fmt.Sprintf("%s is %q; it %s.", at, v, rule)
		},
	}
}

// CheckBaseURL says what is wrong with a base_url ("" when nothing is).
func CheckBaseURL(v string) string {
	if _, err := httpclient.ParseBaseURL(v); err != nil {
		return err.Error() + "."
	}
	return ""
}

// BaseURLValidator accepts https:// URLs, and http:// for loopback hosts only.
func BaseURLValidator() StringCheck {
	return StringCheck{
		rule: "must be an https:// URL (http:// only for localhost or a literal loopback IP)", summary: "Invalid base_url",
		check: func(at, v string) string {
			if problem := CheckBaseURL(v); problem != "" {
				return at + ": " + problem
			}
			return ""
		},
	}
}

// DurationValidator accepts a positive Go duration such as "30s" or "2m".
func DurationValidator() StringCheck {
	return StringCheck{
		rule: "must be a positive duration such as 30s or 2m",
		check: func(at, v string) string {
			if d, err := time.ParseDuration(v); err != nil || d <= 0 {
				return fmt.Sprintf("%s is %q, which is not a positive duration; write it like 30s, 90s or 2m.", at, v)
			}
			return ""
		},
	}
}

// SettingValidator runs a platform's check of one provider setting.
func SettingValidator(check func(string) error) StringCheck {
	return StringCheck{
		rule: "must be valid for the platform",
		check: func(at, v string) string {
			if err := check(v); err != nil {
				return at + ": " + err.Error() + "."
			}
			return ""
		},
	}
}

// RFC3339Example is the timestamp the RFC 3339 errors offer to copy.
const RFC3339Example = "2024-01-01T00:00:00Z"

// RFC3339Validator accepts an RFC 3339 timestamp. Its error shows a
// timestamp to copy (and, for a date or a time without a zone, the value
// written in full), never Go's layout string.
func RFC3339Validator() StringCheck {
	return StringCheck{
		rule: "must be an RFC 3339 timestamp such as " + RFC3339Example, summary: "Invalid timestamp",
		check: func(at, v string) string {
			if _, err := time.Parse(time.RFC3339, v); err == nil {
				return ""
			}
			detail := fmt.Sprintf("%s: %q is not an RFC 3339 timestamp. Write a date, a time and a zone, for example %q (Z is UTC; an offset such as +02:00 works too).",
				at, v, RFC3339Example)
			if full, ok := rfc3339InUTC(v); ok {
				detail += fmt.Sprintf(" For this value in UTC: %q.", full)
			}
			return detail
		},
	}
}

// rfc3339InUTC writes a date, or a date and time without a zone, as an RFC
// 3339 timestamp in UTC.
func rfc3339InUTC(s string) (string, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t.UTC().Format(time.RFC3339), true
		}
	}
	return "", false
}

// EmailValidator accepts "" (which clears the field) or a plain address
// (name@domain.tld); with list, several separated by , or ;.
func EmailValidator(list bool) StringCheck {
	rule := "must be empty or an email address such as name@example.com"
	if list {
		rule = "must be empty or email addresses separated by , or ;"
	}
	return StringCheck{
		rule: rule, summary: "Invalid email address",
		check: func(at, s string) string {
			if strings.TrimSpace(s) == "" {
				return ""
			}
			parts := []string{s}
			if list {
				parts = strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' })
			}
			for _, p := range parts {
				if p = strings.TrimSpace(p); !validEmail(p) {
					return fmt.Sprintf("%s: %q is not an email address such as name@example.com (use \"\" to clear the field).", at, p)
				}
			}
			return ""
		},
	}
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}
