#!/usr/bin/env python3
"""Harness overhead benchmark (issue 5): how fast the device agent issues and timestamps queries
when the backend does nothing, so its share of a measured latency is known.

Builds Tools/bench/null_backend.c, starts the built aitc-agent, loads the digits samples through
the null backend and runs SingleStream schedules of N queries. Prints:
  - queries per second sustained by the agent (device clock, begin to end of the run)
  - per-query timing overhead: median / p99 of (end - start) with a null backend
  - end-to-end harness rate including the JSON round trip of the reply
Targets (issue 5): >= 200,000 queries/s SingleStream. Figures are printed, never asserted.

Usage: python3 Tools/bench/overhead.py [--queries 200000] [--agent PATH]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def build_null(out):
    cmd = ["cc", "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC",
           "-I", os.path.join(ROOT, "Sources/CAitcBackendABI/include"),
           os.path.join(ROOT, "Tools/bench/null_backend.c"), "-o", out]
    subprocess.run(cmd, check=True)


def find_agent(given):
    if given:
        return given
    path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "aitc-agent")


class Agent:
    def __init__(self, path):
        self.p = subprocess.Popen([path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.next = 1

    def call(self, op, **kw):
        kw.update(id=self.next, op=op)
        self.next += 1
        self.p.stdin.write(json.dumps(kw) + "\n")
        self.p.stdin.flush()
        reply = json.loads(self.p.stdout.readline())
        if not reply.get("ok"):
            raise SystemExit(f"agent refused {op}: {reply}")
        return reply

    def close(self):
        try:
            self.call("bye")
        except Exception:
            pass
        self.p.wait(timeout=5)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=200000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--agent")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="aitc-overhead-")
    lib = os.path.join(tmp, "libnull.so")
    build_null(lib)
    agent = Agent(find_agent(args.agent))
    agent.call("hello", protocol=1)
    model = os.path.join(ROOT, "Suites/workloads/digits/digits_cnn_fp32.onnx")
    samples = os.path.join(ROOT, "Suites/workloads/digits/samples.npy")
    agent.call("load_model", handle="m", path=model, backend=lib)
    agent.call("load_samples", handle="s", model="m", inputs={"input": {"path": samples}})
    queries = [i % 540 for i in range(args.queries)]
    rates, medians, p99s, e2e = [], [], [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        r = agent.call("run", model="m", samples="s", queries=queries, per_query=1, issue="after_completion", outputs="none")
        t1 = time.perf_counter()
        lat = sorted(e - s for s, e in zip(r["start_ns"], r["end_ns"]))
        dur = (r["run_end_ns"] - r["run_begin_ns"]) / 1e9
        rates.append(r["count"] / dur)
        medians.append(lat[len(lat) // 2])
        p99s.append(lat[int(len(lat) * 0.99) - 1])
        e2e.append(r["count"] / (t1 - t0))
    agent.close()
    print(f"null backend, {args.queries} SingleStream queries x {args.repeats} runs")
    print(f"  agent rate (device clock):      {statistics.median(rates):,.0f} queries/s  (target >= 200,000)")
    print(f"  per-query timing overhead:      median {statistics.median(medians):.0f} ns, p99 {statistics.median(p99s):.0f} ns")
    print(f"  end-to-end incl. JSON reply:    {statistics.median(e2e):,.0f} queries/s")
    print(f"  ratio agent / target:           {statistics.median(rates) / 200000:.2f}x")


if __name__ == "__main__":
    main()
