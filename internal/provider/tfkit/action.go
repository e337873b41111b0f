package tfkit

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// Action is a one-off operation on one platform's records, a Terraform
// action (Terraform 1.14 and later: `terraform apply
// -invoke=action.<type>.<name>`, or a resource's `action_trigger`). It keeps
// nothing in the state. The skeleton does what every action of the provider
// does the same way: the type name, the schema, the provider data, the
// platform check while planning (another platform's block is an error
// naming it, before anything is sent), reading the configuration into the
// action's model M, and progress messages; the action supplies its checks of
// a configuration (Check) and the operation itself (Run).
//
// C is the optional interface of the platform's client the action needs
// (PlatformAs), M the model its configuration is read into (tfsdk tags).
type Action[C, M any] struct {
	// Suffix follows the provider's type name: "_adobe_vip_resend_welcome_email".
	Suffix string
	// Doc is the action's description: what it sends, how often, and that
	// it cannot be undone.
	Doc string
	// Platform is the description of the platform it works on; Needs says
	// what of it, for the error on another platform's block ("Adobe VIP
	// Marketplace customer accounts (platform = \"adobe_vip\")").
	Platform *customers.Description
	Needs    string
	// Attributes are the configuration's attributes, with their validators.
	Attributes map[string]schema.Attribute
	// Check, when set, checks a configuration beyond its attributes'
	// validators (values may be unknown while validating), without the
	// provider's configuration and before anything is sent.
	Check func(m *M, diags *diagList)
	// Run runs the operation with the configuration m (every value known),
	// telling the CLI what it does as it goes (progress) and adding what
	// went wrong to diags.
	Run func(ctx context.Context, client C, m *M, progress func(format string, args ...any), diags *diagList)
}

// Name is the action's type name: "commerce_adobe_vip_resend_welcome_email".
func (a *Action[C, M]) Name() string { return "commerce" + a.Suffix }

// NewAction is the action, for the provider's list.
func (a *Action[C, M]) NewAction() action.Action { return &actionServer[C, M]{kind: a} }

var (
	_ action.ActionWithConfigure      = (*actionServer[any, any])(nil)
	_ action.ActionWithModifyPlan     = (*actionServer[any, any])(nil)
	_ action.ActionWithValidateConfig = (*actionServer[any, any])(nil)
)

// actionServer is an Action served to the framework.
type actionServer[C, M any] struct {
	kind *Action[C, M]
	data *ProviderData
}

func (s *actionServer[C, M]) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + s.kind.Suffix
}

func (s *actionServer[C, M]) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{MarkdownDescription: s.kind.Doc, Attributes: s.kind.Attributes}
}

func (s *actionServer[C, M]) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	s.data = Configured(req.ProviderData, &resp.Diagnostics)
}

func (s *actionServer[C, M]) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	if s.kind.Check == nil {
		return
	}
	if m, ok := s.model(ctx, req.Config, &resp.Diagnostics); ok {
		s.kind.Check(m, &resp.Diagnostics)
	}
}

// ModifyPlan rejects a provider block of another platform while planning,
// so that an action that cannot run fails the plan, not the apply.
func (s *actionServer[C, M]) ModifyPlan(_ context.Context, _ action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	if s.data != nil {
		s.client(&resp.Diagnostics)
	}
}

func (s *actionServer[C, M]) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	m, ok := s.model(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	if s.kind.Check != nil {
		if s.kind.Check(m, &resp.Diagnostics); resp.Diagnostics.HasError() {
			return
		}
	}
	client, ok := s.client(&resp.Diagnostics)
	if !ok {
		return
	}
	progress := func(format string, args ...any) {
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf(format, args...)})
		}
	}
	s.kind.Run(ctx, client, m, progress, &resp.Diagnostics)
}

func (s *actionServer[C, M]) client(diags *diagList) (C, bool) {
	return PlatformAs[C](s.data, s.kind.Name()+" action", s.kind.Needs, diags)
}

// model reads a configuration into M.
func (s *actionServer[C, M]) model(ctx context.Context, config tfsdk.Config, diags *diagList) (*M, bool) {
	var m M
	diags.Append(config.Get(ctx, &m)...)
	return &m, !diags.HasError()
}
