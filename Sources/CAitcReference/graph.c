/*
 * graph.c — planning and execution.
 *
 * A plan fixes every tensor shape for one set of input shapes: it runs each operator's shape
 * function in order, evaluates nodes whose inputs are all constant (this folds Shape → Gather/Slice →
 * Concat → Reshape chains and DequantizeLinear of weights), fuses Conv + Relu/Clip, Q → DQ pairs and
 * Conv + fake-quant, packs constant weights, then places every remaining intermediate in one arena with
 * liveness-based reuse. Running a plan allocates nothing. (The rewrites that do not depend on shapes run
 * once at load: rewrite.c.)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref_internal.h"

#define FOLD_MAX_BYTES ((size_t)256 << 20)

int ref_graph_topo_check(const ref_graph *g, char *err, size_t errlen)
{
    uint8_t *def = calloc((size_t)g->nvals + 1, 1);
    if (!def) return ref_err(err, errlen, AITC_E_NOMEM, "out of memory");
    int rc = 0;
    for (int i = 0; i < g->nvals; i++)
        if (g->vals[i].kind != REF_VAL_INTER) def[i] = 1;
    for (int i = 0; i < g->nnodes && !rc; i++) {
        const ref_node *n = &g->nodes[i];
        for (int k = 0; k < n->nin; k++)
            if (n->in[k] >= 0 && !def[n->in[k]]) {
                rc = ref_err(err, errlen, AITC_E_INVALID, "node %s (%s): input %s is not defined before use (graph not in topological order?)",
                             n->name, n->op_type, g->vals[n->in[k]].name);
                break;
            }
        for (int k = 0; k < n->nout && !rc; k++) {
            if (n->out[k] < 0) continue;
            if (def[n->out[k]]) {
                rc = ref_err(err, errlen, AITC_E_INVALID, "node %s (%s): value %s is defined twice", n->name, n->op_type,
                             g->vals[n->out[k]].name);
                break;
            }
            def[n->out[k]] = 1;
        }
    }
    for (int i = 0; i < g->noutputs && !rc; i++)
        if (!def[g->outputs[i]]) rc = ref_err(err, errlen, AITC_E_INVALID, "graph output %s is never computed", g->vals[g->outputs[i]].name);
    free(def);
    return rc;
}

int ref_graph_is_output(const ref_graph *g, int v)
{
    for (int i = 0; i < g->noutputs; i++)
        if (g->outputs[i] == v) return 1;
    return 0;
}

static void plan_reset(ref_plan *p)
{
    free(p->t);
    free(p->is_const);
    free(p->folded);
    ref_aligned_free(p->arena);
    ref_aligned_free(p->scratch);
    memset(p, 0, sizeof *p);
}

static void plan_free_owned(ref_plan *p)
{
    if (p->owned)
        for (int i = 0; i < p->nvals; i++) ref_aligned_free(p->owned[i]);
    free(p->owned);
    p->owned = NULL;
}

void ref_plan_free(ref_plan *p)
{
    plan_free_owned(p);
    plan_reset(p);
}

static void gather_io(ref_node *n, ref_plan *p, ref_tensor **in, ref_tensor **out)
{
    for (int k = 0; k < n->nin; k++) in[k] = n->in[k] >= 0 ? &p->t[n->in[k]] : NULL;
    for (int k = 0; k < n->nout; k++) out[k] = n->out[k] >= 0 ? &p->t[n->out[k]] : NULL;
}


/* The node that is the only reader of value v (read once, not a graph output), or -1. */
static int only_consumer(const ref_graph *g, int v)
{
    int uses = 0, user = -1;
    if (ref_graph_is_output(g, v)) return -1;
    for (int j = 0; j < g->nnodes; j++) {
        const ref_node *m = &g->nodes[j];
        for (int k = 0; k < m->nin; k++)
            if (m->in[k] == v) { uses++; user = j; }
    }
    return uses == 1 ? user : -1;
}

/* Conv followed by its only consumer Relu / Clip (constant bounds): the Conv clamps in its epilogue. */
static void fuse_activations(ref_graph *g, ref_plan *p)
{
    for (int i = 0; i < g->nnodes; i++) {
        ref_node *c = &g->nodes[i];
        if (c->skip || p->folded[i] || c->act || strcmp(c->op_type, "Conv") || c->nout != 1 || c->out[0] < 0) continue;
        int v = c->out[0], user = only_consumer(g, v);
        if (user < 0) continue;
        ref_node *r = &g->nodes[user];
        if (r->skip || p->folded[user] || r->nout != 1 || r->out[0] < 0 || p->t[v].dtype != AITC_DTYPE_FLOAT32) continue;
        float lo, hi;
        if (!strcmp(r->op_type, "Relu")) {
            lo = 0.0f; hi = 3.4e38f;
        } else if (!strcmp(r->op_type, "Clip")) {
            lo = -3.4e38f; hi = 3.4e38f;
            if (r->opset < 11) {
                lo = ref_attr_f(r, "min", lo); hi = ref_attr_f(r, "max", hi);
            } else {
                int ok = 1;
                for (int k = 1; k < r->nin && k < 3; k++) {
                    if (r->in[k] < 0) continue;
                    if (!p->is_const[r->in[k]] || ref_numel(&p->t[r->in[k]]) != 1 || p->t[r->in[k]].dtype != AITC_DTYPE_FLOAT32) { ok = 0; break; }
                    float b = ((const float *)p->t[r->in[k]].data)[0];
                    if (k == 1) lo = b; else hi = b;
                }
                if (!ok) continue;
            }
        } else {
            continue;
        }
        c->act = 1; c->act_min = lo; c->act_max = hi;
        c->out[0] = r->out[0];
        r->skip = 1;
    }
}

/* Same constant per-tensor parameter (by value index, or equal single values of the same type). */
static int same_param(const ref_plan *p, int a, int b)
{
    if (a == b) return 1;
    if (a < 0 || b < 0 || !p->is_const[a] || !p->is_const[b]) return 0;
    const ref_tensor *x = &p->t[a], *y = &p->t[b];
    return x->dtype == y->dtype && ref_numel(x) == 1 && ref_numel(y) == 1 && x->bytes == y->bytes && !memcmp(x->data, y->data, x->bytes);
}

/* QuantizeLinear → DequantizeLinear (its only consumer, same per-tensor scale and zero point, float32
 * in): the pair becomes one fake-quant pass writing the DequantizeLinear's output (quant.c). */
static void fuse_qdq(ref_graph *g, ref_plan *p)
{
    for (int i = 0; i < g->nnodes; i++) {
        ref_node *q = &g->nodes[i];
        if (q->skip || p->folded[i] || q->act || strcmp(q->op_type, "QuantizeLinear") || q->nout != 1 || q->out[0] < 0 || q->nin < 2)
            continue;
        int v = q->out[0], uses = 0, user = -1;
        if (ref_graph_is_output(g, v) || p->t[q->in[0]].dtype != AITC_DTYPE_FLOAT32 || !p->is_const[q->in[1]] ||
            ref_numel(&p->t[q->in[1]]) != 1 || p->t[q->in[1]].dtype != AITC_DTYPE_FLOAT32)
            continue;
        for (int j = 0; j < g->nnodes; j++) {
            const ref_node *m = &g->nodes[j];
            for (int k = 0; k < m->nin; k++)
                if (m->in[k] == v) { uses++; user = j; }
        }
        if (uses != 1) continue;
        ref_node *d = &g->nodes[user];
        int qz = q->nin > 2 ? q->in[2] : -1, dz = d->nin > 2 ? d->in[2] : -1;
        if (d->skip || p->folded[user] || strcmp(d->op_type, "DequantizeLinear") || d->nout != 1 || d->out[0] < 0 || d->in[0] != v ||
            !same_param(p, q->in[1], d->in[1]) || (qz >= 0) != (dz >= 0) || (qz >= 0 && !same_param(p, qz, dz)) ||
            (qz >= 0 && ref_numel(&p->t[qz]) != 1))
            continue;
        q->act = REF_ACT_FAKEQUANT;
        q->out[0] = d->out[0];
        d->skip = 1;
    }
}

/* Conv or MatMul whose only consumer is a fused fake-quant (the QuantizeLinear → DequantizeLinear after
 * each Conv and MatMul of a QDQ model): the node applies it to its output (in the integer kernel's
 * epilogue, or in one pass after the float path) and writes the pair's output directly. */
static void fuse_conv_fakequant(ref_graph *g, ref_plan *p)
{
    ref_tensor *in[64], *out[64];
    for (int i = 0; i < g->nnodes; i++) {
        ref_node *c = &g->nodes[i];
        if (c->skip || p->folded[i] || c->oq || (strcmp(c->op_type, "Conv") && strcmp(c->op_type, "MatMul")) || c->nout != 1 || c->out[0] < 0)
            continue;
        int v = c->out[0], user = only_consumer(g, v);
        if (user < 0) continue;
        ref_node *q = &g->nodes[user];
        if (q->skip || p->folded[user] || q->act != REF_ACT_FAKEQUANT || q->in[0] != v || p->t[v].dtype != AITC_DTYPE_FLOAT32) continue;
        gather_io(q, p, in, out);
        ref_fakequant_params(q, in, &c->oq_scale, &c->oq_lo, &c->oq_hi);
        c->oq = 1;
        c->oq_node = user;
        c->out[0] = q->out[0];
        q->skip = 1;
    }
}

typedef struct {
    int v;
    size_t size;
    int def, last;
    size_t off;
} live_t;

static int cmp_size(const void *a, const void *b)
{
    const live_t *x = a, *y = b;
    if (x->size != y->size) return x->size < y->size ? 1 : -1;
    return x->def - y->def;
}

static int place_arena(ref_graph *g, ref_plan *p, char *err, size_t errlen)
{
    int nv = g->nvals;
    live_t *L = calloc((size_t)nv + 1, sizeof *L);
    int *last = malloc(((size_t)nv + 1) * sizeof(int)), *def = malloc(((size_t)nv + 1) * sizeof(int));
    int nl = 0, rc = 0;
    if (!L || !last || !def) { rc = ref_err(err, errlen, AITC_E_NOMEM, "out of memory"); goto out; }
    for (int i = 0; i < nv; i++) last[i] = def[i] = -1;
    for (int i = 0; i < g->nnodes; i++) {
        ref_node *n = &g->nodes[i];
        if (n->skip || p->folded[i]) continue;
        for (int k = 0; k < n->nin; k++) if (n->in[k] >= 0) last[n->in[k]] = i;
        for (int k = 0; k < n->nout; k++) if (n->out[k] >= 0) { def[n->out[k]] = i; if (last[n->out[k]] < i) last[n->out[k]] = i; }
    }
    for (int i = 0; i < g->noutputs; i++) last[g->outputs[i]] = g->nnodes;
    for (int v = 0; v < nv; v++) {
        if (def[v] < 0 || p->is_const[v]) continue;
        L[nl].v = v;
        L[nl].size = (p->t[v].bytes + 63) & ~(size_t)63;
        L[nl].def = def[v];
        L[nl].last = last[v];
        nl++;
    }
    qsort(L, (size_t)nl, sizeof *L, cmp_size);
    size_t total = 0;
    for (int i = 0; i < nl; i++) {
        size_t off = 0;
        int moved = 1;
        while (moved) { /* lowest offset that clears every placed, time-overlapping block */
            moved = 0;
            for (int j = 0; j < i; j++) {
                if (L[j].def > L[i].last || L[i].def > L[j].last) continue;
                if (off < L[j].off + L[j].size && L[j].off < off + L[i].size) { off = L[j].off + L[j].size; moved = 1; }
            }
        }
        L[i].off = off;
        if (off + L[i].size > total) total = off + L[i].size;
    }
    p->arena = ref_aligned_alloc(total ? total : 64);
    if (!p->arena) { rc = ref_err(err, errlen, AITC_E_NOMEM, "cannot allocate a %zu-byte arena", total); goto out; }
    p->arena_bytes = total;
    for (int i = 0; i < nl; i++) p->t[L[i].v].data = p->arena + L[i].off;
out:
    free(L); free(last); free(def);
    return rc;
}

int ref_plan_build(ref_graph *g, ref_plan *p, const ref_tensor *inputs, ref_exec *x, char *err, size_t errlen)
{
    int nv = g->nvals, rc = 0;
    ref_tensor *in[64], *out[64];
    ref_plan_free(p);
    for (int i = 0; i < g->nnodes; i++) { /* packs of the previous plan may point at its freed constants */
        ref_aligned_free(g->nodes[i].packed_w);
        g->nodes[i].packed_w = NULL;
        ref_qconv_free(g->nodes[i].qconv);
        g->nodes[i].qconv = NULL;
        ref_qmm_free(g->nodes[i].qmm);
        g->nodes[i].qmm = NULL;
        g->nodes[i].packed_src = NULL;
    }
    p->nvals = nv;
    p->t = calloc((size_t)nv + 1, sizeof *p->t);
    p->is_const = calloc((size_t)nv + 1, 1);
    p->owned = calloc((size_t)nv + 1, sizeof *p->owned);
    p->folded = calloc((size_t)g->nnodes + 1, 1);
    if (!p->t || !p->is_const || !p->owned || !p->folded) { rc = ref_err(err, errlen, AITC_E_NOMEM, "out of memory"); goto fail; }
    for (int v = 0; v < nv; v++)
        if (g->vals[v].kind == REF_VAL_INIT) { p->t[v] = g->vals[v].init; p->is_const[v] = 1; }
    for (int i = 0; i < g->ninputs; i++) {
        ref_tensor *t = &p->t[g->inputs[i]];
        *t = inputs[i];
        t->data = NULL;
        if ((rc = ref_tensor_size(t, err, errlen))) goto fail;
    }
    size_t scratch = 0;
    for (int i = 0; i < g->nnodes; i++) {
        ref_node *n = &g->nodes[i];
        if (n->skip) continue;
        if (n->nin > 64 || n->nout > 64) { rc = ref_err(err, errlen, AITC_E_UNSUPPORTED, "node %s: too many inputs/outputs", n->name); goto fail; }
        gather_io(n, p, in, out);
        for (int k = 0; k < n->nout; k++) if (out[k]) { out[k]->data = NULL; out[k]->rank = 0; }
        n->scratch = 0;
        if ((rc = n->op->shape(n, in, out, err, errlen))) goto fail;
        int all_const = 1;
        for (int k = 0; k < n->nin; k++) if (in[k] && !p->is_const[n->in[k]]) all_const = 0;
        size_t obytes = 0;
        for (int k = 0; k < n->nout; k++) {
            if (!out[k]) continue;
            if ((rc = ref_tensor_size(out[k], err, errlen))) {
                rc = ref_err(err, errlen, AITC_E_SHAPE, "node %s (%s): output %d has an absurd shape", n->name, n->op_type, k);
                goto fail;
            }
            obytes += out[k]->bytes;
        }
        if ((all_const || n->op->shape_only) && obytes <= FOLD_MAX_BYTES) {
            for (int k = 0; k < n->nout; k++) {
                if (!out[k]) continue;
                p->owned[n->out[k]] = out[k]->data = ref_aligned_alloc(out[k]->bytes);
                if (!out[k]->data) { rc = ref_err(err, errlen, AITC_E_NOMEM, "out of memory"); goto fail; }
                p->is_const[n->out[k]] = 1;
            }
            void *s = n->scratch ? ref_aligned_alloc(n->scratch) : NULL;
            if (n->scratch && !s) { rc = ref_err(err, errlen, AITC_E_NOMEM, "out of memory"); goto fail; }
            ref_exec fx = *x;
            fx.scratch = s; fx.scratch_bytes = n->scratch;
            rc = n->op->run(&fx, n, in, out, err, errlen);
            ref_aligned_free(s);
            if (rc) goto fail;
            p->folded[i] = 1;
        } else if (n->scratch > scratch) {
            scratch = n->scratch;
        }
    }
    fuse_activations(g, p);
    fuse_qdq(g, p);
    fuse_conv_fakequant(g, p);
    for (int i = 0; i < g->nnodes; i++) { /* constant Conv / Gemm / MatMul weights: packed once here, not on every run */
        ref_node *n = &g->nodes[i];
        if (n->skip || p->folded[i] || n->nin < 2 || n->in[0] < 0 || n->in[1] < 0 || !p->is_const[n->in[1]] ||
            p->t[n->in[1]].dtype != AITC_DTYPE_FLOAT32)
            continue;
        if (!strcmp(n->op_type, "Conv")) {
            if ((rc = ref_conv_prepack(n, &p->t[n->in[0]], &p->t[n->in[1]], err, errlen))) goto fail;
            if ((rc = ref_qconv_prepare(g, p, n, err, errlen))) goto fail;
            ref_conv_p cp;
            if (!ref_conv_params(n, &p->t[n->in[0]], &p->t[n->in[1]], &cp, err, errlen)) {
                size_t need = ref_conv_plan_scratch(n, &cp), nq = n->qconv ? ref_qconv_scratch(n->qconv, &cp) : 0;
                need = nq > need ? nq : need;
                if (need > scratch) scratch = need;
            }
        } else if (!strcmp(n->op_type, "Gemm") || !strcmp(n->op_type, "MatMul")) {
            gather_io(n, p, in, out);
            if ((rc = ref_gemm_prepack(n, in, err, errlen))) goto fail;
            if (!strcmp(n->op_type, "MatMul")) {
                if ((rc = ref_qmm_prepare(g, p, n, err, errlen))) goto fail;
                const ref_tensor *A = &p->t[n->in[0]];
                int64_t K = A->rank ? A->dims[A->rank - 1] : 1;
                if (n->qmm && K > 0 && ref_qmm_scratch(n->qmm, ref_numel(A) / K) > scratch) scratch = ref_qmm_scratch(n->qmm, ref_numel(A) / K);
            }
        }
    }
    if ((rc = place_arena(g, p, err, errlen))) goto fail;
    if (scratch) {
        p->scratch = ref_aligned_alloc(scratch);
        if (!p->scratch) { rc = ref_err(err, errlen, AITC_E_NOMEM, "cannot allocate %zu bytes of scratch", scratch); goto fail; }
        p->scratch_bytes = scratch;
    }
    p->valid = 1;
    return 0;
fail:
    ref_plan_free(p);
    return rc;
}

#ifdef REF_PROFILE
/* Developer profile (build with -DREF_PROFILE, e.g. EXTRA_CFLAGS=-DREF_PROFILE Tools/refcheck/build.sh):
 * time per node summed over runs, printed to stderr at exit, slowest first. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#define REF_PROFILE_MAX 4096
typedef struct { const ref_node *n; char op[24], name[48], shape[96]; double s; long runs; } prof_entry;
static prof_entry prof[REF_PROFILE_MAX];
static int prof_n;
static double ref_profile_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}
static int prof_cmp(const void *a, const void *b)
{
    double x = ((const prof_entry *)a)->s, y = ((const prof_entry *)b)->s;
    return x < y ? 1 : x > y ? -1 : 0;
}
static void prof_dump(void)
{
    double tot = 0;
    for (int i = 0; i < prof_n; i++) tot += prof[i].s;
    qsort(prof, prof_n, sizeof prof[0], prof_cmp);
    fprintf(stderr, "profile: %d nodes, %.3f ms per run\n", prof_n, prof_n ? tot * 1e3 / prof[0].runs : 0);
    for (int i = 0; i < prof_n && i < (getenv("REF_PROFILE_ALL") ? prof_n : 60); i++)
        fprintf(stderr, "%8.3f ms %5.1f%%  %-18s %-40s %s\n", prof[i].s * 1e3 / prof[i].runs, 100 * prof[i].s / tot,
                prof[i].op, prof[i].name, prof[i].shape);
}
static void ref_profile_add(const ref_node *n, ref_tensor **in, const ref_tensor *o, double s)
{
    int i;
    for (i = 0; i < prof_n && prof[i].n != n; i++) {}
    if (i == prof_n) {
        if (prof_n == REF_PROFILE_MAX) return;
        if (!prof_n) atexit(prof_dump);
        prof_n++;
        prof[i].n = n;
        snprintf(prof[i].op, sizeof prof[i].op, "%s", n->op_type);
        snprintf(prof[i].name, sizeof prof[i].name, "%s", n->name ? n->name : "");
        int k = 0;
        for (int d = 0; o && d < o->rank && k < 40; d++) k += snprintf(prof[i].shape + k, 48 - k, "%s%lld", d ? "x" : "", (long long)o->dims[d]);
        if (n->nin > 1 && in[1]) {
            k += snprintf(prof[i].shape + k, sizeof prof[i].shape - k, " w");
            for (int d = 0; d < in[1]->rank && k < 88; d++) k += snprintf(prof[i].shape + k, sizeof prof[i].shape - k, "%s%lld", d ? "x" : "", (long long)in[1]->dims[d]);
        }
    }
    prof[i].s += s;
    prof[i].runs++;
}
#endif

int ref_plan_run(ref_graph *g, ref_plan *p, ref_exec *x, const aitc_tensor *inputs, char *err, size_t errlen)
{
    ref_tensor *in[64], *out[64];
    if (!p->valid) return ref_err(err, errlen, AITC_E_INTERNAL, "model is not planned");
    for (int i = 0; i < g->ninputs; i++) p->t[g->inputs[i]].data = inputs[i].data;
    ref_exec rx = *x;
    rx.scratch = p->scratch;
    rx.scratch_bytes = p->scratch_bytes;
    for (int i = 0; i < g->nnodes; i++) {
        ref_node *n = &g->nodes[i];
        if (n->skip || p->folded[i]) continue;
        gather_io(n, p, in, out);
#ifdef REF_PROFILE
        double t0 = ref_profile_now();
#endif
        int rc = n->op->run(&rx, n, in, out, err, errlen);
#ifdef REF_PROFILE
        ref_profile_add(n, in, out[0], ref_profile_now() - t0);
#endif
        if (rc) return rc;
    }
    return 0;
}

