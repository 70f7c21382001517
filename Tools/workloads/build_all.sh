#!/usr/bin/env bash
# Build every workload under Suites/workloads/ from packaged data (no download), reproducibly.
# A workload whose files already exist and match its committed manifest.json digests is skipped.
# Otherwise it is rebuilt in a temp dir; the result is installed only if its digests equal the
# committed manifest (else: non-zero exit listing the differing files; set
# AITC_WORKLOADS_ACCEPT_NEW=1 to install the rebuilt files AND their new manifest anyway).
# Prerequisite: pip install -r Tools/workloads/requirements.txt
set -euo pipefail
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
py="${PYTHON:-python3}"

if ! "$py" -c 'import numpy, scipy, sklearn, onnx, onnxruntime, PIL' 2>/dev/null; then
    echo "build_all: missing python packages; run: $py -m pip install -r Tools/workloads/requirements.txt" >&2
    "$py" -c 'import numpy, scipy, sklearn, onnx, onnxruntime, PIL' >&2 || true
    exit 2
fi
# warn (not fail) when installed versions differ from the pins: digests will probably differ then
"$py" - "$here/requirements.txt" <<'PY' || true
import sys, re
from importlib.metadata import version, PackageNotFoundError
bad = []
for line in open(sys.argv[1]):
    m = re.match(r"\s*([A-Za-z0-9_.-]+)==(\S+)", line)
    if m:
        try:
            v = version(m.group(1))
        except PackageNotFoundError:
            v = "absent"
        if v != m.group(2):
            bad.append(f"{m.group(1)} {v} (pinned {m.group(2)})")
if bad:
    print("build_all: WARNING version differs from requirements.txt: " + ", ".join(bad), file=sys.stderr)
PY

status=0
build_one() {  # name builder extra-args...
    local name="$1" builder="$2"; shift 2
    local dir="$repo/Suites/workloads/$name"
    if [ ! -f "$dir/manifest.json" ]; then
        echo "build_all: $name: no committed manifest at $dir/manifest.json" >&2; status=1; return
    fi
    if "$py" "$here/verify.py" check "$dir" >/dev/null; then
        echo "build_all: $name: up to date (all digests match manifest), skipped"; return
    fi
    echo "build_all: $name: building with $builder ..."
    local tmp; tmp="$(mktemp -d "${TMPDIR:-/tmp}/aitc-wl-$name.XXXXXX")"
    local t0=$SECONDS
    if ! "$py" "$here/$builder" --out "$tmp" "$@" > "$tmp.log" 2>&1; then
        echo "build_all: $name: BUILD FAILED ($builder); log:" >&2; cat "$tmp.log" >&2
        rm -rf "$tmp" "$tmp.log"; status=1; return
    fi
    if "$py" "$here/verify.py" compare "$tmp/manifest.json" "$dir/manifest.json"; then
        cp -f "$tmp"/* "$dir"/
        echo "build_all: $name: built in $((SECONDS - t0))s, digests match the committed manifest"
    elif [ "${AITC_WORKLOADS_ACCEPT_NEW:-0}" = 1 ]; then
        cp -f "$tmp"/* "$dir"/
        echo "build_all: $name: WARNING digests differ from the committed manifest; installed the rebuilt files and manifest (AITC_WORKLOADS_ACCEPT_NEW=1)" >&2
    else
        echo "build_all: $name: rebuilt files differ from the committed manifest (see above; other package" \
             "versions or CPU?). Nothing installed. Set AITC_WORKLOADS_ACCEPT_NEW=1 to accept them." >&2
        status=1
    fi
    rm -rf "$tmp" "$tmp.log"
}

build_one digits build_digits.py
build_one mobilenet build_mobilenet.py
build_one kws build_kws.py            # needs the espeak-ng CLI only when it must rebuild
build_one textenc build_textenc.py
build_one llm build_llm.py
exit $status
