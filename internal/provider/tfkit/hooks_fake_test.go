package tfkit

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// A fake shop platform for the hooks' tests, built on the kit as a real
// platform's types would be: commerce_shop_customer creates a customer
// when customer_id is left out (POST, answered with the id only, as
// Sellercloud's), sends the rest through PUT /a (name, email; no answer),
// PUT /b (note; answers with the record) and PUT /columns (custom columns,
// per key), and recovers a create whose answer was lost by the email;
// commerce_shop_member is a record that is not an adoption (a customer's
// member, created and deleted for real, its role replaced).

// shopRecord is a shop customer. Defs are the tenant's custom columns
// (name -> "int", "bool" or "text"), which ride along with every record.
type shopRecord struct {
	ID, Name, Email, Note, Status string
	Columns                       map[string]string
	Defs                          map[string]string
}

type shopBody struct {
	Name, Email, Note *string
	Columns           map[string]string
}

// shopMember is a member of a shop customer: customer/user, a role.
type shopMember struct{ Customer, User, Role string }

// shopClient is the fake platform: its records and what it was asked.
type shopClient struct {
	mu      sync.Mutex
	records map[string]shopRecord
	members map[string]shopMember
	defs    map[string]string
	nextID  int
	calls   []string
	// createErr fails the next POST; createSaves saves it anyway (an
	// answer lost after the record was made).
	createErr   error
	createSaves bool
	// pending makes a new customer pending until polled this many times
	// (-1: for ever); the create hook waits for it.
	pending int
	// failB, failRead and failDelete fail PUT /b, every GET and a DELETE.
	failB, failRead, failDelete error
	// deadline is the CreateRequest.Deadline the hook got.
	deadline time.Time
}

func newShop() *shopClient {
	return &shopClient{records: map[string]shopRecord{}, members: map[string]shopMember{}, nextID: 100,
		defs: map[string]string{"Tier": "int", "VIP": "bool", "Region": "text"}}
}

var shopDescription = customers.Description{Name: "shop", Title: "Test Shop", ID: customers.PatternIDs(`^[0-9]+$`, "digits", "100")}

func (*shopClient) Description() *customers.Description { return &shopDescription }
func (*shopClient) Pager(customers.Filter) (customers.Pager, error) {
	return customers.Pager{}, errors.New("no list")
}
func (*shopClient) Get(context.Context, string) (customers.Customer, error) {
	return customers.Customer{}, errors.New("no get")
}

func (c *shopClient) log(call string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, call)
}

func (c *shopClient) taken() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.calls
	c.calls = nil
	return out
}

func (c *shopClient) get(id string) (shopRecord, error) {
	c.log("GET " + id)
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.records[id]
	switch {
	case c.failRead != nil:
		return shopRecord{}, c.failRead
	case !ok:
		return shopRecord{}, fmt.Errorf("customer %s: %w", id, customers.ErrNotFound)
	}
	if r.Status == "pending" && c.pending > 0 {
		c.pending--
		if c.pending == 0 {
			r.Status = "active"
			c.records[id] = r
		}
	}
	r.Columns, r.Defs = maps.Clone(r.Columns), c.defs
	return r, nil
}

func (c *shopClient) post(plan Values) (string, error) {
	c.log("POST")
	c.mu.Lock()
	defer c.mu.Unlock()
	name, _ := plan.Text("name")
	email, _ := plan.Text("email")
	err := c.createErr
	c.createErr = nil
	if err != nil && !c.createSaves {
		return "", err
	}
	c.nextID++
	id := strconv.Itoa(c.nextID)
	status := "active"
	if c.pending != 0 {
		status = "pending"
	}
	c.records[id] = shopRecord{ID: id, Name: strings.TrimSpace(name), Email: strings.ToLower(email), Status: status, Columns: map[string]string{"Tier": "1", "Region": "north"}}
	return id, err
}

func (c *shopClient) put(what, id string, change func(*shopRecord)) error {
	c.log(what + " " + id)
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.records[id]
	if !ok {
		return customers.ErrNotFound
	}
	change(&r)
	c.records[id] = r
	return nil
}

// shopRules are the custom columns' rules of a record.
type shopRules map[string]string

func (s shopRules) Check(key, value string) error {
	kind, ok := s[key]
	switch {
	case !ok:
		names := slices.Sorted(maps.Keys(s))
		return fmt.Errorf("the shop has no column %q; its columns are %s", key, strings.Join(names, ", "))
	case kind == "int":
		if _, err := strconv.Atoi(strings.TrimSpace(value)); err != nil {
			return fmt.Errorf("%q is not a whole number", value)
		}
	case kind == "bool" && !strings.EqualFold(value, "true") && !strings.EqualFold(value, "false"):
		return fmt.Errorf("%q is not true or false", value)
	}
	return nil
}

func (s shopRules) Equal(key, a, b string) bool {
	switch s[key] {
	case "int":
		x, errA := strconv.Atoi(strings.TrimSpace(a))
		y, errB := strconv.Atoi(strings.TrimSpace(b))
		return errA == nil && errB == nil && x == y
	case "bool":
		return strings.EqualFold(a, b)
	}
	return a == b
}

var keepString = []planmodifier.String{stringplanmodifier.UseStateForUnknown()}

func shopText(name string, read func(*shopRecord) string, put func(*shopBody, *string), endpoint string) Field[shopRecord, shopBody] {
	return Field[shopRecord, shopBody]{
		Attr:         name,
		Schema:       schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: keepString},
		Read:         func(r *shopRecord) attr.Value { return types.StringValue(read(r)) },
		Send:         func(b *shopBody, plan, _ attr.Value) { put(b, plan.(types.String).ValueStringPointer()) }, //nolint:forcetypeassert // a string attribute
		Endpoint:     endpoint,
		SentByCreate: endpoint == "PUT /a",
	}
}

// shopKind is commerce_shop_customer.
var shopKind = &Managed[*shopClient, shopRecord, shopBody]{
	Suffix:   "_shop_customer",
	Platform: &shopDescription,
	Words:    Words{Record: "customer", Short: "Shop", Rejects: "rejected"},
	IDs: []IDPart{{Attr: "customer_id", What: "Test Shop customer id", Rule: shopDescription.ID, Check: shopDescription.CheckID,
		Optional: true, Doc: "The customer to adopt; left out, applying creates one."}},
	Fields: []Field[shopRecord, shopBody]{
		shopText("name", func(r *shopRecord) string { return r.Name }, func(b *shopBody, v *string) { b.Name = v }, "PUT /a"),
		shopText("email", func(r *shopRecord) string { return r.Email }, func(b *shopBody, v *string) { b.Email = v }, "PUT /a"),
		shopText("note", func(r *shopRecord) string { return r.Note }, func(b *shopBody, v *string) { b.Note = v }, "PUT /b"),
		{Attr: "first_name", Schema: schema.StringAttribute{Optional: true}, CreateOnly: "the shop keeps only `name`: change `name` instead"},
		{Attr: "status", Schema: schema.StringAttribute{Computed: true, PlanModifiers: keepString},
			Read: func(r *shopRecord) attr.Value { return types.StringValue(r.Status) }},
		{
			Attr:     "columns",
			Schema:   schema.MapAttribute{ElementType: types.StringType, Optional: true},
			Endpoint: "PUT /columns",
			Read: func(r *shopRecord) attr.Value {
				elems := map[string]attr.Value{}
				for k, v := range r.Columns {
					elems[k] = types.StringValue(v)
				}
				return types.MapValueMust(types.StringType, elems)
			},
			Send: func(b *shopBody, plan, _ attr.Value) {
				b.Columns = map[string]string{}
				for k, v := range plan.(types.Map).Elements() { //nolint:forcetypeassert // a map attribute
					b.Columns[k] = v.(types.String).ValueString() //nolint:forcetypeassert // of strings
				}
			},
			PerKey: func(r *shopRecord) KeyRules { return shopRules(r.Defs) },
		},
	},
	Endpoints: []Endpoint[*shopClient, shopRecord, shopBody]{
		{Name: "PUT /a", Send: func(_ context.Context, c *shopClient, id string, _ shopRecord, b *shopBody) (shopRecord, bool, error) {
			return shopRecord{}, false, c.put("PUT /a", id, func(r *shopRecord) {
				if b.Name != nil {
					r.Name = strings.TrimSpace(*b.Name)
				}
				if b.Email != nil {
					r.Email = strings.ToLower(*b.Email)
				}
			})
		}},
		{Name: "PUT /b", Send: func(ctx context.Context, c *shopClient, id string, _ shopRecord, b *shopBody) (shopRecord, bool, error) {
			if c.failB != nil {
				c.log("PUT /b " + id)
				return shopRecord{}, false, c.failB
			}
			if err := c.put("PUT /b", id, func(r *shopRecord) { r.Note = *b.Note }); err != nil {
				return shopRecord{}, false, err
			}
			c.mu.Lock()
			defer c.mu.Unlock()
			r := c.records[id]
			r.Columns, r.Defs = maps.Clone(r.Columns), c.defs
			return r, true, nil
		}},
		{Name: "PUT /columns", Send: func(_ context.Context, c *shopClient, id string, _ shopRecord, b *shopBody) (shopRecord, bool, error) {
			return shopRecord{}, false, c.put("PUT /columns "+strings.Join(slices.Sorted(maps.Keys(b.Columns)), ","), id, func(r *shopRecord) {
				for k, v := range b.Columns {
					r.Columns[k] = canonicalColumn(c.defs[k], v)
				}
			})
		}},
	},
	Read:        func(_ context.Context, c *shopClient, id string) (shopRecord, error) { return c.get(id) },
	RecordID:    func(r *shopRecord) string { return r.ID },
	DisplayName: func(r *shopRecord) string { return r.Email },
	Create: func(ctx context.Context, c *shopClient, req CreateRequest) (Created[shopRecord], error) {
		c.deadline = req.Deadline
		id, err := c.post(req.Plan)
		if err != nil {
			return Created[shopRecord]{}, err
		}
		if c.pending == 0 {
			return Created[shopRecord]{Record: shopRecord{ID: id}}, nil
		}
		for { // wait while it is pending, bounded by the create timeout
			r, err := c.get(id)
			if err != nil {
				return Created[shopRecord]{Record: shopRecord{ID: id}, Unfinished: "reading it while it was pending failed: " + err.Error()}, nil
			}
			if r.Status != "pending" {
				return Created[shopRecord]{Record: r, Complete: true}, nil
			}
			select {
			case <-ctx.Done():
				return Created[shopRecord]{Record: r, Complete: true, Unfinished: "it was still pending at the deadline"}, nil
			case <-time.After(time.Millisecond):
			}
		}
	},
	Recover: func(_ context.Context, c *shopClient, req CreateRequest, _ error) (Found[shopRecord], error) {
		email, _ := req.Plan.Text("email")
		c.log("FIND " + email)
		c.mu.Lock()
		var ids []string
		for id, r := range c.records {
			if r.Email == strings.ToLower(email) {
				ids = append(ids, id)
			}
		}
		c.mu.Unlock()
		found := Found[shopRecord]{Searched: fmt.Sprintf("customers with the email %q", email)}
		for _, id := range slices.Sorted(slices.Values(ids)) {
			r, err := c.get(id)
			if err != nil {
				return found, err
			}
			found.Records = append(found.Records, r)
		}
		return found, nil
	},
	NewRecord: func(_ context.Context, c *shopClient) (shopRecord, error) {
		c.log("GET definitions")
		return shopRecord{Defs: c.defs}, nil
	},
	CreateTimeout: 10 * time.Minute,
}

// canonicalColumn is how the shop stores a column's value.
func canonicalColumn(kind, v string) string {
	switch kind {
	case "int":
		n, _ := strconv.Atoi(strings.TrimSpace(v))
		return strconv.Itoa(n)
	case "bool":
		return strings.ToLower(v)
	}
	return v
}

// lostAnswer is an error whose outcome is unknown, as the HTTP layer
// reports a POST that timed out after it was sent.
var lostAnswer = &httpclient.BadAnswerError{Host: "shop.test", Method: "POST", Path: "/customers", Detail: "the answer broke off", Unknown: true}

// memberKind is commerce_shop_member: created and deleted for real; its
// role cannot change in place.
var memberKind = &Managed[*shopClient, shopMember, struct{}]{
	Suffix:   "_shop_member",
	Platform: &shopDescription,
	Words:    Words{Record: "member", Short: "Shop", Rejects: "rejected"},
	IDs: []IDPart{
		{Attr: "customer_id", What: "Test Shop customer id", Rule: shopDescription.ID, Check: shopDescription.CheckID},
		{Attr: "user_id", What: "Test Shop user id", Rule: customers.PatternIDs(`^u[0-9]+$`, "u and digits", "u1"),
			Check: func(id string) error {
				if !strings.HasPrefix(id, "u") {
					return fmt.Errorf("%q is not a user id", id)
				}
				return nil
			}},
	},
	Fields: []Field[shopMember, struct{}]{{
		Attr:         "role",
		Schema:       schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: keepString},
		Read:         func(m *shopMember) attr.Value { return types.StringValue(m.Role) },
		SentByCreate: true,
		Replaces:     true,
	}},
	AlwaysCreates: true,
	Read: func(_ context.Context, c *shopClient, id string) (shopMember, error) {
		c.log("GET member " + id)
		c.mu.Lock()
		defer c.mu.Unlock()
		m, ok := c.members[id]
		if !ok {
			return m, customers.ErrNotFound
		}
		return m, nil
	},
	RecordID: func(m *shopMember) string { return m.Customer + "/" + m.User },
	Create: func(_ context.Context, c *shopClient, req CreateRequest) (Created[shopMember], error) {
		customer, _ := req.Plan.Text("customer_id")
		user, _ := req.Plan.Text("user_id")
		role, ok := req.Plan.Text("role")
		if !ok {
			role = "MEMBER"
		}
		c.log("POST member " + customer + "/" + user)
		m := shopMember{Customer: customer, User: user, Role: role}
		c.mu.Lock()
		defer c.mu.Unlock()
		c.members[customer+"/"+user] = m
		return Created[shopMember]{Record: m, Complete: true}, nil
	},
	Delete: func(_ context.Context, c *shopClient, id string) error {
		c.log("DELETE member " + id)
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.failDelete != nil {
			return c.failDelete
		}
		if _, ok := c.members[id]; !ok {
			return customers.ErrNotFound
		}
		delete(c.members, id)
		return nil
	},
}
