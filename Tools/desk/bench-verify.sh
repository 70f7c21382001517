#!/usr/bin/env bash
# Verify throughput (bundles/s): `aitc verify BUNDLE --trust-root ROOT` (all eight steps, one
# process per bundle, as a regulator's shell loop runs it) against the peer measured in the same
# run on the same bundles: OpenSSL checking what it can of them (the chain with `openssl verify`
# and the DSSE signature with `openssl pkeyutl`, two processes per bundle, after a Python unpack
# done once outside the timing). Prints both rates and their ratio.
# Usage: Tools/desk/bench-verify.sh [ROUNDS] [BUNDLE ROOT.crt]
#   Without a bundle, creates a root, a lab and one bundle by a short certification (about a minute).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
rounds="${1:-50}"
bin="${AITC_BIN:-$(swift build --show-bin-path)}"
work="$(mktemp -d /tmp/aitc-bench-verify.XXXXXX)"
trap 'rm -rf "$work"' EXIT
if [ $# -ge 3 ]; then
    bundle="$2"; root="$3"
else
    suites="$repo/Suites"
    sed -n '/^  - id: digits-cnn-int8$/,/scenarios:/p' Suites/smart-home.yaml \
        | sed "s#path: workloads/#path: $suites/workloads/#g" > "$work/workload.yaml"
    { printf 'suite: bench-desk\nversion: 0.1.0\ntitle: digits only, for the verify benchmark\n'
      printf 'device_class: smart-home\nclauses: [LAT-02, QUA-01]\nworkloads:\n'
      cat "$work/workload.yaml"; } > "$work/suite.yaml"
    (cd "$work" && "$bin/aitc" ca init --name "Bench Body" --out root >/dev/null \
        && "$bin/aitc" keys generate --out lab >/dev/null \
        && "$bin/aitc" ca issue-lab --ca root --lab-key lab.pub --name "Bench Lab" --device-classes smart-home \
            --families latency,quality,energy,privacy --out lab.crt >/dev/null)
    "$bin/aitc" certify --suite "$work/suite.yaml" --key "$work/lab.key" --cert "$work/lab.crt" --out "$work/out" \
        --privacy off >/dev/null 2>&1 || true
    bundle="$(ls "$work"/out/*.sigstore.json)"; root="$work/root.crt"
fi
"$bin/aitc" verify "$bundle" --trust-root "$root" >/dev/null   # must verify before timing anything
# Unpack once for OpenSSL (not timed): PAE, signature, chain, lab key.
python3 - "$bundle" "$work" <<'PY'
import base64, json, sys
b = json.load(open(sys.argv[1])); d = sys.argv[2]
e = b["dsseEnvelope"]; payload = base64.b64decode(e["payload"]); t = e["payloadType"].encode()
open(d + "/pae.bin", "wb").write(b"DSSEv1 %d %s %d %s" % (len(t), t, len(payload), payload))
open(d + "/sig.bin", "wb").write(base64.b64decode(e["signatures"][0]["sig"]))
open(d + "/chain.pem", "w").write("".join("-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n" % c["rawBytes"]
    for c in b["verificationMaterial"]["x509CertificateChain"]["certificates"]))
PY
openssl x509 -in "$work/chain.pem" -noout -pubkey > "$work/lab.pub"
# Ed25519 signs the PAE itself, ECDSA P-256 its SHA-256 (Reports/SIGNING.md).
digest=()
case "$(openssl pkey -pubin -in "$work/lab.pub" -noout -text | head -1)" in ED25519*) ;; *) digest=(-digest sha256) ;; esac
now() { date +%s.%N; }
start="$(now)"
for _ in $(seq "$rounds"); do "$bin/aitc" verify "$bundle" --trust-root "$root" >/dev/null; done
aitc_s="$(python3 -c "print($(now) - $start)")"
start="$(now)"
for _ in $(seq "$rounds"); do
    openssl verify -CAfile "$root" -untrusted "$work/chain.pem" "$work/chain.pem" >/dev/null
    openssl pkeyutl -verify -pubin -inkey "$work/lab.pub" -rawin "${digest[@]}" -in "$work/pae.bin" -sigfile "$work/sig.bin" >/dev/null
done
openssl_s="$(python3 -c "print($(now) - $start)")"
python3 - "$rounds" "$aitc_s" "$openssl_s" "$bin" "$(stat -c %s "$bundle")" <<'PY'
import sys
n, a, o, b, size = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], int(sys.argv[5])
print(f"bundle: {size} bytes; {n} rounds each; aitc from {b}")
print(f"aitc verify --trust-root (8 steps, 1 process/bundle): {n / a:8.1f} bundles/s  ({1000 * a / n:.1f} ms each)")
print(f"openssl chain + signature (2 processes/bundle):      {n / o:8.1f} bundles/s  ({1000 * o / n:.1f} ms each)")
print(f"ratio aitc/openssl: {o / a:.2f}")
PY
