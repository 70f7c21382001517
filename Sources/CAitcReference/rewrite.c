/*
 * rewrite.c — graph rewrites that run once, at load, before any plan: Conv + BatchNormalization and
 * Conv + per-channel Add folded into the Conv's weights and bias, Identity dropped, the exported erf
 * Gelu fused into one node. Each leaves the results as onnxruntime computes them (check_ops.py).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref_internal.h"

static int count_uses(const ref_graph *g, int v)
{
    int uses = 0;
    for (int j = 0; j < g->nnodes; j++) {
        const ref_node *m = &g->nodes[j];
        if (m->skip) continue;
        for (int k = 0; k < m->nin; k++) uses += m->in[k] == v;
    }
    return uses;
}

static int init_f32(const ref_graph *g, int v, int64_t n)
{
    return v >= 0 && g->vals[v].kind == REF_VAL_INIT && g->vals[v].init.dtype == AITC_DTYPE_FLOAT32 && ref_numel(&g->vals[v].init) == n;
}

/* Gives Conv c a bias input: a new zero float initializer of M elements, its index in *b. */
static int add_zero_bias(ref_graph *g, ref_node *c, int64_t M, int *b, char *err, size_t errlen)
{
    ref_value *nv = realloc(g->vals, (size_t)(g->nvals + 1) * sizeof *nv);
    int *nin = realloc(c->in, 3 * sizeof(int));
    if (nv) g->vals = nv;
    if (nin) c->in = nin;
    if (!nv || !nin) return ref_err(err, errlen, AITC_E_NOMEM, "out of memory");
    ref_value *bv = &g->vals[g->nvals];
    memset(bv, 0, sizeof *bv);
    bv->name = malloc(strlen(c->name) + 16);
    bv->init.dtype = AITC_DTYPE_FLOAT32;
    bv->init.rank = 1;
    bv->init.dims[0] = M;
    bv->init.bytes = (size_t)M * sizeof(float);
    bv->init.data = ref_aligned_alloc(bv->init.bytes);
    if (!bv->name || !bv->init.data) { free(bv->name); ref_aligned_free(bv->init.data); return ref_err(err, errlen, AITC_E_NOMEM, "out of memory"); }
    sprintf(bv->name, "%s/folded_bias", c->name);
    memset(bv->init.data, 0, bv->init.bytes);
    bv->kind = REF_VAL_INIT;
    *b = g->nvals++;
    c->in[2] = *b;
    c->nin = 3;
    return 0;
}

/* The Conv node (not skipped) whose single output is value v, or -1. */
static int conv_producer(const ref_graph *g, int v, int before)
{
    for (int j = 0; j < before; j++)
        if (!g->nodes[j].skip && g->nodes[j].nout == 1 && g->nodes[j].out[0] == v) return strcmp(g->nodes[j].op_type, "Conv") ? -1 : j;
    return -1;
}

/* Conv → Add of a constant per-channel tensor ([1, M, 1, 1], [M, 1, 1], ...; how Paddle exports a
 * Conv's bias): the constant is added to the Conv's bias and the Add dropped (one full pass over the
 * output less per layer; 75 in PP-OCRv6 det). Runs once, at load. */
int ref_graph_fold_conv_add(ref_graph *g, char *err, size_t errlen)
{
    int rc;
    for (int i = 0; i < g->nnodes; i++) {
        ref_node *a = &g->nodes[i];
        if (a->skip || strcmp(a->op_type, "Add") || a->nin != 2 || a->nout != 1 || a->in[0] < 0 || a->in[1] < 0 || a->out[0] < 0) continue;
        for (int side = 0; side < 2; side++) {
            int v = a->in[side], k = a->in[1 - side], ci = conv_producer(g, v, i);
            if (ci < 0 || ref_graph_is_output(g, v) || count_uses(g, v) != 1) continue;
            ref_node *c = &g->nodes[ci];
            int w = c->in[1], b = c->nin > 2 ? c->in[2] : -1;
            if (w < 0 || g->vals[w].kind != REF_VAL_INIT || g->vals[w].init.rank < 3) continue;
            const ref_tensor *kt = &g->vals[k].init, *wt = &g->vals[w].init;
            int64_t M = wt->dims[0], spatial = wt->rank - 2;
            if (M <= 0 || !init_f32(g, k, M) || kt->rank < spatial + 1 || kt->rank > wt->rank) continue;
            int ok = kt->dims[kt->rank - 1 - spatial] == M;
            for (int d = 0; d < kt->rank; d++)
                if (d != kt->rank - 1 - spatial && kt->dims[d] != 1) ok = 0;
            if (!ok || (b >= 0 && (!init_f32(g, b, M) || count_uses(g, b) != 1))) continue;
            if (b < 0 && (rc = add_zero_bias(g, c, M, &b, err, errlen))) return rc;
            float *bd = g->vals[b].init.data;
            const float *kd = g->vals[k].init.data;
            for (int64_t m = 0; m < M; m++) bd[m] += kd[m];
            c->out[0] = a->out[0];
            a->skip = 1;
            a->in[0] = a->in[1] = -1; /* no phantom uses */
            break;
        }
    }
    return 0;
}

/* Conv → BatchNormalization (constant weights and statistics, single consumer): scales the Conv weights
 * and bias in place and drops the BatchNormalization. Runs once, at load. */
int ref_graph_fold_bn(ref_graph *g, char *err, size_t errlen)
{
    int rc;
    for (int i = 0; i < g->nnodes; i++) {
        ref_node *bn = &g->nodes[i];
        if (bn->skip || strcmp(bn->op_type, "BatchNormalization") || bn->nin != 5 || bn->nout != 1 || bn->in[0] < 0) continue;
        int v = bn->in[0], ci = -1;
        for (int j = 0; j < i; j++)
            if (!g->nodes[j].skip && g->nodes[j].nout == 1 && g->nodes[j].out[0] == v) ci = j;
        if (ci < 0) continue;
        ref_node *c = &g->nodes[ci];
        if (strcmp(c->op_type, "Conv") || ref_graph_is_output(g, v) || count_uses(g, v) != 1 || c->nin < 2) continue;
        int w = c->in[1], b = c->nin > 2 ? c->in[2] : -1;
        if (w < 0 || g->vals[w].kind != REF_VAL_INIT || g->vals[w].init.dtype != AITC_DTYPE_FLOAT32 || g->vals[w].init.rank < 1 ||
            count_uses(g, w) != 1)
            continue;
        int64_t M = g->vals[w].init.dims[0];
        if (M <= 0) continue;
        if (b >= 0 && (!init_f32(g, b, M) || count_uses(g, b) != 1)) continue;
        int ok = 1;
        for (int k = 1; k < 5; k++) if (!init_f32(g, bn->in[k], M)) ok = 0;
        if (!ok) continue;
        if (b < 0 && (rc = add_zero_bias(g, c, M, &b, err, errlen))) return rc;
        float eps = ref_attr_f(bn, "epsilon", 1e-5f);
        const float *sc = g->vals[bn->in[1]].init.data, *bb = g->vals[bn->in[2]].init.data, *mean = g->vals[bn->in[3]].init.data,
                    *var = g->vals[bn->in[4]].init.data;
        float *wd = g->vals[w].init.data, *bd = g->vals[b].init.data;
        int64_t per = ref_numel(&g->vals[w].init) / M;
        for (int64_t m = 0; m < M; m++) {
            float k = sc[m] / sqrtf(var[m] + eps);
            for (int64_t e = 0; e < per; e++) wd[m * per + e] *= k;
            bd[m] = (bd[m] - mean[m]) * k + bb[m];
        }
        c->out[0] = bn->out[0];
        bn->skip = 1;
    }
    return 0;
}

/* Identity (not producing a graph output): every consumer reads the Identity's input instead, and the
 * node is dropped. Paddle exports carry one per layer (147 in PP-OCRv6 det); each was a full copy. */
int ref_graph_drop_identity(ref_graph *g)
{
    for (int i = 0; i < g->nnodes; i++) {
        ref_node *n = &g->nodes[i];
        if (n->skip || strcmp(n->op_type, "Identity") || n->nin != 1 || n->nout != 1 || n->in[0] < 0 || n->out[0] < 0) continue;
        int from = n->in[0], to = n->out[0];
        if (ref_graph_is_output(g, to)) continue;
        for (int j = 0; j < g->nnodes; j++)
            for (int k = 0; k < g->nodes[j].nin; k++)
                if (g->nodes[j].in[k] == to) g->nodes[j].in[k] = from;
        n->skip = 1;
        n->in[0] = -1; /* no phantom use of `from` when later passes count consumers */
    }
    return 0;
}

/* The single non-skipped node reading value v (and v not a graph output), or NULL. */
static ref_node *sole_reader(ref_graph *g, int v)
{
    ref_node *r = NULL;
    if (v < 0 || ref_graph_is_output(g, v)) return NULL;
    for (int j = 0; j < g->nnodes; j++) {
        ref_node *m = &g->nodes[j];
        if (m->skip) continue;
        for (int k = 0; k < m->nin; k++)
            if (m->in[k] == v) {
                if (r) return NULL;
                r = m;
            }
    }
    return r;
}

/* A float scalar initializer at value v, in *f. */
static int scalar_init(const ref_graph *g, int v, float *f)
{
    if (!init_f32(g, v, 1)) return 0;
    *f = ((const float *)g->vals[v].init.data)[0];
    return 1;
}

/* Binary node n with value v on one side and a float scalar initializer on the other: that scalar. */
static int other_scalar(const ref_graph *g, const ref_node *n, int v, float *f)
{
    if (n->nin != 2) return 0;
    if (n->in[0] == v) return scalar_init(g, n->in[1], f);
    if (n->in[1] == v) return scalar_init(g, n->in[0], f);
    return 0;
}

int ref_graph_fuse_gelu(ref_graph *g)
{
    for (int i = 0; i < g->nnodes; i++) {
        ref_node *d = &g->nodes[i];
        float c, one, half;
        if (d->skip || strcmp(d->op_type, "Div") || d->nin != 2 || d->nout != 1 || d->in[0] < 0 || !scalar_init(g, d->in[1], &c)) continue;
        const int x = d->in[0];
        ref_node *e = sole_reader(g, d->out[0]);
        if (!e || strcmp(e->op_type, "Erf") || e->nout != 1) continue;
        ref_node *a = sole_reader(g, e->out[0]);
        if (!a || strcmp(a->op_type, "Add") || a->nout != 1 || !other_scalar(g, a, e->out[0], &one)) continue;
        ref_node *m = sole_reader(g, a->out[0]);
        if (!m || strcmp(m->op_type, "Mul") || m->nin != 2 || m->nout != 1 || !((m->in[0] == x && m->in[1] == a->out[0]) || (m->in[1] == x && m->in[0] == a->out[0])))
            continue;
        ref_node *f = sole_reader(g, m->out[0]);
        if (!f || strcmp(f->op_type, "Mul") || f->nout != 1 || f->out[0] < 0 || !other_scalar(g, f, m->out[0], &half)) continue;
        char *name = malloc(5);
        if (!name) continue;
        memcpy(name, "Gelu", 5);
        free(f->op_type);
        f->op_type = name;
        f->op = &ref_op_gelu;
        f->in[0] = x;
        f->nin = 1;
        f->fparam[0] = c; f->fparam[1] = one; f->fparam[2] = half;
        ref_node *gone[4] = {d, e, a, m};
        for (int k = 0; k < 4; k++) {
            gone[k]->skip = 1;
            for (int j = 0; j < gone[k]->nin; j++) gone[k]->in[j] = -1; /* no phantom uses */
        }
    }
    return 0;
}
