#!/usr/bin/env python3
"""Peer comparison (issue 3): times the reference backend (Tools/refcheck/refcheck --repeat, batch 1,
the same process model as the agent) and onnxruntime (CPU execution provider, all graph optimizations)
on the same models, the same input (the first sample of the workload, or a seeded random input of the
listed shape for the published models) and the same thread counts, and prints one row per model and
thread count: p50 of each engine, the ratio ref/ort, and the model's multiply-accumulate count.
Every figure is measured here; a model that is missing or refused shows the reason instead of numbers.
The engines alternate in --rounds rounds (repeat / rounds runs each per round, more for fast models so
a round lasts about 0.2 s) and the row shows the median of the rounds, so a neighbour that takes a core for a while slows both engines alike instead
of whichever happened to be running (on a shared 2-core machine single runs at 2 threads moved by 50 %).
Usage: compare.py [--repeat N] [--rounds R] [--threads 1,2] [--only SUBSTR] [--refcheck PATH] [--json OUT.json]
"""
import argparse, json, os, re, subprocess, sys, tempfile, time
import numpy as np
import onnx
import onnxruntime as ort

ort.set_default_logger_severity(3)
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
W = os.path.join(ROOT, "Suites", "workloads")


def models():
    """(name, path, {input: array of batch 1})"""
    out = []
    def first(path, names):
        return {k: np.load(os.path.join(W, p))[:1] for k, p in names.items()}
    for wl, stem, inputs in [
        ("digits", "digits_cnn", {"input": "digits/samples.npy"}),
        ("kws", "kws_dscnn", {"input": "kws/samples.npy"}),
        ("mobilenet", "mobilenet_v2", {"input": "mobilenet/samples.npy"}),
        ("textenc", "textenc", {"input_ids": "textenc/input_ids.npy", "attention_mask": "textenc/attention_mask.npy"}),
    ]:
        for prec in ("fp32", "int8"):
            p = os.path.join(W, wl, f"{stem}_{prec}.onnx")
            feeds = first(p, inputs) if os.path.exists(os.path.join(W, list(inputs.values())[0])) else None
            out.append((f"{wl}-{prec}", p, feeds))
    spec = json.load(open(os.path.join(ROOT, "Tools", "models", "models.json")))
    for m in spec["models"]:
        rng = np.random.default_rng(20261123)
        feeds = {k: rng.uniform(-1, 1, v).astype(np.float32) for k, v in m["shape"].items()}
        out.append((m["name"], os.path.join(ROOT, ".build-models", m["name"] + ".onnx"), feeds))
    return out


def macs(path, feeds):
    """Multiply-accumulates of Conv/ConvTranspose/MatMul/Gemm (and QLinear forms) at these input shapes."""
    m = onnx.load(path)
    for i in m.graph.input:
        if i.name in feeds:
            d = i.type.tensor_type.shape.dim
            for k, v in enumerate(feeds[i.name].shape):
                d[k].Clear(); d[k].dim_value = int(v)
    try:
        m = onnx.shape_inference.infer_shapes(m, data_prop=True)
    except Exception:
        return None
    shp = {}
    for vi in list(m.graph.value_info) + list(m.graph.input) + list(m.graph.output):
        dims = [x.dim_value if x.HasField("dim_value") else None for x in vi.type.tensor_type.shape.dim]
        shp[vi.name] = dims
    for t in m.graph.initializer:
        shp[t.name] = list(t.dims)
    total = 0
    for n in m.graph.node:
        try:
            if n.op_type in ("Conv", "QLinearConv", "ConvInteger"):
                w = shp[n.input[3] if n.op_type == "QLinearConv" else n.input[1]]
                y = shp[n.output[0]]
                total += int(np.prod(y)) * int(np.prod(w[1:]))
            elif n.op_type == "ConvTranspose":
                x, w = shp[n.input[0]], shp[n.input[1]]
                total += int(np.prod(x)) * int(np.prod(w[1:]))
            elif n.op_type in ("MatMul", "Gemm", "QLinearMatMul", "MatMulInteger"):
                a = shp[n.input[0]]
                y = shp[n.output[0]]
                k = a[-1] if not (n.op_type == "Gemm" and any(at.name == "transA" and at.i for at in n.attribute)) else a[0]
                total += int(np.prod(y)) * int(k)
        except (KeyError, TypeError, IndexError):
            return None
    return total


def ort_session(path, threads):
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])


def ort_p50(s, feeds, repeat):
    for _ in range(3):
        s.run(None, feeds)
    ts = []
    for _ in range(repeat):
        t = time.perf_counter_ns()
        s.run(None, feeds)
        ts.append((time.perf_counter_ns() - t) / 1e6)
    return float(np.median(ts))


def ref_p50(exe, path, feeds, threads, repeat, tmp):
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    args = [exe, path, "--out", os.path.join(tmp, "o"), "--threads", str(threads), "--repeat", str(repeat)]
    for i in sess.get_inputs():
        p = os.path.join(tmp, f"in_{len(args)}.npy")
        np.save(p, feeds[i.name])
        args.append(p)
    r = subprocess.run(args, capture_output=True, text=True, timeout=1800)
    got = re.search(r"p50 ([0-9.]+) ms", r.stdout)
    if r.returncode or not got:
        return None, (r.stdout + r.stderr).strip().splitlines()[-1] if (r.stdout + r.stderr).strip() else f"exit {r.returncode}"
    return float(got.group(1)), None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--refcheck", default=os.path.join(ROOT, "Tools", "refcheck", "refcheck"))
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--only", default=None)
    ap.add_argument("--json", default=None)
    a = ap.parse_args()
    rows = []
    print(f"{'model':20s} {'thr':>3s} {'MMAC':>9s} {'ref p50 ms':>11s} {'ort p50 ms':>11s} {'ref/ort':>8s}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, path, feeds in models():
            if a.only and a.only not in name:
                continue
            if not os.path.exists(path) or feeds is None:
                print(f"{name:20s}   -- missing {os.path.relpath(path, ROOT)} (build_all.sh / Tools/models/fetch.sh)")
                continue
            mac = macs(path, feeds)
            for th in [int(t) for t in a.threads.split(",")]:
                sess = ort_session(path, th)
                # enough runs per round that a round lasts ~0.2 s: a 5 us model needs thousands of
                # runs before its p50 stops moving by a microsecond
                est = ort_p50(sess, feeds, 20)
                per = max(1, a.repeat // a.rounds, min(20000, int(200.0 / max(est, 1e-3))))
                rs, os_, why = [], [], None
                for _ in range(a.rounds):
                    r, why = ref_p50(a.refcheck, path, feeds, th, per, tmp)
                    if r is None:
                        break
                    rs.append(r)
                    os_.append(ort_p50(sess, feeds, per))
                r = float(np.median(rs)) if rs and why is None else None
                o = float(np.median(os_)) if os_ else ort_p50(sess, feeds, per)
                row = {"model": name, "threads": th, "macs": mac, "ref_p50_ms": r, "ort_p50_ms": o,
                       "ratio": (r / o) if r else None, "ref_error": why}
                rows.append(row)
                macs_s = f"{mac / 1e6:9.3f}" if mac is not None else f"{'?':>9s}"
                if r is None:
                    print(f"{name:20s} {th:3d} {macs_s} {'refused':>11s} {o:11.3f}    ({why})")
                else:
                    print(f"{name:20s} {th:3d} {macs_s} {r:11.3f} {o:11.3f} {r / o:8.2f}")
                sys.stdout.flush()
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"repeat": a.repeat, "rounds": a.rounds, "cpu": open("/proc/cpuinfo").read().split("model name")[1].split("\n")[0].strip(": \t")
                       if os.path.exists("/proc/cpuinfo") else "unknown", "rows": rows}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
