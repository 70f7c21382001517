#!/usr/bin/env bash
# The regulator's desk end to end with the CLI (Reports/ACCREDITATION.md): an accreditation root,
# two labs (Lab A: Ed25519, smartphone + pc; Lab B: ECDSA P-256, smart-home), real certifications
# of a one-workload suite for three device classes on this machine, then everything a regulator
# does: verify the folder of bundles, an out-of-scope and a revoked one rejected with the step
# named, a comparison page. Prints each command's outcome.
# Usage: Tools/desk/walkthrough.sh [ROOT_ALGORITHM]   (ed25519 or p256, default p256; about 4 minutes)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
algorithm="${1:-p256}"
bin="${AITC_BIN:-$(swift build --show-bin-path)}"
aitc() { "$bin/aitc" "$@"; }
work="${WALKTHROUGH_DIR:-$(mktemp -d /tmp/aitc-walkthrough.XXXXXX)}"
mkdir -p "$work"
cd "$work"
echo "work folder: $work"

# One workload (digits, int8) under each device class, so three certifications take minutes.
sed -n '/^  - id: digits-cnn-int8$/,/scenarios:/p' "$repo/Suites/smart-home.yaml" \
    | sed "s#path: workloads/#path: $repo/Suites/workloads/#g" > workload.yaml
for class in smartphone smart-home pc; do
    { printf 'suite: walkthrough-%s\nversion: 0.1.0\ntitle: digits only, for the desk walkthrough\n' "$class"
      printf 'device_class: %s\nclauses: [QUA-01]\nworkloads:\n' "$class"
      cat workload.yaml; } > "suite-$class.yaml"
done

aitc ca init --name "National AI Terminal Accreditation Body" --out root --algorithm "$algorithm"
aitc keys generate --out labA --algorithm ed25519 >/dev/null
aitc keys generate --out labB --algorithm p256 >/dev/null
aitc ca issue-lab --ca root --lab-key labA.pub --name "Lab A" --device-classes smartphone,pc \
    --families latency,quality,energy,privacy --valid-days 365 --out labA.crt >/dev/null
aitc ca issue-lab --ca root --lab-key labB.pub --name "Lab B" --device-classes smart-home \
    --families latency,quality,energy,privacy --valid-days 365 --out labB.crt >/dev/null
echo "openssl: $(openssl verify -x509_strict -CAfile root.crt labA.crt labB.crt | tr '\n' ' ')"

# (device class, lab): the last one is outside Lab B's scope.
for run in smartphone:labA smart-home:labB pc:labA smartphone:labB; do
    class="${run%%:*}"; lab="${run##*:}"
    start="$(date +%s)"
    aitc certify --suite "suite-$class.yaml" --key "$lab.key" --cert "$lab.crt" --out "out-$class-$lab" \
        --privacy off >"certify-$class-$lab.log" 2>&1 || true
    echo "certify $class by $lab: $(ls out-"$class"-"$lab"/*.sigstore.json | wc -l) bundle(s), $(( $(date +%s) - start )) s"
done

status() { if "$@" >/dev/null 2>err.txt; then echo "accepted"; else echo "exit $?: $(tail -1 err.txt)"; fi; }
echo "verify the three in-scope bundles together: $(status aitc verify out-smartphone-labA/*.sigstore.json \
    out-smart-home-labB/*.sigstore.json out-pc-labA/*.sigstore.json --trust-root root.crt)"
echo "verify smartphone by Lab B:  $(status aitc verify out-smartphone-labB/*.sigstore.json --trust-root root.crt)"
aitc ca revoke --ca root --cert labB.crt --reason keyCompromise >/dev/null
echo "verify smart-home after Lab B's key is revoked: $(status aitc verify out-smart-home-labB/*.sigstore.json \
    --trust-root root.crt --revocations root.revocations.json)"
echo "compare smartphone and pc: $(status aitc compare out-smartphone-labA/*.sigstore.json out-pc-labA/*.sigstore.json \
    --trust-root root.crt --html compare-refused.html)"
echo "compare smartphone with itself: $(status aitc compare out-smartphone-labA/*.sigstore.json \
    out-smartphone-labA/*.sigstore.json --trust-root root.crt --html compare.html)"
aitc report html out-smartphone-labA/*.sigstore.json -o smartphone.html
echo "pages: $work/compare.html $work/compare-refused.html $work/smartphone.html"
