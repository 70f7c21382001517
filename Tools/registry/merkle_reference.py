#!/usr/bin/env python3
"""An independent RFC 9162 Merkle tree written straight from the RFC's recursive definitions
(§2.1.1 MTH, §2.1.3.1 PATH, §2.1.4.1 PROOF/SUBPROOF), with no caching: the oracle TransparencyTests
compares the Swift tree against. Leaves are the UTF-8 strings "leaf-0", "leaf-1", ...

usage: merkle_reference.py N   prints JSON {roots, inclusion, consistency} for every size up to N.
"""
import hashlib
import json
import sys


def mth(d):
    if len(d) == 0:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return hashlib.sha256(b"\x00" + d[0]).digest()
    k = 1
    while k * 2 < len(d):
        k *= 2
    return hashlib.sha256(b"\x01" + mth(d[:k]) + mth(d[k:])).digest()


def path(m, d):
    if len(d) <= 1:
        return []
    k = 1
    while k * 2 < len(d):
        k *= 2
    if m < k:
        return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]


def subproof(m, d, b):
    if m == len(d):
        return [] if b else [mth(d)]
    k = 1
    while k * 2 < len(d):
        k *= 2
    if m <= k:
        return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]


def main():
    n = int(sys.argv[1])
    leaves = [f"leaf-{i}".encode() for i in range(n)]
    out = {"roots": [], "inclusion": {}, "consistency": {}}
    for size in range(n + 1):
        d = leaves[:size]
        out["roots"].append(mth(d).hex())
        for m in range(size):
            out["inclusion"][f"{m}/{size}"] = [h.hex() for h in path(m, d)]
        for old in range(1, size):
            out["consistency"][f"{old}/{size}"] = [h.hex() for h in subproof(old, d, True)]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
