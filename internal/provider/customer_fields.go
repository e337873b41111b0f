package provider

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// sellercloudFields are the fields of a Sellercloud customer that the PUT
// body can change: managed by commerce_customer, read by the commerce_customer
// data source.
type sellercloudFields struct {
	Title           types.String `tfsdk:"title"`
	Name            types.String `tfsdk:"name"`
	Email           types.String `tfsdk:"email"`
	EmailCC         types.String `tfsdk:"email_cc"`
	BusinessName    types.String `tfsdk:"business_name"`
	BusinessAliases types.Set    `tfsdk:"business_aliases"`
	SourceID        types.String `tfsdk:"source_id"`
	IsWholesale     types.Bool   `tfsdk:"is_wholesale"`
	CompanyID       types.Int64  `tfsdk:"company_id"`
	AccountManagers types.List   `tfsdk:"account_managers"`
	Salesman        types.String `tfsdk:"salesman"`
	Comments        types.String `tfsdk:"comments"`
	Rating          types.String `tfsdk:"rating"`
	Phone1          types.String `tfsdk:"phone_1"`
	Phone2          types.String `tfsdk:"phone_2"`
	Phone3          types.String `tfsdk:"phone_3"`
	Mobile          types.String `tfsdk:"mobile"`
	Fax             types.String `tfsdk:"fax"`
}

// sellercloudField is one field of sellercloudFields: its attribute in both
// schemas, where it is in the GET shape and the PUT body, and when two values
// mean the same (the server normalises some).
type sellercloudField struct {
	attr string
	// unified fields are filled on every platform by the commerce_customer
	// data source; the others are Sellercloud only.
	unified  bool
	resource schema.Attribute
	// data builds the data-source attribute with the given description.
	data  func(desc string) dschema.Attribute
	get   func(*sellercloudFields) attr.Value
	set   func(*sellercloudFields, attr.Value)
	read  func(*sellercloud.Details) attr.Value
	equiv func(a, b attr.Value) bool
	// send puts the planned value into the PUT body; have is the server's.
	send func(u *sellercloud.Update, plan, have *sellercloudFields)
}

// textKind says how a text field is validated and when two values mean the same.
type textKind int

const (
	kindText      textKind = iota // equal after trimming surrounding whitespace
	kindEmail                     // one address; trimmed, case-insensitive
	kindEmailList                 // addresses separated by , or ;
	kindRating                    // an enum name, exact
)

// textField is a string field of the PUT body.
//
//nolint:forcetypeassert // set receives values of the type the schema declares
func textField(name, desc string, kind textKind, ptr func(*sellercloudFields) *types.String,
	read func(*sellercloud.Details) string, put func(*sellercloud.Update) **string) sellercloudField {
	eq := func(a, b string) bool { return strings.TrimSpace(a) == strings.TrimSpace(b) }
	var validators []validator.String
	switch kind {
	case kindEmail:
		eq, validators = sameEmails, []validator.String{emailValidator(false)}
	case kindEmailList:
		eq, validators = sameEmails, []validator.String{emailValidator(true)}
	case kindRating:
		eq, validators = func(a, b string) bool { return a == b }, []validator.String{oneOf(sellercloud.Ratings...)}
	}
	equiv := func(a, b attr.Value) bool {
		x, y := a.(types.String), b.(types.String)
		return known(x, y) && eq(x.ValueString(), y.ValueString())
	}
	return sellercloudField{
		attr:    name,
		unified: slices.Contains([]string{"name", "email", "email_cc", "rating"}, name),
		resource: schema.StringAttribute{
			MarkdownDescription: desc, Optional: true, Computed: true, Validators: validators,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), keepPriorIfEquivalent{equiv}},
		},
		data: func(desc string) dschema.Attribute {
			return dschema.StringAttribute{MarkdownDescription: desc, Computed: true}
		},
		get:   func(f *sellercloudFields) attr.Value { return *ptr(f) },
		set:   func(f *sellercloudFields, v attr.Value) { *ptr(f) = v.(types.String) },
		read:  func(d *sellercloud.Details) attr.Value { return types.StringValue(read(d)) },
		equiv: equiv,
		send:  func(u *sellercloud.Update, plan, _ *sellercloudFields) { *put(u) = ptr(plan).ValueStringPointer() },
	}
}

// The resource's descriptions of the fields that are not plain text (the
// data source's are readDescriptions).
const (
	descBusinessAliases = "Business aliases (Sellercloud `BusinessAliases`), a set: Sellercloud sorts them and drops duplicates."
	descIsWholesale     = "Whether the customer is a wholesale customer (PUT `IsWholesale`, GET `General.IsWholeSaleUser`)."
	descCompanyID       = "Sellercloud company the customer belongs to (PUT `CompanyId`, GET `Internal.CompanyID`); `0` means none."
	descAccountManagers = "Up to three account managers; the position is the slot (PUT `AccountManager1Id` / `AccountManager1Commission` to `AccountManager3*`, GET `Internal.AccountManagerId`, `AccountManager2Id`, ...). An empty slot is `{ id = 0, commission = 0 }`; empty slots at the end are left out."
	descManagerID       = "Account manager id; `0` leaves the slot empty."
	descCommission      = "Commission in percent, 0 to 100. Sellercloud keeps two decimals; a value that rounds to the stored one is not a change."
)

var accountManagerAttrTypes = map[string]attr.Type{"id": types.Int64Type, "commission": types.Float64Type}

var notBlank = regexp.MustCompile(`\S`)

// sellercloudFieldTable is every field of sellercloudFields, in the docs' order.
//
//nolint:forcetypeassert // each closure gets values of the type the schema declares for its attribute
var sellercloudFieldTable = []sellercloudField{
	textField("title", "Title, e.g. `Mx.` (Sellercloud `Title`).", kindText,
		func(f *sellercloudFields) *types.String { return &f.Title },
		func(d *sellercloud.Details) string { return d.Title },
		func(u *sellercloud.Update) **string { return &u.Title }),
	textField("name", "Full name (PUT `Name`, GET `General.Name`).", kindText,
		func(f *sellercloudFields) *types.String { return &f.Name },
		func(d *sellercloud.Details) string { return d.Name },
		func(u *sellercloud.Update) **string { return &u.Name }),
	textField("email", "Email address (Sellercloud `Email`). Sellercloud stores it in lower case; a value that differs only in case is the same address.", kindEmail,
		func(f *sellercloudFields) *types.String { return &f.Email },
		func(d *sellercloud.Details) string { return d.Email },
		func(u *sellercloud.Update) **string { return &u.Email }),
	textField("email_cc", "CC email addresses, separated by `,` or `;` (Sellercloud `EmailCC`); compared like `email`.", kindEmailList,
		func(f *sellercloudFields) *types.String { return &f.EmailCC },
		func(d *sellercloud.Details) string { return d.EmailCC },
		func(u *sellercloud.Update) **string { return &u.EmailCC }),
	textField("business_name", "Business name (PUT `BusinessName`, GET `General.CorporateName`). Sellercloud requires it for wholesale customers when its client setting *Enable Required Fields for WholeSale Customers* is on.", kindText,
		func(f *sellercloudFields) *types.String { return &f.BusinessName },
		func(d *sellercloud.Details) string { return d.BusinessName },
		func(u *sellercloud.Update) **string { return &u.BusinessName }),
	{
		attr: "business_aliases",
		resource: schema.SetAttribute{
			MarkdownDescription: descBusinessAliases, ElementType: types.StringType, Optional: true, Computed: true,
			PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown(), keepPriorIfEquivalent{sameAliases}},
			Validators:    []validator.Set{elements{each: []validator.String{matches(notBlank, "must not be empty or only spaces")}}},
		},
		data: func(desc string) dschema.Attribute {
			return dschema.SetAttribute{MarkdownDescription: desc, ElementType: types.StringType, Computed: true}
		},
		get: func(f *sellercloudFields) attr.Value { return f.BusinessAliases },
		set: func(f *sellercloudFields, v attr.Value) { f.BusinessAliases = v.(types.Set) },
		read: func(d *sellercloud.Details) attr.Value {
			aliases := make([]attr.Value, 0, len(d.BusinessAliases))
			seen := map[string]bool{}
			for _, a := range d.BusinessAliases {
				if !seen[a] {
					seen[a] = true
					aliases = append(aliases, types.StringValue(a))
				}
			}
			return types.SetValueMust(types.StringType, aliases)
		},
		equiv: sameAliases,
		send: func(u *sellercloud.Update, plan, _ *sellercloudFields) {
			aliases := aliasList(plan.BusinessAliases)
			u.BusinessAliases = &aliases
		},
	},
	textField("source_id", "Source id (Sellercloud `SourceId`).", kindText,
		func(f *sellercloudFields) *types.String { return &f.SourceID },
		func(d *sellercloud.Details) string { return d.SourceID },
		func(u *sellercloud.Update) **string { return &u.SourceID }),
	{
		attr: "is_wholesale",
		resource: schema.BoolAttribute{
			MarkdownDescription: descIsWholesale, Optional: true, Computed: true,
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		},
		data: func(desc string) dschema.Attribute {
			return dschema.BoolAttribute{MarkdownDescription: desc, Computed: true}
		},
		get:   func(f *sellercloudFields) attr.Value { return f.IsWholesale },
		set:   func(f *sellercloudFields, v attr.Value) { f.IsWholesale = v.(types.Bool) },
		read:  func(d *sellercloud.Details) attr.Value { return types.BoolValue(d.IsWholesale) },
		equiv: func(a, b attr.Value) bool { return known(a, b) && a.Equal(b) },
		send: func(u *sellercloud.Update, plan, _ *sellercloudFields) {
			u.IsWholesale = plan.IsWholesale.ValueBoolPointer()
		},
	},
	{
		attr: "company_id",
		resource: schema.Int64Attribute{
			MarkdownDescription: descCompanyID, Optional: true, Computed: true,
			PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			Validators:    []validator.Int64{intBetween(0, math.MaxInt32)},
		},
		data: func(desc string) dschema.Attribute {
			return dschema.Int64Attribute{MarkdownDescription: desc, Computed: true}
		},
		get:   func(f *sellercloudFields) attr.Value { return f.CompanyID },
		set:   func(f *sellercloudFields, v attr.Value) { f.CompanyID = v.(types.Int64) },
		read:  func(d *sellercloud.Details) attr.Value { return types.Int64Value(int64(d.CompanyID)) },
		equiv: func(a, b attr.Value) bool { return known(a, b) && a.Equal(b) },
		send: func(u *sellercloud.Update, plan, _ *sellercloudFields) {
			id := int(plan.CompanyID.ValueInt64())
			u.CompanyID = &id
		},
	},
	{
		attr: "account_managers",
		resource: schema.ListNestedAttribute{
			MarkdownDescription: descAccountManagers, Optional: true, Computed: true,
			PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown(), keepPriorIfEquivalent{sameManagers}},
			Validators:    []validator.List{elements{maxLen: 3, why: "Sellercloud has three account manager slots"}},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id": schema.Int64Attribute{MarkdownDescription: descManagerID, Required: true,
					Validators: []validator.Int64{intBetween(0, math.MaxInt32)}},
				"commission": schema.Float64Attribute{MarkdownDescription: descCommission, Required: true,
					Validators: []validator.Float64{numberBetween(0, 100)}},
			}},
		},
		data: func(desc string) dschema.Attribute {
			return dschema.ListNestedAttribute{
				MarkdownDescription: desc, Computed: true,
				NestedObject: dschema.NestedAttributeObject{Attributes: map[string]dschema.Attribute{
					"id":         dschema.Int64Attribute{MarkdownDescription: "Account manager id; `0` in an empty slot.", Computed: true},
					"commission": dschema.Float64Attribute{MarkdownDescription: "Commission in percent, with two decimals.", Computed: true},
				}},
			}
		},
		get:   func(f *sellercloudFields) attr.Value { return f.AccountManagers },
		set:   func(f *sellercloudFields, v attr.Value) { f.AccountManagers = v.(types.List) },
		read:  func(d *sellercloud.Details) attr.Value { return managersValue(d.AccountManagers) },
		equiv: sameManagers,
		send: func(u *sellercloud.Update, plan, have *sellercloudFields) {
			want, _ := managerSlots(plan.AccountManagers)
			cur, ok := managerSlots(have.AccountManagers)
			ids := [3]**int{&u.AccountManager1ID, &u.AccountManager2ID, &u.AccountManager3ID}
			coms := [3]**float64{&u.AccountManager1Commission, &u.AccountManager2Commission, &u.AccountManager3Commission}
			for i := range want {
				// Only the slots that change are sent.
				if !ok || want[i].ID != cur[i].ID {
					*ids[i] = &want[i].ID
				}
				if !ok || !sameCommission(want[i].Commission, cur[i].Commission) {
					*coms[i] = &want[i].Commission
				}
			}
		},
	},
	textField("salesman", "Salesman (PUT `Salesman`, GET `Internal.SalesMan`).", kindText,
		func(f *sellercloudFields) *types.String { return &f.Salesman },
		func(d *sellercloud.Details) string { return d.Salesman },
		func(u *sellercloud.Update) **string { return &u.Salesman }),
	textField("comments", "Comments (PUT `Comments`, GET `Internal.Comment`).", kindText,
		func(f *sellercloudFields) *types.String { return &f.Comments },
		func(d *sellercloud.Details) string { return d.Comments },
		func(u *sellercloud.Update) **string { return &u.Comments }),
	textField("rating", "Rating, one of "+backticked(sellercloud.Ratings)+" (PUT `Rating`, GET `Internal.LocalRating`).", kindRating,
		func(f *sellercloudFields) *types.String { return &f.Rating },
		func(d *sellercloud.Details) string { return d.Rating },
		func(u *sellercloud.Update) **string { return &u.Rating }),
	textField("phone_1", "First phone number (PUT `Phone1`, GET `Personal.Phone1`).", kindText,
		func(f *sellercloudFields) *types.String { return &f.Phone1 },
		func(d *sellercloud.Details) string { return d.Phone1 },
		func(u *sellercloud.Update) **string { return &u.Phone1 }),
	textField("phone_2", "Second phone number (PUT `Phone2`, GET `Personal.Phone2`).", kindText,
		func(f *sellercloudFields) *types.String { return &f.Phone2 },
		func(d *sellercloud.Details) string { return d.Phone2 },
		func(u *sellercloud.Update) **string { return &u.Phone2 }),
	textField("phone_3", "Third phone number (PUT `Phone3`, GET `Personal.Phone3`).", kindText,
		func(f *sellercloudFields) *types.String { return &f.Phone3 },
		func(d *sellercloud.Details) string { return d.Phone3 },
		func(u *sellercloud.Update) **string { return &u.Phone3 }),
	textField("mobile", "Mobile phone number (PUT `Mobile`, GET `Personal.Mobile`).", kindText,
		func(f *sellercloudFields) *types.String { return &f.Mobile },
		func(d *sellercloud.Details) string { return d.Mobile },
		func(u *sellercloud.Update) **string { return &u.Mobile }),
	textField("fax", "Fax number (PUT `Fax`, GET `Personal.Fax`).", kindText,
		func(f *sellercloudFields) *types.String { return &f.Fax },
		func(d *sellercloud.Details) string { return d.Fax },
		func(u *sellercloud.Update) **string { return &u.Fax }),
}

// fieldsFromDetails maps the server's customer to attribute values, as the
// server spells them.
func fieldsFromDetails(d sellercloud.Details) sellercloudFields {
	var f sellercloudFields
	for _, field := range sellercloudFieldTable {
		field.set(&f, field.read(&d))
	}
	return f
}

// keepEquivalent returns got, except that an attribute equivalent to the same
// attribute of ref keeps ref's value: the server's normalised spelling never
// replaces the one from configuration, so refresh shows no difference.
func keepEquivalent(got, ref sellercloudFields) sellercloudFields {
	for _, f := range sellercloudFieldTable {
		if r := f.get(&ref); known(r) && f.equiv(f.get(&got), r) {
			f.set(&got, r)
		}
	}
	return got
}

// updateFor builds the PUT body: every configured (managed) attribute whose
// planned value is not equivalent to have. It returns the attributes sent.
func updateFor(config, plan, have sellercloudFields) (sellercloud.Update, map[string]bool) {
	var u sellercloud.Update
	sent := map[string]bool{}
	for _, f := range sellercloudFieldTable {
		if known(f.get(&config)) && !f.equiv(f.get(&plan), f.get(&have)) {
			f.send(&u, &plan, &have)
			sent[f.attr] = true
		}
	}
	return u, sent
}

// appliedFields is the state after an apply. Terraform requires every known
// planned value back, so they stay; unknown ones (on create, the fields left
// out of configuration) take the server's value. A sent field the server
// stored as something not equivalent is an error naming the attribute, and
// the state gets the server's value for it.
func appliedFields(server, plan sellercloudFields, sent map[string]bool, diags *diagList) sellercloudFields {
	out := server
	for _, f := range sellercloudFieldTable {
		p := f.get(&plan)
		if p.IsUnknown() {
			continue
		}
		if s := f.get(&server); sent[f.attr] && !f.equiv(s, p) {
			diags.AddAttributeError(path.Root(f.attr), "Sellercloud stored a different value",
				fmt.Sprintf("%s was sent as %s, but Sellercloud stored %s. The state holds the stored value; the next plan shows the difference.", f.attr, p, s))
			continue
		}
		f.set(&out, p)
	}
	return out
}

// managersValue lists the three slots without the empty ones at the end.
func managersValue(slots [3]sellercloud.AccountManager) types.List {
	n := len(slots)
	for n > 0 && slots[n-1] == (sellercloud.AccountManager{}) {
		n--
	}
	elems := make([]attr.Value, n)
	for i := range n {
		elems[i] = types.ObjectValueMust(accountManagerAttrTypes, map[string]attr.Value{
			"id":         types.Int64Value(int64(slots[i].ID)),
			"commission": types.Float64Value(slots[i].Commission),
		})
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: accountManagerAttrTypes}, elems)
}

// managerSlots reads a known account_managers list into the three slots; the
// slots after the list are empty.
func managerSlots(v types.List) ([3]sellercloud.AccountManager, bool) {
	var slots [3]sellercloud.AccountManager
	if v.IsNull() || v.IsUnknown() || len(v.Elements()) > len(slots) {
		return slots, false
	}
	for i, e := range v.Elements() {
		obj, ok := e.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			return slots, false
		}
		id, ok1 := obj.Attributes()["id"].(types.Int64)
		com, ok2 := obj.Attributes()["commission"].(types.Float64)
		if !ok1 || !ok2 || id.IsUnknown() || com.IsUnknown() {
			return slots, false
		}
		slots[i] = sellercloud.AccountManager{ID: int(id.ValueInt64()), Commission: com.ValueFloat64()}
	}
	return slots, true
}

// sameCommission is true when two commissions round to the same two decimals
// (the server's precision), whichever way the server rounds a half.
func sameCommission(a, b float64) bool { return math.Abs(a-b) <= 0.005+1e-9 }

func known(vs ...attr.Value) bool {
	for _, v := range vs {
		if v.IsNull() || v.IsUnknown() {
			return false
		}
	}
	return true
}

// sameEmails compares one or more addresses the way the server does.
func sameEmails(a, b string) bool { return slices.Equal(emailParts(a), emailParts(b)) }

// emailParts normalises one or more addresses: split on , and ;, trimmed,
// lower case.
func emailParts(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, strings.ToLower(p))
		}
	}
	return out
}

// aliasList normalises aliases as the server stores them: trimmed, without
// empty ones and duplicates, sorted. Nil for a null or unknown set.
func aliasList(s types.Set) []string {
	if !known(s) {
		return nil
	}
	out := []string{}
	for _, e := range s.Elements() {
		v, ok := e.(types.String)
		if !ok || !known(v) {
			return nil
		}
		if a := strings.TrimSpace(v.ValueString()); a != "" {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
