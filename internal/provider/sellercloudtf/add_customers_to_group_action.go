package sellercloudtf

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// Groups is what the Sellercloud client offers for customer groups: it can
// add customers to one, never remove or list them.
type Groups interface {
	AddCustomersToGroup(ctx context.Context, groupID int, customerIDs []int, progress func(added, total int)) error
}

// AddCustomersToGroup is the commerce_sellercloud_add_customers_to_group action.
var AddCustomersToGroup = &tfkit.Action[Groups, groupAddConfig]{
	Suffix:   "_sellercloud_add_customers_to_group",
	Doc:      addCustomersToGroupDoc,
	Platform: &sellercloud.Description,
	Needs:    "Sellercloud customer groups (platform = \"sellercloud\")",
	Attributes: map[string]schema.Attribute{
		"group_id": schema.Int64Attribute{
			MarkdownDescription: fmt.Sprintf("Id of the existing Sellercloud customer group, a whole number from 1 to %d.", math.MaxInt32),
			Required:            true,
			Validators:          []validator.Int64{tfkit.IntBetween(1, math.MaxInt32)},
		},
		"customer_ids": schema.ListAttribute{
			MarkdownDescription: fmt.Sprintf("Ids of the existing customers to add, 1 to %d, each a whole number from 1 to %d. An id listed twice is sent once; a customer already in the group stays in it once.", sellercloud.MaxGroupAdd, math.MaxInt32),
			ElementType:         types.Int64Type,
			Required:            true,
			Validators:          []validator.List{tfkit.Elements{MaxLen: sellercloud.MaxGroupAdd, Why: "one invocation adds at most 1,000 customers"}},
		},
	},
	Check: checkGroupAdd,
	Run:   addCustomersToGroup,
}

// NewAddCustomersToGroupAction is the commerce_sellercloud_add_customers_to_group action.
func NewAddCustomersToGroupAction() action.Action { return AddCustomersToGroup.NewAction() }

// groupAddConfig is the action's configuration.
type groupAddConfig struct {
	GroupID     types.Int64 `tfsdk:"group_id"`
	CustomerIDs types.List  `tfsdk:"customer_ids"`
}

// checkGroupAdd refuses an empty list and checks each known customer id
// (the list's largest size is its validator's).
func checkGroupAdd(c *groupAddConfig, diags *diag.Diagnostics) {
	if tfkit.Known(c.CustomerIDs) && len(c.CustomerIDs.Elements()) == 0 {
		tfkit.AddError(diags, path.Root("customer_ids"), "Invalid customer_ids", "customer_ids is empty; list at least one customer id.")
	}
	for i, e := range c.CustomerIDs.Elements() {
		id, ok := e.(types.Int64)
		if !ok || !tfkit.Known(id) {
			continue
		}
		if n := id.ValueInt64(); n < 1 || n > math.MaxInt32 {
			tfkit.AddError(diags, path.Root("customer_ids").AtListIndex(i), "Invalid customer_ids",
				fmt.Sprintf("customer_ids[%d] is %d; it must be a Sellercloud customer id, a whole number from 1 to %d.", i, n, math.MaxInt32))
		}
	}
}

// addCustomersToGroup sends the ids in batches, telling the CLI after each.
func addCustomersToGroup(ctx context.Context, g Groups, c *groupAddConfig, progress func(string, ...any), diags *diag.Diagnostics) {
	group := int(c.GroupID.ValueInt64())
	var ids []int
	seen := map[int]bool{}
	for _, e := range c.CustomerIDs.Elements() {
		id := int(e.(types.Int64).ValueInt64()) //nolint:forcetypeassert // the schema's element type
		ids = append(ids, id)
		seen[id] = true
	}
	batches := (len(seen) + sellercloud.GroupBatchSize - 1) / sellercloud.GroupBatchSize
	progress("Adding %d customers to Sellercloud customer group %d: %d POST /Customers/CustomersGroups/%d/Customers of at most %d ids", len(seen), group, batches, group, sellercloud.GroupBatchSize)
	err := g.AddCustomersToGroup(ctx, group, ids, func(added, total int) {
		progress("Added %d of %d customers to group %d", added, total, group)
	})
	if err != nil {
		groupAddFailed(group, err, diags)
	}
}

// groupAddFailed says which customers were added before a failure, and
// whether the failing batch may have been.
func groupAddFailed(group int, err error, diags *diag.Diagnostics) {
	var partial *sellercloud.GroupAddError
	if !errors.As(err, &partial) {
		diags.AddError("Adding customers to the group failed", fmt.Sprintf("Nothing was sent: %s.", err))
		return
	}
	none := len(partial.Added) == 0
	status := httpclient.StatusOf(err)
	switch {
	case none && status == http.StatusNotFound:
		diags.AddAttributeError(path.Root("group_id"), "Customer group not found",
			fmt.Sprintf("Sellercloud has no customer group %d; no customer was added: %s.", group, err))
	case none && status == http.StatusBadRequest:
		diags.AddAttributeError(path.Root("customer_ids"), "Sellercloud refused the customers",
			fmt.Sprintf("Sellercloud refused the first batch; no customer was added: %s.", err))
	case httpclient.OutcomeUnknown(err):
		diags.AddError("Adding customers to the group: outcome unknown",
			fmt.Sprintf("%s. The outcome of the failing batch is unknown: Sellercloud may have added its customers. Sellercloud has no API to list a group's members; invoking the action again is safe, because adding a member again leaves the group as it was.", err))
	default:
		diags.AddError("Adding customers to the group failed",
			fmt.Sprintf("%s. The customers of the failing batch and after it were not added; fix the cause and invoke the action again (adding a member again leaves the group as it was).", err))
	}
}

var addCustomersToGroupDoc = "Adds existing customers to an existing Sellercloud customer group (provider blocks with `platform = \"sellercloud\"`). " +
	"An action (Terraform 1.14 and later): run it with `terraform apply -invoke=action.commerce_sellercloud_add_customers_to_group.<name>`, or from a resource's `action_trigger`. It keeps nothing in the state.\n\n" +
	fmt.Sprintf("**What it sends.** `POST /Customers/CustomersGroups/{group_id}/Customers` with `{\"CustomersIDs\": [...]}`, each id once, in batches of at most %d ids in the order given: ", sellercloud.GroupBatchSize) +
	"250 customers are three requests. Sellercloud documents no limit per request; the batches bound what one lost answer leaves unknown. " +
	"A batch whose answer is lost (a timeout, a `5xx`, an answer that broke off) is sent again, as adding a member twice leaves the group as it was. " +
	"Ids that are not whole numbers from 1 to 2147483647, an empty list and more than 1,000 ids are errors while planning, before anything is sent.\n\n" +
	"**Failures.** Sellercloud answers an unknown group with `404` and customers it does not know with `400`, naming them; it then adds none of that batch. " +
	"When a batch fails, the error says how many customers the batches before it added, and which.\n\n" +
	"**It cannot be undone.** Sellercloud's API can add customers to a group, but cannot remove them or list a group's members: remove a customer from a group in Sellercloud's UI.\n\n" +
	"**Progress.** The CLI shows how many customers are added after each batch."
