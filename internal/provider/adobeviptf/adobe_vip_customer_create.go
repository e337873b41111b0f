package adobeviptf

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

// Creating an Adobe customer account (create-customer-account.md): one
// POST /v3/customers carrying the configured profile, then reads while
// Adobe validates it (status 1002), bounded by the create timeout; the kit
// then sends what the POST did not carry (global_sales_enabled) through the
// PATCH, which is never sent to a pending account.

// defaultCreateTimeout is how long a create waits for Adobe to validate the
// account by default. Adobe documents no duration; its FAQ polls orders
// every 30 seconds for up to 10 minutes, the bound taken here.
const defaultCreateTimeout = 10 * time.Minute

// newAccount is the account a configuration creates. Attributes left out
// are empty (Problems names the required ones); unknown values are empty
// too (only the create, at apply, sees every value known).
func newAccount(config tfkit.Values) adobevip.NewAccount {
	text := func(v tfkit.Values, name string) string { s, _ := v.Text(name); return s }
	addr := config.Object("address")
	a := adobevip.NewAccount{
		ExternalReferenceID: text(config, "external_reference_id"),
		CompanyProfile: adobevip.CompanyProfile{
			CompanyName:       text(config, "company_name"),
			PreferredLanguage: text(config, "preferred_language"),
			MarketSegment:     text(config, "market_segment"),
			Address: adobevip.Address{
				Country: text(config, "country"), Region: text(config, "region"),
				AddressLine1: text(addr, "address_line_1"), AddressLine2: text(addr, "address_line_2"),
				City: text(addr, "city"), PostalCode: text(addr, "postal_code"), PhoneNumber: text(addr, "phone_number"),
			},
		},
	}
	if l, ok := config["contacts"].(types.List); ok {
		a.CompanyProfile.Contacts, _ = contactsOf(l)
	}
	return a
}

// problemPaths map Adobe's field names (adobevip.Problem.Field) to the
// attributes that hold them.
var problemPaths = map[string]path.Path{
	"externalReferenceId":                 path.Root("external_reference_id"),
	"companyProfile.companyName":          path.Root("company_name"),
	"companyProfile.preferredLanguage":    path.Root("preferred_language"),
	"companyProfile.marketSegment":        path.Root("market_segment"),
	"companyProfile.address.country":      path.Root("country"),
	"companyProfile.address.region":       path.Root("region"),
	"companyProfile.address.city":         path.Root("address").AtName("city"),
	"companyProfile.address.addressLine1": path.Root("address").AtName("address_line_1"),
	"companyProfile.address.addressLine2": path.Root("address").AtName("address_line_2"),
	"companyProfile.address.postalCode":   path.Root("address").AtName("postal_code"),
	"companyProfile.address.phoneNumber":  path.Root("address").AtName("phone_number"),
	"companyProfile.contacts":             path.Root("contacts"),
}

var contactField = regexp.MustCompile(`^companyProfile\.contacts\[(\d+)\]\.(\w+)$`)

// contactAttrs are the contact attributes of Adobe's contact fields.
var contactAttrs = map[string]string{"firstName": "first_name", "lastName": "last_name", "email": "email", "phoneNumber": "phone_number"}

// attrPath is the attribute of one of Adobe's field names, and how the
// configuration calls it; false for a field no attribute holds.
func attrPath(field string) (path.Path, string, bool) {
	if m := contactField.FindStringSubmatch(field); m != nil {
		i, _ := strconv.Atoi(m[1])
		if name, ok := contactAttrs[m[2]]; ok {
			return path.Root("contacts").AtListIndex(i).AtName(name), fmt.Sprintf("contacts[%d].%s", i, name), true
		}
	}
	p, ok := problemPaths[field]
	return p, p.String(), ok
}

// checkNewAccount reports at plan time what Adobe would refuse in the
// account a configuration creates: a required attribute left out, a value
// too long or of characters Adobe refuses. A problem of an attribute whose
// value is not known yet is left to the create, which checks again before
// sending.
func checkNewAccount(p tfkit.PlanCheck, diags *diag.Diagnostics) {
	for _, pr := range newAccount(p.Config).Problems() {
		at, name, ok := attrPath(pr.Field)
		if !ok {
			diags.AddError("Adobe would refuse this account", pr.Error()+".")
			continue
		}
		if unknownAt(p.Config, at) {
			continue
		}
		detail := fmt.Sprintf("%s %s (Adobe's %s).", name, pr.Detail, pr.Field)
		if pr.Detail == "is required" || strings.HasPrefix(pr.Detail, "needs") {
			detail = fmt.Sprintf("%s %s to create an Adobe customer account (Adobe's %s): set it, or set customer_id to adopt an existing account.", name, pr.Detail, pr.Field)
		}
		tfkit.AddError(diags, at, "Adobe would refuse this account", detail)
	}
}

// unknownAt reports whether the configured value at p (or the object or
// list holding it) is unknown while planning.
func unknownAt(config tfkit.Values, p path.Path) bool {
	steps := p.Steps()
	if len(steps) == 0 {
		return false
	}
	name, _ := steps[0].(path.PathStepAttributeName)
	v := config[string(name)]
	if v == nil {
		return false
	}
	if v.IsUnknown() {
		return true
	}
	switch {
	case string(name) == "address" && len(steps) > 1:
		part, _ := steps[1].(path.PathStepAttributeName)
		pv := config.Object("address")[string(part)]
		return pv != nil && pv.IsUnknown()
	case string(name) == "contacts":
		l, ok := v.(types.List)
		_, known := contactsOf(l)
		return ok && !l.IsNull() && !known
	}
	return false
}

// createAccount is the Create hook: the POST, then the wait while Adobe
// validates the account, bounded by the create timeout (ctx's deadline).
// The account is read back by the wait (GET), so the state holds the
// contact names Adobe keeps (for an email it knew, its own).
func createAccount(ctx context.Context, acc Accounts, req tfkit.CreateRequest) (tfkit.Created[adobevip.Account], error) {
	a, key, err := acc.CreateAccount(ctx, newAccount(req.Config), "")
	if err != nil {
		return tfkit.Created[adobevip.Account]{}, explainCreateError(err)
	}
	tflog.Info(ctx, "Adobe customer account created; waiting while Adobe validates it", map[string]any{"customer_id": a.CustomerID, "status": a.Status, "correlation_id": key})
	return waitForAccount(ctx, acc, a, req.Deadline)
}

// waitForAccount waits while account a is pending and says how it ended:
// not pending (Complete, and the kit sends what is left), or recorded as it
// is (Unfinished, and the next apply finishes) when it is still pending at
// the deadline, could not be read, or Adobe validated it as inactive.
func waitForAccount(ctx context.Context, acc Accounts, a adobevip.Account, deadline time.Time) (tfkit.Created[adobevip.Account], error) {
	start := time.Now()
	got, err := acc.WaitWhilePending(ctx, a.CustomerID, adobevip.PendingWait{Progress: func(r adobevip.Account, waited time.Duration) {
		tflog.Info(ctx, "Waiting while Adobe validates the customer account", map[string]any{"customer_id": r.CustomerID, "status": adobevip.StatusText(r.Status), "waited": waited.Round(time.Second).String()})
	}})
	timeout := "the create timeout"
	if !deadline.IsZero() {
		timeout = fmt.Sprintf("the create timeout (%s)", deadline.Sub(start).Round(time.Second))
	}
	switch {
	case errors.Is(err, adobevip.ErrStillPending):
		if got.CustomerID == "" {
			got = a
		}
		return tfkit.Created[adobevip.Account]{Record: got, Complete: true, Unfinished: fmt.Sprintf(
			"Adobe was still validating it (status 1002, pending) at the end of %s, and Adobe refuses to update a pending account (error 1125). "+
				"The next refresh reads its status, and once it is active the next apply sends what is left (to wait longer: timeouts { create = \"30m\" })", timeout)}, nil
	case err != nil:
		return tfkit.Created[adobevip.Account]{Record: a, Unfinished: fmt.Sprintf("reading it while Adobe validated it failed (%s); nothing more was sent to it", err)}, nil
	case got.Status != adobevip.StatusActive:
		return tfkit.Created[adobevip.Account]{Record: got, Complete: true, Unfinished: fmt.Sprintf(
			"Adobe validated it as %s, not active; nothing more was sent to it. Check the account with Adobe", adobevip.StatusText(got.Status))}, nil
	}
	return tfkit.Created[adobevip.Account]{Record: got, Complete: true}, nil
}

// recoverAccount is the Recover hook of a create whose outcome is unknown:
// the same account is sent once more under the same X-Correlation-Id, so
// Adobe answers what it answered the first time (the account it created,
// for 10 days: references/idempotency.md) and never creates a second one;
// the account is then read (GET) for the state. Never under a new id.
func recoverAccount(ctx context.Context, acc Accounts, req tfkit.CreateRequest, err error) (tfkit.Found[adobevip.Account], error) {
	var unknown *adobevip.OutcomeUnknownError
	if !errors.As(err, &unknown) || unknown.CorrelationID == "" {
		return tfkit.Found[adobevip.Account]{}, errors.New("the failed create named no X-Correlation-Id to ask Adobe again under")
	}
	found := tfkit.Found[adobevip.Account]{Searched: fmt.Sprintf("asking Adobe once more under the same X-Correlation-Id %s, which Adobe answers with its first answer", unknown.CorrelationID)}
	a, _, rerr := acc.CreateAccount(ctx, newAccount(req.Config), unknown.CorrelationID)
	var again *adobevip.OutcomeUnknownError
	switch {
	case errors.As(rerr, &again):
		return found, fmt.Errorf("no whole answer again (%v). If Adobe created the account, a later apply's POST (a new request) is refused with error 1127, "+
			"as Adobe creates no second account with the same company name and admin email, and that error says how to adopt it", again.Err)
	case rerr != nil:
		return found, explainCreateError(rerr)
	}
	if read, gerr := acc.GetAccount(ctx, a.CustomerID); gerr == nil {
		a = read
	}
	found.Records = []adobevip.Account{a}
	return found, nil
}

// explainCreateError says what to do about Adobe's refusals of a create.
func explainCreateError(err error) error {
	switch {
	case errors.Is(err, adobevip.ErrAccountExists):
		return fmt.Errorf("%w. Adobe already has a customer account with this company name and admin email under this reseller, and creates no second one. "+
			"To manage that account, set customer_id to its id (the plan then adopts it), or import it (terraform import commerce_adobe_vip_customer.<name> <customer_id>, or an import block); "+
			"terraform query with the commerce_adobe_vip_customer list resource (Terraform 1.14 and later) finds its id", err)
	case errors.Is(err, adobevip.ErrResellerInvalid):
		return fmt.Errorf("%w. Adobe does not know the provider block's reseller_id as a reseller: check reseller_id (nothing was created)", err)
	case errors.Is(err, adobevip.ErrResellerInactive):
		return fmt.Errorf("%w. The reseller of the provider block's reseller_id is inactive, and Adobe creates no accounts under it until Adobe reactivates it (nothing was created)", err)
	case errors.Is(err, adobevip.ErrExternalReferenceTooLong):
		return fmt.Errorf("%w. external_reference_id must be at most 35 characters (nothing was created)", err)
	}
	return err
}
