#!/usr/bin/env python3
"""Recompute every early-stopping estimate of an aitc report from its latency histograms.

Independent of the harness (standard library only), written from MLPerf LoadGen's early-stopping
rule (loadgen/early_stopping.cc in the MLPerf inference repository): with t queries allowed over the estimate, h(t) is
the fewest queries under it such that BinomialCDF(t; h + t, 1 - p) <= 1 - c. A run of n queries
supports the largest t with h(t) + t <= n; the estimate is the t-th largest latency.

For each scenario with `early_stopping` and `latency_histogram` this script checks that
  - the histogram counts n = `early_stopping.queries` latencies,
  - the report's `over_bound` is the t the formula gives for n,
  - the report's `estimate_ns` lies in the histogram bucket holding the t-th largest latency
    (the bucket's width is the stated precision, `2^-(significant_bits-1)` of its lower edge).
Usage: recompute_early_stopping.py REPORT.json|ENVELOPE.dsse.json   (exit 0 only if all agree)
"""
import base64
import json
import math
import sys


def binomial_cdf(k, n, p):
    """P(X <= k), X ~ Binomial(n, p), summed in log space."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    lp, lq = math.log(p), math.log1p(-p)
    lnf = math.lgamma(n + 1)
    terms = [lnf - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq for i in range(k + 1)]
    top = max(terms)
    return min(1.0, math.exp(top + math.log(math.fsum(math.exp(x - top) for x in terms))))


def min_under(t, percentile, confidence):
    """h(t): the fewest queries under the estimate that prove the percentile with t over it."""
    tail, limit = 1 - percentile, 1 - confidence
    lo = hi = 1
    while binomial_cdf(t, hi + t, tail) > limit:
        lo, hi = hi + 1, hi * 2
    while lo < hi:
        mid = (lo + hi) // 2
        if binomial_cdf(t, mid + t, tail) <= limit:
            hi = mid
        else:
            lo = mid + 1
    return hi


def supported_t(n, percentile, confidence, hint):
    """The largest t with h(t) + t <= n, or 0 when n is too short. `hint` is checked, then searched around."""
    def fits(t):
        return min_under(t, percentile, confidence) + t <= n
    if not fits(1):
        return 0
    if hint >= 1 and fits(hint) and not fits(hint + 1):
        return hint
    lo, hi = 1, 2
    while fits(hi):
        lo, hi = hi, hi * 2
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid
    return lo


def bucket_of_rank(histogram, rank):
    seen = 0
    for lower, width, count in reversed(histogram["buckets"]):
        seen += count
        if seen >= rank:
            return lower, lower + width
    return None


def load(path):
    with open(path, "rb") as f:
        document = json.load(f)
    if "payload" in document and "payloadType" in document:  # a DSSE envelope: the statement's predicate
        statement = json.loads(base64.b64decode(document["payload"]))
        return statement["predicate"]
    return document


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 64
    report = load(argv[1])
    checked, problems = 0, []
    for workload in report.get("workloads", []):
        for scenario in workload.get("scenarios", []):
            estimate = scenario.get("early_stopping")
            histogram = scenario.get("latency_histogram")
            if estimate is None:
                continue
            where = f"{workload['id']} {scenario['scenario']}"
            if histogram is None:
                problems.append(f"{where}: the report has an early-stopping estimate but no latency histogram")
                continue
            n = sum(bucket[2] for bucket in histogram["buckets"])
            if n != histogram["count"] or n != estimate["queries"]:
                problems.append(f"{where}: the histogram counts {n} latencies, the report says {estimate['queries']}")
                continue
            t = supported_t(n, estimate["percentile"], estimate["confidence"], estimate.get("over_bound", 0))
            if t == 0:
                if estimate["valid"]:
                    problems.append(f"{where}: {n} queries allow no estimate, the report has one")
                else:
                    checked += 1
                continue
            if t != estimate["over_bound"]:
                problems.append(f"{where}: {n} queries allow t = {t}, the report says {estimate['over_bound']}")
                continue
            low, high = bucket_of_rank(histogram, t)
            value = estimate.get("estimate_ns")
            if value is None or not (low <= value < high):
                problems.append(f"{where}: the {t}-th largest latency lies in [{low}, {high}) ns, the report says {value}")
                continue
            checked += 1
            print(f"{where}: n = {n}, t = {t}, p{estimate['percentile'] * 100:g} estimate {value} ns "
                  f"in [{low}, {high}) ns — agrees")
    for problem in problems:
        print("MISMATCH " + problem)
    if checked == 0 and not problems:
        print("no early-stopping estimate in the report")
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
