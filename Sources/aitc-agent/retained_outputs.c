#include "retained_outputs.h"

#include <stdlib.h>
#include <string.h>

void retained_init(retained_outputs *r) { memset(r, 0, sizeof *r); }

void retained_clear(retained_outputs *r)
{
    output_store_free(&r->store);
    for (int i = 0; i < r->n_names && r->names != NULL; i++) {
        free(r->names[i]);
    }
    free(r->names);
    memset(r, 0, sizeof *r);
}

int retained_keep(retained_outputs *r, output_store *store, size_t n_queries, size_t per_query,
                  const char *const *names, int n_names, agent_error *err)
{
    retained_clear(r);
    r->names = calloc((size_t)(n_names > 0 ? n_names : 1), sizeof *r->names);
    if (r->names == NULL) {
        output_store_free(store);
        return agent_fail(err, AE_BACKEND_ERROR, "out of memory keeping the outputs for reveal");
    }
    r->n_names = n_names;
    for (int i = 0; i < n_names; i++) {
        size_t len = strlen(names[i]);
        r->names[i] = malloc(len + 1);
        if (r->names[i] == NULL) {
            output_store_free(store);
            retained_clear(r);
            return agent_fail(err, AE_BACKEND_ERROR, "out of memory keeping the outputs for reveal");
        }
        memcpy(r->names[i], names[i], len + 1);
    }
    r->store = *store;
    memset(store, 0, sizeof *store);
    r->n_queries = n_queries;
    r->per_query = per_query;
    r->valid = 1;
    return 0;
}
