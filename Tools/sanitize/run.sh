#!/usr/bin/env bash
# The device agent and the reference backend built with AddressSanitizer + UndefinedBehaviorSanitizer
# (LeakSanitizer on), then:
#   1. every operator case of Tools/refcheck/check_ops.py against the sanitized refcheck;
#   2. the agent protocol tests (AgentTests, and the tcp agent's hostile-client tests) against the
#      sanitized agent (AITC_AGENT points the tests at it).
# Any sanitizer report fails the run: reports go to .build/sanitize/logs/ and are counted at the end
# (an agent that leaks or overflows exits non-zero only on its own, which some tests do not look at).
#   Tools/sanitize/run.sh            (after `swift build --build-tests`)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
out=.build/sanitize
logs="$repo/$out/logs"
rm -rf "$logs"
mkdir -p "$logs"
cc="${SANITIZE_CC:-$(command -v clang || echo /opt/swift/usr/bin/clang)}"
san="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
ld=""
[ -x "$(dirname "$(readlink -f "$cc")")/ld.lld" ] && ld="-fuse-ld=lld"   # gold warns about ASan's local symbols
make -s -f Tools/cross/Makefile CC="$cc" OUT="$out/agent" EXTRA_CFLAGS="$san" LDFLAGS="-fsanitize=address,undefined $ld" -j2 >/dev/null
OUT="$out/refcheck" CC="$cc" EXTRA_CFLAGS="$san $ld" sh Tools/refcheck/build.sh >/dev/null
export ASAN_OPTIONS="detect_leaks=1:log_path=$logs/asan"
export UBSAN_OPTIONS="print_stacktrace=1:log_path=$logs/ubsan"
status=0
python3 Tools/refcheck/check_ops.py --refcheck "$out/refcheck" | tail -n 1 || status=1
AITC_AGENT="$repo/$out/agent/aitc-agent" swift test --skip-build --filter 'AgentTests|ListenHardeningTests|ConfinementTests' \
    >"$out/swift-test.log" 2>&1 || { tail -n 30 "$out/swift-test.log"; status=1; }
grep -E 'Test run with|passed after|failed after' "$out/swift-test.log" | tail -n 1 || true
reports=$(find "$logs" -type f | wc -l)
echo "sanitize: $reports sanitizer report(s)"
if [ "$reports" != 0 ]; then
    for f in "$logs"/*; do grep -E 'ERROR: |SUMMARY: |runtime error' "$f" | head -n 3; done >&2
    status=1
fi
exit $status
