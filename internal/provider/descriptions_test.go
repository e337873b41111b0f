package provider_test

import (
	"bufio"
	"context"
	"fmt"
	"maps"
	"net"
	"net/url"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/provider"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/acctest"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
	"github.com/commercetf/terraform-provider-commerce/internal/sandbox"
	"github.com/commercetf/terraform-provider-commerce/internal/testutil"
)

// TestDescriptions_matchTheWire: a platform's description is what its
// requests do. On every registered platform, against its sandbox, each
// server-side filter set alone reaches the list under the parameter the
// description names, with the value as it is where no hook encodes it, and
// the fake API reads that parameter (a name it does not understand fails);
// each filter the description says the provider applies reaches no
// parameter at all. Every parameter of every list request is one the fake
// API reads.
func TestDescriptions_matchTheWire(t *testing.T) {
	sb, base := acctest.StartSandbox(t, sandbox.Options{Customers: 3})
	for _, p := range tfkit.Platforms {
		kit := sandbox.KitFor(p.Name)
		t.Run(p.Name, func(t *testing.T) {
			client, err := p.Open(testutil.Settings(p.Name, base), testutil.Retries())
			require.NoError(t, err)
			// list reads the list filtered by f and returns its first
			// request as the sandbox recorded it.
			list := func(f customers.Filter) sandbox.Request {
				t.Helper()
				sb.ResetCounts()
				_, err := customers.List(context.Background(), client, f, customers.ListOptions{})
				require.NoError(t, err)
				for _, r := range sb.Requests() {
					if r.Pattern == kit.ListRoute {
						for name := range r.Query {
							assert.Contains(t, r.Read, name, "%s sent %s, which the fake API does not read", p.Name, name)
						}
						return r
					}
				}
				require.FailNow(t, "no list request")
				return sandbox.Request{}
			}
			unfiltered := list(customers.Filter{}).Query
			for _, name := range slices.Sorted(maps.Keys(p.Filters)) {
				s := p.Filters[name]
				f := sampleFilter(t, name, s, sb.Listed(p.Name)[0])
				added := addedParams(list(f).Query, unfiltered)
				if s.Support != customers.SupportServer {
					assert.Empty(t, added, "%s is applied by the provider, yet it reached the wire", name)
					continue
				}
				if !assert.NotEmpty(t, added, "%s is a server-side filter, yet no parameter carries it", name) {
					continue
				}
				for param, values := range added {
					assert.Regexp(t, paramPattern(s.Param), param, "%s is described as %s", name, s.Param)
					if s.Encode == nil && s.Write == nil {
						assert.Equal(t, filterTexts(f, name), values, "%s's value as it is", name)
					}
				}
			}
		})
	}
}

// sampleFilter is a filter with name alone set to a value the platform
// accepts: its first allowed value (asc for sort_order, as the schema
// allows), a listed id, a positive number in other sets, true, or a time.
func sampleFilter(t *testing.T, name string, s customers.FilterSupport, id string) customers.Filter {
	var f customers.Filter
	field := reflect.ValueOf(&f).Elem().FieldByNameFunc(func(n string) bool {
		return strings.EqualFold(n, strings.ReplaceAll(name, "_", ""))
	})
	require.True(t, field.IsValid(), "customers.Filter has no field for %s", name)
	text := "a"
	switch {
	case len(s.Values) > 0:
		text = s.Values[0]
	case name == customers.FilterSortOrder:
		text = "asc"
	}
	switch v := field.Addr().Interface().(type) {
	case **string:
		*v = &text
	case **bool:
		yes := true
		*v = &yes
	case **time.Time:
		when := time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)
		*v = &when
	case *[]string:
		*v = []string{"1"}
		if name == customers.FilterIDs {
			*v = []string{id}
		}
	default:
		require.FailNow(t, fmt.Sprintf("customers.Filter's %s is a %s", name, field.Type()))
	}
	return f
}

// filterTexts are the values of filter name in f as text.
func filterTexts(f customers.Filter, name string) []string {
	field := reflect.ValueOf(f).FieldByNameFunc(func(n string) bool {
		return strings.EqualFold(n, strings.ReplaceAll(name, "_", ""))
	})
	if field.Kind() == reflect.Slice {
		return field.Interface().([]string)
	}
	return []string{fmt.Sprint(field.Elem().Interface())}
}

// addedParams are the parameters of q that are not in base, or differ.
func addedParams(q, base url.Values) url.Values {
	out := url.Values{}
	for name, values := range q {
		if !slices.Equal(values, base[name]) {
			out[name] = values
		}
	}
	return out
}

// paramPattern matches a described parameter name, a part in braces
// ({field}) standing for any text.
func paramPattern(param string) *regexp.Regexp {
	parts := strings.Split(regexp.QuoteMeta(param), `\{`)
	for i := 1; i < len(parts); i++ {
		_, rest, _ := strings.Cut(parts[i], `\}`)
		parts[i] = `[^\]]+` + rest
	}
	return regexp.MustCompile("^" + strings.Join(parts, "") + "$")
}

// TestConfigure_appliesDefaultBaseURL: a provider block without base_url
// talks to its platform's DefaultBaseURL, the settings it names filled in
// (Sellercloud's {server_id}): Configure applies it for every platform that
// has one. A child process (Go reads the proxy settings once per process)
// reads each platform through HTTPS_PROXY set to a fake proxy on loopback,
// which sees the CONNECT for the platform's host and refuses the tunnel:
// nothing leaves the machine.
func TestConfigure_appliesDefaultBaseURL(t *testing.T) {
	settingRef := regexp.MustCompile(`\{([a-z_]+)\}`)
	// configs are the provider blocks without base_url, by the host each
	// must reach.
	configs := map[string]map[string]tftypes.Value{}
	for _, p := range tfkit.Platforms {
		if p.DefaultBaseURL == "" {
			continue
		}
		config := acctest.SandboxConfig(p.Name, "http://unused", nil)
		delete(config, "base_url")
		config["max_retries"] = tftypes.NewValue(tftypes.Number, 0)
		settings := customers.Settings{}
		for _, ref := range settingRef.FindAllStringSubmatch(p.DefaultBaseURL, -1) {
			config[ref[1]] = acctest.StringValue("tt")
			settings[ref[1]] = "tt"
		}
		root, err := url.Parse(p.BaseURL(settings))
		require.NoError(t, err)
		configs[root.Host+":443"] = config
	}
	require.NotEmpty(t, configs)
	if os.Getenv("COMMERCE_DEFAULT_ROOT_CHILD") != "" {
		for _, config := range configs {
			server, err := provider.NewProtocol6Server("test")()
			require.NoError(t, err)
			_, _ = readCustomers(t, server, config, nil) // the proxy refuses: the read fails
		}
		return
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	seen := make(chan string, len(configs))
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			line, _ := bufio.NewReader(conn).ReadString('\n')
			seen <- strings.TrimSpace(line)
			_, _ = conn.Write([]byte("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"))
			_ = conn.Close()
		}
	}()
	cmd := exec.Command(os.Args[0], "-test.run=^TestConfigure_appliesDefaultBaseURL$", "-test.count=1")
	cmd.Env = append(os.Environ(), "COMMERCE_DEFAULT_ROOT_CHILD=1", "HTTPS_PROXY=http://"+ln.Addr().String(), "https_proxy=", "NO_PROXY=", "no_proxy=")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	var connects []string
	for range configs {
		select {
		case line := <-seen:
			connects = append(connects, line)
		case <-time.After(10 * time.Second):
			require.FailNow(t, "a read did not go through HTTPS_PROXY", "seen: %q", connects)
		}
	}
	var want []string
	for host := range configs {
		want = append(want, "CONNECT "+host+" HTTP/1.1")
	}
	assert.ElementsMatch(t, want, connects)
}
