package adobevip

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// Adobe's refusals a caller tells apart (references/error-handling.md): the
// error a method returns wraps one of these (errors.Is) and keeps Adobe's
// own diagnostic, method, host, path, status and message.
var (
	// ErrAccountExists is 1127 on POST /v3/customers: an account with this
	// company name and primary admin exists already; adopt it instead.
	ErrAccountExists = errors.New("the customer account already exists (Adobe error 1127)")
	// ErrResellerInvalid is 1115 (HTTP 404): the reseller id is not one.
	ErrResellerInvalid = errors.New("the reseller is not valid (Adobe error 1115)")
	// ErrResellerInactive is 1126: the reseller's account is inactive.
	ErrResellerInactive = errors.New("the reseller's account is inactive (Adobe error 1126)")
	// ErrExternalReferenceTooLong is 2126: externalReferenceId is over 35
	// characters.
	ErrExternalReferenceTooLong = errors.New("externalReferenceId is longer than 35 characters (Adobe error 2126)")
	// ErrAccountNotUpdatable is 1125: the account is pending or blocked.
	ErrAccountNotUpdatable = errors.New("the account cannot be updated while it is pending or blocked (Adobe error 1125)")
	// ErrSubscriptionInactive is 3119: only an active subscription's
	// auto-renewal can change.
	ErrSubscriptionInactive = errors.New("the subscription is not active, so its auto-renewal cannot change (Adobe error 3119)")
	// ErrRenewalQuantityOutOfRange is 3116.
	ErrRenewalQuantityOutOfRange = errors.New("renewalQuantity is out of range (Adobe error 3116)")
	// ErrInvalidRenewalOrder is 3120: the change would make an invalid
	// renewal order.
	ErrInvalidRenewalOrder = errors.New("the change would create an invalid renewal order (Adobe error 3120)")
)

// errSubscriptionNotFound is an unknown customer or subscription (404, or
// 3115 "Invalid Customer or Subscription ID", which names neither): it is
// customers.ErrNotFound to errors.Is, in words that fit a subscription.
var errSubscriptionNotFound error = notFound("no such customer or subscription")

// notFound is customers.ErrNotFound in other words.
type notFound string

func (e notFound) Error() string        { return string(e) }
func (e notFound) Is(target error) bool { return target == customers.ErrNotFound }

// refusals maps Adobe's error codes to the errors above.
var refusals = map[string]error{
	"1127": ErrAccountExists, "1115": ErrResellerInvalid, "1126": ErrResellerInactive,
	"2126": ErrExternalReferenceTooLong, "1125": ErrAccountNotUpdatable,
	"3119": ErrSubscriptionInactive, "3116": ErrRenewalQuantityOutOfRange, "3120": ErrInvalidRenewalOrder,
}

// Code is Adobe's error code of a refusal in err's chain ("1127"), or "".
func Code(err error) string { return httpclient.CodeOf(err) }

// ErrorCode reads Adobe's error code from an error body: its "code", else
// the adobe.io gateway's "error_code" (httpclient.Config.ErrorCode).
func ErrorCode(body []byte) string {
	var e apiError
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	if e.Code != "" {
		return e.Code.String()
	}
	return e.GatewayCode.String()
}

// markRefusal wraps err with the error its Adobe code stands for, if any,
// and with notFound on a 404 (or on notFoundCode, whatever the status), so
// that callers test errors.Is and still read Adobe's diagnostic.
func markRefusal(err, notFound error, notFoundCode string) error {
	if err == nil {
		return nil
	}
	code := Code(err)
	if known, ok := refusals[code]; ok {
		return fmt.Errorf("%w: %w", known, err)
	}
	if notFound != nil && errors.Is(err, notFound) {
		return err // marked already (a 404)
	}
	if notFound != nil && notFoundCode != "" && code == notFoundCode {
		return fmt.Errorf("%w: %w", notFound, err)
	}
	return httpclient.MarkNotFound(err, notFound)
}

// NewCorrelationID is a fresh X-Correlation-Id: one per intended change.
func NewCorrelationID() string { return uuid.NewString() }

// OutcomeUnknownError is a write that reached Adobe and whose outcome is
// still unknown after the retries: it may have been applied. Sending the
// same request again with CorrelationID makes Adobe answer what it answered
// then (for 10 days: references/idempotency.md) instead of applying it a
// second time; a new correlation id would apply it again.
type OutcomeUnknownError struct {
	// What names the write ("the creation of customer account \"Acme\"").
	What string
	// CorrelationID is the X-Correlation-Id every attempt carried.
	CorrelationID string
	Err           error
}

func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("%s: %v; send it again with X-Correlation-Id %s (Adobe then answers what it answered, for 10 days), never under a new one",
		e.What, e.Err, e.CorrelationID)
}

func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// keyedWrite sends a write under correlationID (a new one when ""): every
// attempt carries the same X-Correlation-Id until a whole answer settles
// it. A failure whose outcome is unknown comes back as an
// *OutcomeUnknownError naming the id to send it again under; a refusal
// wraps the error its code stands for (markRefusal).
func (c *Client) keyedWrite(ctx context.Context, req httpclient.Request, correlationID, what string, notFound error, notFoundCode string) ([]byte, string, error) {
	if correlationID == "" {
		correlationID = NewCorrelationID()
	}
	req.IdempotencyKey = correlationID
	body, key, err := c.http.DoKeyed(ctx, req)
	if err != nil && httpclient.OutcomeUnknown(err) {
		return nil, key, &OutcomeUnknownError{What: what, CorrelationID: key, Err: err}
	}
	return body, key, markRefusal(err, notFound, notFoundCode)
}

// unknownAnswer is a success answer of a write that cannot be used (bad is
// the client's BadAnswerError): the write was applied, and what it made is
// not known from this answer.
func unknownAnswer(what, key string, bad error) error {
	return &OutcomeUnknownError{What: what, CorrelationID: key, Err: bad}
}
