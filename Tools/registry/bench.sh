#!/usr/bin/env bash
# Registry load benchmark (prints figures; not a test): makes its own root and two labs, one real
# short certification per lab (the templates), then for SQLite and for PostgreSQL starts
# `aitc registry serve` on loopback with a fresh database and runs Tools/registry/bench.py: N
# generated, validly signed bundles published, then p50/p95 of a filtered listing, a filtered
# comparison and an inclusion proof, at every checkpoint size. Prints, for each size, the
# PostgreSQL/SQLite ratios (the peer measured in the same run) and, between the first and the last
# checkpoint, how each figure scaled. The figures to compare with the issue's targets (>= 500
# publishes/s, comparison p95 < 50 ms at 100k) are printed next to them; nothing here is a test.
#   Tools/registry/bench.sh [N] [THREADS] [CHECKPOINTS]   (default N=2000, THREADS=4, CHECKPOINTS=N)
#   e.g. AITC_BIN=.build/release Tools/registry/bench.sh 100000 8 10000,100000
# DBS="sqlite" or DBS="postgres" runs one database only (then no ratio is printed).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
n="${1:-2000}"
threads="${2:-4}"
checkpoints="${3:-$n}"
dbs="${DBS:-sqlite postgres}"
bin="$(cd "${AITC_BIN:-$(swift build --show-bin-path)}" && pwd)"
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
for kind in $dbs; do
    case "$kind" in
        sqlite) db="sqlite:$work/registry.sqlite" ;;
        postgres) db="${pg_server/\/postgres\?//$pg_db?}" ;;
        *) echo "bench.sh: DBS holds sqlite and/or postgres, not $kind" >&2; exit 64 ;;
    esac
    "$bin/aitc" registry serve --db "$db" --listen 127.0.0.1:0 --trust-root "$work/root.crt" --key "$work/registry.key" \
        > "$work/serve.log" 2>&1 &
    server=$!
    for _ in $(seq 1 600); do grep -q "listening on" "$work/serve.log" && break; sleep 0.2; done
    url="$(sed -n 's/^aitc registry: listening on //p' "$work/serve.log")"
    [ -n "$url" ] || { cat "$work/serve.log" >&2; exit 1; }
    echo "== $kind ($n bundles, checkpoints $checkpoints, $threads clients, $bin)"
    python3 Tools/registry/bench.py "$url" "$n" "${templates[@]}" --threads "$threads" --checkpoints "$checkpoints" \
        --server-pid "$server" $([ "$kind" = postgres ] && echo --database-processes postgres) | tee "$work/$kind.txt"
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
done
runuser -u postgres -- psql -q -c "DROP DATABASE $pg_db" >/dev/null
python3 - "$work" $dbs <<'PY'
import os, re, sys
work, kinds = sys.argv[1], sys.argv[2:]
def figures(kind):
    out = {}
    for line in open(os.path.join(work, kind + ".txt")):
        m = re.match(r"at (\d+): (.*)", line)
        if not m:
            continue
        size, rest = int(m.group(1)), m.group(2)
        row = out.setdefault(size, {})
        if (r := re.search(r"([\d.]+) publishes/s", rest)):
            row["publishes/s"] = float(r.group(1))
        if (r := re.search(r"server CPU ([\d.]+) ms", rest)):
            row["server CPU ms/publish"] = float(r.group(1))
        if (r := re.search(r"postgres CPU ([\d.]+) ms", rest)):
            row["postgres CPU ms/publish"] = float(r.group(1))
        if (r := re.match(r"(.*?): p50 ([\d.]+) ms, p95 ([\d.]+) ms", rest)):
            row[r.group(1) + " p95 ms"] = float(r.group(3))
    return out
data = {kind: figures(kind) for kind in kinds}
for kind in kinds:
    sizes = sorted(data[kind])
    if len(sizes) > 1:
        a, b = data[kind][sizes[0]], data[kind][sizes[-1]]
        print(f"{kind}: scaling {sizes[0]} -> {sizes[-1]} entries (x{sizes[-1] / sizes[0]:.0f}): "
              + "; ".join(f"{k} x{b[k] / a[k]:.2f}" for k in a if k in b and a[k]))
    last = data[kind][sizes[-1]]
    cpu = last.get("server CPU ms/publish")
    database = last.get("postgres CPU ms/publish", 0.0)
    spent = f"server CPU {cpu:.2f} ms" + (f" + postgres CPU {database:.2f} ms" if database else "") if cpu else ""
    bound = (f"; {spent} per publish, so {os.cpu_count()} idle cores running the registry alone "
             f"could do at most {1000 * os.cpu_count() / (cpu + database):.0f} publishes/s (a bound from the CPU time, not a rate measured)") if cpu else ""
    print(f"{kind} at {sizes[-1]}: {last.get('publishes/s', 0):.1f} publishes/s (issue target >= 500){bound}; "
          f"comparison p95 uncached {last.get('filtered comparison of 20 reports, none compared before p95 ms', float('nan')):.1f} ms, "
          f"repeated {last.get('filtered comparison of 20 reports p95 ms', float('nan')):.1f} ms (issue target < 50 ms at 100000)")
if len(kinds) == 2:
    for size in sorted(set(data[kinds[0]]) & set(data[kinds[1]])):
        s, p = data[kinds[0]][size], data[kinds[1]][size]
        print(f"{kinds[1]}/{kinds[0]} at {size}: " + "; ".join(f"{k} {p[k] / s[k]:.2f}" for k in s if k in p and s[k]))
PY
