#!/usr/bin/env python3
"""Runs Suites/workloads/digits (fp32 and QDQ int8) on refcheck and onnxruntime, sample by sample
(batch 1, as the agent does) and as one batch of all samples; compares outputs and top-1 labels.
Usage: check_digits.py [--refcheck PATH] [--dir Suites/workloads/digits] [--limit N]
"""
import argparse, os, subprocess, sys, tempfile
import numpy as np
import onnxruntime as ort

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--refcheck", default=os.path.join(HERE, "refcheck"))
    ap.add_argument("--dir", default=os.path.join(ROOT, "Suites", "workloads", "digits"))
    ap.add_argument("--limit", type=int, default=60)
    a = ap.parse_args()
    x = np.load(os.path.join(a.dir, "samples.npy"))
    labels = np.load(os.path.join(a.dir, "labels.npy")) if os.path.exists(os.path.join(a.dir, "labels.npy")) else None
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for tag in ("fp32", "int8"):
            path = os.path.join(a.dir, f"digits_cnn_{tag}.onnx")
            so = ort.SessionOptions(); so.intra_op_num_threads = 1
            sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
            ref = sess.run(None, {sess.get_inputs()[0].name: x})[0]
            xp = os.path.join(tmp, "x.npy"); np.save(xp, x)
            r = subprocess.run([a.refcheck, path, "--out", os.path.join(tmp, "b"), xp], capture_output=True, text=True)
            if r.returncode:
                print(f"FAIL digits {tag} batch: {r.stdout.strip()}"); failed += 1; continue
            got = np.load(os.path.join(tmp, "b0.npy"))
            err = np.abs(ref - got).max()
            agree = (ref.argmax(1) == got.argmax(1)).mean()
            acc = f", accuracy ref {(got.argmax(1) == labels).mean():.4f} ort {(ref.argmax(1) == labels).mean():.4f}" if labels is not None else ""
            tol = 1e-4 * np.abs(ref).max() if tag == "fp32" else 0.0
            ok = agree == 1.0 and (tag != "fp32" or err <= max(tol, 1e-5))
            print(f"{'ok  ' if ok else 'FAIL'} digits {tag} batch {len(x)}: max abs err {err:.3g}, top-1 agreement {agree:.4f}{acc}")
            failed += not ok
            bad = 0
            for i in range(min(a.limit, len(x))):
                np.save(xp, x[i:i + 1])
                r = subprocess.run([a.refcheck, path, "--out", os.path.join(tmp, "s"), xp], capture_output=True, text=True)
                g = np.load(os.path.join(tmp, "s0.npy")) if r.returncode == 0 else None
                if g is None or not np.allclose(g[0], got[i], rtol=1e-5, atol=1e-6):
                    bad += 1
            print(f"{'ok  ' if not bad else 'FAIL'} digits {tag} batch-1 runs ({min(a.limit, len(x))}) equal the batched run: {bad} differ")
            failed += bad > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
