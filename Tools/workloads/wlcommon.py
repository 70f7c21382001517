"""Shared helpers for the workload builders (digests, manifests, determinism hygiene).

Import this module BEFORE numpy: it pins BLAS/OpenMP to one thread so that floating-point
results do not depend on the number of cores of the build machine.
"""
import os

for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_v] = "1"


def _cpu_has_avx2():
    try:
        with open("/proc/cpuinfo") as f:
            return any(line.startswith("flags") and " avx2" in line for line in f)
    except OSError:
        return False


# OpenBLAS picks its kernels by CPU model, and kernels of different vector widths sum in different
# orders: the committed MobileNetV2 digests were produced with the Haswell (AVX2) kernels, and a
# Sapphire Rapids host on its own SkylakeX kernels rebuilt other bytes. Every x86-64 CPU with AVX2
# runs the Haswell kernels, so pin them there (this overrides a host-wide OPENBLAS_CORETYPE for
# the workload build only).
if _cpu_has_avx2():
    os.environ["OPENBLAS_CORETYPE"] = "Haswell"
    os.environ.pop("OPENBLAS_L2_SIZE", None)

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


# ---------------------------------------------------------------- shared by the builders
def round_sig(x, bits=8):
    """Round to `bits` significant bits: makes values insensitive to last-ulp arithmetic differences."""
    import numpy as np
    x = np.asarray(x, dtype=np.float64)
    m, e = np.frexp(x)
    return np.ldexp(np.round(np.ldexp(m, bits)), e - bits)


def save_onnx_model(model, path):
    """Pin IR version 8, run the full ONNX checker and write the model deterministically."""
    import onnx
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    with open(path, "wb") as f:
        f.write(model.SerializeToString(deterministic=True))


def op_types(path):
    """Sorted set of the operator types present in an ONNX model file."""
    import onnx
    return sorted({n.op_type for n in onnx.load(path).graph.node})


def ort_session(path):
    """onnxruntime CPU session pinned to one thread, sequential execution (deterministic results)."""
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])


def latency_p50(sess, outputs, feeds, runs, warmup):
    """Median wall time in ms of `runs` calls sess.run(outputs, feeds[i % len(feeds)]),
    after running the first `warmup` feeds once."""
    import time
    import numpy as np
    for f in feeds[:warmup]:
        sess.run(outputs, f)
    t = []
    for i in range(runs):
        f = feeds[i % len(feeds)]
        t0 = time.perf_counter()
        sess.run(outputs, f)
        t.append((time.perf_counter() - t0) * 1e3)
    return float(np.median(t))


def quantize_qdq(fp32_path, out_path, feeds, producer, pre_process=False, **options):
    """Static int8 QDQ quantization (per-tensor, QInt8 activations and weights, MinMax calibration)
    calibrated on the list of input dicts `feeds`, then canonicalized with `producer`.

    pre_process: run quant_pre_process first (folds BatchNormalization into Conv).
    options: extra quantize_static keyword arguments (e.g. op_types_to_quantize).
    All intermediate models are written in a temp dir (the cwd is switched there), never in the repo."""
    import logging
    import tempfile
    from onnxruntime.quantization import (CalibrationDataReader, QuantFormat, QuantType,
                                          CalibrationMethod, quantize_static)
    logging.getLogger().setLevel(logging.ERROR)  # silence ORT's "consider pre-processing" advice

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.it = iter(list(feeds))

        def get_next(self):
            return next(self.it, None)

    with tempfile.TemporaryDirectory(prefix="aitc-q-") as td:
        src = fp32_path
        tmp = os.path.join(td, "q.onnx")
        cwd = os.getcwd()
        os.chdir(td)
        try:
            if pre_process:
                from onnxruntime.quantization.shape_inference import quant_pre_process
                src = os.path.join(td, "pre.onnx")
                quant_pre_process(fp32_path, src, skip_symbolic_shape=True)
            quantize_static(src, tmp, Reader(),
                            quant_format=QuantFormat.QDQ, per_channel=False, reduce_range=False,
                            activation_type=QuantType.QInt8, weight_type=QuantType.QInt8,
                            calibrate_method=CalibrationMethod.MinMax, **options)
        finally:
            os.chdir(cwd)
        canonicalize_onnx(tmp, out_path, producer)


def print_files(files, width=9):
    """Print `sha256  size  name` for each manifest file entry, sorted by name."""
    for n, e in sorted(files.items()):
        print(f"    {e['sha256']}  {e['size']:{width}d}  {n}")


def check_rebuild(build, out, name, label=None, **build_kwargs):
    """Rebuild into a temp dir and compare the file digests with the manifest in `out`.
    Prints the differences; returns 0 when every file matches, else 1."""
    import shutil
    import tempfile
    with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
        committed = json.load(f)
    td = tempfile.mkdtemp(prefix=f"aitc-{name}-")
    try:
        built = build(td, **build_kwargs)
    finally:
        shutil.rmtree(td, ignore_errors=True)
    diffs = compare_manifests(built, committed)
    bad = [d for d in diffs if not d.startswith("note:")]
    for d in diffs:
        print(("MISMATCH " if not d.startswith("note:") else "") + d, file=sys.stderr)
    if bad:
        print(f"check FAILED: rebuilt {label or name} workload differs from the committed manifest", file=sys.stderr)
        return 1
    print("check OK: rebuilt files match the committed manifest")
    return 0


def builder_main(doc, default_out, build, name, label=None, latency=True, precheck=None):
    """Command line of a builder: [--out DIR] [--check] (+ [--no-latency] when `latency`).
    `build(out[, measure=...])` must return the manifest dict; `precheck()` may return an exit code
    to abort before building (e.g. a missing tool). Returns the process exit code."""
    import argparse
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=default_out)
    ap.add_argument("--check", action="store_true", help="rebuild in a temp dir, compare with the manifest in --out")
    if latency:
        ap.add_argument("--no-latency", action="store_true", help="skip the latency measurement")
    a = ap.parse_args()
    if precheck is not None:
        rc = precheck()
        if rc:
            return rc
    if not a.check:
        if latency:
            build(a.out, measure=not a.no_latency)
        else:
            build(a.out)
        return 0
    kw = {"measure": False} if latency else {}
    return check_rebuild(build, a.out, name, label, **kw)


def write_build_report(out, t0, latency=None, ndigits=3):
    """Write build_report.json (build time; p50 latencies when `latency` is given) and return it.
    latency: None, or a pair of callables (fp32, int8) that each measure and return a p50 in ms.
    The report is not in the manifest: it varies from machine to machine."""
    import time
    report = {"build_seconds": round(time.time() - t0, 1)}
    if latency is not None:
        report["onnxruntime_fp32_p50_ms_1thread"] = round(latency[0](), ndigits)
        report["onnxruntime_int8_p50_ms_1thread"] = round(latency[1](), ndigits)
        print(f"  latency p50 @1 thread: fp32 {report['onnxruntime_fp32_p50_ms_1thread']} ms, "
              f"int8 {report['onnxruntime_int8_p50_ms_1thread']} ms")
    write_json(os.path.join(out, "build_report.json"), report)
    return report
