#!/usr/bin/env python3
"""Build the `kws` workload: keyword spotting (MLPerf Tiny KWS shape) on speech synthesized by espeak-ng.

No download: ten command words (yes no up down left right on off stop go) are spoken by the
`espeak-ng` CLI (Debian package espeak-ng) in 16 voices (English accents x voice variants), 3 speeds
and 3 pitches; resampled 22050 -> 16000 Hz, trimmed, placed at a seeded random offset in a 1 s
window, scaled by a seeded gain and mixed with seeded noise (white, pink, mains hum) at several SNRs.
Features: 49x10 MFCC (30 ms Hann window, 20 ms hop, 512-point FFT, 40 HTK mel bands 20..4000 Hz,
log, DCT-II ortho, first 10 coefficients) in numpy/scipy, then standardized per coefficient with
train-split statistics (rounded to 8 significant bits; stored in the manifest).
Model: DS-CNN (Conv 10x4/2 + BN + Relu, 4 x [depthwise 3x3 + BN + Relu, pointwise 1x1 + BN + Relu],
GlobalAveragePool, Gemm -> 10 logits), trained in numpy (Adam, fixed seeds/epochs).
Split by VOICE: the test voices never appear in training (two of them are accents absent from training).
int8 = onnxruntime QDQ static quantization (BatchNormalization folded first), calibrated on train data.

Outputs (default Suites/workloads/kws/, all committed, < 1 MB):
  kws_dscnn_fp32.onnx  kws_dscnn_int8.onnx  samples.npy [N,1,49,10] f32  labels.npy [N] i64  manifest.json
  build_report.json (latency, build time: machine-dependent, not committed)

  build_kws.py [--out DIR] [--check] [--no-latency]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlcommon  # noqa: E402  (sets *_NUM_THREADS=1 before numpy is imported)

import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "Suites", "workloads", "kws")

WORDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]
# espeak-ng voice = accent (gmw/*) + variant (!v/*). Test voices: two accents never used in training
# (en-029 Caribbean, en-gb-x-gbcwmd West Midlands) and two unseen accent+variant combinations.
TRAIN_VOICES = ["en-us", "en-gb+f3", "en-gb-scotland+m3", "en-gb-x-rp+f2", "en-us+m7", "en-gb-x-gbclan",
                "en-us-nyc+f4", "en-gb+m2", "en-gb-scotland+f5", "en-us+klatt", "en-gb-x-rp+m4", "en-gb-x-gbclan+f1",
                "en-us-nyc", "en-gb-scotland+klatt", "en-gb-x-rp+croak", "en-us+m1", "en-gb+f4", "en-gb-x-gbclan+m5"]
TEST_VOICES = ["en-029+m3", "en-gb-x-gbcwmd+f2", "en-us+f5", "en-us-nyc+m7"]
SPEEDS = [130, 160, 190]          # espeak-ng -s (words per minute)
PITCHES = [35, 50, 65]            # espeak-ng -p (0..99)
SNRS_DB = [10, 15, 20, 30]
NOISES = ["white", "pink", "hum"]
TRAIN_AUG = 3                     # noisy/shifted copies of each training utterance
TRAIN_WARP = (0.88, 1.12)         # training copies are also resampled by a factor in this range
SR = 16000
N_FRAMES, N_MFCC, N_MEL, WIN, HOP, NFFT = 49, 10, 40, 480, 320, 512
FMIN, FMAX = 20.0, 4000.0

AUG_SEED = 5150
INIT_SEED = 17
SHUFFLE_SEED = 23
CALIB_SEED = 3
CALIB_COUNT = 200
WIDTH = 64
EPOCHS = 12
BATCH = 64
LR = 3e-3
BN_EPS = 1e-3
NCLS = len(WORDS)


round_sig = wlcommon.round_sig


# ---------------------------------------------------------------- audio
def espeak_version():
    out = subprocess.run(["espeak-ng", "--version"], check=True, capture_output=True, text=True).stdout
    return out.split("Data at")[0].strip()


def synthesize(voices):
    """Return {(voice, speed, pitch, word): int16 array at 22050 Hz} by calling the espeak-ng CLI."""
    from scipy.io import wavfile
    res = {}
    with tempfile.TemporaryDirectory(prefix="aitc-kws-") as td:
        wav = os.path.join(td, "w.wav")
        for v in voices:
            for s in SPEEDS:
                for p in PITCHES:
                    for w in WORDS:
                        subprocess.run(["espeak-ng", "-v", v, "-s", str(s), "-p", str(p), "-w", wav, w],
                                       check=True, capture_output=True)
                        rate, d = wavfile.read(wav)
                        if rate != 22050 or d.dtype != np.int16 or d.ndim != 1:
                            raise SystemExit(f"espeak-ng gave unexpected wav ({rate} Hz, {d.dtype}, {d.shape})")
                        res[(v, s, p, w)] = d
    return res


def to_16k_trimmed(d):
    from scipy.signal import resample_poly
    x = resample_poly(d.astype(np.float64) / 32768.0, 320, 441)
    a = np.abs(x)
    nz = np.nonzero(a > 0.003 * a.max())[0]          # low threshold: keep fricatives (s of stop, f of off)
    x = x[max(0, nz[0] - 160):nz[-1] + 160]          # keep 10 ms around the active part
    return x[:SR]


def make_noise(kind, n, rng):
    if kind == "white":
        return rng.standard_normal(n)
    if kind == "pink":                                 # 1/f power via spectral shaping of white noise
        spec = np.fft.rfft(rng.standard_normal(n))
        f = np.arange(spec.shape[0], dtype=np.float64)
        f[0] = 1.0
        return np.fft.irfft(spec / np.sqrt(f), n)
    # mains hum: 50 or 60 Hz with harmonics, random phases, plus a little white noise
    t = np.arange(n) / SR
    f0 = 50.0 if rng.integers(0, 2) == 0 else 60.0
    x = sum(rng.uniform(0.3, 1.0) / h * np.sin(2 * np.pi * f0 * h * t + rng.uniform(0, 2 * np.pi)) for h in (1, 2, 3, 5))
    return x + 0.05 * rng.standard_normal(n)


def mix(speech, rng, warp=None):
    """Place `speech` at a random offset in 1 s, random gain, add noise at a random SNR; return (x, info).
    warp (lo, hi): also resample by a random factor (vocal-tract-length/tempo perturbation, training only)."""
    if warp is not None:
        from scipy.signal import resample
        r = rng.uniform(*warp)
        speech = resample(speech, min(SR, int(round(speech.shape[0] * r))))
    L = speech.shape[0]
    off = int(rng.integers(0, SR - L + 1))
    gain = float(rng.uniform(0.15, 0.9)) / np.abs(speech).max()
    x = np.zeros(SR)
    x[off:off + L] = speech * gain
    kind = NOISES[int(rng.integers(0, len(NOISES)))]
    snr = SNRS_DB[int(rng.integers(0, len(SNRS_DB)))]
    nz = make_noise(kind, SR, rng)
    p_sig = np.mean((speech * gain) ** 2)
    nz *= np.sqrt(p_sig / (np.mean(nz ** 2) * 10 ** (snr / 10)))
    return np.clip(x + nz, -1.0, 1.0), (off, kind, snr)


# ---------------------------------------------------------------- MFCC (numpy/scipy)
def mel_filterbank():
    hz2mel = lambda f: 2595.0 * np.log10(1.0 + f / 700.0)  # noqa: E731
    mel2hz = lambda m: 700.0 * (10 ** (m / 2595.0) - 1.0)  # noqa: E731
    pts = mel2hz(np.linspace(hz2mel(FMIN), hz2mel(FMAX), N_MEL + 2))
    freqs = np.arange(NFFT // 2 + 1) * SR / NFFT
    fb = np.zeros((N_MEL, NFFT // 2 + 1))
    for i in range(N_MEL):
        lo, c, hi = pts[i], pts[i + 1], pts[i + 2]
        fb[i] = np.maximum(0.0, np.minimum((freqs - lo) / (c - lo), (hi - freqs) / (hi - c)))
    return fb


def mfcc(x, fb):
    from scipy.fft import dct
    win = np.hanning(WIN + 1)[:WIN]                    # periodic Hann
    idx = np.arange(N_FRAMES)[:, None] * HOP + np.arange(WIN)[None, :]
    frames = x[idx] * win
    power = np.abs(np.fft.rfft(frames, NFFT, axis=1)) ** 2
    logmel = np.log(power @ fb.T + 1e-6)
    return dct(logmel, type=2, axis=1, norm="ortho")[:, :N_MFCC]   # [49,10]


def make_dataset(audio, voices, copies, rng, fb, warp=None):
    xs, ys, info = [], [], []
    for v in voices:
        for s in SPEEDS:
            for p in PITCHES:
                for wi, w in enumerate(WORDS):
                    sp = to_16k_trimmed(audio[(v, s, p, w)])
                    for _ in range(copies):
                        x, (off, kind, snr) = mix(sp, rng, warp)
                        xs.append(mfcc(x, fb))
                        ys.append(wi)
                        info.append((kind, snr))
    return np.stack(xs)[:, None], np.array(ys, np.int64), info


# ---------------------------------------------------------------- DS-CNN in numpy (NCHW float32)
K1H, K1W, S1 = 10, 4, 2
PAD1 = (4, 1, 5, 1)               # top, left, bottom, right ("same" for 49x10 stride 2 -> 25x5)
OH, OW = 25, 5
BN_NAMES = ["bn0"] + [f"b{i}{t}.bn" for i in range(4) for t in ("dw", "pw")]


def conv1_cols(x):
    n = x.shape[0]
    xp = np.pad(x[:, 0], ((0, 0), (PAD1[0], PAD1[2]), (PAD1[1], PAD1[3])))
    cols = np.empty((n, K1H * K1W, OH, OW), np.float32)
    for kh in range(K1H):
        for kw in range(K1W):
            cols[:, kh * K1W + kw] = xp[:, kh:kh + S1 * (OH - 1) + 1:S1, kw:kw + S1 * (OW - 1) + 1:S1]
    return cols.reshape(n, K1H * K1W, OH * OW)


def dw_fwd(x, w):
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    out = np.zeros_like(x)
    for kh in range(3):
        for kw in range(3):
            out += xp[:, :, kh:kh + OH, kw:kw + OW] * w[None, :, 0, kh, kw, None, None]
    return out


def dw_bwd(dout, x, w):
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    for kh in range(3):
        for kw in range(3):
            dxp[:, :, kh:kh + OH, kw:kw + OW] += dout * w[None, :, 0, kh, kw, None, None]
            dw[:, 0, kh, kw] = np.einsum("nchw,nchw->c", dout, xp[:, :, kh:kh + OH, kw:kw + OW])
    return dxp[:, :, 1:-1, 1:-1], dw


def bn_fwd(z, g, b, stats, train):
    if train:
        mu = z.mean(axis=(0, 2, 3))
        var = z.var(axis=(0, 2, 3))
    else:
        mu, var = stats
    inv = (1.0 / np.sqrt(var + BN_EPS)).astype(np.float32)
    xh = (z - mu[None, :, None, None]) * inv[None, :, None, None]
    return xh * g[None, :, None, None] + b[None, :, None, None], (xh, inv)


def bn_bwd(dy, g, c):
    xh, inv = c
    m = dy.shape[0] * dy.shape[2] * dy.shape[3]
    dg = (dy * xh).sum(axis=(0, 2, 3))
    db = dy.sum(axis=(0, 2, 3))
    dxh = dy * g[None, :, None, None]
    dx = (inv[None, :, None, None] / m) * (m * dxh - dxh.sum(axis=(0, 2, 3))[None, :, None, None]
                                          - xh * (dxh * xh).sum(axis=(0, 2, 3))[None, :, None, None])
    return dx.astype(np.float32), dg, db


def forward(p, x, stats=None, cache=False, collect=None):
    """stats None -> batch statistics (training); collect: dict filled with per-BN batch statistics."""
    train = stats is None
    C = {}
    n = x.shape[0]
    cols = conv1_cols(x)
    z = np.matmul(p["conv0.w"].reshape(WIDTH, -1), cols).reshape(n, WIDTH, OH, OW)
    h = z
    seq = [("conv0", None)] + [(f"b{i}{t}", t) for i in range(4) for t in ("dw", "pw")]
    for nm, kind in seq:
        if kind == "dw":
            inp = h
            z = dw_fwd(h, p[nm + ".w"])
        elif kind == "pw":
            inp = h
            z = np.matmul(p[nm + ".w"].reshape(WIDTH, WIDTH), h.reshape(n, WIDTH, OH * OW)).reshape(n, WIDTH, OH, OW)
        bn = "bn0" if nm == "conv0" else nm + ".bn"
        if collect is not None:
            collect[bn] = (z.astype(np.float64).mean(axis=(0, 2, 3)), z.astype(np.float64).var(axis=(0, 2, 3)))
            st = tuple(round_sig(s).astype(np.float32) for s in collect[bn])
            collect[bn] = st
        else:
            st = None if train else stats[bn]
        y, bc = bn_fwd(z, p[bn + ".g"], p[bn + ".b"], st, train and collect is None)
        a = np.maximum(y, 0)
        if cache:
            C[nm] = (inp if kind else None, y, bc)
        h = a
    f = h.mean(axis=(2, 3))
    logits = f @ p["fc.w"].T + p["fc.b"]
    if cache:
        C["cols"], C["f"], C["hshape"] = cols, f, h.shape
        return logits, C
    return logits


def backward(p, C, dlogits):
    g = {}
    g["fc.w"] = dlogits.T @ C["f"]
    g["fc.b"] = dlogits.sum(0)
    n = dlogits.shape[0]
    dh = np.broadcast_to((dlogits @ p["fc.w"])[:, :, None, None] / np.float32(OH * OW), C["hshape"]).astype(np.float32)
    seq = [("conv0", None)] + [(f"b{i}{t}", t) for i in range(4) for t in ("dw", "pw")]
    for nm, kind in reversed(seq):
        inp, y, bc = C[nm]
        bn = "bn0" if nm == "conv0" else nm + ".bn"
        dy = dh * (y > 0)
        dz, g[bn + ".g"], g[bn + ".b"] = bn_bwd(dy, p[bn + ".g"], bc)
        if kind == "pw":
            d = dz.reshape(n, WIDTH, OH * OW)
            hin = inp.reshape(n, WIDTH, OH * OW)
            g[nm + ".w"] = np.einsum("noj,nkj->ok", d, hin).reshape(p[nm + ".w"].shape)
            dh = np.matmul(p[nm + ".w"].reshape(WIDTH, WIDTH).T, d).reshape(n, WIDTH, OH, OW)
        elif kind == "dw":
            dh, g[nm + ".w"] = dw_bwd(dz, inp, p[nm + ".w"])
        else:
            d = dz.reshape(n, WIDTH, OH * OW)
            g["conv0.w"] = np.einsum("noj,nkj->ok", d, C["cols"]).reshape(p["conv0.w"].shape)
    return g


def init_params(seed):
    rng = np.random.default_rng(seed)
    he = lambda shape, fan: (rng.standard_normal(shape) * np.sqrt(2.0 / fan)).astype(np.float32)  # noqa: E731
    p = {"conv0.w": he((WIDTH, 1, K1H, K1W), K1H * K1W)}
    for i in range(4):
        p[f"b{i}dw.w"] = he((WIDTH, 1, 3, 3), 9)
        p[f"b{i}pw.w"] = he((WIDTH, WIDTH, 1, 1), WIDTH)
    for bn in BN_NAMES:
        p[bn + ".g"] = np.ones(WIDTH, np.float32)
        p[bn + ".b"] = np.zeros(WIDTH, np.float32)
    p["fc.w"] = (rng.standard_normal((NCLS, WIDTH)) / np.sqrt(WIDTH)).astype(np.float32)
    p["fc.b"] = np.zeros(NCLS, np.float32)
    return p


def population_stats(p, x):
    collect = {}
    forward(p, x, stats=None, collect=collect)
    return collect


def train(xtr, ytr):
    p = init_params(INIT_SEED)
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(v) for k, v in p.items()}
    b1, b2, eps = np.float32(0.9), np.float32(0.999), np.float32(1e-8)
    rng = np.random.default_rng(SHUFFLE_SEED)
    t = 0
    n = xtr.shape[0]
    for ep in range(EPOCHS):
        lr = np.float32(LR * 0.5 * (1 + np.cos(np.pi * ep / EPOCHS)))
        perm = rng.permutation(n)
        tot, correct = 0.0, 0
        t0 = time.time()
        for s in range(0, n - BATCH + 1, BATCH):        # full batches only (BN batch statistics)
            idx = perm[s:s + BATCH]
            xb, yb = xtr[idx], ytr[idx]
            logits, C = forward(p, xb, cache=True)
            z = logits - logits.max(1, keepdims=True)
            e = np.exp(z)
            prob = e / e.sum(1, keepdims=True)
            tot += float(-np.log(prob[np.arange(len(yb)), yb] + 1e-12).sum())
            correct += int((logits.argmax(1) == yb).sum())
            d = prob
            d[np.arange(len(yb)), yb] -= 1
            d /= np.float32(len(yb))
            g = backward(p, C, d.astype(np.float32))
            t += 1
            for k in p:
                m[k] = b1 * m[k] + (1 - b1) * g[k]
                v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k]
                mh = m[k] / (1 - b1 ** t)
                vh = v[k] / (1 - b2 ** t)
                p[k] = (p[k] - lr * mh / (np.sqrt(vh) + eps)).astype(np.float32)
        print(f"  epoch {ep + 1:3d} loss {tot / n:.4f} train-acc(batch) {correct / n:.4f} ({time.time() - t0:.1f}s)", flush=True)
    return p


# ---------------------------------------------------------------- ONNX export / quantization
def export_onnx(p, stats, path):
    import onnx
    from onnx import helper, numpy_helper, TensorProto
    inits, nodes = [], []

    def conv_bn_relu(src, nm, bn, w, **attrs):
        inits.append(numpy_helper.from_array(w, nm + ".weight"))
        mu, var = stats[bn]
        for k, a in (("gamma", p[bn + ".g"]), ("beta", p[bn + ".b"]), ("mean", mu), ("var", var)):
            inits.append(numpy_helper.from_array(np.asarray(a, np.float32), f"{bn}.{k}"))
        nodes.append(helper.make_node("Conv", [src, nm + ".weight"], [nm + ".conv"], name=nm + ".conv", **attrs))
        nodes.append(helper.make_node("BatchNormalization", [nm + ".conv", bn + ".gamma", bn + ".beta", bn + ".mean",
                                      bn + ".var"], [bn], name=bn, epsilon=BN_EPS))
        nodes.append(helper.make_node("Relu", [bn], [nm + ".relu"], name=nm + ".relu"))
        return nm + ".relu"

    cur = conv_bn_relu("input", "conv0", "bn0", p["conv0.w"], kernel_shape=[K1H, K1W], strides=[S1, S1],
                       pads=[PAD1[0], PAD1[1], PAD1[2], PAD1[3]], dilations=[1, 1], group=1)
    for i in range(4):
        cur = conv_bn_relu(cur, f"b{i}dw", f"b{i}dw.bn", p[f"b{i}dw.w"], kernel_shape=[3, 3], strides=[1, 1],
                           pads=[1, 1, 1, 1], dilations=[1, 1], group=WIDTH)
        cur = conv_bn_relu(cur, f"b{i}pw", f"b{i}pw.bn", p[f"b{i}pw.w"], kernel_shape=[1, 1], strides=[1, 1],
                           pads=[0, 0, 0, 0], dilations=[1, 1], group=1)
    inits.append(numpy_helper.from_array(p["fc.w"], "fc.weight"))
    inits.append(numpy_helper.from_array(p["fc.b"], "fc.bias"))
    nodes.append(helper.make_node("GlobalAveragePool", [cur], ["gap"], name="gap"))
    nodes.append(helper.make_node("Flatten", ["gap"], ["flat"], name="flatten", axis=1))
    nodes.append(helper.make_node("Gemm", ["flat", "fc.weight", "fc.bias"], ["logits"], name="fc", transB=1))
    graph = helper.make_graph(nodes, "kws_dscnn",
                              [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 1, N_FRAMES, N_MFCC])],
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", NCLS])],
                              initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="aitc-build_kws")
    wlcommon.save_onnx_model(model, path)


def ort_logits(path, x):
    return wlcommon.ort_session(path).run(["logits"], {"input": x})[0]


def latency_p50(path, x, runs=200):
    feeds = [{"input": x[i:i + 1]} for i in range(x.shape[0])]
    return wlcommon.latency_p50(wlcommon.ort_session(path), ["logits"], feeds, runs, warmup=5)


def quantize_int8(fp32_path, out_path, calib):
    # the usual flow for a real exported model: fold BatchNormalization into Conv, then quantize
    wlcommon.quantize_qdq(fp32_path, out_path, [{"input": calib[i:i + 1]} for i in range(calib.shape[0])],
                          "aitc-build_kws", pre_process=True)


op_types = wlcommon.op_types


def params_flops():
    params = WIDTH * K1H * K1W + 4 * (WIDTH * 9 + WIDTH * WIDTH) + 9 * 4 * WIDTH + NCLS * WIDTH + NCLS
    macs = OH * OW * (WIDTH * K1H * K1W + 4 * (WIDTH * 9 + WIDTH * WIDTH)) + NCLS * WIDTH
    return params, macs


# ---------------------------------------------------------------- build
def build(out, measure=True):
    t0 = time.time()
    os.makedirs(out, exist_ok=True)
    ver = espeak_version()
    audio = synthesize(TRAIN_VOICES + TEST_VOICES)
    print(f"kws: {len(audio)} utterances from {ver} ({time.time() - t0:.1f}s)", flush=True)
    import hashlib
    h = hashlib.sha256()
    for k in sorted(audio):
        h.update(repr(k).encode() + audio[k].tobytes())
    audio_digest = h.hexdigest()
    fb = mel_filterbank()
    rng = np.random.default_rng(AUG_SEED)
    xtr, ytr, _ = make_dataset(audio, TRAIN_VOICES, TRAIN_AUG, rng, fb, TRAIN_WARP)
    xte, yte, te_info = make_dataset(audio, TEST_VOICES, 1, rng, fb)
    mu = round_sig(xtr.mean(axis=(0, 1, 2)))
    sd = round_sig(xtr.std(axis=(0, 1, 2)))
    xtr = ((xtr - mu) / sd).astype(np.float32)
    xte = ((xte - mu) / sd).astype(np.float32)
    print(f"  features: train {xtr.shape} test {xte.shape} ({time.time() - t0:.1f}s)", flush=True)

    p = train(xtr, ytr)
    stats = population_stats(p, xtr)
    np_logits = forward(p, xte, stats=stats)
    np_acc = float((np_logits.argmax(1) == yte).mean())
    tr_acc = float((forward(p, xtr, stats=stats).argmax(1) == ytr).mean())
    t_train = time.time() - t0
    print(f"  numpy accuracy: train {tr_acc:.4f}, held-out voices {np_acc:.4f} ({t_train:.1f}s)", flush=True)

    fp32 = os.path.join(out, "kws_dscnn_fp32.onnx")
    int8 = os.path.join(out, "kws_dscnn_int8.onnx")
    export_onnx(p, stats, fp32)
    lf = ort_logits(fp32, xte)
    fp32_acc = float((lf.argmax(1) == yte).mean())
    print(f"  onnxruntime fp32 accuracy {fp32_acc:.4f} (max |logit diff| vs numpy {np.abs(lf - np_logits).max():.2e})")
    crng = np.random.default_rng(CALIB_SEED)
    calib_idx = np.sort(crng.choice(len(ytr), size=CALIB_COUNT, replace=False))
    quantize_int8(fp32, int8, xtr[calib_idx])
    li = ort_logits(int8, xte)
    int8_acc = float((li.argmax(1) == yte).mean())
    agree = float((li.argmax(1) == lf.argmax(1)).mean())
    print(f"  onnxruntime int8 accuracy {int8_acc:.4f} (top-1 agreement with fp32 {agree:.4f})", flush=True)
    per_voice = {}
    per = len(SPEEDS) * len(PITCHES) * NCLS
    for i, v in enumerate(TEST_VOICES):
        sl = slice(i * per, (i + 1) * per)
        per_voice[v] = {"fp32": round(float((lf[sl].argmax(1) == yte[sl]).mean()), 6),
                        "int8": round(float((li[sl].argmax(1) == yte[sl]).mean()), 6)}
    print(f"  per test voice: {per_voice}", flush=True)
    if fp32_acc < 0.9 or int8_acc < 0.9:
        raise SystemExit(f"quality gate failed: fp32 {fp32_acc:.4f} int8 {int8_acc:.4f} < 0.90")

    wlcommon.save_npy(os.path.join(out, "samples.npy"), xte)
    wlcommon.save_npy(os.path.join(out, "labels.npy"), yte)
    params, macs = params_flops()
    names = ("kws_dscnn_fp32.onnx", "kws_dscnn_int8.onnx", "samples.npy", "labels.npy")
    files = {n: wlcommon.file_entry(os.path.join(out, n)) for n in names}
    versions = wlcommon.package_versions()
    versions["espeak-ng"] = ver
    manifest = {
        "workload": "kws",
        "description": "keyword spotting, 10 command words (MLPerf Tiny KWS shape: 49x10 MFCC, DS-CNN width "
                       f"{WIDTH}); speech synthesized by espeak-ng, noise mixed in; test voices held out of training",
        "builder": "Tools/workloads/build_kws.py",
        "files": files,
        "model": {
            "inputs": [{"name": "input", "dtype": "float32", "shape": ["N", 1, N_FRAMES, N_MFCC]}],
            "outputs": [{"name": "logits", "dtype": "float32", "shape": ["N", NCLS]}],
            "opset": 13,
            "architecture": f"Conv10x4/2(1->{WIDTH})+BN+Relu, 4x[DWConv3x3+BN+Relu, Conv1x1({WIDTH}->{WIDTH})+BN+Relu], "
                            f"GlobalAveragePool, Flatten, Gemm({WIDTH}->10)",
            "operators": op_types(fp32),
            "operators_int8": op_types(int8),     # QDQ: Relu is absorbed into the quantized Conv outputs
            "parameters": params,
            "multiply_adds_per_inference": macs,
            "flops_per_inference": 2 * macs,
            "flops_definition": "2 x multiply-adds of Conv and Gemm, batch 1 (BN/Relu/pool not counted)",
        },
        "classes": WORDS,
        "samples": {"file": "samples.npy", "count": int(len(yte)), "dtype": "float32",
                    "shape": [int(len(yte)), 1, N_FRAMES, N_MFCC], "labels": "labels.npy",
                    "order": "voice, speed, pitch, word (as listed in build)",
                    "preprocessing": {"sample_rate": SR, "window_ms": 30, "hop_ms": 20, "fft": NFFT, "window": "hann (periodic)",
                                      "mel_bands": N_MEL, "mel_scale": "htk", "fmin_hz": FMIN, "fmax_hz": FMAX,
                                      "log": "ln(mel_power + 1e-6)", "dct": "type II, ortho, first 10",
                                      "standardize_mean": [float(v) for v in mu],
                                      "standardize_std": [float(v) for v in sd]}},
        "quality": {
            "metric": "top1_accuracy on held-out voices",
            "target": 0.90,
            "fp32_accuracy_onnxruntime": round(fp32_acc, 6),
            "int8_accuracy_onnxruntime": round(int8_acc, 6),
            "int8_fp32_top1_agreement": round(agree, 6),
            "per_test_voice": per_voice,
            "train_accuracy_numpy": round(tr_acc, 6),
        },
        "build": {
            "synthesis": {"tool": "espeak-ng CLI -w", "train_voices": TRAIN_VOICES, "test_voices": TEST_VOICES,
                          "speeds_wpm": SPEEDS, "pitches": PITCHES, "utterances": len(audio),
                          "raw_audio_sha256": audio_digest},
            "augmentation": {"seed": AUG_SEED, "train_copies_per_utterance": TRAIN_AUG, "test_copies_per_utterance": 1,
                             "noises": NOISES, "snr_db": SNRS_DB, "train_resample_factor": list(TRAIN_WARP), "gain_peak": [0.15, 0.9],
                             "shift": "uniform offset of the trimmed word in the 1 s window"},
            "split": {"method": "by voice", "train_count": int(len(ytr)), "test_count": int(len(yte))},
            "training": {"optimizer": "adam, cosine lr decay", "lr": LR, "epochs": EPOCHS, "batch": BATCH,
                         "init_seed": INIT_SEED, "shuffle_seed": SHUFFLE_SEED,
                         "bn": "batch statistics while training; exported statistics = full train split, 8 significant bits"},
            "quantization": {"tool": "onnxruntime quant_pre_process (BN folding) + quantize_static", "format": "QDQ",
                             "per_channel": False, "activation_type": "QInt8", "weight_type": "QInt8",
                             "calibrate_method": "MinMax", "calibration": f"{CALIB_COUNT} train samples, seed {CALIB_SEED}"},
        },
        "versions": versions,
    }
    wlcommon.write_json(os.path.join(out, "manifest.json"), manifest)
    lat = (lambda: latency_p50(fp32, xte), lambda: latency_p50(int8, xte)) if measure else None
    report = wlcommon.write_build_report(out, t0, lat, ndigits=4)
    print(f"  wrote {out} in {report['build_seconds']}s; params {params}, MACs {macs}, FLOPs {2 * macs}")
    wlcommon.print_files(files)
    return manifest


def espeak_check():
    if shutil.which("espeak-ng") is None:
        print("build_kws: espeak-ng not found (apt-get install espeak-ng)", file=sys.stderr)
        return 2
    return 0


def main():
    return wlcommon.builder_main(__doc__, DEFAULT_OUT, build, "kws", precheck=espeak_check)


if __name__ == "__main__":
    sys.exit(main())
