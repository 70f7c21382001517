#!/usr/bin/env bash
# Installs what aitc needs on a fresh Debian 12 machine with Swift, then builds workloads and the
# package. Idempotent: each step is skipped when already satisfied. Called by the README's two
# commands (Tools/quick-certify and Tools/test) and so by CI.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
say() { printf 'bootstrap: %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. System packages: json-c and libsodium (the device key) for the device agent; pkg-config so SwiftPM finds it; espeak-ng to
#    rebuild the keyword-spotting workload; iproute2 (`ip netns`) for the privacy audit; strace (the
#    sandboxed agent's system calls, so escape attempts are evidence); busybox (udhcpd/udhcpc: the
#    real DHCP exchange the gateway-mode privacy test must see exempted);
#    tcpdump to record a lab pcap of a remote device's link (`--privacy-pcap`); the real OpenSSH
#    server and adb client the driver tests run (ssh and scp come with openssh-server).
#    chromium: the HTML report tests open the pages in a real headless browser (DeskTests).
#    python3-dev: the CPython headers and libpython the bridge backends embed (Tools/backends/pybridge).
missing=()
for pkg in libjson-c-dev libsodium-dev pkg-config espeak-ng iproute2 strace busybox tcpdump openssh-server adb chromium python3-dev; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    # openssh-server's package starts (and enables) a system sshd on port 22 where systemd runs.
    # The tests start their own sshd on loopback; one installed here only for them leaves the
    # machine as it was: no ssh service listening, none at the next boot.
    if [[ " ${missing[*]} " == *" openssh-server "* ]] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
        as_root systemctl disable --now ssh.service ssh.socket >/dev/null 2>&1 || true
        say "openssh-server installed for the tests only: its system service is stopped and disabled"
    fi
fi

# 1b. Cross toolchains and qemu-user for the qemu driver (aarch64, armhf). Not fatal: without
#     them the qemu tests say they are skipped and `--device qemu:ARCH` says why it cannot run.
bash Tools/cross/setup.sh >/dev/null 2>&1 || say "cross toolchain or qemu-user unavailable: the qemu driver will refuse with the reason"

# 1c. PostgreSQL on loopback for the registry's tests (RegistryTests run against SQLite and a real
#     PostgreSQL server; without one they fail, saying so).
bash Tools/registry/postgres.sh >/dev/null \
    || say "PostgreSQL could not be installed or started: the registry's PostgreSQL tests will fail saying why"

# 2. Python packages for the workload builders and test oracles (build time only).
py="${PYTHON:-python3}"
if ! "$py" - <<'PY' 2>/dev/null
import re, sys
from importlib.metadata import version
for line in open("Tools/workloads/requirements.txt"):
    m = re.match(r"\s*([A-Za-z0-9_.-]+)==(\S+)", line)
    if m and version(m.group(1)) != m.group(2):
        sys.exit(1)
PY
then
    say "installing Python packages from Tools/workloads/requirements.txt"
    "$py" -m pip install -q --disable-pip-version-check --root-user-action=ignore -r Tools/workloads/requirements.txt
fi

# 2b. Third-party runtimes for the bridge backends (Tools/backends/pybridge), and the bridge
#     libraries in .build/backends for `aitc backend check` by hand (the tests build their own copy).
if ! "$py" - <<'PY' 2>/dev/null
import re, sys
from importlib.metadata import version
for line in open("Tools/backends/requirements.txt"):
    m = re.match(r"\s*([A-Za-z0-9_.-]+)==(\S+)", line)
    if m and version(m.group(1)) != m.group(2):
        sys.exit(1)
PY
then
    say "installing Python packages from Tools/backends/requirements.txt"
    "$py" -m pip install -q --disable-pip-version-check --root-user-action=ignore -r Tools/backends/requirements.txt
fi
OUT="$repo/.build/backends" bash Tools/backends/pybridge/build.sh >/dev/null \
    || say "the bridge backends could not be built (Python headers? python3-config --includes): BridgeBackendTests will fail saying why"

# 3. Workloads: small ones are committed; large ones are rebuilt deterministically and checked
#    against the committed digests.
bash Tools/workloads/build_all.sh

# 4. The harness and the device agent (extra `swift build` arguments pass through, e.g. --build-tests).
say "building (swift build $*)"
log="$(mktemp)"
if ! swift build "$@" >"$log" 2>&1; then
    grep -Ev '^\[[0-9]+/[0-9]+\]' "$log" >&2 || true
    say "build failed"
    exit 2
fi
grep -E 'warning:|Build complete' "$log" >&2 || true
rm -f "$log"
