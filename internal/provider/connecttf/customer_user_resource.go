package connecttf

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/connect"
	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

// Users is what the Connect client offers for a customer's users: find
// one in GET /customers/{id}, add one, remove one.
type Users interface {
	FindUser(ctx context.Context, customerID, userID string) (connect.User, error)
	AddUser(ctx context.Context, customerID, userID, role string) (connect.User, error)
	RemoveUser(ctx context.Context, customerID, userID string) (alreadyGone bool, err error)
}

// membership is one user of one customer: the record the resource manages.
type membership struct {
	CustomerID string
	connect.User
}

// defaultRole is the role a user is added with when the configuration
// leaves role out: Connect's own default ("Defaults to 'MEMBER'").
const defaultRole = "MEMBER"

const customerUserType = "commerce_connect_customer_user"

// CustomerUser is commerce_connect_customer_user: the managed-resource
// skeleton (tfkit.Managed) with Connect's user calls. Every new resource
// adds the user (AlwaysCreates: the ids are the caller's); a create whose
// outcome is unknown is looked for in the customer's users (Recover); a
// role change replaces the membership (Connect has no update); destroy
// removes the user (Delete).
var CustomerUser = &tfkit.Managed[Users, membership, struct{}]{
	Suffix:       "_connect_customer_user",
	Doc:          customerUserDescription,
	Platform:     &connect.Description,
	PersonalData: "the ids, the role and the user's name as Connect has it (`name`)",
	Words:        tfkit.Words{Record: "customer user", Short: "Connect", Rejects: "refused"},
	IDs:          []tfkit.IDPart{customerIDPart, userIDPart},
	Fields: []tfkit.Field[membership, struct{}]{
		{
			Attr: "role",
			Schema: schema.StringAttribute{
				MarkdownDescription: "The user's role within the customer: `MEMBER`, `MANAGER` or `ADMIN` (upper case, as Connect spells them). " +
					"Left out, the user is added as `MEMBER` (Connect's default) and the role is not managed: the state shows Connect's current role and a change made in Connect is no difference. " +
					"Connect cannot change a user's role in place (there is no update), so changing it **replaces** the membership: the plan says so, and applying removes the user (`DELETE`) and adds it again with the new role (`POST`).",
				Optional: true, Computed: true,
				Validators:    []validator.String{tfkit.OneOf(connect.Roles...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			Read:         func(m *membership) attr.Value { return types.StringValue(m.Role) },
			SentByCreate: true,
			Replaces:     true,
		},
		{
			Attr: "name",
			Schema: schema.StringAttribute{
				MarkdownDescription: "The user's name, as Connect has it in the customer's `users[]` (read only; personal data, kept in the state).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			Read: func(m *membership) attr.Value { return types.StringValue(m.Name) },
		},
	},
	AlwaysCreates: true,
	Read:          readUser,
	RecordID:      func(m *membership) string { return m.CustomerID + "/" + m.UserID },
	DisplayName:   displayName,
	Create:        addUser,
	Recover:       findAdded,
	Delete:        removeUser,
}

// NewCustomerUserResource is the commerce_connect_customer_user resource.
func NewCustomerUserResource() resource.Resource { return CustomerUser.NewResource() }

var customerIDPart = tfkit.IDPart{
	Attr: "customer_id", What: "Connect customer id",
	Doc: "The Connect customer (`customerId`) the user belongs to. Changing it replaces the membership: the user is removed from the old customer and added to the new one. " +
		"Any text without `/` (which separates the two ids of an import id), spaces around it or control characters.",
	Rule:  customers.IDRule{Says: "the customer's customerId, text without \"/\"", Example: "0f6c2a9e-5b1d-4c3e-8a7f-2d4b6e8f0a1c"},
	Check: checkCustomerID,
}

var userIDPart = tfkit.IDPart{
	Attr: "user_id", What: "Connect user id",
	Doc: "The Connect user (`userId`) to add to the customer; the user must exist in Connect. Changing it replaces the membership: the old user is removed and the new one added. " +
		"Any text without spaces around it or control characters.",
	Rule: customers.IDRule{Says: "the user's userId", Example: "usr-7d3f9a21"},
	Check: func(id string) error {
		if err := customers.CheckIDText(id); err != nil {
			return fmt.Errorf("%q is not a Connect user id: %w", id, err)
		}
		return nil
	},
}

// checkCustomerID is Connect's rule for a customer id, and no "/": the
// import id joins the two ids with it.
func checkCustomerID(id string) error {
	if err := connect.Description.CheckID(id); err != nil {
		return err
	}
	if strings.Contains(id, "/") {
		return fmt.Errorf("%q holds a \"/\", which separates customer_id from user_id in an import id", id)
	}
	return nil
}

// displayName is the user's name for messages, cleaned (the server's
// text); "" when Connect has none, so that messages show the ids alone.
func displayName(m *membership) string {
	if m.Name == "" {
		return ""
	}
	return tfkit.DisplayName(m.Name, "", "")
}

// splitID is the two ids of a membership's joined id.
func splitID(id string) (customerID, userID string) {
	customerID, userID, _ = strings.Cut(id, "/")
	return customerID, userID
}

// readUser finds the user among the customer's users (GET /customers/{id}).
// A customer that is gone and a user that is not one of its users both mean
// the membership is gone.
func readUser(ctx context.Context, c Users, id string) (membership, error) {
	customerID, userID := splitID(id)
	u, err := c.FindUser(ctx, customerID, userID)
	if errors.Is(err, connect.ErrUserNotFound) {
		err = fmt.Errorf("%w (%w)", customers.ErrNotFound, err)
	}
	if err != nil {
		return membership{}, err
	}
	return membership{CustomerID: customerID, User: u}, nil
}

// addUser is POST /customers/{id}/users under one X-Idempotency-Key kept
// across the client's retries. Its answer is the user as added: the
// membership complete.
func addUser(ctx context.Context, c Users, req tfkit.CreateRequest) (tfkit.Created[membership], error) {
	customerID, userID, role := planned(req)
	u, err := c.AddUser(ctx, customerID, userID, role)
	var exists *connect.UserExistsError
	if errors.As(err, &exists) {
		return tfkit.Created[membership]{}, fmt.Errorf("%w. To manage this membership, import it (an import block with id = %q, or terraform import %s.<name> %s/%s); to change its role, import it and then set role",
			err, customerID+"/"+userID, customerUserType, customerID, userID)
	}
	if err != nil {
		return tfkit.Created[membership]{}, err
	}
	return tfkit.Created[membership]{Record: membership{CustomerID: customerID, User: u}, Complete: true}, nil
}

// findAdded looks for the user in the customer's users after an add whose
// outcome is unknown (its retries under the same key ran out): found, the
// add was applied once and is recorded; not found, it was not applied.
func findAdded(ctx context.Context, c Users, req tfkit.CreateRequest, _ error) (tfkit.Found[membership], error) {
	customerID, userID, _ := planned(req)
	found := tfkit.Found[membership]{Searched: fmt.Sprintf("reading Connect customer %q for user %q", customerID, userID)}
	u, err := c.FindUser(ctx, customerID, userID)
	switch {
	case errors.Is(err, connect.ErrUserNotFound):
		return found, nil
	case err != nil:
		return found, err
	}
	found.Records = []membership{{CustomerID: customerID, User: u}}
	return found, nil
}

// removeUser is DELETE /customers/{id}/users?userId=...; a membership that
// is gone already (Connect's 404) is a success.
func removeUser(ctx context.Context, c Users, id string) error {
	customerID, userID := splitID(id)
	_, err := c.RemoveUser(ctx, customerID, userID)
	return err
}

// planned are the ids and the role a create sends: the configured role, or
// Connect's default.
func planned(req tfkit.CreateRequest) (customerID, userID, role string) {
	customerID, _ = req.Plan.Text("customer_id")
	userID, _ = req.Plan.Text("user_id")
	role, ok := req.Config.Text("role")
	if !ok {
		role = defaultRole
	}
	return customerID, userID, role
}

const customerUserDescription = `Makes a Telness Tech Connect user a user of a customer, with a role: ` + "`POST /customers/{customerId}/users`" + ` to create, ` + "`DELETE /customers/{customerId}/users?userId=...`" + ` to destroy. The first resource of this provider whose destroy really deletes: destroying it removes the user from the customer (the user itself stays in Connect). Connect only: a provider block of another platform is an error.

**Create** sends ` + "`{\"userId\", \"role\"}`" + ` once, under one ` + "`X-Idempotency-Key`" + ` that the provider keeps across its retries (a timeout, an answer that broke off, a 5xx), so Connect adds the user once and replays its answer; the answer must be the user asked for with the role asked for. When the retries run out and the outcome is unknown, the provider reads the customer (one ` + "`GET /customers/{id}`" + `): a user that is there was added, and is recorded with a warning; one that is not was not added, and the apply fails saying so (applying again sends it again). Nothing is planned from a read: the plan shows ` + "`name`" + ` (and ` + "`role`" + ` when left out) as *(known after apply)*.

**Errors.** A user that already is a user of the customer is Connect's ` + "`409`" + `: the apply fails, naming the user's current role and how to import the membership. A ` + "`409`" + ` for an ` + "`X-Idempotency-Key`" + ` that Connect saw before with another request says so: that request was not applied. An unknown customer or user is Connect's ` + "`404`" + `, a role Connect does not know its ` + "`400`" + `, each with the server's message. ` + "`customer_id`" + `, ` + "`user_id`" + ` and ` + "`role`" + ` are checked while planning, each error naming its attribute.

**Refresh, drift and removal.** A refresh is one ` + "`GET /customers/{id}`" + ` that finds the user in the customer's ` + "`users[]`" + `. A user no longer among them, or a customer that is gone, is removed from the state with a warning; the next plan adds it again. A configured ` + "`role`" + ` that differs from Connect's is a difference the plan shows, as a replacement.

**Role changes replace.** Connect has no call that changes a user's role: changing ` + "`role`" + ` (or either id) plans a replacement, with a warning naming the change, and applying removes the user and adds it again with the new role. Between the two requests the user is not a user of the customer. (` + "`lifecycle { create_before_destroy = true }`" + ` cannot help: the same user cannot be added twice.)

**Destroy** sends the ` + "`DELETE`" + ` under its own ` + "`X-Idempotency-Key`" + `, kept across its retries; a user that is not a user of the customer any more (Connect's ` + "`404`" + `) is a success.

**Import** by ` + "`customer_id/user_id`" + `, with ` + "`terraform import`" + `, an ` + "`import {}`" + ` block with ` + "`id`" + `, or (Terraform 1.12 and later, OpenTofu 1.12 and later) one with ` + "`identity = { customer_id = \"...\", user_id = \"...\" }`" + `. ` + "`terraform plan -generate-config-out=...`" + ` writes the ids and the role, and plans clean.`
