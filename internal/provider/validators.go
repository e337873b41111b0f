package provider

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

type diagList = diag.Diagnostics

// baseURLValidator accepts https:// URLs, and http:// for loopback hosts only.
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "must be an https:// URL (http:// only for loopback hosts)"
}
func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := httpclient.ParseBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid base_url", err.Error())
	}
}

// durationValidator accepts a positive Go duration such as "30s" or "2m".
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "must be a positive duration such as 30s or 2m"
}
func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q is not a positive duration; write it like 30s, 90s or 2m.", req.ConfigValue.ValueString()))
	}
}

// customerIDValidator rejects anything but a Sellercloud customer id.
type customerIDValidator struct{}

func (customerIDValidator) Description(context.Context) string {
	return "must be a Sellercloud customer id (a positive whole number)"
}
func (v customerIDValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (customerIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := sellercloud.CheckID(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid customer id",
			fmt.Sprintf("%s must be a Sellercloud customer id, a positive whole number: %s.", req.Path, err))
	}
}

// rfc3339Example is the timestamp the RFC 3339 errors offer to copy.
const rfc3339Example = "2024-01-01T00:00:00Z"

// rfc3339Validator accepts an RFC 3339 timestamp. Its error shows a
// timestamp to copy (and, for a date or a time without a zone, the value
// written in full), never Go's layout string.
type rfc3339Validator struct{}

func (rfc3339Validator) Description(context.Context) string {
	return "must be an RFC 3339 timestamp such as " + rfc3339Example
}
func (v rfc3339Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (rfc3339Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if _, err := time.Parse(time.RFC3339, s); err == nil {
		return
	}
	detail := fmt.Sprintf("%s: %q is not an RFC 3339 timestamp. Write a date, a time and a zone, for example %q (Z is UTC; an offset such as +02:00 works too).",
		req.Path, s, rfc3339Example)
	if full, ok := rfc3339InUTC(s); ok {
		detail += fmt.Sprintf(" For this value in UTC: %q.", full)
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid timestamp", detail)
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
type emailValidator struct{ list bool }

func (v emailValidator) Description(context.Context) string {
	if v.list {
		return "must be empty or email addresses separated by , or ;"
	}
	return "must be empty or an email address such as name@example.com"
}
func (v emailValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v emailValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	parts := []string{s}
	if v.list {
		parts = strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' })
	}
	if strings.TrimSpace(s) == "" {
		return
	}
	for _, p := range parts {
		if !validEmail(strings.TrimSpace(p)) {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid email address",
				fmt.Sprintf("%s: %q is not an email address such as name@example.com (use \"\" to clear the field).", req.Path, strings.TrimSpace(p)))
			return
		}
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
