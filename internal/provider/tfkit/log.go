package tfkit

import (
	"context"
	"math"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// LogListRead writes the one INFO line a list read ends with: what it
// returned and what it cost on the wire.
func LogListRead(ctx context.Context, platform string, n int, counter *httpclient.RequestCounter, d time.Duration, err error) {
	c := counter.Counts()
	fields := map[string]any{
		"platform":         platform,
		"customers":        n,
		"pages":            c.Pages,
		"requests":         c.Requests,
		"retries":          c.Retries,
		"rate_limit_waits": c.RateLimitWaits,
		"seconds":          math.Round(d.Seconds()*100) / 100,
	}
	if err != nil {
		fields["customers"] = 0
		tflog.Info(ctx, "commerce customers read failed", fields)
		return
	}
	tflog.Info(ctx, "commerce customers read", fields)
}
