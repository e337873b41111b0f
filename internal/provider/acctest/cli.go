package acctest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/provider"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// The acceptance tests run one CLI, chosen as terraform-plugin-testing chooses
// it: TF_ACC_TERRAFORM_PATH, else terraform on PATH. It may be Terraform or
// OpenTofu (make testacc-tf114, make testacc-tofu).

// TerraformCLIPath is the CLI the acceptance tests run.
func TerraformCLIPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	require.NoError(t, err, "the terraform CLI is not on PATH and TF_ACC_TERRAFORM_PATH is not set")
	return p
}

// ProviderHost is the registry host the CLI gives a provider source
// without one: terraform-plugin-testing reads it from TF_ACC_PROVIDER_HOST
// (registry.opentofu.org under OpenTofu).
func ProviderHost() string {
	if h := os.Getenv("TF_ACC_PROVIDER_HOST"); h != "" {
		return h
	}
	return "registry.terraform.io"
}

// CLIFeature is a CLI feature some tests need, with the first Terraform and
// OpenTofu releases that have it.
type CLIFeature struct {
	name      string
	terraform string // first Terraform release with the feature
	openTofu  string // first OpenTofu release with it; "" while OpenTofu has none
}

var (
	// Identity schemas, identity in state, import blocks with `identity`.
	CLIResourceIdentity = CLIFeature{name: "resource identity", terraform: "1.12.0", openTofu: "1.12.0"}
	// List resources: `terraform query`, .tfquery.hcl files, -generate-config-out.
	CLIListResources = CLIFeature{name: "list resources (terraform query)", terraform: "1.14.0"}
	// Actions: `action` blocks, `terraform apply -invoke`, `action_trigger`.
	CLIActions = CLIFeature{name: "actions", terraform: "1.14.0"}
	// Ephemeral resources: `ephemeral` blocks, ephemeral values in provider blocks.
	CLIEphemeralResources = CLIFeature{name: "ephemeral resources", terraform: "1.10.0", openTofu: "1.11.0"}
)

// SkipUnlessAcc skips a test that drives the CLI itself unless TF_ACC is
// set, as resource.Test does.
func SkipUnlessAcc(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
}

// SkipUnlessCLIHas skips the test when the CLI the acceptance tests run lacks
// the feature, saying which version it needs. It works for resource.Test
// cases and for tests that drive the CLI themselves (newTerraformCLI) alike,
// and unlike tfversion.SkipBelow it tells OpenTofu from Terraform.
func SkipUnlessCLIHas(t *testing.T, f CLIFeature) {
	t.Helper()
	SkipUnlessAcc(t)
	cli, err := detectCLI(TerraformCLIPath(t))
	require.NoError(t, err)
	if reason := cli.lacks(f); reason != "" {
		t.Skip(reason)
	}
}

// cliVersion is which CLI a binary is, and its version.
type cliVersion struct {
	openTofu bool
	version  *version.Version
}

func (c cliVersion) String() string {
	if c.openTofu {
		return "OpenTofu " + c.version.String()
	}
	return "Terraform " + c.version.String()
}

// lacks says why the CLI lacks the feature, or "" when it has it.
// Prereleases count as their release, as in tfversion.SkipBelow.
func (c cliVersion) lacks(f CLIFeature) string {
	need := fmt.Sprintf("needs Terraform >= %s", f.terraform)
	if f.openTofu != "" {
		need += fmt.Sprintf(" or OpenTofu >= %s", f.openTofu)
	} else {
		need += " (OpenTofu has no " + f.name + " yet)"
	}
	first := f.terraform
	if c.openTofu {
		first = f.openTofu
	}
	if first == "" || c.version.Core().LessThan(version.Must(version.NewVersion(first))) {
		return fmt.Sprintf("%s lacks %s: this test %s", c, f.name, need)
	}
	return ""
}

// cliVersionLine is the first line of `terraform version` and `tofu version`.
var cliVersionLine = regexp.MustCompile(`^(Terraform|OpenTofu) v(\S+)$`)

// parseCLIVersion reads `version` output; lines before the version line (an
// OpenTofu warning about a missing CLI config file) are skipped.
func parseCLIVersion(out []byte) (cliVersion, error) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := cliVersionLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		v, err := version.NewVersion(m[2])
		if err != nil {
			return cliVersion{}, fmt.Errorf("version line %q: %w", sc.Text(), err)
		}
		return cliVersion{openTofu: m[1] == "OpenTofu", version: v}, nil
	}
	return cliVersion{}, fmt.Errorf("no \"Terraform vX.Y.Z\" or \"OpenTofu vX.Y.Z\" line in the version output:\n%s", out)
}

var detectedCLIs sync.Map // path -> cliVersion, so each CLI runs `version` once per test binary

// detectCLI runs `<bin> version` once per binary.
func detectCLI(bin string) (cliVersion, error) {
	if v, ok := detectedCLIs.Load(bin); ok {
		return v.(cliVersion), nil
	}
	cmd := exec.Command(bin, "version")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return cliVersion{}, fmt.Errorf("%s version: %w\n%s", bin, err, out)
	}
	v, err := parseCLIVersion(out)
	if err != nil {
		return cliVersion{}, fmt.Errorf("%s: %w", bin, err)
	}
	detectedCLIs.Store(bin, v)
	return v, nil
}

// GeneratedEmptyText is what `plan -generate-config-out` of the CLI the
// tests run writes for a text attribute that is "" in the imported state:
// Terraform before 1.14 writes null, Terraform 1.14 leaves the line out,
// OpenTofu 1.12 writes "". The resources' docs say the same; the import tests
// check it under each CLI (make test, make testacc-tf114, make testacc-tofu).
func GeneratedEmptyText(t *testing.T) (value string, written bool) {
	t.Helper()
	cli, err := detectCLI(TerraformCLIPath(t))
	require.NoError(t, err)
	switch {
	case cli.openTofu:
		return `""`, true
	case cli.version.Core().LessThan(version.Must(version.NewVersion("1.14.0"))):
		return "null", true
	}
	return "", false
}

// CLI runs the terraform CLI in a temporary directory against this
// provider served in-process, through the reattach mechanism that
// terraform-plugin-testing uses too (no build, no registry).
type CLI struct {
	*tfexec.Terraform
	t        *testing.T
	Dir      string
	out      output
	Reattach *tfexec.ReattachOption
	reattach tfexec.ReattachInfo
}

func NewCLI(t *testing.T) *CLI {
	t.Helper()
	bin := TerraformCLIPath(t)
	// The address the CLI gives "commercetf/commerce": the registry host
	// defaults to registry.terraform.io in Terraform, registry.opentofu.org in
	// OpenTofu; TF_ACC_PROVIDER_HOST says which, as for terraform-plugin-testing.
	providerAddr := ProviderHost() + "/commercetf/commerce"
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig)
	closed := make(chan struct{})
	server, err := provider.NewProtocol6Server("test")()
	require.NoError(t, err)
	go func() {
		err := tf6server.Serve(providerAddr, func() tfprotov6.ProviderServer { return server },
			tf6server.WithDebug(ctx, configCh, closed),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t)) // provider logs only with TF_LOG, as in terraform-plugin-testing
		if !assert.NoError(t, err, "serving the provider") {
			close(configCh)
		}
	}()
	cfg, ok := <-configCh
	if !ok || cfg == nil {
		cancel()
		require.FailNow(t, "the in-process provider did not start")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case <-closed:
		case <-time.After(time.Minute):
			assert.Fail(t, "the in-process provider did not stop within a minute")
		}
	})

	c := &CLI{t: t, Dir: t.TempDir()}
	c.Terraform, err = tfexec.NewTerraform(c.Dir, bin)
	require.NoError(t, err)
	c.SetStdout(&c.out.stdout)
	c.SetStderr(&c.out.stderr)
	c.reattach = tfexec.ReattachInfo{
		providerAddr: {
			Protocol:        string(cfg.Protocol),
			ProtocolVersion: cfg.ProtocolVersion,
			Pid:             cfg.Pid,
			Test:            cfg.Test,
			Addr:            tfexec.ReattachConfigAddr{Network: cfg.Addr.Network(), String: cfg.Addr.String()},
		},
	}
	c.Reattach = tfexec.Reattach(c.reattach)
	return c
}

// Invoke runs `terraform apply -auto-approve -invoke=<address>` (Terraform
// 1.14's actions, which terraform-exec has no option for) against the
// in-process provider, with extra arguments; it returns the command's
// output, which Output then holds too.
func (c *CLI) Invoke(ctx context.Context, address string, extra ...string) (string, error) {
	c.t.Helper()
	return c.Run(ctx, append([]string{"apply", "-auto-approve", "-input=false", "-no-color", "-invoke=" + address}, extra...)...)
}

// Run runs the CLI with args in the test's directory against the
// in-process provider (TF_REATTACH_PROVIDERS, as terraform-exec sets it),
// for commands terraform-exec has no method for.
func (c *CLI) Run(ctx context.Context, args ...string) (string, error) {
	c.t.Helper()
	reattach, err := json.Marshal(c.reattach)
	require.NoError(c.t, err)
	cmd := exec.CommandContext(ctx, TerraformCLIPath(c.t), args...)
	cmd.Dir = c.Dir
	cmd.Env = append(ChildEnviron(), "TF_REATTACH_PROVIDERS="+string(reattach), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	// stdout and stderr apart, as the CLI's other commands keep them
	// (output), and returned one after the other.
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	_, _ = c.out.stdout.Write(stdout.Bytes())
	_, _ = c.out.stderr.Write(stderr.Bytes())
	return stdout.String() + stderr.String(), err
}

func (c *CLI) Write(name, content string) {
	c.t.Helper()
	require.NoError(c.t, os.WriteFile(filepath.Join(c.Dir, name), []byte(content), 0o600))
}

// generated is the configuration plan -generate-config-out wrote to
// generated.tf.
func (c *CLI) Generated() string {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.Dir, "generated.tf"))
	require.NoError(c.t, err)
	return string(b)
}

func (c *CLI) Output() string { return c.out.String() }

// output keeps a CLI's stdout and stderr apart and gives them one after the
// other: written into one buffer from the CLI's two pipes, a line of stdout
// ("Planning failed.") can land inside an error's text on stderr, and a
// loaded machine does it.
type output struct {
	stdout, stderr testutil.SyncBuffer
}

func (o *output) String() string { return o.stdout.String() + o.stderr.String() }

func (o *output) Reset() {
	o.stdout.Reset()
	o.stderr.Reset()
}

// RestoreStdout writes the CLI's stdout into Output again, after a command
// that took it (QueryJSON).
func (c *CLI) RestoreStdout() { c.SetStdout(&c.out.stdout) }

// QueryGenerateConfig runs `terraform query -generate-config-out=generated.tf`
// and returns how many results the list blocks found; an error message of
// the query fails the test. Output holds the CLI's output again afterwards.
func (c *CLI) QueryGenerateConfig(ctx context.Context) int {
	c.t.Helper()
	msgs, err := c.QueryJSON(ctx, c.Reattach, tfexec.GenerateConfigOut("generated.tf"))
	require.NoError(c.t, err)
	found := 0
	for m := range msgs {
		require.NoError(c.t, m.Err, "terraform query -generate-config-out\n%s", c.Output())
		if m.Msg == nil {
			continue
		}
		require.NotEqual(c.t, tfjson.Error, m.Msg.Level(), "terraform query: %s", m.Msg.Message())
		if _, ok := m.Msg.(tfjson.ListResourceFoundMessage); ok {
			found++
		}
	}
	c.RestoreStdout() // QueryJSON took stdout for its messages
	return found
}

// ResetOutput forgets the output so far: Output then holds the next
// commands' only.
func (c *CLI) ResetOutput() { c.out.Reset() }

// NewTracedCLI starts a terraform CLI that logs at TRACE, and so does the
// in-process provider (its log sink reads TF_LOG and TF_LOG_PATH when it
// starts, so the test cannot run in parallel). traced returns the CLI's
// output and both logs, after checking that TRACE logging happened and holds
// the provider's request lines.
func NewTracedCLI(t *testing.T) (tf *CLI, traced func() string) {
	t.Helper()
	logDir := t.TempDir()
	providerLog, coreLog := filepath.Join(logDir, "provider.log"), filepath.Join(logDir, "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", providerLog)
	tf = NewCLI(t)
	require.NoError(t, tf.SetLog("TRACE"))
	require.NoError(t, tf.SetLogPath(coreLog))
	return tf, func() string {
		t.Helper()
		everything := tf.Output()
		for _, f := range []string{providerLog, coreLog} {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			require.Greater(t, len(b), 1000, "%s: TRACE logging happened", filepath.Base(f))
			everything += string(b)
		}
		require.Contains(t, everything, "commerce API request", "the provider's request lines are in the logs")
		return everything
	}
}

// ImportAsPlanned checks that the saved plan imports want resources and
// changes nothing, applies it, and checks that the plan after it is empty.
func (c *CLI) ImportAsPlanned(ctx context.Context, planFile string, want int) {
	c.t.Helper()
	plan, err := c.ShowPlanFile(ctx, planFile, c.Reattach)
	require.NoError(c.t, err, "terraform show")
	require.Len(c.t, plan.ResourceChanges, want, "resource changes in the import plan")
	for _, rc := range plan.ResourceChanges {
		assert.True(c.t, rc.Change.Importing != nil && rc.Change.Actions.NoOp(), "%s: want a no-op import, got %v", rc.Address, rc.Change.Actions)
	}
	require.NoError(c.t, c.Apply(ctx, c.Reattach, tfexec.DirOrPlan(planFile)), "terraform apply (import)\n%s", c.Output())
	changes, err := c.Plan(ctx, c.Reattach)
	require.NoError(c.t, err, c.Output())
	assert.False(c.t, changes, "the plan after the import:\n%s", c.Output())
}

// CLIHeader starts a configuration for the CLI-driving tests: the provider's
// source.
const CLIHeader = `terraform {
  required_providers {
    commerce = { source = "commercetf/commerce" }
  }
}
`

// CommandContext bounds the terraform commands of a test that drives the CLI
// itself: a stuck command fails the test, with its output, before go test's
// timeout stops the whole package; no fixed bound of its own, which a loaded
// machine could cross.
func CommandContext(t *testing.T) context.Context {
	ctx := t.Context()
	if deadline, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-30*time.Second))
		t.Cleanup(cancel)
	}
	return ctx
}
