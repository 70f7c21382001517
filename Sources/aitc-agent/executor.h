/* executor.h — the schedule executor. Issues queries on CLOCK_MONOTONIC either back to back
 * (after_completion) or at scheduled offsets from the run start (at_offsets), runs per_query samples
 * per query, timestamps each query, tracks which accelerator actually ran. */
#ifndef AITC_EXECUTOR_H
#define AITC_EXECUTOR_H

#include <stddef.h>
#include <stdint.h>

#include "agent_error.h"
#include "agent_samples.h"
#include "aitc_backend.h"
#include "output_store.h"

typedef struct {
    const aitc_backend *backend;
    const aitc_backend_ext *ext; /* optional extensions, or NULL */
    aitc_model *model;
    int n_inputs;
    const aitc_tensor_info *input_infos;        /* model inputs, symbolic dims resolved to 1 */
    const agent_sample_input *const *sources;   /* the sample data feeding each input */
    int n_outputs;
    const int64_t *queries;   /* n_queries × per_query sample indices, each < sample count */
    size_t n_queries;
    size_t per_query;
    const int64_t *offsets_ns;      /* n_queries issue offsets from run start, or NULL */
    const unsigned char *capture;   /* per query: keep outputs (1) or not; NULL = none */
    output_store *store;            /* where captured outputs go (when capture is set) */
    uint8_t *digests; /* n_queries × 32: each query's output digest (every query captured), or NULL */
} exec_plan;

typedef struct {
    int64_t *start_ns; /* n_queries entries, allocated by the caller */
    int64_t *end_ns;
    size_t completed;
    int64_t run_begin_ns;
    int64_t run_end_ns;
    char accelerator[64];
    int64_t accelerator_changes;
    /* The split between units of the last run (backends with the accelerator_breakdown extension):
     * n_shares = 0 when unknown; breakdown_changes counts runs whose split differed from the one
     * before by more than 0.01 in some unit's fraction or in the set of units. */
    aitc_unit_share shares[AITC_MAX_UNITS];
    int n_shares;
    char basis[16];
    int64_t breakdown_changes;
} exec_result;

/* Run the plan. On a backend failure mid-run: -1 with backend_error naming the query and the count
 * completed; r->completed says how many queries finished. */
int executor_run(const exec_plan *p, exec_result *r, agent_error *err);

#endif
