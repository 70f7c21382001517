#!/usr/bin/env python3
"""Build the `llm` workload: an LLM-shaped decoder-only transformer with an explicit KV cache.

No download. Model: 4 pre-LN decoder layers, hidden 256, 4 heads (head dim 64), FFN 1024 (Erf GELU),
vocab 4096, learned positions (max 1024), untied LM head; all weights from a seeded RNG, residual
branches (attention output, FFN output) scaled down as in trained pre-LN models; with these scales
greedy decoding neither sticks on one token nor falls into a short loop (checked: distinct tokens),
and the chosen token depends on the context (a pure bigram shortcut would not reproduce it).
An independent float64 numpy implementation must reproduce the reference tokens exactly (checked),
so they do not hinge on onnxruntime's rounding; per-step top1-top2 margins are saved as well.

Two ONNX graphs (opset 17) with the same weights:
  llm_prefill.onnx  inputs  input_ids, position_ids int64 [N,S]     (S = 512 in the samples)
                    outputs logits f32 [N,1,4096] (last position), present_key_i / present_value_i f32 [N,4,S,64]
  llm_decode.onnx   inputs  input_ids, position_ids int64 [N,1], past_key_i / past_value_i f32 [N,4,P,64]
                    outputs logits [N,1,4096], present_key_i / present_value_i [N,4,P+1,64]   (i = 0..3)
The prefill applies a causal mask computed from position_ids; the decode step attends to all P+1 keys.

Prompts: 512-token windows of the Debian common-licenses texts (wltext tokenizer, vocab 4096).
Reference (onnxruntime fp32, 1 thread): greedy generation of GEN tokens per prompt: token 0 = argmax of
the prefill logits, then GEN-1 decode steps feeding presents back as pasts -> reference_tokens.npy.
Latency sample sets: prefill_* (the prompts) and decode_* (one decode step at past length 512, i.e.
the state right after the prefill) so TTFT and time per output token can be measured with plain runs.

Outputs (default Suites/workloads/llm/; ~17 MB per graph, so only manifest.json is committed):
  llm_prefill.onnx  llm_decode.onnx  prefill_input_ids.npy  prefill_position_ids.npy
  decode_input_ids.npy  decode_position_ids.npy  decode_past_{key,value}_{0..3}.npy
  reference_tokens.npy [N,GEN] i64  reference_margins.npy [N,GEN] f32 (top1 - top2 logit per step)
  build_report.json (latency; not in the manifest)

  build_llm.py [--out DIR] [--check] [--no-latency]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlcommon  # noqa: E402  (sets *_NUM_THREADS=1 before numpy is imported)
import wltext  # noqa: E402

import time  # noqa: E402

import numpy as np  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "Suites", "workloads", "llm")

WEIGHT_SEED = 20240614
LAYERS, HID, HEADS, FFN, VOCAB, MAXPOS = 4, 256, 4, 1024, 4096, 1024
HD = HID // HEADS
PROMPT, GEN, N_PROMPTS = 512, 32, 4
LN_EPS = 1e-5
OPSET = 17


def make_weights():
    rng = np.random.default_rng(WEIGHT_SEED)
    f = lambda *shape, std: (rng.standard_normal(shape) * std).astype(np.float32)  # noqa: E731
    W = {"tok_emb": f(VOCAB, HID, std=1.0), "pos_emb": f(MAXPOS, HID, std=0.3)}
    for l in range(LAYERS):
        for n in ("q", "k", "v"):
            W[f"l{l}.{n}.w"] = f(HID, HID, std=1.0 / np.sqrt(HID))
            W[f"l{l}.{n}.b"] = f(HID, std=0.02)
        W[f"l{l}.o.w"] = f(HID, HID, std=0.5 / np.sqrt(HID))
        W[f"l{l}.o.b"] = f(HID, std=0.02)
        W[f"l{l}.ffn1.w"] = f(HID, FFN, std=1.0 / np.sqrt(HID))
        W[f"l{l}.ffn1.b"] = f(FFN, std=0.02)
        W[f"l{l}.ffn2.w"] = f(FFN, HID, std=0.5 / np.sqrt(FFN))
        W[f"l{l}.ffn2.b"] = f(HID, std=0.02)
        for n in ("ln1", "ln2"):
            W[f"l{l}.{n}.g"] = 1 + f(HID, std=0.1)
            W[f"l{l}.{n}.b"] = f(HID, std=0.05)
    W["lnf.g"] = 1 + f(HID, std=0.1)
    W["lnf.b"] = f(HID, std=0.05)
    W["lm_head.w"] = f(HID, VOCAB, std=1.0 / np.sqrt(HID))
    return W


def export_onnx(W, path, decode):
    import onnx
    from onnx import helper, numpy_helper, TensorProto
    nodes = []
    inits = [numpy_helper.from_array(v, k) for k, v in sorted(W.items())]
    const = {"shape_heads": np.array([0, 0, HEADS, HD], np.int64), "shape_hid": np.array([0, 0, HID], np.int64),
             "scale": np.array(1.0 / np.sqrt(HD), np.float32), "sqrt2": np.array(np.sqrt(2.0), np.float32),
             "half": np.array(0.5, np.float32), "one": np.array(1.0, np.float32),
             "neg_big": np.array(-10000.0, np.float32), "axis1": np.array([1], np.int64),
             "axis2": np.array([2], np.int64), "last_start": np.array([-1], np.int64),
             "last_end": np.array([np.iinfo(np.int64).max], np.int64)}
    inits += [numpy_helper.from_array(v, k) for k, v in const.items()]

    def node(op, ins, out, **kw):
        nodes.append(helper.make_node(op, ins, [out], name=out, **kw))
        return out

    def ln(x, p):
        return node("LayerNormalization", [x, p + ".g", p + ".b"], p, axis=-1, epsilon=LN_EPS)

    def linear(x, p):
        return node("Add", [node("MatMul", [x, p + ".w"], p + ".mm"), p + ".b"], p + ".out")

    h = node("Add", [node("Gather", ["tok_emb", "input_ids"], "emb.tok", axis=0),
                     node("Gather", ["pos_emb", "position_ids"], "emb.pos", axis=0)], "emb.sum")
    if not decode:   # causal mask from positions: key position > query position -> -10000
        qp = node("Unsqueeze", ["position_ids", "axis2"], "mask.qpos")          # [N,S,1]
        kp = node("Unsqueeze", ["position_ids", "axis1"], "mask.kpos")          # [N,1,S]
        gt = node("Cast", [node("Greater", [kp, qp], "mask.gt")], "mask.f", to=TensorProto.FLOAT)
        mask = node("Unsqueeze", [node("Mul", [gt, "neg_big"], "mask.neg"), "axis1"], "mask.bias")  # [N,1,S,S]
    ins, outs = [], []
    for l in range(LAYERS):
        p = f"l{l}"
        a = ln(h, p + ".ln1")
        q = node("Transpose", [node("Reshape", [linear(a, p + ".q"), "shape_heads"], p + ".q.r")], p + ".q.t", perm=[0, 2, 1, 3])
        kn, vn = (p + ".k.t", p + ".v.t") if decode else (f"present_key_{l}", f"present_value_{l}")
        k = node("Transpose", [node("Reshape", [linear(a, p + ".k"), "shape_heads"], p + ".k.r")], kn, perm=[0, 2, 1, 3])
        v = node("Transpose", [node("Reshape", [linear(a, p + ".v"), "shape_heads"], p + ".v.r")], vn, perm=[0, 2, 1, 3])
        if decode:
            ins += [helper.make_tensor_value_info(f"past_key_{l}", TensorProto.FLOAT, ["N", HEADS, "P", HD]),
                    helper.make_tensor_value_info(f"past_value_{l}", TensorProto.FLOAT, ["N", HEADS, "P", HD])]
            k = node("Concat", [f"past_key_{l}", k], f"present_key_{l}", axis=2)
            v = node("Concat", [f"past_value_{l}", v], f"present_value_{l}", axis=2)
            tot = "P+1"
        else:
            tot = "S"
        outs += [helper.make_tensor_value_info(f"present_key_{l}", TensorProto.FLOAT, ["N", HEADS, tot, HD]),
                 helper.make_tensor_value_info(f"present_value_{l}", TensorProto.FLOAT, ["N", HEADS, tot, HD])]
        kt = node("Transpose", [k], p + ".kT", perm=[0, 1, 3, 2])
        s = node("Mul", [node("MatMul", [q, kt], p + ".qk"), "scale"], p + ".qk.s")
        if not decode:
            s = node("Add", [s, mask], p + ".qk.m")
        c = node("MatMul", [node("Softmax", [s], p + ".attn", axis=-1), v], p + ".ctx")
        c = node("Reshape", [node("Transpose", [c], p + ".ctx.t", perm=[0, 2, 1, 3]), "shape_hid"], p + ".ctx.r")
        h = node("Add", [h, linear(c, p + ".o")], p + ".res1")
        f1 = linear(ln(h, p + ".ln2"), p + ".ffn1")
        g = node("Mul", [node("Mul", [f1, "half"], p + ".gelu.h"),
                         node("Add", [node("Erf", [node("Div", [f1, "sqrt2"], p + ".gelu.d")], p + ".gelu.erf"), "one"],
                              p + ".gelu.1p")], p + ".gelu")
        h = node("Add", [h, linear(g, p + ".ffn2")], p + ".res2")
    last = node("Slice", [h, "last_start", "last_end", "axis1"], "last") if not decode else h
    node("MatMul", [ln(last, "lnf"), "lm_head.w"], "logits")
    used = {i for n in nodes for i in n.input}
    inits = [t for t in inits if t.name in used]       # e.g. no mask/slice constants in the decode graph
    seq = 1 if decode else "S"
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["N", seq]),
              helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["N", seq])] + ins
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 1, VOCAB])] + outs
    graph = helper.make_graph(nodes, "llm_decode" if decode else "llm_prefill", inputs, outputs, initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="aitc-build_llm")
    wlcommon.save_onnx_model(model, path)
    return sorted({n.op_type for n in nodes})


def params_flops():
    per_layer = 4 * (HID * HID + HID) + HID * FFN + FFN + FFN * HID + HID + 4 * HID
    params = VOCAB * HID + MAXPOS * HID + LAYERS * per_layer + 2 * HID + HID * VOCAB
    dense = 4 * HID * HID + 2 * HID * FFN
    prefill = LAYERS * (PROMPT * dense + 2 * PROMPT * PROMPT * HID) + HID * VOCAB
    decode = lambda past: LAYERS * (dense + 2 * (past + 1) * HID) + HID * VOCAB  # noqa: E731
    return params, prefill, decode


def present_names():
    return [f"present_{kv}_{l}" for l in range(LAYERS) for kv in ("key", "value")]


def generate(pre, dec, prompt):
    """Greedy decoding of GEN tokens for one prompt [1,S]; returns tokens, margins, decode-step state."""
    names = ["logits"] + present_names()
    S = prompt.shape[1]
    r = pre.run(names, {"input_ids": prompt, "position_ids": np.arange(S, dtype=np.int64)[None]})
    toks, margins = [], []
    state0 = None
    for t in range(GEN):
        lg = r[0][0, -1]
        srt = np.sort(lg)
        margins.append(float(srt[-1] - srt[-2]))
        tok = int(lg.argmax())
        toks.append(tok)
        if t == GEN - 1:
            break
        feed = {"input_ids": np.array([[tok]], np.int64), "position_ids": np.array([[S + t]], np.int64)}
        for (i, n) in enumerate(present_names()):
            feed[n.replace("present_", "past_")] = r[1 + i]
        if t == 0:
            state0 = feed
        r = dec.run(names, feed)
    return toks, margins, state0


def numpy_generate(W, prompt, gelu="erf"):
    """Independent float64 numpy implementation (own summation order, exact erf GELU) of prefill + greedy
    decode; used to check that the reference tokens do not hinge on onnxruntime's rounding."""
    from scipy.special import erf
    Wd = {k: v.astype(np.float64) for k, v in W.items()}

    def ln(x, p):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + LN_EPS) * Wd[p + ".g"] + Wd[p + ".b"]

    def step(ids, pos, cache):
        h = Wd["tok_emb"][ids] + Wd["pos_emb"][pos]                       # [T,HID]
        T = len(ids)
        for l in range(LAYERS):
            p = f"l{l}"
            a = ln(h, p + ".ln1")
            q, k, v = ((a @ Wd[f"{p}.{n}.w"] + Wd[f"{p}.{n}.b"]).reshape(T, HEADS, HD).transpose(1, 0, 2) for n in "qkv")
            if l in cache:
                k = np.concatenate([cache[l][0], k], axis=1)
                v = np.concatenate([cache[l][1], v], axis=1)
            cache[l] = (k, v)
            s = q @ k.transpose(0, 2, 1) / np.sqrt(HD)
            kpos = np.arange(k.shape[1])
            s = s + np.where(kpos[None, :] > pos[:, None], -10000.0, 0.0)[None]
            s = np.exp(s - s.max(-1, keepdims=True))
            c = (s / s.sum(-1, keepdims=True)) @ v
            h = h + c.transpose(1, 0, 2).reshape(T, HID) @ Wd[p + ".o.w"] + Wd[p + ".o.b"]
            f1 = ln(h, p + ".ln2") @ Wd[p + ".ffn1.w"] + Wd[p + ".ffn1.b"]
            if gelu == "erf":
                g = 0.5 * f1 * (1 + erf(f1 / np.sqrt(2)))
            else:   # the common tanh approximation (max error ~1e-3): a deliberately different backend
                g = 0.5 * f1 * (1 + np.tanh(np.sqrt(2 / np.pi) * (f1 + 0.044715 * f1 ** 3)))
            h = h + g @ Wd[p + ".ffn2.w"] + Wd[p + ".ffn2.b"]
        return ln(h[-1], "lnf") @ Wd["lm_head.w"]

    cache = {}
    S = prompt.shape[0]
    lg = step(prompt, np.arange(S), cache)
    toks = []
    for t in range(GEN):
        toks.append(int(lg.argmax()))
        if t < GEN - 1:
            lg = step(np.array([toks[-1]]), np.array([S + t]), cache)
    return toks


def latency_p50(sess, feeds, runs):
    return wlcommon.latency_p50(sess, ["logits"], feeds, runs, warmup=2)


def build(out, measure=True):
    t0 = time.time()
    os.makedirs(out, exist_ok=True)
    docs, digests = wltext.load_corpus()
    tok = wltext.Tokenizer(docs, VOCAB)
    stream = [i for _, text in docs for i in tok.encode(text)]
    starts = [i * (len(stream) - PROMPT) // N_PROMPTS for i in range(N_PROMPTS)]
    prompts = np.array([stream[s:s + PROMPT] for s in starts], np.int64)
    print(f"llm: corpus {len(stream)} tokens, prompts {prompts.shape} at {starts}", flush=True)
    W = make_weights()
    pre_p = os.path.join(out, "llm_prefill.onnx")
    dec_p = os.path.join(out, "llm_decode.onnx")
    ops_pre = export_onnx(W, pre_p, decode=False)
    ops_dec = export_onnx(W, dec_p, decode=True)
    pre, dec = wlcommon.ort_session(pre_p), wlcommon.ort_session(dec_p)
    toks, margins, states = [], [], []
    for i in range(N_PROMPTS):
        t, m, s0 = generate(pre, dec, prompts[i:i + 1])
        toks.append(t)
        margins += m
        states.append(s0)
        print(f"  prompt {i}: greedy {t} (min margin {min(m):.3f})", flush=True)
    toks = np.array(toks, np.int64)
    margins_arr = np.array(margins, np.float32).reshape(N_PROMPTS, GEN)
    # context dependence: how often is the greedy token just the bigram shortcut argmax(tok_emb[prev] @ lm_head)?
    shortcut = (W["tok_emb"] @ W["lm_head.w"]).argmax(1)
    prev = np.concatenate([prompts[:, -1:], toks[:, :-1]], 1)
    bigram = float((toks == shortcut[prev]).mean())
    distinct = [len(set(r)) for r in toks.tolist()]
    # longest run of one repeated token and shortest period of a repeating tail
    min_margin = float(min(margins))
    print(f"  distinct tokens per prompt {distinct}; bigram-shortcut fraction {bigram:.3f}; min top1-top2 logit margin {min_margin:.4f} "
          f"({time.time() - t0:.1f}s)", flush=True)
    np_toks = np.array([numpy_generate(W, prompts[i]) for i in range(N_PROMPTS)], np.int64)
    np_match = float((np_toks == toks).mean())
    tanh_toks = np.array([numpy_generate(W, prompts[i], gelu="tanh") for i in range(N_PROMPTS)], np.int64)
    tanh_match = float((tanh_toks == toks).mean())
    print(f"  independent float64 numpy decoding reproduces {np_match:.4f} of the reference tokens "
          f"(with tanh-approximate GELU: {tanh_match:.4f}) "
          f"({time.time() - t0:.1f}s)", flush=True)
    if np_match != 1.0:
        raise SystemExit("reference tokens are not robust: a float64 numpy implementation disagrees with onnxruntime")
    if min(distinct) < GEN // 4:
        raise SystemExit("generated decoder is degenerate (too few distinct greedy tokens)")

    wlcommon.save_npy(os.path.join(out, "prefill_input_ids.npy"), prompts)
    wlcommon.save_npy(os.path.join(out, "prefill_position_ids.npy"),
                      np.tile(np.arange(PROMPT, dtype=np.int64), (N_PROMPTS, 1)))
    wlcommon.save_npy(os.path.join(out, "reference_tokens.npy"), toks)
    wlcommon.save_npy(os.path.join(out, "reference_margins.npy"), margins_arr)
    dec_files = {}
    for n in ["input_ids", "position_ids"] + [n.replace("present_", "past_") for n in present_names()]:
        fn = f"decode_{n}.npy"
        wlcommon.save_npy(os.path.join(out, fn), np.concatenate([s[n] for s in states]))
        dec_files[n] = fn
    params, fl_pre, fl_dec = params_flops()
    names = ["llm_prefill.onnx", "llm_decode.onnx", "prefill_input_ids.npy", "prefill_position_ids.npy",
             "reference_tokens.npy", "reference_margins.npy"] + sorted(dec_files.values())
    files = {n: wlcommon.file_entry(os.path.join(out, n)) for n in names}
    kv = [f"{a}_{kv}_{l}" for l in range(LAYERS) for kv in ("key", "value") for a in ("past",)]
    manifest = {
        "workload": "llm",
        "description": "LLM-shaped decoder-only transformer (4 pre-LN layers, hidden 256, 4 heads, FFN 1024, vocab 4096) "
                       "with explicit KV cache; prefill graph (512-token prompt) + decode-step graph; weights generated "
                       "from a seed; prompts = real text (Debian common-licenses); quality = reproduce the fp32 greedy tokens",
        "builder": "Tools/workloads/build_llm.py",
        "generated_not_committed": True,
        "files": files,
        "models": {
            "prefill": {"file": "llm_prefill.onnx", "opset": OPSET,
                        "inputs": [{"name": "input_ids", "dtype": "int64", "shape": ["N", "S"]},
                                   {"name": "position_ids", "dtype": "int64", "shape": ["N", "S"]}],
                        "outputs": [{"name": "logits", "dtype": "float32", "shape": ["N", 1, VOCAB]}] +
                                   [{"name": n, "dtype": "float32", "shape": ["N", HEADS, "S", HD]} for n in present_names()],
                        "operators": ops_pre,
                        "multiply_adds_per_inference": fl_pre, "flops_per_inference": 2 * fl_pre,
                        "flops_definition": f"2 x multiply-adds of MatMuls at S={PROMPT} (full S x S attention, "
                                            "LM head on the last position only), batch 1"},
            "decode": {"file": "llm_decode.onnx", "opset": OPSET,
                       "inputs": [{"name": "input_ids", "dtype": "int64", "shape": ["N", 1]},
                                  {"name": "position_ids", "dtype": "int64", "shape": ["N", 1]}] +
                                 [{"name": n, "dtype": "float32", "shape": ["N", HEADS, "P", HD]} for n in kv],
                       "outputs": [{"name": "logits", "dtype": "float32", "shape": ["N", 1, VOCAB]}] +
                                  [{"name": n, "dtype": "float32", "shape": ["N", HEADS, "P+1", HD]} for n in present_names()],
                       "operators": ops_dec,
                       "multiply_adds_per_token_at_past_512": fl_dec(PROMPT),
                       "flops_per_token_at_past_512": 2 * fl_dec(PROMPT),
                       "flops_per_token_formula": f"2 x ({LAYERS * (4 * HID * HID + 2 * HID * FFN) + HID * VOCAB} + "
                                                  f"{LAYERS * 2 * HID} x (P+1))"},
            "parameters": params,
            "architecture": "Gather token+position embeddings; 4 x pre-LN [LayerNorm, QKV MatMul, KV Concat with past "
                            "(decode), QK^T*scale (+causal mask in prefill), Softmax, xV, out MatMul, residual, LayerNorm, "
                            "FFN MatMul+Erf-GELU+MatMul, residual]; final LayerNorm; LM head MatMul (last position)",
        },
        "samples": {
            "prefill": {"inputs": {"input_ids": "prefill_input_ids.npy", "position_ids": "prefill_position_ids.npy"},
                        "count": N_PROMPTS, "shape": [N_PROMPTS, PROMPT]},
            "decode_at_past_512": {"inputs": dec_files, "count": N_PROMPTS,
                                   "note": "state after the prefill: input = greedy token 0, position 512, "
                                           "past = prefill presents; for time per output token"},
            "source": {"files": digests, "dir": wltext.LICENSE_DIR, "package": "base-files",
                       "selection": f"512-token windows of the concatenated token stream at offsets {starts}"},
            "tokenizer": tok.describe(),
        },
        "quality": {
            "metric": "greedy token ids equal reference_tokens.npy (prefill argmax, then decode steps feeding presents "
                      "back as pasts, position = 512 + step)",
            "reference": "fp32 graphs on onnxruntime CPU, 1 thread",
            "generated_tokens": GEN,
            "distinct_tokens_per_prompt": distinct,
            "min_top1_top2_logit_margin": round(min_margin, 6),
            "float64_numpy_implementation_token_match": np_match,
            "tanh_gelu_float64_numpy_token_match": tanh_match,
            "bigram_shortcut_fraction": round(bigram, 6),
            "teacher_forced_variant": "feed reference_tokens[t-1] at decode step t (instead of the device's own token) "
                                      "and compare each step's argmax with reference_tokens[t]; reference_margins.npy "
                                      "gives each step's top1-top2 logit gap to excuse near-ties of low-precision devices",
        },
        "build": {"weight_seed": WEIGHT_SEED,
                  "weights": "tok_emb N(0,1), pos_emb N(0,0.3), q/k/v/ffn1 N(0,1/fan_in), o/ffn2 N(0,0.25/fan_in), "
                             "LN gamma 1+N(0,0.1), LM head N(0,1/256)"},
        "versions": wlcommon.package_versions(),
    }
    wlcommon.write_json(os.path.join(out, "manifest.json"), manifest)
    report = {"build_seconds": round(time.time() - t0, 1)}
    if measure:
        pf = [{"input_ids": prompts[i:i + 1], "position_ids": np.arange(PROMPT, dtype=np.int64)[None]} for i in range(N_PROMPTS)]
        report["onnxruntime_prefill512_p50_ms_1thread"] = round(latency_p50(pre, pf, 10), 3)
        report["onnxruntime_decode_at_past512_p50_ms_1thread"] = round(latency_p50(dec, states, 50), 3)
        print(f"  latency p50 @1 thread: prefill(512) {report['onnxruntime_prefill512_p50_ms_1thread']} ms, decode step "
              f"{report['onnxruntime_decode_at_past512_p50_ms_1thread']} ms")
    wlcommon.write_json(os.path.join(out, "build_report.json"), report)
    print(f"  wrote {out} in {report['build_seconds']}s; params {params}, prefill FLOPs {2 * fl_pre}, decode FLOPs/token "
          f"@512 {2 * fl_dec(PROMPT)}; ops prefill {ops_pre} decode {ops_dec}")
    wlcommon.print_files(files)
    return manifest


def main():
    return wlcommon.builder_main(__doc__, DEFAULT_OUT, build, "llm")


if __name__ == "__main__":
    sys.exit(main())
