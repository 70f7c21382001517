#!/usr/bin/env python3
"""Peer comparison (issues 3 and 18): times, on the same models, the same input (the first sample of
the workload, or a seeded random input of the listed shape for the published models) and the same
thread counts, in one run:
  ref          the reference backend through Tools/refcheck/refcheck --repeat (batch 1, the same
               process model as the agent)
  ort          onnxruntime (CPU execution provider, all graph optimizations) timed by its own Python
               loop around session.run, as a LoadGen-style peer harness times a system under test
  ref-agent    the reference backend through the device agent (aitc's own clock: `run` of
               back-to-back queries, p50 of end - start)
  ort-bridge   onnxruntime through the device agent and Tools/backends/pybridge (the same agent clock)
and prints one row per model and thread count: each engine's p50 and three ratios,
  ref/ort      the old peer ratio (our engine under our clock, theirs under Python's)
  agent        ref-agent / ort-bridge: like for like, both engines under aitc's clock
  bridge/py    ort-bridge / ort: aitc's timing of onnxruntime against the peer's timing of the same
               session (the bridge's C -> Python call and buffer wrapping, ~2-6 us, show here)
and the model's multiply-accumulate count. Every figure is measured here; an engine that is missing or
refuses shows the reason instead of its number (and its ratios are absent).
The engines alternate in --rounds rounds (repeat / rounds runs each per round, more for fast models so
a round lasts about 0.2 s) and the row shows the median of the rounds, so a neighbour that takes a core for a while slows both engines alike instead
of whichever happened to be running (on a shared 2-core machine single runs at 2 threads moved by 50 %).
Usage: compare.py [--repeat N] [--rounds R] [--threads 1,2] [--only SUBSTR] [--refcheck PATH]
                  [--agent PATH] [--libs DIR] [--json OUT.json]
"""
import argparse, json, os, re, subprocess, sys, tempfile, time
import numpy as np
import onnx
import onnxruntime as ort

ort.set_default_logger_severity(3)
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
W = os.path.join(ROOT, "Suites", "workloads")
sys.path.insert(0, os.path.join(ROOT, "Tools", "backends"))
from bridge_overhead import Agent  # noqa: E402  (the agent over stdin/stdout, shared with the bridge figures)


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
    if not os.access(exe, os.X_OK):
        return None, f"no refcheck at {exe} (sh Tools/refcheck/build.sh)"
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


class AgentEngines:
    """The reference backend and the onnxruntime bridge behind one device agent, timed by the agent."""

    def __init__(self, agent_path, libs):
        self.bridge = os.path.join(libs, "libaitc_onnxruntime.so")
        self.agent, self.why = None, None
        if not os.access(agent_path, os.X_OK):
            self.why = f"no agent at {agent_path} (swift build, or --agent)"
        else:
            self.agent = Agent(agent_path)
        self.loaded = 0

    def engines(self, path, feeds, threads, tmp):
        """{label: (callable(n) -> p50 ms, None) or (None, reason)} for ref-agent and ort-bridge."""
        out = {}
        if self.agent is None:
            return {label: (None, self.why) for label in ("ref-agent", "ort-bridge")}
        samples = {}
        for name, value in feeds.items():  # one sample: [1, ...the feed's shape]
            samples[name] = os.path.join(tmp, f"agent_{self.loaded}_{name}.npy")
            np.save(samples[name], value[None])
        for label, backend in (("ref-agent", "reference"), ("ort-bridge", self.bridge)):
            if backend != "reference" and not os.path.exists(backend):
                out[label] = (None, f"no bridge at {backend} (OUT={os.path.dirname(backend)} bash Tools/backends/pybridge/build.sh)")
                continue
            self.loaded += 1
            handle = f"m{self.loaded}"
            try:
                self.agent.load(handle, path, backend, samples, threads=threads)
            except RuntimeError as error:
                out[label] = (None, str(error))
                continue
            out[label] = (lambda n, h=handle: self.agent.p50_us(h, n) / 1e3, None)
        return out

    def close(self):
        if self.agent is not None:
            self.agent.close()


def ratio(a, b):
    return a / b if a is not None and b else None


def cell(value, width, digits=3):
    return f"{'--':>{width}s}" if value is None else f"{value:{width}.{digits}f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--refcheck", default=os.path.join(ROOT, "Tools", "refcheck", "refcheck"))
    ap.add_argument("--agent", default=os.path.join(ROOT, ".build", "debug", "aitc-agent"))
    ap.add_argument("--libs", default=os.path.join(ROOT, ".build", "backends"))
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--only", default=None)
    ap.add_argument("--json", default=None)
    a = ap.parse_args()
    rows = []
    print(f"{'model':20s} {'thr':>3s} {'MMAC':>9s} {'ref ms':>9s} {'ort ms':>9s} {'ref/ort':>8s} "
          f"{'ref-agent':>9s} {'ort-bridge':>10s} {'agent':>6s} {'bridge/py':>9s}")
    agents = AgentEngines(a.agent, a.libs)
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
                engines = {"ref": (lambda n: ref_p50(a.refcheck, path, feeds, th, n, tmp), None),
                           "ort": (lambda n: (ort_p50(sess, feeds, n), None), None)}
                for label, (fn, why) in agents.engines(path, feeds, th, tmp).items():
                    engines[label] = ((lambda n, f=fn: (f(n), None)) if fn else None, why)
                per_round = {label: [] for label in engines}
                why = {label: reason for label, (_, reason) in engines.items()}
                for label, (fn, _) in engines.items():  # warm-up (the agent engines, and an early refusal)
                    if fn is not None and label != "ref":
                        fn(min(per, 200))
                for _ in range(a.rounds):
                    for label, (fn, _) in engines.items():
                        if fn is None or why[label] is not None:
                            continue
                        value, reason = fn(per)
                        if value is None:
                            why[label] = reason
                        else:
                            per_round[label].append(value)
                p50 = {label: float(np.median(v)) if v and why[label] is None else None for label, v in per_round.items()}
                row = {"model": name, "threads": th, "macs": mac, "runs_per_round": per,
                       "ref_p50_ms": p50["ref"], "ort_p50_ms": p50["ort"],
                       "ref_agent_p50_ms": p50["ref-agent"], "ort_bridge_p50_ms": p50["ort-bridge"],
                       "ratio": ratio(p50["ref"], p50["ort"]), "agent_ratio": ratio(p50["ref-agent"], p50["ort-bridge"]),
                       "bridge_over_python": ratio(p50["ort-bridge"], p50["ort"]),
                       "ref_error": why["ref"], "ref_agent_error": why["ref-agent"], "ort_bridge_error": why["ort-bridge"]}
                rows.append(row)
                macs_s = f"{mac / 1e6:9.3f}" if mac is not None else f"{'?':>9s}"
                reasons = "; ".join(f"{k}: {v}" for k, v in why.items() if v)
                print(f"{name:20s} {th:3d} {macs_s} {cell(p50['ref'], 9)} {cell(p50['ort'], 9)} {cell(row['ratio'], 8, 2)} "
                      f"{cell(p50['ref-agent'], 9)} {cell(p50['ort-bridge'], 10)} {cell(row['agent_ratio'], 6, 2)} "
                      f"{cell(row['bridge_over_python'], 9, 2)}" + (f"    ({reasons})" if reasons else ""))
                sys.stdout.flush()
    agents.close()
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"repeat": a.repeat, "rounds": a.rounds, "cpu": open("/proc/cpuinfo").read().split("model name")[1].split("\n")[0].strip(": \t")
                       if os.path.exists("/proc/cpuinfo") else "unknown", "rows": rows}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
