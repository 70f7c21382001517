#!/usr/bin/env bash
# Cross-builds the device agent for ARCH with Debian's cross compiler and ARCH's json-c (multiarch).
#
#   Tools/cross/build-agent.sh ARCH [--static]
#
# ARCH: aarch64 | armhf | x86_64 (this machine's compiler; with --static, for x86_64 appliances
# reached over ssh). Writes .build-cross/ARCH/aitc-agent (dynamic, for qemu-user with
# -L /usr/<triplet>) or, with --static, .build-cross/ARCH-static/aitc-agent (for adb/ssh targets
# that lack json-c). Runs Tools/cross/setup.sh first when the compiler is missing. Incremental.
# Prints the path of the agent on stdout; progress goes to stderr.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
arch="${1:-}"
mode=dynamic
[ "${2:-}" = "--static" ] && mode=static
case "$arch" in
    aarch64) triplet=aarch64-linux-gnu ;;
    armhf) triplet=arm-linux-gnueabihf ;;
    x86_64) triplet=x86_64-linux-gnu ;;
    *) echo "build-agent: unsupported architecture '$arch' (supported: aarch64, armhf, x86_64)" >&2; exit 2 ;;
esac
cc="$triplet-gcc"
[ "$arch" = x86_64 ] && [ "$(uname -m)" = x86_64 ] && cc=gcc
if [ "$arch" != x86_64 ] && { ! command -v "$cc" >/dev/null || [ ! -e "/usr/lib/$triplet/libjson-c.so" ]; }; then
    bash Tools/cross/setup.sh "$arch" >&2
fi
out=".build-cross/$arch"
[ "$mode" = static ] && out=".build-cross/$arch-static"
jobs="$(nproc 2>/dev/null || echo 1)"
make -s -j"$jobs" -f Tools/cross/Makefile CC="$cc" OUT="$out" LINK_MODE="$mode" "$out/aitc-agent" >&2
echo "$repo/$out/aitc-agent"
