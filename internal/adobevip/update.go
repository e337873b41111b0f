package adobevip

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// Change is what one update of a customer account changes; a nil field keeps
// the account's value.
type Change struct {
	ExternalReferenceID *string
	GlobalSalesEnabled  *bool
	PreferredLanguage   *string
	MarketSegment       *string
	Address             AddressChange
	// Contacts replaces the contact list when not nil; it must hold at least
	// one contact. It is sent only when it differs from the account's.
	Contacts []Contact
}

// AddressChange changes the address lines, city, postal code and phone; the
// country and region cannot change (API-NOTES 2.4).
type AddressChange struct {
	AddressLine1, AddressLine2, City, PostalCode, PhoneNumber *string
}

// patchBody is PATCH /v3/customers/{id}'s body: the full companyProfile
// (companyName, preferredLanguage and address are required, OpenAPI
// CompanyProfile) and the top-level fields that change.
type patchBody struct {
	ExternalReferenceID *string        `json:"externalReferenceId,omitempty"`
	GlobalSalesEnabled  *bool          `json:"globalSalesEnabled,omitempty"`
	CompanyProfile      CompanyProfile `json:"companyProfile"`
}

// patchFor builds the body of the change against the account as it is now,
// and names (in Adobe's spelling) the fields whose value it changes; none
// means there is nothing to send.
func patchFor(current Account, ch Change) (patchBody, []string) {
	var changed []string
	body := patchBody{CompanyProfile: current.CompanyProfile}
	p := &body.CompanyProfile
	p.Contacts = nil
	set := func(name string, dst *string, v *string) {
		if v != nil && *v != *dst {
			*dst = *v
			changed = append(changed, name)
		}
	}
	if v := ch.ExternalReferenceID; v != nil && *v != current.ExternalReferenceID {
		body.ExternalReferenceID = v
		changed = append(changed, "externalReferenceId")
	}
	if v := ch.GlobalSalesEnabled; v != nil && *v != current.GlobalSalesEnabled {
		body.GlobalSalesEnabled = v
		changed = append(changed, "globalSalesEnabled")
	}
	set("companyProfile.preferredLanguage", &p.PreferredLanguage, ch.PreferredLanguage)
	segment := p.MarketSegment
	set("companyProfile.marketSegment", &p.MarketSegment, ch.MarketSegment)
	if p.MarketSegment != segment {
		p.MarketSubSegments = nil // they belong to the old segment
	}
	a := ch.Address
	set("companyProfile.address.addressLine1", &p.Address.AddressLine1, a.AddressLine1)
	set("companyProfile.address.addressLine2", &p.Address.AddressLine2, a.AddressLine2)
	set("companyProfile.address.city", &p.Address.City, a.City)
	set("companyProfile.address.postalCode", &p.Address.PostalCode, a.PostalCode)
	set("companyProfile.address.phoneNumber", &p.Address.PhoneNumber, a.PhoneNumber)
	if ch.Contacts != nil && !slices.Equal(ch.Contacts, current.CompanyProfile.Contacts) {
		p.Contacts = ch.Contacts
		changed = append(changed, "companyProfile.contacts")
	}
	return body, changed
}

// UpdateAccount applies the change to account id with one PATCH
// /v3/customers/{id}, built against current (the account as just read): the
// full companyProfile with the current values of what does not change, and
// the contacts only when they change, since Adobe sends the admin welcome
// email to every contact a PATCH carries. Nothing is sent when nothing
// differs. The target is id, the configured one, never an id taken from a
// response; current must be that account. It returns the account as Adobe
// stored it and the fields sent.
//
// One X-Correlation-Id per call (httpclient's IdempotencyKeyHeader): a
// retry whose outcome is unknown (a timeout, an answer that broke off or
// stalled before its end, a 5xx) keeps it, so Adobe replays its answer
// instead of applying the change twice; a retry after a 429 gets a new one.
func (c *Client) UpdateAccount(ctx context.Context, id string, current Account, ch Change) (Account, []string, error) {
	if err := Description.CheckID(id); err != nil {
		return current, nil, err
	}
	if current.CustomerID != id {
		return current, nil, fmt.Errorf("the update of customer account %q was built on account %q; nothing was sent", id, current.CustomerID)
	}
	if ch.Contacts != nil && len(ch.Contacts) == 0 {
		return current, nil, errors.New("an Adobe customer account needs at least one contact")
	}
	body, changed := patchFor(current, ch)
	if len(changed) == 0 {
		return current, nil, nil
	}
	req := httpclient.Request{
		Method: http.MethodPatch,
		Path:   accountPath(id),
		Body:   body,
		// Safe to repeat: the correlation id makes Adobe replay, and the body
		// sets values rather than adding to them.
		Idempotent: true,
	}
	resp, err := c.http.DoRaw(ctx, req)
	if err != nil {
		return current, changed, err
	}
	if len(bytes.TrimSpace(resp)) == 0 { // 204 No Content (OpenAPI): read it back
		a, err := c.GetAccount(ctx, id)
		return a, changed, err
	}
	a, err := decodeAccount(id)(resp)
	if err != nil {
		return current, changed, c.http.Invalid(req, "%v (%s)", err, httpclient.Describe(resp))
	}
	return a, changed, nil
}
