package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
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
	scEditSection(s, w, r, func(c *SellercloudCustomer) *SellercloudOrderOptions { return &c.OrderOptions },
		func(st *scStore, c *SellercloudCustomer, next *SellercloudOrderOptions, sent func(string) bool) string {
			switch {
			case sent("TaxID") && next.TaxID != "" && !next.TaxExempt:
				return "TaxID can only be set when TaxExempt is enabled."
			case !slices.Contains(scTaxExemptTypes, next.TaxExemptType):
				return fmt.Sprintf("TaxExemptType '%s' is not valid.", next.TaxExemptType)
			case next.OrderHandlingFee < 0:
				return "OrderHandlingFee cannot be negative."
			case sent("ApplyShippingChargesToOrderTotal") && next.ApplyShippingChargesToOrderTotal && !c.IsWholesale:
				return "ApplyShippingChargesToOrderTotal can only be set when the customer is wholesale."
			case sent("AllowShippingUnpaidOrders") && next.AllowShippingUnpaidOrders && !st.allowUnpaid[c.CompanyID]:
				return "AllowShippingUnpaidOrders can only be set when the customer company is configured to allow shipping unpaid orders."
			}
			next.OrderHandlingFee = math.Round(next.OrderHandlingFee*100) / 100
			return ""
		})
}

// scPutShippingPreferences is PUT /Customers/{id}/ShippingPreferences: null
// or omitted is unchanged; "In case of incorrect request ... 400" (which
// ones the page does not say: a negative enum or charge, and a method
// without a carrier, here).
func (s *Server) scPutShippingPreferences(w http.ResponseWriter, r *http.Request) {
	scEditSection(s, w, r, func(c *SellercloudCustomer) *SellercloudShippingPreferences { return &c.ShippingPreferences },
		func(_ *scStore, _ *SellercloudCustomer, next *SellercloudShippingPreferences, _ func(string) bool) string {
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
			return ""
		})
}

// scEditSection serves a PUT of one section of a customer, the one section
// points to: the body is decoded onto a copy of the section, so that a
// field it leaves out or sends as null keeps its value (the rule both PUTs
// document); check refuses the result with the 400's message, changing
// nothing, or returns "" to store it (as check left it). sent says whether
// the body set a field to a value (its name matched as the decoder matches
// it, without case): some rules hold only for a value sent.
func scEditSection[S any](s *Server, w http.ResponseWriter, r *http.Request, section func(c *SellercloudCustomer) *S,
	check func(st *scStore, c *SellercloudCustomer, next *S, sent func(field string) bool) string) {
	body := readBody(r)
	decode := func(v any) { _ = json.NewDecoder(bytes.NewReader(body)).Decode(v) }
	var shape S // a body that does not fit is refused before the customer is looked for
	s.scEdit(w, r, &shape, func(st *scStore, c *SellercloudCustomer) string {
		next := *section(c)
		decode(&next) // cannot fail: the body fitted S
		var fields map[string]json.RawMessage
		decode(&fields)
		sent := func(field string) bool {
			for k, v := range fields {
				if strings.EqualFold(k, field) && string(v) != "null" {
					return true
				}
			}
			return false
		}
		if refuse := check(st, c, &next, sent); refuse != "" {
			return refuse
		}
		*section(c) = next
		return ""
	})
}
