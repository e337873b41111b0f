package tfkit

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestMemo_takenOnce: a kept read is taken once, only by the resource type
// and id it was kept for.
func TestMemo_takenOnce(t *testing.T) {
	var m memo
	m.keep("commerce_customer", "10001", "read of 10001")
	_, ok := m.take("commerce_customer", "10002")
	assert.False(t, ok, "another id")
	_, ok = m.take("commerce_adobe_vip_customer", "10001")
	assert.False(t, ok, "another resource type")
	got, ok := m.take("commerce_customer", "10001")
	assert.True(t, ok)
	assert.Equal(t, "read of 10001", got)
	_, ok = m.take("commerce_customer", "10001")
	assert.False(t, ok, "taken once")
}

// TestMemo_bounded: past memoSize reads the oldest goes, a read kept again
// counts as new, and the keeps an apply takes at once never pile up.
func TestMemo_bounded(t *testing.T) {
	var m memo
	for i := range memoSize + 10 {
		m.keep("r", fmt.Sprint(i), i)
		if i == memoSize/2 {
			m.keep("r", "0", "again") // the newest keep of 0
		}
	}
	assert.Len(t, m.entries, memoSize)
	got, ok := m.take("r", "0")
	assert.True(t, ok, "kept again halfway: no longer among the oldest")
	assert.Equal(t, "again", got)
	for i := 1; i <= 10; i++ {
		_, ok := m.take("r", fmt.Sprint(i))
		assert.False(t, ok, "%d: among the oldest", i)
	}
	_, ok = m.take("r", fmt.Sprint(memoSize+9))
	assert.True(t, ok, "the newest")

	var apply memo
	for i := range 10 * memoSize {
		apply.keep("r", fmt.Sprint(i), i)
		_, ok := apply.take("r", fmt.Sprint(i))
		assert.True(t, ok)
	}
	assert.Empty(t, apply.entries)
	assert.LessOrEqual(t, len(apply.order), 2*memoSize, "keeps remembered")
}
