"""What every runtime bridge module shares: the ABI's dtype codes and numpy views of agent buffers.

A bridge module (aitc_bridge_<runtime>.py, loaded by pybridge.c) defines:
  create(threads, accelerator, config_json) -> ctx        config_json: str or None (a JSON object)
  supports(ctx, model_view) -> None | str                  str: the refusal, naming op and node
  load(ctx, model_view) -> model                           model_view: memoryview, valid during the call
  describe(model) -> ([(name, dtype_code, dims)], [...])   dims: tuple, -1 for symbolic
  run(model, [(memoryview, dtype_code, dims)]) -> [(ndarray, dtype_code)]
  accelerator(model) -> str                                the unit that runs it ("cpu", "gpu", ...)
  breakdown(model) -> (basis, [(unit, fraction)])          "nodes" or "time"
Nothing here prints to stdout (pybridge.c sends it to stderr anyway: stdout is the agent's channel).
"""
import json

import numpy as np

try:  # bfloat16 as numpy knows it (ml_dtypes ships with the runtimes' wheels that need it)
    import ml_dtypes

    _BF16 = np.dtype(ml_dtypes.bfloat16)
except ImportError:  # pragma: no cover
    _BF16 = None

# aitc_dtype values (ONNX TensorProto.DataType)
CODES = {1: np.dtype(np.float32), 2: np.dtype(np.uint8), 3: np.dtype(np.int8), 4: np.dtype(np.uint16),
         5: np.dtype(np.int16), 6: np.dtype(np.int32), 7: np.dtype(np.int64), 9: np.dtype(np.bool_),
         10: np.dtype(np.float16)}
if _BF16 is not None:
    CODES[16] = _BF16
NAMES = {"tensor(float)": 1, "tensor(uint8)": 2, "tensor(int8)": 3, "tensor(uint16)": 4, "tensor(int16)": 5,
         "tensor(int32)": 6, "tensor(int64)": 7, "tensor(bool)": 9, "tensor(float16)": 10, "tensor(bfloat16)": 16}


def code_of(dtype):
    """The ABI code of a numpy dtype (0 when the ABI has none)."""
    for code, d in CODES.items():
        if d == dtype:
            return code
    return 0


def config(text, known):
    """The config object (dict) given to create(), {} when none; a key outside `known` is refused,
    so a typo cannot certify another configuration silently."""
    if not text:
        return {}
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError("the backend config must be a JSON object")
    unknown = sorted(set(value) - set(known))
    if unknown:
        raise ValueError(f"unknown backend config key(s) {unknown}; this backend knows {sorted(known)}")
    return value


def threads_of(threads):
    """Worker threads to ask the runtime for: the agent's count, 1 when it leaves it to the backend."""
    return threads if threads and threads > 0 else 1


def as_array(view, code, dims):
    """A numpy array over the agent's buffer (no copy, read-only)."""
    if code not in CODES:
        raise TypeError(f"input dtype code {code} has no numpy type here" + (" (bfloat16 needs ml_dtypes)" if code == 16 else ""))
    return np.frombuffer(view, dtype=CODES[code]).reshape(dims)


def bits16(view, dims):
    """The agent's buffer of a 16-bit type as raw uint16 (no copy): how runtimes whose Python API has
    no bfloat16 dtype take bfloat16 tensors."""
    return np.frombuffer(view, dtype=np.uint16).reshape(dims)


def bfloat16_from_bits(bits):
    """A bfloat16 array from its raw 16-bit patterns (a copy, so the runtime's buffer may go)."""
    if _BF16 is None:
        raise TypeError("a bfloat16 output needs ml_dtypes")
    return np.array(bits, dtype=np.uint16, copy=True).view(_BF16)


def as_output(array):
    """An output as pybridge.c takes it: C-contiguous with its ABI code."""
    array = np.ascontiguousarray(array)
    code = code_of(array.dtype)
    if code == 0:
        raise TypeError(f"output dtype {array.dtype} has no aitc_dtype")
    return (array, code)
