package tfkit

import (
	"fmt"
	"strings"
)

// JoinAnd joins "a", "a and b", "a, b and c".
func JoinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// Backticked writes names as Markdown code: `a`, `b`, `c`.
func Backticked(names []string) string {
	return "`" + strings.Join(names, "`, `") + "`"
}

// UpperFirst capitalises a message's first letter.
func UpperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// IncludeRawDescription describes include_raw: what it adds (what, e.g.
// "each customer's `raw`") and why it is off by default.
func IncludeRawDescription(what, whose string) string {
	return fmt.Sprintf("Fill %s with the server's whole JSON object: %s every field the platform returns, personal data included (addresses, phone numbers, order and payment settings). Default `false`: `raw` is `\"\"`, so the state keeps only the fields this provider maps.", what, whose)
}

// listPersonalData is the list resources' paragraph on personal data.
const listPersonalData = "**Personal data.** A query writes nothing into the Terraform state. `terraform query` prints each customer found " +
	"(its id and display name: a name, a company or an email); with `-generate-config-out` the generated file holds each customer's fields " +
	"(names, emails, phone numbers, addresses) in plain text, and applying its import blocks brings them into the state as the resource keeps them. " +
	"Treat the generated file like the state."

// PersonalDataInState is the docs' paragraph on the customer data a data
// source, list resource or resource keeps in the state.
func PersonalDataInState(name, what string) string {
	return fmt.Sprintf("**Personal data in state.** Customer records are personal data: names, email addresses and phone numbers. `%s` keeps in the Terraform state %s, and nothing else; protect the state (an encrypted backend with restricted access) as you would the platform's own data.", name, what)
}
