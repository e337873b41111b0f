package sandbox

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
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
