package acctest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
		feature CLIFeature
		want    string // "" when the test runs
	}{
		{cli(false, "1.11.4"), CLIResourceIdentity, "Terraform 1.11.4 lacks resource identity: this test needs Terraform >= 1.12.0 or OpenTofu >= 1.12.0"},
		{cli(false, "1.12.0"), CLIResourceIdentity, ""},
		{cli(false, "1.14.8"), CLIResourceIdentity, ""},
		{cli(true, "1.11.0"), CLIResourceIdentity, "OpenTofu 1.11.0 lacks resource identity: this test needs Terraform >= 1.12.0 or OpenTofu >= 1.12.0"},
		{cli(true, "1.12.6"), CLIResourceIdentity, ""},
		{cli(false, "1.11.4"), CLIListResources, "Terraform 1.11.4 lacks list resources (terraform query): this test needs Terraform >= 1.14.0 (OpenTofu has no list resources (terraform query) yet)"},
		{cli(false, "1.14.0-rc1"), CLIListResources, ""},
		{cli(false, "1.14.8"), CLIListResources, ""},
		{cli(false, "1.15.0"), CLIListResources, ""},
		// OpenTofu's numbers are its own: 1.14 of OpenTofu is not Terraform 1.14.
		{cli(true, "1.12.6"), CLIListResources, "OpenTofu 1.12.6 lacks list resources (terraform query): this test needs Terraform >= 1.14.0 (OpenTofu has no list resources (terraform query) yet)"},
		{cli(true, "1.14.0"), CLIListResources, "OpenTofu 1.14.0 lacks list resources (terraform query): this test needs Terraform >= 1.14.0 (OpenTofu has no list resources (terraform query) yet)"},
		{cli(false, "1.11.4"), CLIActions, "Terraform 1.11.4 lacks actions: this test needs Terraform >= 1.14.0 (OpenTofu has no actions yet)"},
		{cli(false, "1.14.8"), CLIActions, ""},
		{cli(true, "1.12.6"), CLIActions, "OpenTofu 1.12.6 lacks actions: this test needs Terraform >= 1.14.0 (OpenTofu has no actions yet)"},
		{cli(false, "1.9.8"), CLIEphemeralResources, "Terraform 1.9.8 lacks ephemeral resources: this test needs Terraform >= 1.10.0 or OpenTofu >= 1.11.0"},
		{cli(false, "1.10.0"), CLIEphemeralResources, ""},
		{cli(false, "1.11.4"), CLIEphemeralResources, ""},
		{cli(true, "1.10.7"), CLIEphemeralResources, "OpenTofu 1.10.7 lacks ephemeral resources: this test needs Terraform >= 1.10.0 or OpenTofu >= 1.11.0"},
		{cli(true, "1.12.6"), CLIEphemeralResources, ""},
	} {
		assert.Equal(t, tc.want, tc.cli.lacks(tc.feature), "%s, %s", tc.cli, tc.feature.name)
	}
}

// TestAccDetectCLI checks that the CLI the acceptance tests run is detected
// with the version terraform-plugin-testing sees (`version -json`), and that
// it is OpenTofu exactly when the tests are told to use OpenTofu's registry.
func TestAccDetectCLI(t *testing.T) {
	SkipUnlessAcc(t)
	bin := TerraformCLIPath(t)
	got, err := detectCLI(bin)
	require.NoError(t, err)
	tf, err := tfexec.NewTerraform(t.TempDir(), bin)
	require.NoError(t, err)
	want, _, err := tf.Version(context.Background(), true)
	require.NoError(t, err, "OpenTofu warns on stdout, before the JSON, when its CLI config file "+
		"(TF_CLI_CONFIG_FILE=%q) is missing; make testacc-tofu writes one", os.Getenv("TF_CLI_CONFIG_FILE"))
	t.Logf("the acceptance tests run %s (%s)", got, bin)
	assert.Equal(t, want.String(), got.version.String())
	assert.Equal(t, ProviderHost() == "registry.opentofu.org", got.openTofu,
		"%s with TF_ACC_PROVIDER_HOST=%q", got, os.Getenv("TF_ACC_PROVIDER_HOST"))
}

// TestAccCLIFeature_listResourcesMeansQueryCommand checks the feature table
// against the CLI the tests run: SkipUnlessCLIHas lets list-resource tests run
// exactly when the CLI has the `query` command.
func TestAccCLIFeature_listResourcesMeansQueryCommand(t *testing.T) {
	SkipUnlessAcc(t)
	bin := TerraformCLIPath(t)
	cli, err := detectCLI(bin)
	require.NoError(t, err)
	cmd := exec.Command(bin, "query", "-help")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.CombinedOutput()
	hasQuery := err == nil
	lacks := cli.lacks(CLIListResources)
	assert.Equal(t, hasQuery, lacks == "", "%s: query -help: %v, skip reason %q\n%s", cli, err, lacks, out)
}

// TestAccCLIFeature_actionsAndEphemeralBlocks checks the feature table
// against the CLI the tests run: `validate` of a configuration with an
// `action` block (or an `ephemeral` block) of a provider that is not
// installed fails on the missing provider exactly when the CLI has the
// feature, and on the block itself when it does not.
func TestAccCLIFeature_actionsAndEphemeralBlocks(t *testing.T) {
	SkipUnlessAcc(t)
	bin := TerraformCLIPath(t)
	cli, err := detectCLI(bin)
	require.NoError(t, err)
	for _, tc := range []struct {
		feature CLIFeature
		block   string
	}{
		{CLIActions, "action \"nope_thing\" \"x\" {\n  config {}\n}\n"},
		{CLIEphemeralResources, "ephemeral \"nope_thing\" \"x\" {}\n"},
	} {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tc.block), 0o600))
		cmd := exec.Command(bin, "validate", "-no-color")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
		out, _ := cmd.CombinedOutput()
		unsupported := strings.Contains(string(out), "Unsupported block type")
		lacks := cli.lacks(tc.feature)
		assert.Equal(t, unsupported, lacks != "", "%s, %s: skip reason %q\n%s", cli, tc.feature.name, lacks, out)
	}
}
