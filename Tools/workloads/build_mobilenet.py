#!/usr/bin/env python3
"""Build the `vision-mobile` workload: a MobileNetV2 (width 1.0, 224x224) with generated weights.

No download: the network's weights come from a seeded RNG (He init); the BatchNormalization
statistics are then calibrated layer by layer on a few real images (as a trained network's running
statistics would be), rounded to 8 significant bits so that last-bit BLAS differences do not change
the bytes; the final Gemm is centred/scaled so logits have std O(1) and top-1 varies across inputs.
Samples are REAL photos that ship with scikit-learn (load_sample_images: china.jpg, flower.jpg):
64 deterministic crops/flips/scales resized to 224x224, ImageNet mean/std, float32 NCHW.

Outputs in Suites/workloads/mobilenet/ (large, NOT committed; only manifest.json is):
  mobilenet_v2_fp32.onnx  mobilenet_v2_int8.onnx  samples.npy [64,3,224,224] f32
  reference_top1.npy [64] i64  reference_logits.npy [64,1000] f32   (fp32 model via onnxruntime)
  build_report.json  (latency etc.: machine-dependent, not part of the manifest)

  build_mobilenet.py [--out DIR] [--check]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlcommon  # noqa: E402  (sets *_NUM_THREADS=1 before numpy is imported)

import time  # noqa: E402

import numpy as np  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "Suites", "workloads", "mobilenet")

WEIGHT_SEED = 20240612
SAMPLE_SEED = 424242
N_SAMPLES = 64
N_BN_CALIB = 8          # samples used to set the BN statistics and the logit centring
N_Q_CALIB = 8           # samples used for int8 calibration
RES = 224
NCLS = 1000
EPS = 1e-5
MEAN = np.array([0.485, 0.456, 0.406])
STD = np.array([0.229, 0.224, 0.225])
# (expansion t, out channels c, repeats n, first stride s) as in the MobileNetV2 paper
RES_GAMMA = (0.1, 0.3)     # BN gamma range of residual-branch projections
ACT_BETA = 0.2            # BN beta offset before ReLU6
HEAD_BETA = 0.0           # extra beta of the 1280-ch head (negative values made int8 worse)
CFG = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]


round_sig = wlcommon.round_sig


# ---------------------------------------------------------------- samples from real photos
def make_samples():
    from sklearn.datasets import load_sample_images
    from scipy import ndimage
    imgs = load_sample_images().images            # sorted: china.jpg, flower.jpg; uint8 [427,640,3]
    rng = np.random.default_rng(SAMPLE_SEED)
    out = np.empty((N_SAMPLES, 3, RES, RES), dtype=np.float32)
    recipe = []
    for i in range(N_SAMPLES):
        k = i % len(imgs)
        img = imgs[k].astype(np.float64) / 255.0
        h, w, _ = img.shape
        frac = rng.uniform(0.3, 1.0)                       # side of the crop, fraction of the short side
        aspect = np.exp(rng.uniform(np.log(3 / 4), np.log(4 / 3)))
        ch = min(h, int(round(min(h, w) * frac / np.sqrt(aspect))))
        cw = min(w, int(round(min(h, w) * frac * np.sqrt(aspect))))
        y0 = int(rng.integers(0, h - ch + 1))
        x0 = int(rng.integers(0, w - cw + 1))
        flip = bool(rng.integers(0, 2))
        crop = img[y0:y0 + ch, x0:x0 + cw]
        sy, sx = ch / RES, cw / RES
        # anti-alias before downscaling, then bilinear sampling at pixel centres
        crop = ndimage.gaussian_filter(crop, sigma=(max(0.0, (sy - 1) / 2), max(0.0, (sx - 1) / 2), 0), mode="nearest")
        yy = (np.arange(RES) + 0.5) * sy - 0.5
        xx = (np.arange(RES) + 0.5) * sx - 0.5
        if flip:
            xx = xx[::-1]
        gy, gx = np.meshgrid(yy, xx, indexing="ij")
        for c in range(3):
            v = ndimage.map_coordinates(crop[:, :, c], [gy, gx], order=1, mode="nearest")
            out[i, c] = ((v - MEAN[c]) / STD[c]).astype(np.float32)
        recipe.append({"image": ["china.jpg", "flower.jpg"][k], "crop_yxhw": [y0, x0, ch, cw], "hflip": flip})
    return out, recipe


# ---------------------------------------------------------------- network description + numpy forward
def layers():
    """Return the list of conv layers: dicts with name, cin, cout, k, stride, groups, act, and block info."""
    L = [dict(name="stem", cin=3, cout=32, k=3, s=2, g=1, act=True)]
    cin = 32
    blocks = []
    bi = 0
    for t, c, n, s in CFG:
        for r in range(n):
            stride = s if r == 0 else 1
            hid = cin * t
            names = []
            if t != 1:
                L.append(dict(name=f"b{bi}_expand", cin=cin, cout=hid, k=1, s=1, g=1, act=True)); names.append(L[-1]["name"])
            L.append(dict(name=f"b{bi}_dw", cin=hid, cout=hid, k=3, s=stride, g=hid, act=True)); names.append(L[-1]["name"])
            L.append(dict(name=f"b{bi}_project", cin=hid, cout=c, k=1, s=1, g=1, act=False, project=True)); names.append(L[-1]["name"])
            blocks.append(dict(idx=bi, names=names, residual=(stride == 1 and cin == c)))
            cin = c
            bi += 1
    L.append(dict(name="head", cin=cin, cout=1280, k=1, s=1, g=1, act=True))
    return L, blocks


def conv_np(x, W, k, s, g):
    n, c, h, w = x.shape
    if k == 1:
        o = W.shape[0]
        return np.matmul(W.reshape(o, c), x.reshape(n, c, h * w)).reshape(n, o, h, w)
    ho, wo = (h + 2 - 3) // s + 1, (w + 2 - 3) // s + 1
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    if g == 1:
        cols = np.empty((n, c, 9, ho, wo), dtype=x.dtype)
        for kh in range(3):
            for kw in range(3):
                cols[:, :, kh * 3 + kw] = xp[:, :, kh:kh + s * (ho - 1) + 1:s, kw:kw + s * (wo - 1) + 1:s]
        o = W.shape[0]
        return np.matmul(W.reshape(o, c * 9), cols.reshape(n, c * 9, ho * wo)).reshape(n, o, ho, wo)
    out = np.zeros((n, c, ho, wo), dtype=x.dtype)        # depthwise
    for kh in range(3):
        for kw in range(3):
            out += xp[:, :, kh:kh + s * (ho - 1) + 1:s, kw:kw + s * (wo - 1) + 1:s] * W[None, :, 0, kh, kw, None, None]
    return out


def make_weights(calib):
    """Seeded He-init weights; BN stats calibrated on `calib` (float32 NCHW), rounded to 8 bits."""
    rng = np.random.default_rng(WEIGHT_SEED)
    L, blocks = layers()
    P = {}
    block_of = {nm: b for b in blocks for nm in b["names"]}
    x = calib.astype(np.float32)
    block_in = None
    for ly in L:
        nm = ly["name"]
        b = block_of.get(nm)
        if b is not None and nm == b["names"][0]:
            block_in = x
        fan_in = (ly["cin"] // ly["g"]) * ly["k"] * ly["k"]
        gain = 2.0 if ly["act"] else 1.0
        W = (rng.standard_normal((ly["cout"], ly["cin"] // ly["g"], ly["k"], ly["k"])) * np.sqrt(gain / fan_in)).astype(np.float32)
        if ly.get("project"):
            # residual branches start small (near-identity blocks, as in trained nets and zero-gamma init):
            # keeps the random network out of the chaotic regime where small (int8) errors blow up
            gamma = rng.uniform(*(RES_GAMMA if b["residual"] else (0.8, 1.2)), ly["cout"])
        else:
            gamma = rng.uniform(0.8, 1.2, ly["cout"])
        beta = rng.normal(0.0, 0.1, ly["cout"]) + (ACT_BETA if ly["act"] else 0.0)
        if nm == "head":
            beta = beta + HEAD_BETA   # sparse head features: less common mean, more input-specific signal
        z = conv_np(x, W, ly["k"], ly["s"], ly["g"])
        zd = z.astype(np.float64)
        mean = round_sig(zd.mean(axis=(0, 2, 3)))
        var = round_sig(zd.var(axis=(0, 2, 3)) + 1e-3)
        gamma, beta = round_sig(gamma), round_sig(beta)
        P[nm] = dict(W=W, gamma=gamma.astype(np.float32), beta=beta.astype(np.float32),
                     mean=mean.astype(np.float32), var=var.astype(np.float32))
        y = ((zd - mean[None, :, None, None]) / np.sqrt(var + EPS)[None, :, None, None] * gamma[None, :, None, None]
             + beta[None, :, None, None])
        if ly["act"]:
            y = np.clip(y, 0.0, 6.0)
        x = y.astype(np.float32)
        if b is not None and nm == b["names"][-1] and b["residual"]:
            x = x + block_in
    f = x.astype(np.float64).mean(axis=(2, 3))                        # GAP -> [n,1280]
    Wfc = rng.standard_normal((NCLS, 1280)) / np.sqrt(1280.0)
    l0 = f @ Wfc.T
    scale = round_sig(1.0 / (l0 - l0.mean(axis=0)).std())              # logits std ~ 1 around the centre
    Wfc = (Wfc * scale).astype(np.float32)
    bias = round_sig(-(l0.mean(axis=0) * scale)).astype(np.float32)
    P["fc"] = dict(W=Wfc, b=bias)
    return P


def export_onnx(P, path):
    import onnx
    from onnx import helper, numpy_helper, TensorProto
    L, blocks = layers()
    block_of = {nm: b for b in blocks for nm in b["names"]}
    inits = [numpy_helper.from_array(np.array(0.0, np.float32), "relu6_min"),
             numpy_helper.from_array(np.array(6.0, np.float32), "relu6_max")]
    nodes = []
    cur = "input"
    block_in = None
    for ly in L:
        nm = ly["name"]
        b = block_of.get(nm)
        if b is not None and nm == b["names"][0]:
            block_in = cur
        p = P[nm]
        inits.append(numpy_helper.from_array(p["W"], f"{nm}.weight"))
        for k in ("gamma", "beta", "mean", "var"):
            inits.append(numpy_helper.from_array(p[k], f"{nm}.bn.{k}"))
        pad = (ly["k"] - 1) // 2
        nodes.append(helper.make_node("Conv", [cur, f"{nm}.weight"], [f"{nm}.conv"], name=f"{nm}.conv",
                                      kernel_shape=[ly["k"], ly["k"]], strides=[ly["s"], ly["s"]],
                                      pads=[pad] * 4, group=ly["g"], dilations=[1, 1]))
        nodes.append(helper.make_node("BatchNormalization", [f"{nm}.conv", f"{nm}.bn.gamma", f"{nm}.bn.beta",
                                      f"{nm}.bn.mean", f"{nm}.bn.var"], [f"{nm}.bn"], name=f"{nm}.bn",
                                      epsilon=EPS))
        cur = f"{nm}.bn"
        if ly["act"]:
            nodes.append(helper.make_node("Clip", [cur, "relu6_min", "relu6_max"], [f"{nm}.relu6"], name=f"{nm}.relu6"))
            cur = f"{nm}.relu6"
        if b is not None and nm == b["names"][-1] and b["residual"]:
            nodes.append(helper.make_node("Add", [cur, block_in], [f"b{b['idx']}.add"], name=f"b{b['idx']}.add"))
            cur = f"b{b['idx']}.add"
    inits.append(numpy_helper.from_array(P["fc"]["W"], "fc.weight"))
    inits.append(numpy_helper.from_array(P["fc"]["b"], "fc.bias"))
    nodes.append(helper.make_node("GlobalAveragePool", [cur], ["gap"], name="gap"))
    nodes.append(helper.make_node("Flatten", ["gap"], ["flat"], name="flatten", axis=1))
    nodes.append(helper.make_node("Gemm", ["flat", "fc.weight", "fc.bias"], ["logits"], name="fc", transB=1))
    graph = helper.make_graph(nodes, "mobilenet_v2",
                              [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 3, RES, RES])],
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", NCLS])],
                              initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="aitc-build_mobilenet")
    wlcommon.save_onnx_model(model, path)


def params_flops():
    L, _ = layers()
    params = macs = 0
    h = RES
    for ly in L:
        h = (h + 2 * ((ly["k"] - 1) // 2) - ly["k"]) // ly["s"] + 1
        wn = ly["cout"] * (ly["cin"] // ly["g"]) * ly["k"] ** 2
        params += wn + 4 * ly["cout"]              # conv weights + BN (gamma, beta, mean, var)
        macs += wn * h * h
    params += 1280 * NCLS + NCLS
    macs += 1280 * NCLS
    return params, macs


# ---------------------------------------------------------------- onnxruntime helpers
def ort_logits(path, x):
    s = wlcommon.ort_session(path)
    return np.concatenate([s.run(["logits"], {"input": x[i:i + 1]})[0] for i in range(x.shape[0])])


def latency_p50(path, x, runs=50):
    feeds = [{"input": x[i:i + 1]} for i in range(x.shape[0])]
    return wlcommon.latency_p50(wlcommon.ort_session(path), ["logits"], feeds, runs, warmup=3)


def quantize_int8(fp32_path, out_path, calib):
    # the usual flow for a real exported model: fold BatchNormalization into Conv, then quantize
    wlcommon.quantize_qdq(fp32_path, out_path, [{"input": calib[i:i + 1]} for i in range(calib.shape[0])],
                          "aitc-build_mobilenet", pre_process=True)


# ---------------------------------------------------------------- build
def build(out, measure=True):
    t0 = time.time()
    os.makedirs(out, exist_ok=True)
    x, recipe = make_samples()
    print(f"mobilenet: samples {x.shape} ({time.time() - t0:.1f}s)", flush=True)
    P = make_weights(x[:N_BN_CALIB])
    print(f"  weights + BN calibration ({time.time() - t0:.1f}s)", flush=True)
    fp32 = os.path.join(out, "mobilenet_v2_fp32.onnx")
    int8 = os.path.join(out, "mobilenet_v2_int8.onnx")
    export_onnx(P, fp32)
    lf = ort_logits(fp32, x)
    top1 = lf.argmax(1).astype(np.int64)
    lstd = float(lf.std())
    distinct = int(len(np.unique(top1)))
    print(f"  fp32: logits std {lstd:.3f}, mean |logit| {np.abs(lf).mean():.3f}, distinct top-1 {distinct}/{len(top1)} "
          f"({time.time() - t0:.1f}s)", flush=True)
    if not (0.1 < lstd < 10) or distinct < 4:
        raise SystemExit("generated network is degenerate (logit std or top-1 variety out of range)")
    quantize_int8(fp32, int8, x[:N_Q_CALIB])
    li = ort_logits(int8, x)
    agree = float((li.argmax(1) == top1).mean())
    cos = (li * lf).sum(1) / (np.linalg.norm(li, axis=1) * np.linalg.norm(lf, axis=1))
    print(f"  int8: top-1 agreement with fp32 {agree:.4f}, cosine mean {cos.mean():.4f} min {cos.min():.4f} "
          f"({time.time() - t0:.1f}s)", flush=True)
    wlcommon.save_npy(os.path.join(out, "samples.npy"), x)
    wlcommon.save_npy(os.path.join(out, "reference_top1.npy"), top1)
    wlcommon.save_npy(os.path.join(out, "reference_logits.npy"), lf.astype(np.float32))

    params, macs = params_flops()
    names = ("mobilenet_v2_fp32.onnx", "mobilenet_v2_int8.onnx", "samples.npy", "reference_top1.npy", "reference_logits.npy")
    files = {n: wlcommon.file_entry(os.path.join(out, n)) for n in names}
    manifest = {
        "workload": "vision-mobile",
        "description": "MobileNetV2 1.0 @224 (inverted residuals, ReLU6=Clip, BatchNormalization kept), weights generated "
                       "from a seed with BN statistics calibrated on real photos; quality = agreement with the fp32 "
                       "reference (top-1 and logit cosine similarity), not ImageNet accuracy",
        "builder": "Tools/workloads/build_mobilenet.py",
        "generated_not_committed": True,
        "files": files,
        "model": {
            "inputs": [{"name": "input", "dtype": "float32", "shape": ["N", 3, RES, RES]}],
            "outputs": [{"name": "logits", "dtype": "float32", "shape": ["N", NCLS]}],
            "opset": 13,
            "parameters": params,
            "multiply_adds_per_inference": macs,
            "flops_per_inference": 2 * macs,
            "flops_definition": "2 x multiply-adds of Conv and Gemm, batch 1 (BN/Clip/Add/GAP not counted)",
        },
        "samples": {"file": "samples.npy", "count": N_SAMPLES, "dtype": "float32", "shape": [N_SAMPLES, 3, RES, RES],
                    "source": "sklearn.datasets.load_sample_images() china.jpg, flower.jpg",
                    "preprocessing": "crop (seeded), optional hflip, gaussian anti-alias + bilinear resize to 224, "
                                     "/255, ImageNet mean/std, NCHW",
                    "recipe": recipe},
        "quality": {
            "metric": "top1 agreement with reference_top1.npy; cosine similarity with reference_logits.npy",
            "reference": "fp32 model on onnxruntime CPU, 1 thread",
            "fp32_logits_std": round(lstd, 4),
            "fp32_distinct_top1": distinct,
            "int8_top1_agreement_onnxruntime": round(agree, 6),
            "int8_cosine_mean_onnxruntime": round(float(cos.mean()), 6),
            "int8_cosine_min_onnxruntime": round(float(cos.min()), 6),
        },
        "build": {
            "weight_seed": WEIGHT_SEED, "sample_seed": SAMPLE_SEED,
            "bn_calibration_samples": N_BN_CALIB, "bn_stat_rounding": "8 significant bits",
            "quantization": {"tool": "onnxruntime quant_pre_process (BN folding) + quantize_static", "format": "QDQ",
                             "per_channel": False, "activation_type": "QInt8", "weight_type": "QInt8",
                             "calibrate_method": "MinMax", "calibration": f"samples[0:{N_Q_CALIB}]"},
        },
        "versions": wlcommon.package_versions(),
    }
    wlcommon.write_json(os.path.join(out, "manifest.json"), manifest)
    lat = (lambda: latency_p50(fp32, x), lambda: latency_p50(int8, x)) if measure else None
    report = wlcommon.write_build_report(out, t0, lat)
    print(f"  wrote {out} in {report['build_seconds']}s; params {params}, MACs {macs}, FLOPs {2 * macs}")
    wlcommon.print_files(files)
    return manifest


def main():
    return wlcommon.builder_main(__doc__, DEFAULT_OUT, build, "mobilenet", label="vision-mobile")


if __name__ == "__main__":
    sys.exit(main())
