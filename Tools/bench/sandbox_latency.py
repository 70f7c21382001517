#!/usr/bin/env python3
"""Latency cost of the privacy sandbox (issue 15): a controlled A/B of the timed run.

Arm A: `aitc certify --device local --privacy auto` — the timed run inside the agent sandbox
(user, PID, mount and network namespaces, overlay root, strace) on its own observed link.
Arm B: the same command with `--privacy off` — the timed run on the host, unsandboxed.
Same suite file (the smartphone suite cut to WORKLOADS), same mode, same backend, same binary;
rounds interleaved (A B, then B A, ...) so that load from other users of the machine falls on both
arms alike. Per round and workload it prints the single-stream p90 of each arm and the ratio A/B,
then the median ratio over rounds. The seeds of each run are drawn from the run's own secret (the
harness offers no way to fix them, by design): both arms run the same sample set in a different
secret order, so the ratio is a comparison of distributions, not of identical query sequences.
Figures are printed, never asserted (a shared machine; see Docs/privacy.md "Cost").

Usage (root, after `swift build`): python3 Tools/bench/sandbox_latency.py [--rounds 3]
       [--workloads digits-cnn-fp32,mobilenet-v2-fp32] [--mode quick] [--keep DIR] [--bin DIR]
--bin runs the `aitc` (and the `aitc-agent` beside it) copied into DIR, so that the tree can be
rebuilt while the rounds run.
"""
import argparse, glob, json, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def bin_path():
    out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True)
    return out.stdout.strip()


def suite_file(workloads, folder):
    """The smartphone suite cut to `workloads`, model and input paths made absolute."""
    text = open(os.path.join(ROOT, "Suites/smartphone.yaml")).read()
    text = text.replace("path: workloads/", "path: %s/Suites/workloads/" % ROOT)
    kept, keep = [], True
    for line in text.split("\n"):
        if line.startswith("  - id: "):
            keep = line[len("  - id: "):].strip() in workloads
        if keep:
            kept.append(line)
    path = os.path.join(folder, "smartphone-cut.yaml")
    open(path, "w").write("\n".join(kept))
    return path


def p90s(out):
    """Single-stream p90 (ms) per workload from the one report in `out`."""
    reports = glob.glob(os.path.join(out, "*.report.json"))
    if len(reports) != 1:
        raise SystemExit("expected one report in %s, found %d" % (out, len(reports)))
    report = json.load(open(reports[0]))
    result = {}
    for workload in report["workloads"]:
        for scenario in workload["scenarios"]:
            if scenario["scenario"] == "single-stream" and scenario.get("latency"):
                result[workload["id"]] = scenario["latency"]["p90_ms"]
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workloads", default="digits-cnn-fp32,mobilenet-v2-fp32")
    parser.add_argument("--mode", default="quick")
    parser.add_argument("--keep", help="keep reports and logs in this folder")
    parser.add_argument("--bin", help="folder holding the aitc and aitc-agent to run (default: the tree's build)")
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("the sandboxed arm needs root (network namespaces): run as root")
    folder = args.keep or tempfile.mkdtemp(prefix="aitc-sandbox-ab-")
    os.makedirs(folder, exist_ok=True)
    aitc = os.path.join(args.bin or bin_path(), "aitc")
    if not os.access(aitc, os.X_OK) or not os.access(os.path.join(os.path.dirname(aitc), "aitc-agent"), os.X_OK):
        raise SystemExit("no aitc and aitc-agent in %s: run `swift build` first" % os.path.dirname(aitc))
    print("started %s UTC, load average %s (1, 5, 15 min)" % (
        time.strftime("%H:%M:%S", time.gmtime()), " ".join("%.2f" % x for x in os.getloadavg())), flush=True)
    suite = suite_file(set(args.workloads.split(",")), folder)
    subprocess.run([aitc, "keys", "generate", "--out", os.path.join(folder, "lab")], check=True,
                   capture_output=True)
    arms = {"sandboxed": ["--privacy", "auto"], "unsandboxed": ["--privacy", "off"]}
    rows = []
    for number in range(args.rounds):
        order = ["sandboxed", "unsandboxed"] if number % 2 == 0 else ["unsandboxed", "sandboxed"]
        figures = {}
        for arm in order:
            out = os.path.join(folder, "r%d-%s" % (number, arm))
            started = time.time()
            with open(out + ".log", "w") as log:
                done = subprocess.run(
                    [aitc, "certify", "--suite", suite, "--device", "local", "--mode", args.mode,
                     "--key", os.path.join(folder, "lab.key"), "--out", out] + arms[arm],
                    cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
            if done.returncode not in (0, 1, 2):
                raise SystemExit("round %d %s: aitc certify exited %d (see %s.log)" % (number, arm, done.returncode, out))
            figures[arm] = p90s(out)
            print("round %d %-11s %5.0f s wall  load %.2f  p90 %s" % (
                number + 1, arm, time.time() - started, os.getloadavg()[0],
                ", ".join("%s %.4f ms" % item for item in sorted(figures[arm].items()))), flush=True)
        for workload in sorted(figures["sandboxed"]):
            if workload in figures["unsandboxed"]:
                ratio = figures["sandboxed"][workload] / figures["unsandboxed"][workload]
                rows.append((workload, ratio))
                print("round %d %s: sandboxed / unsandboxed p90 = %.3f" % (number + 1, workload, ratio), flush=True)
    print("summary (%d rounds, interleaved; finished %s UTC, load average %s):" % (
        args.rounds, time.strftime("%H:%M:%S", time.gmtime()), " ".join("%.2f" % x for x in os.getloadavg())))
    for workload in sorted({w for w, _ in rows}):
        ratios = [r for w, r in rows if w == workload]
        print("  %s: median ratio %.3f (min %.3f, max %.3f, n %d)" % (
            workload, statistics.median(ratios), min(ratios), max(ratios), len(ratios)))
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
