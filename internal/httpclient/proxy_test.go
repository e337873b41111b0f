package httpclient

import (
	"bufio"
	"context"
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
