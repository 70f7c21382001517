"""ONNX Runtime behind the aitc backend ABI (through pybridge.c).

config (--backend-config): {"providers": ["CPUExecutionProvider"], "spin": true|false,
"graph_optimization": "all"|"extended"|"basic"|"disabled"}. Threads: intra-op = the agent's count,
inter-op 1, sequential execution. The session supports() builds is the one load() uses (same bytes).
bfloat16: onnxruntime's Python API has no numpy type for it, so a model with a bfloat16 input or output
runs through OrtValues made from (and read back as) the raw 16-bit patterns.
"""
import ctypes

import numpy as np
import onnxruntime as ort

import aitc_bridge_common as common

_LEVELS = {"all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL, "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
           "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC, "disabled": ort.GraphOptimizationLevel.ORT_DISABLE_ALL}


class Context:
    def __init__(self, threads, accelerator, config):
        self.threads = common.threads_of(threads)
        self.config = common.config(config, ("providers", "spin", "graph_optimization"))
        self.providers = self.config.get("providers", ["CPUExecutionProvider"])
        unknown = [p for p in self.providers if p not in ort.get_available_providers()]
        if unknown:
            raise ValueError(f"providers {unknown} are not in this onnxruntime ({ort.get_available_providers()})")
        level = self.config.get("graph_optimization", "all")
        if level not in _LEVELS:
            raise ValueError(f"graph_optimization must be one of {sorted(_LEVELS)}")
        self.level = _LEVELS[level]
        self.pending = None  # (bytes, session) from supports(), taken by load()

    def session(self, data):
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = self.level
        options.log_severity_level = 3
        if not self.config.get("spin", True):
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return ort.InferenceSession(data, sess_options=options, providers=self.providers)


class Model:
    def __init__(self, session):
        self.session = session
        self.inputs = [(i.name, common.NAMES.get(i.type, 0), tuple(d if isinstance(d, int) else -1 for d in i.shape))
                       for i in session.get_inputs()]
        self.outputs = [(o.name, common.NAMES.get(o.type, 0), tuple(d if isinstance(d, int) else -1 for d in o.shape))
                        for o in session.get_outputs()]
        self.names = [o[0] for o in self.outputs]
        self.feed_names = [i[0] for i in self.inputs]
        self.bfloat16 = any(t[1] == 16 for t in self.inputs + self.outputs)


def create(threads, accelerator, config):
    return Context(threads, accelerator, config)


def supports(ctx, view):
    data = bytes(view)
    try:
        ctx.pending = (data, ctx.session(data))
    except Exception as error:  # onnxruntime raises its own classes; the text says which
        text = str(error)
        # an operator (or opset) the runtime does not have is a refusal, not a malformed model
        if "NOT_IMPLEMENTED" in text or "Could not find an implementation" in text or "No Op registered" in text:
            return text.replace("[ONNXRuntimeError] : 9 : NOT_IMPLEMENTED : ", "")
        raise ValueError(text) from None
    return None


def load(ctx, view):
    data = bytes(view)
    pending, ctx.pending = ctx.pending, None
    session = pending[1] if pending is not None and pending[0] == data else ctx.session(data)
    return Model(session)


def describe(model):
    return (model.inputs, model.outputs)


def run(model, inputs):
    if model.bfloat16:
        return _run_values(model, inputs)
    feed = {name: common.as_array(view, code, dims) for name, (view, code, dims) in zip(model.feed_names, inputs)}
    return [common.as_output(a) for a in model.session.run(model.names, feed)]


def _run_values(model, inputs):
    feed = {}
    for name, (view, code, dims) in zip(model.feed_names, inputs):
        feed[name] = (ort.OrtValue.ortvalue_from_numpy_with_onnx_type(common.bits16(view, dims), 16) if code == 16
                      else ort.OrtValue.ortvalue_from_numpy(common.as_array(view, code, dims)))
    outputs = []
    for value in model.session.run_with_ort_values(model.names, feed):
        if value.data_type() == "tensor(bfloat16)":
            shape = tuple(value.shape())
            count = int(np.prod(shape, dtype=np.int64))
            bits = np.ctypeslib.as_array((ctypes.c_uint16 * count).from_address(value.data_ptr())) if count else np.empty(0, np.uint16)
            outputs.append(common.as_output(common.bfloat16_from_bits(bits).reshape(shape)))
        else:
            outputs.append(common.as_output(value.numpy()))
    return outputs


def accelerator(model):
    return "cpu" if model.session.get_providers()[0] == "CPUExecutionProvider" else model.session.get_providers()[0]


def breakdown(model):
    # Every node runs on the session's providers; with only the CPU provider that is the whole graph.
    providers = model.session.get_providers()
    return ("nodes", [("cpu", 1.0)]) if providers == ["CPUExecutionProvider"] else ("nodes", [])
