#!/usr/bin/env python3
"""Build the `textenc` workload: a BERT-class transformer encoder with generated weights.

No download. Model: 4 post-LN encoder layers, hidden 256, 4 heads, FFN 1024 (Erf GELU), vocab 8192,
sequence 128, learned position embeddings; weights from a seeded RNG. Inputs input_ids int64 [N,128]
and attention_mask int64 [N,128] (1 = token, 0 = padding); output `embeddings` float32 [N,256] =
mean of the last layer's states over the unmasked positions. Plain ONNX opset 17 operators only.
Samples: paragraphs of the license texts that ship in Debian's base-files (/usr/share/common-licenses),
tokenized by wltext.Tokenizer, [CLS] ... [SEP] then [PAD], truncated to 128.
Quality = agreement with the fp32 model's outputs on onnxruntime (reference_outputs.npy): cosine
similarity per sample. int8 = onnxruntime QDQ static quantization of the MatMuls.

Outputs (default Suites/workloads/textenc/; the models are ~21 MB + ~6 MB, so only manifest.json is committed):
  textenc_fp32.onnx  textenc_int8.onnx  input_ids.npy [N,128] i64  attention_mask.npy [N,128] i64
  reference_outputs.npy [N,256] f32   build_report.json (latency; not in the manifest)

  build_textenc.py [--out DIR] [--check] [--no-latency]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlcommon  # noqa: E402  (sets *_NUM_THREADS=1 before numpy is imported)
import wltext  # noqa: E402

import time  # noqa: E402

import numpy as np  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "Suites", "workloads", "textenc")

WEIGHT_SEED = 20240613
LAYERS, HID, HEADS, FFN, SEQ, VOCAB = 4, 256, 4, 1024, 128, 8192
HD = HID // HEADS
N_SAMPLES = 64
N_CALIB = 32
LN_EPS = 1e-12
OPSET = 17


# ---------------------------------------------------------------- samples
def make_samples(tok, paras):
    """Every k-th paragraph -> samples; interleaved others -> calibration set (disjoint)."""
    step = len(paras) // (N_SAMPLES + N_CALIB)

    def enc(p):
        ids = [wltext.CLS] + tok.encode(p)[:SEQ - 2] + [wltext.SEP]
        m = [1] * len(ids) + [0] * (SEQ - len(ids))
        return ids + [wltext.PAD] * (SEQ - len(ids)), m

    chosen = [paras[i * step] for i in range(N_SAMPLES + N_CALIB)]
    pairs = [enc(p) for p in chosen]
    ids = np.array([a for a, _ in pairs], np.int64)
    mask = np.array([b for _, b in pairs], np.int64)
    s = np.arange(N_SAMPLES + N_CALIB) % 3 != 2          # 2/3 samples, 1/3 calibration
    return ids[s][:N_SAMPLES], mask[s][:N_SAMPLES], ids[~s][:N_CALIB], mask[~s][:N_CALIB], step


# ---------------------------------------------------------------- weights + graph
def make_weights():
    rng = np.random.default_rng(WEIGHT_SEED)
    f = lambda *shape, std: (rng.standard_normal(shape) * std).astype(np.float32)  # noqa: E731
    W = {"tok_emb": f(VOCAB, HID, std=1.0), "pos_emb": f(SEQ, HID, std=0.5),
         "emb_ln.g": (1 + f(HID, std=0.1)), "emb_ln.b": f(HID, std=0.05)}
    for l in range(LAYERS):
        for n in ("q", "k", "v", "o"):
            W[f"l{l}.{n}.w"] = f(HID, HID, std=1.0 / np.sqrt(HID))
            W[f"l{l}.{n}.b"] = f(HID, std=0.02)
        W[f"l{l}.ffn1.w"] = f(HID, FFN, std=1.0 / np.sqrt(HID))
        W[f"l{l}.ffn1.b"] = f(FFN, std=0.02)
        W[f"l{l}.ffn2.w"] = f(FFN, HID, std=1.0 / np.sqrt(FFN))
        W[f"l{l}.ffn2.b"] = f(HID, std=0.02)
        for n in ("ln1", "ln2"):
            W[f"l{l}.{n}.g"] = 1 + f(HID, std=0.1)
            W[f"l{l}.{n}.b"] = f(HID, std=0.05)
    return W


def export_onnx(W, path):
    import onnx
    from onnx import helper, numpy_helper, TensorProto
    nodes = []
    inits = [numpy_helper.from_array(v, k) for k, v in sorted(W.items())]
    const = {"shape_heads": np.array([0, 0, HEADS, HD], np.int64), "shape_hid": np.array([0, 0, HID], np.int64),
             "shape_mask": np.array([0, 1, 1, -1], np.int64), "one": np.array(1.0, np.float32),
             "neg_big": np.array(-10000.0, np.float32), "scale": np.array(1.0 / np.sqrt(HD), np.float32),
             "sqrt2": np.array(np.sqrt(2.0), np.float32), "half": np.array(0.5, np.float32),
             "axis1": np.array([1], np.int64), "axis2": np.array([2], np.int64), "pos_ids": np.arange(SEQ, dtype=np.int64)}
    inits += [numpy_helper.from_array(v, k) for k, v in const.items()]

    def node(op, ins, out, **kw):
        nodes.append(helper.make_node(op, ins, [out], name=out, **kw))
        return out

    def ln(x, p):
        return node("LayerNormalization", [x, p + ".g", p + ".b"], p, axis=-1, epsilon=LN_EPS)

    def linear(x, p):
        return node("Add", [node("MatMul", [x, p + ".w"], p + ".mm"), p + ".b"], p + ".out")

    # embeddings (position ids are the constant 0..127: inputs always have 128 positions)
    e = node("Add", [node("Gather", ["tok_emb", "input_ids"], "emb.tok", axis=0),
                     node("Gather", ["pos_emb", "pos_ids"], "emb.pos", axis=0)], "emb.sum")
    h = ln(e, "emb_ln")
    # additive attention mask [N,1,1,128]: 0 for tokens, -10000 for padding
    mf = node("Cast", ["attention_mask"], "mask.f", to=TensorProto.FLOAT)
    mbias = node("Reshape", [node("Mul", [node("Sub", ["one", mf], "mask.inv"), "neg_big"], "mask.neg"), "shape_mask"],
                 "mask.bias")
    for l in range(LAYERS):
        p = f"l{l}"
        q = node("Transpose", [node("Reshape", [linear(h, p + ".q"), "shape_heads"], p + ".q.r")], p + ".q.t", perm=[0, 2, 1, 3])
        k = node("Transpose", [node("Reshape", [linear(h, p + ".k"), "shape_heads"], p + ".k.r")], p + ".k.t", perm=[0, 2, 3, 1])
        v = node("Transpose", [node("Reshape", [linear(h, p + ".v"), "shape_heads"], p + ".v.r")], p + ".v.t", perm=[0, 2, 1, 3])
        s = node("Add", [node("Mul", [node("MatMul", [q, k], p + ".qk"), "scale"], p + ".qk.s"), mbias], p + ".qk.m")
        a = node("Softmax", [s], p + ".attn", axis=-1)
        c = node("MatMul", [a, v], p + ".ctx")
        c = node("Reshape", [node("Transpose", [c], p + ".ctx.t", perm=[0, 2, 1, 3]), "shape_hid"], p + ".ctx.r")
        h = ln(node("Add", [h, linear(c, p + ".o")], p + ".res1"), p + ".ln1")
        f1 = linear(h, p + ".ffn1")
        g = node("Mul", [node("Mul", [f1, "half"], p + ".gelu.h"),
                         node("Add", [node("Erf", [node("Div", [f1, "sqrt2"], p + ".gelu.d")], p + ".gelu.erf"), "one"],
                              p + ".gelu.1p")], p + ".gelu")
        h = ln(node("Add", [h, linear(g, p + ".ffn2")], p + ".res2"), p + ".ln2")
    # masked mean pooling
    m3 = node("Unsqueeze", [mf, "axis2"], "mask.u")
    num = node("ReduceSum", [node("Mul", [h, m3], "pool.mul"), "axis1"], "pool.sum", keepdims=0)
    den = node("ReduceSum", [mf, "axis1"], "pool.cnt", keepdims=1)
    node("Div", [num, den], "embeddings")
    graph = helper.make_graph(
        nodes, "textenc",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["N", SEQ]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["N", SEQ])],
        [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["N", HID])],
        initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="aitc-build_textenc")
    wlcommon.save_onnx_model(model, path)
    return sorted({n.op_type for n in nodes})


def numpy_forward(W, ids, mask):
    """Independent float64 numpy implementation: shows that a correct backend meets the cosine gate."""
    from scipy.special import erf
    Wd = {k: v.astype(np.float64) for k, v in W.items()}

    def ln(x, p):
        mu = x.mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(((x - mu) ** 2).mean(-1, keepdims=True) + LN_EPS) * Wd[p + ".g"] + Wd[p + ".b"]

    out = []
    for i in range(ids.shape[0]):
        h = ln(Wd["tok_emb"][ids[i]] + Wd["pos_emb"], "emb_ln")
        bias = (1.0 - mask[i]) * -10000.0
        for l in range(LAYERS):
            p = f"l{l}"
            q, k, v = ((h @ Wd[f"{p}.{n}.w"] + Wd[f"{p}.{n}.b"]).reshape(SEQ, HEADS, HD).transpose(1, 0, 2) for n in "qkv")
            sc = q @ k.transpose(0, 2, 1) / np.sqrt(HD) + bias
            sc = np.exp(sc - sc.max(-1, keepdims=True))
            c = ((sc / sc.sum(-1, keepdims=True)) @ v).transpose(1, 0, 2).reshape(SEQ, HID)
            h = ln(h + c @ Wd[p + ".o.w"] + Wd[p + ".o.b"], p + ".ln1")
            f1 = h @ Wd[p + ".ffn1.w"] + Wd[p + ".ffn1.b"]
            h = ln(h + (0.5 * f1 * (1 + erf(f1 / np.sqrt(2)))) @ Wd[p + ".ffn2.w"] + Wd[p + ".ffn2.b"], p + ".ln2")
        out.append((h * mask[i][:, None]).sum(0) / mask[i].sum())
    return np.array(out)


op_types = wlcommon.op_types


def params_flops():
    per_layer = 4 * (HID * HID + HID) + HID * FFN + FFN + FFN * HID + HID + 4 * HID
    params = VOCAB * HID + SEQ * HID + 2 * HID + LAYERS * per_layer
    macs_layer = SEQ * (4 * HID * HID + 2 * HID * FFN) + 2 * SEQ * SEQ * HID
    return params, LAYERS * macs_layer


# ---------------------------------------------------------------- onnxruntime
def ort_run(path, ids, mask):
    s = wlcommon.ort_session(path)
    return np.concatenate([s.run(["embeddings"], {"input_ids": ids[i:i + 1], "attention_mask": mask[i:i + 1]})[0]
                           for i in range(ids.shape[0])])


def latency_p50(path, ids, mask, runs=30):
    feeds = [{"input_ids": ids[i:i + 1], "attention_mask": mask[i:i + 1]} for i in range(ids.shape[0])]
    return wlcommon.latency_p50(wlcommon.ort_session(path), ["embeddings"], feeds, runs, warmup=3)


def quantize_int8(fp32_path, out_path, ids, mask):
    feeds = [{"input_ids": ids[i:i + 1], "attention_mask": mask[i:i + 1]} for i in range(ids.shape[0])]
    wlcommon.quantize_qdq(fp32_path, out_path, feeds, "aitc-build_textenc", op_types_to_quantize=["MatMul"])


def cosine(a, b):
    return (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


# ---------------------------------------------------------------- build
def build(out, measure=True):
    t0 = time.time()
    os.makedirs(out, exist_ok=True)
    docs, digests = wltext.load_corpus()
    tok = wltext.Tokenizer(docs, VOCAB)
    paras = wltext.paragraphs(docs)
    ids, mask, cids, cmask, step = make_samples(tok, paras)
    lens = mask.sum(1)
    print(f"textenc: {len(paras)} paragraphs, samples {ids.shape}, tokens/sample min {lens.min()} median "
          f"{int(np.median(lens))} max {lens.max()}", flush=True)
    W = make_weights()
    fp32 = os.path.join(out, "textenc_fp32.onnx")
    int8 = os.path.join(out, "textenc_int8.onnx")
    ops = export_onnx(W, fp32)
    ref = ort_run(fp32, ids, mask)
    pair = cosine(ref[:, None, :].repeat(len(ref), 1).reshape(-1, HID), np.tile(ref, (len(ref), 1))).reshape(len(ref), -1)
    off = pair[~np.eye(len(ref), dtype=bool)]
    print(f"  fp32: |emb| mean {np.linalg.norm(ref, axis=1).mean():.3f}; cosine between different samples mean "
          f"{off.mean():.4f} min {off.min():.4f} max {off.max():.4f} ({time.time() - t0:.1f}s)", flush=True)
    cn = cosine(numpy_forward(W, ids, mask), ref)
    print(f"  independent float64 numpy implementation: cosine with reference mean {cn.mean():.7f} min {cn.min():.7f}",
          flush=True)
    if cn.min() < 0.9999:
        raise SystemExit("reference outputs are not robust: float64 numpy implementation disagrees with onnxruntime")
    quantize_int8(fp32, int8, cids, cmask)
    q = ort_run(int8, ids, mask)
    cq = cosine(q, ref)
    # retrieval-style check: does each int8 embedding find its own fp32 embedding as nearest neighbour?
    nn = (q / np.linalg.norm(q, axis=1, keepdims=True)) @ (ref / np.linalg.norm(ref, axis=1, keepdims=True)).T
    nn_ok = float((nn.argmax(1) == np.arange(len(ref))).mean())
    print(f"  int8: cosine with fp32 mean {cq.mean():.5f} min {cq.min():.5f}; nearest-neighbour self-match {nn_ok:.3f} "
          f"({time.time() - t0:.1f}s)", flush=True)
    wlcommon.save_npy(os.path.join(out, "input_ids.npy"), ids)
    wlcommon.save_npy(os.path.join(out, "attention_mask.npy"), mask)
    wlcommon.save_npy(os.path.join(out, "reference_outputs.npy"), ref.astype(np.float32))
    params, macs = params_flops()
    names = ("textenc_fp32.onnx", "textenc_int8.onnx", "input_ids.npy", "attention_mask.npy", "reference_outputs.npy")
    files = {n: wlcommon.file_entry(os.path.join(out, n)) for n in names}
    manifest = {
        "workload": "textenc",
        "description": "BERT-class transformer encoder (4 layers, hidden 256, 4 heads, FFN 1024, seq 128, vocab 8192), "
                       "weights generated from a seed; samples = real text (Debian common-licenses) tokenized; quality = "
                       "agreement with the fp32 reference outputs (cosine), not a task accuracy",
        "builder": "Tools/workloads/build_textenc.py",
        "generated_not_committed": True,
        "files": files,
        "model": {
            "inputs": [{"name": "input_ids", "dtype": "int64", "shape": ["N", SEQ]},
                       {"name": "attention_mask", "dtype": "int64", "shape": ["N", SEQ]}],
            "outputs": [{"name": "embeddings", "dtype": "float32", "shape": ["N", HID]}],
            "opset": OPSET,
            "architecture": "Gather token+position embeddings, LayerNorm; 4 x post-LN [MHA (MatMul/Reshape/Transpose, "
                            "scaled QK^T + additive mask, Softmax), residual, LayerNorm, FFN MatMul+Erf-GELU+MatMul, "
                            "residual, LayerNorm]; masked mean pooling",
            "operators": ops,
            "operators_int8": op_types(int8),
            "parameters": params,
            "multiply_adds_per_inference": macs,
            "flops_per_inference": 2 * macs,
            "flops_definition": "2 x multiply-adds of MatMuls (projections, FFN, QK^T, attention x V) at seq 128, batch 1",
        },
        "samples": {"inputs": {"input_ids": "input_ids.npy", "attention_mask": "attention_mask.npy"},
                    "count": N_SAMPLES, "shape": [N_SAMPLES, SEQ],
                    "source": {"files": digests, "dir": wltext.LICENSE_DIR, "package": "base-files",
                               "selection": f"paragraph i*{step} for i < {N_SAMPLES + N_CALIB}; i%3 != 2 -> samples, "
                                            "else calibration"},
                    "tokens_per_sample": {"min": int(lens.min()), "median": int(np.median(lens)), "max": int(lens.max())},
                    "tokenizer": tok.describe(),
                    "reference": "reference_outputs.npy"},
        "quality": {
            "metric": "cosine similarity of embeddings with reference_outputs.npy, per sample",
            "reference": "fp32 model on onnxruntime CPU, 1 thread",
            "target_fp32_cosine_mean": 0.999,
            "fp32_between_sample_cosine_mean": round(float(off.mean()), 6),
            "float64_numpy_implementation_cosine_min": round(float(cn.min()), 7),
            "int8_cosine_mean_onnxruntime": round(float(cq.mean()), 6),
            "int8_cosine_min_onnxruntime": round(float(cq.min()), 6),
            "int8_nearest_neighbour_self_match": round(nn_ok, 6),
        },
        "build": {
            "weight_seed": WEIGHT_SEED,
            "weights": "tok_emb N(0,1), pos_emb N(0,0.5), linear W N(0,1/fan_in), biases N(0,0.02), LN gamma 1+N(0,0.1)",
            "quantization": {"tool": "onnxruntime quantize_static", "format": "QDQ", "op_types_to_quantize": ["MatMul"],
                             "per_channel": False, "activation_type": "QInt8", "weight_type": "QInt8",
                             "calibrate_method": "MinMax", "calibration": f"{N_CALIB} paragraphs disjoint from the samples"},
        },
        "versions": wlcommon.package_versions(),
    }
    wlcommon.write_json(os.path.join(out, "manifest.json"), manifest)
    lat = (lambda: latency_p50(fp32, ids, mask), lambda: latency_p50(int8, ids, mask)) if measure else None
    report = wlcommon.write_build_report(out, t0, lat)
    print(f"  wrote {out} in {report['build_seconds']}s; params {params}, MACs {macs}, FLOPs {2 * macs}; ops {ops}")
    wlcommon.print_files(files)
    return manifest


def main():
    return wlcommon.builder_main(__doc__, DEFAULT_OUT, build, "textenc")


if __name__ == "__main__":
    sys.exit(main())
