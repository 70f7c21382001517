#!/bin/sh
# Builds Tools/refcheck/refcheck (the reference backend compiled directly, no SwiftPM). Run from anywhere.
# Compiler: $CC, else clang (what SwiftPM compiles the agent with), else cc.
set -e
cd "$(dirname "$0")/../.."
OUT=${OUT:-Tools/refcheck/refcheck}
CC=${CC:-$(command -v clang || echo cc)}
"$CC" -std=c99 -O2 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L ${EXTRA_CFLAGS:-} \
  -I Sources/CAitcBackendABI/include -I Sources/CAitcReference/include \
  Sources/CAitcReference/*.c Tools/refcheck/refcheck.c -o "$OUT" -lm -lpthread
echo "built $OUT"
