#!/usr/bin/env python3
"""Load benchmark of a running aitc registry (not a test: it prints figures).

Publishes N generated, validly signed bundles (variants of template bundles: the device model and
report id changed inside the signed report, the subject digest recomputed, the DSSE envelope
re-signed with the template's lab key), from several client threads, and measures the publish
rate; then the p50/p95 latency of a filtered listing (the index query behind a comparison), of a
comparison over the newest entries, and of an inclusion proof. Talks only to a loopback address.

usage: bench.py URL N TEMPLATE.sigstore.json:LAB.key [TEMPLATE2:LAB2.key ...] [--threads T] [--queries Q]
"""
import argparse
import base64
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

    def variant(self, i):
        """The template signed anew for device model bench-<i>: a new, valid bundle."""
        predicate = self.predicate.replace('"model":%s' % json.dumps(self.model), '"model":"bench-%06d"' % i, 1)
        predicate = predicate.replace('"report_id":%s' % json.dumps(self.report_id), '"report_id":"%s-%06d"' % (self.report_id, i), 1)
        digest = hashlib.sha256(predicate.encode()).hexdigest()
        payload = (self.head + predicate + self.tail.replace(self.old_digest, digest)).encode()
        t = self.payload_type.encode()
        pae = b"DSSEv1 %d %s %d %s" % (len(t), t, len(payload), payload)
        bundle = json.loads(json.dumps(self.bundle))
        bundle["dsseEnvelope"]["payload"] = base64.b64encode(payload).decode()
        bundle["dsseEnvelope"]["signatures"][0]["sig"] = base64.b64encode(self.key.sign(pae)).decode()
        return json.dumps(bundle, separators=(",", ":")).encode()


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
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.url)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("bench.py: only a registry on loopback is benchmarked")
    templates = [Template(*spec.split(":", 1)) for spec in args.templates]
    names = []
    lock = threading.Lock()
    failures = []
    counter = iter(range(args.n))

    def worker():
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            body = templates[i % len(templates)].variant(i)
            connection.request("POST", "/api/v1/bundles", body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            answer = response.read()
            with lock:
                if response.status in (200, 201):
                    names.append(json.loads(answer)["entry"]["bundle_sha256"])
                else:
                    failures.append((response.status, answer[:200]))

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if failures:
        sys.exit(f"bench.py: {len(failures)} publishes refused, first: {failures[0]}")

    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=300)

    def timed(path):
        t0 = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            sys.exit(f"bench.py: GET {path} answered {response.status}")
        return 1000 * (time.perf_counter() - t0)

    first = templates[0]
    query = urllib.parse.urlencode({"device_class": first.device_class, "suite_id": first.suite, "lab": first.lab, "limit": 100})
    listing = [timed("/api/v1/bundles?" + query) for _ in range(args.queries)]
    compare_query = urllib.parse.urlencode({"device_class": first.device_class, "suite_id": first.suite, "limit": 20})
    compare = [timed("/api/v1/compare?" + compare_query) for _ in range(max(10, args.queries // 10))]
    rng = random.Random(1)
    proofs = [timed("/api/v1/proofs/inclusion/" + rng.choice(names)) for _ in range(args.queries)]
    print(f"published {len(names)} bundles in {elapsed:.1f} s with {args.threads} clients: {len(names) / elapsed:.1f} publishes/s")
    for label, values in (("filtered listing (100 newest of a lab)", listing), ("comparison of 20 reports", compare), ("inclusion proof", proofs)):
        print(f"{label}: p50 {percentile(values, 50):.1f} ms, p95 {percentile(values, 95):.1f} ms over {len(values)} requests")


if __name__ == "__main__":
    main()
