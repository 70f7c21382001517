#!/usr/bin/env bash
# Installs what the qemu driver needs to cross-build and run the device agent for ARCH:
# Debian's cross compiler, ARCH's json-c and libsodium through multiarch, and qemu-user.
#
#   Tools/cross/setup.sh ARCH...     (ARCH: aarch64 | armhf; default: both)
#
# Idempotent: only missing packages are installed. Needs root or sudo (apt-get). Called lazily by
# the qemu driver on first use of an architecture, and safe to call from CI set-up.
set -euo pipefail
say() { printf 'cross/setup: %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ARCH -> Debian architecture and cross compiler package. Only architectures for which Debian 12
# ships both a cross gcc and json-c are listed; anything else is refused here (and by the driver).
debian_arch() {
    case "$1" in
        aarch64) echo arm64 ;;
        armhf) echo armhf ;;
        *) return 1 ;;
    esac
}
# The cross compiler and its C library headers (the *-cross packages, Architecture: all, so they
# never conflict with the host's libc6-dev version); json-c and the run-time libc come from the
# architecture itself through multiarch (qemu-user then finds /lib/ld-linux-*.so without -L).
compiler_pkgs() {
    case "$1" in
        aarch64) echo gcc-aarch64-linux-gnu libc6-dev-arm64-cross ;;
        armhf) echo gcc-arm-linux-gnueabihf libc6-dev-armhf-cross ;;
    esac
}

archs=("$@")
[ ${#archs[@]} -gt 0 ] || archs=(aarch64 armhf)
pkgs=(qemu-user make)
foreign="$(dpkg --print-foreign-architectures)"
for arch in "${archs[@]}"; do
    deb="$(debian_arch "$arch")" || { say "unsupported architecture '$arch' (supported: aarch64, armhf)"; exit 2; }
    if ! grep -qx "$deb" <<<"$foreign"; then
        say "adding Debian architecture $deb"
        as_root dpkg --add-architecture "$deb"
    fi
    # shellcheck disable=SC2207
    pkgs+=($(compiler_pkgs "$arch") "libjson-c-dev:$deb" "libsodium-dev:$deb" "libc6:$deb")
done

missing=()
for pkg in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -gt 0 ] || exit 0
say "installing ${missing[*]}"
as_root apt-get update -qq || say "apt-get update reported errors (a mirror in sync?); installing from the lists it has"
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
