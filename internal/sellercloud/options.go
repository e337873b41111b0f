package sellercloud

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// TaxExemptTypes are the values of TaxExemptType (developer.sellercloud.com
// "Update Customer Order Options": "" None, wholesale, government, other,
// non_exempt).
var TaxExemptTypes = []string{"", "wholesale", "government", "other", "non_exempt"}

// OrderOptions is a customer's OrderOptions as GET /Customers/{id} carries
// them (OrderOptionsContent, swagger 2022, with TaxID): the fields PUT
// .../OrderOptions documents, and the flag that says whether one of them
// may be set. The tags are the GET's spellings.
type OrderOptions struct {
	TaxExempt bool `json:"TaxExempt"`
	// TaxID is nil when the record has no TaxID: the 2022 swagger's
	// OrderOptionsContent has none (inference: newer servers add it, as the
	// PUT takes it), so its value cannot be read.
	TaxID                            *string `json:"TaxID"`
	TaxExemptType                    string  `json:"TaxExemptType"`
	OrderHandlingFee                 float64 `json:"OrderHandlingFee"`
	ApplyShippingChargesToOrderTotal bool    `json:"ApplyShippingChargesToOrderTotal"`
	AllowShippingUnpaidOrders        bool    `json:"AllowShippingUnPaidOrders"`
	DisableShipNotifications         bool    `json:"DisableShipNotifications"`
	// CompanyAllowsUnpaidOrders is AllowShippingUnPaidOrdersEditble [sic]
	// (inference: the GET's flag for whether AllowShippingUnpaidOrders may
	// be set, which the PUT doc ties to the customer's company).
	CompanyAllowsUnpaidOrders bool `json:"AllowShippingUnPaidOrdersEditble"`
}

// OrderOptionsUpdate is the PUT /Customers/{id}/OrderOptions body, every
// field documented: nil is left out, which the server reads as unchanged.
type OrderOptionsUpdate struct {
	TaxExempt *bool `json:"TaxExempt,omitempty"`
	// TaxID can only be set when TaxExempt is on (CheckTaxID).
	TaxID *string `json:"TaxID,omitempty"`
	// TaxExemptType is one of TaxExemptTypes.
	TaxExemptType    *string  `json:"TaxExemptType,omitempty"`
	OrderHandlingFee *float64 `json:"OrderHandlingFee,omitempty"`
	// ApplyShippingChargesToOrderTotal can only be set for a wholesale
	// customer.
	ApplyShippingChargesToOrderTotal *bool `json:"ApplyShippingChargesToOrderTotal,omitempty"`
	// AllowShippingUnpaidOrders can only be set when the customer's company
	// allows shipping unpaid orders.
	AllowShippingUnpaidOrders *bool `json:"AllowShippingUnpaidOrders,omitempty"`
	DisableShipNotifications  *bool `json:"DisableShipNotifications,omitempty"`
}

// IsEmpty reports whether u changes nothing.
func (u OrderOptionsUpdate) IsEmpty() bool { return u == OrderOptionsUpdate{} }

// UpdateOrderOptions sends PUT /Customers/{id}/OrderOptions with the fields
// set in u; an empty u sends nothing.
func (c *Client) UpdateOrderOptions(ctx context.Context, id string, u OrderOptionsUpdate) error {
	n, err := ParseID(id)
	if err != nil || u.IsEmpty() {
		return err
	}
	return c.put(ctx, "/Customers/"+strconv.Itoa(n)+"/OrderOptions", u)
}

// CheckTaxExemptType refuses a TaxExemptType the API does not list; the
// values are case-sensitive as documented.
func CheckTaxExemptType(v string) error {
	if slices.Contains(TaxExemptTypes, v) {
		return nil
	}
	return fmt.Errorf("%q is not a tax-exempt type: one of %s (\"\" for none)", v, quoteAll(TaxExemptTypes[1:]))
}

// CheckTaxID refuses a tax id on a customer that is not tax exempt ("Can
// only be set when TaxExempt is enabled"); clearing it ("") is always
// allowed.
func CheckTaxID(taxID string, taxExempt bool) error {
	if taxID != "" && !taxExempt {
		return fmt.Errorf("a tax id can only be set when the customer is tax exempt")
	}
	return nil
}

// CheckApplyShippingCharges refuses applying shipping charges to the order
// total for a customer that is not wholesale ("Can only be set when the
// customer is wholesale"); false is always allowed (inference: it is what
// a retail customer has).
func CheckApplyShippingCharges(apply, wholesale bool) error {
	if apply && !wholesale {
		return fmt.Errorf("shipping charges can be applied to the order total only for a wholesale customer")
	}
	return nil
}

// CheckAllowShippingUnpaid refuses allowing unpaid orders to ship for a
// customer whose company does not allow it; false is always allowed.
func CheckAllowShippingUnpaid(allow, companyAllows bool) error {
	if allow && !companyAllows {
		return fmt.Errorf("shipping unpaid orders can be allowed only when the customer's company allows it")
	}
	return nil
}

// Check applies every documented rule of the PUT to u on a customer whose
// order options are now have (nil when not read: a customer being
// created, whose options are the defaults) and whose type is wholesale. A
// field u leaves nil keeps have's value for the rules that depend on it.
func (u OrderOptionsUpdate) Check(have *OrderOptions, wholesale bool) []FieldError {
	var cur OrderOptions
	if have != nil {
		cur = *have
	}
	var errs []FieldError
	taxExempt := cur.TaxExempt
	if u.TaxExempt != nil {
		taxExempt = *u.TaxExempt
	}
	if u.TaxID != nil {
		if err := CheckTaxID(*u.TaxID, taxExempt); err != nil {
			errs = append(errs, FieldError{"TaxID", err.Error()})
		}
	}
	if u.TaxExemptType != nil {
		if err := CheckTaxExemptType(*u.TaxExemptType); err != nil {
			errs = append(errs, FieldError{"TaxExemptType", err.Error()})
		}
	}
	if u.OrderHandlingFee != nil && *u.OrderHandlingFee < 0 {
		errs = append(errs, FieldError{"OrderHandlingFee", "the order handling fee cannot be negative"})
	}
	if u.ApplyShippingChargesToOrderTotal != nil {
		if err := CheckApplyShippingCharges(*u.ApplyShippingChargesToOrderTotal, wholesale); err != nil {
			errs = append(errs, FieldError{"ApplyShippingChargesToOrderTotal", err.Error()})
		}
	}
	if u.AllowShippingUnpaidOrders != nil && have != nil {
		if err := CheckAllowShippingUnpaid(*u.AllowShippingUnpaidOrders, have.CompanyAllowsUnpaidOrders); err != nil {
			errs = append(errs, FieldError{"AllowShippingUnpaidOrders", err.Error()})
		}
	}
	return errs
}

// ShippingPreferences is a customer's shipping preferences as GET
// /Customers/{id} carries them (inference: an object "ShippingPreferences"
// with the PUT's field names; the 2022 swagger has no such section, the
// endpoint is newer).
type ShippingPreferences struct {
	// CarrierID and CarrierMethodID are enums whose values no document
	// lists (NOT FOUND): the tenant's carriers and their services.
	CarrierID                     int     `json:"CarrierId"`
	CarrierMethodID               int     `json:"CarrierMethodId"`
	Charges                       float64 `json:"Charges"`
	AccountNumber                 string  `json:"AccountNumber"`
	PostalCode                    string  `json:"PostalCode"`
	EnableCustomerShippingAccount bool    `json:"EnableCustomerShippingAccount"`
}

// ShippingPreferencesUpdate is the PUT /Customers/{id}/ShippingPreferences
// body (developer.sellercloud.com "Update Customer Shipping Preferences"),
// every field documented: nil is left out, which the server reads as
// unchanged.
type ShippingPreferencesUpdate struct {
	CarrierID                     *int     `json:"CarrierId,omitempty"`
	CarrierMethodID               *int     `json:"CarrierMethodId,omitempty"`
	Charges                       *float64 `json:"Charges,omitempty"`
	AccountNumber                 *string  `json:"AccountNumber,omitempty"`
	PostalCode                    *string  `json:"PostalCode,omitempty"`
	EnableCustomerShippingAccount *bool    `json:"EnableCustomerShippingAccount,omitempty"`
}

// IsEmpty reports whether u changes nothing.
func (u ShippingPreferencesUpdate) IsEmpty() bool { return u == ShippingPreferencesUpdate{} }

// Check refuses what no carrier enum or amount can be: a negative carrier
// or method id, negative charges (inference: the page documents a 400 for
// an incorrect request without saying which).
func (u ShippingPreferencesUpdate) Check() []FieldError {
	var errs []FieldError
	for field, v := range map[string]*int{"CarrierId": u.CarrierID, "CarrierMethodId": u.CarrierMethodID} {
		if v != nil && *v < 0 {
			errs = append(errs, FieldError{field, fmt.Sprintf("%d is not a carrier enum value (a whole number from 0)", *v)})
		}
	}
	if u.Charges != nil && *u.Charges < 0 {
		errs = append(errs, FieldError{"Charges", "shipping charges cannot be negative"})
	}
	slices.SortFunc(errs, func(a, b FieldError) int { return strings.Compare(a.Field, b.Field) })
	return errs
}

// UpdateShippingPreferences sends PUT /Customers/{id}/ShippingPreferences
// with the fields set in u; an empty u sends nothing.
func (c *Client) UpdateShippingPreferences(ctx context.Context, id string, u ShippingPreferencesUpdate) error {
	n, err := ParseID(id)
	if err != nil || u.IsEmpty() {
		return err
	}
	return c.put(ctx, "/Customers/"+strconv.Itoa(n)+"/ShippingPreferences", u)
}
