package provider

import (
	"os"
	"slices"
	"strings"
	"sync"
)

// terraform-plugin-log runs the SDK's loggers (terraform-plugin-go's and the
// framework's) at TRACE unless TF_LOG_SDK, TF_LOG_SDK_PROTO and
// TF_LOG_SDK_FRAMEWORK say otherwise, and it reads them for every request:
// every plan modifier and validator of every attribute builds a JSON line
// and sends it to Terraform, which drops it unless TF_LOG is set. A CPU
// profile of a 1,000-resource plan put 40% of the provider's CPU there.
// Turning only TF_LOG_SDK off is not enough: a subsystem without its own
// level still builds each line's fields before the root logger drops it.
//
// So when the environment Terraform passes on asks for no provider logs,
// quietUnreadSDKLogs sets the three levels to OFF before the server serves;
// when it asks for any, nothing changes. The environment variables are
// terraform-plugin-log's documented way to set these levels: there is no
// option of the framework's or terraform-plugin-go's server for it.

// sdkLogLevels are the SDK loggers' level variables set to OFF.
var sdkLogLevels = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}

// logsRequested reports whether an environment (KEY=value entries) asks
// for the provider's logs: TF_LOG, TF_LOG_PROVIDER, TF_LOG_PROVIDER_*,
// TF_LOG_SDK*, or TF_ACC_LOG_PATH (terraform-plugin-testing logs the
// provider at TRACE into that file). An empty value is not set, as for
// Terraform.
func logsRequested(environ []string) bool {
	for _, kv := range environ {
		k, v, _ := strings.Cut(kv, "=")
		if v == "" {
			continue
		}
		if k == "TF_LOG" || k == "TF_LOG_PROVIDER" || k == "TF_ACC_LOG_PATH" ||
			strings.HasPrefix(k, "TF_LOG_PROVIDER_") || strings.HasPrefix(k, "TF_LOG_SDK") {
			return true
		}
	}
	return false
}

// quietUnreadSDKLogs sets the SDK loggers' levels to OFF when the
// environment asks for no logs. The levels it set itself are taken back
// first, so a process that serves again (the acceptance tests, one server
// per test) decides on the environment as it is then: a test that sets
// TF_LOG gets the logs.
func quietUnreadSDKLogs() {
	sdkLogsQuieted.Lock()
	defer sdkLogsQuieted.Unlock()
	if sdkLogsQuieted.byUs {
		for _, k := range sdkLogLevels {
			if os.Getenv(k) == "OFF" { // not set anew since
				_ = os.Unsetenv(k)
			}
		}
		sdkLogsQuieted.byUs = false
	}
	if logsRequested(os.Environ()) {
		return
	}
	for _, k := range sdkLogLevels {
		_ = os.Setenv(k, "OFF")
	}
	sdkLogsQuieted.byUs = true
}

var sdkLogsQuieted struct {
	sync.Mutex
	byUs bool
}

// QuietedSDKLogLevels are the SDK loggers' level variables this process set
// to OFF itself (none when it did not): a provider binary a test starts
// must not inherit them (acctest.ChildEnviron).
func QuietedSDKLogLevels() []string {
	sdkLogsQuieted.Lock()
	defer sdkLogsQuieted.Unlock()
	if !sdkLogsQuieted.byUs {
		return nil
	}
	return slices.Clone(sdkLogLevels)
}
