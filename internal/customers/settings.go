package customers

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// Setting is one provider setting a platform reads.
type Setting struct {
	// Attr is the provider attribute; its environment variables are
	// Description.Env(EnvSuffix(Attr)) and GenericEnv(EnvSuffix(Attr)).
	Attr string
	// What says what the setting is on this platform, for the docs and for
	// the error when it is missing.
	What string
	// Required settings must have a value; with Unless, only while the
	// setting Unless names has none (server_id unless base_url).
	Required bool
	Unless   string
	// Sensitive settings are credentials: masked everywhere, never logged.
	Sensitive bool
	// Check rejects a value that cannot be right (nil: any text); it runs on
	// a configured value when the configuration is validated, and on every
	// value before the platform is opened.
	Check func(value string) error
}

// Credential is one way to authenticate: Settings together make it, and
// With are needed with it but may also be set on their own (Adobe's api_key
// goes with a token, and replaces the API key of a client id).
type Credential struct {
	Settings []string
	With     []string
}

func (c Credential) all() []string { return append(slices.Clone(c.Settings), c.With...) }

// Settings are the values a platform is opened with, by attribute: the
// provider block's value, else an environment variable's, else "". Under
// RefKey(attr) they may also say how messages name the setting, where its
// value came from ("token (from COMMERCE_TRUTO_TOKEN)"): the face knows,
// and Open's hints and errors repeat it.
type Settings map[string]string

// RefKey is the key of Settings that names attr in messages.
func RefKey(attr string) string { return attr + "#ref" }

// Ref names the settings as Settings say (RefKey), else by attribute.
func (s Settings) Ref() SettingRef {
	return func(attr string) string {
		if r := s[RefKey(attr)]; r != "" {
			return r
		}
		return attr
	}
}

// SettingError is a problem with one provider setting, reported on its
// attribute. Missing lists the settings whose absence caused it, so that the
// face can say where it looked for them.
type SettingError struct {
	Attr    string
	Summary string
	Detail  string
	Missing []string
}

func (e *SettingError) Error() string { return e.Attr + ": " + e.Detail }

// EnvPrefix starts every environment variable the provider reads, and no
// other: clearing the variables with this prefix clears them all.
const EnvPrefix = "COMMERCE_"

// EnvSuffix is the part of a setting's environment variables after the
// prefix and the platform: TOKEN for token.
func EnvSuffix(attr string) string { return strings.ToUpper(attr) }

// GenericEnv is the variable with suffix that configures blocks of the
// platform COMMERCE_PLATFORM names: COMMERCE_TOKEN.
func GenericEnv(suffix string) string { return EnvPrefix + suffix }

// Env is the variable with suffix that configures this platform's blocks
// only: COMMERCE_TRUTO_TOKEN.
func (d *Description) Env(suffix string) string { return PlatformEnv(d.Name, suffix) }

// PlatformEnv is the variable with suffix for blocks of the platform named
// platform (Env), for code that has its name but not its description.
func PlatformEnv(platform, suffix string) string {
	return EnvPrefix + strings.ToUpper(platform) + "_" + suffix
}

// SettingRef names a setting in a message: the face says where its value
// came from or where it can be set ("token (from COMMERCE_TRUTO_TOKEN)");
// nil names the attribute alone.
type SettingRef func(attr string) string

func (r SettingRef) name(attr string) string {
	if r == nil {
		return attr
	}
	return r(attr)
}

func (r SettingRef) names(attrs []string) string {
	out := make([]string, len(attrs))
	for i, a := range attrs {
		out[i] = r.name(a)
	}
	return andList(out)
}

// Setting returns the platform's setting attr.
func (d *Description) Setting(attr string) (Setting, bool) {
	i := slices.IndexFunc(d.Settings, func(s Setting) bool { return s.Attr == attr })
	if i < 0 {
		return Setting{}, false
	}
	return d.Settings[i], true
}

// CheckSettings returns every problem with s before the platform is opened:
// a value its check rejects, a required setting without a value, a
// credential half set, none at all, or (OneCredential) two at once. Each
// message names settings through ref.
func (d *Description) CheckSettings(s Settings, ref SettingRef) []*SettingError {
	var errs []*SettingError
	for _, st := range d.Settings {
		v := s[st.Attr]
		switch {
		case v != "" && st.Check != nil:
			if err := st.Check(v); err != nil {
				errs = append(errs, &SettingError{Attr: st.Attr, Summary: "Invalid " + st.Attr,
					Detail: fmt.Sprintf("%s: %s.", ref.name(st.Attr), err)})
			}
		case v == "" && st.Required && st.Unless == "":
			errs = append(errs, &SettingError{Attr: st.Attr, Summary: fmt.Sprintf("Missing %s for %s", st.Attr, d.Name),
				Detail: fmt.Sprintf("platform = %q needs %s: %s.", d.Name, ref.name(st.Attr), st.What), Missing: []string{st.Attr}})
		case v == "" && st.Required && s[st.Unless] == "":
			errs = append(errs, &SettingError{Attr: st.Attr, Summary: fmt.Sprintf("Missing %s for %s", st.Attr, d.Name),
				Detail:  fmt.Sprintf("platform = %q needs %s, or %s: %s.", d.Name, ref.name(st.Attr), ref.name(st.Unless), st.What),
				Missing: []string{st.Attr, st.Unless}})
		}
	}
	return append(errs, d.checkCredentials(s, ref)...)
}

func (d *Description) checkCredentials(s Settings, ref SettingRef) []*SettingError {
	if len(d.Credentials) == 0 {
		return nil
	}
	set := func(attr string) bool { return s[attr] != "" }
	var touched []Credential
	for _, c := range d.Credentials {
		if slices.ContainsFunc(c.Settings, set) {
			touched = append(touched, c)
		}
	}
	ways := d.describeCredentials(ref)
	if d.OneCredential && len(touched) > 1 {
		ways = d.describeCredentials(nil) // the given ones say where they came from
		var given []string
		for _, c := range touched {
			given = append(given, ref.names(filter(c.Settings, set)))
		}
		return []*SettingError{{Attr: touched[1].Settings[0], Summary: "Conflicting " + d.Title + " credentials",
			Detail: fmt.Sprintf("two ways to authenticate are set (%s): set %s, not both.", strings.Join(given, "; "), ways)}}
	}
	var errs []*SettingError
	for _, c := range touched {
		missing := filter(c.all(), func(a string) bool { return !set(a) })
		if len(missing) == 0 {
			continue
		}
		have := filter(c.all(), set)
		verb := "is"
		if len(have) > 1 {
			verb = "are"
		}
		detail := fmt.Sprintf("%s %s set but %s is not: set %s as well", ref.names(have), verb, andList(missing), ref.names(missing))
		if others := d.otherCredentials(c); others != "" {
			detail += ", or use " + others + " instead"
		}
		errs = append(errs, &SettingError{Attr: missing[0], Summary: fmt.Sprintf("Missing %s for %s", missing[0], d.Name),
			Detail: detail + ".", Missing: missing})
	}
	if len(touched) == 0 {
		var all []string
		for _, c := range d.Credentials {
			all = append(all, c.all()...)
		}
		errs = append(errs, &SettingError{Attr: d.Credentials[len(d.Credentials)-1].Settings[0],
			Summary: "Missing " + d.Title + " credentials",
			Detail:  fmt.Sprintf("platform = %q needs credentials: set %s.", d.Name, ways), Missing: slices.Compact(all)})
	}
	return errs
}

// describeCredentials lists the ways to authenticate: "token (...), or
// username (...) and password (...)".
func (d *Description) describeCredentials(ref SettingRef) string {
	ways := make([]string, len(d.Credentials))
	for i, c := range d.Credentials {
		ways[i] = ref.names(c.all())
	}
	if d.OneCredential && len(ways) == 2 {
		return "either " + ways[0] + ", or " + ways[1]
	}
	return strings.Join(ways, ", or ")
}

func (d *Description) otherCredentials(not Credential) string {
	var out []string
	for _, c := range d.Credentials {
		if !slices.Equal(c.Settings, not.Settings) {
			out = append(out, andList(c.all()))
		}
	}
	return strings.Join(out, ", or ")
}

// CredentialInUse is the credential Open uses with s: the first one whose
// settings are all set, or (no Credentials) the required and sensitive
// settings other than base_url. Nil when none is complete.
func (d *Description) CredentialInUse(s Settings) []string {
	if len(d.Credentials) == 0 {
		var out []string
		for _, st := range d.Settings {
			if (st.Sensitive || st.Required) && st.Attr != "base_url" {
				out = append(out, st.Attr)
			}
		}
		return out
	}
	for _, c := range d.Credentials {
		if !slices.ContainsFunc(c.all(), func(a string) bool { return s[a] == "" }) {
			return c.all()
		}
	}
	return nil
}

// CredentialHint says, for a 401 or 403, which settings supplied the
// credential that was refused: the one in use, any other sensitive setting
// sent with it (an API key), and the other ways to authenticate.
func (d *Description) CredentialHint(s Settings, ref SettingRef) string {
	used := d.CredentialInUse(s)
	if len(used) == 0 {
		return ""
	}
	primary := func(attr string) bool {
		return slices.ContainsFunc(d.Credentials, func(c Credential) bool { return slices.Contains(c.Settings, attr) })
	}
	for _, st := range d.Settings {
		if st.Sensitive && s[st.Attr] != "" && !slices.Contains(used, st.Attr) && !primary(st.Attr) {
			used = append(used, st.Attr)
		}
	}
	hint := "check " + ref.names(used)
	var others []string
	for _, c := range d.Credentials {
		if !slices.Contains(used, c.Settings[0]) {
			others = append(others, andList(c.all()))
		}
	}
	if len(others) > 0 {
		hint += ", or use " + strings.Join(others, ", or ")
	}
	return hint
}

// Configure checks the provider settings s (CheckSettings; the first
// problem is the error) and points hc at the platform: its API root,
// base_url as the face filled it in, and the hints a failed request gives
// (HostHint, CredentialHint). It is the first step of every platform's
// Open.
func (d *Description) Configure(s Settings, hc httpclient.Config) (httpclient.Config, error) {
	ref := s.Ref()
	if errs := d.CheckSettings(s, ref); len(errs) > 0 {
		return hc, errs[0]
	}
	hc.BaseURL, hc.HostHint, hc.CredentialHint = s["base_url"], d.HostHint(s, ref), d.CredentialHint(s, ref)
	return hc, nil
}

// NewClient is the HTTP client of a platform that needs one: hc pointed at
// the platform (Configure), then given the platform's own configuration
// (configure: its credentials, error reader, rate-limit reader).
func (d *Description) NewClient(s Settings, hc httpclient.Config, configure func(httpclient.Config) httpclient.Config) (*httpclient.Client, error) {
	hc, err := d.Configure(s, hc)
	if err != nil {
		return nil, err
	}
	return httpclient.New(configure(hc))
}

// HostHint says, for a host name that does not resolve, which settings set
// it: base_url, or the setting that stands in for it (server_id) when
// base_url is unset or the default root the face built from it.
func (d *Description) HostHint(s Settings, ref SettingRef) string {
	if d.defaultRoot(s) {
		for _, st := range d.Settings {
			if st.Unless == "base_url" {
				return "check " + ref.name(st.Attr) + " or " + ref.name("base_url")
			}
		}
	}
	return "check " + ref.name("base_url")
}

// defaultRoot reports whether base_url is unset, or is DefaultBaseURL as
// the settings fill it in (BaseURL): the face applies the default before
// Open, so a hint cannot tell by base_url being "".
func (d *Description) defaultRoot(s Settings) bool {
	if s["base_url"] == "" {
		return true
	}
	rest := maps.Clone(s)
	delete(rest, "base_url")
	return d.BaseURL(rest) == s["base_url"]
}

// andList joins "a", "a and b", "a, b and c".
func andList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func filter(items []string, keep func(string) bool) []string {
	var out []string
	for _, it := range items {
		if keep(it) {
			out = append(out, it)
		}
	}
	return out
}
