package provider

import (
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// Tests of several provider blocks, of the environment and of the provider's
// own log run the provider as Terraform runs a released one: the binary,
// one process per provider block, with the environment Terraform passes on.
// (The in-process test server serves every alias from one instance, so
// aliases would share one configuration, and it reads the test's own
// environment.)

// builtProvider is the provider binary, built once per test run into a
// directory removed when the tests end (removeBuiltProvider).
var builtProvider struct {
	once sync.Once
	dir  string
	err  error
}

// providerBinaryDir builds the provider (go build, cached by the Go build
// cache) and returns the directory that holds it, for dev_overrides.
func providerBinaryDir(t *testing.T) string {
	t.Helper()
	builtProvider.once.Do(func() { builtProvider.dir, builtProvider.err = buildProvider() })
	require.NoError(t, builtProvider.err)
	return builtProvider.dir
}

// buildProvider builds the provider into a new directory shared by every
// test of the run (not a test's own TempDir, which its test removes).
func buildProvider() (string, error) {
	dir, err := os.MkdirTemp("", "commerce-provider-")
	if err != nil {
		return "", err
	}
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-commerce"), ".")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		return dir, fmt.Errorf("go build: %w\n%s", err, out)
	}
	return dir, nil
}

func removeBuiltProvider() {
	if builtProvider.dir != "" {
		_ = os.RemoveAll(builtProvider.dir)
	}
}

// binaryCLI runs the terraform CLI in a temporary directory with the built
// provider (dev_overrides: no init, no registry).
type binaryCLI struct {
	*tfexec.Terraform
	t   *testing.T
	dir string
	rc  string
	out testutil.SyncBuffer
}

func newBinaryCLI(t *testing.T) *binaryCLI {
	t.Helper()
	skipUnlessAcc(t)
	bin := providerBinaryDir(t)
	c := &binaryCLI{t: t, dir: t.TempDir()}
	c.rc = filepath.Join(t.TempDir(), "terraformrc")
	require.NoError(t, os.WriteFile(c.rc, fmt.Appendf(nil,
		"provider_installation {\n  dev_overrides {\n    \"commercetf/commerce\" = %q\n  }\n  direct {}\n}\n", bin), 0o600))
	var err error
	c.Terraform, err = tfexec.NewTerraform(c.dir, terraformCLIPath(t))
	require.NoError(t, err)
	c.SetStdout(&c.out)
	c.SetStderr(&c.out)
	c.setEnv(nil)
	return c
}

// setEnv runs the next commands with the test's environment plus env
// (the provider's variables are cleared by TestMain, and the SDK log levels
// the in-process servers set are left out: childEnviron).
func (c *binaryCLI) setEnv(env map[string]string) {
	c.t.Helper()
	all := map[string]string{}
	for _, kv := range childEnviron() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			all[k] = v
		}
	}
	maps.Copy(all, env)
	all["TF_CLI_CONFIG_FILE"] = c.rc
	all["CHECKPOINT_DISABLE"] = "1"
	require.NoError(c.t, c.SetEnv(tfexec.CleanEnv(all)))
}

// plan writes main.tf and runs terraform plan with env; it returns the
// plan's output (warnings and errors included) and its error.
func (c *binaryCLI) plan(config string, env map[string]string) (string, error) {
	c.t.Helper()
	c.write(config)
	c.setEnv(env)
	c.out.Reset()
	_, err := c.Plan(commandContext(c.t))
	return c.out.String(), err
}

// apply writes main.tf and runs terraform apply with env.
func (c *binaryCLI) apply(config string, env map[string]string) (string, error) {
	c.t.Helper()
	c.write(config)
	c.setEnv(env)
	c.out.Reset()
	err := c.Apply(commandContext(c.t))
	return c.out.String(), err
}

func (c *binaryCLI) write(config string) {
	c.t.Helper()
	require.NoError(c.t, os.WriteFile(filepath.Join(c.dir, "main.tf"), []byte(cliHeader+config), 0o600))
}
