package sandbox

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
)

// store holds one platform's customers in the server's order.
type store[T any] struct {
	mu        sync.Mutex
	customers []*T
}

// locked runs f under the store's lock.
func (st *store[T]) locked(f func()) {
	st.mu.Lock()
	defer st.mu.Unlock()
	f()
}

// with runs f on the customer find returns, under the store's lock; false
// when find finds none.
func (st *store[T]) with(find func() *T, f func(c *T)) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	c := find()
	if c == nil {
		return false
	}
	f(c)
	return true
}

// whole reads a whole-number query parameter: def when v is empty; ok is
// false when v is not a number from lo to hi.
func whole(v string, def, lo, hi int) (n int, ok bool) {
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= lo && n <= hi
}

// findBy is the customer whose id (as idOf reads it) is id, or nil; the
// caller holds the lock.
func (st *store[T]) findBy(id string, idOf func(c *T) string) *T {
	i := slices.IndexFunc(st.customers, func(c *T) bool { return idOf(c) == id })
	if i < 0 {
		return nil
	}
	return st.customers[i]
}

// idsOf are the ids of the customers in list, in its order.
func idsOf[T any](list []T, id func(c *T) string) []string {
	out := make([]string, len(list))
	for i := range list {
		out[i] = id(&list[i])
	}
	return out
}

// snapshot copies every customer under the lock; deepen, when not nil, copies
// what a struct copy would still share with the store (slices).
func (st *store[T]) snapshot(deepen func(*T)) []T {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]T, len(st.customers))
	for i, c := range st.customers {
		out[i] = *c
		if deepen != nil {
			deepen(&out[i])
		}
	}
	return out
}

// readBody reads the request body and puts it back for the handler.
func readBody(r *http.Request) []byte {
	if r.Body == nil {
		return nil
	}
	b, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(b))
	return b
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// nullIfEmpty is a JSON null for "", the string otherwise: a cursor on the
// last page.
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// paramsRead notes the query parameters a handler reads (Request.Read).
type paramsRead struct {
	mu    sync.Mutex
	names []string
}

type paramsReadKey struct{}

func (p *paramsRead) note(name string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	if !slices.Contains(p.names, name) {
		p.names = append(p.names, name)
	}
	p.mu.Unlock()
}

func (p *paramsRead) list() []string {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.names)
}

// query is a request's query as a handler reads it: each parameter it asks
// for is noted in the request log, so that a test can tell a parameter the
// fake API understands from one it ignores.
type query struct {
	url.Values
	read *paramsRead
}

// queryOf is r's query, noting what is read of it.
func queryOf(r *http.Request) query {
	read, _ := r.Context().Value(paramsReadKey{}).(*paramsRead)
	return query{r.URL.Query(), read}
}

func (q query) Get(name string) string {
	q.read.note(name)
	return q.Values.Get(name)
}
