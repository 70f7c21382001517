/* retained_outputs.h — the outputs of the last `run` with "output_digests", kept for `reveal`. */
#ifndef AITC_RETAINED_OUTPUTS_H
#define AITC_RETAINED_OUTPUTS_H

#include <stddef.h>

#include "agent_error.h"
#include "output_store.h"

typedef struct {
    int valid;
    output_store store; /* every sample of every query, in issue order */
    size_t n_queries, per_query;
    char **names; /* n_outputs model output names */
    int n_names;
} retained_outputs;

void retained_init(retained_outputs *r);
/* Drops what is kept (every `run`, `erase` and the session's end). */
void retained_clear(retained_outputs *r);
/* Takes over `store` (left empty) with copies of the output names; -1 when out of memory. */
int retained_keep(retained_outputs *r, output_store *store, size_t n_queries, size_t per_query,
                  const char *const *names, int n_names, agent_error *err);

#endif
