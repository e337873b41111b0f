package provider

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// TestIgnoredSettings warns, on every platform, about each setting of
// another platform set in the block, naming the platforms that use it, and
// about none of its own.
func TestIgnoredSettings(t *testing.T) {
	attrs, uses := platformSettings()
	for _, p := range tfkit.Platforms {
		var own, others []string
		for _, attr := range attrs {
			if slices.ContainsFunc(uses[attr], func(u settingUse) bool { return u.platform == p.Name }) {
				own = append(own, attr)
			} else {
				others = append(others, attr)
			}
		}
		diags := ignoredSettings(append(slices.Clone(others), own...), p)
		require.Equal(t, len(others), diags.WarningsCount(), "%s: %v", p.Name, diags)
		require.False(t, diags.HasError(), diags)
		for i, d := range diags {
			assert.Equal(t, "Setting ignored on "+p.Name, d.Summary())
			assert.Regexp(t, fmt.Sprintf(`^%s is used by \S.* only; this provider block talks to %s, so it is ignored\.$`, others[i], p.Name), d.Detail())
			for _, u := range uses[others[i]] {
				assert.Contains(t, d.Detail(), u.platform)
			}
		}
	}
}

// TestEveryPlatformHasASandboxKit: the registry and the sandbox's kits name
// the same platforms, so every test that iterates the registry finds its
// kit, and no kit is left without a platform.
func TestEveryPlatformHasASandboxKit(t *testing.T) {
	var kits []string
	for _, k := range sandbox.Kits() {
		kits = append(kits, k.Name)
	}
	assert.ElementsMatch(t, tfkit.PlatformNames(), kits)
	assert.Equal(t, tfkit.Platforms[0].Name, sandbox.Kits()[0].Name, "the registry's default platform is the kits' default")
}
