package provider

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/commercetf/terraform-provider-commerce/internal/provider/customerstf"
)

// NewProtocol6Server serves the provider over plugin protocol 6: the
// framework's server, wrapped by protocolServer below.
//
// This file is the provider's one exception to staying on the framework's
// road, and protocolServer is the one wrapper of the protocol server: no
// other file may wrap it. It differs from the framework's server in two
// things, each kept for a measured reason and each with its own exit
// condition.
//
//  1. The CPU and memory of commerce_customers' state: the list of customers
//     is written into the state here, after the framework's Read. After Read,
//     the framework walks a data source's whole result even when no
//     attribute has semantic equality: it converts the state to framework
//     values for SchemaSemanticEquality, compares it value by value, rebuilds
//     it for null blocks, and encodes it with an attribute path per value
//     (terraform-plugin-framework issue #1314). For 10,000 customers (150,000
//     values) that is over the provider's budget of 1 s of CPU and 150 MB
//     peak RSS: make bench measured 1.8 to 2.2 s and 204 to 212 MB
//     (FrameworkPath) against about 0.2 s and 60 to 66 MB with this server
//     (ProviderRead), on a busy 2-core machine. The list has no custom types
//     and no blocks, so the framework's passes have nothing to do on it.
//     Exit condition, a number: make bench's BenchmarkFrameworkPath reads
//     10,000 customers served by the framework alone, and benchtable says
//     "[EXIT] server.go" once that read meets the budget after a framework
//     upgrade; then Read keeps its framework path (customerstf) and
//     ReadDataSource below goes.
//
//  2. The memory of request contexts kept by the framework: every RPC
//     Terraform sends for a resource or data source gets a context that lets
//     go of the request when the RPC returns (scoped). The framework's
//     protocol server wraps each request's context in context.WithCancel and
//     keeps the cancel function until StopProvider (proto6server's
//     registerContext), which Terraform sends only when it is interrupted.
//     Each kept function holds the request's whole context: its loggers and
//     their fields, the gRPC stream and its buffers. A heap profile of a plan
//     of 1,000 commerce_customer resources showed 64 MB live at its end,
//     nearly all of it contexts of requests long answered, and 140 MB peak
//     RSS. Through releasedContext, what the framework keeps of an answered
//     request is its cancel function and the empty shell of the context:
//     about 200 bytes. Exit condition, a test:
//     TestFramework_keepsRequestContexts fails once a framework release stops
//     keeping them; then the scoped methods below go.
//
// What keeps it safe:
//   - it forwards every server interface the framework's server implements
//     (fullServer); TestProtocolServer_forwardsEverything fails when a
//     terraform-plugin-go or framework upgrade adds a method it does not
//     forward;
//   - TestProtocolServer_sameStateAsTheFramework checks that the state it
//     writes equals the one the framework writes by itself (Read's framework
//     path), on every platform and for every attribute;
//   - TestProtocolServer_releasesEveryRequest checks that every RPC it scopes
//     lets go of its request.
//
// When both exits are taken, main.go serves
// providerserver.NewProtocol6WithError and this file goes.
func NewProtocol6Server(version string) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		quietUnreadSDKLogs() // before serving: see sdk_logs.go
		inner, err := providerserver.NewProtocol6WithError(New(version)())()
		if err != nil {
			return nil, err
		}
		full, ok := inner.(fullServer)
		if !ok {
			return nil, fmt.Errorf("the framework's server (%T) no longer implements every interface this provider forwards; update fullServer in server.go", inner)
		}
		return &protocolServer{fullServer: full}, nil
	}
}

// fullServer is every interface terraform-plugin-go type-asserts on a
// provider server that the framework's server implements: embedding it
// forwards them all, so none silently vanishes behind the wrapper.
type fullServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ProviderServerWithListResource
	tfprotov6.ProviderServerWithActions
	tfprotov6.ProviderServerWithStateStores
}

var (
	_ tfprotov6.ProviderServerWithListResource = (*protocolServer)(nil)
	_ tfprotov6.ProviderServerWithActions      = (*protocolServer)(nil)
	_ tfprotov6.ProviderServerWithStateStores  = (*protocolServer)(nil)
)

// protocolServer is the framework's server; it writes commerce_customers'
// list into the state after the framework's Read (1), and lets go of each
// per-resource request when its RPC returns (2).
type protocolServer struct {
	fullServer

	once      sync.Once
	stateType tftypes.Type
	typeErr   error
}

// ReadDataSource is scoped (2), and for commerce_customers writes the list
// into the state (1).
func (s *protocolServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	if req.TypeName != "commerce_customers" {
		return scoped(ctx, req, s.fullServer.ReadDataSource)
	}
	readCtx, out := customerstf.WithListForState(ctx)
	resp, err := scoped(readCtx, req, s.fullServer.ReadDataSource)
	if err != nil || resp == nil || resp.State == nil || !out.Set() {
		return resp, err
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return resp, nil
		}
	}
	// A failure here is a diagnostic, like any failure of Read, not an RPC error.
	if resp.State, err = s.writeCustomers(ctx, resp.State, out); err != nil {
		resp.Diagnostics = append(resp.Diagnostics, &tfprotov6.Diagnostic{
			Severity: tfprotov6.DiagnosticSeverityError,
			Summary:  "Building the customers list failed",
			Detail:   err.Error() + ". This is a bug in the provider; please report it.",
		})
		resp.State = nil
	}
	return resp, nil
}

// writeCustomers re-encodes the state with the customers list filled in.
func (s *protocolServer) writeCustomers(ctx context.Context, state *tfprotov6.DynamicValue, out *customerstf.ListForState) (*tfprotov6.DynamicValue, error) {
	s.once.Do(func() {
		schemas, err := s.fullServer.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		switch {
		case err != nil:
			s.typeErr = err
		case schemas.DataSourceSchemas["commerce_customers"] == nil:
			s.typeErr = fmt.Errorf("no schema for commerce_customers")
		default:
			s.stateType = schemas.DataSourceSchemas["commerce_customers"].ValueType()
		}
	})
	if s.typeErr != nil {
		return nil, s.typeErr
	}
	v, err := state.Unmarshal(s.stateType)
	if err != nil {
		return nil, err
	}
	encoded, err := out.Encode(s.stateType, v)
	if err != nil {
		return nil, err
	}
	return &tfprotov6.DynamicValue{MsgPack: encoded}, nil
}

// The RPCs Terraform sends for every resource and data source, scoped (2).

func (s *protocolServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return scoped(ctx, req, s.fullServer.ValidateResourceConfig)
}

func (s *protocolServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return scoped(ctx, req, s.fullServer.UpgradeResourceState)
}

func (s *protocolServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return scoped(ctx, req, s.fullServer.UpgradeResourceIdentity)
}

func (s *protocolServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return scoped(ctx, req, s.fullServer.ReadResource)
}

func (s *protocolServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return scoped(ctx, req, s.fullServer.PlanResourceChange)
}

func (s *protocolServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return scoped(ctx, req, s.fullServer.ApplyResourceChange)
}

func (s *protocolServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return scoped(ctx, req, s.fullServer.ImportResourceState)
}

func (s *protocolServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return scoped(ctx, req, s.fullServer.MoveResourceState)
}

func (s *protocolServer) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return scoped(ctx, req, s.fullServer.GenerateResourceConfig)
}

func (s *protocolServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return scoped(ctx, req, s.fullServer.ValidateDataResourceConfig)
}

func (s *protocolServer) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	return scoped(ctx, req, s.fullServer.ValidateListResourceConfig)
}

// scoped calls an RPC of the framework's server with a context released
// when it returns. (ListResource is not scoped: its stream is read after
// the call returns.)
func scoped[Req, Resp any](ctx context.Context, req Req, rpc func(context.Context, Req) (Resp, error)) (Resp, error) {
	rc := &releasedContext{}
	rc.inner.Store(&ctx)
	defer rc.inner.Store(&endedRequest)
	return rpc(rc, req)
}

// releasedContext is a request's context until the request ends, then an
// ended one: canceled, with no values. Whoever keeps it after that keeps
// nothing of the request.
type releasedContext struct {
	inner atomic.Pointer[context.Context]
}

// endedRequest is what a releasedContext is once its request has ended.
var endedRequest = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()

func (c *releasedContext) ctx() context.Context        { return *c.inner.Load() }
func (c *releasedContext) Deadline() (time.Time, bool) { return c.ctx().Deadline() }
func (c *releasedContext) Done() <-chan struct{}       { return c.ctx().Done() }
func (c *releasedContext) Err() error                  { return c.ctx().Err() }
func (c *releasedContext) Value(key any) any           { return c.ctx().Value(key) }
