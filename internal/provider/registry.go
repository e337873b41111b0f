package provider

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/provider/schema"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/registry"
)

// platform is one entry of the registry (internal/registry): a platform's
// description and how to open a client for it.
type platform = registry.Platform

// platforms are the registered platforms, in the registry's order; the
// first is the default.
var platforms = registry.Platforms

func platformNames() []string {
	names := make([]string, len(platforms))
	for i, p := range platforms {
		names[i] = p.Name
	}
	return names
}

func platformNamed(name string) (platform, bool) {
	i := slices.IndexFunc(platforms, func(p platform) bool { return p.Name == name })
	if i < 0 {
		return platform{}, false
	}
	return platforms[i], true
}

// settingUse is one platform's use of a provider setting.
type settingUse struct {
	platform string
	customers.Setting
}

// platformSettings lists, per attribute and in registry order, the
// platforms that read it; common attributes (base_url) are not included.
func platformSettings() (attrs []string, uses map[string][]settingUse) {
	uses = map[string][]settingUse{}
	for _, p := range platforms {
		for _, s := range p.Settings {
			if _, common := commonAttributes[s.Attr]; common {
				continue
			}
			if _, seen := uses[s.Attr]; !seen {
				attrs = append(attrs, s.Attr)
			}
			uses[s.Attr] = append(uses[s.Attr], settingUse{p.Name, s})
		}
	}
	return attrs, uses
}

// settingAttributes are the schema attributes of the platform settings,
// described from what each platform says of them.
func settingAttributes() map[string]schema.Attribute {
	attrs, uses := platformSettings()
	out := make(map[string]schema.Attribute, len(attrs))
	for _, attr := range attrs {
		var parts []string
		a := schema.StringAttribute{Optional: true}
		for _, u := range uses[attr] {
			required := ""
			if u.Required {
				required = ", required"
			}
			parts = append(parts, fmt.Sprintf("`%s`%s: %s", u.platform, required, u.What))
			a.Sensitive = a.Sensitive || u.Sensitive
			if u.Check != nil {
				a.Validators = append(a.Validators, settingValidator(attr, u.Check))
			}
		}
		a.MarkdownDescription = strings.Join(parts, ". ") + ". Environment variable: `" + uses[attr][0].Env() + "`."
		out[attr] = a
	}
	return out
}

// baseURLDefaults says, for the base_url description, where each platform's
// API root comes from when base_url is not set.
func baseURLDefaults() string {
	var parts []string
	for _, p := range platforms {
		i := slices.IndexFunc(p.Settings, func(s customers.Setting) bool { return s.Attr == "base_url" && s.Required })
		switch {
		case i >= 0:
			parts = append(parts, fmt.Sprintf("`%s` has none: set it (%s)", p.Name, p.Settings[i].What))
		case p.DefaultBaseURL != "":
			parts = append(parts, fmt.Sprintf("`%s` `%s`", p.Name, p.DefaultBaseURL))
		}
	}
	return strings.Join(parts, "; ")
}
