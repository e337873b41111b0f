package tfkit

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// The hooks' tests drive managed resources the way Terraform does, through
// the framework's protocol server (providerserver): PlanResourceChange runs
// the framework's plan modifiers and then ModifyPlan, ApplyResourceChange
// runs Create, Update or Delete, ReadResource and ImportResourceState
// theirs, all on tfsdk values the framework builds. What Terraform adds
// around them is small and written here: the proposed new state (the
// configuration, with the prior state's values for computed attributes it
// leaves out) and the private state carried from one call to the next.

// testProvider serves the resources of kinds on one platform client.
type testProvider struct {
	client    customers.Platform
	resources []func() resource.Resource
}

func (p *testProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "commerce"
}

func (p *testProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}

func (p *testProvider) Configure(_ context.Context, _ provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	data := &ProviderData{Platform: p.client}
	resp.ResourceData, resp.DataSourceData = data, data
}

func (p *testProvider) Resources(context.Context) []func() resource.Resource { return p.resources }

func (p *testProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// kit is a configured protocol server of test resources.
type kit struct {
	t      *testing.T
	server tfprotov6.ProviderServer
	ctx    context.Context
}

// tfState is a resource's state as Terraform keeps it: the object and the
// provider's private data.
type tfState struct {
	val     tftypes.Value
	private []byte
}

// schemaOf is what the harness needs of a resource type: its schema and
// how to turn Values into a tftypes object.
type schemaOf interface {
	Name() string
	testSchema() schema.Schema
	testObject(v Values) tftypes.Value
	testValues(v tftypes.Value) Values
}

func (m *Managed[C, R, B]) testSchema() schema.Schema { m.init(); return m.schema }

func (m *Managed[C, R, B]) testObject(v Values) tftypes.Value {
	tv, err := m.object(v).ToTerraformValue(context.Background())
	if err != nil {
		panic(err)
	}
	return tv
}

func (m *Managed[C, R, B]) testValues(v tftypes.Value) Values {
	m.init()
	obj, err := m.schema.Type().ValueFromTerraform(context.Background(), v)
	if err != nil {
		panic(err)
	}
	return obj.(interface{ Attributes() map[string]attr.Value }).Attributes() //nolint:forcetypeassert // an object type's value
}

func newKit(t *testing.T, client customers.Platform, kinds ...interface{ NewResource() resource.Resource }) *kit {
	t.Helper()
	p := &testProvider{client: client}
	for _, k := range kinds {
		p.resources = append(p.resources, k.NewResource)
	}
	server, err := providerserver.NewProtocol6WithError(p)()
	require.NoError(t, err)
	ctx := context.Background()
	empty, err := tfprotov6.NewDynamicValue(tftypes.Object{}, tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{}))
	require.NoError(t, err)
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.0", Config: &empty})
	require.NoError(t, err)
	require.Empty(t, resp.Diagnostics)
	return &kit{t: t, server: server, ctx: ctx}
}

func (k *kit) dynamic(v tftypes.Value) *tfprotov6.DynamicValue {
	dv, err := tfprotov6.NewDynamicValue(v.Type(), v)
	require.NoError(k.t, err)
	return &dv
}

func (k *kit) value(typ tftypes.Type, dv *tfprotov6.DynamicValue) tftypes.Value {
	v, err := dv.Unmarshal(typ)
	require.NoError(k.t, err)
	return v
}

// proposed is Terraform's proposed new state: the configuration, with the
// prior state's value of each computed attribute it leaves out.
func proposed(s schema.Schema, config, prior Values) Values {
	out := Values{}
	for name, a := range s.Attributes {
		v := config[name]
		if a.IsComputed() && (v == nil || v.IsNull()) {
			v = prior[name]
		}
		if v != nil {
			out[name] = v
		}
	}
	for name := range s.Blocks { // a block's attributes here are not computed: the configuration's
		if v := config[name]; v != nil {
			out[name] = v
		}
	}
	return out
}

// planned is a plan's answer.
type planned struct {
	state    tftypes.Value
	private  []byte
	replaces []*tftypes.AttributePath
	diags    []*tfprotov6.Diagnostic
	config   tftypes.Value
	prior    *tfState
}

// plan plans config (nil: a destroy) over prior (nil: a create).
func (k *kit) plan(m schemaOf, prior *tfState, config Values) planned {
	k.t.Helper()
	typ := m.testSchema().Type().TerraformType(k.ctx)
	priorVal, priorValues := tftypes.NewValue(typ, nil), Values{}
	var priorPrivate []byte
	if prior != nil {
		priorVal, priorValues, priorPrivate = prior.val, m.testValues(prior.val), prior.private
	}
	configVal, proposedVal := tftypes.NewValue(typ, nil), tftypes.NewValue(typ, nil)
	if config != nil {
		configVal = m.testObject(withNulls(config))
		proposedVal = m.testObject(proposed(m.testSchema(), withNulls(config), priorValues))
	}
	resp, err := k.server.PlanResourceChange(k.ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: m.Name(), PriorState: k.dynamic(priorVal), ProposedNewState: k.dynamic(proposedVal),
		Config: k.dynamic(configVal), PriorPrivate: priorPrivate,
	})
	require.NoError(k.t, err)
	out := planned{private: resp.PlannedPrivate, replaces: resp.RequiresReplace, diags: resp.Diagnostics, config: configVal, prior: prior}
	if resp.PlannedState != nil {
		out.state = k.value(typ, resp.PlannedState)
	}
	return out
}

// apply applies a plan and returns the new state (nil when the resource is
// gone or nothing was saved).
func (k *kit) apply(m schemaOf, p planned) (*tfState, []*tfprotov6.Diagnostic) {
	k.t.Helper()
	typ := m.testSchema().Type().TerraformType(k.ctx)
	priorVal := tftypes.NewValue(typ, nil)
	if p.prior != nil {
		priorVal = p.prior.val
	}
	resp, err := k.server.ApplyResourceChange(k.ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: m.Name(), PriorState: k.dynamic(priorVal), PlannedState: k.dynamic(p.state),
		Config: k.dynamic(p.config), PlannedPrivate: p.private,
	})
	require.NoError(k.t, err)
	if resp.NewState == nil {
		return nil, resp.Diagnostics
	}
	v := k.value(typ, resp.NewState)
	if v.IsNull() {
		return nil, resp.Diagnostics
	}
	return &tfState{val: v, private: resp.Private}, resp.Diagnostics
}

// read refreshes a state (nil: removed).
func (k *kit) read(m schemaOf, s *tfState) (*tfState, []*tfprotov6.Diagnostic) {
	k.t.Helper()
	typ := m.testSchema().Type().TerraformType(k.ctx)
	resp, err := k.server.ReadResource(k.ctx, &tfprotov6.ReadResourceRequest{TypeName: m.Name(), CurrentState: k.dynamic(s.val), Private: s.private})
	require.NoError(k.t, err)
	v := k.value(typ, resp.NewState)
	if v.IsNull() {
		return nil, resp.Diagnostics
	}
	return &tfState{val: v, private: resp.Private}, resp.Diagnostics
}

// importID imports the record id and reads it, as `terraform import` does.
func (k *kit) importID(m schemaOf, id string) (*tfState, []*tfprotov6.Diagnostic) {
	k.t.Helper()
	typ := m.testSchema().Type().TerraformType(k.ctx)
	resp, err := k.server.ImportResourceState(k.ctx, &tfprotov6.ImportResourceStateRequest{TypeName: m.Name(), ID: id})
	require.NoError(k.t, err)
	require.Empty(k.t, resp.Diagnostics)
	require.Len(k.t, resp.ImportedResources, 1)
	imported := resp.ImportedResources[0]
	return k.read(m, &tfState{val: k.value(typ, imported.State), private: imported.Private})
}

// applyNew plans a new resource of config and applies it, as `terraform
// apply` does; the plan must have no error.
func (k *kit) applyNew(m schemaOf, config Values) (*tfState, planned, []*tfprotov6.Diagnostic) {
	k.t.Helper()
	p := k.plan(m, nil, config)
	requireNoError(k.t, p.diags)
	s, diags := k.apply(m, p)
	return s, p, diags
}

// withNulls is a copy of v, in which Managed.object fills in every
// attribute v leaves out as null.
func withNulls(v Values) Values {
	out := Values{}
	for name, a := range v {
		out[name] = a
	}
	return out
}

func requireNoError(t *testing.T, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	for _, d := range diags {
		require.NotEqual(t, tfprotov6.DiagnosticSeverityError, d.Severity, "%s: %s", d.Summary, d.Detail)
	}
}

// only are the diagnostics of one severity.
func only(severity tfprotov6.DiagnosticSeverity, diags []*tfprotov6.Diagnostic) []*tfprotov6.Diagnostic {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		if d.Severity == severity {
			out = append(out, d)
		}
	}
	return out
}

var (
	errorsOf = func(d []*tfprotov6.Diagnostic) []*tfprotov6.Diagnostic {
		return only(tfprotov6.DiagnosticSeverityError, d)
	}
	warningsOf = func(d []*tfprotov6.Diagnostic) []*tfprotov6.Diagnostic {
		return only(tfprotov6.DiagnosticSeverityWarning, d)
	}
)
