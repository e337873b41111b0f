package httpclient

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDo_honoursHTTPSProxy runs a request to an https API root in a child
// process with HTTPS_PROXY pointing at a fake proxy on loopback (Go reads the
// proxy settings once per process), and checks that the request went to the
// proxy as a CONNECT for the API's host. Nothing leaves the machine: the fake
// proxy refuses the tunnel.
func TestDo_honoursHTTPSProxy(t *testing.T) {
	if os.Getenv("COMMERCE_PROXY_CHILD") != "" {
		c, err := New(Config{BaseURL: "https://api.sellercloud.invalid/rest/api", MaxRetries: 0, Timeout: 5 * time.Second})
		require.NoError(t, err)
		_ = c.Do(context.Background(), Request{Method: "GET", Path: "/Customers"}, nil)
		return
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	seen := make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		line, _ := bufio.NewReader(conn).ReadString('\n')
		seen <- strings.TrimSpace(line)
		_, _ = conn.Write([]byte("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"))
	}()

	cmd := exec.Command(os.Args[0], "-test.run=^TestDo_honoursHTTPSProxy$", "-test.count=1")
	cmd.Env = append(os.Environ(), "COMMERCE_PROXY_CHILD=1", "HTTPS_PROXY=http://"+ln.Addr().String(), "https_proxy=", "NO_PROXY=", "no_proxy=")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	select {
	case line := <-seen:
		assert.Equal(t, "CONNECT api.sellercloud.invalid:443 HTTP/1.1", line)
	case <-time.After(5 * time.Second):
		require.FailNow(t, "the request did not go through HTTPS_PROXY")
	}
}

// TestDo_proxyRefusalNamesTheProxy runs requests through a proxy that
// refuses every CONNECT (HTTP 403), given with user info in HTTPS_PROXY, and
// through one that cannot be reached, in a child process (Go reads the
// proxy settings once per process). The errors say the proxy failed,
// naming its host and port and the variable, never its user info; a
// refusal is one attempt, not retried.
func TestDo_proxyRefusalNamesTheProxy(t *testing.T) {
	if os.Getenv("COMMERCE_PROXY_CHILD") != "" {
		c, err := New(Config{BaseURL: "https://api.sellercloud.invalid/rest/api", MaxRetries: 2, BackoffBase: time.Millisecond, Timeout: 5 * time.Second})
		require.NoError(t, err)
		ctx, counter := CountRequests(context.Background())
		err = c.Do(ctx, Request{Method: "POST", Path: "/token", Idempotent: true, NoAuth: true}, nil)
		var pe *ProxyError
		require.ErrorAs(t, err, &pe)
		fmt.Printf("ERROR=%s\nATTEMPTS=%d\n", err, counter.Counts().Requests)
		return
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			_, _ = bufio.NewReader(conn).ReadString('\n')
			_, _ = conn.Write([]byte("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"))
			_ = conn.Close()
		}
	}()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	unreachable := closed.Addr().String()
	require.NoError(t, closed.Close())

	run := func(proxy string) string {
		cmd := exec.Command(os.Args[0], "-test.run=^TestDo_proxyRefusalNamesTheProxy$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "COMMERCE_PROXY_CHILD=1", "HTTPS_PROXY="+proxy, "https_proxy=", "NO_PROXY=", "no_proxy=")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
		return string(out)
	}
	out := run("http://proxyuser:proxypass@" + ln.Addr().String())
	assert.Contains(t, out, "ERROR=api.sellercloud.invalid: POST /token: the proxy "+ln.Addr().String()+" (from HTTPS_PROXY) refused to open a tunnel to "+
		"api.sellercloud.invalid:443: HTTP 403 Forbidden; the request did not reach the API")
	assert.Contains(t, out, "ATTEMPTS=1\n", "a refusal is final")
	assert.NotContains(t, out, "proxyuser")
	assert.NotContains(t, out, "proxypass")

	out = run("http://" + unreachable)
	assert.Contains(t, out, "ERROR=api.sellercloud.invalid: POST /token: the proxy "+unreachable+" (from HTTPS_PROXY) failed before the request reached "+
		"api.sellercloud.invalid:443: ")
	assert.Contains(t, out, "connection refused")
	assert.Contains(t, out, "ATTEMPTS=3\n", "an unreachable proxy is retried")
}
