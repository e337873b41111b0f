#!/usr/bin/env bash
# Builds a Terraform or OpenTofu CLI from its Go module on the module proxy, for
# running the acceptance tests under CLIs newer than the machine's (no release
# can be downloaded on the build machines, the module proxy can be reached).
#
#   scripts/build-cli.sh terraform 1.14.8 bin/terraform-1.14.8
#   scripts/build-cli.sh tofu      1.12.6 bin/tofu-1.12.6
#
# Does nothing when OUT already reports VERSION. `go install module@version`
# refuses both modules because their go.mod has replace directives, so this
# downloads the module, builds a writable copy of it with -mod=mod, and sets
# version.dev=no so the binary reports the release version (not "-dev").
# Terraform's module lacks the nested modules its go.mod replaces (nine
# remote-state backends and internal/legacy) and the proxy does not serve
# them: they are dropped from the backend list and go.mod. The local backend,
# which the tests use, stays.
set -euo pipefail

usage() { echo "usage: $0 terraform|tofu VERSION OUT" >&2; exit 2; }
[ $# -eq 3 ] || usage
cli=$1 version=${2#v} out=$3

case $cli in
terraform) module=github.com/hashicorp/terraform main=. ;;
tofu) module=github.com/opentofu/opentofu main=./cmd/tofu ;;
*) usage ;;
esac

# reported_version prints the version the binary at $1 reports, or nothing.
# `version -json` prints {"terraform_version": "X.Y.Z", ...} in both CLIs; a
# CLI config file keeps OpenTofu from printing a warning before the JSON.
reported_version() {
	[ -x "$1" ] || return 0
	local rc
	rc=$(mktemp)
	: >"$rc"
	TF_CLI_CONFIG_FILE=$rc CHECKPOINT_DISABLE=1 "$1" version -json 2>/dev/null |
		sed -n 's/^ *"terraform_version": *"\([^"]*\)".*/\1/p' || true
	rm -f "$rc"
}

if [ "$(reported_version "$out")" = "$version" ]; then
	echo "$out: $cli $version is already built"
	exit 0
fi

mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
build_root=$(dirname "$out")/.cli-build
src=$build_root/$cli-$version
start=$(date +%s)

echo "== $cli $version: downloading $module@v$version"
dir=$(cd / && GOFLAGS= go mod download -json "$module@v$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$dir" ] && [ -d "$dir" ] || { echo "error: go mod download gave no directory for $module@v$version" >&2; exit 1; }

# A fresh writable copy: the module cache is read-only.
rm -rf "$src"
mkdir -p "$build_root"
cp -R "$dir" "$src"
chmod -R u+w "$src"
cd "$src"

if [ "$cli" = terraform ]; then
	init=internal/backend/init/init.go
	missing=()
	for m in $(go mod edit -json | sed -n 's/^[[:space:]]*"Path": "\(github.com\/hashicorp\/terraform\/internal\/[^"]*\)".*/\1/p' | sort -u); do
		[ -d "${m#github.com/hashicorp/terraform/}" ] || missing+=("$m")
	done
	for m in "${missing[@]}"; do
		echo "   dropping $m (not in the module, not served by the proxy)"
		go mod edit -droprequire="$m" -dropreplace="$m"
		# The import line names the package's alias; drop it and every use of it.
		alias=$(sed -n "s#^[[:space:]]*\([A-Za-z0-9_]*\) \"$m\"\$#\1#p" "$init")
		if [ -n "$alias" ]; then
			sed -i -e "\#\"$m\"\$#d" -e "/[^A-Za-z0-9_]$alias\./d" "$init"
		fi
	done
	if [ ${#missing[@]} -gt 0 ] && grep -rl --include='*.go' --exclude='*_test.go' -F -f <(printf '"%s"\n' "${missing[@]}") . >/dev/null; then
		echo "error: non-test code still imports a dropped module:" >&2
		grep -rn --include='*.go' --exclude='*_test.go' -F -f <(printf '"%s"\n' "${missing[@]}") . >&2
		exit 1
	fi
fi

echo "== $cli $version: building (a few minutes)"
GOTOOLCHAIN=local GOFLAGS= CGO_ENABLED=0 go build -mod=mod -buildvcs=false -trimpath \
	-ldflags "-s -w -X $module/version.dev=no" -o "$out.tmp" "$main"
mv "$out.tmp" "$out"

got=$(reported_version "$out")
if [ "$got" != "$version" ]; then
	echo "error: $out reports version '$got', want '$version'" >&2
	exit 1
fi
cd / && rm -rf "$src"
echo "== $out: $cli $version built in $(($(date +%s) - start)) s"
