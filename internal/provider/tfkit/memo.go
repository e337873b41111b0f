package tfkit

import "sync"

// An adoption reads the record while it is planned, and Terraform plans it
// once more during apply, just before applying it: that final plan's read is
// what Create decides on, so Create does not repeat it. The apply-time plan
// (ModifyPlan) and the apply (Create) of a resource run in the same provider
// process, one after the other, so the read waits for Create in the provider
// data: ModifyPlan keeps it, Create takes it once. It is never in the state
// or in a plan file, and nothing but this process sees it.
//
// Terraform's consistency check stays as it was: the final plan is planned
// from that read, so a record changed since the plan the user approved
// still fails with "Provider produced inconsistent final plan" before
// anything is sent; and the state Create writes comes from the same read as
// the final plan, so it cannot contradict it.
//
// The memo is bounded: a plan (not an apply) of many adoptions keeps reads
// nobody takes, so past memoSize the oldest goes. A Create whose read is
// gone, or was never kept (a provider process that did not plan it), reads
// the record itself: one request more, never a wrong one.

// memoSize is how many planned reads the memo keeps at most. An apply takes
// each read right after planning it, at most -parallelism (default 10) at a
// time, so this bound is only reached by plans, which never take them.
const memoSize = 256

// memoKey says whose read it is: the resource type and the record's id.
type memoKey struct{ resource, id string }

// memoEntry is a kept read and when it was kept.
type memoEntry struct {
	record any
	seq    uint64
}

type memo struct {
	mu      sync.Mutex
	seq     uint64
	entries map[memoKey]memoEntry
	// order is every keep, oldest first; a keep whose entry was taken or
	// replaced since is skipped when the oldest goes.
	order []struct {
		key memoKey
		seq uint64
	}
}

// keep remembers the read of id planned by resource, replacing an older one.
func (m *memo) keep(resource, id string, record any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.entries == nil {
		m.entries = map[memoKey]memoEntry{}
	}
	m.seq++
	k := memoKey{resource, id}
	m.entries[k] = memoEntry{record, m.seq}
	m.order = append(m.order, struct {
		key memoKey
		seq uint64
	}{k, m.seq})
	for len(m.entries) > memoSize {
		oldest := m.order[0]
		m.order = m.order[1:]
		if m.live(oldest.key, oldest.seq) {
			delete(m.entries, oldest.key)
		}
	}
	if len(m.order) > 2*memoSize { // an apply takes what it keeps: forget those keeps
		kept := m.order[:0]
		for _, o := range m.order {
			if m.live(o.key, o.seq) {
				kept = append(kept, o)
			}
		}
		m.order = kept
	}
}

// live reports whether the keep numbered seq is still the entry of k.
func (m *memo) live(k memoKey, seq uint64) bool {
	e, ok := m.entries[k]
	return ok && e.seq == seq
}

// take returns the read of id planned by resource, once.
func (m *memo) take(resource, id string) (any, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := memoKey{resource, id}
	e, ok := m.entries[k]
	delete(m.entries, k)
	return e.record, ok
}
