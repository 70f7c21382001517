#!/usr/bin/env python3
"""Side-by-side figures per runtime, and what the CPython bridge costs per inference.

For each suite model (batch 1, the workload's first sample) it times, in rounds that alternate the
engines (a neighbour taking a core slows every engine alike):
  reference     the agent's built-in backend (agent clock, `run` of back-to-back queries)
  ort-bridge    ONNX Runtime through Tools/backends/pybridge (agent clock, same protocol)
  ort-python    ONNX Runtime's own Python loop, session.run timed with perf_counter_ns
  ov-bridge     OpenVINO through the bridge
  ov-python     OpenVINO's own Python loop, infer_request.infer timed with perf_counter_ns
with one thread, the same session options as the bridge. Each figure is the median over rounds of
the round's p50 (microseconds). Bridge overhead = bridge p50 - python p50 of the same runtime: the
agent's C -> Python call, the memoryview/numpy wrapping and the buffer hand-back.
Usage: bridge_overhead.py [--agent .build/debug/aitc-agent] [--libs .build/backends] [--rounds 7]
                          [--queries 200] [--only SUBSTR] [--json OUT]
"""
import argparse, hashlib, json, os, subprocess, sys, time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
W = os.path.join(ROOT, "Suites", "workloads")
MODELS = [("digits-fp32", "digits/digits_cnn_fp32.onnx", {"input": "digits/samples.npy"}),
          ("digits-int8", "digits/digits_cnn_int8.onnx", {"input": "digits/samples.npy"}),
          ("kws-fp32", "kws/kws_dscnn_fp32.onnx", {"input": "kws/samples.npy"}),
          ("kws-int8", "kws/kws_dscnn_int8.onnx", {"input": "kws/samples.npy"}),
          ("mobilenet-fp32", "mobilenet/mobilenet_v2_fp32.onnx", {"input": "mobilenet/samples.npy"}),
          ("textenc-fp32", "textenc/textenc_fp32.onnx",
           {"input_ids": "textenc/input_ids.npy", "attention_mask": "textenc/attention_mask.npy"})]


class Agent:
    """One aitc-agent over stdin/stdout."""

    def __init__(self, path):
        self.p = subprocess.Popen([path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.id = 0
        self.call({"op": "hello", "protocol": 1})

    def call(self, req):
        self.id += 1
        req["id"] = self.id
        self.p.stdin.write(json.dumps(req) + "\n")
        self.p.stdin.flush()
        reply = json.loads(self.p.stdout.readline())
        if not reply.get("ok"):
            raise RuntimeError(reply.get("error", {}).get("message", "agent error"))
        return reply

    def load(self, handle, model, backend, samples, threads=1):
        req = {"op": "load_model", "handle": handle, "path": model, "backend": backend, "threads": threads}
        if backend != "reference":
            req["backend_sha256"] = hashlib.sha256(open(backend, "rb").read()).hexdigest()
        self.call(req)
        self.call({"op": "load_samples", "handle": "s" + handle, "model": handle,
                   "inputs": {k: {"path": v} for k, v in samples.items()}})

    def p50_us(self, handle, n):
        r = self.call({"op": "run", "model": handle, "samples": "s" + handle, "queries": [0] * n})
        return float(np.median(np.array(r["end_ns"]) - np.array(r["start_ns"]))) / 1e3

    def close(self):
        try:
            self.call({"op": "bye"})
        except Exception:
            pass
        self.p.wait(timeout=10)


def python_engines(path, feeds):
    """(name, callable) for the runtimes' own Python loops, set up as the bridge sets them up."""
    out = []
    import onnxruntime as ort
    o = ort.SessionOptions()
    o.intra_op_num_threads, o.inter_op_num_threads = 1, 1
    o.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    o.log_severity_level = 3
    s = ort.InferenceSession(path, sess_options=o, providers=["CPUExecutionProvider"])
    names = [x.name for x in s.get_outputs()]
    out.append(("ort-python", lambda: s.run(names, feeds)))
    import openvino as ov
    core = ov.Core()
    c = core.compile_model(core.read_model(path), "CPU", {"INFERENCE_NUM_THREADS": 1, "PERFORMANCE_HINT": "LATENCY",
                                                          "NUM_STREAMS": 1, "INFERENCE_PRECISION_HINT": "f32"})
    req = c.create_infer_request()
    order = [feeds[p.get_any_name()] for p in c.inputs]
    out.append(("ov-python", lambda: req.infer(order, share_inputs=False)))
    return out


def loop_p50_us(fn, n):
    times = []
    for _ in range(n):
        t = time.perf_counter_ns()
        fn()
        times.append(time.perf_counter_ns() - t)
    return float(np.median(times)) / 1e3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--agent", default=os.path.join(ROOT, ".build", "debug", "aitc-agent"))
    ap.add_argument("--libs", default=os.path.join(ROOT, ".build", "backends"))
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--only", default="")
    ap.add_argument("--json")
    a = ap.parse_args()
    libs = {"ort-bridge": os.path.join(a.libs, "libaitc_onnxruntime.so"), "ov-bridge": os.path.join(a.libs, "libaitc_openvino.so")}
    for lib in libs.values():
        if not os.path.exists(lib):
            sys.exit(f"bridge_overhead: no {lib}; build it with OUT={a.libs} bash Tools/backends/pybridge/build.sh")
    agent = Agent(a.agent)
    rows = []
    for name, model, inputs in MODELS:
        if a.only not in name:
            continue
        path = os.path.join(W, model)
        samples = {k: os.path.join(W, v) for k, v in inputs.items()}
        if not all(os.path.exists(p) for p in [path] + list(samples.values())):
            rows.append({"model": name, "missing": "workload files not built (Tools/workloads/build_all.sh)"})
            continue
        feeds = {k: np.load(v)[:1] for k, v in samples.items()}
        engines = []
        for i, (label, backend) in enumerate([("reference", "reference")] + list(libs.items())):
            handle = f"{name}-{i}"
            agent.load(handle, path, backend, samples)
            engines.append((label, lambda h=handle: agent.p50_us(h, a.queries)))
        engines += [(label, lambda f=fn: loop_p50_us(f, a.queries)) for label, fn in python_engines(path, feeds)]
        for _, fn in engines:  # warm-up
            fn()
        per = {label: [] for label, _ in engines}
        for _ in range(a.rounds):
            for label, fn in engines:
                per[label].append(fn())
        row = {"model": name, **{k: round(float(np.median(v)), 1) for k, v in per.items()}}
        row["ort-overhead"] = round(row["ort-bridge"] - row["ort-python"], 1)
        row["ov-overhead"] = round(row["ov-bridge"] - row["ov-python"], 1)
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)
    agent.close()
    cols = ["reference", "ort-bridge", "ort-python", "ort-overhead", "ov-bridge", "ov-python", "ov-overhead"]
    print("| model (p50 µs, 1 thread) | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for r in rows:
        if "missing" in r:
            print(f"| {r['model']} | " + r["missing"] + " |" * len(cols))
        else:
            print(f"| {r['model']} | " + " | ".join(str(r[c]) for c in cols) + " |")
    if a.json:
        json.dump(rows, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    main()
