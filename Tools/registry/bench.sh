#!/usr/bin/env bash
# Registry load benchmark (prints figures; not a test): makes its own root and two labs, one real
# short certification per lab (the templates), then for SQLite and for PostgreSQL starts
# `aitc registry serve` on loopback with a fresh database and runs Tools/registry/bench.py: N
# generated, validly signed bundles published, then p50/p95 of a filtered listing, a comparison and
# an inclusion proof. Prints PostgreSQL/SQLite ratios at the end.
#   Tools/registry/bench.sh [N] [THREADS]          (default N=2000, THREADS=4)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
n="${1:-2000}"
threads="${2:-4}"
bin="${AITC_BIN:-$(swift build --show-bin-path)}"
work="$(mktemp -d /tmp/aitc-bench-registry.XXXXXX)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
suites="$repo/Suites"
sed -n '/^  - id: digits-cnn-int8$/,/scenarios:/p' Suites/smart-home.yaml \
    | sed "s#path: workloads/#path: $suites/workloads/#g" > "$work/workload.yaml"
{ printf 'suite: bench-registry\nversion: 0.1.0\ntitle: digits only, for the registry benchmark\n'
  printf 'device_class: smart-home\nclauses: [LAT-02, QUA-01]\nworkloads:\n'
  cat "$work/workload.yaml"; } > "$work/suite.yaml"
(cd "$work" && "$bin/aitc" ca init --name "Bench Body" --out root >/dev/null && "$bin/aitc" keys generate --out registry >/dev/null)
templates=()
for lab in A B; do
    (cd "$work" && "$bin/aitc" keys generate --out "lab$lab" >/dev/null \
        && "$bin/aitc" ca issue-lab --ca root --lab-key "lab$lab.pub" --name "Bench Lab $lab" --device-classes smart-home \
            --families latency,quality,energy,privacy --out "lab$lab.crt" >/dev/null)
    "$bin/aitc" certify --suite "$work/suite.yaml" --key "$work/lab$lab.key" --cert "$work/lab$lab.crt" --out "$work/out$lab" \
        --privacy off >/dev/null 2>&1 || true
    templates+=("$(ls "$work"/out$lab/*.sigstore.json):$work/lab$lab.key")
done
pg_server="$(bash Tools/registry/postgres.sh)"
pg_db="aitc_bench_$$"
runuser -u postgres -- psql -q -c "CREATE DATABASE $pg_db OWNER aitc" >/dev/null
results=()
for db in "sqlite:$work/registry.sqlite" "${pg_server/\/postgres\?//$pg_db?}"; do
    "$bin/aitc" registry serve --db "$db" --listen 127.0.0.1:0 --trust-root "$work/root.crt" --key "$work/registry.key" \
        > "$work/serve.log" 2>&1 &
    server=$!
    for _ in $(seq 1 600); do grep -q "listening on" "$work/serve.log" && break; sleep 0.2; done
    url="$(sed -n 's/^aitc registry: listening on //p' "$work/serve.log")"
    [ -n "$url" ] || { cat "$work/serve.log" >&2; exit 1; }
    echo "== ${db%%:*} ($n bundles)"
    python3 Tools/registry/bench.py "$url" "$n" "${templates[@]}" --threads "$threads" | tee "$work/${db%%:*}.txt"
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
done
runuser -u postgres -- psql -q -c "DROP DATABASE $pg_db" >/dev/null
python3 - "$work/sqlite.txt" "$work/postgres.txt" <<'PY'
import re, sys
def figures(path):
    text = open(path).read()
    rate = float(re.search(r"([\d.]+) publishes/s", text).group(1))
    return rate, [float(x) for x in re.findall(r"p95 ([\d.]+) ms", text)]
(s_rate, s_p95), (p_rate, p_p95) = figures(sys.argv[1]), figures(sys.argv[2])
print(f"PostgreSQL/SQLite: publish rate {p_rate / s_rate:.2f}; p95 listing {p_p95[0] / s_p95[0]:.2f}, comparison {p_p95[1] / s_p95[1]:.2f}, proof {p_p95[2] / s_p95[2]:.2f}")
PY
