package provider

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"

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
// writes them into the encoded state (encodeState), the same values Read
// builds otherwise (withCustomers).
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
	encoded, err := encodeState(s.stateType, v, list)
	if err != nil {
		return nil, err
	}
	return &tfprotov6.DynamicValue{MsgPack: encoded}, nil
}

// encodeState encodes the data source's state as msgpack, exactly as tftypes
// does (objects as maps with their keys in name order), but writes the
// customers list straight from the customers: the generic encoder builds an
// attribute path for every value, over 100 MB of garbage for 10,000
// customers. The other attributes go through tftypes.
func encodeState(typ tftypes.Type, state tftypes.Value, list []customers.Customer) ([]byte, error) {
	obj, ok := typ.(tftypes.Object)
	if !ok {
		return nil, fmt.Errorf("state is a %s, not an object", typ)
	}
	var attrs map[string]tftypes.Value
	if err := state.As(&attrs); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(obj.AttributeTypes))
	for name := range obj.AttributeTypes {
		names = append(names, name)
	}
	slices.Sort(names)
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf) // unbuffered: writes to buf below interleave in order
	if err := enc.EncodeMapLen(len(names)); err != nil {
		return nil, err
	}
	for _, name := range names {
		if err := enc.EncodeString(name); err != nil {
			return nil, err
		}
		if name == "customers" {
			if err := encodeCustomers(enc, list); err != nil {
				return nil, err
			}
			continue
		}
		dv, err := tfprotov6.NewDynamicValue(obj.AttributeTypes[name], attrs[name])
		if err != nil {
			return nil, err
		}
		buf.Write(dv.MsgPack)
	}
	return buf.Bytes(), nil
}

// encodeCustomers writes the list as tftypes would write a list of objects
// whose attributes are all known strings.
func encodeCustomers(enc *msgpack.Encoder, list []customers.Customer) error {
	if err := enc.EncodeArrayLen(len(list)); err != nil {
		return err
	}
	for i := range list {
		if err := enc.EncodeMapLen(len(customerColumns)); err != nil {
			return err
		}
		for _, col := range customerColumns {
			if err := enc.EncodeString(col.name); err != nil {
				return err
			}
			if err := enc.EncodeString(col.value(&list[i])); err != nil {
				return err
			}
		}
	}
	return nil
}
