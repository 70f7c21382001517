#!/usr/bin/env bash
# Generates the registry server's types and protocol from its source of truth, the OpenAPI document
# Docs/registry-openapi.yaml, with swift-openapi-generator 1.14.3 (settings in
# Tools/registry/openapi-generator-config.yaml), formats them as .swift-format says, and compares
# them with the committed Sources/RegistryServer/Generated. The generated code is committed so that
# the package's own build never builds the generator.
#
#   Tools/registry/regenerate-openapi.sh           exit 0 when the committed code is what the document
#                                                  generates, 1 (with the diff) when it drifted
#   Tools/registry/regenerate-openapi.sh --write   replace the committed code with the generated one
#
# The generator is built once (release) in $AITC_OPENAPI_GENERATOR_DIR (default
# ~/.cache/aitc-openapi-generator-1.14.3) from the package mirror git reads github.com from.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
write=0
case "${1:-}" in
    --write) write=1 ;;
    "") ;;
    *) echo "usage: Tools/registry/regenerate-openapi.sh [--write]" >&2; exit 64 ;;
esac
version=1.14.3
generator_dir="${AITC_OPENAPI_GENERATOR_DIR:-$HOME/.cache/aitc-openapi-generator-$version}"
generator="$generator_dir/.build/release/swift-openapi-generator"
if [[ ! -x "$generator" ]]; then
    if [[ ! -d "$generator_dir/.git" ]]; then
        rm -rf "$generator_dir"
        git clone --quiet --depth 1 --branch "$version" https://github.com/apple/swift-openapi-generator "$generator_dir" 2>/dev/null \
            || { echo "regenerate-openapi: cannot clone swift-openapi-generator $version into $generator_dir" >&2; exit 64; }
    fi
    (cd "$generator_dir" && swift build -c release --product swift-openapi-generator >/dev/null) \
        || { echo "regenerate-openapi: swift-openapi-generator $version did not build in $generator_dir" >&2; exit 64; }
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$generator" generate Docs/registry-openapi.yaml \
    --config Tools/registry/openapi-generator-config.yaml --output-directory "$out" >/dev/null
for file in "$out"/*.swift; do
    swift format format --in-place --configuration .swift-format "$file"
done
committed=Sources/RegistryServer/Generated
if (( write )); then
    mkdir -p "$committed"
    rm -f "$committed"/*.swift
    cp "$out"/*.swift "$committed"/
    echo "regenerate-openapi: wrote $(ls "$out" | tr '\n' ' ')into $committed"
    exit 0
fi
if ! diff -ru "$committed" "$out" >"$out.diff"; then
    echo "regenerate-openapi: $committed is not what Docs/registry-openapi.yaml generates (run Tools/registry/regenerate-openapi.sh --write and commit):" >&2
    head -n 80 "$out.diff" >&2
    rm -f "$out.diff"
    exit 1
fi
rm -f "$out.diff"
echo "regenerate-openapi: $committed matches Docs/registry-openapi.yaml"
