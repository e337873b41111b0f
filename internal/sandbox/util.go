package sandbox

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sync"
)

// store holds one platform's customers in the server's order.
type store[T any] struct {
	mu        sync.Mutex
	customers []*T
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
