/* npy.h — a strict reader for NumPy .npy files (format 1.0, 2.0 and 3.0 headers).
 *
 * Accepted: little-endian (or byte-sized) dtypes <f4, <f2, <V2 (bfloat16, as ml_dtypes saves it), |i1,
 * |u1, <i2, <u2, <i4, <i8, |b1; C order; data size exactly what the header declares. Everything else is refused with a message naming the problem. */
#ifndef AITC_NPY_H
#define AITC_NPY_H

#include <stddef.h>
#include <stdint.h>

#include "agent_error.h"
#include "aitc_backend.h"

#define NPY_MAX_RANK 16

/* A parsed array viewing the caller's buffer: `data` points inside it. */
typedef struct {
    aitc_dtype dtype;
    int rank;
    int64_t shape[NPY_MAX_RANK];
    size_t element_count;
    size_t element_size;
    const unsigned char *data;
    size_t data_bytes;
} npy_array;

/* Parse `len` bytes of a .npy file. `what` names the file in messages (e.g. "inputs.input.path").
 * Malformed or lying files → io_error; unsupported dtype/order → io_error with the reason. */
int npy_parse(const unsigned char *buf, size_t len, const char *what, npy_array *out, agent_error *err);

#endif
