package bench

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// speedupCeiling is the most a list read's round trips can gain at
// concurrency c over reading one page after another: the token requests and
// the first page (which tells how many there are) go one after another,
// then page and offset APIs fetch the remaining pages c at a time; a cursor
// API fetches every page after the one before.
func speedupCeiling(requests, tokens int, paging string, c int) float64 {
	pages := requests - tokens
	if pages < 1 || c < 1 || paging == "cursor" {
		return 1
	}
	rounds := tokens + 1 + ceilDiv(pages-1, c)
	return float64(requests) / float64(rounds)
}

func TestSpeedupCeiling(t *testing.T) {
	assert.InDelta(t, 20.0/3, speedupCeiling(20, 0, "page", 10), 1e-9, "1,000 customers, 50 a page, concurrency 10: 3 round trips")
	assert.InDelta(t, 200.0/21, speedupCeiling(200, 0, "page", 10), 1e-9, "10,000 customers: 1 + 20 round trips")
	assert.InDelta(t, 21.0/4, speedupCeiling(21, 1, "offset", 10), 1e-9, "a token first: 4 round trips")
	assert.Equal(t, 1.0, speedupCeiling(20, 0, "page", 1), "sequential")
	assert.Equal(t, 1.0, speedupCeiling(10, 0, "cursor", 10), "a cursor API gains nothing")
}
