package adobevip

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// Account status codes (references/error-handling.md).
const (
	StatusActive  = "1000"
	StatusPending = "1002"
)

// statusTexts say what an account status code means.
var statusTexts = map[string]string{
	"1000": "active", "1002": "pending", "1004": "inactive",
	"1010": "inactive: invalid address", "1012": "inactive: blocked",
	"1014": "inactive: a customer with the same company name and primary admin exists",
}

// StatusText says what an account status code means: "pending (1002)".
func StatusText(status string) string {
	if t, ok := statusTexts[status]; ok {
		return t + " (" + status + ")"
	}
	return "status " + status
}

// PendingWait paces WaitWhilePending. Zero values take the defaults.
type PendingWait struct {
	// First is the first pause between reads (default 2 s); each pause
	// doubles, up to Max (default 30 s).
	First, Max time.Duration
	// Progress, when set, is told of each read: the account and how long
	// the wait has lasted.
	Progress func(a Account, waited time.Duration)
}

// Defaults of PendingWait, and the bound on a wait whose context has no
// deadline.
const (
	DefaultPendingFirst   = 2 * time.Second
	DefaultPendingMax     = 30 * time.Second
	DefaultPendingTimeout = 20 * time.Minute
	// minPendingPause is the shortest pause before a last read: closer to
	// the deadline, the wait ends.
	minPendingPause = 50 * time.Millisecond
)

// ErrStillPending is a wait that ended with the account still pending.
var ErrStillPending = errors.New("the customer account is still pending (status 1002): Adobe has not finished validating it")

// WaitWhilePending reads account id (GET /v3/customers/{id}) until its
// status is no longer 1002 (pending), pausing between reads with back-off
// (PendingWait), and returns the last account read: active, or inactive
// (1004, 1010, 1012, 1014), which the caller judges. The wait ends with the
// context: still pending then, it returns the last account read and an
// error wrapping ErrStillPending; a context without a deadline is bounded
// by DefaultPendingTimeout. Near the deadline the pauses shorten so that
// the last read comes just before it. A read that fails (after the HTTP
// layer's retries) ends the wait with its error and the last account read
// (the zero Account when none was).
func (c *Client) WaitWhilePending(ctx context.Context, id string, w PendingWait) (Account, error) {
	if err := Description.CheckID(id); err != nil {
		return Account{}, err
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultPendingTimeout)
		defer cancel()
	}
	if w.First <= 0 {
		w.First = DefaultPendingFirst
	}
	if w.Max <= 0 {
		w.Max = DefaultPendingMax
	}
	start := time.Now()
	pause := w.First
	var last Account
	for reads := 1; ; reads++ {
		a, err := c.GetAccount(ctx, id)
		if err != nil {
			if ctx.Err() != nil && last.CustomerID != "" {
				return last, stillPending(reads-1, time.Since(start), ctx.Err())
			}
			return last, err
		}
		last = a
		if w.Progress != nil {
			w.Progress(a, time.Since(start))
		}
		if a.Status != StatusPending {
			return a, nil
		}
		deadline, _ := ctx.Deadline()
		next := min(pause, time.Until(deadline)/2)
		if next < minPendingPause {
			return last, stillPending(reads, time.Since(start), context.DeadlineExceeded)
		}
		if err := c.pause(ctx, next); err != nil {
			return last, stillPending(reads, time.Since(start), err)
		}
		pause = min(2*pause, w.Max)
	}
}

func stillPending(reads int, waited time.Duration, cause error) error {
	return fmt.Errorf("%w after %d reads in %s: %w", ErrStillPending, reads, waited.Round(time.Millisecond), cause)
}

// pause waits d or until ctx ends; tests replace sleep to see the pauses.
func (c *Client) pause(ctx context.Context, d time.Duration) error {
	if c.sleep != nil {
		return c.sleep(ctx, d)
	}
	return httpclient.Sleep(ctx, d)
}
