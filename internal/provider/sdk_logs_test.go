package provider

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLogsRequested(t *testing.T) {
	for _, tc := range []struct {
		env  []string
		want bool
	}{
		{nil, false},
		{[]string{"PATH=/usr/bin", "HOME=/root", "TF_IN_AUTOMATION=1", "TF_CLI_CONFIG_FILE=x"}, false},
		{[]string{"TF_LOG_PATH=/tmp/tf.log"}, false}, // a path alone logs nothing
		{[]string{"TF_LOG_CORE=TRACE"}, false},       // Terraform's own logs only
		{[]string{"TF_LOG="}, false},                 // empty is unset
		{[]string{"TF_LOG=TRACE"}, true},
		{[]string{"TF_LOG=json"}, true},
		{[]string{"TF_LOG_PROVIDER=DEBUG"}, true},
		{[]string{"TF_LOG_PROVIDER_COMMERCE=INFO"}, true},
		{[]string{"TF_LOG_SDK=OFF"}, true},
		{[]string{"TF_LOG_SDK_FRAMEWORK=DEBUG"}, true},
		{[]string{"TF_LOG_SDK_PROTO=OFF"}, true},
		{[]string{"TF_ACC_LOG_PATH=/tmp/acc.log"}, true},
	} {
		assert.Equal(t, tc.want, logsRequested(tc.env), "%v", tc.env)
	}
}

// TestQuietUnreadSDKLogs: with no log variable set, serving sets the SDK's
// three levels to OFF; once TF_LOG is set, the next server takes its own
// settings back and the SDK logs as it always did; a level the user set
// stays as set.
func TestQuietUnreadSDKLogs(t *testing.T) {
	// An environment asking for no logs; t.Setenv restores each variable.
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); logsRequested([]string{kv}) {
			t.Setenv(k, "")
			_ = os.Unsetenv(k)
		}
	}
	levels := func() map[string]string {
		out := map[string]string{}
		for _, k := range sdkLogLevels {
			out[k], _ = os.LookupEnv(k)
		}
		return out
	}
	off := map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF"}
	unset := map[string]string{"TF_LOG_SDK": "", "TF_LOG_SDK_PROTO": "", "TF_LOG_SDK_FRAMEWORK": ""}

	_, err := NewProtocol6Server("test")()
	assert.NoError(t, err)
	assert.Equal(t, off, levels(), "no log variable set")

	t.Setenv("TF_LOG", "TRACE")
	_, err = NewProtocol6Server("test")()
	assert.NoError(t, err)
	assert.Equal(t, unset, levels(), "TF_LOG set: the SDK logs as it always did")

	_ = os.Unsetenv("TF_LOG")
	quietUnreadSDKLogs()
	assert.Equal(t, off, levels(), "TF_LOG unset again")

	t.Setenv("TF_LOG_SDK_FRAMEWORK", "DEBUG")
	quietUnreadSDKLogs()
	assert.Equal(t, map[string]string{"TF_LOG_SDK": "", "TF_LOG_SDK_PROTO": "", "TF_LOG_SDK_FRAMEWORK": "DEBUG"}, levels(), "a level the user set")
	_ = os.Unsetenv("TF_LOG_SDK_FRAMEWORK")
	quietUnreadSDKLogs()
}
