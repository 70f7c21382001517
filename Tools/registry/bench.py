#!/usr/bin/env python3
"""Load benchmark of a running aitc registry (not a test: it prints figures).

Publishes N generated, validly signed bundles (variants of template bundles: the device model and
report id changed inside the signed report, the subject digest recomputed, the DSSE envelope
re-signed with the template's lab key), from several client threads, and measures the publish
rate. Bundles are signed in batches (--batch) before each batch is timed, as labs sign on their
own machines: the signing's CPU is not taken from the server. Then it measures the p50/p95
latency of a filtered listing (the index query behind a comparison), of a comparison over the
newest entries of a lab (uncached: each timed after 20 new reports of that lab were published;
and repeated, when the registry has them in memory), and of an inclusion proof. With
--checkpoints it publishes in phases (e.g. to 10000, then to 100000) and measures the rate of each
phase and the queries at each size, to show how they scale. With --server-pid it reads the
server's CPU time from /proc and prints the CPU cost per publish. Talks only to a loopback
address. The bundles are held in memory, a batch at a time: nothing is written to disk.

usage: bench.py URL N TEMPLATE.sigstore.json:LAB.key [TEMPLATE2:LAB2.key ...] [--threads T] [--queries Q]
                [--checkpoints N1,N2,...] [--server-pid PID] [--batch B]
"""
import argparse
import base64
import os
import hashlib
import http.client
import json
import random
import statistics
import sys
import threading
import time
import urllib.parse

from cryptography.hazmat.primitives.serialization import load_pem_private_key


class Template:
    def __init__(self, bundle_path, key_path):
        self.bundle = json.load(open(bundle_path))
        envelope = self.bundle["dsseEnvelope"]
        self.payload_type = envelope["payloadType"]
        self.payload = base64.b64decode(envelope["payload"]).decode()
        self.key = load_pem_private_key(open(key_path, "rb").read(), password=None)
        statement = json.loads(self.payload)
        self.lab = statement["predicate"]["lab"]["name"]
        self.device_class = statement["predicate"]["suite"]["device_class"]
        self.suite = statement["predicate"]["suite"]["id"]
        self.model = statement["predicate"]["device"]["info"]["model"]
        self.report_id = statement["predicate"]["report_id"]
        start = self.payload.index('"predicate":') + len('"predicate":')
        end = self.payload.index(',"predicateType":')
        self.head, self.predicate, self.tail = self.payload[:start], self.payload[start:end], self.payload[end:]
        self.old_digest = hashlib.sha256(self.predicate.encode()).hexdigest()
        assert self.old_digest in self.tail, "the template's payload is not the canonical statement this script expects"

        # The bundle as text with the payload and signature left open: a variant is two substitutions.
        marker_payload, marker_sig = "@@PAYLOAD@@", "@@SIG@@"
        shell = json.loads(json.dumps(self.bundle))
        shell["dsseEnvelope"]["payload"] = marker_payload
        shell["dsseEnvelope"]["signatures"][0]["sig"] = marker_sig
        text = json.dumps(shell, separators=(",", ":"))
        self.before, rest = text.split(marker_payload)
        self.middle, self.after = rest.split(marker_sig)
        self.model_member = '"model":%s' % json.dumps(self.model)
        self.report_member = '"report_id":%s' % json.dumps(self.report_id)

    def variant(self, i):
        """The template signed anew for device model bench-<i>: a new, valid bundle."""
        predicate = self.predicate.replace(self.model_member, '"model":"bench-%07d"' % i, 1)
        predicate = predicate.replace(self.report_member, '"report_id":"%s-%07d"' % (self.report_id, i), 1)
        digest = hashlib.sha256(predicate.encode()).hexdigest()
        payload = (self.head + predicate + self.tail.replace(self.old_digest, digest)).encode()
        t = self.payload_type.encode()
        pae = b"DSSEv1 %d %s %d %s" % (len(t), t, len(payload), payload)
        signature = base64.b64encode(self.key.sign(pae)).decode()
        return (self.before + base64.b64encode(payload).decode() + self.middle + signature + self.after).encode()


def server_cpu_seconds(pid):
    """utime + stime of a process, from /proc (Linux), in seconds."""
    if pid is None:
        return None
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def processes_cpu_seconds(name):
    """utime + stime of every process whose command name is `name` (the database server's), in seconds."""
    if name is None:
        return None
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = open(f"/proc/{entry}/stat").read()
        except OSError:
            continue
        command, rest = stat.split("(", 1)[1].rsplit(")", 1)
        if command == name:
            fields = rest.split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("n", type=int)
    parser.add_argument("templates", nargs="+")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--checkpoints", default="")
    parser.add_argument("--server-pid", type=int)
    parser.add_argument("--database-processes",
                        help="command name of the database server's processes (postgres): their CPU per publish is printed too")
    parser.add_argument("--batch", type=int, default=5000,
                        help="bundles signed ahead of each timed batch of publishes (memory: ~50 kB each)")
    parser.add_argument("--cold", type=int, default=20,
                        help="uncached comparisons timed per checkpoint, each after 20 new reports of the compared lab")
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.url)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("bench.py: only a registry on loopback is benchmarked")
    templates = [Template(*spec.split(":", 1)) for spec in args.templates]
    checkpoints = sorted({int(x) for x in args.checkpoints.split(",") if x} | {args.n})
    names = []
    lock = threading.Lock()
    failures = []

    def publish(first, last, template=None):
        """Publishes bundles first..<last; returns (seconds, server CPU seconds) of the sending only.

        The bundles are signed before the clock starts, --batch at a time (a lab signs on its own
        machine; the client's signing would otherwise take CPU from the server on this machine)."""
        elapsed, cpu, database = 0.0, 0.0, 0.0
        for start in range(first, last, args.batch):
            end = min(last, start + args.batch)
            bodies = [(template or templates[i % len(templates)]).variant(i) for i in range(start, end)]
            counter = iter(bodies)

            def worker():
                connection = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
                while True:
                    with lock:
                        body = next(counter, None)
                    if body is None:
                        return
                    connection.request("POST", "/api/v1/bundles", body, {"Content-Type": "application/json"})
                    response = connection.getresponse()
                    answer = response.read()
                    with lock:
                        if response.status in (200, 201):
                            names.append(json.loads(answer)["entry"]["bundle_sha256"])
                        else:
                            failures.append((response.status, answer[:200]))

            threads = [threading.Thread(target=worker) for _ in range(args.threads)]
            cpu0, db0 = server_cpu_seconds(args.server_pid), processes_cpu_seconds(args.database_processes)
            t0 = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed += time.perf_counter() - t0
            if cpu0 is not None:
                cpu += server_cpu_seconds(args.server_pid) - cpu0
            if db0 is not None:
                database += processes_cpu_seconds(args.database_processes) - db0
            if failures:
                sys.exit(f"bench.py: {len(failures)} publishes refused, first: {failures[0]}")
        return (elapsed, cpu if args.server_pid is not None else None,
                database if args.database_processes is not None else None)

    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=300)

    def timed(path, expect_entries=False):
        t0 = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            sys.exit(f"bench.py: GET {path} answered {response.status}")
        if expect_entries and b'"entries":[]' in body:
            sys.exit(f"bench.py: GET {path} found no entries, so it measured nothing")
        return 1000 * (time.perf_counter() - t0)

    first = templates[0]
    # %20, not +, for spaces: the registry reads + in a query as a plus sign.
    query = urllib.parse.urlencode({"device_class": first.device_class, "suite_id": first.suite, "lab": first.lab, "limit": 100}, quote_via=urllib.parse.quote)
    compare_query = urllib.parse.urlencode({"device_class": first.device_class, "suite_id": first.suite, "lab": first.lab, "limit": 20}, quote_via=urllib.parse.quote)
    done = 0
    for checkpoint in checkpoints:
        # The last cold * 20 reports of the phase are published between the uncached comparisons.
        reserved = 20 * args.cold if checkpoint - done > 40 * args.cold else 0
        load0 = open("/proc/loadavg").read().split()[0]
        elapsed, server_cpu, database_cpu = publish(done, checkpoint - reserved)
        load1 = open("/proc/loadavg").read().split()[0]
        count = checkpoint - reserved - done
        cpu = f"; server CPU {1000 * server_cpu / count:.2f} ms per publish" if server_cpu is not None else ""
        if database_cpu is not None:
            cpu += f"; {args.database_processes} CPU {1000 * database_cpu / count:.2f} ms per publish"
        print(f"at {checkpoint}: published {count} bundles in {elapsed:.1f} s of sending with {args.threads} clients: "
              f"{count / elapsed:.1f} publishes/s{cpu}; machine load average {load0} -> {load1} (1 min, "
              f"{os.cpu_count()} cores)", flush=True)
        # Uncached comparisons: each after 20 new reports of the compared lab, so none of the 20
        # compared was read before (the registry keeps reports it compared).
        cold = []
        for k in range(reserved // 20):
            publish(checkpoint - reserved + 20 * k, checkpoint - reserved + 20 * (k + 1), first)
            cold.append(timed("/api/v1/compare?" + compare_query, True))
        done = checkpoint
        listing = [timed("/api/v1/bundles?" + query, True) for _ in range(args.queries)]
        compare = [timed("/api/v1/compare?" + compare_query, True) for _ in range(max(10, args.queries // 4))]
        rng = random.Random(checkpoint)
        proofs = [timed("/api/v1/proofs/inclusion/" + rng.choice(names)) for _ in range(args.queries)]
        for label, values in (("filtered listing (100 newest of a lab)", listing),
                              ("filtered comparison of 20 reports, none compared before", cold),
                              ("filtered comparison of 20 reports", compare), ("inclusion proof", proofs)):
            if values:
                print(f"at {checkpoint}: {label}: p50 {percentile(values, 50):.1f} ms, p95 {percentile(values, 95):.1f} ms over {len(values)} requests", flush=True)


if __name__ == "__main__":
    main()
