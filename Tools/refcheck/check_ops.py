#!/usr/bin/env python3
"""Per-operator correctness check of the reference backend against onnxruntime.

Builds small seeded ONNX graphs with onnx.helper for each operator / attribute combination, runs them
in onnxruntime (CPU, 1 thread) and in Tools/refcheck/refcheck, and compares: float32 within
1e-4 relative (1e-5 absolute floor); int8/uint8 within one quantization step; ints exactly.
Prints one line per case and "N passed, N failed"; exits non-zero on any failure.
Usage: check_ops.py [--refcheck PATH] [--only SUBSTR] [--keep DIR] [--threads N]
"""
import argparse, os, subprocess, sys, tempfile
import numpy as np
import onnx
from onnx import helper as oh, TensorProto as TP, numpy_helper as nh
import onnxruntime as ort

ort.set_default_logger_severity(3)

HERE = os.path.dirname(os.path.abspath(__file__))
NP2TP = {np.float32: TP.FLOAT, np.int64: TP.INT64, np.int32: TP.INT32, np.uint8: TP.UINT8, np.int8: TP.INT8, np.bool_: TP.BOOL}


def tp_of(a):
    return NP2TP[a.dtype.type]


def make_model(nodes, inputs, outputs, inits=None, opset=13):
    """inputs: dict name -> array (graph inputs); outputs: list of names; inits: dict name -> array."""
    inits = inits or {}
    g = oh.make_graph(
        nodes, "case",
        [oh.make_tensor_value_info(k, tp_of(v), list(v.shape)) for k, v in inputs.items()],
        [onnx.ValueInfoProto(name=o) for o in outputs],
        [nh.from_array(v, k) for k, v in inits.items()])
    m = oh.make_model(g, opset_imports=[oh.make_opsetid("", opset)])
    m.ir_version = 8
    try:
        inferred = onnx.shape_inference.infer_shapes(m)
    except Exception:
        return m
    types = {vi.name: vi.type for vi in inferred.graph.value_info}
    for o in m.graph.output:
        if o.name in types:
            o.type.CopyFrom(types[o.name])
            o.type.tensor_type.ClearField("shape")
    return m


def run_ort(m, feeds):
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    s = ort.InferenceSession(m.SerializeToString(), so, providers=["CPUExecutionProvider"])
    return s.run(None, feeds)


def run_ref(refcheck, m, feeds, tmp, threads=1, repeat=0):
    mp = os.path.join(tmp, "m.onnx")
    onnx.save(m, mp)
    args = [refcheck, mp, "--out", os.path.join(tmp, "out"), "--threads", str(threads)]
    if repeat:
        args += ["--repeat", str(repeat)]
    for i, (k, v) in enumerate(feeds.items()):
        p = os.path.join(tmp, f"in{i}.npy")
        np.save(p, v)
        args.append(p)
    r = subprocess.run(args, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        return None, (r.stdout + r.stderr).strip()
    outs = []
    i = 0
    while os.path.exists(os.path.join(tmp, f"out{i}.npy")):
        outs.append(np.load(os.path.join(tmp, f"out{i}.npy")))
        os.remove(os.path.join(tmp, f"out{i}.npy"))
        i += 1
    return outs, r.stdout


def compare(ref, got, tol=(1, 0.0)):
    qstep, fstep = tol
    if ref.shape != got.shape:
        return False, f"shape {got.shape} != {ref.shape}"
    if ref.dtype != got.dtype:
        return False, f"dtype {got.dtype} != {ref.dtype}"
    if ref.size == 0:
        return True, "empty"
    if ref.dtype == np.float32:
        err = np.abs(ref.astype(np.float64) - got)
        lim = 1e-5 + 1e-4 * np.abs(ref) + fstep * 1.0001
        bad = err > lim
        if bad.any():
            return False, f"max err {err.max():.3g} ({bad.sum()} of {ref.size} out of tolerance)"
        return True, f"max err {err.max():.2g}"
    if ref.dtype in (np.int8, np.uint8) and qstep:
        d = np.abs(ref.astype(np.int32) - got.astype(np.int32))
        if d.max() > qstep:
            return False, f"max diff {d.max()} steps"
        return True, f"max diff {d.max()} step(s), {(d > 0).mean() * 100:.2f}% off by one"
    if not np.array_equal(ref, got):
        return False, "values differ"
    return True, "exact"


R = np.random.default_rng(1234)


def f32(*s, lo=-1.0, hi=1.0):
    return R.uniform(lo, hi, size=s).astype(np.float32)


def node(op, ins, outs, **attrs):
    return oh.make_node(op, ins, outs, **attrs)


CASES = []


def case(name, nodes, inputs, outputs, inits=None, opset=13, qstep=1, fstep=0.0):
    """fstep: float outputs that are dequantized values may differ by one step of this size (one
    quantization step, as int8 outputs), besides the float tolerance."""
    CASES.append((name, nodes, inputs, outputs, inits or {}, opset, (qstep, fstep)))


def conv_cases():
    for (C, M, k, s, p, d, g, ap, H) in [
        (3, 8, 3, 1, 1, 1, 1, None, 9), (4, 6, 3, 2, 1, 1, 1, None, 10), (4, 8, 1, 1, 0, 1, 1, None, 7),
        (8, 8, 3, 1, 1, 1, 8, None, 9), (8, 8, 3, 2, 1, 1, 8, None, 10), (6, 12, 3, 1, 0, 2, 3, None, 11),
        (4, 4, 5, 2, 2, 1, 2, None, 13), (3, 5, 3, 1, 0, 1, 1, "SAME_UPPER", 8), (3, 5, 4, 2, 0, 1, 1, "SAME_UPPER", 9),
        (3, 5, 4, 2, 0, 1, 1, "SAME_LOWER", 9), (3, 5, 3, 2, 0, 1, 1, "VALID", 9), (16, 16, 3, 1, 1, 1, 16, None, 20),
        (16, 24, 1, 2, 0, 1, 1, None, 12), (32, 64, 3, 1, 1, 1, 1, None, 14), (8, 16, 7, 1, 3, 1, 1, None, 5),
        (8, 8, 3, 1, 2, 2, 8, None, 9),
        # depthwise on both AVX-512 paths: masked loads from the input (rows up to 32) and the padded
        # plane (wider rows); strides 1 and 2, 3x3 and 5x5, asymmetric SAME padding
        (8, 8, 3, 1, 1, 1, 8, None, 40), (8, 8, 3, 2, 1, 1, 8, None, 70), (8, 8, 5, 2, 2, 1, 8, None, 15),
        (8, 8, 5, 1, 2, 1, 8, None, 37), (8, 8, 3, 2, 0, 1, 8, "SAME_UPPER", 12), (8, 8, 3, 2, 0, 1, 8, "SAME_UPPER", 67),
        # small output planes run as the transposed GEMM (positions as rows, channels as columns)
        (16, 32, 1, 1, 0, 1, 1, None, 4), (24, 48, 3, 1, 1, 1, 1, None, 4), (40, 64, 3, 2, 1, 1, 1, None, 9),
        # im2col in chunks of positions that cross output rows (2 and 6 chunks; with --threads 2 the
        # latter runs chunk-parallel)
        (64, 16, 3, 1, 1, 1, 1, None, 16), (64, 8, 3, 2, 1, 1, 1, None, 33), (128, 8, 3, 1, 1, 1, 1, None, 24)]:
        x = f32(1, C, H, H + 1)
        w = f32(M, C // g, k, k)
        b = f32(M)
        attrs = dict(kernel_shape=[k, k], strides=[s, s], dilations=[d, d], group=g)
        if ap:
            attrs["auto_pad"] = ap
        else:
            attrs["pads"] = [p, p, p, p]
        nm = f"Conv C{C} M{M} k{k} s{s} p{p} d{d} g{g}" + (f" {ap}" if ap else "")
        case(nm, [node("Conv", ["x", "w", "b"], ["y"], **attrs)], {"x": x}, ["y"], {"w": w, "b": b})
    for k, st, pads in [(5, 1, [2, 2, 2, 2]), (5, 2, [2, 1, 2, 2]), (7, 1, [3, 3, 3, 3]), (7, 2, [3, 2, 1, 3]), (3, 2, [0, 1, 1, 0])]:
        case(f"Conv depthwise k{k} s{st} pads{pads} relu", [node("Conv", ["x", "w", "b"], ["c"], group=6, strides=[st, st], pads=pads),
                                                             node("Relu", ["c"], ["y"])],
             {"x": f32(2, 6, 15, 12)}, ["y"], {"w": f32(6, 1, k, k), "b": f32(6)})
    x = f32(2, 4, 6, 7)
    case("Conv batch2 no bias asym pads", [node("Conv", ["x", "w"], ["y"], pads=[0, 1, 2, 1])], {"x": x}, ["y"], {"w": f32(5, 4, 3, 3)})
    case("Conv 1-D", [node("Conv", ["x", "w", "b"], ["y"], pads=[1, 1], strides=[2])], {"x": f32(1, 3, 17)}, ["y"], {"w": f32(4, 3, 3), "b": f32(4)})
    case("Conv+Relu fused", [node("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1]), node("Relu", ["c"], ["y"])],
         {"x": f32(1, 4, 8, 8)}, ["y"], {"w": f32(8, 4, 3, 3), "b": f32(8)})
    # Paddle's Conv bias as a separate Add of [1, M, 1, 1]: folded into the Conv's bias at load; a
    # constant of M elements along another axis must not be
    case("Conv+Add(1,M,1,1)+Relu", [node("Conv", ["x", "w"], ["c"], pads=[1, 1, 1, 1]), node("Add", ["c", "k"], ["a"]), node("Relu", ["a"], ["y"])],
         {"x": f32(1, 4, 8, 8)}, ["y"], {"w": f32(8, 4, 3, 3), "k": f32(1, 8, 1, 1)})
    case("Conv(bias)+Add(M,1,1) const first", [node("Conv", ["x", "w", "b"], ["c"]), node("Add", ["k", "c"], ["y"])],
         {"x": f32(2, 4, 6, 6)}, ["y"], {"w": f32(6, 4, 1, 1), "b": f32(6), "k": f32(6, 1, 1)})
    case("Conv+Add(1,1,1,W) not folded", [node("Conv", ["x", "w"], ["c"]), node("Add", ["c", "k"], ["y"])],
         {"x": f32(1, 4, 5, 6)}, ["y"], {"w": f32(6, 4, 1, 1), "k": f32(1, 1, 1, 6)})
    # the erf Gelu as exported (Div, Erf, Add, Mul, Mul) is fused into one operator at load; an
    # intermediate that is also a graph output keeps the nodes
    gelu = [node("Div", ["x", "c"], ["t"]), node("Erf", ["t"], ["e"]), node("Add", ["e", "one"], ["a"]), node("Mul", ["x", "a"], ["m"]),
            node("Mul", ["m", "half"], ["y"])]
    gk = {"c": np.float32(1.4142135), "one": np.float32(1.0), "half": np.float32(0.5)}
    case("Gelu pattern fused", gelu, {"x": f32(2, 3, 50, 41, lo=-5, hi=5)}, ["y"], gk)
    case("Gelu pattern with a visible intermediate", gelu, {"x": f32(2, 3, 7, lo=-5, hi=5)}, ["y", "e"], gk)
    # narrow depthwise planes (output as wide as the input, under 16) run flattened: 16 positions over
    # several rows per masked load
    case("Conv depthwise narrow flat 3x3", [node("Conv", ["x", "w", "b"], ["y"], group=8, pads=[1, 1, 1, 1])],
         {"x": f32(2, 8, 25, 5)}, ["y"], {"w": f32(8, 1, 3, 3), "b": f32(8)})
    case("Conv depthwise narrow flat 5x5 asym pads", [node("Conv", ["x", "w"], ["y"], group=4, pads=[0, 2, 4, 2])],
         {"x": f32(1, 4, 9, 7)}, ["y"], {"w": f32(4, 1, 5, 5)})
    case("Conv+Clip fused small plane batch2", [node("Conv", ["x", "w", "b"], ["c"]), node("Clip", ["c", "lo", "hi"], ["y"])],
         {"x": f32(2, 16, 5, 5, lo=-3, hi=3)}, ["y"], {"w": f32(32, 16, 1, 1), "b": f32(32), "lo": np.float32(0), "hi": np.float32(1.0)})
    case("Conv+Clip6 fused dw", [node("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1], group=8), node("Clip", ["c", "lo", "hi"], ["y"])],
         {"x": f32(1, 8, 8, 8, lo=-5, hi=5)}, ["y"], {"w": f32(8, 1, 3, 3, lo=-2, hi=2), "b": f32(8), "lo": np.float32(0), "hi": np.float32(1.0)})
    case("ConvTranspose s2", [node("ConvTranspose", ["x", "w", "b"], ["y"], strides=[2, 2], pads=[1, 1, 1, 1], output_padding=[1, 1])],
         {"x": f32(1, 4, 5, 6)}, ["y"], {"w": f32(4, 3, 3, 3), "b": f32(3)})
    case("ConvTranspose k2 s2 (upsampling copy path)", [node("ConvTranspose", ["x", "w", "b"], ["y"], strides=[2, 2])],
         {"x": f32(2, 6, 5, 7)}, ["y"], {"w": f32(6, 4, 2, 2), "b": f32(4)})
    case("ConvTranspose k2 s2 g2 no bias", [node("ConvTranspose", ["x", "w"], ["y"], strides=[2, 2], group=2)],
         {"x": f32(1, 4, 3, 3)}, ["y"], {"w": f32(4, 3, 2, 2)})
    case("ConvTranspose k2 s2 output_padding", [node("ConvTranspose", ["x", "w"], ["y"], strides=[2, 2], output_padding=[1, 1])],
         {"x": f32(1, 4, 3, 3)}, ["y"], {"w": f32(4, 3, 2, 2)})
    case("ConvTranspose g2 d2", [node("ConvTranspose", ["x", "w"], ["y"], group=2, dilations=[2, 2])],
         {"x": f32(1, 4, 5, 5)}, ["y"], {"w": f32(4, 2, 3, 3)})


def elementwise_cases():
    shapes = [((2, 3, 4), (2, 3, 4)), ((2, 3, 4), (4,)), ((2, 1, 4), (3, 1)), ((1,), (2, 3)), ((2, 3, 4, 5), (3, 1, 1)), ((), (3, 2))]
    for op in ["Add", "Sub", "Mul", "Div"]:
        for a, b in shapes:
            B = f32(*b, lo=0.5, hi=2.0) if op == "Div" else f32(*b)
            case(f"{op} {a}x{b}", [node(op, ["a", "b"], ["y"])], {"a": f32(*a), "b": B}, ["y"])
    case("Add int64", [node("Add", ["a", "b"], ["y"])], {"a": R.integers(-9, 9, (3, 4)).astype(np.int64), "b": R.integers(-9, 9, (4,)).astype(np.int64)}, ["y"])
    case("Mul int32", [node("Mul", ["a", "b"], ["y"])], {"a": R.integers(-9, 9, (3, 4)).astype(np.int32), "b": R.integers(-9, 9, (3, 1)).astype(np.int32)}, ["y"])
    case("Div int64", [node("Div", ["a", "b"], ["y"])], {"a": R.integers(-50, 50, (6,)).astype(np.int64), "b": np.array([3, -3, 7, 2, -5, 1], np.int64)}, ["y"])
    case("Pow", [node("Pow", ["a", "b"], ["y"])], {"a": f32(3, 4, lo=0.1, hi=3), "b": f32(4, lo=-2, hi=2)}, ["y"])
    case("Pow int exp", [node("Pow", ["a", "b"], ["y"])], {"a": f32(3, 4)}, ["y"], {"b": np.array(2, np.int64)})
    case("Pow float exp 2 (squared)", [node("Pow", ["a", "b"], ["y"])], {"a": f32(3, 40, lo=-3, hi=3)}, ["y"], {"b": np.float32(2.0)})
    case("Pow float exp 1", [node("Pow", ["a", "b"], ["y"])], {"a": f32(3, 40, lo=-3, hi=3)}, ["y"], {"b": np.float32(1.0)})
    case("Equal", [node("Equal", ["a", "b"], ["y"])], {"a": R.integers(0, 3, (3, 4)).astype(np.int64), "b": R.integers(0, 3, (4,)).astype(np.int64)}, ["y"])
    case("Where", [node("Where", ["c", "a", "b"], ["y"])], {"c": R.integers(0, 2, (3, 1)).astype(np.bool_), "a": f32(3, 4), "b": f32(4)}, ["y"])
    for op, kw, lo, hi in [("Relu", {}, -2, 2), ("Sigmoid", {}, -6, 6), ("Tanh", {}, -3, 3), ("Exp", {}, -3, 3), ("Sqrt", {}, 0, 4),
                           ("Erf", {}, -3, 3), ("LeakyRelu", {"alpha": 0.1}, -2, 2), ("HardSigmoid", {}, -4, 4),
                           ("HardSigmoid", {"alpha": 0.3, "beta": 0.4}, -4, 4), ("HardSwish", {}, -5, 5), ("Neg", {}, -2, 2),
                           ("Abs", {}, -2, 2), ("Log", {}, 0.1, 4)]:
        case(f"{op} {kw}", [node(op, ["x"], ["y"], **kw)], {"x": f32(2, 3, 4, 5, lo=lo, hi=hi)}, ["y"], opset=14)
    x = f32(2, 3, 4, lo=-3, hi=3)
    case("Clip opset6 attrs", [node("Clip", ["x"], ["y"], min=-1.0, max=0.5)], {"x": x}, ["y"], opset=6)
    case("Clip opset13 inputs", [node("Clip", ["x", "lo", "hi"], ["y"])], {"x": x}, ["y"], {"lo": np.float32(-0.5), "hi": np.float32(2.0)})
    case("Clip max only", [node("Clip", ["x", "", "hi"], ["y"])], {"x": x}, ["y"], {"hi": np.float32(0.25)})
    case("Cast f32->i64", [node("Cast", ["x"], ["y"], to=TP.INT64)], {"x": f32(5, lo=-9, hi=9)}, ["y"])
    case("Cast i64->f32", [node("Cast", ["x"], ["y"], to=TP.FLOAT)], {"x": R.integers(-9, 9, (5,)).astype(np.int64)}, ["y"])


def shape_cases():
    x = f32(2, 3, 4, 5)
    case("Reshape -1/0", [node("Reshape", ["x", "s"], ["y"])], {"x": x}, ["y"], {"s": np.array([0, -1, 5], np.int64)})
    for ax in [0, 1, 2, -1]:
        case(f"Flatten axis {ax}", [node("Flatten", ["x"], ["y"], axis=ax)], {"x": x}, ["y"])
    case("Shape", [node("Shape", ["x"], ["y"])], {"x": x}, ["y"])
    case("Shape start/end", [node("Shape", ["x"], ["y"], start=1, end=-1)], {"x": x}, ["y"], opset=15)
    case("Gather axis1", [node("Gather", ["x", "i"], ["y"], axis=1)], {"x": x}, ["y"], {"i": np.array([[2, 0], [-1, 1]], np.int64)})
    case("Gather scalar idx", [node("Gather", ["x", "i"], ["y"], axis=3)], {"x": x}, ["y"], {"i": np.array(4, np.int64)})
    case("Concat axis1", [node("Concat", ["a", "b", "c"], ["y"], axis=1)], {"a": f32(2, 1, 3), "b": f32(2, 4, 3), "c": f32(2, 2, 3)}, ["y"])
    case("Concat axis -1", [node("Concat", ["a", "b"], ["y"], axis=-1)], {"a": f32(2, 3), "b": f32(2, 5)}, ["y"])
    case("Unsqueeze 13", [node("Unsqueeze", ["x", "a"], ["y"])], {"x": f32(3, 4)}, ["y"], {"a": np.array([0, -1], np.int64)})
    case("Unsqueeze 11", [node("Unsqueeze", ["x"], ["y"], axes=[1])], {"x": f32(3, 4)}, ["y"], opset=11)
    case("Squeeze 13", [node("Squeeze", ["x", "a"], ["y"])], {"x": f32(1, 3, 1, 4)}, ["y"], {"a": np.array([2], np.int64)})
    case("Squeeze all", [node("Squeeze", ["x"], ["y"])], {"x": f32(1, 3, 1, 4)}, ["y"])
    case("Transpose perm", [node("Transpose", ["x"], ["y"], perm=[0, 2, 3, 1])], {"x": x}, ["y"])
    case("Transpose default", [node("Transpose", ["x"], ["y"])], {"x": f32(3, 4, 5)}, ["y"])
    case("Transpose attention heads (threaded at 2)", [node("Transpose", ["x"], ["y"], perm=[0, 2, 1, 3])], {"x": f32(1, 128, 4, 160)}, ["y"])
    case("Transpose last axis moved", [node("Transpose", ["x"], ["y"], perm=[0, 3, 1, 2])], {"x": f32(2, 30, 40, 30)}, ["y"])
    case("Transpose int64", [node("Transpose", ["x"], ["y"], perm=[1, 0])], {"x": np.arange(12, dtype=np.int64).reshape(3, 4)}, ["y"])
    case("Identity", [node("Identity", ["x"], ["y"])], {"x": x}, ["y"])
    # dropped at load: consumers read the Identity's input (a graph input, and an intermediate feeding two nodes)
    case("Identity inside", [node("Identity", ["x"], ["a"]), node("Relu", ["a"], ["b"]), node("Identity", ["b"], ["c"]),
                             node("Neg", ["c"], ["y"]), node("Add", ["c", "b"], ["z"])], {"x": x}, ["y", "z"])
    case("Constant", [node("Constant", [], ["c"], value=nh.from_array(f32(3, 4), "c")), node("Add", ["x", "c"], ["y"])], {"x": f32(3, 4)}, ["y"])
    case("Split equal", [node("Split", ["x"], ["y1", "y2"], axis=1)], {"x": f32(2, 6, 3)}, ["y1", "y2"])
    case("Split sizes", [node("Split", ["x", "s"], ["y1", "y2", "y3"], axis=2)], {"x": f32(2, 3, 7)}, ["y1", "y2", "y3"], {"s": np.array([1, 4, 2], np.int64)})
    for st, en, ax, sp in [([1], [3], [1], [1]), ([0, 1], [-1, 100], [0, 3], [1, 2]), ([-1], [-100], [2], [-1]), ([3], [0], [3], [-2])]:
        ins = {"st": np.array(st, np.int64), "en": np.array(en, np.int64), "ax": np.array(ax, np.int64), "sp": np.array(sp, np.int64)}
        case(f"Slice {st}:{en} ax{ax} step{sp}", [node("Slice", ["x", "st", "en", "ax", "sp"], ["y"])], {"x": x}, ["y"], ins)
    case("Shape-Gather-Concat-Reshape fold",
         [node("Shape", ["x"], ["s"]), node("Gather", ["s", "i0"], ["n"], axis=0), node("Unsqueeze", ["n", "a0"], ["nu"]),
          node("Concat", ["nu", "m1"], ["shp"], axis=0), node("Reshape", ["x", "shp"], ["y"])],
         {"x": x}, ["y"], {"i0": np.array(0, np.int64), "a0": np.array([0], np.int64), "m1": np.array([-1], np.int64)})
    case("Expand", [node("Expand", ["x", "s"], ["y"])], {"x": f32(3, 1)}, ["y"], {"s": np.array([2, 3, 4], np.int64)})


def pool_cases():
    x = f32(1, 3, 11, 12)
    for op in ["MaxPool", "AveragePool"]:
        for k, s, p, cm, extra in [(2, 2, 0, 0, {}), (3, 2, 1, 0, {}), (3, 2, 1, 1, {}), (3, 1, 1, 0, {}), (3, 2, 0, 1, {})]:
            attrs = dict(kernel_shape=[k, k], strides=[s, s], pads=[p, p, p, p], ceil_mode=cm, **extra)
            case(f"{op} k{k} s{s} p{p} ceil{cm}", [node(op, ["x"], ["y"], **attrs)], {"x": x}, ["y"], opset=12)
        case(f"{op} SAME_UPPER", [node(op, ["x"], ["y"], kernel_shape=[3, 3], strides=[2, 2], auto_pad="SAME_UPPER")], {"x": x}, ["y"], opset=12)
    case("AveragePool count_include_pad", [node("AveragePool", ["x"], ["y"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1], count_include_pad=1)], {"x": x}, ["y"], opset=12)
    case("MaxPool dilation", [node("MaxPool", ["x"], ["y"], kernel_shape=[2, 2], dilations=[2, 2])], {"x": x}, ["y"], opset=12)
    case("GlobalAveragePool", [node("GlobalAveragePool", ["x"], ["y"])], {"x": f32(2, 5, 7, 6)}, ["y"])
    case("GlobalMaxPool", [node("GlobalMaxPool", ["x"], ["y"])], {"x": f32(2, 5, 7, 6)}, ["y"])
    case("MaxPool k2 s2 ceil on odd planes (partial windows)", [node("MaxPool", ["x"], ["y"], kernel_shape=[2, 2], strides=[2, 2], ceil_mode=1)],
         {"x": f32(2, 3, 11, 13)}, ["y"], opset=12)
    case("MaxPool k2 s2 even plane", [node("MaxPool", ["x"], ["y"], kernel_shape=[2, 2], strides=[2, 2])], {"x": f32(1, 5, 36, 40)}, ["y"], opset=12)
    case("MaxPool k2 s1 SAME_UPPER", [node("MaxPool", ["x"], ["y"], kernel_shape=[2, 2], auto_pad="SAME_UPPER")], {"x": f32(1, 3, 19, 37)}, ["y"], opset=12)
    case("AveragePool k3 s1 p1 wide", [node("AveragePool", ["x"], ["y"], kernel_shape=[3, 3], pads=[1, 1, 1, 1])], {"x": f32(1, 2, 9, 40)}, ["y"], opset=12)
    case("GlobalAveragePool large plane", [node("GlobalAveragePool", ["x"], ["y"])], {"x": f32(2, 3, 33, 35)}, ["y"])
    case("GlobalMaxPool large plane", [node("GlobalMaxPool", ["x"], ["y"])], {"x": f32(1, 3, 17, 19)}, ["y"])


def gemm_cases():
    for ta, tb, al, be, cs in [(0, 0, 1.0, 1.0, (5,)), (1, 0, 0.5, 2.0, (3, 5)), (0, 1, 1.0, 1.0, (3, 1)), (1, 1, 2.0, 0.5, ()), (0, 1, 1.0, 1.0, None)]:
        A = f32(7, 3) if ta else f32(3, 7)
        B = f32(5, 7) if tb else f32(7, 5)
        ins = ["a", "b"] + (["c"] if cs is not None else [])
        inits = {"b": B}
        if cs is not None:
            inits["c"] = f32(*cs)
        case(f"Gemm tA{ta} tB{tb} a{al} b{be} C{cs}", [node("Gemm", ins, ["y"], transA=ta, transB=tb, alpha=al, beta=be)], {"a": A}, ["y"], inits)
    case("Gemm big", [node("Gemm", ["a", "b", "c"], ["y"], transB=1)], {"a": f32(33, 300)}, ["y"], {"b": f32(70, 300), "c": f32(70)})
    # one row of A (vector-matrix products: the M = 1 path): packed constant B over K and N blocks with a
    # ragged edge, alpha/beta and a bias; B as a graph input read in place with a masked last panel
    case("Gemm M=1 prepacked", [node("Gemm", ["a", "b", "c"], ["y"], transB=1, alpha=0.5, beta=2.0)], {"a": f32(1, 700)}, ["y"],
         {"b": f32(530, 700), "c": f32(530)})
    case("MatMul M=1 B input", [node("MatMul", ["a", "b"], ["y"])], {"a": f32(1, 600), "b": f32(600, 37)}, ["y"])
    case("Gemm M=1 no bias transA", [node("Gemm", ["a", "b"], ["y"], transA=1)], {"a": f32(300, 1)}, ["y"], {"b": f32(300, 90)})
    # constant weights packed once per plan: several K blocks (KC 256), column blocks (NC 512) and a ragged edge
    for tb in (0, 1):
        case(f"Gemm prepacked B tB{tb}", [node("Gemm", ["a", "b", "c"], ["y"], transB=tb)], {"a": f32(37, 300)}, ["y"],
             {"b": f32(*((1100, 300) if tb else (300, 1100))), "c": f32(1100)})
    case("MatMul prepacked B batched A", [node("MatMul", ["a", "b"], ["y"])], {"a": f32(2, 37, 300)}, ["y"], {"b": f32(300, 1100)})
    case("Conv prepacked A wide K", [node("Conv", ["x", "w", "bb"], ["y"])], {"x": f32(1, 300, 9, 9)}, ["y"], {"w": f32(70, 300, 1, 1), "bb": f32(70)})
    case("Conv prepacked A many rows", [node("Conv", ["x", "w"], ["y"], pads=[1, 1, 1, 1])], {"x": f32(1, 40, 10, 10)}, ["y"], {"w": f32(130, 40, 3, 3)})
    for a, b in [((3, 4), (4, 5)), ((2, 3, 4), (4, 5)), ((2, 3, 4), (2, 4, 5)), ((2, 1, 3, 4), (3, 4, 6)), ((4,), (4, 5)), ((3, 4), (4,)), ((20, 130), (130, 40))]:
        case(f"MatMul {a}x{b}", [node("MatMul", ["a", "b"], ["y"])], {"a": f32(*a), "b": f32(*b)}, ["y"])


def norm_cases():
    C = 6
    inits = {"s": f32(C, lo=0.5, hi=1.5), "b": f32(C), "m": f32(C), "v": f32(C, lo=0.5, hi=2.0)}
    case("BatchNormalization", [node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], epsilon=1e-3)], {"x": f32(2, C, 5, 4)}, ["y"], inits)
    # large enough to be split over the threads (run with --threads 2)
    case("BatchNormalization large", [node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"])], {"x": f32(2, C, 80, 70)}, ["y"], inits)
    case("Clip large", [node("Clip", ["x", "lo", "hi"], ["y"])], {"x": f32(1, 4, 130, 130, lo=-3, hi=3)}, ["y"],
         {"lo": np.float32(-1.0), "hi": np.float32(2.0)})
    case("Add broadcast large", [node("Add", ["x", "k"], ["y"])], {"x": f32(1, 7, 100, 100)}, ["y"], {"k": f32(1, 7, 1, 100)})
    for ax in [1, -1]:
        case(f"Softmax opset11 axis {ax}", [node("Softmax", ["x"], ["y"], axis=ax)], {"x": f32(2, 3, 4, lo=-4, hi=4)}, ["y"], opset=11)
        case(f"Softmax opset13 axis {ax}", [node("Softmax", ["x"], ["y"], axis=ax)], {"x": f32(2, 3, 4, lo=-4, hi=4)}, ["y"])
    case("Softmax default 13", [node("Softmax", ["x"], ["y"])], {"x": f32(2, 3, 4)}, ["y"])
    # vector rows with tails, wide logits, the threaded split (4x128 rows of 128, as attention)
    case("Softmax rows of 37 wide range", [node("Softmax", ["x"], ["y"])], {"x": f32(3, 5, 37, lo=-30, hi=30)}, ["y"])
    case("Softmax attention 4x128x128", [node("Softmax", ["x"], ["y"])], {"x": f32(1, 4, 128, 128, lo=-8, hi=8)}, ["y"])
    case("Softmax row of 18710", [node("Softmax", ["x"], ["y"])], {"x": f32(2, 18710, lo=-10, hi=17)}, ["y"])
    case("LogSoftmax rows of 1000", [node("LogSoftmax", ["x"], ["y"])], {"x": f32(3, 1000, lo=-20, hi=20)}, ["y"])
    case("Softmax axis 1 strided", [node("Softmax", ["x"], ["y"], axis=1)], {"x": f32(2, 40, 30, lo=-5, hi=5)}, ["y"])
    case("LayerNormalization", [node("LayerNormalization", ["x", "s", "b"], ["y"], axis=-1, epsilon=1e-5)], {"x": f32(2, 3, 8)}, ["y"],
         {"s": f32(8), "b": f32(8)}, opset=17)
    case("LayerNormalization 128x256 (threaded at 2)", [node("LayerNormalization", ["x", "s", "b"], ["y"], axis=-1)], {"x": f32(1, 128, 259, lo=-3, hi=5)},
         ["y"], {"s": f32(259), "b": f32(259)}, opset=17)
    case("LayerNormalization axis1", [node("LayerNormalization", ["x", "s"], ["y"], axis=1)], {"x": f32(2, 3, 4)}, ["y"], {"s": f32(3, 4)}, opset=17)
    case("ReduceMean axes keep", [node("ReduceMean", ["x"], ["y"], axes=[1, -1])], {"x": f32(2, 3, 4, 5)}, ["y"])
    case("ReduceMean nokeep", [node("ReduceMean", ["x"], ["y"], axes=[2], keepdims=0)], {"x": f32(2, 3, 4, 5)}, ["y"])
    case("ReduceMean all", [node("ReduceMean", ["x"], ["y"])], {"x": f32(2, 3, 4)}, ["y"])
    case("ReduceMean HW large", [node("ReduceMean", ["x"], ["y"], axes=[2, 3])], {"x": f32(1, 4, 40, 41)}, ["y"])
    for op in ["ReduceSum", "ReduceMax", "ReduceMin"]:
        case(f"{op} middle axis", [node(op, ["x"], ["y"], axes=[1], keepdims=0)], {"x": f32(2, 5, 3, 7)}, ["y"], opset=12)
        case(f"{op} trailing axes", [node(op, ["x"], ["y"], axes=[2, 3])], {"x": f32(2, 3, 6, 7)}, ["y"], opset=12)
        case(f"{op} split axes", [node(op, ["x"], ["y"], axes=[0, 2])], {"x": f32(2, 3, 6, 7)}, ["y"], opset=12)
    case("ReduceMean opset18 input", [node("ReduceMean", ["x", "a"], ["y"])], {"x": f32(2, 3, 4)}, ["y"], {"a": np.array([0, 2], np.int64)}, opset=18)


def resize_cases():
    x = f32(1, 2, 5, 6)
    for mode, ctm, nm in [("nearest", "asymmetric", "floor"), ("nearest", "half_pixel", "round_prefer_floor"), ("nearest", "align_corners", "round_prefer_ceil"),
                          ("linear", "half_pixel", None), ("linear", "align_corners", None), ("linear", "asymmetric", None), ("linear", "pytorch_half_pixel", None)]:
        attrs = dict(mode=mode, coordinate_transformation_mode=ctm)
        if nm:
            attrs["nearest_mode"] = nm
        case(f"Resize scales {mode} {ctm} {nm or ''}", [node("Resize", ["x", "", "sc"], ["y"], **attrs)], {"x": x}, ["y"],
             {"sc": np.array([1, 1, 2.0, 1.5], np.float32)})
        case(f"Resize sizes {mode} {ctm} {nm or ''}", [node("Resize", ["x", "", "", "sz"], ["y"], **attrs)], {"x": x}, ["y"],
             {"sz": np.array([1, 2, 3, 13], np.int64)})


def quant_cases():
    x = f32(2, 4, 3, 3, lo=-3, hi=3)
    for dt in [np.uint8, np.int8]:
        zp = np.array(128 if dt == np.uint8 else 5, dt)
        case(f"QuantizeLinear per-tensor {dt.__name__}", [node("QuantizeLinear", ["x", "s", "z"], ["y"])], {"x": x}, ["y"], {"s": np.float32(0.023), "z": zp})
        case(f"DequantizeLinear per-tensor {dt.__name__}", [node("DequantizeLinear", ["q", "s", "z"], ["y"])],
             {"q": R.integers(0 if dt == np.uint8 else -128, 255 if dt == np.uint8 else 127, (2, 4, 3)).astype(dt)}, ["y"], {"s": np.float32(0.05), "z": zp})
        zps = R.integers(0 if dt == np.uint8 else -10, 255 if dt == np.uint8 else 10, (4,)).astype(dt)
        case(f"QuantizeLinear per-axis {dt.__name__}", [node("QuantizeLinear", ["x", "s", "z"], ["y"], axis=1)], {"x": x}, ["y"],
             {"s": f32(4, lo=0.01, hi=0.05), "z": zps})
        case(f"DequantizeLinear per-axis {dt.__name__}", [node("DequantizeLinear", ["q", "s", "z"], ["y"], axis=0)],
             {"q": R.integers(-100, 100, (4, 3)).astype(np.int8).astype(dt)}, ["y"], {"s": f32(4, lo=0.01, hi=0.05), "z": zps})
    case("DequantizeLinear int32 bias", [node("DequantizeLinear", ["q", "s"], ["y"])], {"q": R.integers(-5000, 5000, (8,)).astype(np.int32)}, ["y"], {"s": np.float32(0.0003)})
    case("QuantizeLinear no zp", [node("QuantizeLinear", ["x", "s"], ["y"])], {"x": f32(10, lo=0, hi=2)}, ["y"], {"s": np.float32(0.01)})
    # QLinearConv / QLinearMatMul
    xq = R.integers(0, 255, (1, 4, 7, 7)).astype(np.uint8)
    wq = R.integers(-60, 60, (6, 4, 3, 3)).astype(np.int8)
    inits = {"xs": np.float32(0.02), "xz": np.uint8(120), "w": wq, "ws": f32(6, lo=0.005, hi=0.01), "wz": np.zeros(6, np.int8),
             "ys": np.float32(0.15), "yz": np.uint8(100), "b": R.integers(-2000, 2000, (6,)).astype(np.int32)}
    case("QLinearConv per-channel", [node("QLinearConv", ["x", "xs", "xz", "w", "ws", "wz", "ys", "yz", "b"], ["y"], pads=[1, 1, 1, 1])], {"x": xq}, ["y"], inits, opset=13)
    aq = R.integers(0, 255, (3, 16)).astype(np.uint8)
    inits = {"as": np.float32(0.02), "az": np.uint8(128), "b": R.integers(0, 255, (16, 5)).astype(np.uint8), "bs": np.float32(0.01),
             "bz": np.uint8(128), "ys": np.float32(0.05), "yz": np.uint8(128)}
    case("QLinearMatMul", [node("QLinearMatMul", ["a", "as", "az", "b", "bs", "bz", "ys", "yz"], ["y"])], {"a": aq}, ["y"], inits)


def qdq_conv_case():
    # the QDQ pattern quantize_static produces: DQ(x) DQ(w) DQ(b int32) -> Conv -> Q -> DQ
    x = f32(1, 3, 8, 8, lo=-1, hi=1)
    inits = {"xs": np.float32(2 / 255), "xz": np.uint8(128), "w": R.integers(-127, 127, (4, 3, 3, 3)).astype(np.int8),
             "ws": f32(4, lo=0.002, hi=0.01), "wz": np.zeros(4, np.int8), "b": R.integers(-500, 500, (4,)).astype(np.int32),
             "bs": np.float32(1e-5), "ys": np.float32(0.02), "yz": np.uint8(128)}
    nodes = [node("QuantizeLinear", ["x", "xs", "xz"], ["xq"]), node("DequantizeLinear", ["xq", "xs", "xz"], ["xf"]),
             node("DequantizeLinear", ["w", "ws", "wz"], ["wf"], axis=0), node("DequantizeLinear", ["b", "bs"], ["bf"]),
             node("Conv", ["xf", "wf", "bf"], ["c"], pads=[1, 1, 1, 1]), node("QuantizeLinear", ["c", "ys", "yz"], ["yq"])]
    case("QDQ Conv (uint8 act, int8 per-channel w)", nodes, {"x": x}, ["yq"], inits)
    # Chains of QDQ convolutions as quantize_static writes them (Q→DQ between layers, dequantized
    # output): the integer kernel (VNNI CPUs) with its row, column and K tails, s8 and u8 activations,
    # per-tensor and per-channel weights, fused Relu and fused output fake-quant, depthwise layers
    # (float kernel with the fake-quant fused), a Conv reading another Conv's fused output, batch 2.
    # The float output is compared within one output quantization step.
    for (N, C, M, k, s, pad, H, W, g, relu, adt, perch) in [
            (1, 3, 5, 3, 2, 1, 9, 11, 1, True, np.uint8, True), (1, 16, 13, 1, 1, 0, 7, 7, 1, False, np.int8, True),
            (2, 8, 24, 1, 1, 0, 5, 9, 1, True, np.uint8, False), (1, 12, 37, 3, 1, 1, 6, 6, 1, True, np.int8, True),
            (1, 24, 24, 3, 2, 1, 10, 10, 24, True, np.uint8, True), (1, 7, 30, 1, 1, 0, 20, 20, 1, False, np.uint8, True)]:
        x = f32(N, C, H, W, lo=-1, hi=1)
        lo, hi = (0, 255) if adt == np.uint8 else (-128, 127)
        zx = adt(R.integers(lo + 40, hi - 40))
        nw = M if perch else 1
        inits = {"xs": np.float32(2 / 255), "xz": zx, "w": R.integers(-127, 128, (M, C // g, k, k)).astype(np.int8),
                 "ws": f32(nw, lo=0.002, hi=0.02) if perch else np.float32(0.01), "wz": np.zeros(nw, np.int8) if perch else np.int8(0),
                 "b": R.integers(-500, 500, (M,)).astype(np.int32), "bs": np.float32(1e-4), "ys": np.float32(0.03), "yz": zx,
                 "w2": R.integers(-127, 128, (6, M, 1, 1)).astype(np.int8), "ws2": np.float32(0.01), "ys2": np.float32(0.05)}
        nodes = [node("QuantizeLinear", ["x", "xs", "xz"], ["xq"]), node("DequantizeLinear", ["xq", "xs", "xz"], ["xf"]),
                 node("DequantizeLinear", ["w", "ws", "wz"], ["wf"], axis=0), node("DequantizeLinear", ["b", "bs"], ["bf"]),
                 node("Conv", ["xf", "wf", "bf"], ["c"], pads=[pad] * 4, strides=[s, s], group=g)]
        last = "c"
        if relu:
            nodes.append(node("Relu", ["c"], ["r"]))
            last = "r"
        nodes += [node("QuantizeLinear", [last, "ys", "yz"], ["yq"]), node("DequantizeLinear", ["yq", "ys", "yz"], ["yf"]),
                  node("DequantizeLinear", ["w2", "ws2"], ["wf2"]), node("Conv", ["yf", "wf2"], ["c2"]),
                  node("QuantizeLinear", ["c2", "ys2", "yz"], ["zq"]), node("DequantizeLinear", ["zq", "ys2", "yz"], ["z"])]
        case(f"QDQ Conv chain N{N} C{C} M{M} k{k} s{s} g{g} {H}x{W} {adt.__name__} act{' relu' if relu else ''}"
             f"{' per-channel' if perch else ' per-tensor'}", nodes, {"x": x}, ["z"], inits, fstep=0.05)


def qdq_matmul_cases():
    # QDQ MatMul as quantize_static writes it (activations through Q -> DQ, int8 weights behind a DQ,
    # per tensor or per column): the integer kernel on VNNI CPUs with its row, column and K tails, s8
    # and u8 activations, batched rows, the output fake-quant fused, and a MatMul reading another's
    # fused output; compared within one output step
    for (shape, K, N, adt, perch) in [((1, 5, 27), 27, 37, np.uint8, True), ((2, 13, 64), 64, 16, np.int8, False),
                                      ((9, 100), 100, 70, np.uint8, False), ((3, 4, 7, 32), 32, 33, np.int8, True)]:
        lo, hi = (0, 255) if adt == np.uint8 else (-128, 127)
        zx = adt(R.integers(lo + 40, hi - 40))
        nw = N if perch else 1
        inits = {"xs": np.float32(2 / 255), "xz": zx, "w": R.integers(-127, 128, (K, N)).astype(np.int8),
                 "ws": f32(nw, lo=0.002, hi=0.02) if perch else np.float32(0.01), "wz": np.zeros(nw, np.int8) if perch else np.int8(0),
                 "ys": np.float32(0.04), "yz": zx, "w2": R.integers(-127, 128, (N, 11)).astype(np.int8), "ws2": np.float32(0.01),
                 "ys2": np.float32(0.05)}
        nodes = [node("QuantizeLinear", ["x", "xs", "xz"], ["xq"]), node("DequantizeLinear", ["xq", "xs", "xz"], ["xf"]),
                 node("DequantizeLinear", ["w", "ws", "wz"], ["wf"], axis=1), node("MatMul", ["xf", "wf"], ["m"]),
                 node("QuantizeLinear", ["m", "ys", "yz"], ["mq"]), node("DequantizeLinear", ["mq", "ys", "yz"], ["mf"]),
                 node("DequantizeLinear", ["w2", "ws2"], ["wf2"]), node("MatMul", ["mf", "wf2"], ["z"])]
        x = f32(*shape, lo=-1, hi=1)
        name = f"QDQ MatMul {shape}x({K},{N}) {adt.__name__}{' per-column' if perch else ' per-tensor'}"
        # the first MatMul's dequantized output: within one output step
        case(name, nodes[:6], {"x": x}, ["mf"], inits, fstep=0.04)
        # the second reads it: a tie rounded the other way upstream moves z by that step times a
        # weight (|w2| <= 127 * 0.01), so z is held to two such steps
        case(name + " -> MatMul", nodes, {"x": x}, ["z"], inits, fstep=2 * 0.04 * 1.27)


def pad_max_cases():
    x = f32(2, 3, 5, 6)
    P = lambda v: np.array(v, np.int64)
    case("Pad constant value (opset 13)", [node("Pad", ["x", "p", "v"], ["y"])], {"x": x}, ["y"], {"p": P([0, 0, 1, 2, 0, 0, 3, 1]), "v": np.float32(-1.5)})
    case("Pad reflect", [node("Pad", ["x", "p"], ["y"], mode="reflect")], {"x": x}, ["y"], {"p": P([0, 1, 2, 3, 0, 1, 2, 2])})
    case("Pad edge", [node("Pad", ["x", "p"], ["y"], mode="edge")], {"x": x}, ["y"], {"p": P([1, 0, 3, 0, 0, 2, 1, 4])})
    case("Pad negative crops", [node("Pad", ["x", "p"], ["y"])], {"x": x}, ["y"], {"p": P([0, -1, 2, -2, 0, 0, -1, 1])})
    case("Pad opset 2 attributes", [node("Pad", ["x"], ["y"], pads=[0, 0, 1, 1, 0, 0, 1, 1], value=0.25)], {"x": x}, ["y"], opset=2)
    case("Pad opset 18 axes", [node("Pad", ["x", "p", "", "a"], ["y"])], {"x": x}, ["y"], {"p": P([2, 1, 0, 3]), "a": P([1, -1])}, opset=18)
    case("Pad NHWC (trailing axis unpadded, folded)", [node("Pad", ["x", "p", "v"], ["y"])], {"x": f32(1, 7, 9, 5)}, ["y"],
         {"p": P([0, 2, 1, 0, 0, 1, 3, 0]), "v": np.float32(0.5)})
    case("Pad NHWC reflect folded", [node("Pad", ["x", "p"], ["y"], mode="reflect")], {"x": f32(1, 7, 9, 5)}, ["y"], {"p": P([0, 2, 1, 0, 0, 1, 3, 0])})
    case("Pad int64 data", [node("Pad", ["x", "p", "v"], ["y"])], {"x": np.arange(12, dtype=np.int64).reshape(3, 4)}, ["y"],
         {"p": P([1, 0, 0, 2]), "v": np.int64(7)})
    for op in ["Max", "Min"]:
        case(f"{op} broadcast", [node(op, ["a", "b"], ["y"])], {"a": f32(2, 3, 4), "b": f32(3, 1)}, ["y"])
        case(f"{op} three inputs", [node(op, ["a", "b", "c"], ["y"])], {"a": f32(2, 1, 4), "b": f32(3, 1), "c": f32(4)}, ["y"])
        case(f"{op} one input", [node(op, ["a"], ["y"])], {"a": f32(2, 5)}, ["y"])
        case(f"{op} int64", [node(op, ["a", "b"], ["y"])], {"a": np.array([[1, -5, 9]], np.int64), "b": np.array([[2], [-7]], np.int64)}, ["y"])


def build_all():
    conv_cases(); elementwise_cases(); shape_cases(); pool_cases(); gemm_cases(); norm_cases(); resize_cases(); quant_cases(); qdq_conv_case(); qdq_matmul_cases(); pad_max_cases()


def refuse_cases(refcheck, tmp):
    """Operators and attributes the backend must refuse in supports(), naming op and node."""
    results = []
    for name, m, want in [
        ("unsupported op", make_model([node("Hardmax", ["x"], ["y"], name="hm0")], {"x": f32(2, 3)}, ["y"]), "Hardmax (node hm0)"),
        ("unsupported domain", make_model([oh.make_node("FusedConv", ["x"], ["y"], name="fc", domain="com.microsoft")], {"x": f32(2, 3)}, ["y"]), "FusedConv"),
        ("unsupported attr", make_model([node("Resize", ["x", "", "s"], ["y"], name="rz", mode="cubic")], {"x": f32(1, 1, 2, 2)}, ["y"],
                                        {"s": np.array([1, 1, 2, 2], np.float32)}), "rz"),
        ("Pad wrap", make_model([node("Pad", ["x", "p"], ["y"], name="pw", mode="wrap")], {"x": f32(1, 1, 2, 2)}, ["y"],
                                {"p": np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64)}, opset=19), "mode wrap"),
        ("3-D conv", make_model([node("Conv", ["x", "w"], ["y"], name="c3")], {"x": f32(1, 1, 3, 3, 3)}, ["y"], {"w": f32(1, 1, 1, 1, 1)}), "c3"),
    ]:
        mp = os.path.join(tmp, "r.onnx")
        onnx.save(m, mp)
        r = subprocess.run([refcheck, mp, "--supports"], capture_output=True, text=True, timeout=60)
        ok = r.returncode == 3 and want in r.stdout
        results.append((f"refuse {name}", ok, r.stdout.strip()))
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--refcheck", default=os.path.join(HERE, "refcheck"))
    ap.add_argument("--only", default="")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    build_all()
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, nodes, inputs, outputs, inits, opset, qstep in CASES:
            if a.only and a.only not in name:
                continue
            try:
                m = make_model(nodes, inputs, outputs, inits, opset)
                ref = run_ort(m, inputs)
            except Exception as e:  # an oracle problem is a failed case, not a crash of the checker
                print(f"FAIL {name}: onnxruntime: {str(e).splitlines()[0][:150]}")
                failed += 1
                continue
            got, msg = run_ref(a.refcheck, m, inputs, tmp, a.threads)
            if got is None:
                print(f"FAIL {name}: refcheck: {msg[:200]}")
                failed += 1
                continue
            ok, why = len(got) == len(ref), "output count"
            if ok:
                for r_, g_ in zip(ref, got):
                    ok, why = compare(r_, g_, qstep)
                    if not ok:
                        break
            print(f"{'ok  ' if ok else 'FAIL'} {name}: {why}")
            passed += ok
            failed += not ok
        if not a.only:
            for name, ok, msg in refuse_cases(a.refcheck, tmp):
                print(f"{'ok  ' if ok else 'FAIL'} {name}: {msg[:160]}")
                passed += ok
                failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
