package tfkit

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// The messages of a managed resource, written once: the plan-time warnings
// of an adoption, a destroy and a replacement, and the errors of a record
// that is not there, a read or an update that failed, and a value stored
// differently. Each names the record as its platform does (Words).

// Words are how a managed resource's messages name what it manages.
type Words struct {
	// Record is what the platform calls one record: "customer",
	// "customer account".
	Record string
	// Short names the platform before a record, as in "Sellercloud customer
	// 10001" or "Adobe customer account 1006374001"; the platform
	// description's Title is its full name.
	Short string
	// Rejects is how the platform's refusal of an update is told:
	// "rejected", "refused".
	Rejects string
}

// voice speaks for one managed resource.
type voice struct {
	Words
	resource string // "commerce_customer"
	title    string // "Sellercloud", "Adobe VIP Marketplace"
	id       IDPart // the attribute errors about the record are attached to
	ids      idParts
	// How the resource's records come and go: deletes (a Delete hook),
	// always (AlwaysCreates), optional (the optional id part left out to
	// create, "" for none).
	deletes, always bool
	optional        string
}

// ref names a record in a message by its id parts: "id 10001", or
// `customer_id "1006374000" and subscription_id "8675309"`.
func (v voice) ref(id string) string {
	if len(v.ids) < 2 {
		return v.id.ref(id)
	}
	parts := v.ids.split(id)
	refs := make([]string, len(parts))
	for i, part := range parts {
		refs[i] = fmt.Sprintf("%s %q", v.ids[i].Attr, part)
	}
	return JoinAnd(refs)
}

// record names one record: "Sellercloud customer 10001".
func (v voice) record(id string) string { return v.Short + " " + v.Record + " " + id }

// FieldChange is one configured field that applying an adoption changes.
type FieldChange struct {
	Attr       string
	Current    attr.Value // the platform's value, read while planning
	Configured attr.Value // the planned value: the configuration's, possibly unknown
}

// adoptionWarning says which configured fields applying the adoption of a
// record changes, each as `attr: "current" -> "configured"`: a create plan
// shows only the configured value, so this is where a person sees what it
// replaces. Nothing is added when nothing changes.
func (v voice) adoptionWarning(diags *diagList, id string, changes []FieldChange) {
	if len(changes) == 0 {
		return
	}
	noun := "fields"
	if len(changes) == 1 {
		noun = "field"
	}
	lines := make([]string, len(changes))
	for i, c := range changes {
		lines[i] = fmt.Sprintf("  %s: %s -> %s", c.Attr, planValue(c.Current), planValue(c.Configured))
	}
	record := v.record(id)
	diags.AddWarning(fmt.Sprintf("Adopting %s changes %d %s", record, len(changes), noun),
		fmt.Sprintf("%s already exists: applying adopts it, keeps the current values the plan shows for the fields left out of the configuration, and changes these configured fields (current -> configured):\n%s",
			record, strings.Join(lines, "\n")))
}

// destroyForgets tells, while planning a destroy, that applying it deletes
// nothing, and how to stop managing the record without a destroy in the
// plan.
func (v voice) destroyForgets(diags *diagList, id string) {
	record := v.record(id)
	diags.AddWarning(fmt.Sprintf("Destroying %s only forgets %s", v.resource, record),
		fmt.Sprintf("%s has no API to delete a %s: applying this destroy removes the resource from the state and leaves %s and its field values as they are.\n\n"+
			"To stop managing it without a destroy in the plan, replace the resource block with a removed block (Terraform 1.7 or later):\n"+
			"  removed {\n    from = %s.<name>\n    lifecycle {\n      destroy = false\n    }\n  }", v.title, v.Record, record, v.resource))
}

// replacementForgets tells, while planning a replacement (the attribute
// naming the record changed), that the old record is forgotten, not
// deleted. Terraform drops the warnings of the create half of a
// replacement, so this one comes from the update half.
func (v voice) replacementForgets(diags *diagList, oldID, newID string) {
	diags.AddWarning(fmt.Sprintf("Replacing %s forgets %s", v.resource, v.record(oldID)),
		fmt.Sprintf("The plan replaces the resource: %s is only forgotten (not deleted, its field values stay as they are), and %s %s is adopted, with the configured fields set on it.",
			v.record(oldID), v.Record, newID))
}

// notFound is the error on the id attribute for a record that does not
// exist, while planning or applying an adoption.
func (v voice) notFound(diags *diagList, id string, err error) {
	adopts := fmt.Sprintf("%s adopts existing %ss; it cannot create one.", v.resource, v.Record)
	if v.optional != "" {
		adopts = fmt.Sprintf("With %s set, %s adopts an existing %s; leave %s out to create one.", v.optional, v.resource, v.Record, v.optional)
	}
	diags.AddAttributeError(path.Root(v.id.Attr), UpperFirst(v.Record)+" not found",
		fmt.Sprintf("%s: %s has no %s with %s (%s). %s", v.id.Attr, v.title, v.Record, v.ref(id), err, adopts))
}

// readFailed is the error of a read that failed; doing says what it was
// for ("could not be read to plan its adoption").
func (v voice) readFailed(diags *diagList, id, doing string, err error) {
	what := UpperFirst(v.Record) + " " + id
	if doing != "" {
		what += " " + doing
	}
	diags.AddAttributeError(path.Root(v.id.Attr), "Reading the "+v.Record+" failed", fmt.Sprintf("%s: %s", what, err))
}

// gone is the warning of a refresh that found the record deleted.
func (v voice) gone(diags *diagList, id string, err error) {
	next := fmt.Sprintf("A plan that adopts it again fails until the %s exists; to stop managing it, remove the resource from the configuration.", v.Record)
	switch {
	case v.always:
		next = "The next plan creates it again; to stop managing it, remove the resource from the configuration."
	case v.optional != "":
		next = fmt.Sprintf("If the configuration leaves %s out, the next plan creates a new %s; if it sets %s, that plan fails until the %s exists. To stop managing it, remove the resource from the configuration.",
			v.optional, v.Record, v.optional, v.Record)
	}
	diags.AddWarning(UpperFirst(v.Record)+" no longer exists",
		fmt.Sprintf("%s has no %s with %s any more (%s); it was removed from the state. %s", v.title, v.Record, v.ref(id), err, next))
}

// updateFailed says what is known after a failed update. Only a 4xx is a
// definite refusal; after a 5xx or a timeout the platform may have saved
// the change, and the next plan, which reads the record again, shows the
// truth.
func (v voice) updateFailed(diags *diagList, id string, sent []string, err error, adopting bool) {
	fields := strings.Join(sent, ", ")
	notAdopted := ""
	if adopting {
		notAdopted = " It was not adopted; the next plan proposes to adopt it again."
	}
	var detail string
	switch status := httpclient.StatusOf(err); {
	case httpclient.OutcomeUnknown(err):
		detail = fmt.Sprintf("The update of %s %s (%s) failed and its outcome is unknown: %s may have saved it. "+
			"The next plan reads the %s again and shows what it holds.%s %s", v.Record, id, fields, v.Short, v.Record, notAdopted, err)
	case status >= 400 && status < 500:
		detail = fmt.Sprintf("%s %s the update of %s %s (%s); nothing was changed.%s %s", v.title, v.Rejects, v.Record, id, fields, notAdopted, err)
	default:
		detail = fmt.Sprintf("The update of %s %s (%s) failed; the next plan compares with %s again.%s %s", v.Record, id, fields, v.Short, notAdopted, err)
	}
	diags.AddError("Updating the "+v.Record+" failed", detail)
}

// readBackFailed is the error of the read after an update.
func (v voice) readBackFailed(diags *diagList, id string, err error, adopting bool) {
	next := "; the next plan compares with " + v.Short + " again."
	if adopting {
		next = ", so it was not adopted; the next plan proposes to adopt it again."
	}
	diags.AddError("Reading the "+v.Record+" back failed", fmt.Sprintf("%s %s was updated, but reading it back failed%s %s", UpperFirst(v.Record), id, next, err))
}

// storedDifferently is the error on an attribute the platform stored as a
// value that does not mean what was sent.
func (v voice) storedDifferently(diags *diagList, at string, sent, stored attr.Value) {
	AddError(diags, attrPath(at), v.title+" stored a different value",
		fmt.Sprintf("%s was sent as %s, but %s stored %s. The state holds the stored value; the next plan shows the difference.", at, sent, v.title, stored))
}

// attrPath turns "address.city" into the attribute path address.city, and
// `custom_columns["a.b"]` (keyName) into custom_columns["a.b"].
func attrPath(name string) path.Path {
	var key string
	if i := strings.Index(name, "["); i > 0 && strings.HasSuffix(name, "]") {
		if k, err := strconv.Unquote(name[i+1 : len(name)-1]); err == nil {
			name, key = name[:i], k
		}
	}
	parts := strings.Split(name, ".")
	p := path.Root(parts[0])
	for _, part := range parts[1:] {
		p = p.AtName(part)
	}
	if key != "" {
		p = p.AtMapKey(key)
	}
	return p
}

// planValue renders a value for a plan-time message: text quoted, long text
// shortened, unknown as Terraform shows it.
func planValue(v attr.Value) string {
	const maxLen = 60
	switch {
	case v == nil || v.IsNull():
		return "null"
	case v.IsUnknown():
		return "(known after apply)"
	}
	s := v.String()
	if sv, ok := v.(types.String); ok {
		s = fmt.Sprintf("%q", sv.ValueString())
	}
	if utf8.RuneCountInString(s) > maxLen {
		s = string([]rune(s)[:maxLen-3]) + "..."
	}
	return s
}
