package sellercloudtf

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// Creating a customer (customer_id left out): POST /Customers/ with the
// creation inputs, then the kit sends every other configured field through
// its endpoint and reads the customer back. The POST has no idempotency
// key: an unknown outcome is never sent again but looked up by email and
// creation time (recoverCreated).

// createdBy are the rows the POST itself carries: they are not sent again
// after it.
var createdBy = []string{"email", "company_id", "is_wholesale", "business_name"}

// customerFields is the field table of the resource: the PUT's rows (the
// ones the POST carries marked), the creation inputs, the order options and
// shipping preferences, and the custom columns.
func customerFields(rows []sellercloudField) []sellercloudField {
	out := make([]sellercloudField, 0, len(rows)+3)
	for _, f := range rows {
		for _, c := range createdBy {
			f.SentByCreate = f.SentByCreate || f.Attr == c
		}
		out = append(out, f)
	}
	return append(out, creationInput("first_name", "First name"), creationInput("last_name", "Last name"), customColumnsField)
}

// creationInput is first_name or last_name: sent by the POST only.
// Sellercloud keeps the full `name` afterwards, and returns neither part.
func creationInput(attr, what string) sellercloudField {
	return sellercloudField{
		Attr: attr,
		Schema: schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: []planmodifier.String{keepUnconfigured{}}, MarkdownDescription: what + " of a customer this resource creates (POST `" + apiName[attr] + "`): " +
			"required to create one (`last_name` only for a retail customer), ignored when adopting. Sellercloud keeps `name` from it; " +
			"changing it later is a plan-time error: change `name` instead (a replacement would create a second customer)."},
		CreateOnly: "Sellercloud keeps only the full name once the customer exists: change `name` instead",
	}
}

// keepUnconfigured plans a creation input left out of the configuration as
// the state holds it (null for a new resource, or after an import: Sellercloud
// returns neither part): leaving it out is never a change, and generated
// configuration does not write it.
type keepUnconfigured struct{}

func (keepUnconfigured) Description(context.Context) string {
	return "Left out of the configuration, the state's value is kept (null for a new resource)."
}

func (k keepUnconfigured) MarkdownDescription(ctx context.Context) string { return k.Description(ctx) }

func (keepUnconfigured) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.ConfigValue.IsNull() {
		resp.PlanValue = req.StateValue
	}
}

// apiName is the create body's name of each attribute it carries.
var apiName = map[string]string{"company_id": "CompanyID", "first_name": "FirstName", "last_name": "LastName",
	"email": "Email", "business_name": "BusinessName", "is_wholesale": "CustomerType"}

// attrOf is the attribute of a create body's field.
func attrOf(apiField string) string {
	for a, f := range apiName {
		if f == apiField {
			return a
		}
	}
	return ""
}

// newCustomer is the create body of a configuration (or plan); a value not
// known yet is left empty (checkCreate leaves it to the server).
func newCustomer(v tfkit.Values) sellercloud.NewCustomer {
	var n sellercloud.NewCustomer
	n.FirstName, _ = v.Text("first_name")
	n.LastName, _ = v.Text("last_name")
	n.Email, _ = v.Text("email")
	n.BusinessName, _ = v.Text("business_name")
	company, _ := v.Int64("company_id")
	n.CompanyID = int(company)
	n.Wholesale, _ = v.Bool("is_wholesale")
	return n
}

// checkCreate names, while planning a create, what Sellercloud's create
// needs and the configuration lacks. Values known only after apply are left
// to the server; so is the business name of a wholesale customer, which the
// server requires only when its client setting says so (its 400 is shown).
func checkCreate(p tfkit.PlanCheck, diags *diag.Diagnostics) {
	n := newCustomer(p.Config)
	for _, e := range n.Check() {
		a := attrOf(e.Field)
		if a == "" || (p.Config[a] != nil && p.Config[a].IsUnknown()) {
			continue
		}
		tfkit.AddError(diags, path.Root(a), "Missing "+a+" to create the customer",
			fmt.Sprintf("customer_id is left out, so applying creates a Sellercloud customer (POST /Customers/), which needs %s: %s. Set %s, or set customer_id to adopt an existing customer.", a, e.Message, a))
	}
}

// createCustomer is POST /Customers/. The answer is the id only: the kit
// sends the other configured fields and reads the customer back.
func createCustomer(ctx context.Context, sc Customers, req tfkit.CreateRequest) (tfkit.Created[sellercloud.Details], error) {
	n := newCustomer(req.Plan)
	id, err := sc.Create(ctx, n)
	if err != nil {
		return tfkit.Created[sellercloud.Details]{}, err
	}
	return tfkit.Created[sellercloud.Details]{Record: sellercloud.Details{ID: id}}, nil
}

// recoverCreated looks for the customer a POST whose outcome is unknown
// may have made: by its email and creation time (FindCreated). Exactly one
// is read in full to be recorded; several are only named.
func recoverCreated(ctx context.Context, sc Customers, _ tfkit.CreateRequest, err error) (tfkit.Found[sellercloud.Details], error) {
	var unknown *sellercloud.CreateUnknownError
	if !errors.As(err, &unknown) {
		return tfkit.Found[sellercloud.Details]{}, err
	}
	found := tfkit.Found[sellercloud.Details]{Searched: fmt.Sprintf("a search for customers with the email %q created up to 14 hours before the request (sent at %s; the list's time zone is not documented)",
		unknown.Email, unknown.Sent.UTC().Format(time.RFC3339))}
	matches, ferr := sc.FindCreated(ctx, unknown.Email, unknown.Sent)
	if ferr != nil {
		return found, ferr
	}
	if len(matches) == 1 {
		d, err := read(ctx, sc, strconv.Itoa(matches[0].ID))
		if err != nil {
			return found, err
		}
		found.Records = []sellercloud.Details{d}
		return found, nil
	}
	for _, m := range matches {
		found.Records = append(found.Records, sellercloud.Details{ID: m.ID, Name: m.Name, Email: m.Email})
	}
	return found, nil
}
