package sellercloud

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

const (
	// MaxGroupAdd is the most customers one add-to-group call takes (issue
	// 24's action: 1 to 1,000).
	MaxGroupAdd = 1000
	// GroupBatchSize is the most customer ids one POST carries. No document
	// states a limit (NOT FOUND on developer.sellercloud.com "Add Customers
	// to Group"); 1,000 ids are about 11 KB, far under ASP.NET's default
	// request limit, so one request would do. Batches of 100 (inference)
	// bound what one timed-out request leaves unknown and what the server
	// does in one request; the add is idempotent, so a batch is retried
	// like a PUT.
	GroupBatchSize = 100
)

// Group is one of a customer's groups (CustomerGroupDto).
type Group struct {
	ID   int
	Name string
}

// CheckGroupAdd checks an add-to-group call before anything is sent: a
// group id and 1 to MaxGroupAdd customer ids, each a Sellercloud id.
func CheckGroupAdd(groupID int, customerIDs []int) error {
	if groupID <= 0 || groupID > math.MaxInt32 {
		return fmt.Errorf("%d is not a Sellercloud customer group id (a whole number from 1 to %d)", groupID, math.MaxInt32)
	}
	switch {
	case len(customerIDs) == 0:
		return fmt.Errorf("no customer ids: adding customers to a group needs at least one")
	case len(customerIDs) > MaxGroupAdd:
		return fmt.Errorf("%d customer ids: at most %d can be added in one call", len(customerIDs), MaxGroupAdd)
	}
	for _, id := range customerIDs {
		if id <= 0 || id > math.MaxInt32 {
			return fmt.Errorf("%d is not a Sellercloud customer id (a whole number from 1 to %d)", id, math.MaxInt32)
		}
	}
	return nil
}

// GroupAddError is an add-to-group call that failed part way: the batches
// before the failing one were added.
type GroupAddError struct {
	GroupID int
	// Added are the ids whose batches the server accepted.
	Added []int
	// NotAdded are the ids of the failing batch and those after it.
	NotAdded []int
	Err      error
}

func (e *GroupAddError) Error() string {
	msg := fmt.Sprintf("adding customers to group %d: %v", e.GroupID, e.Err)
	if len(e.Added) > 0 {
		msg += fmt.Sprintf("; %d of %d customers were added before the failure (%s), %d were not",
			len(e.Added), len(e.Added)+len(e.NotAdded), idList(e.Added), len(e.NotAdded))
	}
	return msg
}

func (e *GroupAddError) Unwrap() error { return e.Err }

// AddCustomersToGroup sends POST /Customers/CustomersGroups/{groupID}/Customers
// with {"CustomersIDs": [...]} (the page's example spelling; its table says
// CustomerIDs), in batches of GroupBatchSize, each id once, in the order
// given. The API can only add: there is no remove and no list. progress,
// when not nil, is called after each batch with the customers added so far
// and the total. A failure is a *GroupAddError saying which were added.
func (c *Client) AddCustomersToGroup(ctx context.Context, groupID int, customerIDs []int, progress func(added, total int)) error {
	if err := CheckGroupAdd(groupID, customerIDs); err != nil {
		return err
	}
	ids := uniqueInOrder(customerIDs)
	path := "/Customers/CustomersGroups/" + strconv.Itoa(groupID) + "/Customers"
	for start := 0; start < len(ids); start += GroupBatchSize {
		batch := ids[start:min(start+GroupBatchSize, len(ids))]
		// Adding a member twice leaves the group as it was (inference: the
		// API is add-only and documents no error for it): safe to retry.
		err := c.http.Do(ctx, httpclient.Request{Method: http.MethodPost, Path: path, Idempotent: true,
			Body: struct{ CustomersIDs []int }{batch}}, nil)
		if err != nil {
			return &GroupAddError{GroupID: groupID, Added: ids[:start], NotAdded: ids[start:], Err: err}
		}
		if progress != nil {
			progress(start+len(batch), len(ids))
		}
	}
	return nil
}

func uniqueInOrder(ids []int) []int {
	seen := make(map[int]bool, len(ids))
	out := make([]int, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// idList spells ids for a message, the first ten and a count of the rest.
func idList(ids []int) string {
	const shown = 10
	parts := make([]string, 0, min(len(ids), shown))
	for _, id := range ids[:min(len(ids), shown)] {
		parts = append(parts, strconv.Itoa(id))
	}
	s := strings.Join(parts, ", ")
	if len(ids) > shown {
		s += fmt.Sprintf(" and %d more", len(ids)-shown)
	}
	return s
}
