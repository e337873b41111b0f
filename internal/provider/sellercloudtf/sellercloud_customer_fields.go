package sellercloudtf

import (
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// sellercloudField is one row of commerce_customer's field table: a field
// of the Sellercloud customer that the PUT body can change, managed by the
// resource and read by the commerce_customer data source.
type sellercloudField = tfkit.Field[sellercloud.Details, customerBody]

// textKind says how a text field is validated and when two values mean the same.
type textKind int

const (
	kindText      textKind = iota // equal after trimming surrounding whitespace
	kindEmail                     // one address; trimmed, case-insensitive
	kindEmailList                 // addresses separated by , or ;
	kindRating                    // an enum name, exact
)

// textField is a string field of the PUT body; data is its description in
// the data source.
//
//nolint:forcetypeassert // equiv receives values of the type the schema declares
func textField(name, desc, data string, kind textKind, read func(*sellercloud.Details) string, put func(*sellercloud.Update) **string) sellercloudField {
	eq := func(a, b string) bool { return strings.TrimSpace(a) == strings.TrimSpace(b) }
	var validators []validator.String
	switch kind {
	case kindEmail:
		eq, validators = sameEmails, []validator.String{tfkit.EmailValidator(false)}
	case kindEmailList:
		eq, validators = sameEmails, []validator.String{tfkit.EmailValidator(true)}
	case kindRating:
		eq, validators = func(a, b string) bool { return a == b }, []validator.String{tfkit.OneOf(sellercloud.Ratings...)}
	}
	equiv := func(a, b attr.Value) bool { // nil: a record not read yet (a create's plan)
		x, ok1 := a.(types.String)
		y, ok2 := b.(types.String)
		return ok1 && ok2 && tfkit.Known(x, y) && eq(x.ValueString(), y.ValueString())
	}
	common := "" // the commerce_customers fields the data source fills on every platform
	if slices.Contains([]string{"name", "email", "email_cc", "rating"}, name) {
		common = name
	}
	return sellercloudField{
		Attr: name,
		Schema: schema.StringAttribute{
			MarkdownDescription: desc, Optional: true, Computed: true, Validators: validators,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown(), tfkit.KeepPriorIfEquivalent{Equiv: equiv}},
		},
		Read:  func(d *sellercloud.Details) attr.Value { return types.StringValue(read(d)) },
		Equiv: equiv,
		Send: func(b *customerBody, plan, _ attr.Value) {
			*put(&b.Customer) = plan.(types.String).ValueStringPointer()
		},
		Data: &tfkit.DataField{Doc: data, Common: common},
	}
}

// The resource's descriptions of the fields that are not plain text.
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

// sellercloudFieldTable is every field commerce_customer manages, in the
// docs' order.
//
//nolint:forcetypeassert // each closure gets values of the type the schema declares for its attribute
var sellercloudFieldTable = []sellercloudField{
	textField("title", "Title, e.g. `Mx.` (Sellercloud `Title`).", "Title, e.g. `Mx.` (`General.Title`).", kindText,
		func(d *sellercloud.Details) string { return d.Title }, func(u *sellercloud.Update) **string { return &u.Title }),
	textField("name", "Full name (PUT `Name`, GET `General.Name`).", "Full name (Sellercloud `General.Name`).", kindText,
		func(d *sellercloud.Details) string { return d.Name }, func(u *sellercloud.Update) **string { return &u.Name }),
	textField("email", "Email address (Sellercloud `Email`). Sellercloud stores it in lower case; a value that differs only in case is the same address.",
		"Email address (Sellercloud `General.Email`), in lower case as Sellercloud stores it.", kindEmail,
		func(d *sellercloud.Details) string { return d.Email }, func(u *sellercloud.Update) **string { return &u.Email }),
	textField("email_cc", "CC email addresses, separated by `,` or `;` (Sellercloud `EmailCC`); compared like `email`.",
		"CC email addresses, separated by `,` or `;` (Sellercloud `General.EmailCC`).", kindEmailList,
		func(d *sellercloud.Details) string { return d.EmailCC }, func(u *sellercloud.Update) **string { return &u.EmailCC }),
	textField("business_name", "Business name (PUT `BusinessName`, GET `General.CorporateName`). Sellercloud requires it for wholesale customers when its client setting *Enable Required Fields for WholeSale Customers* is on.",
		"Business name (`General.CorporateName`).", kindText,
		func(d *sellercloud.Details) string { return d.BusinessName }, func(u *sellercloud.Update) **string { return &u.BusinessName }),
	{
		Attr: "business_aliases",
		Schema: schema.SetAttribute{
			MarkdownDescription: descBusinessAliases, ElementType: types.StringType, Optional: true, Computed: true,
			PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown(), tfkit.KeepPriorIfEquivalent{Equiv: sameAliases}},
			Validators:    []validator.Set{tfkit.Elements{Each: []validator.String{tfkit.Matches(notBlank, "must not be empty or only spaces")}}},
		},
		Read: func(d *sellercloud.Details) attr.Value {
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
		Equiv: sameAliases,
		Send: func(b *customerBody, plan, _ attr.Value) {
			aliases := aliasList(plan.(types.Set))
			b.Customer.BusinessAliases = &aliases
		},
		Data: &tfkit.DataField{Doc: "Business aliases (`General.BusinessAliases`), sorted and without duplicates."},
	},
	textField("source_id", "Source id (Sellercloud `SourceId`).", "Source id (`General.SourceId`).", kindText,
		func(d *sellercloud.Details) string { return d.SourceID }, func(u *sellercloud.Update) **string { return &u.SourceID }),
	{
		Attr: "is_wholesale",
		Schema: schema.BoolAttribute{
			MarkdownDescription: descIsWholesale, Optional: true, Computed: true,
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
		},
		Read: func(d *sellercloud.Details) attr.Value { return types.BoolValue(d.IsWholesale) },
		Send: func(b *customerBody, plan, _ attr.Value) {
			b.Customer.IsWholesale = plan.(types.Bool).ValueBoolPointer()
		},
		Data: &tfkit.DataField{Doc: "Whether the customer is a wholesale customer (`General.IsWholeSaleUser`)."},
	},
	{
		Attr: "company_id",
		Schema: schema.Int64Attribute{
			MarkdownDescription: descCompanyID, Optional: true, Computed: true,
			PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			Validators:    []validator.Int64{tfkit.IntBetween(0, math.MaxInt32)},
		},
		Read: func(d *sellercloud.Details) attr.Value { return types.Int64Value(int64(d.CompanyID)) },
		Send: func(b *customerBody, plan, _ attr.Value) {
			id := int(plan.(types.Int64).ValueInt64())
			b.Customer.CompanyID = &id
		},
		Data: &tfkit.DataField{Doc: "Sellercloud company the customer belongs to (`Internal.CompanyID`); `0` means none."},
	},
	{
		Attr: "account_managers",
		Schema: schema.ListNestedAttribute{
			MarkdownDescription: descAccountManagers, Optional: true, Computed: true,
			PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown(), tfkit.KeepPriorIfEquivalent{Equiv: sameManagers}},
			Validators:    []validator.List{tfkit.Elements{MaxLen: 3, Why: "Sellercloud has three account manager slots"}},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id": schema.Int64Attribute{MarkdownDescription: descManagerID, Required: true,
					Validators: []validator.Int64{tfkit.IntBetween(0, math.MaxInt32)}},
				"commission": schema.Float64Attribute{MarkdownDescription: descCommission, Required: true,
					Validators: []validator.Float64{tfkit.NumberBetween(0, 100)}},
			}},
		},
		Read:  func(d *sellercloud.Details) attr.Value { return managersValue(d.AccountManagers) },
		Equiv: sameManagers,
		Send: func(b *customerBody, plan, have attr.Value) {
			u := &b.Customer
			planned, _ := plan.(types.List)
			had, _ := have.(types.List)
			want, _ := managerSlots(planned)
			cur, ok := managerSlots(had)
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
		Data: &tfkit.DataField{
			Doc: "Up to three account managers; the position is the slot (`Internal.AccountManagerId` and `AccountManagerCommission`, `AccountManager2Id`, ...). An empty slot is `{ id = 0, commission = 0 }`; empty slots at the end are left out.",
			Schema: func(desc string) dschema.Attribute {
				return dschema.ListNestedAttribute{
					MarkdownDescription: desc, Computed: true,
					NestedObject: dschema.NestedAttributeObject{Attributes: map[string]dschema.Attribute{
						"id":         dschema.Int64Attribute{MarkdownDescription: "Account manager id; `0` in an empty slot.", Computed: true},
						"commission": dschema.Float64Attribute{MarkdownDescription: "Commission in percent, with two decimals.", Computed: true},
					}},
				}
			},
		},
	},
	textField("salesman", "Salesman (PUT `Salesman`, GET `Internal.SalesMan`).", "Salesman (`Internal.SalesMan`).", kindText,
		func(d *sellercloud.Details) string { return d.Salesman }, func(u *sellercloud.Update) **string { return &u.Salesman }),
	textField("comments", "Comments (PUT `Comments`, GET `Internal.Comment`).", "Comments (`Internal.Comment`).", kindText,
		func(d *sellercloud.Details) string { return d.Comments }, func(u *sellercloud.Update) **string { return &u.Comments }),
	textField("rating", "Rating, one of "+tfkit.Backticked(sellercloud.Ratings)+" (PUT `Rating`, GET `Internal.LocalRating`).",
		"Rating, one of "+tfkit.Backticked(sellercloud.Ratings)+" (Sellercloud `Internal.LocalRating`).", kindRating,
		func(d *sellercloud.Details) string { return d.Rating }, func(u *sellercloud.Update) **string { return &u.Rating }),
	textField("phone_1", "First phone number (PUT `Phone1`, GET `Personal.Phone1`).", "First phone number (`Personal.Phone1`).", kindText,
		func(d *sellercloud.Details) string { return d.Phone1 }, func(u *sellercloud.Update) **string { return &u.Phone1 }),
	textField("phone_2", "Second phone number (PUT `Phone2`, GET `Personal.Phone2`).", "Second phone number (`Personal.Phone2`).", kindText,
		func(d *sellercloud.Details) string { return d.Phone2 }, func(u *sellercloud.Update) **string { return &u.Phone2 }),
	textField("phone_3", "Third phone number (PUT `Phone3`, GET `Personal.Phone3`).", "Third phone number (`Personal.Phone3`).", kindText,
		func(d *sellercloud.Details) string { return d.Phone3 }, func(u *sellercloud.Update) **string { return &u.Phone3 }),
	textField("mobile", "Mobile phone number (PUT `Mobile`, GET `Personal.Mobile`).", "Mobile phone number (`Personal.Mobile`).", kindText,
		func(d *sellercloud.Details) string { return d.Mobile }, func(u *sellercloud.Update) **string { return &u.Mobile }),
	textField("fax", "Fax number (PUT `Fax`, GET `Personal.Fax`).", "Fax number (`Personal.Fax`).", kindText,
		func(d *sellercloud.Details) string { return d.Fax }, func(u *sellercloud.Update) **string { return &u.Fax }),
	orderOptionsField,
	shippingPreferencesField,
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

// sameManagers: the same manager in each slot, commissions equal to two
// decimals, missing slots at the end empty.
func sameManagers(a, b attr.Value) bool {
	l1, ok1 := a.(types.List)
	l2, ok2 := b.(types.List)
	if !ok1 || !ok2 {
		return false
	}
	x, ok1 := managerSlots(l1)
	y, ok2 := managerSlots(l2)
	if !ok1 || !ok2 {
		return false
	}
	for i := range x {
		if x[i].ID != y[i].ID || !sameCommission(x[i].Commission, y[i].Commission) {
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

// sameAliases: Sellercloud stores business aliases trimmed, sorted and
// without duplicates.
func sameAliases(a, b attr.Value) bool {
	x, ok1 := a.(types.Set)
	y, ok2 := b.(types.Set)
	return ok1 && ok2 && tfkit.Known(x, y) && slices.Equal(aliasList(x), aliasList(y))
}

// aliasList normalises aliases as the server stores them: trimmed, without
// empty ones and duplicates, sorted. Nil for a null or unknown set.
func aliasList(s types.Set) []string {
	if !tfkit.Known(s) {
		return nil
	}
	out := []string{}
	for _, e := range s.Elements() {
		v, ok := e.(types.String)
		if !ok || !tfkit.Known(v) {
			return nil
		}
		if a := strings.TrimSpace(v.ValueString()); a != "" {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
