/* norm.c — BatchNormalization (inference), LayerNormalization, Softmax / LogSoftmax (opset < 13 and >= 13),
 * ReduceMean / ReduceSum / ReduceMax / ReduceMin (axes as attribute or input). float32. */
#include <math.h>
#include <string.h>

#include "ref_internal.h"

/* GCC's -O2 only vectorizes loops whose trip count is a multiple of the vector width; these loops are
 * hot and not, so ask for the dynamic cost model here (clang vectorizes them at -O2 already). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic")
#endif

#define SHAPE_ERR(...) ref_err(err, errlen, AITC_E_SHAPE, __VA_ARGS__)

static void set_like(ref_tensor *o, const ref_tensor *i)
{
    o->dtype = i->dtype;
    o->rank = i->rank;
    memcpy(o->dims, i->dims, sizeof o->dims);
}

/* ---- BatchNormalization ---- */
static int bn_check(const ref_graph *g, const ref_node *n, char *err, size_t errlen)
{
    (void)g;
    if (ref_attr_i(n, "training_mode", 0) != 0 || n->nout > 1)
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "BatchNormalization (node %s): training mode is not supported", n->name);
    return 0;
}

static int bn_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int rc;
    for (int k = 0; k < 5; k++) if ((rc = ref_check_dtype(n, in[k], REF_DT_FLOAT, err, errlen))) return rc;
    if (in[0]->rank < 2) return SHAPE_ERR("BatchNormalization (node %s): rank < 2", n->name);
    for (int k = 1; k < 5; k++)
        if (ref_numel(in[k]) != in[0]->dims[1]) return SHAPE_ERR("BatchNormalization (node %s): parameter %d has the wrong size", n->name, k);
    set_like(out[0], in[0]);
    return 0;
}

typedef struct {
    const float *X, *sc, *b, *mean, *var;
    float *Y;
    float eps;
    int64_t C, S;
} bn_ctx;

/* Planes [p0, p1) of N*C: y = x * k + o per channel. */
static void bn_task(void *arg, int64_t p0, int64_t p1, int tid)
{
    (void)tid;
    const bn_ctx *c = arg;
    for (int64_t pl = p0; pl < p1; pl++) {
        const int64_t ch = pl % c->C;
        const float k = c->sc[ch] / sqrtf(c->var[ch] + c->eps), o = c->b[ch] - c->mean[ch] * k;
        const float *xs = c->X + pl * c->S;
        float *ys = c->Y + pl * c->S;
        for (int64_t i = 0; i < c->S; i++) ys[i] = xs[i] * k + o;
    }
}

static int bn_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    int64_t N = in[0]->dims[0], C = in[0]->dims[1], S = 1;
    for (int i = 2; i < in[0]->rank; i++) S *= in[0]->dims[i];
    bn_ctx c = {in[0]->data, in[1]->data, in[2]->data, in[3]->data, in[4]->data, out[0]->data, ref_attr_f(n, "epsilon", 1e-5f), C, S};
    if (x->threads && N * C * S >= REF_PAR_MIN_ELEMS) ref_threads_run(x->threads, N * C, bn_task, &c);
    else bn_task(&c, 0, N * C, 0);
    return 0;
}

/* ---- LayerNormalization ---- */
static int ln_check(const ref_graph *g, const ref_node *n, char *err, size_t errlen)
{
    (void)g;
    for (int k = 1; k < n->nout; k++)
        if (n->out[k] >= 0) return ref_err(err, errlen, AITC_E_UNSUPPORTED, "LayerNormalization (node %s): Mean/InvStdDev outputs are not supported", n->name);
    return 0;
}

static int ln_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int axis, rc;
    for (int k = 0; k < n->nin; k++) if ((rc = ref_check_dtype(n, in[k], REF_DT_FLOAT, err, errlen))) return rc;
    if (ref_norm_axis(ref_attr_i(n, "axis", -1), in[0]->rank, &axis)) return SHAPE_ERR("LayerNormalization (node %s): bad axis", n->name);
    int64_t inner = 1;
    for (int i = axis; i < in[0]->rank; i++) inner *= in[0]->dims[i];
    for (int k = 1; k < n->nin; k++)
        if (in[k] && ref_numel(in[k]) != inner) return SHAPE_ERR("LayerNormalization (node %s): scale/bias size must be %lld", n->name, (long long)inner);
    set_like(out[0], in[0]);
    return 0;
}

typedef struct {
    const float *X, *sc, *b;
    float *Y;
    int64_t inner;
    float eps;
} ln_ctx;

/* Rows [r0, r1): mean and variance in double (two passes, 8 lanes each), then the affine map. */
static void ln_task(void *arg, int64_t r0, int64_t r1, int tid)
{
    (void)tid;
    const ln_ctx *c = arg;
    const int64_t n = c->inner;
    for (int64_t o = r0; o < r1; o++) {
        const float *xs = c->X + o * n;
        float *ys = c->Y + o * n;
        double acc[8] = {0}, m = 0.0, v = 0.0;
        int64_t i = 0;
        for (; i + 8 <= n; i += 8)
            for (int l = 0; l < 8; l++) acc[l] += xs[i + l];
        for (; i < n; i++) acc[0] += xs[i];
        for (int l = 0; l < 8; l++) { m += acc[l]; acc[l] = 0.0; }
        m /= (double)n;
        for (i = 0; i + 8 <= n; i += 8)
            for (int l = 0; l < 8; l++) acc[l] += (xs[i + l] - m) * (xs[i + l] - m);
        for (; i < n; i++) acc[0] += (xs[i] - m) * (xs[i] - m);
        for (int l = 0; l < 8; l++) v += acc[l];
        v /= (double)n;
        const float inv = (float)(1.0 / sqrt(v + c->eps)), mf = (float)m;
        if (c->b) for (i = 0; i < n; i++) ys[i] = (xs[i] - mf) * inv * c->sc[i] + c->b[i];
        else for (i = 0; i < n; i++) ys[i] = (xs[i] - mf) * inv * c->sc[i];
    }
}

static int ln_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    int axis;
    ref_norm_axis(ref_attr_i(n, "axis", -1), in[0]->rank, &axis);
    int64_t outer = 1, inner = 1;
    for (int i = 0; i < axis; i++) outer *= in[0]->dims[i];
    for (int i = axis; i < in[0]->rank; i++) inner *= in[0]->dims[i];
    ln_ctx c = {in[0]->data, in[1]->data, n->nin > 2 && in[2] ? in[2]->data : NULL, out[0]->data, inner, ref_attr_f(n, "epsilon", 1e-5f)};
    if (x->threads && outer * inner >= REF_PAR_MIN_ELEMS / 4 && outer > 1) ref_threads_run(x->threads, outer, ln_task, &c);
    else ln_task(&c, 0, outer, 0);
    return 0;
}

/* ---- Softmax / LogSoftmax ---- */
static int sm_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int axis, rc = ref_check_dtype(n, in[0], REF_DT_FLOAT, err, errlen);
    if (rc) return rc;
    if (ref_norm_axis(ref_attr_i(n, "axis", n->opset >= 13 ? -1 : 1), in[0]->rank, &axis)) return SHAPE_ERR("%s (node %s): bad axis", n->op_type, n->name);
    set_like(out[0], in[0]);
    return 0;
}

/* exp(x) for x <= 0 as in Cephes' expf (about 1 ulp): 2^n * e^r with |r| <= ln2/2; plain C that the
 * targeted copies below vectorize. Inputs under -87.3 give 2^-126 times a tiny polynomial, not 0:
 * below float precision next to the row's maximum term, which is 1. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline float exp_neg(float x)
{
    x = x < -87.33654f ? -87.33654f : x;
    const float n = floorf(x * 1.44269504088896341f + 0.5f);
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    const float e = p * r * r + r + 1.0f;
    const int32_t bits = ((int32_t)n + 127) * (1 << 23);
    float sc;
    memcpy(&sc, &bits, sizeof sc);
    return e * sc;
}

/* One contiguous softmax row: y = exp(x - max) / sum, or x - max - log(sum); sums in 16 lanes. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline void sm_row_body(const float *x, float *y, int64_t len, int lg)
{
    const float mx = ref_reduce_row(x, len, REF_RED_MAX);
    float acc[16] = {0};
    int64_t i = 0;
    for (; i + 16 <= len; i += 16)
        for (int l = 0; l < 16; l++) {
            const float e = exp_neg(x[i + l] - mx);
            y[i + l] = e;
            acc[l] += e;
        }
    for (int l = 0; i < len; i++, l++) {
        const float e = exp_neg(x[i] - mx);
        y[i] = e;
        acc[l] += e;
    }
    float sum = 0.0f;
    for (int l = 0; l < 16; l++) sum += acc[l];
    if (lg) {
        const float ls = logf(sum);
        for (i = 0; i < len; i++) y[i] = x[i] - mx - ls;
    } else {
        const float inv = 1.0f / sum;
        for (i = 0; i < len; i++) y[i] *= inv;
    }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(REF_NO_SIMD)
__attribute__((target("avx512f"))) static void sm_row_avx512(const float *x, float *y, int64_t len, int lg) { sm_row_body(x, y, len, lg); }
__attribute__((target("avx2,fma"))) static void sm_row_avx2(const float *x, float *y, int64_t len, int lg) { sm_row_body(x, y, len, lg); }
#endif

static void sm_row(const float *x, float *y, int64_t len, int lg)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(REF_NO_SIMD)
    if (__builtin_cpu_supports("avx512f")) { sm_row_avx512(x, y, len, lg); return; }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) { sm_row_avx2(x, y, len, lg); return; }
#endif
    sm_row_body(x, y, len, lg);
}

typedef struct {
    const float *X;
    float *Y;
    int64_t len, inner;
    int lg;
} sm_ctx;

/* Rows [r0, r1) of outer*inner; contiguous rows (inner 1) take the vector path. */
static void sm_task(void *arg, int64_t r0, int64_t r1, int tid)
{
    (void)tid;
    const sm_ctx *c = arg;
    for (int64_t r = r0; r < r1; r++) {
        const int64_t o = r / c->inner, j = r % c->inner;
        const float *xs = c->X + o * c->len * c->inner + j;
        float *ys = c->Y + o * c->len * c->inner + j;
        if (c->inner == 1) { sm_row(xs, ys, c->len, c->lg); continue; }
        const int64_t st = c->inner;
        float mx = -INFINITY;
        for (int64_t i = 0; i < c->len; i++) mx = xs[i * st] > mx ? xs[i * st] : mx;
        float sum = 0.0f;
        for (int64_t i = 0; i < c->len; i++) { float e = expf(xs[i * st] - mx); ys[i * st] = e; sum += e; }
        if (c->lg) { float ls = logf(sum); for (int64_t i = 0; i < c->len; i++) ys[i * st] = xs[i * st] - mx - ls; }
        else for (int64_t i = 0; i < c->len; i++) ys[i * st] /= sum;
    }
}

static int sm_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    int axis, lg = !strcmp(n->op_type, "LogSoftmax");
    ref_norm_axis(ref_attr_i(n, "axis", n->opset >= 13 ? -1 : 1), in[0]->rank, &axis);
    int64_t outer = 1, len = 1, inner = 1;
    if (n->opset >= 13) {
        for (int i = 0; i < axis; i++) outer *= in[0]->dims[i];
        len = in[0]->dims[axis];
        for (int i = axis + 1; i < in[0]->rank; i++) inner *= in[0]->dims[i];
    } else { /* coerced to 2-D at axis */
        for (int i = 0; i < axis; i++) outer *= in[0]->dims[i];
        for (int i = axis; i < in[0]->rank; i++) len *= in[0]->dims[i];
    }
    sm_ctx c = {in[0]->data, out[0]->data, len, inner, lg};
    if (x->threads && outer * len * inner >= REF_PAR_MIN_ELEMS / 4 && outer * inner > 1)
        ref_threads_run(x->threads, outer * inner, sm_task, &c);
    else
        sm_task(&c, 0, outer * inner, 0);
    return 0;
}

/* ---- Reduce* ---- */
static int reduce_axes(ref_node *n, ref_tensor **in, uint8_t *mark, char *err, size_t errlen)
{
    int r = in[0]->rank, na = 0;
    int64_t axes[REF_MAX_RANK];
    int from_input = n->opset >= 18 || (!strcmp(n->op_type, "ReduceSum") && n->opset >= 13);
    memset(mark, 0, REF_MAX_RANK);
    if (from_input) {
        if (n->nin > 1 && in[1]) {
            int rc = ref_need_const(n, in, 1, err, errlen);
            if (rc) return rc;
            int64_t c = ref_numel(in[1]);
            if (c > REF_MAX_RANK) return SHAPE_ERR("%s (node %s): too many axes", n->op_type, n->name);
            for (int64_t i = 0; i < c; i++) axes[na++] = ref_get_i64(in[1], i);
        }
    } else {
        const int64_t *a;
        size_t c = ref_attr_ints(n, "axes", &a);
        if (c > REF_MAX_RANK) return SHAPE_ERR("%s (node %s): too many axes", n->op_type, n->name);
        for (size_t i = 0; i < c; i++) axes[na++] = a[i];
    }
    if (na == 0) {
        if (ref_attr_i(n, "noop_with_empty_axes", 0)) return 0;
        memset(mark, 1, (size_t)r);
        return 0;
    }
    for (int i = 0; i < na; i++) {
        int a;
        if (ref_norm_axis(axes[i], r, &a)) return SHAPE_ERR("%s (node %s): bad axis %lld", n->op_type, n->name, (long long)axes[i]);
        mark[a] = 1;
    }
    return 0;
}

static int reduce_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    uint8_t mark[REF_MAX_RANK];
    int rc = ref_check_dtype(n, in[0], REF_DT_FLOAT, err, errlen);
    if (rc || (rc = reduce_axes(n, in, mark, err, errlen))) return rc;
    int keep = (int)ref_attr_i(n, "keepdims", 1);
    out[0]->dtype = in[0]->dtype;
    out[0]->rank = 0;
    for (int i = 0; i < in[0]->rank; i++) {
        if (!mark[i]) out[0]->dims[out[0]->rank++] = in[0]->dims[i];
        else if (keep) out[0]->dims[out[0]->rank++] = 1;
    }
    return 0;
}

static int reduce_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)x;
    uint8_t mark[REF_MAX_RANK];
    int rc = reduce_axes(n, in, mark, err, errlen), r = in[0]->rank;
    if (rc) return rc;
    int kind = !strcmp(n->op_type, "ReduceMean") ? 0 : !strcmp(n->op_type, "ReduceSum") ? 1 : !strcmp(n->op_type, "ReduceMax") ? 2 : 3;
    int64_t ost[REF_MAX_RANK], s = 1, idx[REF_MAX_RANK] = {0}, total = ref_numel(in[0]), nout = ref_numel(out[0]), cnt = 1;
    for (int i = r - 1; i >= 0; i--) {
        ost[i] = mark[i] ? 0 : s;
        if (!mark[i]) s *= in[0]->dims[i]; else cnt *= in[0]->dims[i];
    }
    float *Y = out[0]->data;
    const float *X = in[0]->data;
    int first = -1, last = -1, gaps = 0;
    for (int i = 0; i < r; i++)
        if (mark[i]) { if (first < 0) first = i; else if (last != i - 1) gaps = 1; last = i; }
    if (first >= 0 && !gaps) { /* one block of reduced axes: Y[o][i] = reduce over X[o][:][i], rows contiguous */
        int64_t inner = 1;
        for (int i = last + 1; i < r; i++) inner *= in[0]->dims[i];
        const int64_t outer = inner ? nout / inner : 0;
        const int rk = kind < 2 ? REF_RED_SUM : kind == 2 ? REF_RED_MAX : REF_RED_MIN;
        for (int64_t o = 0; o < outer; o++) {
            const float *xo = X + o * cnt * inner;
            float *yo = Y + o * inner;
            if (inner == 1) {
                yo[0] = ref_reduce_row(xo, cnt, rk);
            } else {
                const float init = rk == REF_RED_MAX ? -INFINITY : rk == REF_RED_MIN ? INFINITY : 0.0f;
                for (int64_t i = 0; i < inner; i++) yo[i] = init;
                for (int64_t k = 0; k < cnt; k++) {
                    const float *xr = xo + k * inner;
                    if (rk == REF_RED_SUM) for (int64_t i = 0; i < inner; i++) yo[i] += xr[i];
                    else if (rk == REF_RED_MAX) for (int64_t i = 0; i < inner; i++) yo[i] = xr[i] > yo[i] ? xr[i] : yo[i];
                    else for (int64_t i = 0; i < inner; i++) yo[i] = xr[i] < yo[i] ? xr[i] : yo[i];
                }
            }
        }
        if (kind == 0 && cnt) for (int64_t i = 0; i < nout; i++) Y[i] /= (float)cnt;
        return 0;
    }
    for (int64_t i = 0; i < nout; i++) Y[i] = kind == 2 ? -INFINITY : kind == 3 ? INFINITY : 0.0f;
    int64_t off = 0;
    for (int64_t e = 0; e < total; e++) {
        float v = X[e];
        if (kind < 2) Y[off] += v;
        else if (kind == 2) Y[off] = v > Y[off] ? v : Y[off];
        else Y[off] = v < Y[off] ? v : Y[off];
        for (int i = r - 1; i >= 0; i--) {
            off += ost[i];
            if (++idx[i] < in[0]->dims[i]) break;
            off -= ost[i] * in[0]->dims[i];
            idx[i] = 0;
        }
    }
    if (kind == 0 && cnt) for (int64_t i = 0; i < nout; i++) Y[i] /= (float)cnt;
    return 0;
}

const ref_op ref_ops_norm[] = {
    {"BatchNormalization", 5, 5, 1, 3, bn_check, bn_shape, bn_run, 0},
    {"LayerNormalization", 2, 3, 1, 3, ln_check, ln_shape, ln_run, 0},
    {"Softmax", 1, 1, 1, 1, NULL, sm_shape, sm_run, 0},
    {"LogSoftmax", 1, 1, 1, 1, NULL, sm_shape, sm_run, 0},
    {"ReduceMean", 1, 2, 1, 1, NULL, reduce_shape, reduce_run, 0},
    {"ReduceSum", 1, 2, 1, 1, NULL, reduce_shape, reduce_run, 0},
    {"ReduceMax", 1, 2, 1, 1, NULL, reduce_shape, reduce_run, 0},
    {"ReduceMin", 1, 2, 1, 1, NULL, reduce_shape, reduce_run, 0},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0},
};
