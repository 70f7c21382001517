#!/usr/bin/env python3
"""Finds where the reference backend departs from onnxruntime inside a model: every float32 node output
becomes a graph output, both engines run the same seeded input (onnxruntime with graph optimizations
off), and each value's error is printed in node order (element tolerance 1e-4 rel / 1e-5 abs, and the
error relative to the value's largest magnitude).
Usage: trace_layers.py MODEL.onnx N,C,H,W [--refcheck PATH] [--all]
"""
import argparse, os, subprocess, sys, tempfile
import numpy as np
import onnx
import onnxruntime as ort
from onnx import helper as oh

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("shape")
    ap.add_argument("--refcheck", default=os.path.join(HERE, "refcheck"))
    ap.add_argument("--all", action="store_true", help="print every value, not only those over half the tolerance")
    a = ap.parse_args()
    m = onnx.shape_inference.infer_shapes(onnx.load(a.model))
    types = {vi.name: vi.type.tensor_type.elem_type for vi in m.graph.value_info}
    ops = {o: n.op_type for n in m.graph.node for o in n.output}
    have = {o.name for o in m.graph.output}
    for n in m.graph.node:
        for o in n.output:
            if types.get(o) == onnx.TensorProto.FLOAT and n.op_type not in ("Constant", "Identity") and o not in have:
                m.graph.output.append(oh.make_tensor_value_info(o, onnx.TensorProto.FLOAT, None))
    with tempfile.TemporaryDirectory() as tmp:
        mp, xp = os.path.join(tmp, "trace.onnx"), os.path.join(tmp, "x.npy")
        onnx.save(m, mp)
        x = np.random.default_rng(20261123).uniform(-1, 1, [int(d) for d in a.shape.split(",")]).astype(np.float32)
        np.save(xp, x)
        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        s = ort.InferenceSession(mp, so, providers=["CPUExecutionProvider"])
        ref = s.run(None, {s.get_inputs()[0].name: x})
        r = subprocess.run([a.refcheck, mp, "--out", os.path.join(tmp, "o"), xp], capture_output=True, text=True, timeout=600)
        if r.returncode:
            raise SystemExit(f"refcheck: {(r.stdout + r.stderr).strip()}")
        for k, o in enumerate(s.get_outputs()):
            got, want = np.load(os.path.join(tmp, f"o{k}.npy")), ref[k]
            if got.shape != want.shape:
                print(f"{k:4d} {ops.get(o.name, '?'):14s} {o.name[:44]:44s} shape {got.shape} != {want.shape}")
                continue
            e = np.abs(got.astype(np.float64) - want)
            elem = float((e / (1e-5 + 1e-4 * np.abs(want))).max()) if e.size else 0.0
            mx = float(np.abs(want).max()) if e.size else 0.0
            if a.all or elem > 0.5:
                print(f"{k:4d} {ops.get(o.name, '?'):14s} {o.name[:44]:44s} err/tol {elem:8.3g}  max err {e.max() if e.size else 0:.3g}"
                      f"  err/max|y| {(e.max() / mx) if mx else 0:.3g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
