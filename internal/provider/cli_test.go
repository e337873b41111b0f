package provider

import (
	"bufio"
	"bytes"
	"context"
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
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// The acceptance tests run one CLI, chosen as terraform-plugin-testing chooses
// it: TF_ACC_TERRAFORM_PATH, else terraform on PATH. It may be Terraform or
// OpenTofu (make testacc-tf114, make testacc-tofu).

// terraformCLIPath is the CLI the acceptance tests run.
func terraformCLIPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	require.NoError(t, err, "the terraform CLI is not on PATH and TF_ACC_TERRAFORM_PATH is not set")
	return p
}

// acceptanceProviderHost is the registry host the CLI gives a provider source
// without one: terraform-plugin-testing reads it from TF_ACC_PROVIDER_HOST
// (registry.opentofu.org under OpenTofu).
func acceptanceProviderHost() string {
	if h := os.Getenv("TF_ACC_PROVIDER_HOST"); h != "" {
		return h
	}
	return "registry.terraform.io"
}

// cliFeature is a CLI feature some tests need, with the first Terraform and
// OpenTofu releases that have it.
type cliFeature struct {
	name      string
	terraform string // first Terraform release with the feature
	openTofu  string // first OpenTofu release with it; "" while OpenTofu has none
}

var (
	// Identity schemas, identity in state, import blocks with `identity`.
	cliResourceIdentity = cliFeature{name: "resource identity", terraform: "1.12.0", openTofu: "1.12.0"}
	// List resources: `terraform query`, .tfquery.hcl files, -generate-config-out.
	cliListResources = cliFeature{name: "list resources (terraform query)", terraform: "1.14.0"}
)

// skipUnlessAcc skips a test that drives the CLI itself unless TF_ACC is
// set, as resource.Test does.
func skipUnlessAcc(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
}

// skipUnlessCLIHas skips the test when the CLI the acceptance tests run lacks
// the feature, saying which version it needs. It works for resource.Test
// cases and for tests that drive the CLI themselves (newTerraformCLI) alike,
// and unlike tfversion.SkipBelow it tells OpenTofu from Terraform.
func skipUnlessCLIHas(t *testing.T, f cliFeature) {
	t.Helper()
	skipUnlessAcc(t)
	cli, err := detectCLI(terraformCLIPath(t))
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
func (c cliVersion) lacks(f cliFeature) string {
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

func TestParseCLIVersion(t *testing.T) {
	for _, tc := range []struct {
		out      string
		openTofu bool
		version  string
	}{
		{"Terraform v1.11.4\non linux_amd64\n", false, "1.11.4"},
		{"Terraform v1.14.8\non linux_amd64\n+ provider registry.terraform.io/commercetf/commerce v0.1.0\n", false, "1.14.8"},
		{"Terraform v1.15.0-beta1\non linux_amd64\n", false, "1.15.0-beta1"},
		{"OpenTofu v1.12.6\non linux_amd64\n", true, "1.12.6"},
		{"\nWarning: Unable to open CLI configuration file\n\nThe CLI configuration file at \"/x\" does not exist.\n\nOpenTofu v1.12.6\non linux_amd64\n", true, "1.12.6"},
	} {
		got, err := parseCLIVersion([]byte(tc.out))
		require.NoError(t, err, tc.out)
		assert.Equal(t, tc.openTofu, got.openTofu, tc.out)
		assert.Equal(t, tc.version, got.version.String(), tc.out)
	}
	for _, out := range []string{"", "terraform 1.14.8\n", "Terraform v1.x\n", "{\"terraform_version\": \"1.14.8\"}\n"} {
		_, err := parseCLIVersion([]byte(out))
		assert.Error(t, err, "%q", out)
	}
}

func TestCLIVersionLacks(t *testing.T) {
	cli := func(openTofu bool, v string) cliVersion {
		return cliVersion{openTofu: openTofu, version: version.Must(version.NewVersion(v))}
	}
	for _, tc := range []struct {
		cli     cliVersion
		feature cliFeature
		want    string // "" when the test runs
	}{
		{cli(false, "1.11.4"), cliResourceIdentity, "Terraform 1.11.4 lacks resource identity: this test needs Terraform >= 1.12.0 or OpenTofu >= 1.12.0"},
		{cli(false, "1.12.0"), cliResourceIdentity, ""},
		{cli(false, "1.14.8"), cliResourceIdentity, ""},
		{cli(true, "1.11.0"), cliResourceIdentity, "OpenTofu 1.11.0 lacks resource identity: this test needs Terraform >= 1.12.0 or OpenTofu >= 1.12.0"},
		{cli(true, "1.12.6"), cliResourceIdentity, ""},
		{cli(false, "1.11.4"), cliListResources, "Terraform 1.11.4 lacks list resources (terraform query): this test needs Terraform >= 1.14.0 (OpenTofu has no list resources (terraform query) yet)"},
		{cli(false, "1.14.0-rc1"), cliListResources, ""},
		{cli(false, "1.14.8"), cliListResources, ""},
		{cli(false, "1.15.0"), cliListResources, ""},
		// OpenTofu's numbers are its own: 1.14 of OpenTofu is not Terraform 1.14.
		{cli(true, "1.12.6"), cliListResources, "OpenTofu 1.12.6 lacks list resources (terraform query): this test needs Terraform >= 1.14.0 (OpenTofu has no list resources (terraform query) yet)"},
		{cli(true, "1.14.0"), cliListResources, "OpenTofu 1.14.0 lacks list resources (terraform query): this test needs Terraform >= 1.14.0 (OpenTofu has no list resources (terraform query) yet)"},
	} {
		assert.Equal(t, tc.want, tc.cli.lacks(tc.feature), "%s, %s", tc.cli, tc.feature.name)
	}
}

// generatedEmptyText is what `plan -generate-config-out` of the CLI the
// tests run writes for a text attribute that is "" in the imported state:
// Terraform before 1.14 writes null, Terraform 1.14 leaves the line out,
// OpenTofu 1.12 writes "". The resources' docs say the same; the import tests
// check it under each CLI (make test, make testacc-tf114, make testacc-tofu).
func generatedEmptyText(t *testing.T) (value string, written bool) {
	t.Helper()
	cli, err := detectCLI(terraformCLIPath(t))
	require.NoError(t, err)
	switch {
	case cli.openTofu:
		return `""`, true
	case cli.version.Core().LessThan(version.Must(version.NewVersion("1.14.0"))):
		return "null", true
	}
	return "", false
}

// TestAccDetectCLI checks that the CLI the acceptance tests run is detected
// with the version terraform-plugin-testing sees (`version -json`), and that
// it is OpenTofu exactly when the tests are told to use OpenTofu's registry.
func TestAccDetectCLI(t *testing.T) {
	skipUnlessAcc(t)
	bin := terraformCLIPath(t)
	got, err := detectCLI(bin)
	require.NoError(t, err)
	tf, err := tfexec.NewTerraform(t.TempDir(), bin)
	require.NoError(t, err)
	want, _, err := tf.Version(context.Background(), true)
	require.NoError(t, err, "OpenTofu warns on stdout, before the JSON, when its CLI config file "+
		"(TF_CLI_CONFIG_FILE=%q) is missing; make testacc-tofu writes one", os.Getenv("TF_CLI_CONFIG_FILE"))
	t.Logf("the acceptance tests run %s (%s)", got, bin)
	assert.Equal(t, want.String(), got.version.String())
	assert.Equal(t, acceptanceProviderHost() == "registry.opentofu.org", got.openTofu,
		"%s with TF_ACC_PROVIDER_HOST=%q", got, os.Getenv("TF_ACC_PROVIDER_HOST"))
}

// TestAccCLIFeature_listResourcesMeansQueryCommand checks the feature table
// against the CLI the tests run: skipUnlessCLIHas lets list-resource tests run
// exactly when the CLI has the `query` command.
func TestAccCLIFeature_listResourcesMeansQueryCommand(t *testing.T) {
	skipUnlessAcc(t)
	bin := terraformCLIPath(t)
	cli, err := detectCLI(bin)
	require.NoError(t, err)
	cmd := exec.Command(bin, "query", "-help")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.CombinedOutput()
	hasQuery := err == nil
	lacks := cli.lacks(cliListResources)
	assert.Equal(t, hasQuery, lacks == "", "%s: query -help: %v, skip reason %q\n%s", cli, err, lacks, out)
}

// terraformCLI runs the terraform CLI in a temporary directory against this
// provider served in-process, through the reattach mechanism that
// terraform-plugin-testing uses too (no build, no registry).
type terraformCLI struct {
	*tfexec.Terraform
	t        *testing.T
	dir      string
	out      testutil.SyncBuffer // the CLI's stdout and stderr, written from two goroutines
	reattach *tfexec.ReattachOption
}

func newTerraformCLI(t *testing.T) *terraformCLI {
	t.Helper()
	bin := terraformCLIPath(t)
	// The address the CLI gives "commercetf/commerce": the registry host
	// defaults to registry.terraform.io in Terraform, registry.opentofu.org in
	// OpenTofu; TF_ACC_PROVIDER_HOST says which, as for terraform-plugin-testing.
	providerAddr := acceptanceProviderHost() + "/commercetf/commerce"
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig)
	closed := make(chan struct{})
	server, err := NewProtocol6Server("test")()
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

	c := &terraformCLI{t: t, dir: t.TempDir()}
	c.Terraform, err = tfexec.NewTerraform(c.dir, bin)
	require.NoError(t, err)
	c.SetStdout(&c.out)
	c.SetStderr(&c.out)
	c.reattach = tfexec.Reattach(map[string]tfexec.ReattachConfig{
		providerAddr: {
			Protocol:        string(cfg.Protocol),
			ProtocolVersion: cfg.ProtocolVersion,
			Pid:             cfg.Pid,
			Test:            cfg.Test,
			Addr:            tfexec.ReattachConfigAddr{Network: cfg.Addr.Network(), String: cfg.Addr.String()},
		},
	})
	return c
}

func (c *terraformCLI) write(name, content string) {
	c.t.Helper()
	require.NoError(c.t, os.WriteFile(filepath.Join(c.dir, name), []byte(content), 0o600))
}

// generated is the configuration plan -generate-config-out wrote to
// generated.tf.
func (c *terraformCLI) generated() string {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.dir, "generated.tf"))
	require.NoError(c.t, err)
	return string(b)
}

func (c *terraformCLI) output() string { return c.out.String() }

// newTracedCLI starts a terraform CLI that logs at TRACE, and so does the
// in-process provider (its log sink reads TF_LOG and TF_LOG_PATH when it
// starts, so the test cannot run in parallel). traced returns the CLI's
// output and both logs, after checking that TRACE logging happened and holds
// the provider's request lines.
func newTracedCLI(t *testing.T) (tf *terraformCLI, traced func() string) {
	t.Helper()
	logDir := t.TempDir()
	providerLog, coreLog := filepath.Join(logDir, "provider.log"), filepath.Join(logDir, "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", providerLog)
	tf = newTerraformCLI(t)
	require.NoError(t, tf.SetLog("TRACE"))
	require.NoError(t, tf.SetLogPath(coreLog))
	return tf, func() string {
		t.Helper()
		everything := tf.output()
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

// importAsPlanned checks that the saved plan imports want resources and
// changes nothing, applies it, and checks that the plan after it is empty.
func (c *terraformCLI) importAsPlanned(ctx context.Context, planFile string, want int) {
	c.t.Helper()
	plan, err := c.ShowPlanFile(ctx, planFile, c.reattach)
	require.NoError(c.t, err, "terraform show")
	require.Len(c.t, plan.ResourceChanges, want, "resource changes in the import plan")
	for _, rc := range plan.ResourceChanges {
		assert.True(c.t, rc.Change.Importing != nil && rc.Change.Actions.NoOp(), "%s: want a no-op import, got %v", rc.Address, rc.Change.Actions)
	}
	require.NoError(c.t, c.Apply(ctx, c.reattach, tfexec.DirOrPlan(planFile)), "terraform apply (import)\n%s", c.output())
	changes, err := c.Plan(ctx, c.reattach)
	require.NoError(c.t, err, c.output())
	assert.False(c.t, changes, "the plan after the import:\n%s", c.output())
}

// cliHeader starts a configuration for the CLI-driving tests: the provider's
// source.
const cliHeader = `terraform {
  required_providers {
    commerce = { source = "commercetf/commerce" }
  }
}
`

// commandContext bounds the terraform commands of a test that drives the CLI
// itself: a stuck command fails the test, with its output, before go test's
// timeout stops the whole package; no fixed bound of its own, which a loaded
// machine could cross.
func commandContext(t *testing.T) context.Context {
	ctx := t.Context()
	if deadline, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-30*time.Second))
		t.Cleanup(cancel)
	}
	return ctx
}
