"""Shared by check_models.py and check_suites.py: running refcheck on a model's inputs, and the float
tolerance both hold the reference backend to."""
import os, subprocess
import numpy as np


def run_refcheck(exe, path, arrays, threads, tmp):
    """Runs refcheck on model `path` with `arrays` (in the model's input order); returns (outputs, None)
    or (None, the reason)."""
    args = [exe, path, "--out", os.path.join(tmp, "o"), "--threads", str(threads)]
    for k, x in enumerate(arrays):
        p = os.path.join(tmp, f"in_{k}.npy")
        np.save(p, x)
        args.append(p)
    r = subprocess.run(args, capture_output=True, text=True, timeout=600)
    if r.returncode:
        return None, (r.stdout + r.stderr).strip()
    outs, k = [], 0
    while os.path.exists(os.path.join(tmp, f"o{k}.npy")):
        outs.append(np.load(os.path.join(tmp, f"o{k}.npy")))
        os.remove(os.path.join(tmp, f"o{k}.npy"))
        k += 1
    return outs, None


def float_worst(got, want, step=0.0):
    """Largest error over its tolerance (<= 1 passes): 1e-4 relative with a 1e-5 absolute floor element
    by element, or the largest error within 1e-4 of the output's largest magnitude, whichever is
    kinder; plus `step` (one quantization step) for dequantized outputs."""
    err = np.abs(got.astype(np.float64) - want)
    if not err.size:
        return 0.0
    elem = float((err / (1e-5 + 1e-4 * np.abs(want) + step * 1.0001)).max())
    scale = float(err.max() / max(1e-4 * float(np.abs(want).max()) + step * 1.0001, 1e-5))
    return min(elem, scale)
