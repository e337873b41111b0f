// Command commerce-sandbox serves the in-memory fake platform APIs on a
// loopback port, for `make sandbox`, `make demo` and `make testacc-live-sandbox`.
// Its fault flags make the API misbehave on purpose (small pages, 429s, 5xx
// answers, writes applied whose answer is lost, short-lived tokens), so a
// configuration can be rehearsed against them; each platform's kit adds
// flags of its own (its behaviour, such as how long a created account
// stays pending), so this command names no platform; every request is
// logged on stderr.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// config is the command line.
type config struct {
	addr      string
	customers int
	latency   time.Duration
	envFile   string

	pageSizeCap       int
	rateLimitEvery    int
	rateLimitReset    time.Duration
	serverErrorEvery  int
	serverErrorStatus int
	writeBreakEvery   int
	writeErrorEvery   int
	tokenTTL          time.Duration
	logRequests       bool
	// platform are the platforms' own flags, from their sandbox kits, by
	// kit name.
	platform map[string]*sandbox.Switches
}

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "commerce-sandbox:", err)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, ln, os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
}

// parseFlags reads and checks the command line.
func parseFlags(args []string, output io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("commerce-sandbox", flag.ContinueOnError)
	fs.SetOutput(output)
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:0", "loopback address to listen on (port 0 picks a free one)")
	fs.IntVar(&cfg.customers, "customers", 250, "number of seeded customers per platform")
	fs.DurationVar(&cfg.latency, "latency", 0, "delay added to every response")
	fs.StringVar(&cfg.envFile, "env-file", "", "also write the provider's COMMERCE_* settings to this file, as shell exports")
	fs.IntVar(&cfg.pageSizeCap, "page-size-cap", 0, "serve at most this many items per list page (customers, and the lists within a customer a platform pages, such as its subscriptions), whatever page size the client asks for (0 = the platform's own limit)")
	fs.IntVar(&cfg.rateLimitEvery, "rate-limit-every", 0, "answer every Nth request with the platform's 429 (0 = never)")
	fs.DurationVar(&cfg.rateLimitReset, "rate-limit-reset", time.Second, "how long a 429 tells the client to wait")
	fs.IntVar(&cfg.serverErrorEvery, "server-error-every", 0, "answer every Nth request with -server-error-status (0 = never; counted with -rate-limit-every, a request picked by both gets the error)")
	fs.IntVar(&cfg.serverErrorStatus, "server-error-status", http.StatusBadGateway, "the 5xx status of -server-error-every and -write-error-every (502 is retried on every platform; Truto means 503 as final: the account is blocked)")
	writes := strings.Join(sandbox.WriteRoutes(), ", ")
	fs.IntVar(&cfg.writeBreakEvery, "write-break-every", 0, "apply every Nth write, then send half its answer and drop the connection (0 = never); writes are counted on their own: "+writes)
	fs.IntVar(&cfg.writeErrorEvery, "write-error-every", 0, "apply every Nth write, then answer it with -server-error-status instead (0 = never; a write picked by both breaks); a retry under the same idempotency key gets the original answer")
	fs.DurationVar(&cfg.tokenTTL, "token-ttl", 30*time.Minute, "lifetime of the tokens POST /token issues for username and password (the static token never expires)")
	fs.BoolVar(&cfg.logRequests, "log", true, "log one line per request on stderr: method, path, query, status, duration")
	cfg.platform = map[string]*sandbox.Switches{}
	for _, k := range sandbox.Kits() {
		if sw := k.RegisterFlags(fs); sw != nil {
			cfg.platform[k.Name] = sw
		}
	}
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	for _, k := range sandbox.Kits() {
		if err := cfg.platform[k.Name].Check(); err != nil {
			return config{}, err
		}
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments %q: every setting is a flag (see -help)", fs.Args())
	}
	host, _, err := net.SplitHostPort(cfg.addr)
	if err != nil || (host != "localhost" && !net.ParseIP(host).IsLoopback()) {
		return config{}, fmt.Errorf("-addr %q: the sandbox listens on loopback addresses only", cfg.addr)
	}
	for name, n := range map[string]int{"-customers": cfg.customers, "-page-size-cap": cfg.pageSizeCap,
		"-rate-limit-every": cfg.rateLimitEvery, "-server-error-every": cfg.serverErrorEvery,
		"-write-break-every": cfg.writeBreakEvery, "-write-error-every": cfg.writeErrorEvery} {
		if n < 0 {
			return config{}, fmt.Errorf("%s must not be negative, got %d", name, n)
		}
	}
	if cfg.serverErrorStatus < 500 || cfg.serverErrorStatus > 599 {
		return config{}, fmt.Errorf("-server-error-status must be a 5xx status, got %d", cfg.serverErrorStatus)
	}
	if cfg.rateLimitReset <= 0 || cfg.tokenTTL <= 0 || cfg.latency < 0 {
		return config{}, errors.New("-rate-limit-reset and -token-ttl must be positive, -latency not negative")
	}
	return cfg, nil
}

// newSandbox builds the sandbox with the configured customers and faults.
func newSandbox(cfg config) *sandbox.Server {
	n := cfg.customers
	if n == 0 {
		n = -1 // sandbox.Options: 0 takes the default, -1 seeds none
	}
	sb := sandbox.New(sandbox.Options{Customers: n,
		TokenTTL: cfg.tokenTTL})
	sb.SetLatency(cfg.latency)
	sb.SetPageSizeCap(cfg.pageSizeCap)
	sb.SetRateLimit(cfg.rateLimitEvery, cfg.rateLimitReset)
	sb.SetServerErrors(cfg.serverErrorEvery, cfg.serverErrorStatus)
	sb.SetWriteFaults(cfg.writeBreakEvery, cfg.writeErrorEvery, cfg.serverErrorStatus)
	for _, k := range sandbox.Kits() {
		cfg.platform[k.Name].Apply(sb)
	}
	return sb
}

// run prints the settings, writes the env file and serves on ln until ctx is
// done.
func run(ctx context.Context, cfg config, ln net.Listener, stdout, stderr io.Writer) error {
	sb := newSandbox(cfg)
	base := "http://" + ln.Addr().String()
	settings := providerSettings(base)
	printBanner(stdout, cfg, base, sb.Options(), settings)
	if cfg.envFile != "" {
		if err := writeFileAtomically(cfg.envFile, []byte(settings)); err != nil {
			return err
		}
	}
	var handler http.Handler = sb
	if cfg.logRequests {
		handler = logRequests(sb, log.New(stderr, "", log.Ltime|log.Lmicroseconds))
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	// Let requests in flight finish (and log), but not forever.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close()
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// providerSettings are the provider's platform-scoped variables
// (COMMERCE_<PLATFORM>_<SETTING>) for each platform of the sandbox, from its
// kit: each configures only the provider blocks of its platform, so one set
// of exports serves a default block and an alias per other platform.
func providerSettings(base string) string {
	var b strings.Builder
	for _, k := range sandbox.Kits() {
		for _, attr := range kitAttrs(k.Settings(base)) {
			fmt.Fprintf(&b, "export %s=%s\n", platformEnv(k.Name, attr), k.Settings(base)[attr])
		}
	}
	return b.String()
}

// kitAttrs are a kit's settings in the order the banner and the env file
// show them: base_url, then by name.
func kitAttrs(settings map[string]string) []string {
	attrs := []string{"base_url"}
	for _, attr := range slices.Sorted(maps.Keys(settings)) {
		if attr != "base_url" {
			attrs = append(attrs, attr)
		}
	}
	return attrs
}

// platformEnv is the variable that sets attr for provider blocks of
// platform only: COMMERCE_TRUTO_TOKEN.
func platformEnv(platform, attr string) string {
	return customers.PlatformEnv(platform, customers.EnvSuffix(attr))
}

func printBanner(w io.Writer, cfg config, base string, opts sandbox.Options, settings string) {
	fmt.Fprintf(w, "commerce sandbox listening on %s (%d customers per platform)\n", base, cfg.customers)
	if faults := describeFaults(cfg); faults != "" {
		fmt.Fprintf(w, "misbehaving on purpose: %s\n", faults)
	}
	var logins []string
	for _, k := range sandbox.Kits() {
		settings := k.Settings(base)
		attrs := append([]string{"platform"}, kitAttrs(settings)...)
		settings["platform"] = k.Name
		width := len(slices.MaxFunc(attrs, func(a, b string) int { return len(a) - len(b) }))
		fmt.Fprintf(w, "\n%s:\n", k.Title)
		for _, attr := range attrs {
			fmt.Fprintf(w, "  %-*s = %q\n", width, attr, settings[attr])
		}
		for _, l := range k.Logins {
			var parts, env []string
			for _, attr := range slices.Sorted(maps.Keys(l.Settings(base))) {
				if v := l.Settings(base)[attr]; settings[attr] != v {
					parts = append(parts, fmt.Sprintf("%s = %q", attr, v))
					env = append(env, platformEnv(k.Name, attr)+"="+v)
				}
			}
			fmt.Fprintf(w, "  or, with %s: %s (tokens live %s)\n", l.Name, strings.Join(parts, ", "), opts.TokenTTL)
			if k.Default {
				logins = append(logins, fmt.Sprintf("To exercise -token-ttl on %s, also export %s;\n", k.Title, strings.Join(env, " and ")))
			}
		}
		if k.Note != nil {
			fmt.Fprint(w, k.Note(base, opts))
		}
		fmt.Fprint(w, cfg.platform[k.Name].Note())
	}
	fmt.Fprintf(w, "\nThe same settings as environment variables, each for provider blocks of its platform only:\n%s\n", settings)
	for _, l := range logins {
		fmt.Fprint(w, l+"the provider then prefers them to the token, and fetches and renews tokens.\n")
	}
}

// describeFaults says in words which faults are on ("" for none).
func describeFaults(cfg config) string {
	var parts []string
	if cfg.pageSizeCap > 0 {
		parts = append(parts, fmt.Sprintf("pages of at most %d customers", cfg.pageSizeCap))
	}
	if cfg.rateLimitEvery > 0 {
		parts = append(parts, fmt.Sprintf("every %s request answers 429 (wait %s)", ordinal(cfg.rateLimitEvery), cfg.rateLimitReset))
	}
	if cfg.serverErrorEvery > 0 {
		parts = append(parts, fmt.Sprintf("every %s request answers %d", ordinal(cfg.serverErrorEvery), cfg.serverErrorStatus))
	}
	if cfg.writeBreakEvery > 0 {
		parts = append(parts, fmt.Sprintf("every %s write is applied and its answer breaks off", ordinal(cfg.writeBreakEvery)))
	}
	if cfg.writeErrorEvery > 0 {
		parts = append(parts, fmt.Sprintf("every %s write is applied and answered %d", ordinal(cfg.writeErrorEvery), cfg.serverErrorStatus))
	}
	if cfg.latency > 0 {
		parts = append(parts, fmt.Sprintf("%s latency", cfg.latency))
	}
	for _, k := range sandbox.Kits() {
		parts = append(parts, cfg.platform[k.Name].Describe()...)
	}
	return strings.Join(parts, "; ")
}

// ordinal is "single" for 1 (every single request), else 2nd, 3rd, 11th, ...
func ordinal(n int) string {
	switch {
	case n == 1:
		return "single"
	case n%100 >= 11 && n%100 <= 13:
		return fmt.Sprintf("%dth", n)
	case n%10 == 1:
		return fmt.Sprintf("%dst", n)
	case n%10 == 2:
		return fmt.Sprintf("%dnd", n)
	case n%10 == 3:
		return fmt.Sprintf("%drd", n)
	}
	return fmt.Sprintf("%dth", n)
}

// writeFileAtomically writes through a temporary file and a rename, so that a
// reader polling for the file never sees half of it.
func writeFileAtomically(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".commerce-sandbox-env-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
