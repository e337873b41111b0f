package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// NewProtocol6Server serves the provider over plugin protocol 6: the
// framework's server, except that the customers list of commerce_customers
// is written into the state by customersStateServer, and that
// requestScopedServer (request_scope.go, with its own reasons and exit
// condition) lets go of each request when it ends.
//
// This is the provider's one exception to staying on the framework's road,
// kept for a measured reason. After Read, the framework walks a data
// source's whole result even when no attribute has semantic equality: it
// converts the state to framework values for SchemaSemanticEquality,
// compares it value by value, rebuilds it for null blocks, and encodes it
// with an attribute path per value (terraform-plugin-framework issue #1314).
// For 10,000 customers (150,000 values) that is over the provider's budget
// of 1 s of CPU and 150 MB peak RSS: make bench measured 1.8 to 2.2 s and
// 204 to 212 MB (FrameworkPath) against about 0.2 s and 60 to 66 MB with
// this server (ProviderRead), on a busy 2-core machine.
// The list has no custom types and no blocks, so the framework's passes have
// nothing to do on it.
//
// What keeps it safe:
//   - it forwards every server interface the framework's server implements
//     (fullServer below); TestCustomersStateServer_forwardsEverything fails
//     when a terraform-plugin-go or framework upgrade adds a method it does
//     not forward;
//   - TestCustomersStateServer_sameStateAsTheFramework checks that the state
//     it writes equals the one the framework writes by itself (Read's
//     framework path, customers_state.go), on every platform and for every
//     attribute.
//
// Its exit condition is a number: make bench's BenchmarkFrameworkPath reads
// 10,000 customers served by the framework alone, and benchtable says
// "[EXIT] server.go" once that read meets the budget (1 s of CPU, 150 MB
// peak RSS) after a framework upgrade. Then main.go serves
// providerserver.NewProtocol6WithError, Read keeps its framework path, and
// this file goes.
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
		return &customersStateServer{fullServer: requestScopedServer{full}}, nil
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

// customersStateServer is the framework's server; it only writes
// commerce_customers' list into the state after the framework's Read.
type customersStateServer struct {
	fullServer

	once      sync.Once
	stateType tftypes.Type
	typeErr   error
}

func (s *customersStateServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	if req.TypeName != "commerce_customers" {
		return s.fullServer.ReadDataSource(ctx, req)
	}
	out := &customersForState{}
	resp, err := s.fullServer.ReadDataSource(context.WithValue(ctx, customersForStateKey{}, out), req)
	if err != nil || resp == nil || resp.State == nil || !out.set {
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
func (s *customersStateServer) writeCustomers(ctx context.Context, state *tfprotov6.DynamicValue, out *customersForState) (*tfprotov6.DynamicValue, error) {
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
	encoded, err := encodeState(s.stateType, v, out.list)
	if err != nil {
		return nil, err
	}
	return &tfprotov6.DynamicValue{MsgPack: encoded}, nil
}
