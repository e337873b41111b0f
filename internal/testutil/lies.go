package testutil

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// Lie is a well-formed answer that is wrong: a 200 whose body is not what
// the API documents, and the error text it must produce.
type Lie struct {
	Name string
	Body string
	// Want is a part of the error: what was missing or wrong.
	Want string
}

// ListRefuses answers every request of a list read with each lie's body:
// the read fails with an error that names the host, the endpoint and what
// was wrong; it never returns a list (an empty one would plan to destroy
// everything built from it).
func ListRefuses(t *testing.T, open OpenFunc, platform, endpoint string, lies []Lie) {
	t.Helper()
	for _, lie := range lies {
		s := &Scripted{Respond: func(*http.Request) (int, []byte) { return http.StatusOK, []byte(lie.Body) }}
		res, err := customers.List(context.Background(), OpenScripted(t, open, platform, s), customers.Filter{}, customers.ListOptions{})
		if assert.Error(t, err, lie.Name) {
			assert.Contains(t, err.Error(), "fuzz.invalid: "+endpoint, lie.Name)
			assert.Contains(t, err.Error(), lie.Want, lie.Name)
		}
		assert.Empty(t, res.Customers, lie.Name)
	}
}

// GetRefuses answers a GET of id with each lie's body: the read fails with
// an error that names the host, the path and what was wrong.
func GetRefuses(t *testing.T, open OpenFunc, platform, id, path string, lies []Lie) {
	t.Helper()
	for _, lie := range lies {
		s := &Scripted{Respond: func(*http.Request) (int, []byte) { return http.StatusOK, []byte(lie.Body) }}
		_, err := OpenScripted(t, open, platform, s).Get(context.Background(), id)
		if assert.Error(t, err, lie.Name) {
			assert.Contains(t, err.Error(), "fuzz.invalid: GET "+path+": ", lie.Name)
			assert.Contains(t, err.Error(), lie.Want, lie.Name)
		}
	}
}

// AssertNoControl fails when text holds a character that could steer a
// terminal: a C0 or C1 control character other than newline and tab, DEL,
// or a bidirectional override.
func AssertNoControl(tb testing.TB, text string) {
	tb.Helper()
	for _, r := range text {
		if r == '\n' || r == '\t' {
			continue
		}
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			assert.Failf(tb, "a control character reached the text", "%U in %q", r, text)
			return
		}
	}
}

// GetSendsPath reads id with a client whose every answer is body, and
// returns the escaped path the request went out with.
func GetSendsPath(t *testing.T, open OpenFunc, platform, id, body string) string {
	t.Helper()
	var sent string
	s := &Scripted{Respond: func(r *http.Request) (int, []byte) {
		sent = r.URL.EscapedPath()
		return http.StatusOK, []byte(body)
	}}
	_, err := OpenScripted(t, open, platform, s).Get(context.Background(), id)
	require.NoError(t, err)
	return sent
}
