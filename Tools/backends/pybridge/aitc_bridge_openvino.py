"""OpenVINO behind the aitc backend ABI (through pybridge.c); reads the ONNX bytes directly.

config (--backend-config): {"device": "CPU", "hint": "LATENCY"|"THROUGHPUT", "precision": "f32"|"bf16"|"f16",
"properties": {...}}.
Threads: INFERENCE_NUM_THREADS = the agent's count. Symbolic input dims stay dynamic; each run infers
at the concrete dims the agent gives. bfloat16: OpenVINO's numpy view of a bf16 tensor is labelled
float16, so bfloat16 inputs go in as bf16 tensors filled with the raw bits and bf16 outputs come back
relabelled from their bits.
"""
import numpy as np
import openvino as ov

import aitc_bridge_common as common

_CORE = None  # one ov.Core per process (OpenVINO's own process-wide plugin registry)

_TYPES = {"f32": 1, "u8": 2, "i8": 3, "u16": 4, "i16": 5, "i32": 6, "i64": 7, "boolean": 9, "f16": 10, "bf16": 16}


def _core():
    global _CORE
    if _CORE is None:
        _CORE = ov.Core()
    return _CORE


class Context:
    def __init__(self, threads, accelerator, config):
        self.config = common.config(config, ("device", "hint", "precision", "properties"))
        self.device = self.config.get("device", "CPU")
        if self.device not in _core().available_devices:
            raise ValueError(f"device {self.device} is not available ({_core().available_devices})")
        self.properties = {"INFERENCE_NUM_THREADS": common.threads_of(threads),
                           "PERFORMANCE_HINT": self.config.get("hint", "LATENCY"), "NUM_STREAMS": 1,
                           # fp32 models run in fp32: OpenVINO would otherwise pick bf16 on CPUs with AMX
                           "INFERENCE_PRECISION_HINT": self.config.get("precision", "f32")}
        self.properties.update(self.config.get("properties", {}))
        self.pending = None


def _shape(port):
    return tuple(d.get_length() if d.is_static else -1 for d in port.get_partial_shape())


class Model:
    def __init__(self, ctx, compiled):
        self.compiled = compiled
        self.request = compiled.create_infer_request()
        self.device = ctx.device
        self.inputs = [(p.get_any_name(), _TYPES.get(p.get_element_type().get_type_name(), 0), _shape(p))
                       for p in compiled.inputs]
        self.outputs = [(p.get_any_name(), _TYPES.get(p.get_element_type().get_type_name(), 0), _shape(p))
                        for p in compiled.outputs]


def create(threads, accelerator, config):
    return Context(threads, accelerator, config)


def _compile(ctx, data):
    model = _core().read_model(data)
    return _core().compile_model(model, ctx.device, ctx.properties)


def supports(ctx, view):
    data = bytes(view)
    try:
        ctx.pending = (data, _compile(ctx, data))
    except RuntimeError as error:
        text = str(error)
        if "not supported" in text.lower() or "no conversion rule" in text.lower() or "cannot create" in text.lower():
            return " ".join(text.split())[:380]
        raise ValueError(" ".join(text.split())[:380]) from None
    return None


def load(ctx, view):
    data = bytes(view)
    pending, ctx.pending = ctx.pending, None
    compiled = pending[1] if pending is not None and pending[0] == data else _compile(ctx, data)
    return Model(ctx, compiled)


def describe(model):
    return (model.inputs, model.outputs)


def _input(view, code, dims):
    if code != 16:
        return common.as_array(view, code, dims)
    tensor = ov.Tensor(ov.Type.bf16, ov.Shape(list(dims)))
    tensor.data.view(np.uint16)[...] = common.bits16(view, dims)
    return tensor


def _output(tensor):
    if tensor.element_type == ov.Type.bf16:
        return common.as_output(common.bfloat16_from_bits(tensor.data.view(np.uint16)))
    return common.as_output(tensor.data)


def run(model, inputs):
    # the agent's buffers are read-only, so OpenVINO copies them into its input tensors (share_inputs=False)
    model.request.infer([_input(view, code, dims) for view, code, dims in inputs], share_inputs=False)
    return [_output(model.request.get_output_tensor(i)) for i in range(len(model.outputs))]


def accelerator(model):
    return model.device.lower().split(".")[0]


def breakdown(model):
    # The runtime model says where each node ran (its execution device after compilation).
    ops = model.compiled.get_runtime_model().get_ops()
    counts = {}
    for op in ops:
        info = op.get_rt_info()
        unit = str(info["execDevice"]) if "execDevice" in info else model.device
        counts[unit.lower()] = counts.get(unit.lower(), 0) + 1
    total = sum(counts.values()) or 1
    return ("nodes", [(unit, n / total) for unit, n in sorted(counts.items())])
