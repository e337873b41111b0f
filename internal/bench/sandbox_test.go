package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
)

// The sandbox runs in a child process (this test binary, re-executed), so the
// allocations, heap and CPU time measured here are the client's alone, not the
// fake server's JSON encoding. It still talks real HTTP over loopback.
const (
	childEnv        = "COMMERCE_BENCH_SANDBOX_CUSTOMERS"
	childLatencyEnv = "COMMERCE_BENCH_SANDBOX_LATENCY"
)

func TestMain(m *testing.M) {
	runMeteredProvider() // when Terraform started this binary as the provider (scale_bench_test.go)
	if n := os.Getenv(childEnv); n != "" {
		serveChild(n, os.Getenv(childLatencyEnv))
		return
	}
	code := m.Run()
	stopChildren()
	os.Exit(code)
}

// stats is what the child reports about the requests it served since the last reset.
type stats struct {
	Total  int            `json:"total"`
	Conns  int            `json:"conns"`
	Counts map[string]int `json:"counts"`
	// CPU is the child's CPU time since the reset: the fake server's work,
	// which shares this machine's cores with the client.
	CPU time.Duration `json:"cpu"`
}

// serveChild serves a sandbox seeded with n customers per platform on one
// loopback port and a control API (stats, reset) on another, until stdin closes.
func serveChild(n, latency string) {
	count, err := strconv.Atoi(n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bad customer count:", n)
		os.Exit(2)
	}
	sb := sandbox.New(childOptions(count))
	if latency != "" {
		d, err := time.ParseDuration(latency)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bad latency:", latency)
			os.Exit(2)
		}
		sb.SetLatency(d)
	}
	var conns, cpuAtReset atomic.Int64
	api := &http.Server{Handler: sb, ConnState: func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}}
	ctl := http.NewServeMux()
	ctl.HandleFunc("GET /stats", func(w http.ResponseWriter, r *http.Request) {
		st := stats{Total: sb.TotalRequests(), Conns: int(conns.Load()), Counts: map[string]int{},
			CPU: rusage(syscall.RUSAGE_SELF) - time.Duration(cpuAtReset.Load())}
		for _, rq := range sb.Requests() {
			st.Counts[rq.Pattern]++ // the route as registered, method included
		}
		_ = json.NewEncoder(w).Encode(st)
	})
	ctl.HandleFunc("POST /reset", func(w http.ResponseWriter, r *http.Request) {
		sb.ResetCounts()
		conns.Store(0)
		cpuAtReset.Store(int64(rusage(syscall.RUSAGE_SELF)))
	})
	apiLn, err1 := net.Listen("tcp", "127.0.0.1:0")
	ctlLn, err2 := net.Listen("tcp", "127.0.0.1:0")
	if err1 != nil || err2 != nil {
		fmt.Fprintln(os.Stderr, err1, err2)
		os.Exit(1)
	}
	go func() { _ = api.Serve(apiLn) }()
	go func() { _ = http.Serve(ctlLn, ctl) }()
	fmt.Printf("http://%s http://%s\n", apiLn.Addr(), ctlLn.Addr())
	// The parent holds our stdin: when it exits, so do we.
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
}

// childOptions seeds every platform so that its default list returns n
// customers (each kit's SeedFor; the benchmarks' count check catches a
// change to that rule).
func childOptions(n int) sandbox.Options {
	seed := map[string]int{}
	for _, k := range sandbox.Kits() {
		seed[k.Name] = k.SeedFor(n)
	}
	return sandbox.Options{Seed: seed}
}

// remoteSandbox is a child-process sandbox.
type remoteSandbox struct {
	URL     string // API base URL; platforms are mounted under their roots
	control string
	cmd     *exec.Cmd
	stdin   interface{ Close() error }
}

var (
	childMu  sync.Mutex
	children = map[string]*remoteSandbox{}
)

// startChild returns a child sandbox with n customers per platform and the
// given latency, shared by every benchmark that asks for the same pair.
func startChild(tb testing.TB, n int, latency time.Duration) *remoteSandbox {
	tb.Helper()
	key := fmt.Sprintf("%d/%s", n, latency)
	childMu.Lock()
	defer childMu.Unlock()
	if c := children[key]; c != nil {
		return c
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+strconv.Itoa(n), childLatencyEnv+"="+latency.String())
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	require.NoError(tb, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(tb, err)
	require.NoError(tb, cmd.Start())
	line, err := bufio.NewReader(stdout).ReadString('\n')
	urls := strings.Fields(line)
	if err != nil || len(urls) != 2 {
		_ = cmd.Process.Kill()
		tb.Fatalf("sandbox child did not start: %q %v", line, err)
	}
	c := &remoteSandbox{URL: urls[0], control: urls[1], cmd: cmd, stdin: stdin}
	children[key] = c
	return c
}

func stopChildren() {
	childMu.Lock()
	defer childMu.Unlock()
	for k, c := range children {
		_ = c.stdin.Close()
		done := make(chan struct{})
		go func() { _ = c.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = c.cmd.Process.Kill()
		}
		delete(children, k)
	}
}

// Reset clears the child's request log and connection counter.
func (c *remoteSandbox) Reset(tb testing.TB) {
	tb.Helper()
	resp, err := http.Post(c.control+"/reset", "text/plain", nil)
	require.NoError(tb, err)
	_ = resp.Body.Close()
}

// Stats returns what the child served since the last Reset.
func (c *remoteSandbox) Stats(tb testing.TB) stats {
	tb.Helper()
	resp, err := http.Get(c.control + "/stats")
	require.NoError(tb, err)
	defer resp.Body.Close()
	var st stats
	require.NoError(tb, json.NewDecoder(resp.Body).Decode(&st))
	return st
}

// TestChildSandbox keeps the benchmarks' measuring honest and fast to check:
// the child sandbox counts every request and new connection, and Reset
// clears them. The read is sequential, so the client dials exactly once and
// the server has accepted that connection before it serves the first page: a
// concurrent read may leave a spare dial in flight when List returns, which
// the server can accept after the Reset (seen as "after Reset: {Conns:1}" on
// a loaded machine).
func TestChildSandbox(t *testing.T) {
	sb := startChild(t, 120, 0)
	p := platforms[0]
	client := p.client(t, sb.URL, 4, nil)
	read := func() stats {
		t.Helper()
		res, err := customers.List(context.Background(), client, customers.Filter{}, customers.ListOptions{Concurrency: 1})
		require.NoError(t, err)
		st := sb.Stats(t)
		assert.Len(t, res.Customers, 120)
		assert.Equal(t, 3, st.Total, "requests")
		assert.Equal(t, 3, st.Counts[p.listRoute], "requests to %s", p.listRoute)
		return st
	}
	sb.Reset(t)
	assert.Equal(t, 1, read().Conns, "new connections for a sequential read")
	sb.Reset(t)
	st := sb.Stats(t)
	assert.Zero(t, st.Total, "after Reset: %+v", st)
	assert.Zero(t, st.Conns, "after Reset: %+v", st)
	assert.Empty(t, st.Counts, "after Reset: %+v", st)
	// Counting goes on after a Reset, and a kept-alive connection is not new.
	assert.Zero(t, read().Conns, "new connections on the second read: the idle connection is reused")
}
