#!/usr/bin/env python3
"""Build the `digits` workload: a small CNN on scikit-learn's bundled handwritten digits.

Everything comes from installed packages (no download): data = sklearn.datasets.load_digits()
(1797 real 8x8 digits, 0..16). The CNN is trained in plain numpy (im2col conv, Adam, fixed seed,
fixed epochs), exported with onnx.helper (opset 13), then quantized to int8 QDQ with
onnxruntime.quantization.quantize_static calibrated on a fixed subset of the TRAIN split.

Outputs (default Suites/workloads/digits/):
  digits_cnn_fp32.onnx  digits_cnn_int8.onnx  samples.npy [N,1,8,8] f32  labels.npy [N] i64  manifest.json

  build_digits.py            build into the default directory
  build_digits.py --out DIR  build into DIR
  build_digits.py --check    rebuild into a temp dir and compare digests with the committed manifest
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlcommon  # noqa: E402  (sets *_NUM_THREADS=1 before numpy is imported)

import time  # noqa: E402

import numpy as np  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "Suites", "workloads", "digits")

SPLIT_SEED = 20240611
INIT_SEED = 7
SHUFFLE_SEED = 11
CALIB_SEED = 3
TEST_SIZE = 0.3
EPOCHS = 40
BATCH = 32
LR = 3e-3
CALIB_COUNT = 200
C1, C2, NCLS = 8, 16, 10


# ---------------------------------------------------------------- numpy CNN (NCHW, float32)
def im2col3(x):
    """x [N,C,H,W] -> cols [N, C*9, H*W] for a 3x3 kernel, stride 1, pad 1 (order c, kh, kw)."""
    n, c, h, w = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    cols = np.empty((n, c, 9, h, w), dtype=x.dtype)
    for kh in range(3):
        for kw in range(3):
            cols[:, :, kh * 3 + kw] = xp[:, :, kh:kh + h, kw:kw + w]
    return cols.reshape(n, c * 9, h * w)


def col2im3(dcols, shape):
    n, c, h, w = shape
    dcols = dcols.reshape(n, c, 9, h, w)
    dxp = np.zeros((n, c, h + 2, w + 2), dtype=dcols.dtype)
    for kh in range(3):
        for kw in range(3):
            dxp[:, :, kh:kh + h, kw:kw + w] += dcols[:, :, kh * 3 + kw]
    return dxp[:, :, 1:-1, 1:-1]


def conv_fwd(x, W, b):
    n, c, h, w = x.shape
    cols = im2col3(x)
    out = np.matmul(W.reshape(W.shape[0], -1), cols) + b[None, :, None]
    return out.reshape(n, W.shape[0], h, w), cols


def conv_bwd(dout, cols, W, xshape):
    n, o, h, w = dout.shape
    d = dout.reshape(n, o, h * w)
    dW = np.einsum("noj,nkj->ok", d, cols).reshape(W.shape)
    db = d.sum(axis=(0, 2))
    dcols = np.matmul(W.reshape(o, -1).T, d)
    return col2im3(dcols, xshape), dW, db


def pool_fwd(x):
    n, c, h, w = x.shape
    r = x.reshape(n, c, h // 2, 2, w // 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, h // 2, w // 2, 4)
    idx = r.argmax(axis=-1)
    return np.take_along_axis(r, idx[..., None], axis=-1)[..., 0], idx


def pool_bwd(dout, idx, xshape):
    n, c, h, w = xshape
    r = np.zeros((n, c, h // 2, w // 2, 4), dtype=dout.dtype)
    np.put_along_axis(r, idx[..., None], dout[..., None], axis=-1)
    return r.reshape(n, c, h // 2, w // 2, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(xshape)


def forward(p, x, cache=False):
    z1, cols1 = conv_fwd(x, p["W1"], p["b1"])
    a1 = np.maximum(z1, 0)
    p1, i1 = pool_fwd(a1)
    z2, cols2 = conv_fwd(p1, p["W2"], p["b2"])
    a2 = np.maximum(z2, 0)
    p2, i2 = pool_fwd(a2)
    f = p2.reshape(p2.shape[0], -1)                 # same (c,h,w) order as ONNX Flatten
    logits = f @ p["W3"].T + p["b3"]               # W3 [10,64], Gemm transB=1
    if not cache:
        return logits
    return logits, (x, z1, cols1, a1, p1, i1, z2, cols2, a2, p2, i2, f)


def backward(p, c, dlogits):
    x, z1, cols1, a1, p1, i1, z2, cols2, a2, p2, i2, f = c
    g = {}
    g["W3"] = dlogits.T @ f
    g["b3"] = dlogits.sum(0)
    df = dlogits @ p["W3"]
    da2 = pool_bwd(df.reshape(p2.shape), i2, a2.shape)
    dz2 = da2 * (z2 > 0)
    dp1, g["W2"], g["b2"] = conv_bwd(dz2, cols2, p["W2"], p1.shape)
    da1 = pool_bwd(dp1, i1, a1.shape)
    dz1 = da1 * (z1 > 0)
    _, g["W1"], g["b1"] = conv_bwd(dz1, cols1, p["W1"], x.shape)
    return g


def init_params(seed):
    rng = np.random.default_rng(seed)
    def he(shape, fan_in):
        return (rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)).astype(np.float32)
    return {
        "W1": he((C1, 1, 3, 3), 9), "b1": np.zeros(C1, np.float32),
        "W2": he((C2, C1, 3, 3), C1 * 9), "b2": np.zeros(C2, np.float32),
        "W3": he((NCLS, C2 * 4), C2 * 4) * np.float32(0.5), "b3": np.zeros(NCLS, np.float32),
    }


def train(xtr, ytr):
    p = init_params(INIT_SEED)
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(v) for k, v in p.items()}
    b1, b2, eps = np.float32(0.9), np.float32(0.999), np.float32(1e-8)
    rng = np.random.default_rng(SHUFFLE_SEED)
    t = 0
    n = xtr.shape[0]
    for ep in range(EPOCHS):
        lr = np.float32(LR * 0.5 * (1 + np.cos(np.pi * ep / EPOCHS)))  # cosine decay
        perm = rng.permutation(n)
        tot = 0.0
        for s in range(0, n, BATCH):
            idx = perm[s:s + BATCH]
            xb, yb = xtr[idx], ytr[idx]
            logits, cache = forward(p, xb, cache=True)
            z = logits - logits.max(1, keepdims=True)
            e = np.exp(z)
            prob = e / e.sum(1, keepdims=True)
            tot += float(-np.log(prob[np.arange(len(yb)), yb] + 1e-12).sum())
            d = prob
            d[np.arange(len(yb)), yb] -= 1
            d /= np.float32(len(yb))
            g = backward(p, cache, d.astype(np.float32))
            t += 1
            for k in p:
                m[k] = b1 * m[k] + (1 - b1) * g[k]
                v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k]
                mh = m[k] / (1 - b1 ** t)
                vh = v[k] / (1 - b2 ** t)
                p[k] = (p[k] - lr * mh / (np.sqrt(vh) + eps)).astype(np.float32)
        if ep % 10 == 9 or ep == EPOCHS - 1:
            acc = float((forward(p, xtr).argmax(1) == ytr).mean())
            print(f"  epoch {ep + 1:3d} loss {tot / n:.4f} train-acc {acc:.4f}", flush=True)
    return p


# ---------------------------------------------------------------- ONNX export / quantization
def export_onnx(p, path):
    import onnx
    from onnx import helper, numpy_helper, TensorProto
    inits = [numpy_helper.from_array(p[k].astype(np.float32), name=k) for k in ("W1", "b1", "W2", "b2", "W3", "b3")]
    nodes = [
        helper.make_node("Conv", ["input", "W1", "b1"], ["conv1"], name="conv1", kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[1, 1]),
        helper.make_node("Relu", ["conv1"], ["relu1"], name="relu1"),
        helper.make_node("MaxPool", ["relu1"], ["pool1"], name="pool1", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Conv", ["pool1", "W2", "b2"], ["conv2"], name="conv2", kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[1, 1]),
        helper.make_node("Relu", ["conv2"], ["relu2"], name="relu2"),
        helper.make_node("MaxPool", ["relu2"], ["pool2"], name="pool2", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["pool2"], ["flat"], name="flatten", axis=1),
        helper.make_node("Gemm", ["flat", "W3", "b3"], ["logits"], name="fc", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "digits_cnn",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 1, 8, 8])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", NCLS])],
        initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="aitc-build_digits")
    wlcommon.save_onnx_model(model, path)


def ort_logits(path, x):
    return wlcommon.ort_session(path).run(["logits"], {"input": x})[0]


def quantize_int8(fp32_path, out_path, calib):
    wlcommon.quantize_qdq(fp32_path, out_path, [{"input": calib[i:i + 1]} for i in range(calib.shape[0])],
                          "aitc-build_digits")


# ---------------------------------------------------------------- build
def count_params_flops():
    params = C1 * 9 + C1 + C2 * C1 * 9 + C2 + NCLS * C2 * 4 + NCLS
    macs = (8 * 8 * C1 * 9) + (4 * 4 * C2 * C1 * 9) + (NCLS * C2 * 4)
    return params, 2 * macs


def build(out):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    t0 = time.time()
    os.makedirs(out, exist_ok=True)
    d = load_digits()
    x = (d.images.astype(np.float32) / np.float32(16.0)).reshape(-1, 1, 8, 8)
    y = d.target.astype(np.int64)
    idx = np.arange(len(y))
    itr, ite = train_test_split(idx, test_size=TEST_SIZE, random_state=SPLIT_SEED, stratify=y)
    itr, ite = np.sort(itr), np.sort(ite)
    xtr, ytr, xte, yte = x[itr], y[itr], x[ite], y[ite]
    print(f"digits: train {len(ytr)} test {len(yte)}", flush=True)

    p = train(xtr, ytr)
    np_acc = float((forward(p, xte).argmax(1) == yte).mean())
    t_train = time.time() - t0
    print(f"  numpy test accuracy {np_acc:.4f} (train+load {t_train:.1f}s)", flush=True)

    fp32 = os.path.join(out, "digits_cnn_fp32.onnx")
    int8 = os.path.join(out, "digits_cnn_int8.onnx")
    export_onnx(p, fp32)
    lf = ort_logits(fp32, xte)
    fp32_acc = float((lf.argmax(1) == yte).mean())
    if fp32_acc != np_acc:
        raise SystemExit(f"onnxruntime fp32 accuracy {fp32_acc} != numpy accuracy {np_acc}")
    print(f"  onnxruntime fp32 accuracy {fp32_acc:.4f} (max |logit diff| vs numpy {np.abs(lf - forward(p, xte)).max():.2e})")

    crng = np.random.default_rng(CALIB_SEED)
    calib_idx = np.sort(crng.choice(len(ytr), size=CALIB_COUNT, replace=False))
    quantize_int8(fp32, int8, xtr[calib_idx])
    li = ort_logits(int8, xte)
    int8_acc = float((li.argmax(1) == yte).mean())
    agree = float((li.argmax(1) == lf.argmax(1)).mean())
    print(f"  onnxruntime int8 accuracy {int8_acc:.4f} (top-1 agreement with fp32 {agree:.4f})")

    wlcommon.save_npy(os.path.join(out, "samples.npy"), xte.astype(np.float32))
    wlcommon.save_npy(os.path.join(out, "labels.npy"), yte.astype(np.int64))

    params, flops = count_params_flops()
    files = {n: wlcommon.file_entry(os.path.join(out, n))
             for n in ("digits_cnn_fp32.onnx", "digits_cnn_int8.onnx", "samples.npy", "labels.npy")}
    manifest = {
        "workload": "digits",
        "description": "8x8 handwritten digit classification (sklearn load_digits, UCI optdigits test set), "
                       "small CNN trained in numpy; int8 = onnxruntime QDQ static quantization",
        "builder": "Tools/workloads/build_digits.py",
        "files": files,
        "model": {
            "inputs": [{"name": "input", "dtype": "float32", "shape": ["N", 1, 8, 8]}],
            "outputs": [{"name": "logits", "dtype": "float32", "shape": ["N", NCLS]}],
            "opset": 13,
            "architecture": "Conv3x3(1->8,pad1)+Relu, MaxPool2, Conv3x3(8->16,pad1)+Relu, MaxPool2, Flatten, Gemm(64->10)",
            "parameters": params,
            "flops_per_inference": flops,
            "flops_definition": "2 x multiply-adds of Conv and Gemm, batch 1",
        },
        "samples": {"file": "samples.npy", "count": int(len(yte)), "dtype": "float32", "shape": [int(len(yte)), 1, 8, 8],
                    "preprocessing": "pixel/16 (range 0..1)", "labels": "labels.npy"},
        "quality": {
            "metric": "top1_accuracy",
            "fp32_accuracy_onnxruntime": round(fp32_acc, 6),
            "int8_accuracy_onnxruntime": round(int8_acc, 6),
            "int8_fp32_top1_agreement": round(agree, 6),
        },
        "build": {
            "split": {"method": "sklearn.model_selection.train_test_split(stratify=y)", "seed": SPLIT_SEED,
                      "test_size": TEST_SIZE, "train_count": int(len(ytr)), "test_count": int(len(yte))},
            "training": {"optimizer": "adam, cosine lr decay", "lr": LR, "epochs": EPOCHS, "batch": BATCH,
                         "init_seed": INIT_SEED, "shuffle_seed": SHUFFLE_SEED},
            "quantization": {"tool": "onnxruntime.quantization.quantize_static", "format": "QDQ", "per_channel": False,
                             "activation_type": "QInt8", "weight_type": "QInt8", "calibrate_method": "MinMax",
                             "calibration": f"{CALIB_COUNT} train-split samples, seed {CALIB_SEED}"},
        },
        "versions": wlcommon.package_versions(),
    }
    wlcommon.write_json(os.path.join(out, "manifest.json"), manifest)
    print(f"  wrote {out} in {time.time() - t0:.1f}s")
    wlcommon.print_files(files, width=8)
    return manifest


def main():
    return wlcommon.builder_main(__doc__, DEFAULT_OUT, build, "digits", latency=False)


if __name__ == "__main__":
    sys.exit(main())
