#!/usr/bin/env bash
# Builds the libFuzzer targets (Tools/fuzz/fuzz_*.c) with ASan + UBSan (LeakSanitizer on) and runs each
# one for a bounded time, starting from its committed seed corpus (Tools/fuzz/corpus/TARGET; new
# inputs go to .build/fuzz/work, never into the repo). Every seed is executed first, so a regression
# input committed there (e.g. the node with only a domain, which leaked) fails the run by itself.
#
#   Tools/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default 25 s; onnx npy protocol)
#
# One line per target: executions, crashes (0 or the libFuzzer exit), corpus size. Exit 1 on a crash,
# a sanitizer report or a leak; the reproducer is left in .build/fuzz/artifacts/TARGET/.
# The mutation seed is fixed (FUZZ_SEED, default 1) so that CI replays one sequence and a red run is
# reproducible; FUZZ_SEED=0 lets libFuzzer draw one for exploratory runs.
# The compiler: $FUZZ_CC, else the Swift toolchain's clang (it ships libFuzzer), else clang on PATH.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
seconds="${1:-25}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(onnx npy protocol)

supports_fuzzer() {
    printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$out/probe.c"
    "$1" -fsanitize=fuzzer,address,undefined "$out/probe.c" -o "$out/probe" >/dev/null 2>&1
}
out=.build/fuzz
mkdir -p "$out"
cc=""
for candidate in "${FUZZ_CC:-}" "$(dirname "$(readlink -f "$(command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)")")/clang" /opt/swift/usr/bin/clang "$(command -v clang || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && supports_fuzzer "$candidate"; then cc="$candidate"; break; fi
done
if [ -z "$cc" ]; then
    echo "fuzz: no clang with libFuzzer found (set FUZZ_CC)" >&2
    exit 1
fi

lld=()
[ -x "$(dirname "$cc")/ld.lld" ] && lld=(-fuse-ld=lld)
flags=("${lld[@]}" -std=c99 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
       -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -Wno-unused-parameter
       -I Sources/CAitcBackendABI/include -I Sources/CAitcReference/include -I Sources/CAitcReference -I Sources/aitc-agent)
agent_sources=()
for f in Sources/aitc-agent/*.c; do [ "$f" = Sources/aitc-agent/main.c ] || agent_sources+=("$f"); done
build() {
    case "$1" in
        onnx) "$cc" "${flags[@]}" Tools/fuzz/fuzz_onnx.c Sources/CAitcReference/*.c -o "$out/fuzz_onnx" -lm -lpthread ;;
        npy) "$cc" "${flags[@]}" Tools/fuzz/fuzz_npy.c Sources/aitc-agent/npy.c Sources/aitc-agent/agent_error.c -o "$out/fuzz_npy" ;;
        protocol) "$cc" "${flags[@]}" $(pkg-config --cflags json-c) Tools/fuzz/fuzz_protocol.c "${agent_sources[@]}" \
                      Sources/CAitcReference/*.c -o "$out/fuzz_protocol" -ljson-c -lsodium -ldl -lm -lpthread ;;
        *) echo "fuzz: unknown target $1" >&2; return 1 ;;
    esac
}

status=0
for t in "${targets[@]}"; do
    build "$t"
    work="$out/work/$t"; artifacts="$out/artifacts/$t"; sandbox="$out/sandbox/$t"
    rm -rf "$artifacts"
    mkdir -p "$work" "$artifacts" "$sandbox"
    log="$out/$t.log"
    set +e
    # The protocol target confines file access to its working folder: an empty sandbox.
    (cd "$sandbox" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$repo/$out/fuzz_$t" -seed="${FUZZ_SEED:-1}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$repo/$artifacts/" "$repo/$work" "$repo/Tools/fuzz/corpus/$t") >"$log" 2>&1
    rc=$?
    set -e
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    [ -n "$runs" ] || runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
    crashes=$(find "$artifacts" -type f | wc -l)
    seeds=$(find "Tools/fuzz/corpus/$t" -type f | wc -l)
    echo "fuzz $t: ${runs:-0} executions in ${seconds} s, $crashes crash files, exit $rc, $seeds seeds, corpus $(find "$work" -type f | wc -l) new inputs"
    if [ "$rc" != 0 ] || [ "$crashes" != 0 ]; then
        grep -E 'ERROR: |SUMMARY: |runtime error' "$log" | head -n 5 >&2 || true
        echo "fuzz $t: FAILED, see $log and $artifacts/" >&2
        status=1
    fi
done
exit $status
