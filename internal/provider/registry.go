package provider

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/provider/schema"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

// platform is one entry of the registry: a platform's description and how
// to open a client for it.
type platform = tfkit.Platform

// settingUse is one platform's use of a provider setting.
type settingUse struct {
	platform string
	customers.Setting
}

// platformSettings lists, per attribute and in registry order, the
// platforms that read it; common attributes (base_url) are not included.
func platformSettings() (attrs []string, uses map[string][]settingUse) {
	uses = map[string][]settingUse{}
	for _, p := range tfkit.Platforms {
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
				a.Validators = append(a.Validators, tfkit.SettingValidator(u.Check))
			}
		}
		a.MarkdownDescription = strings.Join(parts, ". ") + ". " + envDoc(attr)
		out[attr] = a
	}
	return out
}

// envDoc says which environment variables fill attr, from the one list
// (Variables).
func envDoc(attr string) string {
	var scoped []string
	generic := ""
	for _, v := range Variables() {
		switch {
		case v.Attr != attr:
		case v.Platform == "":
			generic = v.Name
		default:
			scoped = append(scoped, "`"+v.Name+"`")
		}
	}
	if len(scoped) == 1 {
		return fmt.Sprintf("Environment variables: %s, for blocks of its platform only; then `%s` for blocks of the platform `%s` names (see [Configuration and environment variables](#configuration-and-environment-variables)).",
			scoped[0], generic, platformEnv)
	}
	return fmt.Sprintf("Environment variables: %s, each for blocks of its platform only; then `%s` for blocks of the platform `%s` names (see [Configuration and environment variables](#configuration-and-environment-variables)).",
		tfkit.JoinAnd(scoped), generic, platformEnv)
}

// baseURLDefaults says, for the base_url description, where each platform's
// API root comes from when base_url is not set.
func baseURLDefaults() string {
	var parts []string
	for _, p := range tfkit.Platforms {
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
