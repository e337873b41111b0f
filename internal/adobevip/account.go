package adobevip

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// Account is a customer account's full record, GET /v3/customers/{id}
// (API-NOTES 2.3), as the resource manages it.
type Account struct {
	CustomerID          string
	ResellerID          string
	ExternalReferenceID string
	GlobalSalesEnabled  bool
	// Status is the account status code, e.g. "1000" (active), "1002" (pending).
	Status         string
	CreationDate   string
	CotermDate     string
	CompanyProfile CompanyProfile
}

// CompanyProfile is the account's companyProfile.
type CompanyProfile struct {
	CompanyName       string   `json:"companyName"`
	PreferredLanguage string   `json:"preferredLanguage"`
	MarketSegment     string   `json:"marketSegment,omitempty"`
	MarketSubSegments []string `json:"marketSubSegments,omitempty"`
	Address           Address  `json:"address"`
	// Contacts is left out of a PATCH unless the contacts change: Adobe sends
	// the admin welcome email to every contact a PATCH carries.
	Contacts []Contact `json:"contacts,omitempty"`
}

// Address is the company's address (OpenAPI Address).
type Address struct {
	Country      string `json:"country"`
	Region       string `json:"region"`
	City         string `json:"city"`
	AddressLine1 string `json:"addressLine1"`
	AddressLine2 string `json:"addressLine2"`
	PostalCode   string `json:"postalCode"`
	PhoneNumber  string `json:"phoneNumber"`
}

// Contact is one of the account's contacts (its admins).
type Contact struct {
	FirstName   string `json:"firstName"`
	LastName    string `json:"lastName"`
	Email       string `json:"email"`
	PhoneNumber string `json:"phoneNumber,omitempty"`
}

// flexBool is a JSON boolean that also accepts "true"/"false": examples send
// globalSalesEnabled as a boolean, the docs' table says String (API-NOTES 2.3).
type flexBool bool

func (b *flexBool) UnmarshalJSON(data []byte) error {
	switch strings.ToLower(strings.Trim(string(bytes.TrimSpace(data)), `"`)) {
	case "true":
		*b = true
	case "false", "", "null":
		*b = false
	default:
		return fmt.Errorf("globalSalesEnabled is %s, not a boolean", data)
	}
	return nil
}

// accountDto is the wire shape of Account; unknown fields are ignored.
type accountDto struct {
	CustomerID          httpclient.StringOrNumber `json:"customerId"`
	ResellerID          httpclient.StringOrNumber `json:"resellerId"`
	ExternalReferenceID string                    `json:"externalReferenceId"`
	GlobalSalesEnabled  flexBool                  `json:"globalSalesEnabled"`
	Status              httpclient.StringOrNumber `json:"status"`
	CreationDate        string                    `json:"creationDate"`
	CotermDate          string                    `json:"cotermDate"`
	CompanyProfile      CompanyProfile            `json:"companyProfile"`
}

func decodeAccount(body []byte) (Account, error) {
	var d accountDto
	if err := json.Unmarshal(body, &d); err != nil {
		return Account{}, fmt.Errorf("cannot decode the customer account: %w", err)
	}
	if d.CustomerID == "" {
		return Account{}, errors.New("the customer account has no customerId")
	}
	return Account{
		CustomerID:          d.CustomerID.String(),
		ResellerID:          d.ResellerID.String(),
		ExternalReferenceID: d.ExternalReferenceID,
		GlobalSalesEnabled:  bool(d.GlobalSalesEnabled),
		Status:              d.Status.String(),
		CreationDate:        d.CreationDate,
		CotermDate:          d.CotermDate,
		CompanyProfile:      d.CompanyProfile,
	}, nil
}

// CheckID accepts text that can be an Adobe customer id (IDs).
func CheckID(id string) error { return Description.CheckID(id) }

func accountPath(id string) string { return "/v3/customers/" + url.PathEscape(id) }

// GetAccount reads a customer account's full record; an unknown id wraps
// customers.ErrNotFound.
func (c *Client) GetAccount(ctx context.Context, id string) (Account, error) {
	if err := CheckID(id); err != nil {
		return Account{}, err
	}
	return httpclient.GetOne(ctx, c.http, accountPath(id), nil, customers.ErrNotFound, decodeAccount)
}

// Refusal says why Adobe refuses to update an account in this status (error
// 1125: pending and blocked accounts cannot be updated), or "" when it
// updates it (API-NOTES 2.4, 2.7).
func Refusal(status string) string {
	switch status {
	case "1002":
		return "pending (status 1002: Adobe is still validating the account)"
	case "1012":
		return "blocked (status 1012: inactive, blocked)"
	}
	return ""
}
