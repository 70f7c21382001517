"""Shared helpers for the workload builders (digests, manifests, determinism hygiene).

Import this module BEFORE numpy: it pins BLAS/OpenMP to one thread so that floating-point
results do not depend on the number of cores of the build machine.
"""
import os

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_v] = "1"

import hashlib
import json
import platform
import sys


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def package_versions():
    import numpy, scipy, sklearn, onnx, onnxruntime
    return {
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "scikit-learn": sklearn.__version__,
        "onnx": onnx.__version__,
        "onnxruntime": onnxruntime.__version__,
    }


def file_entry(path):
    return {"sha256": sha256_file(path), "size": os.path.getsize(path)}


def write_json(path, obj):
    """Deterministic JSON: sorted keys, fixed indent, trailing newline."""
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, sort_keys=True)
        f.write("\n")


def save_npy(path, arr):
    """np.save with no pickle; the .npy header is a pure function of dtype/shape."""
    import numpy as np
    np.save(path, np.ascontiguousarray(arr), allow_pickle=False)


def canonicalize_onnx(src, dst, producer):
    """Re-serialize an ONNX model with fixed producer fields and no doc strings/metadata,
    so that the bytes depend only on the graph and its tensors (not on temp paths etc.)."""
    import onnx
    m = onnx.load(src)
    m.producer_name = producer
    m.producer_version = "1"
    m.domain = ""
    m.model_version = 0
    m.doc_string = ""
    del m.metadata_props[:]
    m.graph.doc_string = ""
    for n in m.graph.node:
        n.doc_string = ""
    onnx.checker.check_model(m)
    with open(dst, "wb") as f:
        f.write(m.SerializeToString(deterministic=True))


def verify_manifest(directory, manifest_path=None, quiet=False):
    """Return the list of problems (empty when every file in the manifest exists with its digest)."""
    manifest_path = manifest_path or os.path.join(directory, "manifest.json")
    with open(manifest_path, encoding="utf-8") as f:
        man = json.load(f)
    problems = []
    for name, ent in sorted(man["files"].items()):
        p = os.path.join(directory, name)
        if not os.path.exists(p):
            problems.append(f"{name}: missing")
            continue
        d = sha256_file(p)
        if d != ent["sha256"]:
            problems.append(f"{name}: sha256 {d} != manifest {ent['sha256']}")
    if not quiet:
        for p in problems:
            print("  MISMATCH " + p, file=sys.stderr)
    return problems


def compare_manifests(built, committed):
    """Compare the file digests of two manifest dicts; return a list of differences."""
    diffs = []
    names = sorted(set(built["files"]) | set(committed["files"]))
    for n in names:
        a = built["files"].get(n)
        b = committed["files"].get(n)
        if a is None or b is None:
            diffs.append(f"{n}: present only in {'committed' if a is None else 'rebuilt'} manifest")
        elif a["sha256"] != b["sha256"]:
            diffs.append(f"{n}: rebuilt {a['sha256']} != committed {b['sha256']}")
    if built.get("versions") != committed.get("versions"):
        diffs.append(f"note: package versions differ: rebuilt {built.get('versions')} vs committed {committed.get('versions')}")
    return diffs
