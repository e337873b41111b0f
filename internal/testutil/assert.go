package testutil

import (
	"context"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// AssertQuery checks that a request's query holds exactly want: every
// parameter with its value, and no other.
func AssertQuery(t *testing.T, q url.Values, want map[string]string) {
	t.Helper()
	for k, v := range want {
		assert.Equal(t, v, q.Get(k), "query %s", k)
	}
	assert.Len(t, q, len(want), "query %v has other parameters", q)
}

// AssertNotFound checks that reading id fails as not found, with the
// server's message.
func AssertNotFound(t *testing.T, p customers.Platform, id, message string) {
	t.Helper()
	_, err := p.Get(context.Background(), id)
	assert.ErrorIs(t, err, customers.ErrNotFound)
	assert.ErrorContains(t, err, message)
}
