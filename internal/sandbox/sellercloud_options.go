package sandbox

import (
	"fmt"
	"math"
	"net/http"
	"slices"
)

// SellercloudOrderOptions are a customer's order options (the fields PUT
// /Customers/{id}/OrderOptions documents).
type SellercloudOrderOptions struct {
	TaxExempt                        bool
	TaxID                            string
	TaxExemptType                    string
	OrderHandlingFee                 float64
	ApplyShippingChargesToOrderTotal bool
	AllowShippingUnpaidOrders        bool
	DisableShipNotifications         bool
}

// SellercloudShippingPreferences are a customer's shipping preferences (PUT
// /Customers/{id}/ShippingPreferences).
type SellercloudShippingPreferences struct {
	CarrierID                     int
	CarrierMethodID               int
	Charges                       float64
	AccountNumber                 string
	PostalCode                    string
	EnableCustomerShippingAccount bool
}

// SellercloudCard is a stored credit card (CustomerCreditCardDto), fake
// data the tests look for everywhere the provider writes: it must appear
// nowhere.
type SellercloudCard struct {
	ID              int
	CardType        int // 1 Visa
	NameOnCard      string
	CardNumber      string
	ExpirationMonth int
	ExpirationYear  int
	IsDefault       bool
	CVV             string
}

// scTaxExemptTypes are TaxExemptType's values (developer.sellercloud.com
// "Update Customer Order Options").
var scTaxExemptTypes = []string{"", "wholesale", "government", "other", "non_exempt"}

// sellercloudSeedCards gives every third seed customer a fake card.
func sellercloudSeedCards(i int, name string) []SellercloudCard {
	if i%3 != 0 {
		return nil
	}
	return []SellercloudCard{{
		ID: 7000 + i, CardType: 1, NameOnCard: name, CardNumber: fmt.Sprintf("4111%012d", 900000000000+i),
		ExpirationMonth: 1 + i%12, ExpirationYear: 2031, IsDefault: true, CVV: fmt.Sprintf("%03d", 100+i%900),
	}}
}

// SellercloudCompanyAllowsUnpaid turns on (or off) company companyID's
// setting that lets its customers ship unpaid orders.
func (s *Server) SellercloudCompanyAllowsUnpaid(companyID int, allow bool) {
	st := s.sellercloud()
	st.locked(func() { st.allowUnpaid[companyID] = allow })
}

// scOrderOptionsJSON is OrderOptionsContent (swagger 2022) with TaxID.
func scOrderOptionsJSON(c *SellercloudCustomer, companyAllowsUnpaid bool) map[string]any {
	o := c.OrderOptions
	return map[string]any{
		"TaxExempt": o.TaxExempt, "TaxID": o.TaxID, "TaxExemptType": o.TaxExemptType, "OrderHandlingFee": o.OrderHandlingFee,
		"ApplyShippingChargesToOrderTotal": o.ApplyShippingChargesToOrderTotal, "ApplyShippingChargesToOrderTotalVisible": c.IsWholesale,
		"AllowShippingUnPaidOrders": o.AllowShippingUnpaidOrders, "AllowShippingUnPaidOrdersEditble": companyAllowsUnpaid,
		"DisableShipNotifications": o.DisableShipNotifications, "InvoiceNote": "", "OrderPDFInvoicePlugin": "",
		"SendInvoiceWithShipNotificationEmail": false, "WholesaleDiscount": 0.0, "SitePriceBasedDiscountVisible": false,
		"SitePriceBasedDiscountEnabled": false, "SitePriceBasedDiscountValue": 0.0, "CostPlusBasedWholeSalePriceVisible": false,
		"CostPlusBasedWholeSalePriceEnabled": false, "CostPlusBasedWholeSalePricePercent": 0.0,
		"CostPlusBasedWholeSalePriceUsingType": 0, "IsModified": false,
	}
}

// scShippingPreferencesJSON is the section the fake adds for the shipping
// preferences (no document shows it: the PUT's names).
func scShippingPreferencesJSON(p SellercloudShippingPreferences) map[string]any {
	return map[string]any{
		"CarrierId": p.CarrierID, "CarrierMethodId": p.CarrierMethodID, "Charges": p.Charges,
		"AccountNumber": p.AccountNumber, "PostalCode": p.PostalCode,
		"EnableCustomerShippingAccount": p.EnableCustomerShippingAccount, "IsModified": false,
	}
}

func scCardsJSON(cards []SellercloudCard) []map[string]any {
	out := make([]map[string]any, 0, len(cards))
	for _, cc := range cards {
		out = append(out, map[string]any{
			"ID": cc.ID, "CardType": cc.CardType, "NameOnCard": cc.NameOnCard, "CardNumber": cc.CardNumber,
			"ExpirationMonth": cc.ExpirationMonth, "ExpirationYear": cc.ExpirationYear, "IsDefault": cc.IsDefault, "CVV": cc.CVV,
		})
	}
	return out
}

// scPutOrderOptions is PUT /Customers/{id}/OrderOptions: null or omitted is
// unchanged; the page's rules are 400s and nothing changes.
func (s *Server) scPutOrderOptions(w http.ResponseWriter, r *http.Request) {
	var u struct {
		TaxExempt                        *bool
		TaxID                            *string
		TaxExemptType                    *string
		OrderHandlingFee                 *float64
		ApplyShippingChargesToOrderTotal *bool
		AllowShippingUnpaidOrders        *bool
		DisableShipNotifications         *bool
	}
	s.scEdit(w, r, &u, func(st *scStore, c *SellercloudCustomer) string {
		next := c.OrderOptions
		set(&next.TaxExempt, u.TaxExempt)
		set(&next.TaxID, u.TaxID)
		set(&next.TaxExemptType, u.TaxExemptType)
		set(&next.OrderHandlingFee, u.OrderHandlingFee)
		set(&next.ApplyShippingChargesToOrderTotal, u.ApplyShippingChargesToOrderTotal)
		set(&next.AllowShippingUnpaidOrders, u.AllowShippingUnpaidOrders)
		set(&next.DisableShipNotifications, u.DisableShipNotifications)
		switch {
		case u.TaxID != nil && *u.TaxID != "" && !next.TaxExempt:
			return "TaxID can only be set when TaxExempt is enabled."
		case !slices.Contains(scTaxExemptTypes, next.TaxExemptType):
			return fmt.Sprintf("TaxExemptType '%s' is not valid.", next.TaxExemptType)
		case next.OrderHandlingFee < 0:
			return "OrderHandlingFee cannot be negative."
		case u.ApplyShippingChargesToOrderTotal != nil && *u.ApplyShippingChargesToOrderTotal && !c.IsWholesale:
			return "ApplyShippingChargesToOrderTotal can only be set when the customer is wholesale."
		case u.AllowShippingUnpaidOrders != nil && *u.AllowShippingUnpaidOrders && !st.allowUnpaid[c.CompanyID]:
			return "AllowShippingUnpaidOrders can only be set when the customer company is configured to allow shipping unpaid orders."
		}
		next.OrderHandlingFee = math.Round(next.OrderHandlingFee*100) / 100
		c.OrderOptions = next
		return ""
	})
}

// scPutShippingPreferences is PUT /Customers/{id}/ShippingPreferences: null
// or omitted is unchanged; "In case of incorrect request ... 400" (which
// ones the page does not say: a negative enum or charge, and a method
// without a carrier, here).
func (s *Server) scPutShippingPreferences(w http.ResponseWriter, r *http.Request) {
	var u struct {
		CarrierId                     *int
		CarrierMethodId               *int
		Charges                       *float64
		AccountNumber                 *string
		PostalCode                    *string
		EnableCustomerShippingAccount *bool
	}
	s.scEdit(w, r, &u, func(_ *scStore, c *SellercloudCustomer) string {
		next := c.ShippingPreferences
		set(&next.CarrierID, u.CarrierId)
		set(&next.CarrierMethodID, u.CarrierMethodId)
		set(&next.Charges, u.Charges)
		set(&next.AccountNumber, u.AccountNumber)
		set(&next.PostalCode, u.PostalCode)
		set(&next.EnableCustomerShippingAccount, u.EnableCustomerShippingAccount)
		switch {
		case next.CarrierID < 0:
			return fmt.Sprintf("CarrierId %d is not valid.", next.CarrierID)
		case next.CarrierMethodID < 0:
			return fmt.Sprintf("CarrierMethodId %d is not valid.", next.CarrierMethodID)
		case next.CarrierMethodID != 0 && next.CarrierID == 0:
			return "CarrierMethodId needs a CarrierId."
		case next.Charges < 0:
			return "Charges cannot be negative."
		}
		next.Charges = math.Round(next.Charges*100) / 100
		c.ShippingPreferences = next
		return ""
	})
}

// set copies *v into *dst when v is not nil (null or omitted = unchanged).
func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}
