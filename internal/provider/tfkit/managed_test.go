package tfkit

import (
	"context"
	"errors"
	"maps"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
)

// A fake platform whose records are sent by two endpoints: PUT /a (name and
// address.city), which answers with nothing, and PUT /b (note), which
// answers with the record as stored.

type fakeRecord struct{ ID, Name, Note, City string }

type fakeBody struct{ Name, Note, City *string }

type fakeClient struct {
	records map[string]fakeRecord
	calls   []string
	failB   error
}

func fakeText(name string, read func(*fakeRecord) *string, put func(*fakeBody) **string, endpoint string) Field[fakeRecord, fakeBody] {
	return Field[fakeRecord, fakeBody]{
		Attr:     name,
		Schema:   schema.StringAttribute{Optional: true, Computed: true},
		Read:     func(r *fakeRecord) attr.Value { return types.StringValue(*read(r)) },
		Send:     func(b *fakeBody, plan, _ attr.Value) { *put(b) = plan.(types.String).ValueStringPointer() },
		Endpoint: endpoint,
	}
}

var fakeDescription = customers.Description{Name: "fake", Title: "Fake Platform", ID: customers.PatternIDs(`^[a-z0-9]+$`, "lower-case letters and digits", "c1")}

var fakeKind = &Managed[*fakeClient, fakeRecord, fakeBody]{
	Suffix:   "_fake",
	Platform: &fakeDescription,
	Words:    Words{Record: "record", Short: "Fake", Rejects: "rejected"},
	IDs:      []IDPart{CustomerID(&fakeDescription, "the customer")},
	Fields: []Field[fakeRecord, fakeBody]{
		fakeText("name", func(r *fakeRecord) *string { return &r.Name }, func(b *fakeBody) **string { return &b.Name }, ""),
		fakeText("note", func(r *fakeRecord) *string { return &r.Note }, func(b *fakeBody) **string { return &b.Note }, "PUT /b"),
		{Attr: "address", Schema: schema.SingleNestedAttribute{Optional: true, Computed: true}, Parts: []Field[fakeRecord, fakeBody]{
			fakeText("city", func(r *fakeRecord) *string { return &r.City }, func(b *fakeBody) **string { return &b.City }, "PUT /a"),
		}},
	},
	Endpoints: []Endpoint[*fakeClient, fakeRecord, fakeBody]{
		{Name: "PUT /a", Send: func(_ context.Context, c *fakeClient, id string, _ fakeRecord, b *fakeBody) (fakeRecord, bool, error) {
			c.calls = append(c.calls, "PUT /a")
			r := c.records[id]
			if b.Name != nil {
				r.Name = *b.Name
			}
			if b.City != nil {
				r.City = *b.City
			}
			c.records[id] = r
			return fakeRecord{}, false, nil
		}},
		{Name: "PUT /b", Send: func(_ context.Context, c *fakeClient, id string, _ fakeRecord, b *fakeBody) (fakeRecord, bool, error) {
			c.calls = append(c.calls, "PUT /b")
			if c.failB != nil {
				return fakeRecord{}, false, c.failB
			}
			r := c.records[id]
			r.Note = *b.Note
			c.records[id] = r
			return r, true, nil
		}},
	},
	Read: func(_ context.Context, c *fakeClient, id string) (fakeRecord, error) {
		c.calls = append(c.calls, "GET")
		return c.records[id], nil
	},
	RecordID: func(r *fakeRecord) string { return r.ID },
}

// fakeChange configures the fields in set on a record that holds have, and
// plans them.
func fakeChange(have Values, set map[string]attr.Value) (config, plan Values) {
	config, plan = Values{}, maps.Clone(have)
	for name, v := range have {
		config[name] = nullOf(v.Type(context.Background()))
	}
	for name, v := range set {
		config[name], plan[name] = v, v
	}
	return config, plan
}

// TestManaged_eachEndpointOnlyForItsFields: an update calls only the
// endpoints whose fields changed, in their order, and reads the record back
// once unless the last endpoint answered with it.
func TestManaged_eachEndpointOnlyForItsFields(t *testing.T) {
	ctx := context.Background()
	r := &managedResource[*fakeClient, fakeRecord, fakeBody]{kind: fakeKind}
	fakeKind.init()
	city := func(c string) attr.Value {
		return types.ObjectValueMust(map[string]attr.Type{"city": types.StringType}, map[string]attr.Value{"city": types.StringValue(c)})
	}
	for _, tc := range []struct {
		name      string
		set       map[string]attr.Value
		wantCalls []string
		wantSent  []string
	}{
		{"note only", map[string]attr.Value{"note": types.StringValue("n2")}, []string{"PUT /b"}, []string{"note"}},
		{"name only", map[string]attr.Value{"name": types.StringValue("Bo")}, []string{"PUT /a", "GET"}, []string{"name"}},
		{"city only", map[string]attr.Value{"address": city("Troy")}, []string{"PUT /a", "GET"}, []string{"address.city"}},
		{"every field", map[string]attr.Value{"name": types.StringValue("Bo"), "note": types.StringValue("n2"), "address": city("Troy")},
			[]string{"PUT /a", "PUT /b"}, []string{"name", "address.city", "note"}},
		{"nothing that differs", map[string]attr.Value{"name": types.StringValue("Al")}, nil, nil},
	} {
		c := &fakeClient{records: map[string]fakeRecord{"c1": {ID: "c1", Name: "Al", Note: "n1", City: "Albany"}}}
		rec := c.records["c1"]
		have := fakeKind.Record(&rec)
		config, plan := fakeChange(have, tc.set)
		var diags diagList
		server, sent, failed := r.send(ctx, c, "c1", rec, config, plan, have, false, &diags)
		require.False(t, failed, "%s: %v", tc.name, diags)
		assert.Equal(t, tc.wantCalls, c.calls, tc.name)
		assert.Equal(t, tc.wantSent, sent, tc.name)
		stored := c.records["c1"]
		assert.Equal(t, fakeKind.Record(&stored), server, "%s: the record as stored", tc.name)
	}

	c := &fakeClient{records: map[string]fakeRecord{"c1": {ID: "c1", Name: "Al", Note: "n1"}}, failB: errors.New("HTTP 400 Bad Request")}
	rec := c.records["c1"]
	have := fakeKind.Record(&rec)
	config, plan := fakeChange(have, map[string]attr.Value{"name": types.StringValue("Bo"), "note": types.StringValue("n2")})
	var diags diagList
	_, _, failed := r.send(ctx, c, "c1", rec, config, plan, have, false, &diags)
	assert.True(t, failed)
	assert.Equal(t, []string{"PUT /a", "PUT /b"}, c.calls)
	require.Len(t, diags, 1)
	assert.Equal(t, "Updating the record failed", diags[0].Summary())
	assert.Contains(t, diags[0].Detail(), "The update of record c1 (note) failed", "names the failing endpoint's fields")
}

// TestManaged_plannedReadOfTheRecordAsked: Create takes the final plan's
// read only for its own type and id, and only a read of that record.
func TestManaged_plannedReadOfTheRecordAsked(t *testing.T) {
	r := &managedResource[*fakeClient, fakeRecord, fakeBody]{kind: fakeKind, data: &ProviderData{}}
	r.data.adoptions.keep("commerce_fake", "c1", fakeRecord{ID: "c2"})
	_, ok := r.plannedRead("c1")
	assert.False(t, ok, "a read of another record is not taken")
	r.data.adoptions.keep("commerce_fake", "c1", fakeRecord{ID: "c1", Name: "Al"})
	got, ok := r.plannedRead("c1")
	assert.True(t, ok)
	assert.Equal(t, "Al", got.Name)
	_, ok = r.plannedRead("c1")
	assert.False(t, ok, "taken once")
}

// TestIDParts_twoParts: a record named by two parts imports by
// "customer_id/own_id", each part checked by its rule, and its identity and
// `id` have both.
func TestIDParts_twoParts(t *testing.T) {
	ctx := context.Background()
	parts := idParts{
		CustomerID(&fakeDescription, "the customer"),
		{Attr: "subscription_id", What: "Fake Platform subscription id", Rule: customers.PatternIDs(`^s[0-9]+$`, "s and digits", "s1"),
			Check: func(id string) error {
				if len(id) < 2 || id[0] != 's' {
					return errors.New(`"` + id + `" is not a subscription id`)
				}
				return nil
			}},
	}
	got, ok := parts.importParts(ctx, "commerce_fake_subscription", resource.ImportStateRequest{ID: "c1/s7"}, &diagList{})
	assert.True(t, ok)
	assert.Equal(t, []string{"c1", "s7"}, got)
	for id, want := range map[string]string{
		"c1":    `Import a commerce_fake_subscription by ` + "`customer_id` and `subscription_id`" + ` joined by "/", such as c1/s1: "c1" has 1 part(s).`,
		"c1/x7": `Import a commerce_fake_subscription by ` + "`customer_id` and `subscription_id`" + ` joined by "/", such as c1/s1: subscription_id: "x7" is not a subscription id.`,
		"C!/s1": "customer_id: \"C!\" is not a Fake Platform customer id (lower-case letters and digits).",
	} {
		var diags diagList
		_, ok := parts.importParts(ctx, "commerce_fake_subscription", resource.ImportStateRequest{ID: id}, &diags)
		assert.False(t, ok, id)
		require.Len(t, diags, 1, id)
		assert.Contains(t, diags[0].Detail(), want, id)
	}
	assert.Len(t, parts.identitySchema().Attributes, 2)
	assert.Equal(t, []string{"c1", "s7"}, parts.split("c1/s7"))
	vals, ok := parts.of(Values{"customer_id": types.StringValue("c1"), "subscription_id": types.StringValue("s7")})
	assert.True(t, ok)
	assert.Equal(t, "c1/s7", join(vals))
	_, ok = parts.of(Values{"customer_id": types.StringValue("c1"), "subscription_id": types.StringUnknown()})
	assert.False(t, ok, "an unknown part")
}
