package testutil

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
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

// SellercloudIDs are the sandbox's Sellercloud ids as the API lists them.
func SellercloudIDs(sb *sandbox.Server) []string {
	var out []string
	for _, id := range sb.SellercloudIDs() {
		out = append(out, strconv.Itoa(id))
	}
	return out
}

// AdobeActiveIDs are what Adobe lists by default: the active accounts
// (status 1000), newest first.
func AdobeActiveIDs(sb *sandbox.Server) []string {
	all := sb.AdobeCustomers()
	slices.SortStableFunc(all, func(a, b sandbox.AdobeCustomer) int {
		if c := b.CreationDate.Compare(a.CreationDate); c != 0 {
			return c
		}
		return strings.Compare(b.CustomerID, a.CustomerID)
	})
	var out []string
	for _, c := range all {
		if c.Status == "1000" {
			out = append(out, c.CustomerID)
		}
	}
	return out
}

// ConnectIDs are the sandbox's Connect customer ids, in the API's order.
func ConnectIDs(sb *sandbox.Server) []string {
	var out []string
	for _, c := range sb.ConnectCustomers() {
		out = append(out, c.CustomerID)
	}
	return out
}

// TrutoIDs are the sandbox's Truto customer ids, in the API's order.
func TrutoIDs(sb *sandbox.Server) []string {
	var out []string
	for _, c := range sb.TrutoCustomers() {
		out = append(out, c.ID)
	}
	return out
}
