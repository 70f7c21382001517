#!/usr/bin/env python3
"""Digest checks for generated workloads.

  verify.py check DIR             exit 0 when every file listed in DIR/manifest.json exists with its sha256
  verify.py compare NEW COMMITTED exit 0 when two manifest.json files list the same file digests
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlcommon  # noqa: E402


def main(argv):
    if len(argv) == 3 and argv[1] == "check":
        problems = wlcommon.verify_manifest(argv[2], quiet=True)
        for p in problems:
            print(f"  {argv[2]}: {p}")
        return 1 if problems else 0
    if len(argv) == 4 and argv[1] == "compare":
        with open(argv[2], encoding="utf-8") as f:
            new = json.load(f)
        with open(argv[3], encoding="utf-8") as f:
            old = json.load(f)
        diffs = wlcommon.compare_manifests(new, old)
        for d in diffs:
            print("  " + d)
        return 1 if any(not d.startswith("note:") for d in diffs) else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
