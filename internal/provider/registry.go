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
				a.Validators = append(a.Validators, settingValidator(u.Check))
			}
		}
		a.MarkdownDescription = strings.Join(parts, ". ") + ". " + envDoc(attr)
		out[attr] = a
	}
	return out
}

// envDoc says which environment variables fill attr, from the one list
// (providerVariables).
func envDoc(attr string) string {
	var scoped []string
	generic := ""
	for _, v := range providerVariables() {
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
		joinAnd(scoped), generic, platformEnv)
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

// idRules says what each platform's customer ids look like, for the docs:
// "on sellercloud a whole number from 1 to 2147483647; on adobe_vip ...;
// any text on connect and truto".
func idRules() string {
	var parts, anyText []string
	for _, p := range platforms {
		if p.ID.Says == "" {
			anyText = append(anyText, p.Name)
			continue
		}
		parts = append(parts, fmt.Sprintf("on %s %s", p.Name, p.ID.Says))
	}
	if len(anyText) > 0 {
		parts = append(parts, "any text on "+joinAnd(anyText))
	}
	return strings.Join(parts, "; ")
}

// includeRawDescription describes include_raw: what it adds (what, e.g.
// "each customer's `raw`") and why it is off by default.
func includeRawDescription(what, whose string) string {
	return fmt.Sprintf("Fill %s with the server's whole JSON object: %s every field the platform returns, personal data included (addresses, phone numbers, order and payment settings). Default `false`: `raw` is `\"\"`, so the state keeps only the fields this provider maps.", what, whose)
}

// listPersonalData is the list resources' paragraph on personal data.
const listPersonalData = "**Personal data.** A query writes nothing into the Terraform state. `terraform query` prints each customer found " +
	"(its id and display name: a name, a company or an email); with `-generate-config-out` the generated file holds each customer's fields " +
	"(names, emails, phone numbers, addresses) in plain text, and applying its import blocks brings them into the state as the resource keeps them. " +
	"Treat the generated file like the state."

// personalDataInState is the docs' paragraph on the customer data a data
// source, list resource or resource keeps in the state.
func personalDataInState(name, what string) string {
	return fmt.Sprintf("**Personal data in state.** Customer records are personal data: names, email addresses and phone numbers. `%s` keeps in the Terraform state %s, and nothing else; protect the state (an encrypted backend with restricted access) as you would the platform's own data.", name, what)
}
