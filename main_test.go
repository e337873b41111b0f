package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serveEnv makes this test binary run main with -debug: the provider as it
// is built, serving until interrupted, its logs on stderr.
const serveEnv = "COMMERCE_TEST_SERVE_PROVIDER"

func TestMain(m *testing.M) {
	if os.Getenv(serveEnv) == "1" {
		os.Args = []string{os.Args[0], "-debug"}
		main()
		return
	}
	os.Exit(m.Run())
}

// TestSDKLogs_onlyWhenAsked runs main's provider for a terraform validate:
// with no log variable in its environment, the framework's and
// terraform-plugin-go's loggers write nothing (they are off, not merely
// filtered by Terraform); with TF_LOG or TF_LOG_PROVIDER_COMMERCE set, their
// TRACE lines are there as they always were.
func TestSDKLogs_onlyWhenAsked(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	for _, tc := range []struct {
		env  string
		want bool
	}{
		{"", false},
		{"TF_LOG=TRACE", true},
		{"TF_LOG_PROVIDER_COMMERCE=TRACE", true},
	} {
		logs := validateWithProvider(t, tc.env)
		for _, module := range []string{`"@module":"sdk.framework"`, `"@module":"sdk.proto"`} {
			assert.Equal(t, tc.want, strings.Contains(logs, module), "environment %q: %s lines in the provider's log:\n%.2000s", tc.env, module, logs)
		}
	}
}

// validateWithProvider serves the provider with extraEnv (KEY=value, or "")
// and no other log variable, runs terraform init and validate against it,
// and returns what the provider wrote on stderr.
func validateWithProvider(t *testing.T, extraEnv string) string {
	t.Helper()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_LOG") && !strings.HasPrefix(kv, "TF_ACC_LOG") && !strings.HasPrefix(kv, "TF_REATTACH_PROVIDERS") {
			env = append(env, kv)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	provider := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	provider.Env = append(append([]string{}, env...), serveEnv+"=1")
	if extraEnv != "" {
		provider.Env = append(provider.Env, extraEnv)
	}
	var logs syncBuffer
	provider.Stderr = &logs
	stdout, err := provider.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, provider.Start())
	defer func() {
		_ = provider.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = provider.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = provider.Process.Kill()
			<-done
		}
	}()
	reattach := ""
	lines := bufio.NewScanner(stdout)
	for reattach == "" && lines.Scan() {
		if _, v, ok := strings.Cut(lines.Text(), "TF_REATTACH_PROVIDERS='"); ok {
			reattach = strings.TrimSuffix(v, "'")
		}
	}
	require.NotEmpty(t, reattach, "the provider printed no TF_REATTACH_PROVIDERS; its stderr:\n%s", logs.String())
	go func() { _, _ = bufio.NewReader(stdout).WriteTo(new(bytes.Buffer)) }()

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`terraform {
  required_providers {
    commerce = { source = "registry.terraform.io/commercetf/commerce" }
  }
}
resource "commerce_customer" "a" {
  customer_id = "10001"
}
`), 0o600))
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		tf, err = exec.LookPath("terraform")
		require.NoError(t, err, "the terraform CLI is not on PATH and TF_ACC_TERRAFORM_PATH is not set")
	}
	for _, args := range [][]string{{"init", "-input=false"}, {"validate"}} {
		cmd := exec.CommandContext(ctx, tf, append([]string{"-chdir=" + dir}, args...)...)
		cmd.Env = append(append([]string{}, env...), "TF_REATTACH_PROVIDERS="+reattach, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "terraform %s:\n%s", args[0], out)
	}
	return logs.String()
}

// syncBuffer is a bytes.Buffer safe for the writer and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
