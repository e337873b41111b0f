// Package provider is the Terraform face of the commerce provider: the
// provider block and its settings, the lists of its resources, data sources
// and list resources, and server.go, the one wrapper of the framework's
// protocol server. The types themselves live in its packages: one per
// platform (sellercloudtf, adobeviptf), one for the every-platform data
// sources (customerstf), all built on tfkit. Which platforms exist, which
// settings each reads and which filters each applies comes from the
// platforms' own descriptions, through the registry (internal/registry).
package provider

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/adobeviptf"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/connecttf"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/customerstf"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/sellercloudtf"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

const defaultRequestTimeout = "60s"

// minRequestsPerSecond is the slowest throttle: one request per 100 seconds.
const minRequestsPerSecond = 0.01

var (
	_ provider.ProviderWithListResources      = (*CommerceProvider)(nil)
	_ provider.ProviderWithActions            = (*CommerceProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*CommerceProvider)(nil)
)

// CommerceProvider is the commerce provider.
type CommerceProvider struct {
	version string
}

// New returns a provider factory for providerserver.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &CommerceProvider{version: version} }
}

// commonModel holds the settings every platform shares; the platforms' own
// settings are read by name (see platformSettings).
type commonModel struct {
	Platform             types.String
	BaseURL              types.String
	RequestTimeout       types.String
	MaxRetries           types.Int64
	MaxConcurrency       types.Int64
	MaxRequestsPerSecond types.Float64
	MaxRateLimitWait     types.String
}

// commonAttributes are the provider attributes that are not a platform's own.
var commonAttributes = map[string]func(*commonModel) any{
	"platform":                func(m *commonModel) any { return &m.Platform },
	"base_url":                func(m *commonModel) any { return &m.BaseURL },
	"request_timeout":         func(m *commonModel) any { return &m.RequestTimeout },
	"max_retries":             func(m *commonModel) any { return &m.MaxRetries },
	"max_concurrency":         func(m *commonModel) any { return &m.MaxConcurrency },
	"max_requests_per_second": func(m *commonModel) any { return &m.MaxRequestsPerSecond },
	"max_rate_limit_wait":     func(m *commonModel) any { return &m.MaxRateLimitWait },
}

func (p *CommerceProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "commerce"
	resp.Version = p.version
}

func (p *CommerceProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	attrs := settingAttributes()
	attrs["platform"] = schema.StringAttribute{
		MarkdownDescription: fmt.Sprintf("The platform to talk to: `%s` (default), %s. Environment variable: `%s`, which also names the platform whose blocks the generic `COMMERCE_<SETTING>` variables configure.", tfkit.Platforms[0].Name, tfkit.Backticked(tfkit.PlatformNames()[1:]), platformEnv),
		Optional:            true,
		Validators:          []validator.String{tfkit.OneOf(tfkit.PlatformNames()...)},
	}
	attrs["base_url"] = schema.StringAttribute{
		MarkdownDescription: "Replaces the platform's API root; request paths are appended to it (`{base_url}/Customers`). Without it: " + baseURLDefaults() +
			". Must be `https://`; `http://` only for `localhost` or a literal loopback IP (`http://127.0.0.1:8080` for the sandbox), never for a DNS name. Redirects are followed only within this origin. " + envDoc("base_url"),
		Optional:   true,
		Validators: []validator.String{tfkit.BaseURLValidator()},
	}
	attrs["request_timeout"] = schema.StringAttribute{
		MarkdownDescription: "Timeout of one HTTP attempt, as a Go duration (`30s`, `2m`). Retries get a fresh timeout each. Default `" + defaultRequestTimeout + "`.",
		Optional:            true,
		Validators:          []validator.String{tfkit.DurationValidator()},
	}
	attrs["max_retries"] = schema.Int64Attribute{
		MarkdownDescription: fmt.Sprintf("How many times an idempotent request (GET, PUT, token) is retried after a 5xx, a timeout or a connection error, with jittered exponential backoff; 0 to 20, default %d. Rate-limit (429) waits are bounded by `max_rate_limit_wait` instead.", httpclient.DefaultMaxRetries),
		Optional:            true,
		Validators:          []validator.Int64{tfkit.IntBetween(0, 20)},
	}
	attrs["max_concurrency"] = schema.Int64Attribute{
		MarkdownDescription: fmt.Sprintf("Most requests in flight at once, shared by every data source and resource of this provider block; list pages after the first are fetched this many at a time. Default %d, at most 16.", httpclient.DefaultConcurrency),
		Optional:            true,
		Validators:          []validator.Int64{tfkit.IntBetween(1, 16)},
	}
	attrs["max_requests_per_second"] = schema.Float64Attribute{
		MarkdownDescription: "Client-side throttle: the most requests per second (fractions allowed, at least `0.01`), shared by every data source and resource of this provider block; unset means no throttle. " + envDoc("max_requests_per_second"),
		Optional:            true,
		Validators:          []validator.Float64{tfkit.NumberAtLeast(minRequestsPerSecond)},
	}
	attrs["max_rate_limit_wait"] = schema.StringAttribute{
		MarkdownDescription: "Longest total time one request waits on rate limits (HTTP 429, honouring `Retry-After` and the platform's reset time) before it fails, as a Go duration. Default `" + httpclient.DefaultMaxRateLimitWait.String() + "`.",
		Optional:            true,
		Validators:          []validator.String{tfkit.DurationValidator()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Look up and manage customer records on commerce platforms. One provider block talks to one platform; use provider aliases for several.",
		Attributes:          attrs,
	}
}

func (p *CommerceProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	if rejectUnknown(req.Config, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	var common commonModel
	for name, field := range commonAttributes {
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(name), field(&common))...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	// The schema checked a configured platform; COMMERCE_PLATFORM also says
	// which blocks the generic variables configure, so it must be one.
	if env := os.Getenv(platformEnv); env != "" {
		if _, ok := tfkit.PlatformNamed(env); !ok {
			resp.Diagnostics.AddAttributeError(path.Root("platform"), "Unknown platform in "+platformEnv,
				fmt.Sprintf("%s is %q, which is not a platform; the platforms are %s.%s", platformEnv, env, tfkit.Backticked(tfkit.PlatformNames()), tfkit.Suggestion(env, tfkit.PlatformNames())))
			return
		}
	}
	name := common.Platform.ValueString()
	if common.Platform.IsNull() {
		name = cmp.Or(os.Getenv(platformEnv), tfkit.Platforms[0].Name)
	}
	plat, _ := tfkit.PlatformNamed(name)
	block := resolveSettings(ctx, req.Config, plat, common, &resp.Diagnostics)
	resp.Diagnostics.Append(ignoredSettings(block.configured, plat)...)
	block.check(&resp.Diagnostics)
	settings := block.settings()
	// Every configured secret is masked in every error and log line; issued
	// tokens join the set as they come.
	hc := p.httpConfig(common, block, req.TerraformVersion, httpclient.NewSecrets(secretsOf(settings)...), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	settings["base_url"] = plat.BaseURL(settings) // the platform's default root when base_url is not set
	client, err := plat.Open(settings, hc)
	var settingErr *customers.SettingError
	switch {
	case errors.As(err, &settingErr):
		resp.Diagnostics.AddAttributeError(path.Root(settingErr.Attr), settingErr.Summary, settingErr.Detail+block.notes(settingErr.Missing))
		return
	case err != nil:
		resp.Diagnostics.AddError("Configuring "+plat.Title+" failed", err.Error())
		return
	}
	data := &tfkit.ProviderData{Platform: client, Concurrency: hc.Concurrency, BaseURL: settings["base_url"], ManagedBy: managedBy}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
	resp.EphemeralResourceData = data
}

// rejectUnknown reports every setting that is only known after apply: the
// provider needs them to plan.
func rejectUnknown(config tfsdk.Config, diags *diag.Diagnostics) {
	var attrs map[string]tftypes.Value
	if err := config.Raw.As(&attrs); err != nil {
		diags.AddError("Reading the provider configuration failed", err.Error())
		return
	}
	for name, v := range attrs {
		if !v.IsKnown() {
			diags.AddAttributeError(path.Root(name), "Provider setting not known yet",
				fmt.Sprintf("%q comes from a value that is only known after apply, but the provider needs it to plan. "+
					"Set it from a variable or a data source, or apply its source first (terraform apply -target=...).", name))
		}
	}
}

// secretsOf lists the values of every sensitive setting, for masking.
func secretsOf(settings customers.Settings) []string {
	var out []string
	_, uses := platformSettings()
	for attr, us := range uses {
		if v := settings[attr]; v != "" && slices.ContainsFunc(us, func(u settingUse) bool { return u.Sensitive }) {
			out = append(out, v)
		}
	}
	return out
}

// ignoredSettings warns about settings configured for another platform (the
// environment is not checked: it may serve several provider aliases).
func ignoredSettings(configured []string, p platform) diag.Diagnostics {
	var diags diag.Diagnostics
	_, uses := platformSettings()
	for _, attr := range configured {
		var users []string
		for _, u := range uses[attr] {
			users = append(users, u.platform)
		}
		if slices.Contains(users, p.Name) {
			continue
		}
		diags.AddAttributeWarning(path.Root(attr), "Setting ignored on "+p.Name,
			fmt.Sprintf("%s is used by %s only; this provider block talks to %s, so it is ignored.", attr, strings.Join(users, " and "), p.Name))
	}
	return diags
}

// httpConfig builds the shared HTTP settings from the common settings.
func (p *CommerceProvider) httpConfig(cfg commonModel, block *blockSettings, terraformVersion string, secrets *httpclient.Secrets, diags *diag.Diagnostics) httpclient.Config {
	hc := httpclient.Config{
		UserAgent:   fmt.Sprintf("terraform-provider-commerce/%s terraform/%s", p.version, terraformVersion),
		MaxRetries:  httpclient.DefaultMaxRetries,
		Concurrency: httpclient.DefaultConcurrency,
		Secrets:     secrets,
		Logger:      tflogLogger(secrets),
	}
	timeout := cfg.RequestTimeout.ValueString()
	if timeout == "" {
		timeout = defaultRequestTimeout
	}
	hc.Timeout, _ = time.ParseDuration(timeout) // validated by the schema
	if !cfg.MaxRateLimitWait.IsNull() {
		hc.MaxRateLimitWait, _ = time.ParseDuration(cfg.MaxRateLimitWait.ValueString())
	}
	if !cfg.MaxRetries.IsNull() {
		hc.MaxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	if !cfg.MaxConcurrency.IsNull() {
		hc.Concurrency = int(cfg.MaxConcurrency.ValueInt64())
	}
	if rps := block.byAttr["max_requests_per_second"]; !cfg.MaxRequestsPerSecond.IsNull() {
		hc.RequestsPerSecond = cfg.MaxRequestsPerSecond.ValueFloat64()
	} else if rps.value != "" {
		n, err := strconv.ParseFloat(rps.value, 64)
		if err != nil || n < minRequestsPerSecond || math.IsInf(n, 0) {
			diags.AddAttributeError(path.Root("max_requests_per_second"), "Invalid "+rps.from,
				fmt.Sprintf("%s is %q: it must be a number of requests per second, at least %s, such as 2.5.", rps.from, rps.value, tfkit.FormatNumber(minRequestsPerSecond)))
		}
		hc.RequestsPerSecond = n
	}
	return hc
}

// managedKinds are the resources that manage customers, each on the
// platforms whose clients offer what it needs.
var managedKinds = []interface {
	Name() string
	Manages(customers.Platform) bool
}{sellercloudtf.Customer, adobeviptf.Customer}

// managedBy names the resource that manages customers on a platform, ""
// for none.
func managedBy(p customers.Platform) string {
	for _, k := range managedKinds {
		if k.Manages(p) {
			return k.Name()
		}
	}
	return ""
}

func (p *CommerceProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{sellercloudtf.NewCustomerResource, adobeviptf.NewCustomerResource, adobeviptf.NewSubscriptionResource, connecttf.NewCustomerUserResource}
}

func (p *CommerceProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{customerstf.NewCustomersDataSource, customerstf.NewCustomerDataSource(sellercloudtf.Record, connecttf.Record), adobeviptf.NewSubscriptionsDataSource}
}

func (p *CommerceProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{sellercloudtf.NewCustomerListResource, adobeviptf.NewCustomerListResource, adobeviptf.NewSubscriptionListResource}
}

func (p *CommerceProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{adobeviptf.NewResendWelcomeEmailAction, sellercloudtf.NewAddCustomersToGroupAction}
}

func (p *CommerceProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{customerstf.NewAccessTokenEphemeralResource}
}
