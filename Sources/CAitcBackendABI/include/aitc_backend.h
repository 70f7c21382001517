/*
 * aitc_backend.h — the C ABI between the aitc device agent and an inference backend.
 *
 * A backend is a table of function pointers. The agent links the reference CPU backend in and finds
 * any other backend in a shared library with dlopen(): the library exports one symbol,
 * `aitc_backend_entry`, of type `aitc_backend_entry_fn`, returning a pointer to a static table.
 * A vendor plugs an NPU SDK in by writing such a library; nothing else in the agent changes.
 *
 * Rules every backend keeps:
 *   - Every function returns AITC_OK (0) or a negative AITC_E_* code; on error it writes a short,
 *     NUL-terminated, human-readable message into `err` (at most `errlen` bytes, truncating).
 *   - No function prints, exits or aborts. No global mutable state shared between contexts.
 *   - `supports` answers before anything runs: a model the backend cannot run is refused there, with
 *     the operator name and node name in the message.
 *   - `run` is synchronous. The agent timestamps around it on CLOCK_MONOTONIC.
 *   - `accelerator` names the unit that *actually* ran the last `run` ("cpu", "gpu", "npu:<name>",
 *     ...). A backend that silently falls back to the CPU must say "cpu" here: the report shows both
 *     the requested and the actual accelerator.
 *
 * C99. The ABI is versioned: the agent refuses a table whose abi_version differs from its own.
 */
#ifndef AITC_BACKEND_H
#define AITC_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AITC_BACKEND_ABI_VERSION 1u
#define AITC_MAX_RANK 8
#define AITC_ENTRY_SYMBOL "aitc_backend_entry"

/* Marks the entry points a backend library exports when it is built with -fvisibility=hidden (which
 * keeps a statically linked runtime's symbols from clashing with another library's). */
#if defined(__GNUC__) || defined(__clang__)
#define AITC_EXPORT __attribute__((visibility("default")))
#else
#define AITC_EXPORT
#endif

/* Status codes. */
enum {
    AITC_OK = 0,
    AITC_E_INVALID = -1,     /* malformed model or argument */
    AITC_E_UNSUPPORTED = -2, /* operator, data type or attribute the backend does not run */
    AITC_E_NOMEM = -3,
    AITC_E_SHAPE = -4,       /* input shape or dtype does not fit the model */
    AITC_E_INTERNAL = -5,
    AITC_E_IO = -6
};

/* Element types (values follow ONNX TensorProto.DataType). */
typedef enum {
    AITC_DTYPE_UNDEFINED = 0,
    AITC_DTYPE_FLOAT32 = 1,
    AITC_DTYPE_UINT8 = 2,
    AITC_DTYPE_INT8 = 3,
    AITC_DTYPE_UINT16 = 4,
    AITC_DTYPE_INT16 = 5,
    AITC_DTYPE_INT32 = 6,
    AITC_DTYPE_INT64 = 7,
    AITC_DTYPE_BOOL = 9,     /* one byte per element, 0 or 1 */
    AITC_DTYPE_FLOAT16 = 10, /* IEEE 754 binary16 */
    AITC_DTYPE_BFLOAT16 = 16 /* the upper 16 bits of a float32 */
} aitc_dtype;

/* Name, element type and shape of a model input or output. A dim of -1 is symbolic (resolved from
 * the input given at run time). */
typedef struct {
    char name[128];
    aitc_dtype dtype;
    int32_t rank;
    int64_t dims[AITC_MAX_RANK];
} aitc_tensor_info;

/* A tensor passed across the ABI. Data is dense, row-major, owned by whoever allocated it:
 * inputs by the agent; outputs by the backend, valid until the next `run` or `unload` on that model. */
typedef struct {
    aitc_tensor_info info;
    void *data;
    size_t bytes;
} aitc_tensor;

/* Options given when a backend context is created. */
typedef struct {
    int32_t threads;          /* worker threads; 0 = backend default */
    const char *accelerator;  /* requested unit ("cpu", "npu", ...); NULL = backend default */
    const char *config;       /* backend-specific options as a JSON object string, or NULL */
} aitc_backend_options;

typedef struct aitc_backend_ctx aitc_backend_ctx; /* opaque, owned by the backend */
typedef struct aitc_model aitc_model;             /* opaque, owned by the backend */

typedef struct {
    uint32_t abi_version; /* AITC_BACKEND_ABI_VERSION */
    const char *name;     /* e.g. "reference" */
    const char *version;  /* backend version string */

    int (*create)(const aitc_backend_options *options, aitc_backend_ctx **out, char *err, size_t errlen);
    void (*destroy)(aitc_backend_ctx *ctx);

    /* Refuse, before anything runs, a model this backend cannot run. */
    int (*supports)(aitc_backend_ctx *ctx, const uint8_t *model, size_t model_len, char *err, size_t errlen);

    int (*load)(aitc_backend_ctx *ctx, const uint8_t *model, size_t model_len, aitc_model **out, char *err,
                size_t errlen);
    void (*unload)(aitc_model *model);

    /* Describe inputs (is_input != 0) or outputs. Returns the count, or a negative code. */
    int (*io_count)(aitc_model *model, int is_input);
    int (*io_info)(aitc_model *model, int is_input, int index, aitc_tensor_info *out);

    /* One inference. `inputs` are in io_info order; `outputs` (n_outputs entries, in io_info order)
     * are filled by the backend with pointers to its own buffers. */
    int (*run)(aitc_model *model, const aitc_tensor *inputs, int n_inputs, aitc_tensor *outputs, int n_outputs,
               char *err, size_t errlen);

    /* Which unit ran the last `run` of this model. Never NULL. */
    const char *(*accelerator)(aitc_model *model);
} aitc_backend;

typedef const aitc_backend *(*aitc_backend_entry_fn)(void);

/* ---- Optional extensions (ABI 1 compatible) -------------------------------------------------------
 *
 * A backend MAY also export `aitc_backend_extensions` returning a pointer to a static
 * `aitc_backend_ext`. The agent looks the symbol up with dlsym; a library without it works as before.
 * The struct only ever grows at its end: `struct_size` is sizeof(aitc_backend_ext) as the backend was
 * built, and the agent reads an entry only when it lies inside `struct_size`. Any entry may be NULL.
 */
#define AITC_EXT_SYMBOL "aitc_backend_extensions"
#define AITC_MAX_UNITS 8

/* One unit's share of the last `run`: `fraction` in [0, 1] of `basis` ("nodes" or "time"). */
typedef struct {
    char unit[32]; /* "cpu", "gpu", "npu:<name>", ... as `accelerator` spells it */
    double fraction;
} aitc_unit_share;

typedef struct {
    size_t struct_size; /* sizeof(aitc_backend_ext) when the backend was built */

    /* How the last `run` of `model` was split between units: fills up to `max` shares (fractions
     * summing to 1 within 1e-6), sets *basis to "nodes" or "time", returns the count (0 = unknown) or
     * a negative code. A graph split between NPU and CPU reports both units here while `accelerator`
     * names the unit that ran the largest share. */
    int (*accelerator_breakdown)(aitc_model *model, aitc_unit_share *out, int max, const char **basis);
} aitc_backend_ext;

typedef const aitc_backend_ext *(*aitc_backend_ext_fn)(void);

/* Size in bytes of one element of `dtype`, 0 for unknown types. */
static inline size_t aitc_dtype_size(aitc_dtype dtype)
{
    switch (dtype) {
    case AITC_DTYPE_FLOAT32: return 4;
    case AITC_DTYPE_UINT8: return 1;
    case AITC_DTYPE_INT8: return 1;
    case AITC_DTYPE_UINT16: return 2;
    case AITC_DTYPE_INT16: return 2;
    case AITC_DTYPE_INT32: return 4;
    case AITC_DTYPE_INT64: return 8;
    case AITC_DTYPE_BOOL: return 1;
    case AITC_DTYPE_FLOAT16: return 2;
    case AITC_DTYPE_BFLOAT16: return 2;
    default: return 0;
    }
}

#ifdef __cplusplus
}
#endif

#endif /* AITC_BACKEND_H */
