package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// An adoption reads the record while it is planned, and Terraform plans it
// once more during apply, just before applying it: that second plan's read
// is what Create decides on, so Create does not repeat it. ModifyPlan keeps
// the read in the plan's private state; Terraform hands the final plan's
// private state to ApplyResourceChange; the framework does not pass it on to
// Create (resource.CreateRequest has no Private), so requestScopedServer
// passes the read to Create in the request's context (plannedAdoptionRead).
// Nothing of it reaches the state: Create's private state starts empty.
//
// Terraform's consistency check stays as it was: the final plan is planned
// from that read, so a record changed since the plan the user approved
// still fails with "Provider produced inconsistent final plan" before
// anything is sent; and the state Create writes comes from the same read as
// the final plan, so it cannot contradict it.

// adoptionReadKey is the private-state key of the record read while
// planning an adoption.
const adoptionReadKey = "adoption_read"

// adoptionReadContextKey carries the final plan's read from
// ApplyResourceChange to Create.
type adoptionReadContextKey struct{}

type privateWriter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// keepAdoptionRead keeps the record read while planning an adoption in the
// plan's private state.
func keepAdoptionRead[T any](ctx context.Context, private privateWriter, record T) diag.Diagnostics {
	var diags diag.Diagnostics
	b, err := json.Marshal(record)
	if err != nil {
		diags.AddError("Keeping the planned read failed", fmt.Sprintf("%s. This is a bug in the provider; please report it.", err))
		return diags
	}
	return private.SetKey(ctx, adoptionReadKey, b)
}

// plannedAdoptionRead adds to ctx the read an ApplyResourceChange request's
// planned private state holds, if any. The framework encodes private state as
// a JSON object of base64 values (what Terraform stores in the state, so it
// does not change); anything else is ignored, and Create reads the record
// itself.
func plannedAdoptionRead(ctx context.Context, plannedPrivate []byte) context.Context {
	if len(plannedPrivate) == 0 {
		return ctx
	}
	var keys map[string][]byte
	if json.Unmarshal(plannedPrivate, &keys) != nil || len(keys[adoptionReadKey]) == 0 {
		return ctx
	}
	return context.WithValue(ctx, adoptionReadContextKey{}, keys[adoptionReadKey])
}

// adoptionRead is the record the final plan read for Create, if the request
// carries one and it is the record with the given id (idOf says which one a
// record is). Without it, Create reads the record itself.
func adoptionRead[T any](ctx context.Context, id string, idOf func(T) string) (T, bool) {
	var record, none T
	b, _ := ctx.Value(adoptionReadContextKey{}).([]byte)
	if len(b) == 0 || json.Unmarshal(b, &record) != nil || idOf(record) != id {
		return none, false
	}
	return record, true
}

// sellercloudRecordID and adobeRecordID say which record a read is.
func sellercloudRecordID(d sellercloud.Details) string { return strconv.Itoa(d.ID) }

func adobeRecordID(a adobevip.Account) string { return a.CustomerID }
