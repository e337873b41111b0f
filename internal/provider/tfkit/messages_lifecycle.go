package tfkit

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// The messages of the hooks (managed.go): a create and what can go wrong
// with it, create-only and replacing fields, a delete, a per-key map's
// plan-time read.

// replacingRecord tells, while planning a replacement (an id part changed),
// what happens to the old record: forgotten, or deleted by the Delete hook.
// Terraform drops the warnings of the create half of a replacement, so this
// one comes from the update half.
func (v voice) replacingRecord(diags *diagList, oldID, newID string) {
	if !v.deletes {
		v.replacementForgets(diags, oldID, newID)
		return
	}
	diags.AddWarning(fmt.Sprintf("Replacing %s deletes %s", v.resource, v.record(oldID)),
		fmt.Sprintf("The plan replaces the resource: applying deletes %s and %s.", v.record(oldID), v.then(newID)))
}

// replacingField tells, while planning, that a field the platform cannot
// change in place (Field.Replaces) replaces the resource, and what that
// does.
func (v voice) replacingField(diags *diagList, id, attrName string, from, to attr.Value) {
	old := "forgets " + v.record(id) + " (it is not deleted: it stays as it is)"
	if v.deletes {
		old = "deletes " + v.record(id)
	}
	diags.AddAttributeWarning(path.Root(attrName), fmt.Sprintf("Changing %s replaces %s", attrName, v.resource),
		fmt.Sprintf("%s: %s -> %s. %s cannot change %s in place, so the plan replaces the resource: applying %s and %s.",
			attrName, planValue(from), planValue(to), v.title, attrName, old, v.then("")))
}

// then says what the create half of a replacement does: create the record
// (or adopt newID).
func (v voice) then(newID string) string {
	if v.always || (v.optional != "" && newID == "") {
		return fmt.Sprintf("creates %s %s with the configured values", article(v.Record), v.Record)
	}
	if newID == "" {
		return fmt.Sprintf("adopts the %s again, with the configured fields set on it", v.Record)
	}
	return fmt.Sprintf("adopts %s %s, with the configured fields set on it", v.Record, newID)
}

// article is "a" or "an" before word.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// createOnlyChanged is the error on each create-only field a plan changes.
func (v voice) createOnlyChanged(diags *diagList, changes []createOnlyChange) {
	for _, c := range changes {
		AddError(diags, attrPath(c.attr), "Cannot change "+c.attr,
			fmt.Sprintf("%s cannot change once the %s exists: %s. (It is %s; the configuration says %s.)", c.attr, v.Record, c.instead, planValue(c.have), planValue(c.plan)))
	}
}

// blankReadFailed is the error of a plan that could not read what a new
// record's per-key maps may hold (Managed.NewRecord).
func (v voice) blankReadFailed(diags *diagList, attrs string, err error) {
	diags.AddError("Reading "+v.title+" to plan the "+v.Record+" failed",
		fmt.Sprintf("Checking %s while planning the creation of %s %s needs what %s holds for a new %s, and reading it failed: %s", attrs, article(v.Record), v.Record, v.title, v.Record, err))
}

// deleteFailed says what is known after a failed delete: the resource
// stays in the state either way.
func (v voice) deleteFailed(diags *diagList, id string, err error) {
	var detail string
	switch status := httpclient.StatusOf(err); {
	case httpclient.OutcomeUnknown(err):
		detail = fmt.Sprintf("The deletion of %s failed and its outcome is unknown: %s may have deleted it. It stays in the state; the next plan reads it again (a %s that is gone is removed from the state). %s", v.record(id), v.Short, v.Record, err)
	case status >= 400 && status < 500:
		detail = fmt.Sprintf("%s %s the deletion of %s; nothing was deleted and it stays in the state. %s", v.title, v.Rejects, v.record(id), err)
	default:
		detail = fmt.Sprintf("The deletion of %s failed; it stays in the state. %s", v.record(id), err)
	}
	diags.AddError("Deleting the "+v.Record+" failed", detail)
}

// createFailed is the error of a create that did not happen: refused, or
// failed before anything was sent.
func (v voice) createFailed(diags *diagList, err error) {
	detail := fmt.Sprintf("Creating %s %s failed; nothing was created. %s", article(v.Record), v.Record, err)
	if status := httpclient.StatusOf(err); status >= 400 && status < 500 {
		detail = fmt.Sprintf("%s %s the creation of the %s; nothing was created. %s", v.title, v.Rejects, v.Record, err)
	}
	diags.AddError("Creating the "+v.Record+" failed", detail)
}

// createUnknown is the error of a create whose outcome is unknown and that
// found no single record: none (found empty), several (found), or a search
// that failed (searchErr). searched says how it looked ("" for no search).
func (v voice) createUnknown(diags *diagList, err error, searched string, found []string, searchErr error) {
	var b strings.Builder
	fmt.Fprintf(&b, "The creation of the %s failed and its outcome is unknown: %s may have created it (%s).", v.Record, v.title, err)
	switch {
	case searched == "":
		fmt.Fprintf(&b, " It was not sent again. Check %s before applying again, which would create another %s.", v.title, v.Record)
	case searchErr != nil:
		fmt.Fprintf(&b, " Looking for it (%s) failed too: %s. Check %s before applying again, which would create another %s.", searched, searchErr, v.title, v.Record)
	case len(found) == 0:
		fmt.Fprintf(&b, " It was not sent again, and %s found none: it was probably not created. Check %s before applying again, which sends it again.", searched, v.title)
	default:
		fmt.Fprintf(&b, " It was not sent again; %s found %d: %s. Nothing was recorded, as the provider cannot tell which one this apply created.", searched, len(found), JoinAnd(found))
	}
	if searched != "" || len(found) > 0 {
		b.WriteString(" " + v.howToManage())
	}
	diags.AddError("Creating the "+v.Record+" failed", b.String())
}

// howToManage says how to manage an existing record instead of creating
// one: adopt it through the optional id part, or import it.
func (v voice) howToManage() string {
	imp := fmt.Sprintf("import it (an import block with its id, or terraform import %s.<name> <id>)", v.resource)
	if v.optional == "" {
		return "To manage the right one, " + imp + "."
	}
	return fmt.Sprintf("To manage the right one, set %s to its id in the configuration (the resource then adopts it) or %s.", v.optional, imp)
}

// recovered is the reason a record found after a create whose outcome was
// unknown is recorded unfinished.
func (v voice) recovered(err error, searched string) string {
	return fmt.Sprintf("the create's outcome was unknown (%s), and %s found exactly this %s, which was recorded instead of creating another", err, searched, v.Record)
}

// unfinished is the warning of a record created but not finished: it is
// recorded, and the next apply sends what is left.
func (v voice) unfinished(diags *diagList, id, reason string, pending []string) {
	left := "."
	if len(pending) > 0 {
		left = fmt.Sprintf(": %s not sent yet, which the next plan shows and the next apply sends.", strings.Join(pending, ", "))
	}
	diags.AddWarning(fmt.Sprintf("%s %s created but not finished", UpperFirst(v.Short), v.Record),
		fmt.Sprintf("%s exists: %s. It is recorded in the state%s Until a refresh reads it, the state shows the configured values.", v.record(id), reason, left))
}

// createdNotFinished is the warning of a record created whose other fields
// (failed, and pending: every field not sent) could not be sent, or that
// could not be read back (readBack).
func (v voice) createdNotFinished(diags *diagList, id string, failed []string, err error, readBack bool, pending []string) {
	reason := fmt.Sprintf("sending %s failed (%s)", strings.Join(failed, ", "), err)
	switch {
	case readBack:
		reason = fmt.Sprintf("reading it back failed (%s); the fields left out of the configuration are null until the next refresh reads them", err)
	case httpclient.OutcomeUnknown(err):
		reason += fmt.Sprintf(", and its outcome is unknown: %s may have saved them", v.Short)
	}
	v.unfinished(diags, id, reason, pending)
}

// createdOther is the error of a create answered with an id that is not
// the planned one or not one of the platform's.
func (v voice) createdOther(diags *diagList, got, want string) {
	detail := fmt.Sprintf("%s answered the creation of the %s with the id %q, which is not one of its %s ids: the record may exist; check %s before applying again.", v.title, v.Record, got, v.Record, v.title)
	if want != "" {
		detail = fmt.Sprintf("%s answered the creation of %s with the id %q: the record may exist under either; check %s before applying again.", v.title, v.record(want), got, v.title)
	}
	diags.AddError("Creating the "+v.Record+" failed", detail)
}

// storedDifferentlyAtCreate is the warning on an attribute a create stored
// as a value that does not mean what was sent (a warning: the record
// exists).
func (v voice) storedDifferentlyAtCreate(diags *diagList, at string, sent, stored attr.Value) {
	diags.AddAttributeWarning(pointAt(attrPath(at)), v.title+" stored a different value",
		fmt.Sprintf("%s was sent as %s, but %s stored %s. The state holds the sent value until a refresh reads the stored one; the next plan shows the difference.", at, sent, v.title, stored))
}
