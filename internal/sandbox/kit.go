package sandbox

import (
	"cmp"
	"flag"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Kit is one fake platform of the sandbox, and what tests need to talk to
// it: how it is mounted and seeded, the provider settings that reach it, its
// list route, its page encoder and its ids. Each platform's file registers
// its own (register), so the sandbox, its command and the tests name no
// platform: they iterate the kits, as the provider's face iterates its
// registry.
type Kit struct {
	// Name is the provider's platform name; Title is how people call it.
	Name, Title string
	// Root is where the platform's API is mounted on the sandbox.
	Root string
	// Default marks the provider's default platform, the one the command's
	// environment file configures.
	Default bool
	// Logins are other ways the platform authenticates on the sandbox.
	Logins []Login
	// ListRoute and GetRoute are the list's and the single customer's
	// routes as registered (Server.Count takes them).
	ListRoute, GetRoute string
	// ID is the id of customer number n (from 1) in the platform's format.
	ID func(n int) string
	// Listed are the ids the list returns without filters, in its order.
	Listed func(s *Server) []string
	// SeedFor is how many customers to seed for that list to hold n.
	SeedFor func(n int) int
	// Always are the result fields every customer of the platform fills.
	Always []string
	// MatchFilter is a filter attribute that a customer's own value of the
	// same field matches ("" for none): a lookup of one listed customer.
	MatchFilter string
	// Writes are the routes that change something, as registered: the
	// write faults (SetWriteFaults) pick among them.
	Writes []string

	// Note says more in the command's banner ("" for nothing).
	Note func(url string, opts Options) string

	// paging is how the list reads its page; param, when set, reads one
	// query parameter the platform's way (else the query's Get).
	paging paging
	param  func(r *http.Request, name string) string
	// item is the list item of the platform's seed i with the id id; page
	// is the list's envelope around items (see Page).
	item func(i int, id string) map[string]any
	page func(items []map[string]any, total int, next string) any
	// settings are what the platform's provider block sets on the sandbox
	// besides base_url: the sandbox's default credentials (Settings).
	settings map[string]string
	// newStore seeds the platform's store with n customers (opts: the
	// sandbox's clock and credentials); routes are its endpoints on s, by
	// route (the kit's own ListRoute and GetRoute among them).
	newStore func(n int, opts Options) any
	routes   func(s *Server, k *Kit) map[string]http.HandlerFunc
	// flags registers the platform's own command-line flags (nil: none).
	flags func(fs *flag.FlagSet) *Switches
	// errs is the error shape of what Root serves; more are other roots the
	// platform serves (Adobe's IMS).
	errs errorShape
	more []mount
}

// Switches are a platform's own command-line flags, registered by its kit
// on the command's flag set (RegisterFlags): the command names no platform.
type Switches struct {
	// check refuses a value after parsing; apply sets the values on a
	// sandbox; describe says which faults are on, for the banner's
	// "misbehaving on purpose" line (nil: none); note, when set, says what
	// the flags set whether or not they were given, in the platform's part
	// of the banner.
	check    func() error
	apply    func(s *Server)
	describe func() []string
	note     func() string
}

// RegisterFlags registers the kit's own flags on fs; nil when it has none.
func (k *Kit) RegisterFlags(fs *flag.FlagSet) *Switches {
	if k.flags == nil {
		return nil
	}
	return k.flags(fs)
}

// Check refuses a flag value the platform cannot take.
func (sw *Switches) Check() error {
	if sw == nil {
		return nil
	}
	return sw.check()
}

// Apply sets the parsed flags on s.
func (sw *Switches) Apply(s *Server) {
	if sw != nil {
		sw.apply(s)
	}
}

// Describe says in words which of the flags are on.
func (sw *Switches) Describe() []string {
	if sw == nil || sw.describe == nil {
		return nil
	}
	return sw.describe()
}

// Note is what the platform's part of the banner says of its flags' values
// ("" for nothing), one indented line each.
func (sw *Switches) Note() string {
	if sw == nil || sw.note == nil {
		return ""
	}
	return sw.note()
}

// Login is another way a platform authenticates on the sandbox, which costs
// requests before the first page (a token).
type Login struct {
	// Name names it ("password").
	Name string
	// TokenRequests are the requests it makes before the first page, to
	// TokenRoute, as registered (Server.Count takes it).
	TokenRequests int
	TokenRoute    string
	// settings replace the kit's settings; addresses are settings that are
	// roots on the sandbox (Adobe's ims_url), by attribute; root is the
	// kit's Root.
	settings  map[string]string
	addresses map[string]string
	root      string
}

// Settings are the provider settings that reach the platform on a sandbox
// served at url, with the sandbox's default credentials: base_url and what
// the platform's provider block needs besides.
func (k *Kit) Settings(url string) map[string]string { return withBase(k.settings, url+k.Root) }

// Settings are the provider settings of the login on a sandbox served at
// url.
func (l Login) Settings(url string) map[string]string {
	out := withBase(l.settings, url+l.root)
	for attr, root := range l.addresses {
		out[attr] = url + root
	}
	return out
}

func withBase(settings map[string]string, baseURL string) map[string]string {
	out := maps.Clone(settings)
	out["base_url"] = baseURL
	return out
}

// ListRequest is what a list request asks for: the offset of its first
// customer and its page size, and its cursor ("" for the first page) where
// the list is paged by cursor.
type ListRequest struct {
	Offset, Size int
	Cursor       string
}

// mount is a root of the sandbox and the error shape of what it serves.
type mount struct {
	root string
	errs errorShape
}

// errorShape is what ServeHTTP needs to answer in a platform's own error
// shape.
type errorShape interface {
	writeError(w http.ResponseWriter, status int, msg string)
	writeRateLimited(w http.ResponseWriter, reset time.Time)
}

// kits are the registered platforms, in registration order.
var kits []*Kit

// register adds a platform's kit; each platform's file calls it once.
func register(k *Kit) {
	for i := range k.Logins {
		k.Logins[i].root = k.Root
	}
	kits = append(kits, k)
}

// Cursor says the list is paged by cursor; otherwise it is paged by page
// number or offset, with a total.
func (k *Kit) Cursor() bool { return k.paging.cursor != "" }

// ListRequest reads what a list request asks for.
func (k *Kit) ListRequest(r *http.Request) ListRequest { return k.listRequest(r) }

// Page is a list page as the platform answers it: the customers with these
// ids, shaped as the sandbox seeds them, and the total matches (page and
// offset lists) or the next cursor ("" on the last page).
func (k *Kit) Page(ids []string, total int, next string) any {
	items := make([]map[string]any, len(ids))
	for i, id := range ids {
		items[i] = k.item(i, id)
	}
	return k.page(items, total, next)
}

// Kits are the sandbox's platforms: the default one first, then by name.
func Kits() []*Kit {
	out := slices.Clone(kits)
	slices.SortFunc(out, func(a, b *Kit) int {
		if a.Default != b.Default {
			if a.Default {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return out
}

// KitFor is the kit of the platform name; it panics when there is none (a
// platform of the provider without a sandbox is a bug of the tests).
func KitFor(name string) *Kit {
	i := slices.IndexFunc(kits, func(k *Kit) bool { return k.Name == name })
	if i < 0 {
		panic("sandbox: no kit for platform " + name)
	}
	return kits[i]
}

// Listed are the ids platform's list returns without filters, in its order.
func (s *Server) Listed(platform string) []string { return KitFor(platform).Listed(s) }

// seed is how many customers the options seed on platform k.
func (o Options) seed(k *Kit) int {
	n, ok := o.Seed[k.Name]
	if !ok {
		n = o.Customers
	}
	if n == 0 {
		n = defaultCustomers
	}
	return max(0, n)
}

// errorsFor is the error shape of what path is served under.
func errorsFor(path string) errorShape {
	for _, k := range kits {
		for _, m := range append([]mount{{k.Root, k.errs}}, k.more...) {
			if path == m.root || strings.HasPrefix(path, m.root+"/") {
				return m.errs
			}
		}
	}
	return plainErrors{}
}

// plainErrors answers {"message"} for a path no platform serves.
type plainErrors struct{}

func (plainErrors) writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg})
}

func (plainErrors) writeRateLimited(w http.ResponseWriter, reset time.Time) {
	w.Header().Set("Retry-After", retryAfterSeconds(reset))
	writeJSON(w, http.StatusTooManyRequests, map[string]string{"message": "Too many requests"})
}

// storeOf returns platform's store on s as its type; a platform's file asks
// for its own store, so another type is a bug of the sandbox.
func storeOf[T any](s *Server, platform string) *T {
	st, ok := s.stores[platform].(*T)
	if !ok {
		panic(fmt.Sprintf("sandbox: the store of %s is a %T", platform, s.stores[platform]))
	}
	return st
}
