package testutil

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// IDs are the customers' ids, in order.
func IDs(cs []customers.Customer) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// RequireUniqueIDs fails the test unless every id is non-empty and none
// comes twice: what holds for every successful list read.
func RequireUniqueIDs(tb testing.TB, ids []string) {
	tb.Helper()
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		require.NotEmpty(tb, id, "an empty customer id")
		require.False(tb, seen[id], "customer id %q twice", id)
		seen[id] = true
	}
}
