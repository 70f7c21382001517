#!/usr/bin/env bash
# Fuzzes a running registry's HTTP API from its OpenAPI document (Docs/registry-openapi.yaml) with
# schemathesis (PyPI): every generated request must get an answer that is not a 5xx, and every
# answer must follow the document; a schemathesis warning (the document looser than the server, an
# operation never reached) fails it too (Tools/registry/schemathesis.toml). It runs in a temporary
# folder, so its .schemathesis/ cache is left nowhere. Talks only to the address given (loopback).
#
#   Tools/registry/fuzz.sh [URL] [MAX_EXAMPLES]      e.g. Tools/registry/fuzz.sh http://127.0.0.1:8420 200
#
# The registry must hold at least one published bundle: its SHA-256 is the path parameter the reads
# are fuzzed with (Tools/registry/schemathesis.toml). RegistryFuzzTests runs this against a real server.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
url="${1:-http://127.0.0.1:8420}"
examples="${2:-100}"
case "$url" in
    http://127.*|http://localhost*|http://\[::1\]*) ;;
    *) echo "fuzz.sh: only a registry on loopback is fuzzed, not $url" >&2; exit 64 ;;
esac
py="${PYTHON:-python3}"
"$py" -c 'import schemathesis' 2>/dev/null \
    || "$py" -m pip install -q --disable-pip-version-check --root-user-action=ignore -r "$repo/Tools/registry/requirements.txt"
AITC_FUZZ_SHA256="$("$py" - "$url" <<'PY'
import json, sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1] + "/api/v1/bundles?limit=1", timeout=30) as answer:
        entries = json.load(answer)["entries"]
    print(entries[0]["bundle_sha256"] if entries else "")
except Exception:
    print("")
PY
)"
[[ -n "$AITC_FUZZ_SHA256" ]] || { echo "fuzz.sh: $url holds no published bundle (or does not answer); publish one first" >&2; exit 64; }
export AITC_FUZZ_SHA256
cd "$(mktemp -d)"
trap 'rm -rf "$PWD"' EXIT
"$py" -m schemathesis.cli --config-file "$repo/Tools/registry/schemathesis.toml" run "$repo/Docs/registry-openapi.yaml" --url "$url" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$examples" --request-timeout 60
