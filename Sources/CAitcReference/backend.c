/*
 * backend.c — the aitc_backend table of the reference CPU backend.
 *
 * load = parse + static checks + a plan for the declared input shapes (symbolic dims taken as 1; when
 * that plan fails on shapes, planning waits for the first run); run re-plans when the given input
 * shapes differ from the planned ones.
 */
#include <stdlib.h>
#include <string.h>

#include "aitc_reference.h"
#include "ref_internal.h"

struct aitc_backend_ctx {
    int threads;
};

struct aitc_model {
    ref_graph g;
    ref_plan plan;
    ref_tensor *planned_inputs; /* shapes the plan was made for */
    ref_threads *threads;
    ref_exec x;
    aitc_tensor_info *in_info, *out_info;
    float *tbuf_mem;
};

static int ref_create(const aitc_backend_options *o, aitc_backend_ctx **out, char *err, size_t errlen)
{
    *out = NULL;
    if (o && o->accelerator && o->accelerator[0] && strcmp(o->accelerator, "cpu"))
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "the reference backend runs on \"cpu\" only, not \"%s\"", o->accelerator);
    aitc_backend_ctx *c = calloc(1, sizeof *c);
    if (!c) return ref_err(err, errlen, AITC_E_NOMEM, "out of memory");
    c->threads = o && o->threads > 1 ? o->threads : 1;
    if (c->threads > 64) c->threads = 64;
    *out = c;
    return 0;
}

static void ref_destroy(aitc_backend_ctx *c) { free(c); }

static void ref_unload(aitc_model *m)
{
    if (!m) return;
    ref_plan_free(&m->plan);
    ref_graph_free(&m->g);
    ref_threads_destroy(m->threads);
    free(m->x.tbuf);
    free(m->x.tcol);
    ref_aligned_free(m->tbuf_mem);
    free(m->planned_inputs);
    free(m->in_info);
    free(m->out_info);
    free(m);
}

static void fill_info(aitc_tensor_info *ti, const ref_value *v, const ref_tensor *planned)
{
    memset(ti, 0, sizeof *ti);
    size_t l = strlen(v->name);
    if (l >= sizeof ti->name) l = sizeof ti->name - 1;
    memcpy(ti->name, v->name, l);
    if (v->declared && v->decl_dtype) {
        ti->dtype = (aitc_dtype)v->decl_dtype;
        ti->rank = v->decl_rank;
        memcpy(ti->dims, v->decl_dims, sizeof ti->dims);
        if (v->decl_rank == 0 && planned && planned->rank) { /* declared without a shape */
            ti->rank = planned->rank;
            memcpy(ti->dims, planned->dims, sizeof ti->dims);
        }
    } else if (planned) {
        ti->dtype = (aitc_dtype)planned->dtype;
        ti->rank = planned->rank;
        memcpy(ti->dims, planned->dims, sizeof ti->dims);
    }
}

static int symbolic_inputs(const ref_graph *g)
{
    for (int i = 0; i < g->ninputs; i++) {
        const ref_value *v = &g->vals[g->inputs[i]];
        for (int d = 0; d < v->decl_rank; d++)
            if (v->decl_dims[d] < 0) return 1;
    }
    return 0;
}

static int ref_load(aitc_backend_ctx *c, const uint8_t *buf, size_t len, aitc_model **out, char *err, size_t errlen)
{
    *out = NULL;
    aitc_model *m = calloc(1, sizeof *m);
    if (!m) return ref_err(err, errlen, AITC_E_NOMEM, "out of memory");
    int rc = ref_graph_parse(buf, len, &m->g, err, errlen);
    if (rc) { free(m); return rc; }
    if ((rc = ref_graph_check(&m->g, err, errlen)) || (rc = ref_graph_fold_bn(&m->g, err, errlen)) ||
        (rc = ref_graph_fold_conv_add(&m->g, err, errlen)) ||
        (rc = ref_graph_drop_identity(&m->g)) || (rc = ref_graph_fuse_gelu(&m->g)))
        goto fail;
    int nt = c ? c->threads : 1;
    if (nt > 1 && (rc = ref_threads_create(nt, &m->threads))) { rc = ref_err(err, errlen, rc, "cannot start %d threads", nt); goto fail; }
    m->x.threads = m->threads;
    m->x.nthreads = ref_threads_count(m->threads);
    m->x.tbuf = calloc((size_t)m->x.nthreads, sizeof(float *));
    m->x.tcol = calloc((size_t)m->x.nthreads, sizeof(float *));
    m->tbuf_mem = ref_aligned_alloc((size_t)m->x.nthreads * (REF_TBUF_FLOATS + REF_COL_FLOATS) * sizeof(float));
    m->planned_inputs = calloc((size_t)m->g.ninputs + 1, sizeof(ref_tensor));
    m->in_info = calloc((size_t)m->g.ninputs + 1, sizeof(aitc_tensor_info));
    m->out_info = calloc((size_t)m->g.noutputs + 1, sizeof(aitc_tensor_info));
    if (!m->x.tbuf || !m->x.tcol || !m->tbuf_mem || !m->planned_inputs || !m->in_info || !m->out_info) { rc = ref_err(err, errlen, AITC_E_NOMEM, "out of memory"); goto fail; }
    for (int i = 0; i < m->x.nthreads; i++) {
        m->x.tbuf[i] = m->tbuf_mem + (size_t)i * (REF_TBUF_FLOATS + REF_COL_FLOATS);
        m->x.tcol[i] = m->x.tbuf[i] + REF_TBUF_FLOATS;
    }
    for (int i = 0; i < m->g.ninputs; i++) {
        const ref_value *v = &m->g.vals[m->g.inputs[i]];
        ref_tensor *t = &m->planned_inputs[i];
        t->dtype = v->decl_dtype;
        t->rank = v->decl_rank;
        for (int d = 0; d < v->decl_rank; d++) t->dims[d] = v->decl_dims[d] < 0 ? 1 : v->decl_dims[d];
        fill_info(&m->in_info[i], v, NULL);
    }
    if ((rc = ref_plan_build(&m->g, &m->plan, m->planned_inputs, &m->x, err, errlen))) {
        /* Symbolic dims taken as 1 may not fit the model (an image model whose pools need H, W > 1): the
         * operators were all checked above, so the plan waits for the first run's real shapes. A model
         * without symbolic input dims has no other shapes to try: its error stands. */
        if (!symbolic_inputs(&m->g) || rc == AITC_E_NOMEM || rc == AITC_E_UNSUPPORTED) goto fail;
        rc = 0;
        if (err && errlen) err[0] = 0;
    }
    for (int i = 0; i < m->g.noutputs; i++)
        fill_info(&m->out_info[i], &m->g.vals[m->g.outputs[i]], m->plan.valid ? &m->plan.t[m->g.outputs[i]] : NULL);
    *out = m;
    return 0;
fail:
    ref_unload(m);
    return rc;
}

static int ref_supports(aitc_backend_ctx *c, const uint8_t *buf, size_t len, char *err, size_t errlen)
{
    aitc_backend_ctx one = {1};
    aitc_model *m = NULL;
    (void)c;
    int rc = ref_load(&one, buf, len, &m, err, errlen);
    ref_unload(m);
    return rc;
}

static int ref_io_count(aitc_model *m, int is_input)
{
    if (!m) return AITC_E_INVALID;
    return is_input ? m->g.ninputs : m->g.noutputs;
}

static int ref_io_info(aitc_model *m, int is_input, int index, aitc_tensor_info *out)
{
    if (!m || !out || index < 0 || index >= (is_input ? m->g.ninputs : m->g.noutputs)) return AITC_E_INVALID;
    *out = is_input ? m->in_info[index] : m->out_info[index];
    return 0;
}

static int ref_run(aitc_model *m, const aitc_tensor *inputs, int n_inputs, aitc_tensor *outputs, int n_outputs, char *err,
                   size_t errlen)
{
    if (!m) return ref_err(err, errlen, AITC_E_INVALID, "no model");
    if (n_inputs != m->g.ninputs) return ref_err(err, errlen, AITC_E_SHAPE, "model takes %d inputs, got %d", m->g.ninputs, n_inputs);
    if (n_outputs != m->g.noutputs) return ref_err(err, errlen, AITC_E_SHAPE, "model has %d outputs, got room for %d", m->g.noutputs, n_outputs);
    if (n_inputs && !inputs) return ref_err(err, errlen, AITC_E_INVALID, "inputs missing");
    if (n_outputs && !outputs) return ref_err(err, errlen, AITC_E_INVALID, "outputs missing");
    int replan = !m->plan.valid;
    for (int i = 0; i < n_inputs; i++) {
        const aitc_tensor_info *d = &m->in_info[i], *a = &inputs[i].info;
        ref_tensor t;
        memset(&t, 0, sizeof t);
        if (a->dtype != d->dtype)
            return ref_err(err, errlen, AITC_E_SHAPE, "input %s: dtype %s, model wants %s", d->name, ref_dtype_name(a->dtype), ref_dtype_name(d->dtype));
        if (a->rank != d->rank) return ref_err(err, errlen, AITC_E_SHAPE, "input %s: rank %d, model wants %d", d->name, a->rank, d->rank);
        t.dtype = a->dtype;
        t.rank = a->rank;
        for (int k = 0; k < a->rank; k++) {
            if (d->dims[k] >= 0 && a->dims[k] != d->dims[k])
                return ref_err(err, errlen, AITC_E_SHAPE, "input %s: dim %d is %lld, model wants %lld", d->name, k, (long long)a->dims[k], (long long)d->dims[k]);
            t.dims[k] = a->dims[k];
        }
        int rc = ref_tensor_size(&t, err, errlen);
        if (rc) return AITC_E_SHAPE;
        if (inputs[i].bytes != t.bytes || (t.bytes && !inputs[i].data))
            return ref_err(err, errlen, AITC_E_SHAPE, "input %s: %zu bytes given, shape needs %zu", d->name, inputs[i].bytes, t.bytes);
        if (memcmp(t.dims, m->planned_inputs[i].dims, sizeof t.dims)) replan = 1;
    }
    if (replan) {
        for (int i = 0; i < n_inputs; i++) {
            m->planned_inputs[i].dtype = inputs[i].info.dtype;
            m->planned_inputs[i].rank = inputs[i].info.rank;
            memcpy(m->planned_inputs[i].dims, inputs[i].info.dims, sizeof m->planned_inputs[i].dims);
        }
        int rc = ref_plan_build(&m->g, &m->plan, m->planned_inputs, &m->x, err, errlen);
        if (rc) return rc;
    }
    int rc = ref_plan_run(&m->g, &m->plan, &m->x, inputs, err, errlen);
    if (rc) return rc;
    for (int i = 0; i < n_outputs; i++) {
        int v = m->g.outputs[i];
        const ref_tensor *t = &m->plan.t[v];
        aitc_tensor *o = &outputs[i];
        memset(&o->info, 0, sizeof o->info);
        memcpy(o->info.name, m->out_info[i].name, sizeof o->info.name);
        o->info.dtype = (aitc_dtype)t->dtype;
        o->info.rank = t->rank;
        memcpy(o->info.dims, t->dims, sizeof o->info.dims);
        o->data = t->data;
        o->bytes = t->bytes;
    }
    return 0;
}

static const char *ref_accelerator(aitc_model *m)
{
    (void)m;
    return "cpu";
}

static const aitc_backend reference_table = {
    AITC_BACKEND_ABI_VERSION, "reference", "0.1.0", ref_create, ref_destroy, ref_supports, ref_load, ref_unload,
    ref_io_count, ref_io_info, ref_run, ref_accelerator,
};

const aitc_backend *aitc_reference_backend(void) { return &reference_table; }
