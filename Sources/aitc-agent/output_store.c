#include "output_store.h"

#include <stdlib.h>
#include <string.h>

void output_store_init(output_store *s, int n_outputs, size_t max_bytes)
{
    memset(s, 0, sizeof *s);
    s->n_outputs = n_outputs;
    s->max_bytes = max_bytes;
}

void output_store_free(output_store *s)
{
    free(s->query);
    free(s->sample);
    free(s->slices);
    free(s->arena);
    memset(s, 0, sizeof *s);
}

static int grow_records(output_store *s, agent_error *err)
{
    size_t want = s->cap_records == 0 ? 64 : s->cap_records * 2;
    size_t per = (size_t)(s->n_outputs > 0 ? s->n_outputs : 1);
    size_t *q = realloc(s->query, want * sizeof *q);
    if (q != NULL) {
        s->query = q;
    }
    int64_t *smp = realloc(s->sample, want * sizeof *smp);
    if (smp != NULL) {
        s->sample = smp;
    }
    output_slice *sl = realloc(s->slices, want * per * sizeof *sl);
    if (sl != NULL) {
        s->slices = sl;
    }
    if (q == NULL || smp == NULL || sl == NULL) {
        return agent_fail(err, AE_BACKEND_ERROR, "out of memory keeping outputs of %zu samples", s->n_records);
    }
    s->cap_records = want;
    return 0;
}

int output_store_add(output_store *s, size_t query, int64_t sample, const aitc_tensor *outs, agent_error *err)
{
    if (s->n_records == s->cap_records && grow_records(s, err) != 0) {
        return -1;
    }
    size_t total = 0;
    for (int j = 0; j < s->n_outputs; j++) {
        size_t es = aitc_dtype_size(outs[j].info.dtype);
        if (es == 0 || outs[j].bytes % es != 0 || (outs[j].bytes > 0 && outs[j].data == NULL)) {
            return agent_fail(err, AE_BACKEND_ERROR, "backend returned output %d with dtype %d and %zu bytes", j,
                              (int)outs[j].info.dtype, outs[j].bytes);
        }
        total += outs[j].bytes;
    }
    if ((total > s->max_bytes || s->arena_len > s->max_bytes - total) && s->for_reveal) {
        return agent_fail(err, AE_BAD_REQUEST,
                          "output_digests: the outputs of this run would exceed the %zu MiB the agent keeps for reveal "
                          "at query %zu; send fewer queries per run",
                          s->max_bytes >> 20, query);
    }
    if (total > s->max_bytes || s->arena_len > s->max_bytes - total) {
        return agent_fail(err, AE_BAD_REQUEST,
                          "outputs: keeping outputs would exceed %zu MiB at query %zu; ask for fewer with output_queries",
                          s->max_bytes >> 20, query);
    }
    if (s->arena_len + total > s->arena_cap) {
        size_t want = s->arena_cap == 0 ? 65536 : s->arena_cap;
        while (want < s->arena_len + total) {
            want *= 2;
        }
        unsigned char *a = realloc(s->arena, want);
        if (a == NULL) {
            return agent_fail(err, AE_BACKEND_ERROR, "out of memory keeping %zu bytes of outputs", s->arena_len + total);
        }
        s->arena = a;
        s->arena_cap = want;
    }
    output_slice *sl = &s->slices[s->n_records * (size_t)s->n_outputs];
    for (int j = 0; j < s->n_outputs; j++) {
        sl[j].dtype = outs[j].info.dtype;
        sl[j].count = outs[j].bytes / aitc_dtype_size(outs[j].info.dtype);
        sl[j].offset = s->arena_len;
        sl[j].rank = outs[j].info.rank < 0 ? 0 : outs[j].info.rank > AITC_MAX_RANK ? AITC_MAX_RANK : outs[j].info.rank;
        memcpy(sl[j].dims, outs[j].info.dims, sizeof sl[j].dims);
        if (outs[j].bytes > 0) {
            memcpy(s->arena + s->arena_len, outs[j].data, outs[j].bytes);
        }
        s->arena_len += outs[j].bytes;
    }
    s->query[s->n_records] = query;
    s->sample[s->n_records] = sample;
    s->n_records++;
    return 0;
}
