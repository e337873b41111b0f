package provider

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

type diagList = diag.Diagnostics

// stringCheck validates a known string with a check function that says
// what is wrong with it ("" when nothing is): an error on the attribute with
// that detail. Every validator of this provider's own is one of these.
type stringCheck struct {
	// rule is what a valid value is, for the docs ("must be ...").
	rule    string
	summary string
	check   func(at path.Path, value string) (problem string)
}

func (v stringCheck) Description(context.Context) string { return v.rule }

func (v stringCheck) MarkdownDescription(context.Context) string { return v.rule }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := v.check(req.Path, req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, problem)
	}
}

// baseURLValidator accepts https:// URLs, and http:// for loopback hosts only.
func baseURLValidator() stringCheck {
	return stringCheck{
		rule: "must be an https:// URL (http:// only for localhost or a literal loopback IP)", summary: "Invalid base_url",
		check: func(_ path.Path, v string) string {
			if _, err := httpclient.ParseBaseURL(v); err != nil {
				return err.Error()
			}
			return ""
		},
	}
}

// durationValidator accepts a positive Go duration such as "30s" or "2m".
func durationValidator() stringCheck {
	return stringCheck{
		rule: "must be a positive duration such as 30s or 2m", summary: "Invalid duration",
		check: func(_ path.Path, v string) string {
			if d, err := time.ParseDuration(v); err != nil || d <= 0 {
				return fmt.Sprintf("%q is not a positive duration; write it like 30s, 90s or 2m.", v)
			}
			return ""
		},
	}
}

// customerIDValidator rejects anything but a Sellercloud customer id.
func customerIDValidator() stringCheck {
	return stringCheck{
		rule: "must be a Sellercloud customer id (a positive whole number)", summary: "Invalid customer id",
		check: func(at path.Path, v string) string {
			if err := sellercloud.CheckID(v); err != nil {
				return fmt.Sprintf("%s must be a Sellercloud customer id, a positive whole number: %s.", at, err)
			}
			return ""
		},
	}
}

// adobeIDValidator rejects anything but an Adobe customer id.
func adobeIDValidator() stringCheck {
	return stringCheck{
		rule: "must be an Adobe customer id (4 to 40 letters, digits and hyphens)", summary: "Invalid customer id",
		check: func(at path.Path, v string) string {
			if err := adobevip.CheckID(v); err != nil {
				return fmt.Sprintf("%s must be an Adobe customer id: %s.", at, err)
			}
			return ""
		},
	}
}

// settingValidator runs a platform's check of one provider setting.
func settingValidator(attr string, check func(string) error) stringCheck {
	return stringCheck{
		rule: "must be a valid " + attr, summary: "Invalid " + attr,
		check: func(_ path.Path, v string) string {
			if err := check(v); err != nil {
				return err.Error() + "."
			}
			return ""
		},
	}
}

// rfc3339Example is the timestamp the RFC 3339 errors offer to copy.
const rfc3339Example = "2024-01-01T00:00:00Z"

// rfc3339Validator accepts an RFC 3339 timestamp. Its error shows a
// timestamp to copy (and, for a date or a time without a zone, the value
// written in full), never Go's layout string.
func rfc3339Validator() stringCheck {
	return stringCheck{
		rule: "must be an RFC 3339 timestamp such as " + rfc3339Example, summary: "Invalid timestamp",
		check: func(at path.Path, v string) string {
			if _, err := time.Parse(time.RFC3339, v); err == nil {
				return ""
			}
			detail := fmt.Sprintf("%s: %q is not an RFC 3339 timestamp. Write a date, a time and a zone, for example %q (Z is UTC; an offset such as +02:00 works too).",
				at, v, rfc3339Example)
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

// emailValidator accepts "" (which clears the field) or a plain address
// (name@domain.tld); with list, several separated by , or ;.
func emailValidator(list bool) stringCheck {
	rule := "must be empty or an email address such as name@example.com"
	if list {
		rule = "must be empty or email addresses separated by , or ;"
	}
	return stringCheck{
		rule: rule, summary: "Invalid email address",
		check: func(at path.Path, s string) string {
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
