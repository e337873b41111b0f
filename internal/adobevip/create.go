package adobevip

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// NewAccount is a customer account to create (create-customer-account.md):
// the company's profile (name, preferred language, market segment, address,
// contacts) and an optional externalReferenceId. The reseller is the
// client's, from the provider settings.
type NewAccount struct {
	ExternalReferenceID string
	// CompanyProfile's MarketSegment may be "": Adobe then makes the account
	// COM. Its Contacts become the account's admins, and each gets Adobe's
	// admin welcome email.
	CompanyProfile CompanyProfile
}

// createBody is POST /v3/customers' body: the customer resource without its
// read-only fields.
type createBody struct {
	ResellerID          string         `json:"resellerId"`
	ExternalReferenceID string         `json:"externalReferenceId,omitempty"`
	CompanyProfile      CompanyProfile `json:"companyProfile"`
}

// CreateAccount creates a customer account under the client's reseller
// with POST /v3/customers and returns it as Adobe answered (status 1002,
// pending, while Adobe validates it: WaitWhilePending), with the
// X-Correlation-Id it was created under.
//
// Nothing is sent when a.Problems() finds any (an *InvalidError). Every
// attempt carries one X-Correlation-Id, correlationID, or a new one when
// "": a retry after an answer that was lost (a timeout, a body that broke
// off, a 5xx) keeps it, so Adobe replays its first answer and never creates
// a second account. An outcome still unknown after the retries is an
// *OutcomeUnknownError naming that id: send the same account again with it
// (for 10 days), never under a new one. Adobe's refusals wrap
// ErrAccountExists (1127), ErrResellerInvalid (1115), ErrResellerInactive
// (1126) and ErrExternalReferenceTooLong (2126).
//
// The answer's contacts are the names sent; for an email Adobe knew
// already, the name it keeps (and GET returns) is its own
// (create-customer-account.md): read the account back for the state.
func (c *Client) CreateAccount(ctx context.Context, a NewAccount, correlationID string) (Account, string, error) {
	what := fmt.Sprintf("the creation of customer account %q", a.CompanyProfile.CompanyName)
	if ps := a.Problems(); len(ps) > 0 {
		return Account{}, "", &InvalidError{What: what, Problems: ps}
	}
	if strings.TrimSpace(c.resellerID) == "" {
		return Account{}, "", errors.New(what + " was not sent: reseller_id is not set")
	}
	req := httpclient.Request{
		Method: http.MethodPost,
		Path:   "/v3/customers",
		Body:   createBody{ResellerID: c.resellerID, ExternalReferenceID: a.ExternalReferenceID, CompanyProfile: a.CompanyProfile},
	}
	body, key, err := c.keyedWrite(ctx, req, correlationID, what, nil, "")
	if err != nil {
		return Account{}, key, err
	}
	created, err := decodeCreated(body, c.resellerID, a.CompanyProfile.CompanyName)
	if err != nil {
		return Account{}, key, unknownAnswer(what, key, c.http.Invalid(req, "%v (%s)", err, httpclient.Describe(body)))
	}
	return created, key, nil
}

// decodeCreated decodes the account a create answered: it must have a
// customer id of Adobe's form and be the account sent (this reseller's,
// when it says, with the company name sent; Adobe keeps the name as sent,
// compared here without case and surrounding space: an inference).
func decodeCreated(body []byte, resellerID, companyName string) (Account, error) {
	var d accountDto
	if err := json.Unmarshal(body, &d); err != nil {
		return Account{}, fmt.Errorf("cannot decode the customer account created: %w", err)
	}
	id, err := customers.ServerID(string(d.CustomerID))
	if err != nil {
		return Account{}, fmt.Errorf("the account created has no usable customerId: %w", err)
	}
	if err := Description.CheckID(id); err != nil {
		return Account{}, fmt.Errorf("the account created has no usable customerId: %w", err)
	}
	if d.CompanyProfile == nil {
		return Account{}, errors.New(`the account created has no "companyProfile" object`)
	}
	if got := strings.TrimSpace(d.ResellerID.String()); got != "" && got != resellerID {
		return Account{}, fmt.Errorf("the account created belongs to reseller %q, not %q", got, resellerID)
	}
	if got := d.CompanyProfile.CompanyName; !strings.EqualFold(strings.TrimSpace(got), strings.TrimSpace(companyName)) {
		return Account{}, fmt.Errorf("the account created is company %q, not %q", got, companyName)
	}
	return decodeAccount(id)(body)
}
