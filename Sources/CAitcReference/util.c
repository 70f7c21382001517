/* util.c — errors, tensor sizes, attribute getters and broadcasting shared by the operators. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "ref_internal.h"

int ref_err(char *err, size_t errlen, int code, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return code;
}

int64_t ref_numel(const ref_tensor *t)
{
    int64_t n = 1;
    for (int i = 0; i < t->rank; i++) n *= t->dims[i];
    return n;
}

int ref_tensor_size(ref_tensor *t, char *err, size_t errlen)
{
    int64_t n = 1;
    size_t es = aitc_dtype_size((aitc_dtype)t->dtype);
    if (!es) return ref_err(err, errlen, AITC_E_UNSUPPORTED, "data type %d is not supported", t->dtype);
    if (t->rank < 0 || t->rank > REF_MAX_RANK) return ref_err(err, errlen, AITC_E_INVALID, "bad rank %d", t->rank);
    for (int i = 0; i < t->rank; i++) {
        int64_t d = t->dims[i];
        if (d < 0 || d > REF_MAX_ELEMS) return ref_err(err, errlen, AITC_E_INVALID, "absurd dim %lld", (long long)d);
        if (d && n > REF_MAX_ELEMS / d) return ref_err(err, errlen, AITC_E_INVALID, "tensor has too many elements");
        n *= d;
    }
    t->bytes = (size_t)n * es;
    return 0;
}

const char *ref_dtype_name(int dtype)
{
    switch (dtype) {
    case AITC_DTYPE_FLOAT32: return "float32";
    case AITC_DTYPE_UINT8: return "uint8";
    case AITC_DTYPE_INT8: return "int8";
    case AITC_DTYPE_INT32: return "int32";
    case AITC_DTYPE_INT64: return "int64";
    case AITC_DTYPE_BOOL: return "bool";
    case AITC_DTYPE_FLOAT16: return "float16";
    default: return "unknown";
    }
}

/* A float as int64: NaN and values beyond int64 saturate (INT64_MIN for NaN) — a C cast is undefined
 * there — so a caller's range check refuses them (an axis, an index) or clamps them (slice bounds). */
static int64_t float_to_i64(float v)
{
    if (v != v || v <= -9223372036854775808.0f) return INT64_MIN;
    if (v >= 9223372036854775808.0f) return INT64_MAX;
    return (int64_t)v;
}

int64_t ref_get_i64(const ref_tensor *t, int64_t i)
{
    switch (t->dtype) {
    case AITC_DTYPE_FLOAT32: return float_to_i64(((const float *)t->data)[i]);
    case AITC_DTYPE_UINT8: case AITC_DTYPE_BOOL: return ((const uint8_t *)t->data)[i];
    case AITC_DTYPE_INT8: return ((const int8_t *)t->data)[i];
    case AITC_DTYPE_INT32: return ((const int32_t *)t->data)[i];
    case AITC_DTYPE_INT64: return ((const int64_t *)t->data)[i];
    default: return 0;
    }
}

float ref_get_f32(const ref_tensor *t, int64_t i)
{
    if (t->dtype == AITC_DTYPE_FLOAT32) return ((const float *)t->data)[i];
    return (float)ref_get_i64(t, i);
}

void *ref_aligned_alloc(size_t bytes)
{
    void *p = NULL;
    if (posix_memalign(&p, 64, bytes ? bytes : 1)) return NULL;
    return p;
}

void ref_aligned_free(void *p) { free(p); }

const ref_attr *ref_attr_get(const ref_node *n, const char *name)
{
    for (int i = 0; i < n->nattrs; i++)
        if (!strcmp(n->attrs[i].name, name)) return &n->attrs[i];
    return NULL;
}

int64_t ref_attr_i(const ref_node *n, const char *name, int64_t dflt)
{
    const ref_attr *a = ref_attr_get(n, name);
    return a && a->type == REF_ATTR_INT ? a->i : dflt;
}

float ref_attr_f(const ref_node *n, const char *name, float dflt)
{
    const ref_attr *a = ref_attr_get(n, name);
    return a && a->type == REF_ATTR_FLOAT ? a->f : dflt;
}

const char *ref_attr_s(const ref_node *n, const char *name, const char *dflt)
{
    const ref_attr *a = ref_attr_get(n, name);
    return a && a->type == REF_ATTR_STRING && a->s ? a->s : dflt;
}

size_t ref_attr_ints(const ref_node *n, const char *name, const int64_t **out)
{
    const ref_attr *a = ref_attr_get(n, name);
    if (!a || a->type != REF_ATTR_INTS) { *out = NULL; return 0; }
    *out = a->ints;
    return a->n;
}

int ref_norm_axis(int64_t axis, int rank, int *out)
{
    if (axis < -rank || axis >= rank) return -1;
    *out = (int)(axis < 0 ? axis + rank : axis);
    return 0;
}

int ref_need_const(const ref_node *n, ref_tensor **in, int i, char *err, size_t errlen)
{
    if (i < n->nin && in[i] && !in[i]->data)
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "%s (node %s): input %d must be constant", n->op_type, n->name, i);
    return 0;
}

int ref_check_dtype(const ref_node *n, const ref_tensor *t, int ok_mask, char *err, size_t errlen)
{
    if (t && !(ok_mask & REF_DT(t->dtype)))
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "%s (node %s): data type %s is not supported", n->op_type, n->name,
                       ref_dtype_name(t->dtype));
    return 0;
}

int ref_broadcast_dims(int n, ref_tensor **ts, ref_tensor *out, char *err, size_t errlen)
{
    int r = 0;
    for (int k = 0; k < n; k++) if (ts[k]->rank > r) r = ts[k]->rank;
    out->rank = r;
    for (int i = 0; i < r; i++) {
        int64_t d = 1;
        for (int k = 0; k < n; k++) {
            int j = i - (r - ts[k]->rank);
            if (j < 0) continue;
            int64_t e = ts[k]->dims[j];
            if (e == d || e == 1) continue;
            if (d == 1) { d = e; continue; }
            return ref_err(err, errlen, AITC_E_SHAPE, "shapes cannot be broadcast (dim %d: %lld vs %lld)", i, (long long)d, (long long)e);
        }
        out->dims[i] = d;
    }
    return 0;
}

void ref_bcast_init(ref_bcast *b, int n, ref_tensor **ts, const ref_tensor *out)
{
    int r = out->rank;
    int64_t st[3][REF_MAX_RANK];
    b->n = n;
    for (int k = 0; k < n; k++) {
        int64_t s = 1;
        for (int i = r - 1; i >= 0; i--) {
            int j = i - (r - ts[k]->rank);
            int64_t d = j >= 0 ? ts[k]->dims[j] : 1;
            st[k][i] = (d == 1 && out->dims[i] != 1) ? 0 : s;
            if (d == 1) st[k][i] = 0;
            s *= d;
        }
    }
    /* collapse adjacent dims that are contiguous for every input */
    int m = 0;
    for (int i = 0; i < r; i++) {
        if (out->dims[i] == 1) continue;
        if (m > 0) {
            int ok = 1;
            for (int k = 0; k < n; k++)
                if (b->st[k][m - 1] != st[k][i] * out->dims[i]) ok = 0;
            if (ok) {
                b->dims[m - 1] *= out->dims[i];
                for (int k = 0; k < n; k++) b->st[k][m - 1] = st[k][i];
                continue;
            }
        }
        b->dims[m] = out->dims[i];
        for (int k = 0; k < n; k++) b->st[k][m] = st[k][i];
        m++;
    }
    if (m == 0) {
        b->dims[0] = 1;
        for (int k = 0; k < n; k++) b->st[k][0] = 0;
        m = 1;
    }
    b->rank = m;
}

void ref_bcast_walk(const ref_bcast *b, ref_row_fn row, void *ctx)
{
    int r = b->rank;
    int64_t idx[REF_MAX_RANK] = {0}, off[3] = {0, 0, 0}, inner[3];
    int64_t len = b->dims[r - 1], outer = 1, oo = 0;
    for (int i = 0; i < r - 1; i++) outer *= b->dims[i];
    for (int k = 0; k < b->n; k++) inner[k] = b->st[k][r - 1];
    if (len == 0) return;
    for (int64_t o = 0; o < outer; o++) {
        row(ctx, oo, off, len, inner);
        oo += len;
        for (int i = r - 2; i >= 0; i--) {
            idx[i]++;
            for (int k = 0; k < b->n; k++) off[k] += b->st[k][i];
            if (idx[i] < b->dims[i]) break;
            for (int k = 0; k < b->n; k++) off[k] -= b->st[k][i] * b->dims[i];
            idx[i] = 0;
        }
    }
}

typedef struct {
    const ref_bcast *b;
    ref_row_fn row;
    void *ctx;
    int64_t len, seg, segs;
} bcast_par;

static void bcast_task(void *arg, int64_t u0, int64_t u1, int tid)
{
    (void)tid;
    const bcast_par *c = arg;
    const ref_bcast *b = c->b;
    const int r = b->rank;
    int64_t inner[3];
    for (int k = 0; k < b->n; k++) inner[k] = b->st[k][r - 1];
    for (int64_t u = u0; u < u1; u++) {
        const int64_t o = u / c->segs, s0 = (u % c->segs) * c->seg, s1 = s0 + c->seg < c->len ? s0 + c->seg : c->len;
        int64_t off[3] = {0, 0, 0}, rem = o;
        for (int i = r - 2; i >= 0; i--) {
            const int64_t idx = rem % b->dims[i];
            rem /= b->dims[i];
            for (int k = 0; k < b->n; k++) off[k] += idx * b->st[k][i];
        }
        for (int k = 0; k < b->n; k++) off[k] += s0 * inner[k];
        if (s1 > s0) c->row(c->ctx, o * c->len + s0, off, s1 - s0, inner);
    }
}

void ref_bcast_run(const ref_exec *x, const ref_bcast *b, ref_row_fn row, void *ctx)
{
    int64_t len = b->dims[b->rank - 1], outer = 1;
    for (int i = 0; i < b->rank - 1; i++) outer *= b->dims[i];
    if (!x || !x->threads || x->nthreads < 2 || len == 0 || outer * len < REF_PAR_MIN_ELEMS) {
        ref_bcast_walk(b, row, ctx);
        return;
    }
    /* about eight pieces per thread: whole rows when there are enough, else rows cut in segments */
    const int64_t want = 8 * (int64_t)x->nthreads;
    int64_t segs = outer >= want ? 1 : (want + outer - 1) / outer;
    int64_t seg = ((len + segs - 1) / segs + 15) / 16 * 16;
    segs = (len + seg - 1) / seg;
    bcast_par c = {b, row, ctx, len, seg, segs};
    ref_threads_run(x->threads, outer * segs, bcast_task, &c);
}

/* 16 independent lanes (a loop compilers vectorize without reassociating), folded at the end. */
float ref_reduce_row(const float *x, int64_t n, int kind)
{
    float acc[16];
    const float init = kind == REF_RED_MAX ? -INFINITY : kind == REF_RED_MIN ? INFINITY : 0.0f;
    for (int l = 0; l < 16; l++) acc[l] = init;
    int64_t i = 0;
    for (; i + 16 <= n; i += 16)
        for (int l = 0; l < 16; l++) {
            const float v = x[i + l];
            if (kind == REF_RED_SUM) acc[l] += v;
            else if (kind == REF_RED_MAX) acc[l] = v > acc[l] ? v : acc[l];
            else acc[l] = v < acc[l] ? v : acc[l];
        }
    for (int l = 0; i < n; i++, l++) {
        const float v = x[i];
        if (kind == REF_RED_SUM) acc[l] += v;
        else if (kind == REF_RED_MAX) acc[l] = v > acc[l] ? v : acc[l];
        else acc[l] = v < acc[l] ? v : acc[l];
    }
    float r = acc[0];
    for (int l = 1; l < 16; l++) {
        if (kind == REF_RED_SUM) r += acc[l];
        else if (kind == REF_RED_MAX) r = acc[l] > r ? acc[l] : r;
        else r = acc[l] < r ? acc[l] : r;
    }
    return r;
}
