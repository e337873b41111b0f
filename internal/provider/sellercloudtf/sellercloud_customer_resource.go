// Package sellercloudtf is the Terraform face of Sellercloud: the
// commerce_customer resource, its list resource for `terraform query`, and
// Sellercloud's full record in the commerce_customer data source. The
// resource is the managed-resource skeleton (tfkit.Managed) with
// Sellercloud's calls and its field table (sellercloud_customer_fields.go).
package sellercloudtf

import (
	"context"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// Customers is what a platform's client offers when it can manage
// customers the way commerce_customer does: Sellercloud's full record and
// its PUT. Only the Sellercloud client has it.
type Customers interface {
	GetDetails(ctx context.Context, id string) (sellercloud.Details, error)
	Update(ctx context.Context, id string, u sellercloud.Update) error
	UpdateOrderOptions(ctx context.Context, id string, u sellercloud.OrderOptionsUpdate) error
	UpdateShippingPreferences(ctx context.Context, id string, u sellercloud.ShippingPreferencesUpdate) error
	UpdateCustomColumns(ctx context.Context, id string, values map[string]string) error
	Create(ctx context.Context, n sellercloud.NewCustomer) (int, error)
	FindCreated(ctx context.Context, email string, sent time.Time) ([]sellercloud.CreatedMatch, error)
}

// customerBody is what the endpoints of commerce_customer send, each its
// part: the field rows put the changed fields into it.
type customerBody struct {
	Customer sellercloud.Update                    // PUT /Customers/{id}
	Options  sellercloud.OrderOptionsUpdate        // PUT /Customers/{id}/OrderOptions
	Shipping sellercloud.ShippingPreferencesUpdate // PUT /Customers/{id}/ShippingPreferences
	Columns  map[string]string                     // PUT /Customers/{id}/CustomColumns: the changed configured columns
}

// Customer is the commerce_customer resource: the managed-resource
// skeleton (tfkit.Managed) with Sellercloud's calls and its field table
// (sellercloud_customer_fields.go).
var Customer = &tfkit.Managed[Customers, sellercloud.Details, customerBody]{
	Suffix:       "_customer",
	Doc:          customerResourceDescription,
	Platform:     &sellercloud.Description,
	PersonalData: "every field listed below for each customer it creates or adopts, managed or not (its name, emails, phone numbers, business name, comments, account managers, tax id, shipping account number and postal code), the configured custom columns (every column after an import), and `first_name` and `last_name` as configured, as the plan shows them; never a credit card",
	Words:        tfkit.Words{Record: "customer", Short: "Sellercloud", Rejects: "rejected"},
	IDs:          []tfkit.IDPart{customerIDPart()},
	Fields:       customerFields(sellercloudFieldTable),
	Endpoints: []tfkit.Endpoint[Customers, sellercloud.Details, customerBody]{
		{Name: "PUT /Customers/{id}", Send: put},
		{Name: orderOptionsEndpoint, Send: putOrderOptions},
		{Name: shippingEndpoint, Send: putShippingPreferences},
		{Name: customColumnsEndpoint, Send: putCustomColumns},
	},
	CheckPlan: func(p tfkit.PlanCheck, diags *diag.Diagnostics) {
		if p.Creating {
			checkCreate(p, diags)
		}
		checkSellercloudRules(p, diags)
	},
	Create:      createCustomer,
	Recover:     recoverCreated,
	Read:        read,
	RecordID:    func(d *sellercloud.Details) string { return strconv.Itoa(d.ID) },
	DisplayName: func(d *sellercloud.Details) string { return tfkit.DisplayName(d.Name, d.Email, strconv.Itoa(d.ID)) },
}

// customerIDPart is customer_id: optional, left out to create a customer.
func customerIDPart() tfkit.IDPart {
	p := tfkit.CustomerID(&sellercloud.Description, "Id of an existing Sellercloud customer to adopt and manage: "+tfkit.DescribeCustomerID(&sellercloud.Description)+
		". Left out, applying creates a customer (`POST /Customers/`) and this is known after apply. Changing it forgets the old customer and adopts the new one. Checked while planning, once the provider block is known to be Sellercloud's.")
	p.Optional = true
	return p
}

// read is GET /Customers/{id}. The resource decides on the fields: the
// server's whole object stays out of the memo.
func read(ctx context.Context, sc Customers, id string) (sellercloud.Details, error) {
	d, err := sc.GetDetails(ctx, id)
	d.Raw = nil
	return d, err
}

// put is PUT /Customers/{id}. Sellercloud documents no response body for
// it: the skeleton reads the customer back.
func put(ctx context.Context, sc Customers, id string, _ sellercloud.Details, b *customerBody) (sellercloud.Details, bool, error) {
	return sellercloud.Details{}, false, sc.Update(ctx, id, b.Customer)
}

// putOrderOptions is PUT /Customers/{id}/OrderOptions, putShippingPreferences
// PUT /Customers/{id}/ShippingPreferences: the changed fields only (null is
// unchanged); no response body either.
func putOrderOptions(ctx context.Context, sc Customers, id string, _ sellercloud.Details, b *customerBody) (sellercloud.Details, bool, error) {
	return sellercloud.Details{}, false, sc.UpdateOrderOptions(ctx, id, b.Options)
}

func putShippingPreferences(ctx context.Context, sc Customers, id string, _ sellercloud.Details, b *customerBody) (sellercloud.Details, bool, error) {
	return sellercloud.Details{}, false, sc.UpdateShippingPreferences(ctx, id, b.Shipping)
}

// NewCustomerResource is the commerce_customer resource.
func NewCustomerResource() resource.Resource { return Customer.NewResource() }

const customerResourceDescription = `Creates or adopts a Sellercloud customer and manages its fields (` + "`PUT /Customers/{id}`" + `), its order options, shipping preferences and custom columns. Sellercloud only, for now.

**Create or adopt.** With ` + "`customer_id`" + ` left out, applying **creates** a customer; with ` + "`customer_id`" + ` set, the resource **adopts** that existing customer and never creates one.

**Creating.** Planning a create reads nothing: ` + "`customer_id`" + `, ` + "`id`" + ` and every field left out are *(known after apply)*. Creating needs ` + "`company_id`" + `, ` + "`first_name`" + `, ` + "`email`" + ` and, for a retail customer, ` + "`last_name`" + `: the plan fails naming the one missing. Applying sends one ` + "`POST /Customers/`" + ` with ` + "`company_id`" + `, ` + "`first_name`" + `, ` + "`last_name`" + `, ` + "`email`" + `, ` + "`business_name`" + ` and the customer type from ` + "`is_wholesale`" + ` (retail unless it is ` + "`true`" + `), then the other configured fields through their endpoints, one request each (` + "`PUT /Customers/{id}`" + `, ` + "`.../OrderOptions`" + `, ` + "`.../ShippingPreferences`" + `, ` + "`.../CustomColumns`" + `), and reads the customer back once; the next plan is empty. A wholesale customer needs a ` + "`business_name`" + ` when Sellercloud's client setting *Enable Required Fields for WholeSale Customers* is on, which only the server knows: its HTTP 400 (` + "`BusinessName is required for WholeSale customers.`" + `) fails the apply and nothing is created. ` + "`first_name`" + ` and ` + "`last_name`" + ` are creation inputs: Sellercloud keeps ` + "`name`" + ` from them, so changing them later is a plan-time error that says to change ` + "`name`" + ` instead (a replacement would create a second customer). Once the customer exists, nothing fails the apply any more: a field that could not be sent afterwards (for example a custom column Sellercloud refuses) is a warning, the customer is recorded, and the next plan shows what is left.

**A create is never sent twice.** ` + "`POST /Customers/`" + ` has no idempotency key, so a create whose outcome is unknown (a timeout, a broken answer, an HTTP 5xx once it was sent) is not sent again. The provider looks for the customer instead, by its email and creation time (` + "`GET /Customers`" + ` filtered by email and creation date, up to 14 hours back since the list's time zone is not documented, then ` + "`GET /Customers/{id}`" + ` for each match). Exactly one match is recorded in the state with a warning, and the next apply sends the fields left. None, several or a failed search is an error naming the email and the customers found, and saying how to adopt (set ` + "`customer_id`" + `) or import the right one.

**Adopting.** Planning the adoption reads the customer (one ` + "`GET /Customers/{id}`" + `): the plan shows every field left out of the configuration with its current value instead of *(known after apply)*, and a customer that does not exist fails the plan with an error naming ` + "`customer_id`" + ` and the id. A create plan cannot show a change from a value, so the plan also carries one warning per adopted customer that lists each configured field whose value differs, as ` + "`comments: \"\" -> \"Managed by Terraform\"`" + ` (current -> configured). When ` + "`customer_id`" + ` is only known after apply, nothing is read while planning and the unconfigured fields show as *(known after apply)*. Applying reads the customer again (Terraform's final plan), sends only the configured fields whose value differs from what it read, and reads the customer back.

**Custom columns.** ` + "`custom_columns`" + ` manages only the columns it names, by their exact ` + "`ColumnName`" + `. The record Sellercloud returns for a customer carries the tenant's column definitions, so the plan-time read checks each configured column with no extra request: a column the customer does not have is an error listing its columns, and a value that does not fit the column's type, length, drop-down list or requirement is an error on that column. Spellings of the same value (` + "`1.50`" + `/` + "`1.5`" + `, ` + "`True`" + `/` + "`true`" + `, ` + "`05/01/2024`" + `/` + "`2024-05-01`" + `) are not a change. Only the configured columns that changed are sent, in one ` + "`PUT /Customers/{id}/CustomColumns`" + `. A column change costs one more ` + "`GET`" + ` in Terraform's final plan (to check it against the customer's columns).

**The id.** ` + "`id`" + ` always equals ` + "`customer_id`" + `, and is known while planning whenever ` + "`customer_id`" + ` is: outputs, other resources' arguments and ` + "`for_each`" + ` keys can use it at plan time. (A data source that refers to the resource directly is still read during apply while the resource has changes pending, because Terraform takes such a reference as ` + "`depends_on`" + `; fed through a local value, it is read while planning.)

**Changes between plan and apply.** Terraform plans each resource once more during apply, which reads the customer once more. If a field that is not in the configuration changed in Sellercloud between the plan (a saved ` + "`terraform plan -out`" + ` or the one ` + "`terraform apply`" + ` asks you to approve) and its apply, Terraform refuses to apply it ("Provider produced inconsistent final plan") and nothing is sent, since the plan no longer says what apply does: plan again.

**Managed and unmanaged fields.** Every field is optional. A field set in the configuration is *managed*: the plan shows a difference whenever Sellercloud's value differs from it (including changes made outside Terraform), and apply sends it. A field left out is *not managed*: it is never sent, and the state shows Sellercloud's current value, so adopting a customer and setting one field changes only that field. Removing a field from the configuration stops managing it, without a plan difference and without a request. An update sends only the managed fields that changed.

**Clearing.** Set a text field to ` + "`\"\"`" + ` to clear it, ` + "`business_aliases = []`" + ` to remove every alias, ` + "`account_managers = []`" + ` to empty all three slots. A list of account managers shorter than three empties the slots after it.

**Normalisation.** Sellercloud stores emails in lower case, business aliases sorted and without duplicates, commissions with two decimals, and text without surrounding spaces. A configured value that Sellercloud stores in such an equivalent form is not a change: the state keeps your spelling and the next plan is empty.

**Refresh, drift and removal.** A refresh is one ` + "`GET /Customers/{id}`" + ` per customer. A customer that no longer exists (HTTP 404) is removed from the state with a warning; while the configuration still names it, that plan then fails with "Customer not found", as adopting a missing customer does.

**Requests.** A create is one ` + "`POST`" + `, one request per endpoint with configured fields, and one ` + "`GET`" + `. A plan without changes sends no ` + "`PUT`" + `. An update is one ` + "`PUT`" + ` and one ` + "`GET`" + ` (none at all when only the spelling of an equivalent value changed). Planning an adoption is one ` + "`GET`" + `. Applying it is one ` + "`GET`" + ` for Terraform's final plan, which the adoption then decides on, and one ` + "`PUT`" + ` and one ` + "`GET`" + ` when something needs to change: four requests per adopted customer at most, two when nothing changes. That is the floor: the plan must read to show the current values, Terraform's final plan must read again to find changes made since, and Sellercloud documents no response body for its ` + "`PUT`" + `, so only a read shows what it stored. An error from Sellercloud (for example HTTP 400 for a wholesale customer without a business name) fails the apply with the server's message, and the state keeps the values from before the apply.

**Destroy** cannot delete a Sellercloud customer (the API has no such operation): it removes the resource from the state and leaves the customer and its field values as they are. A plan that destroys the resource says so in one warning per customer (a ` + "`terraform destroy`" + ` shows it before asking for approval). To stop managing a customer without a destroy in the plan, replace the resource block with a ` + "`removed`" + ` block (Terraform 1.7 or later; see the example).

**Import** by customer id, with ` + "`terraform import`" + `, an ` + "`import {}`" + ` block with ` + "`id`" + `, or (Terraform 1.12 and later) one with ` + "`identity = { customer_id = \"10001\" }`" + `; ` + "`terraform query`" + ` (Terraform 1.14 and later) finds the customers to import with the ` + "`commerce_customer`" + ` list resource. ` + "`terraform plan -generate-config-out=...`" + ` writes the fields with their current values and plans clean; a text field that is empty comes out as ` + "`null`" + ` (Terraform 1.11), not at all (Terraform 1.14), both not managed, or as ` + "`\"\"`" + ` (OpenTofu 1.12), managed as empty (see Import below).`

// Record is Sellercloud's full record (GET /Customers/{id}) in the
// commerce_customer data source: every field commerce_customer manages.
var Record = Customer.FullRecord(
	func(ctx context.Context, sc Customers, id string) (sellercloud.Details, error) {
		return sc.GetDetails(ctx, id)
	},
	func(d *sellercloud.Details) customers.Customer { return sellercloud.CustomerFromDetails(*d) },
	func(d *sellercloud.Details) []byte { return d.Raw })
