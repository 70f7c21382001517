#!/usr/bin/env python3
"""Runs every suite workload model (Suites/workloads/*/*.onnx) on refcheck and on onnxruntime (CPU,
1 thread) with the workload's own inputs, and compares every output as check_models.py does: float32
within 1e-4 relative with a 1e-5 absolute floor element by element, or the largest error within 1e-4
of the output's largest magnitude; plus one quantization step when the output comes out of a
DequantizeLinear (int8 models: within one step of the output's quantization).

A deep int8 model cannot always be held to one step end to end: two correct int8 engines round a few
ties differently in the first layers (check_ops.py holds each layer to one step) and those differences
travel through the later ones, most visibly when the output is computed in float after the last
quantized layer (the text encoder: LayerNorm and pooling). An int8 output therefore passes within one
step, or when each row's difference from onnxruntime stays under half of the quantization's own error
(onnxruntime int8 against the fp32 sibling model, same inputs).

Inputs: an input named N reads N.npy from the workload folder (prefill_N.npy / decode_N.npy for the
LLM's prefill and decode graphs); a model with one input reads samples.npy. The first rows are used:
up to --batch where the batch dimension is free, as many as a fixed dimension asks for.
Usage: check_suites.py [--refcheck PATH] [--threads N] [--batch N] [--only SUBSTR]
Exit 0 when every model runs and matches; 1 otherwise.
"""
import argparse, glob, os, sys, tempfile
import numpy as np
import onnx
import onnxruntime as ort

from refrun import float_worst, run_refcheck

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def output_steps(path):
    """Quantization step of each graph output produced by a DequantizeLinear with a constant scalar scale."""
    m = onnx.load(path)
    inits = {i.name: onnx.numpy_helper.to_array(i) for i in m.graph.initializer}
    consts = {n.output[0]: onnx.numpy_helper.to_array(n.attribute[0].t) for n in m.graph.node
              if n.op_type == "Constant" and n.attribute and n.attribute[0].name == "value"}
    prod = {o: n for n in m.graph.node for o in n.output}
    steps = {}
    for o in m.graph.output:
        n = prod.get(o.name)
        if n is not None and n.op_type == "DequantizeLinear":
            s = inits.get(n.input[1], consts.get(n.input[1]))
            if s is not None and np.size(s) == 1:
                steps[o.name] = float(np.asarray(s).reshape(-1)[0])
    return steps


def feeds_for(path, sess, batch):
    folder, stem = os.path.dirname(path), os.path.basename(path)
    prefix = "prefill_" if "prefill" in stem else "decode_" if "decode" in stem else ""
    ins = sess.get_inputs()
    feeds = {}
    for i in ins:
        cands = [os.path.join(folder, f"{prefix}{i.name}.npy"), os.path.join(folder, f"{i.name}.npy")]
        if len(ins) == 1:
            cands.append(os.path.join(folder, "samples.npy"))
        f = next((c for c in cands if os.path.exists(c)), None)
        if f is None:
            return None, f"no input file for {i.name} (tried {', '.join(os.path.basename(c) for c in cands)})"
        x = np.load(f)
        d0 = i.shape[0] if i.shape else None
        if isinstance(d0, int) and x.ndim == len(i.shape):
            x = x[:d0]
        elif x.ndim == len(i.shape) and x.shape[0] > batch:
            x = x[:batch]
        feeds[i.name] = np.ascontiguousarray(x)
    return feeds, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--refcheck", default=os.path.join(HERE, "refcheck"))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--only", default=None)
    a = ap.parse_args()
    models = sorted(glob.glob(os.path.join(ROOT, "Suites", "workloads", "*", "*.onnx")))
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in models:
            name = os.path.relpath(path, os.path.join(ROOT, "Suites", "workloads"))
            if a.only and a.only not in name:
                continue
            so = ort.SessionOptions()
            so.intra_op_num_threads = 1
            sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
            feeds, why = feeds_for(path, sess, a.batch)
            if feeds is None:
                print(f"FAIL {name}: {why}")
                failed += 1
                continue
            ref = sess.run(None, feeds)
            outs, why = run_refcheck(a.refcheck, path, [feeds[i.name] for i in sess.get_inputs()], a.threads, tmp)
            if outs is None:
                print(f"FAIL {name}: refcheck: {why}")
                failed += 1
                continue
            steps = output_steps(path)
            fp32_sibling = path.replace("_int8", "_fp32")
            quantized = "_int8" in os.path.basename(path) and os.path.exists(fp32_sibling)
            fref = None
            if quantized:
                fref = ort.InferenceSession(fp32_sibling, so, providers=["CPUExecutionProvider"]).run(None, feeds)
            worst, notes = 0.0, []
            for k, (o, want) in enumerate(zip(sess.get_outputs(), ref)):
                got = outs[k] if k < len(outs) else np.zeros(0)
                if got.shape != want.shape or got.dtype != want.dtype:
                    notes.append(f"{o.name}: {got.dtype}{got.shape} != {want.dtype}{want.shape}")
                    worst = np.inf
                    continue
                if want.dtype != np.float32:
                    bad = not np.array_equal(got, want)
                    worst = max(worst, np.inf if bad else 0.0)
                    notes.append(f"{o.name} {tuple(want.shape)} {'differs' if bad else 'equal'}")
                    continue
                step = steps.get(o.name, 0.0)
                err = np.abs(got.astype(np.float64) - want)
                if not err.size:
                    notes.append(f"{o.name} empty")
                    continue
                w = float_worst(got, want, step)
                if fref is not None:  # int8: or, per row, under half of the quantization's own error
                    rows = err.reshape(err.shape[0], -1) if err.ndim > 1 else err.reshape(1, -1)
                    qerr = np.abs(want.astype(np.float64) - fref[k]).reshape(rows.shape)
                    ratio = float((np.linalg.norm(rows, axis=1) / np.maximum(np.linalg.norm(qerr, axis=1), 1e-12)).max())
                    w = min(w, ratio / 0.5)
                    notes.append(f"{o.name} {tuple(want.shape)} max abs err {err.max():.3g}" + (f" (step {step:.3g})" if step else "") +
                                 f", per row at most {ratio:.2f} of the int8-vs-fp32 error")
                    worst = max(worst, w)
                    continue
                worst = max(worst, w)
                notes.append(f"{o.name} {tuple(want.shape)} max abs err {err.max():.3g}" + (f" (step {step:.3g})" if step else ""))
            ok = worst <= 1.0
            failed += not ok
            shapes = ", ".join(f"{k}{list(v.shape)}" for k, v in feeds.items())
            print(f"{'ok  ' if ok else 'FAIL'} {name} [{shapes}]: {'; '.join(notes)}; worst error / tolerance {worst:.3g}")
    print(f"{'all suite models match onnxruntime' if not failed else f'{failed} suite model(s) differ'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
