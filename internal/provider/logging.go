package provider

import (
	"context"
	"reflect"
	"runtime"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
)

// The HTTP layer's lines go to their own tflog subsystem, so that they can be
// seen (or silenced) apart from the provider's other lines and the
// framework's: their @module is commerce.http, and
// TF_LOG_PROVIDER_COMMERCE_HTTP sets their level (TF_LOG_PROVIDER_COMMERCE
// sets the provider's other lines', TF_LOG_SDK the framework's).

const (
	// httpSubsystem is the subsystem of the HTTP lines.
	httpSubsystem = "http"
	// providerLogEnv is the variable of the provider's own log level
	// (terraform-plugin-go names it after the registry address); with the
	// subsystem's name appended, TF_LOG_PROVIDER_COMMERCE_HTTP, the HTTP
	// lines'.
	providerLogEnv = "TF_LOG_PROVIDER_COMMERCE"
)

// httpclientPackage prefixes the functions of the HTTP layer.
var httpclientPackage = reflect.TypeFor[httpclient.Client]().PkgPath() + "."

// tflogLogger writes the HTTP layer's lines to the http subsystem at their
// level, with @caller at the code that made the request (the platform's
// client), not at this adapter. The client has masked every secret already;
// tflog masks them once more (the set grows with every issued token, so it
// is read per line).
func tflogLogger(secrets *httpclient.Secrets) httpclient.Logger {
	return func(ctx context.Context, level httpclient.Level, msg string, fields map[string]any) {
		ctx = tflog.NewSubsystem(ctx, httpSubsystem,
			tflog.WithAdditionalLocationOffset(requestCaller()),
			tflog.WithLevelFromEnv(providerLogEnv, strings.ToUpper(httpSubsystem)),
			tflog.WithRootFields())
		masked := secrets.List()
		ctx = tflog.SubsystemMaskMessageStrings(ctx, httpSubsystem, masked...)
		ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, httpSubsystem, masked...)
		switch level {
		case httpclient.LevelWarn:
			tflog.SubsystemWarn(ctx, httpSubsystem, msg, fields)
		case httpclient.LevelInfo:
			tflog.SubsystemInfo(ctx, httpSubsystem, msg, fields)
		default:
			tflog.SubsystemDebug(ctx, httpSubsystem, msg, fields)
		}
	}
}

// requestCaller is how many frames above the logger the code that made the
// request is: the first frame outside the HTTP layer. tflog's location
// offset counts from the function that calls it, the logger.
func requestCaller() int {
	pcs := make([]uintptr, 64)
	// Skip runtime.Callers, requestCaller and the logger itself.
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	for depth := 1; ; depth++ {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, httpclientPackage) {
			return depth
		}
		if !more {
			return 0
		}
	}
}
