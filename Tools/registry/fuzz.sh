#!/usr/bin/env bash
# Fuzzes a running registry's HTTP API from its OpenAPI document (Docs/registry-openapi.yaml) with
# schemathesis (PyPI): every generated request must get an answer that is not a 5xx, and every
# answer must follow the document. Talks only to the address given (default loopback).
#
#   Tools/registry/fuzz.sh [URL] [MAX_EXAMPLES]      e.g. Tools/registry/fuzz.sh http://127.0.0.1:8420 200
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
exec "$py" -m schemathesis.cli run "$repo/Docs/registry-openapi.yaml" --url "$url" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$examples" --request-timeout 60
