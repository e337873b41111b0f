package tfkit

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// timeoutsAttr is the block of terraform-plugin-framework-timeouts: a
// resource with a CreateTimeout takes `timeouts { create = "30m" }`, the
// block every provider's users know (a nested attribute would need
// `timeouts = { ... }`, which configurations written for other providers
// do not say).
const timeoutsAttr = "timeouts"

// timeoutsBlock is the `timeouts` block: `create` only, its default said in
// its description.
func (m *Managed[C, R, B]) timeoutsBlock() schema.Block {
	b := timeouts.Block(context.Background(), timeouts.Opts{
		Create: true,
		CreateDescription: fmt.Sprintf("How long applying a create may wait for the new %s to be ready, as a duration such as `\"30s\"` or `\"2h45m\"` (units `s`, `m`, `h`). Default `%s`. "+
			"At the deadline the %s is recorded in the state as it is, with a warning, and the next apply finishes it.", m.Words.Record, shortDuration(m.CreateTimeout), m.Words.Record),
	})
	if nested, ok := b.(schema.SingleNestedBlock); ok {
		nested.MarkdownDescription = fmt.Sprintf("How long applying may wait: `create` (default `%s`).", shortDuration(m.CreateTimeout))
		return nested
	}
	return b
}

// shortDuration writes 10m0s as 10m and 1h30m0s as 1h30m.
func shortDuration(d time.Duration) string {
	s := d.String()
	for _, zero := range []string{"0s", "0m"} {
		if len(s) > len(zero) && s[len(s)-len(zero):] == zero && (s[len(s)-len(zero)-1] < '0' || s[len(s)-len(zero)-1] > '9') {
			s = s[:len(s)-len(zero)]
		}
	}
	return s
}

// createDeadline is the context a Create hook runs under: the create
// timeout of the plan's `timeouts`, or CreateTimeout when it sets none. A
// resource without CreateTimeout has no deadline of its own.
func (m *Managed[C, R, B]) createDeadline(ctx context.Context, plan tfsdk.Plan, diags *diagList) (context.Context, context.CancelFunc) {
	if m.CreateTimeout <= 0 {
		return context.WithCancel(ctx)
	}
	var t timeouts.Value
	diags.Append(plan.GetAttribute(ctx, path.Root(timeoutsAttr), &t)...)
	d, dd := t.Create(ctx, m.CreateTimeout)
	diags.Append(dd...)
	return context.WithTimeout(ctx, d)
}
