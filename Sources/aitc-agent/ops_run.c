/* run operation: validate the schedule, execute it, stream the (possibly huge) reply. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "executor.h"
#include "output_digest.h"
#include "ops.h"
#include "request.h"
#include "run_reply.h"

#define HANDLE_MAX 128
#define MAX_PER_QUERY (INT64_C(1) << 20)
#define MAX_OFFSET_NS (INT64_C(86400) * 1000000000) /* 24 h: a later offset would look like a hang */

typedef struct {
    int64_t *queries;
    size_t n_entries;
    int64_t *offsets;
    int64_t *output_queries;
    size_t n_output_queries;
    unsigned char *capture;
    uint8_t *digests; /* output_digests: n_queries × 32 */
    aitc_tensor_info *infos;
    const agent_sample_input **sources;
    int64_t *start_ns, *end_ns;
    output_store store;
} run_buffers;

static void run_buffers_free(run_buffers *b)
{
    free(b->queries);
    free(b->offsets);
    free(b->output_queries);
    free(b->capture);
    free(b->digests);
    free(b->infos);
    free(b->sources);
    free(b->start_ns);
    free(b->end_ns);
    output_store_free(&b->store);
}

/* Pair every model input with sample data of the same name, dtype and element count. */
static int bind_inputs(const agent_model *m, const agent_samples *s, run_buffers *b, agent_error *err)
{
    size_t n = (size_t)(m->n_inputs > 0 ? m->n_inputs : 1);
    b->infos = calloc(n, sizeof *b->infos);
    b->sources = calloc(n, sizeof *b->sources);
    if (b->infos == NULL || b->sources == NULL) {
        return agent_fail(err, AE_BACKEND_ERROR, "out of memory");
    }
    for (int i = 0; i < m->n_inputs; i++) {
        const aitc_tensor_info *info = &m->inputs[i];
        const agent_sample_input *si = agent_samples_input(s, info->name);
        if (si == NULL) {
            return agent_fail(err, AE_SHAPE_MISMATCH, "samples: set '%s' has no data for model input '%s'", s->handle,
                              info->name);
        }
        int fits = si->dtype == info->dtype && si->rank == info->rank;
        for (int k = 0; fits && k < info->rank; k++) {
            fits = info->dims[k] < 0 || info->dims[k] == si->dims[k];
        }
        if (!fits) {
            return agent_fail(err, AE_SHAPE_MISMATCH,
                              "samples: input '%s' holds %s samples of %zu elements; the model wants %s with %zu",
                              info->name, agent_dtype_name(si->dtype), si->sample_elements, agent_dtype_name(info->dtype),
                              agent_tensor_elements(info));
        }
        b->infos[i] = *info;
        memcpy(b->infos[i].dims, si->dims, sizeof si->dims); /* symbolic dims bound by load_samples */
        b->sources[i] = si;
    }
    return 0;
}

/* "output_digests": absent (0), false (0) or true (1); -1 when it is not a boolean. */
static int parse_digests(json_object *req, agent_error *err)
{
    json_object *v;
    if (!json_object_object_get_ex(req, "output_digests", &v) || v == NULL) {
        return 0;
    }
    if (!json_object_is_type(v, json_type_boolean)) {
        return agent_fail(err, AE_BAD_REQUEST, "output_digests: must be true or false");
    }
    return json_object_get_boolean(v) ? 1 : 0;
}

/* Parse and check every schedule field; fills p (except the model binding) and b. */
static int parse_schedule(op_ctx *c, const agent_samples *s, exec_plan *p, run_buffers *b, agent_error *err)
{
    json_object *queries, *offsets = NULL, *output_queries = NULL;
    int64_t per_query = 1;
    const char *issue = "after_completion", *outputs = "none";
    if (req_array(c->req, "queries", 1, &queries, err) != 0 ||
        req_int(c->req, "per_query", 0, 1, MAX_PER_QUERY, &per_query, err) < 0 ||
        req_string(c->req, "issue", 0, 32, &issue, err) < 0 || req_string(c->req, "outputs", 0, 8, &outputs, err) < 0 ||
        req_array(c->req, "output_queries", 0, &output_queries, err) < 0) {
        return -1;
    }
    if (strcmp(issue, "after_completion") != 0 && strcmp(issue, "at_offsets") != 0) {
        return agent_fail(err, AE_BAD_REQUEST, "issue: must be \"after_completion\" or \"at_offsets\", got \"%.40s\"", issue);
    }
    if (strcmp(outputs, "none") != 0 && strcmp(outputs, "all") != 0) {
        return agent_fail(err, AE_BAD_REQUEST, "outputs: must be \"none\" or \"all\", got \"%.40s\"", outputs);
    }
    if (req_int_array(queries, "queries", 0, (int64_t)s->count - 1, &b->queries, &b->n_entries, err) != 0) {
        return -1;
    }
    if (b->n_entries == 0) {
        return agent_fail(err, AE_BAD_REQUEST, "queries: must not be empty");
    }
    if (b->n_entries % (size_t)per_query != 0) {
        return agent_fail(err, AE_BAD_REQUEST, "queries: %zu entries is not a multiple of per_query %lld", b->n_entries,
                          (long long)per_query);
    }
    size_t nq = b->n_entries / (size_t)per_query;
    if (strcmp(issue, "at_offsets") == 0) {
        size_t n_off;
        if (req_array(c->req, "offsets_ns", 1, &offsets, err) != 0 ||
            req_int_array(offsets, "offsets_ns", 0, MAX_OFFSET_NS, &b->offsets, &n_off, err) != 0) {
            return -1;
        }
        if (n_off != nq) {
            return agent_fail(err, AE_BAD_REQUEST, "offsets_ns: has %zu entries for %zu queries", n_off, nq);
        }
        for (size_t i = 1; i < nq; i++) {
            if (b->offsets[i] < b->offsets[i - 1]) {
                return agent_fail(err, AE_BAD_REQUEST, "offsets_ns[%zu]: %lld is earlier than the previous offset %lld",
                                  i, (long long)b->offsets[i], (long long)b->offsets[i - 1]);
            }
        }
    }
    int digests = parse_digests(c->req, err);
    if (digests < 0) {
        return -1;
    }
    if (digests && (strcmp(outputs, "all") == 0 || output_queries != NULL)) {
        return agent_fail(err, AE_BAD_REQUEST,
                          "output_digests: cannot be combined with outputs \"all\" or output_queries (the outputs "
                          "come back through reveal)");
    }
    if (digests) {
        if (nq > SIZE_MAX / SHA256_DIGEST_BYTES || (b->digests = malloc(nq * SHA256_DIGEST_BYTES)) == NULL ||
            (b->capture = malloc(nq)) == NULL) {
            return agent_fail(err, AE_BAD_REQUEST, "queries: too many (%zu) to keep digests for", nq);
        }
        memset(b->capture, 1, nq);
        b->store.max_bytes = OUTPUT_RETAIN_MAX;
        b->store.for_reveal = 1;
    }
    int want_outputs = strcmp(outputs, "all") == 0 || output_queries != NULL;
    if (want_outputs) {
        b->capture = calloc(nq, 1);
        if (b->capture == NULL) {
            return agent_fail(err, AE_BAD_REQUEST, "queries: too many to keep outputs for");
        }
        if (output_queries != NULL) {
            if (req_int_array(output_queries, "output_queries", 0, (int64_t)nq - 1, &b->output_queries,
                              &b->n_output_queries, err) != 0) {
                return -1;
            }
            for (size_t i = 0; i < b->n_output_queries; i++) {
                b->capture[b->output_queries[i]] = 1;
            }
        } else {
            memset(b->capture, 1, nq);
        }
    }
    b->start_ns = calloc(nq, sizeof *b->start_ns);
    b->end_ns = calloc(nq, sizeof *b->end_ns);
    if (b->start_ns == NULL || b->end_ns == NULL) {
        return agent_fail(err, AE_BAD_REQUEST, "queries: too many (%zu) to time", nq);
    }
    p->queries = b->queries;
    p->n_queries = nq;
    p->per_query = (size_t)per_query;
    p->offsets_ns = b->offsets;
    p->capture = b->capture;
    p->digests = b->digests;
    return 0;
}

int op_run(op_ctx *c, agent_error *err)
{
    const char *model_handle, *samples_handle;
    if (req_string(c->req, "model", 1, HANDLE_MAX, &model_handle, err) != 0 ||
        req_string(c->req, "samples", 1, HANDLE_MAX, &samples_handle, err) != 0) {
        return -1;
    }
    agent_model *m = agent_state_model(c->st, model_handle);
    if (m == NULL) {
        return agent_fail(err, AE_NOT_FOUND, "model: no model loaded under handle '%s'", model_handle);
    }
    const agent_samples *s = agent_state_samples(c->st, samples_handle);
    if (s == NULL) {
        return agent_fail(err, AE_NOT_FOUND, "samples: no sample set loaded under handle '%s'", samples_handle);
    }
    retained_clear(&c->st->retained); /* reveal answers for the last run only */
    run_buffers b;
    memset(&b, 0, sizeof b);
    output_store_init(&b.store, m->n_outputs, OUTPUT_STORE_DEFAULT_MAX);
    exec_plan p;
    memset(&p, 0, sizeof p);
    if (parse_schedule(c, s, &p, &b, err) != 0 || bind_inputs(m, s, &b, err) != 0) {
        run_buffers_free(&b);
        return -1;
    }
    p.backend = m->backend.table;
    p.ext = m->backend.ext;
    p.model = m->model;
    p.n_inputs = m->n_inputs;
    p.input_infos = b.infos;
    p.sources = b.sources;
    p.n_outputs = m->n_outputs;
    p.store = &b.store;
    exec_result r;
    memset(&r, 0, sizeof r);
    r.start_ns = b.start_ns;
    r.end_ns = b.end_ns;
    if (executor_run(&p, &r, err) != 0) {
        run_buffers_free(&b);
        return -1;
    }
    const char **names = calloc((size_t)(m->n_outputs > 0 ? m->n_outputs : 1), sizeof *names);
    if (names == NULL) {
        run_buffers_free(&b);
        return agent_fail(err, AE_BACKEND_ERROR, "out of memory writing the reply");
    }
    for (int j = 0; j < m->n_outputs; j++) {
        names[j] = m->outputs[j].name;
    }
    if (run_reply_write(c->out, c->id, &r, p.n_queries, &b.store, names, b.digests) != 0) {
        c->write_failed = 1;
    }
    if (b.digests != NULL) {
        agent_error keep_err = {0};
        (void)retained_keep(&c->st->retained, &b.store, p.n_queries, p.per_query, names, m->n_outputs, &keep_err);
        /* out of memory: nothing is kept and a later reveal says so */
    }
    free(names);
    run_buffers_free(&b);
    return 0;
}
