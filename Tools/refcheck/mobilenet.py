#!/usr/bin/env python3
"""MobileNetV2-style network (224x224, width 1.0): depthwise convs, Clip (ReLU6), residual Adds,
BatchNormalization, GlobalAveragePool, Flatten, Gemm — built with onnx.helper from seeded random
weights. Compares refcheck with onnxruntime (fp32 and a quantize_static QDQ int8 version) and times
both at 1 thread (p50 of a loop).
Usage: mobilenet.py [--refcheck PATH] [--repeat N] [--size 224] [--keep DIR] [--threads N]
"""
import argparse, os, re, subprocess, sys, tempfile, time
import numpy as np
import onnx
from onnx import helper as oh, TensorProto as TP, numpy_helper as nh
import onnxruntime as ort

HERE = os.path.dirname(os.path.abspath(__file__))


def build(size=224, classes=1000, seed=7):
    r = np.random.default_rng(seed)
    nodes, inits = [], []
    cnt = [0]

    def name(p):
        cnt[0] += 1
        return f"{p}{cnt[0]}"

    def conv_bn(x, cin, cout, k, s, groups=1, act=True):
        w = name("w")
        fan = (cin // groups) * k * k
        inits.append(nh.from_array((r.standard_normal((cout, cin // groups, k, k)) * np.sqrt(2.0 / fan)).astype(np.float32), w))
        c = name("conv")
        nodes.append(oh.make_node("Conv", [x, w], [c], kernel_shape=[k, k], strides=[s, s], pads=[k // 2] * 4, group=groups, name=c))
        bn = [name(p) for p in ("g", "b", "m", "v")]
        inits.extend([nh.from_array(r.uniform(0.8, 1.2, cout).astype(np.float32), bn[0]),
                  nh.from_array(r.uniform(-0.1, 0.1, cout).astype(np.float32), bn[1]),
                  nh.from_array(r.uniform(-0.1, 0.1, cout).astype(np.float32), bn[2]),
                  nh.from_array(r.uniform(0.5, 1.5, cout).astype(np.float32), bn[3])])
        y = name("bn")
        nodes.append(oh.make_node("BatchNormalization", [c] + bn, [y], epsilon=1e-5, name=y))
        if act:
            z = name("relu6")
            nodes.append(oh.make_node("Clip", [y, "zero", "six"], [z], name=z))
            return z
        return y

    inits += [nh.from_array(np.array(0, np.float32), "zero"), nh.from_array(np.array(6, np.float32), "six")]
    x = conv_bn("input", 3, 32, 3, 2)
    cin = 32
    for t, c, n, s in [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]:
        for i in range(n):
            stride = s if i == 0 else 1
            hid = cin * t
            h = x if t == 1 else conv_bn(x, cin, hid, 1, 1)
            h = conv_bn(h, hid, hid, 3, stride, groups=hid)
            h = conv_bn(h, hid, c, 1, 1, act=False)
            if stride == 1 and cin == c:
                a = name("add")
                nodes.append(oh.make_node("Add", [x, h], [a], name=a))
                h = a
            x, cin = h, c
    x = conv_bn(x, cin, 1280, 1, 1)
    nodes.append(oh.make_node("GlobalAveragePool", [x], ["gap"], name="gap"))
    nodes.append(oh.make_node("Flatten", ["gap"], ["flat"], axis=1, name="flatten"))
    inits += [nh.from_array((r.standard_normal((classes, 1280)) * 0.03).astype(np.float32), "fc_w"),
              nh.from_array(r.uniform(-0.1, 0.1, classes).astype(np.float32), "fc_b")]
    nodes.append(oh.make_node("Gemm", ["flat", "fc_w", "fc_b"], ["logits"], transB=1, name="fc"))
    g = oh.make_graph(nodes, "mobilenetv2_style", [oh.make_tensor_value_info("input", TP.FLOAT, ["N", 3, size, size])],
                      [oh.make_tensor_value_info("logits", TP.FLOAT, ["N", classes])], inits)
    m = oh.make_model(g, opset_imports=[oh.make_opsetid("", 13)])
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def quantize(fp32_path, out_path, size, seed=3):
    from onnxruntime.quantization import quantize_static, CalibrationDataReader, QuantFormat, QuantType
    from onnxruntime.quantization.shape_inference import quant_pre_process

    class Reader(CalibrationDataReader):
        def __init__(self):
            r = np.random.default_rng(seed)
            self.it = iter([{"input": r.uniform(-1, 1, (1, 3, size, size)).astype(np.float32)} for _ in range(8)])

        def get_next(self):
            return next(self.it, None)

    pre = out_path + ".pre.onnx"
    quant_pre_process(fp32_path, pre)
    quantize_static(pre, out_path, Reader(), quant_format=QuantFormat.QDQ, activation_type=QuantType.QUInt8,
                    weight_type=QuantType.QInt8, per_channel=True)
    os.remove(pre)


def ort_session(path, threads=1):
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])


def ort_p50(sess, feeds, n):
    sess.run(None, feeds)
    ts = []
    for _ in range(n):
        t = time.perf_counter()
        sess.run(None, feeds)
        ts.append((time.perf_counter() - t) * 1e3)
    return float(np.median(ts))


def refcheck(path, feeds_path, tmp, repeat, threads, exe):
    out = [exe, path, "--out", os.path.join(tmp, "o"), "--threads", str(threads), "--repeat", str(repeat), feeds_path]
    r = subprocess.run(out, capture_output=True, text=True, timeout=1800)
    if r.returncode:
        raise SystemExit(f"refcheck failed: {r.stdout} {r.stderr}")
    p50 = float(re.search(r"p50 ([0-9.]+) ms", r.stdout).group(1))
    return np.load(os.path.join(tmp, "o0.npy")), p50


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--refcheck", default=os.path.join(HERE, "refcheck"))
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--keep", default=None)
    ap.add_argument("--no-int8", action="store_true")
    a = ap.parse_args()
    tmp = a.keep or tempfile.mkdtemp()
    os.makedirs(tmp, exist_ok=True)
    fp = os.path.join(tmp, "mobilenetv2_style_fp32.onnx")
    onnx.save(build(a.size), fp)
    x = np.random.default_rng(11).uniform(-1, 1, (1, 3, a.size, a.size)).astype(np.float32)
    xp = os.path.join(tmp, "x.npy")
    np.save(xp, x)
    failed = 0
    models = [("fp32", fp)]
    if not a.no_int8:
        qp = os.path.join(tmp, "mobilenetv2_style_qdq.onnx")
        quantize(fp, qp, a.size)
        models.append(("qdq-int8", qp))
    for tag, path in models:
        sess = ort_session(path, a.threads)
        ref = sess.run(None, {"input": x})[0]
        got, p50 = refcheck(path, xp, tmp, a.repeat, a.threads, a.refcheck)
        err = np.abs(ref - got)
        if tag == "fp32":
            ok = bool((err <= 1e-5 + 1e-4 * np.abs(ref)).all()) or float(err.max()) <= 1e-4 * float(np.abs(ref).max())
            detail = f"max abs err {err.max():.3g} (max |y| {np.abs(ref).max():.3g})"
        else:
            # output scale of the final DequantizeLinear = one quantization step
            m = onnx.load(path)
            inits = {i.name: nh.to_array(i) for i in m.graph.initializer}
            last = [n for n in m.graph.node if "logits" in n.output][0]
            step = float(inits[last.input[1]]) if last.op_type == "DequantizeLinear" else 0.0
            steps = err / step if step else err
            ok = True  # reported, judged by the caller: intermediate rounding propagates through 50+ layers
            detail = f"max diff {steps.max():.1f} steps, mean {steps.mean():.3f} steps, argmax equal {int(ref.argmax() == got.argmax())}"
        o50 = ort_p50(sess, {"input": x}, a.repeat)
        print(f"{'ok  ' if ok else 'FAIL'} MobileNetV2-style {a.size}x{a.size} {tag}: {detail}; p50 refcheck {p50:.2f} ms vs onnxruntime {o50:.2f} ms ({a.threads} thread(s))")
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
