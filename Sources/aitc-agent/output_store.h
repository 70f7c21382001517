/* output_store.h — copies of model outputs captured during a run, kept until the reply is written. */
#ifndef AITC_OUTPUT_STORE_H
#define AITC_OUTPUT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "agent_error.h"
#include "aitc_backend.h"

/* 1 GiB: beyond this the request must ask for fewer outputs (output_queries). */
#define OUTPUT_STORE_DEFAULT_MAX ((size_t)1 << 30)
/* 256 MiB: the outputs of one `run` with "output_digests", kept for `reveal`; beyond this the run is
 * refused (bad_request naming output_digests) and the harness sends fewer queries per run. */
#define OUTPUT_RETAIN_MAX ((size_t)256 << 20)

typedef struct {
    aitc_dtype dtype;
    size_t count;  /* elements */
    size_t offset; /* into the arena */
    int rank;      /* the shape the backend gave (rank 0..AITC_MAX_RANK) */
    int64_t dims[AITC_MAX_RANK];
} output_slice;

typedef struct {
    int n_outputs;
    size_t max_bytes;
    int for_reveal; /* the cap is OUTPUT_RETAIN_MAX: the refusal names output_digests */
    size_t n_records, cap_records;
    size_t *query;
    int64_t *sample;
    output_slice *slices; /* n_records × n_outputs */
    unsigned char *arena;
    size_t arena_len, arena_cap;
} output_store;

void output_store_init(output_store *s, int n_outputs, size_t max_bytes);
void output_store_free(output_store *s);
/* Copy the backend's outputs for one sample. */
int output_store_add(output_store *s, size_t query, int64_t sample, const aitc_tensor *outs, agent_error *err);

#endif
