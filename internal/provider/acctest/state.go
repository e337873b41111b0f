package acctest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// RequestsPerRecord counts the requests sent since the last reset per
// record path (e.g. "/Customers/10001"), token requests left out.
func RequestsPerRecord(sb *sandbox.Server, pathPrefix string) map[string]int {
	out := map[string]int{}
	for _, r := range sb.Requests() {
		if _, id, ok := strings.Cut(r.Path, pathPrefix); ok {
			out[id]++
		}
	}
	return out
}

// StateWithoutPrivateData fails unless the state in dir holds want
// resource instances and none of them keeps private data: the planned read
// stays in the provider process (tfkit's memo), never in a file.
func StateWithoutPrivateData(t *testing.T, dir string, want int) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	require.NoError(t, err)
	var state struct {
		Resources []struct {
			Type      string
			Instances []struct {
				Private string `json:"private"`
			}
		}
	}
	require.NoError(t, json.Unmarshal(b, &state))
	n := 0
	for _, r := range state.Resources {
		for _, in := range r.Instances {
			n++
			assert.Empty(t, in.Private, "%s: the planned read stays out of the state", r.Type)
		}
	}
	assert.Equal(t, want, n, "resource instances in the state")
}
