#!/usr/bin/env bash
# Builds one aitc backend per Python runtime from pybridge.c: OUT/libaitc_<runtime>.so, with the bridge
# modules (aitc_bridge_common.py, aitc_bridge_<runtime>.py) compiled into the library as strings.
#   OUT=.build/backends bash Tools/backends/pybridge/build.sh [onnxruntime] [openvino]
# Needs the Python headers and libpython (python3-config --embed) and the runtime's wheel
# (Tools/backends/requirements.txt). The library's RUNPATH points at libpython's folder.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
out="${OUT:-$repo/.build/backends}"
py="${PYTHON:-python3}"
config="${PYTHON_CONFIG:-$(dirname "$(command -v "$py")")/python3-config}"
command -v "$config" >/dev/null 2>&1 || config="$("$py" -c 'import sys,os; print(os.path.join(sys.base_prefix,"bin","python3-config"))')"
[ -x "$config" ] || { echo "pybridge: no python3-config next to $py: install the Python headers (python3-dev)" >&2; exit 2; }
libdir="$("$py" -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR"))')"
mkdir -p "$out"
gen="$(mktemp -d)"
trap 'rm -rf "$gen"' EXIT
runtimes=("$@")
[ ${#runtimes[@]} -gt 0 ] || runtimes=(onnxruntime openvino)
for rt in "${runtimes[@]}"; do
    # the modules as C string literals (every byte outside printable ASCII as an octal escape)
    "$py" - "$gen/bridge_sources.h" "$here/aitc_bridge_common.py" "$here/aitc_bridge_$rt.py" <<'PY'
import os, sys
names, bodies = [], []
for path in sys.argv[2:]:
    names.append(os.path.basename(path)[:-3])
    text = open(path, "rb").read()
    bodies.append("".join(chr(b) if 32 <= b < 127 and b not in (34, 92, 63) else "\\%03o" % b for b in text))
with open(sys.argv[1], "w") as out:
    out.write("#define BRIDGE_MODULES %d\n" % len(names))
    out.write("static const char *const bridge_module_names[] = {%s};\n" % ", ".join('"%s"' % n for n in names))
    out.write("static const char *const bridge_module_sources[] = {\n%s};\n" % ",\n".join('"%s"' % b for b in bodies))
PY
    version="$("$py" -c "import $rt, sys; print($rt.__version__.split('-')[0] + ' (CPython ' + sys.version.split()[0] + ')')")"
    ${CC:-cc} -std=c99 -D_GNU_SOURCE -O2 -fPIC -shared -fvisibility=hidden -Wall -Wextra -Werror \
        -DAITC_PY_MODULE="\"aitc_bridge_$rt\"" -DAITC_BRIDGE_NAME="\"$rt\"" -DAITC_BRIDGE_VERSION="\"$version\"" \
        -I"$repo/Sources/CAitcBackendABI/include" -I"$gen" $("$config" --includes) \
        "$here/pybridge.c" -o "$out/libaitc_$rt.so" \
        $("$config" --embed --ldflags) -Wl,-rpath,"$libdir" -lpthread
    echo "$out/libaitc_$rt.so"
done
