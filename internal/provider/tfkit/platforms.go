package tfkit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/commercetf/terraform-provider-commerce/internal/registry"
)

// Platform is one entry of the registry (internal/registry): a platform's
// description and how to open a client for it.
type Platform = registry.Platform

// Platforms are the registered Platforms, in the registry's order; the
// first is the default. The face builds its schemas and docs by iterating
// them and names no platform itself.
var Platforms = registry.Platforms

// PlatformNames are the Platforms' names, in the registry's order.
func PlatformNames() []string {
	names := make([]string, len(Platforms))
	for i, p := range Platforms {
		names[i] = p.Name
	}
	return names
}

// PlatformNamed is the registered platform name, if there is one.
func PlatformNamed(name string) (Platform, bool) {
	i := slices.IndexFunc(Platforms, func(p Platform) bool { return p.Name == name })
	if i < 0 {
		return Platform{}, false
	}
	return Platforms[i], true
}

// IDRules says what each platform's customer ids look like, for the docs:
// "on sellercloud a whole number from 1 to 2147483647; on adobe_vip ...;
// any text on connect and truto".
func IDRules() string {
	var parts, anyText []string
	for _, p := range Platforms {
		if p.ID.Says == "" {
			anyText = append(anyText, p.Name)
			continue
		}
		parts = append(parts, fmt.Sprintf("on %s %s", p.Name, p.ID.Says))
	}
	if len(anyText) > 0 {
		parts = append(parts, "any text on "+JoinAnd(anyText))
	}
	return strings.Join(parts, "; ")
}
