#!/usr/bin/env python3
"""Robustness fuzzing of the reference backend's ONNX parser and planner.

Feeds refcheck (--supports, then a run) with truncated, bit-flipped, byte-inserted, wrong-wire-type
and absurd-dim variants of small valid models. A refusal or error exit is fine; death by a signal
(or a hang past the timeout) is a failure. Bounded by --count and --seconds.
Usage: fuzz_parser.py [--refcheck PATH] [--count 400] [--seconds 120] [--seed 1]
"""
import argparse, os, random, signal, subprocess, sys, tempfile, time
import numpy as np
import onnx
from onnx import helper as oh, TensorProto as TP, numpy_helper as nh

HERE = os.path.dirname(os.path.abspath(__file__))


def seeds():
    r = np.random.default_rng(0)
    f = lambda *s: r.uniform(-1, 1, s).astype(np.float32)
    out = []
    g = oh.make_graph(
        [oh.make_node("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1], name="conv"), oh.make_node("Relu", ["c"], ["r"]),
         oh.make_node("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2]), oh.make_node("Flatten", ["p"], ["fl"]),
         oh.make_node("Gemm", ["fl", "fw", "fb"], ["y"], transB=1)],
        "cnn", [oh.make_tensor_value_info("x", TP.FLOAT, ["N", 1, 8, 8])], [oh.make_tensor_value_info("y", TP.FLOAT, ["N", 4])],
        [nh.from_array(f(4, 1, 3, 3), "w"), nh.from_array(f(4), "b"), nh.from_array(f(4, 64), "fw"), nh.from_array(f(4), "fb")])
    out.append(oh.make_model(g, opset_imports=[oh.make_opsetid("", 13)]))
    # typed (non-raw) fields, packed and unpacked repeated values, shape-folding chain
    w = oh.make_tensor("w2", TP.FLOAT, [2, 3], [float(i) for i in range(6)])
    idx = oh.make_tensor("i0", TP.INT64, [], [0])
    g = oh.make_graph(
        [oh.make_node("Shape", ["x"], ["s"]), oh.make_node("Gather", ["s", "i0"], ["n"]), oh.make_node("Unsqueeze", ["n", "ax"], ["nu"]),
         oh.make_node("Concat", ["nu", "m1"], ["shp"], axis=0), oh.make_node("Reshape", ["x", "shp"], ["xr"]),
         oh.make_node("MatMul", ["xr", "w2"], ["y"]), oh.make_node("Softmax", ["y"], ["z"], axis=-1)],
        "shape", [oh.make_tensor_value_info("x", TP.FLOAT, [1, 2])], [oh.make_tensor_value_info("z", TP.FLOAT, [1, 3])],
        [w, idx, oh.make_tensor("ax", TP.INT64, [1], [0]), oh.make_tensor("m1", TP.INT64, [1], [-1])])
    out.append(oh.make_model(g, opset_imports=[oh.make_opsetid("", 13)]))
    return [m.SerializeToString() for m in out]


def absurd_variants(base):
    """Structured corruptions built with the protobuf API rather than random bytes."""
    v = []
    m = onnx.load_from_string(base)
    t = onnx.ModelProto(); t.CopyFrom(m); t.graph.initializer[0].dims[0] = 2 ** 40; v.append(t)
    t = onnx.ModelProto(); t.CopyFrom(m); t.graph.initializer[0].dims.extend([2 ** 31] * 3); v.append(t)
    t = onnx.ModelProto(); t.CopyFrom(m); t.graph.initializer[0].dims[0] = -5; v.append(t)
    t = onnx.ModelProto(); t.CopyFrom(m); t.graph.input[0].type.tensor_type.shape.dim[2].dim_value = 2 ** 62; v.append(t)
    t = onnx.ModelProto(); t.CopyFrom(m); t.graph.input[0].type.tensor_type.shape.dim[2].dim_value = 0; v.append(t)
    t = onnx.ModelProto(); t.CopyFrom(m); t.graph.initializer[0].data_type = 99; v.append(t)
    t = onnx.ModelProto(); t.CopyFrom(m); t.graph.initializer[0].raw_data = t.graph.initializer[0].raw_data[:-4]; v.append(t)
    t = onnx.ModelProto(); t.CopyFrom(m); t.graph.node[0].attribute[0].ints[:] = [2 ** 60] * 4; v.append(t)
    t = onnx.ModelProto(); t.CopyFrom(m); t.graph.node[2].attribute[0].ints[:] = [0, -3]; v.append(t)
    t = onnx.ModelProto(); t.CopyFrom(m); t.graph.node.reverse(); v.append(t)
    t = onnx.ModelProto(); t.CopyFrom(m); t.graph.node[1].input[0] = "nope"; v.append(t)
    t = onnx.ModelProto(); t.CopyFrom(m); del t.opset_import[:]; v.append(t)
    t = onnx.ModelProto(); t.CopyFrom(m); t.graph.node[4].input.extend(["x", "x", "x"]); v.append(t)
    return [x.SerializeToString() for x in v]


def wrong_wire(data, rng):
    """Rewrites one top-level-ish tag byte to a different wire type."""
    b = bytearray(data)
    for _ in range(20):
        i = rng.randrange(len(b))
        if b[i] & 0x80:
            continue
        field = b[i] >> 3
        if 1 <= field <= 20:
            b[i] = (field << 3) | rng.choice([0, 1, 2, 3, 4, 5, 6, 7])
            break
    return bytes(b)


def mutate(data, rng):
    k = rng.randrange(6)
    b = bytearray(data)
    if k == 0:
        return bytes(b[:rng.randrange(len(b))])
    if k == 1:
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(b)); b[i] ^= 1 << rng.randrange(8)
        return bytes(b)
    if k == 2:
        i = rng.randrange(len(b)); b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        return bytes(b)
    if k == 3:
        return wrong_wire(data, rng)
    if k == 4:  # varint bombs: 0xff runs
        i = rng.randrange(len(b)); b[i:i + 10] = b"\xff" * 10
        return bytes(b)
    i = rng.randrange(len(b)); j = min(len(b), i + rng.randint(1, 64)); del b[i:j]
    return bytes(b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--refcheck", default=os.path.join(HERE, "refcheck"))
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    base = seeds()
    cases = [("absurd", x) for x in absurd_variants(base[0])]
    while len(cases) < a.count:
        cases.append(("random", mutate(rng.choice(base), rng)))
    t0 = time.time()
    crashes = runs = refused = 0
    with tempfile.TemporaryDirectory() as tmp:
        np.save(os.path.join(tmp, "x.npy"), np.zeros((1, 1, 8, 8), np.float32))
        np.save(os.path.join(tmp, "x2.npy"), np.zeros((1, 2), np.float32))
        for n, (kind, data) in enumerate(cases):
            if time.time() - t0 > a.seconds:
                break
            mp = os.path.join(tmp, "f.onnx")
            with open(mp, "wb") as fh:
                fh.write(data)
            for args in ([mp, "--supports"], [mp, "--out", os.path.join(tmp, "o"), os.path.join(tmp, "x.npy")]):
                try:
                    env = dict(os.environ, ASAN_OPTIONS="abort_on_error=1:detect_leaks=0", UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1")
                    r = subprocess.run([a.refcheck] + args, capture_output=True, timeout=20, env=env)
                    code = r.returncode
                except subprocess.TimeoutExpired:
                    code = -999
                runs += 1
                if code < 0:
                    crashes += 1
                    bad = os.path.join(HERE, f"crash_{n}.onnx")
                    with open(bad, "wb") as fh:
                        fh.write(data)
                    print(f"CRASH case {n} ({kind}) {'timeout' if code == -999 else signal.Signals(-code).name}: saved {bad}")
                    break
                if code == 3:
                    refused += 1
    print(f"{runs} runs over {n + 1} cases in {time.time() - t0:.1f}s: {crashes} crashes, {refused} refusals")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
