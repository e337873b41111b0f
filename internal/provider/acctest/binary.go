package acctest

import (
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider"
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
	root, err := moduleRoot()
	if err != nil {
		return dir, err
	}
	cmd.Dir = root
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

// BinaryCLI runs the terraform CLI in a temporary directory with the built
// provider (dev_overrides: no init, no registry).
type BinaryCLI struct {
	*tfexec.Terraform
	t   *testing.T
	dir string
	rc  string
	out output
}

func NewBinaryCLI(t *testing.T) *BinaryCLI {
	t.Helper()
	SkipUnlessAcc(t)
	bin := providerBinaryDir(t)
	c := &BinaryCLI{t: t, dir: t.TempDir()}
	c.rc = filepath.Join(t.TempDir(), "terraformrc")
	require.NoError(t, os.WriteFile(c.rc, fmt.Appendf(nil,
		"provider_installation {\n  dev_overrides {\n    \"commercetf/commerce\" = %q\n  }\n  direct {}\n}\n", bin), 0o600))
	var err error
	c.Terraform, err = tfexec.NewTerraform(c.dir, TerraformCLIPath(t))
	require.NoError(t, err)
	c.SetStdout(&c.out.stdout)
	c.SetStderr(&c.out.stderr)
	c.setEnv(nil)
	return c
}

// setEnv runs the next commands with the test's environment plus env
// (the provider's variables are cleared by TestMain, and the SDK log levels
// the in-process servers set are left out: ChildEnviron).
func (c *BinaryCLI) setEnv(env map[string]string) {
	c.t.Helper()
	all := map[string]string{}
	for _, kv := range ChildEnviron() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			all[k] = v
		}
	}
	maps.Copy(all, env)
	all["TF_CLI_CONFIG_FILE"] = c.rc
	all["CHECKPOINT_DISABLE"] = "1"
	require.NoError(c.t, c.SetEnv(tfexec.CleanEnv(all)))
}

// RunPlan writes main.tf and runs terraform plan with env; it returns the
// plan's output (warnings and errors included) and its error.
func (c *BinaryCLI) RunPlan(config string, env map[string]string) (string, error) {
	c.t.Helper()
	c.write(config)
	c.setEnv(env)
	c.out.Reset()
	_, err := c.Plan(CommandContext(c.t))
	return c.out.String(), err
}

// RunApply writes main.tf and runs terraform apply with env.
func (c *BinaryCLI) RunApply(config string, env map[string]string) (string, error) {
	c.t.Helper()
	c.write(config)
	c.setEnv(env)
	c.out.Reset()
	err := c.Apply(CommandContext(c.t))
	return c.out.String(), err
}

// Prepare writes main.tf and sets env for the commands a test then runs
// through the CLI's own methods (a saved plan, show); Output holds their
// output.
func (c *BinaryCLI) Prepare(config string, env map[string]string) {
	c.t.Helper()
	c.write(config)
	c.setEnv(env)
	c.out.Reset()
}

// Dir is the working directory: main.tf, the state, saved plans.
func (c *BinaryCLI) Dir() string { return c.dir }

// Output is what the commands since the last Prepare, RunPlan or RunApply wrote.
func (c *BinaryCLI) Output() string { return c.out.String() }

func (c *BinaryCLI) write(config string) {
	c.t.Helper()
	require.NoError(c.t, os.WriteFile(filepath.Join(c.dir, "main.tf"), []byte(CLIHeader+config), 0o600))
}

// moduleRoot is the directory of go.mod above the test's working directory
// (the package being tested), where the provider's main package is.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// ChildEnviron is the test process's environment without the SDK log levels
// the provider's in-process servers set in it (provider.QuietedSDKLogLevels):
// what a provider binary the tests start must not inherit, or it would
// decide on them instead of on the test's own log variables.
func ChildEnviron() []string {
	quieted := provider.QuietedSDKLogLevels()
	var out []string
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		if v == "OFF" && slices.Contains(quieted, k) {
			continue
		}
		out = append(out, kv)
	}
	return out
}
