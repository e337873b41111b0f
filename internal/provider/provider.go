// Package provider is the Terraform face of the commerce provider: the
// provider block, its data sources and resources, and the mapping between
// Terraform values and the platform-neutral customers core.
package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// Platform names accepted by the provider block.
const (
	platformSellercloud = "sellercloud"
	platformAdobeVIP    = "adobe_vip"
	platformConnect     = "connect"
	platformTruto       = "truto"
)

var platformNames = []string{platformSellercloud, platformAdobeVIP, platformConnect, platformTruto}

const defaultRequestTimeout = "60s"

var _ provider.Provider = (*CommerceProvider)(nil)

// CommerceProvider is the commerce provider.
type CommerceProvider struct {
	version string
}

// New returns a provider factory for providerserver.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &CommerceProvider{version: version} }
}

type providerModel struct {
	Platform             types.String  `tfsdk:"platform"`
	ServerID             types.String  `tfsdk:"server_id"`
	BaseURL              types.String  `tfsdk:"base_url"`
	Token                types.String  `tfsdk:"token"`
	Username             types.String  `tfsdk:"username"`
	Password             types.String  `tfsdk:"password"`
	APIKey               types.String  `tfsdk:"api_key"`
	RequestTimeout       types.String  `tfsdk:"request_timeout"`
	MaxRetries           types.Int64   `tfsdk:"max_retries"`
	MaxConcurrency       types.Int64   `tfsdk:"max_concurrency"`
	MaxRequestsPerSecond types.Float64 `tfsdk:"max_requests_per_second"`
	MaxRateLimitWait     types.String  `tfsdk:"max_rate_limit_wait"`
	ResellerID           types.String  `tfsdk:"reseller_id"`
	IntegratedAccountID  types.String  `tfsdk:"integrated_account_id"`
}

// clientData is what Configure hands to every data source and resource.
type clientData struct {
	platform    customers.Platform
	sellercloud *sellercloud.Client // nil unless platform is sellercloud
	concurrency int
}

func (p *CommerceProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "commerce"
	resp.Version = p.version
}

func (p *CommerceProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Look up and manage customer records on commerce platforms. One provider block talks to one platform; use provider aliases for several.",
		Attributes: map[string]schema.Attribute{
			"platform": schema.StringAttribute{
				MarkdownDescription: "The platform to talk to: `sellercloud` (default), `adobe_vip`, `connect` or `truto`. Environment variable: `COMMERCE_PLATFORM`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(platformNames...)},
			},
			"server_id": schema.StringAttribute{
				MarkdownDescription: "Sellercloud server id: the API root is `https://{server_id}.api.sellercloud.com/rest/api`. Required for Sellercloud unless `base_url` is set. Environment variable: `COMMERCE_SERVER_ID`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.RegexMatches(serverIDPattern, "must be a Sellercloud server id (letters, digits and hyphens)")},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Replaces the platform's API root; request paths are appended to it (`{base_url}/Customers`). Defaults: Adobe VIP `https://partners.adobe.io` (its sandbox is `https://partnersandbox-stage.adobe.io`), Truto `https://api.truto.one`; required for `connect`, which has no default host. Must be `https://`; `http://` only for `localhost` or a literal loopback IP (`http://127.0.0.1:8080` for the sandbox), never for a DNS name. Redirects are followed only within this origin. Environment variable: `COMMERCE_BASE_URL`.",
				Optional:            true,
				Validators:          []validator.String{baseURLValidator{}},
			},
			"token": schema.StringAttribute{
				MarkdownDescription: "Bearer token sent as `Authorization: Bearer ...`. Required for `adobe_vip` and `truto`; for `sellercloud` unless `username`/`password` are set. Environment variable: `COMMERCE_TOKEN`.",
				Optional:            true,
				Sensitive:           true,
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "Username for the platform's token endpoint (Sellercloud: `POST {root}/token`), an alternative to `token`; the token is renewed before it expires and once after a 401. Environment variable: `COMMERCE_USERNAME`.",
				Optional:            true,
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "Password that goes with `username`. Environment variable: `COMMERCE_PASSWORD`.",
				Optional:            true,
				Sensitive:           true,
			},
			"api_key": schema.StringAttribute{
				MarkdownDescription: "API key sent as `X-Api-Key`. Required for `adobe_vip` and `connect`; sent as an extra header on `sellercloud` when set. Environment variable: `COMMERCE_API_KEY`.",
				Optional:            true,
				Sensitive:           true,
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: "Timeout of one HTTP attempt, as a Go duration (`30s`, `2m`). Retries get a fresh timeout each. Default `" + defaultRequestTimeout + "`.",
				Optional:            true,
				Validators:          []validator.String{durationValidator{}},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times an idempotent request (GET, PUT, token) is retried after a 5xx, a timeout or a connection error, with jittered exponential backoff; 0 to 20, default %d. Rate-limit (429) waits are bounded by `max_rate_limit_wait` instead.", httpclient.DefaultMaxRetries),
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, 20)},
			},
			"max_concurrency": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Most requests in flight at once, shared by every data source and resource of this provider block; list pages after the first are fetched this many at a time. Default %d, at most 16.", httpclient.DefaultConcurrency),
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 16)},
			},
			"max_requests_per_second": schema.Float64Attribute{
				MarkdownDescription: "Client-side throttle: the most requests per second (fractions allowed, at least `0.01`), shared by every data source and resource of this provider block; unset means no throttle. Environment variable: `COMMERCE_MAX_RPS`.",
				Optional:            true,
				Validators:          []validator.Float64{float64validator.AtLeast(0.01)},
			},
			"reseller_id": schema.StringAttribute{
				MarkdownDescription: "Adobe VIP Marketplace reseller id: customers are listed under `/v3/resellers/{reseller_id}/customers`. Required for `adobe_vip`. Environment variable: `COMMERCE_RESELLER_ID`.",
				Optional:            true,
			},
			"integrated_account_id": schema.StringAttribute{
				MarkdownDescription: "Truto integrated account whose customers are read (sent as the `integrated_account_id` query parameter). Required for `truto`. Environment variable: `COMMERCE_INTEGRATED_ACCOUNT_ID`.",
				Optional:            true,
			},
			"max_rate_limit_wait": schema.StringAttribute{
				MarkdownDescription: "Longest total time one request waits on rate limits (HTTP 429, honouring `Retry-After` and the platform's reset time) before it fails, as a Go duration. Default `" + httpclient.DefaultMaxRateLimitWait.String() + "`.",
				Optional:            true,
				Validators:          []validator.String{durationValidator{}},
			},
		},
	}
}

// envOr returns the configured value, or the environment variable when the
// configuration leaves it null: configuration beats environment.
func envOr(v types.String, env string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

func (p *CommerceProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for name, v := range map[string]interface{ IsUnknown() bool }{
		"platform": cfg.Platform, "server_id": cfg.ServerID, "base_url": cfg.BaseURL, "token": cfg.Token,
		"username": cfg.Username, "password": cfg.Password, "api_key": cfg.APIKey,
		"request_timeout": cfg.RequestTimeout, "max_retries": cfg.MaxRetries, "max_concurrency": cfg.MaxConcurrency,
		"max_requests_per_second": cfg.MaxRequestsPerSecond, "max_rate_limit_wait": cfg.MaxRateLimitWait,
		"reseller_id": cfg.ResellerID, "integrated_account_id": cfg.IntegratedAccountID,
	} {
		if v.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Provider setting not known yet",
				fmt.Sprintf("%q comes from a value that is only known after apply, but the provider needs it to plan. "+
					"Set it from a variable or a data source, or apply its source first (terraform apply -target=...).", name))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}

	platform := envOr(cfg.Platform, "COMMERCE_PLATFORM")
	if platform == "" {
		platform = platformSellercloud
	}
	// Every configured secret is masked in every error and log line; issued
	// tokens join the set as they come.
	secrets := httpclient.NewSecrets(envOr(cfg.Token, "COMMERCE_TOKEN"), envOr(cfg.Password, "COMMERCE_PASSWORD"), envOr(cfg.APIKey, "COMMERCE_API_KEY"))
	httpCfg, diags := p.httpConfig(cfg, req.TerraformVersion, secrets)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	data := &clientData{concurrency: httpCfg.Concurrency}
	switch platform {
	case platformSellercloud:
		data.sellercloud, diags = configureSellercloud(cfg, httpCfg)
		resp.Diagnostics.Append(diags...)
		data.platform = data.sellercloud
	case platformAdobeVIP:
		data.platform, diags = configureAdobeVIP(cfg, httpCfg)
		resp.Diagnostics.Append(diags...)
	case platformConnect:
		data.platform, diags = configureConnect(cfg, httpCfg)
		resp.Diagnostics.Append(diags...)
	case platformTruto:
		data.platform, diags = configureTruto(cfg, httpCfg)
		resp.Diagnostics.Append(diags...)
	}
	resp.Diagnostics.Append(ignoredSettings(cfg, platform)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.DataSourceData = data
	resp.ResourceData = data
}

// httpConfig builds the shared HTTP settings from the provider block.
func (p *CommerceProvider) httpConfig(cfg providerModel, terraformVersion string, secrets *httpclient.Secrets) (httpclient.Config, diagList) {
	var diags diagList
	hc := httpclient.Config{
		UserAgent:   fmt.Sprintf("terraform-provider-commerce/%s terraform/%s", p.version, terraformVersion),
		MaxRetries:  httpclient.DefaultMaxRetries,
		Concurrency: httpclient.DefaultConcurrency,
		Secrets:     secrets,
		Logger:      tflogLogger(secrets),
		HostHint:    "check base_url (COMMERCE_BASE_URL)",
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
	if !cfg.MaxRequestsPerSecond.IsNull() {
		hc.RequestsPerSecond = cfg.MaxRequestsPerSecond.ValueFloat64()
	} else if env := os.Getenv("COMMERCE_MAX_RPS"); env != "" {
		rps, err := strconv.ParseFloat(env, 64)
		if err != nil || rps <= 0 {
			diags.AddAttributeError(path.Root("max_requests_per_second"), "Invalid COMMERCE_MAX_RPS",
				fmt.Sprintf("COMMERCE_MAX_RPS must be a positive number of requests per second, not %q.", env))
		}
		hc.RequestsPerSecond = rps
	}
	return hc, diags
}

// configureSellercloud picks the API root and the credentials.
func configureSellercloud(cfg providerModel, hc httpclient.Config) (*sellercloud.Client, diagList) {
	var diags diagList
	baseURL := envOr(cfg.BaseURL, "COMMERCE_BASE_URL")
	if baseURL == "" {
		serverID := envOr(cfg.ServerID, "COMMERCE_SERVER_ID")
		if serverID == "" {
			diags.AddAttributeError(path.Root("server_id"), "Missing Sellercloud server",
				"Set server_id (or the COMMERCE_SERVER_ID environment variable) to your Sellercloud server id, or base_url (COMMERCE_BASE_URL) to the API root.")
			return nil, diags
		}
		baseURL = sellercloud.RootURL(serverID)
	}
	hc.BaseURL = baseURL
	hc.HostHint = "check server_id (COMMERCE_SERVER_ID) or base_url (COMMERCE_BASE_URL)"
	hc.ErrorMessage = sellercloud.ErrorMessage
	hc.RateLimited = sellercloud.Throttled
	hc.RateLimitReset = sellercloud.RateLimitReset

	token := envOr(cfg.Token, "COMMERCE_TOKEN")
	username := envOr(cfg.Username, "COMMERCE_USERNAME")
	password := envOr(cfg.Password, "COMMERCE_PASSWORD")
	apiKey := envOr(cfg.APIKey, "COMMERCE_API_KEY")
	extra := httpclient.Headers{}
	if apiKey != "" {
		extra["X-Api-Key"] = apiKey
	}
	var bearer *httpclient.RenewingBearer
	switch {
	case username != "" && password != "":
		bearer = &httpclient.RenewingBearer{Extra: extra}
		hc.Auth = bearer
		hc.CredentialHint = "check username and password (COMMERCE_USERNAME, COMMERCE_PASSWORD)"
	case username != "":
		diags.AddAttributeError(path.Root("password"), "Missing Sellercloud password",
			"username is set but password is not: set password (or COMMERCE_PASSWORD) as well, or use token (COMMERCE_TOKEN) instead.")
		return nil, diags
	case token != "":
		extra["Authorization"] = "Bearer " + token
		hc.Auth = extra
		hc.CredentialHint = "check token (COMMERCE_TOKEN), or use username and password (COMMERCE_USERNAME, COMMERCE_PASSWORD)"
	default:
		diags.AddAttributeError(path.Root("token"), "Missing Sellercloud credentials",
			"Set token (or the COMMERCE_TOKEN environment variable), or username and password (COMMERCE_USERNAME, COMMERCE_PASSWORD).")
		return nil, diags
	}
	if apiKey != "" {
		hc.CredentialHint += " and api_key (COMMERCE_API_KEY)"
	}
	client, err := httpclient.New(hc)
	if err != nil {
		diags.AddAttributeError(path.Root("base_url"), "Invalid API root", err.Error())
		return nil, diags
	}
	if bearer != nil {
		bearer.Source = sellercloud.PasswordTokenSource(client, username, password, time.Now)
	}
	return sellercloud.New(client), diags
}

// tflogLogger writes the HTTP layer's lines to tflog at their level. The
// client has masked every secret already; tflog masks them once more (the
// set grows with every issued token, so it is read per line).
func tflogLogger(secrets *httpclient.Secrets) httpclient.Logger {
	return func(ctx context.Context, level httpclient.Level, msg string, fields map[string]any) {
		masked := secrets.List()
		ctx = tflog.MaskMessageStrings(ctx, masked...)
		ctx = tflog.MaskAllFieldValuesStrings(ctx, masked...)
		switch level {
		case httpclient.LevelWarn:
			tflog.Warn(ctx, msg, fields)
		case httpclient.LevelInfo:
			tflog.Info(ctx, msg, fields)
		default:
			tflog.Debug(ctx, msg, fields)
		}
	}
}

func (p *CommerceProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewCustomerResource}
}

func (p *CommerceProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{NewCustomersDataSource, NewCustomerDataSource}
}
