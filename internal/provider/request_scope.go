package provider

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// requestScopedServer is the framework's server, except that the RPCs
// Terraform sends for every resource and data source get a context that lets
// go of the request when the RPC returns.
//
// Why: the framework's protocol server wraps each request's
// context in context.WithCancel and keeps the cancel function until
// StopProvider (proto6server's registerContext), which Terraform sends only
// when it is interrupted. Each kept function holds the request's whole
// context: its loggers and their fields, the gRPC stream and its buffers. A
// heap profile of a plan of 1,000 commerce_customer resources showed 64 MB
// live at its end, nearly all of it contexts of requests long answered, and
// 140 MB peak RSS. Through releasedContext, what the framework keeps of an
// answered request is its cancel function and the empty shell of the
// context: about 200 bytes.
//
// Exit conditions: TestRequestScopedServer_releasesEveryRequest checks that
// every RPC below lets go of its request, and TestFramework_keepsRequestContexts
// fails once a framework release stops keeping them: then the releasing can
// go.
type requestScopedServer struct {
	fullServer
}

func (s requestScopedServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return scoped(ctx, req, s.fullServer.ValidateResourceConfig)
}

func (s requestScopedServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return scoped(ctx, req, s.fullServer.UpgradeResourceState)
}

func (s requestScopedServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return scoped(ctx, req, s.fullServer.UpgradeResourceIdentity)
}

func (s requestScopedServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return scoped(ctx, req, s.fullServer.ReadResource)
}

func (s requestScopedServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return scoped(ctx, req, s.fullServer.PlanResourceChange)
}

func (s requestScopedServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return scoped(ctx, req, s.fullServer.ApplyResourceChange)
}

func (s requestScopedServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return scoped(ctx, req, s.fullServer.ImportResourceState)
}

func (s requestScopedServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return scoped(ctx, req, s.fullServer.MoveResourceState)
}

func (s requestScopedServer) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return scoped(ctx, req, s.fullServer.GenerateResourceConfig)
}

func (s requestScopedServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return scoped(ctx, req, s.fullServer.ValidateDataResourceConfig)
}

func (s requestScopedServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return scoped(ctx, req, s.fullServer.ReadDataSource)
}

func (s requestScopedServer) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
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
