package customerstf

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*accessTokenResource)(nil)

// NewAccessTokenEphemeralResource is the commerce_access_token ephemeral
// resource: the credential the provider block's platform client sends,
// handed to another provider block or an HTTP request, never in the state
// or the plan.
func NewAccessTokenEphemeralResource() ephemeral.EphemeralResource {
	return &accessTokenResource{}
}

type accessTokenResource struct {
	data *tfkit.ProviderData
}

// accessTokenResult is the ephemeral resource's result.
type accessTokenResult struct {
	Platform  types.String `tfsdk:"platform"`
	BaseURL   types.String `tfsdk:"base_url"`
	Token     types.String `tfsdk:"token"`
	ExpiresAt types.String `tfsdk:"expires_at"`
	Headers   types.Map    `tfsdk:"headers"`
}

func (r *accessTokenResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_token"
}

func (r *accessTokenResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: accessTokenDoc(),
		Attributes: map[string]schema.Attribute{
			"platform": schema.StringAttribute{
				MarkdownDescription: "The provider block's platform: " + tfkit.Backticked(tfkit.PlatformNames()) + ".",
				Computed:            true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "The API root the provider block sends its requests to (its `base_url`, or the platform's default); a call's path is appended to it.",
				Computed:            true,
			},
			"token": schema.StringAttribute{
				MarkdownDescription: "The bearer token the provider block sends as `Authorization: Bearer <token>`: on Sellercloud the one `POST /token` issued for `username` and `password`, or the configured `token`; on Adobe VIP Marketplace the one Adobe IMS issued for `client_id` and `client_secret`, or the configured `token`; on Truto the configured `token`. Null on Telness Tech Connect, which takes an API key only (see `headers`). Sensitive.",
				Computed:            true,
				Sensitive:           true,
			},
			"expires_at": schema.StringAttribute{
				MarkdownDescription: "When `token` expires, as an RFC 3339 timestamp in UTC; null when no expiry is known (a configured token or API key, or an issued token whose answer stated none). The provider hands out a token at least a minute (or half its lifetime) away from its expiry, as it does for its own requests.",
				Computed:            true,
			},
			"headers": schema.MapAttribute{
				MarkdownDescription: "Every credential header a call of the platform's API sends, by name, with its value: `Authorization` (`Bearer <token>`) where the platform takes a bearer token, `X-Api-Key` on Adobe VIP Marketplace (the client id, or `api_key`), on Telness Tech Connect (the API key) and on Sellercloud when `api_key` is set. Sensitive.",
				ElementType:         types.StringType,
				Computed:            true,
				Sensitive:           true,
			},
		},
	}
}

func (r *accessTokenResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.data = tfkit.Configured(req.ProviderData, &resp.Diagnostics)
}

// Open hands out the credential the platform's client sends now, from the
// client's own token cache: a fresh token costs no request, a missing or
// expiring one is fetched once, as for the provider's own next request.
func (r *accessTokenResource) Open(ctx context.Context, _ ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	if r.data == nil {
		resp.Diagnostics.AddError("Provider not configured", "The provider block was not configured before commerce_access_token was opened. This is a bug in the provider; please report it.")
		return
	}
	desc := r.data.Description()
	src, ok := r.data.Platform.(httpclient.AccessSource)
	if !ok {
		resp.Diagnostics.AddError("No access token on "+desc.Title, fmt.Sprintf("The %s client of this provider block cannot hand out its credential. This is a bug in the provider; please report it.", desc.Title))
		return
	}
	acc, err := src.Access(ctx)
	if err != nil {
		detail := fmt.Sprintf("Getting the %s credential of this provider block failed: %s", desc.Title, err)
		if errors.Is(err, httpclient.ErrNoAccess) {
			detail += ". This is a bug in the provider; please report it."
		}
		resp.Diagnostics.AddError("Opening the access token failed", detail)
		return
	}
	headers := map[string]string{}
	for name, v := range acc.Headers {
		headers[name] = v
	}
	hv, d := types.MapValueFrom(ctx, types.StringType, headers)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	out := accessTokenResult{
		Platform:  types.StringValue(desc.Name),
		BaseURL:   types.StringValue(r.data.BaseURL),
		Token:     types.StringNull(),
		ExpiresAt: types.StringNull(),
		Headers:   hv,
	}
	if acc.Token != "" {
		out.Token = types.StringValue(acc.Token)
	}
	if !acc.Expires.IsZero() {
		out.ExpiresAt = types.StringValue(acc.Expires.UTC().Format(time.RFC3339))
	}
	// No RenewAt: Terraform cannot hand a renewed token to what already
	// read this one, so renewing would only fetch tokens nobody uses.
	resp.Diagnostics.Append(resp.Result.Set(ctx, &out)...)
}

// accessTokenDoc is the ephemeral resource's description, with what a raw
// call sends on each platform (the platforms' descriptions).
func accessTokenDoc() string {
	var b strings.Builder
	b.WriteString("The credential of the provider block's platform, for a call of an endpoint this provider does not cover, or for another provider block: " +
		"the bearer token with its expiry, and every credential header a call sends. An ephemeral resource (Terraform 1.10 and later, OpenTofu 1.11 and later): " +
		"its values are **never written to the state or to a plan file**. Terraform takes them where it keeps nothing: in a provider block, a provisioner or connection block, another ephemeral resource, a write-only argument, and `ephemeral = true` variables and outputs of a module. " +
		"It refuses them in a data source's or a resource's ordinary arguments, which it keeps in the state: hashicorp/http's `http` data source cannot take them.\n\n")
	b.WriteString("**Opened as the provider does.** The token is the one the provider block's own requests send, from the same cache: when the provider holds a token that is not due for renewal, opening it costs no request; otherwise it is fetched once (Sellercloud's `POST /token`, Adobe IMS's client-credentials grant), exactly as the provider's next request would, and the provider's own requests use it too. " +
		"A configured credential (`token`, `api_key`) is handed out as it is. Terraform opens the ephemeral resource once in each plan and once in each apply.\n\n")
	b.WriteString("**Not renewed.** A value Terraform has handed to a provider block or a request cannot be replaced during the run, so this resource does not ask Terraform to renew it: the token is valid until `expires_at` (the provider hands out one at least a minute, or half its lifetime, away from expiry). A run longer than that must not rely on it; the next plan or apply opens a fresh one.\n\n")
	b.WriteString("**Secrets.** `token` and `headers` are sensitive: the CLI does not show them, and the provider masks them in its errors and logs for as long as it runs. Anything you send them to can act as this provider block on the platform until the token expires (a configured credential: until you revoke it).\n\n")
	b.WriteString("**What a call sends, per platform:**\n\n")
	for _, p := range tfkit.Platforms {
		rc := p.RawCall
		fmt.Fprintf(&b, "- %s (`%s`): %s", p.Title, p.Name, tfkit.Backticked(rc.Headers))
		if rc.Bearer {
			b.WriteString(" (`Authorization: Bearer <token>`)")
		}
		if rc.Note != "" {
			b.WriteString("; " + rc.Note)
		}
		b.WriteString(".\n")
	}
	return b.String()
}
