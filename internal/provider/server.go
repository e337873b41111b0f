package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// NewProtocol6Server serves the provider over plugin protocol 6: the
// framework's server, with the customers list of commerce_customers spliced
// into the response after the framework is done with it.
//
// Why: the framework walks a data source's whole result several times after
// Read (semantic equality converts it to framework values, the null-block
// pass rebuilds it), costing about 0.7 s of CPU and most of the peak memory
// for 10,000 customers. The list has no custom types and no nested blocks,
// so those passes have nothing to do on it. Read hands the customers to the
// splicer through the request context and leaves the list empty; the splicer
// puts them in, built the same way Read builds them otherwise
// (withCustomers), and encodes the state once.
func NewProtocol6Server(version string) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		inner, err := providerserver.NewProtocol6WithError(New(version)())()
		if err != nil {
			return nil, err
		}
		return &listSplicer{ProviderServer: inner}, nil
	}
}

type listSplicer struct {
	tfprotov6.ProviderServer

	once      sync.Once
	stateType tftypes.Type
	typeErr   error
}

// splicedList carries the customers from Read to the splicer.
type splicedList struct {
	customers []customers.Customer
	set       bool
}

type splicedListKey struct{}

// handOver gives the customers to a splicer serving this read, if there is one.
func handOver(ctx context.Context, list []customers.Customer) bool {
	sl, ok := ctx.Value(splicedListKey{}).(*splicedList)
	if ok {
		sl.customers, sl.set = list, true
	}
	return ok
}

func (s *listSplicer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	if req.TypeName != "commerce_customers" {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	list := &splicedList{}
	resp, err := s.ProviderServer.ReadDataSource(context.WithValue(ctx, splicedListKey{}, list), req)
	if err != nil || resp == nil || resp.State == nil || !list.set {
		return resp, err
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return resp, nil
		}
	}
	// A failure here is a diagnostic, like any failure of Read, not an RPC error.
	resp.State, err = s.splice(ctx, resp.State, list.customers)
	if err != nil {
		resp.Diagnostics = append(resp.Diagnostics, &tfprotov6.Diagnostic{
			Severity: tfprotov6.DiagnosticSeverityError,
			Summary:  "Building the customers list failed",
			Detail:   err.Error() + ". This is a bug in the provider; please report it.",
		})
		resp.State = nil
	}
	return resp, nil
}

func (s *listSplicer) splice(ctx context.Context, state *tfprotov6.DynamicValue, list []customers.Customer) (*tfprotov6.DynamicValue, error) {
	s.once.Do(func() {
		schemas, err := s.ProviderServer.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
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
	if v, err = withCustomers(v, list); err != nil {
		return nil, err
	}
	dv, err := tfprotov6.NewDynamicValue(s.stateType, v)
	return &dv, err
}
