package provider

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

// Where a provider block's settings come from. Each setting is taken from
// the block, else from its platform-scoped variable
// (COMMERCE_<PLATFORM>_<SETTING>, for blocks of that platform only), else
// from its generic variable (COMMERCE_<SETTING>), which configures only the
// blocks of the platform COMMERCE_PLATFORM names (unset: the default): no
// credential and no base URL exported for one platform reaches a block of
// another. Every message about a setting says where its value came from.

// platformEnv is the variable that names the platform of blocks without
// `platform`, and the platform the generic variables configure.
const platformEnv = customers.EnvPrefix + "PLATFORM"

// commonEnv are the common settings that have environment variables, with
// their variables' suffixes.
var commonEnv = map[string]string{"base_url": "BASE_URL", "max_requests_per_second": "MAX_RPS"}

func envSuffix(attr string) string {
	if s, ok := commonEnv[attr]; ok {
		return s
	}
	return customers.EnvSuffix(attr)
}

// envAttrs are the settings of p that environment variables can fill: its
// own, then base_url and max_requests_per_second.
func envAttrs(p platform) []string {
	var out []string
	for _, s := range p.Settings {
		out = append(out, s.Attr)
	}
	for _, attr := range slices.Sorted(maps.Keys(commonEnv)) {
		if !slices.Contains(out, attr) {
			out = append(out, attr)
		}
	}
	return out
}

// Variable is one environment variable the provider reads.
type Variable struct {
	Name string
	Attr string // "" for COMMERCE_PLATFORM
	// Platform is the platform whose blocks it configures; "" for a generic
	// variable (the blocks of the COMMERCE_PLATFORM platform).
	Platform string
}

// Variables is the one list of the provider's environment
// variables: COMMERCE_PLATFORM, the generic ones, then each platform's own,
// all built from the platforms' descriptions. The schema docs, the docs
// check and the tests read it; every name starts with customers.EnvPrefix,
// by which the Makefile clears them.
func Variables() []Variable {
	out := []Variable{{Name: platformEnv}}
	var generic []string
	for _, p := range tfkit.Platforms {
		for _, attr := range envAttrs(p) {
			if !slices.Contains(generic, attr) {
				generic = append(generic, attr)
				out = append(out, Variable{Name: customers.GenericEnv(envSuffix(attr)), Attr: attr})
			}
		}
	}
	for _, p := range tfkit.Platforms {
		for _, attr := range envAttrs(p) {
			out = append(out, Variable{Name: p.Env(envSuffix(attr)), Attr: attr, Platform: p.Name})
		}
	}
	return out
}

// resolved is one setting of a provider block, with where its value came
// from.
type resolved struct {
	attr  string
	value string
	from  string // "the provider block", a variable's name, or "" when no value
	// inBlock: the block sets it, perhaps to "" (which overrides the
	// variables; hides names the one it overrides).
	inBlock bool
	hides   string
	// scoped and generic are its variables; generic counts for this block
	// only when genericApplies. ignored is a generic variable that is set
	// but configures another platform's blocks.
	scoped, generic string
	genericApplies  bool
	ignored         bool
}

// ref names the setting in a message: where its value came from, or where
// it can be set.
func (r *resolved) ref() string {
	switch {
	case r.inBlock && r.value == "":
		return r.attr + ` (set to "" in the provider block)`
	case r.value != "":
		return r.attr + " (from " + r.from + ")"
	case r.genericApplies:
		return fmt.Sprintf("%s (in the provider block, %s or %s)", r.attr, r.scoped, r.generic)
	}
	return fmt.Sprintf("%s (in the provider block or %s)", r.attr, r.scoped)
}

// blockSettings are a provider block's settings, resolved.
type blockSettings struct {
	platform platform
	// genericFor is the platform the generic variables configure, and why.
	genericFor, genericWhy string
	byAttr                 map[string]*resolved
	// configured lists the platform settings the block itself sets, for
	// every platform (to warn about the ones this platform ignores).
	configured []string
}

// resolveSettings reads the block's platform settings and base_url and
// resolves them with the environment for platform p.
func resolveSettings(ctx context.Context, config tfsdk.Config, p platform, common commonModel, diags *diag.Diagnostics) *blockSettings {
	b := &blockSettings{platform: p, byAttr: map[string]*resolved{}}
	b.genericFor, b.genericWhy = os.Getenv(platformEnv), platformEnv+" is "+os.Getenv(platformEnv)
	if b.genericFor == "" {
		b.genericFor, b.genericWhy = tfkit.Platforms[0].Name, platformEnv+" is not set, so "+tfkit.Platforms[0].Name
	}
	block := map[string]types.String{"base_url": common.BaseURL}
	attrs, _ := platformSettings()
	for _, attr := range attrs {
		var v types.String
		diags.Append(config.GetAttribute(ctx, path.Root(attr), &v)...)
		block[attr] = v
		if !v.IsNull() {
			b.configured = append(b.configured, attr)
		}
	}
	rps := types.StringNull()
	if !common.MaxRequestsPerSecond.IsNull() {
		rps = types.StringValue(fmt.Sprint(common.MaxRequestsPerSecond.ValueFloat64()))
	}
	block["max_requests_per_second"] = rps
	for _, attr := range envAttrs(p) {
		b.byAttr[attr] = b.resolve(attr, block[attr])
	}
	return b
}

func (b *blockSettings) resolve(attr string, inBlock types.String) *resolved {
	r := &resolved{attr: attr, scoped: b.platform.Env(envSuffix(attr)), generic: customers.GenericEnv(envSuffix(attr)),
		genericApplies: b.platform.Name == b.genericFor}
	scoped, generic := os.Getenv(r.scoped), os.Getenv(r.generic)
	switch {
	case !inBlock.IsNull():
		r.inBlock, r.value, r.from = true, inBlock.ValueString(), "the provider block"
		if r.value == "" && scoped != "" {
			r.hides = r.scoped
		} else if r.value == "" && generic != "" && r.genericApplies {
			r.hides = r.generic
		}
	case scoped != "":
		r.value, r.from = scoped, r.scoped
	case generic != "" && r.genericApplies:
		r.value, r.from = generic, r.generic
	case generic != "":
		r.ignored = true
	}
	return r
}

// settings are the values to open the platform with, each with its ref
// (customers.RefKey) so that Open's hints say where it came from.
func (b *blockSettings) settings() customers.Settings {
	s := customers.Settings{}
	for attr, r := range b.byAttr {
		s[attr] = r.value
		s[customers.RefKey(attr)] = r.ref()
	}
	return s
}

func (b *blockSettings) ref(attr string) string {
	if r, ok := b.byAttr[attr]; ok {
		return r.ref()
	}
	return attr
}

// notes explain, for settings that are missing, what hid a value: an empty
// string in the block, or a generic variable meant for another platform.
func (b *blockSettings) notes(missing []string) string {
	var notes, ignored, instead []string
	for _, attr := range missing {
		r, ok := b.byAttr[attr]
		switch {
		case !ok:
		case r.inBlock && r.hides != "":
			notes = append(notes, fmt.Sprintf("%s is \"\" in the provider block, which overrides %s; remove it or set it.", attr, r.hides))
		case r.inBlock:
			notes = append(notes, fmt.Sprintf("%s is \"\" in the provider block; set it, or remove it and set %s.", attr, r.scoped))
		case r.ignored:
			ignored, instead = append(ignored, r.generic), append(instead, r.scoped)
		}
	}
	if len(ignored) > 0 {
		verb := "is set but was"
		if len(ignored) > 1 {
			verb = "are set but were"
		}
		notes = append(notes, fmt.Sprintf("%s %s ignored: the generic %s* variables configure only blocks of the platform %s names (%s), "+
			"and this block's platform is %s, so that no credential or URL meant for another platform reaches it. Set %s instead.",
			tfkit.JoinAnd(ignored), verb, customers.EnvPrefix, platformEnv, b.genericWhy, b.platform.Name, tfkit.JoinAnd(instead)))
	}
	if len(notes) == 0 {
		return ""
	}
	return "\n\n" + strings.Join(notes, "\n\n")
}

// check reports every problem with the block's settings before the platform
// is opened, each on its attribute and saying where its value came from.
func (b *blockSettings) check(diags *diag.Diagnostics) {
	if r := b.byAttr["base_url"]; r.value != "" {
		if err := tfkit.CheckBaseURL(r.value); err != "" {
			diags.AddAttributeError(path.Root("base_url"), "Invalid base_url", r.ref()+": "+err)
		}
	}
	for _, e := range b.platform.CheckSettings(b.settings(), b.ref) {
		diags.AddAttributeError(path.Root(e.Attr), e.Summary, e.Detail+b.notes(e.Missing))
	}
}
