/*
 * elementwise.c — broadcasting binary ops (Add, Sub, Mul, Div, Pow, Max, Min (variadic), Equal, Less, Greater), Where,
 * unary float ops (Relu, Sigmoid, HardSigmoid, HardSwish, Tanh, Sqrt, Exp, Erf, LeakyRelu, ...),
 * Clip and Cast.
 */
#include <math.h>
#include <string.h>

#include "ref_internal.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(REF_NO_SIMD)
#include <immintrin.h>
#endif

/* GCC's -O2 only vectorizes loops whose trip count is a multiple of the vector width; these loops are
 * hot and not, so ask for the dynamic cost model here (clang vectorizes them at -O2 already). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic")
#endif

enum { B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAX, B_MIN, B_EQ, B_LT, B_GT };

static int binop_code(const char *s)
{
    static const char *names[] = {"Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Equal", "Less", "Greater"};
    for (int i = 0; i < 10; i++) if (!strcmp(s, names[i])) return i;
    return -1;
}

static int bin_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int op = binop_code(n->op_type);
    int ok = REF_DT_FLOAT | REF_DT_INTS;
    if (op >= B_EQ) ok |= REF_DT(AITC_DTYPE_BOOL) | REF_DT_Q8;
    int rc = ref_check_dtype(n, in[0], ok, err, errlen);
    if (rc) return rc;
    for (int k = 0; k < n->nin; k++)
        if (!in[k]) return ref_err(err, errlen, AITC_E_INVALID, "%s (node %s): input %d is missing", n->op_type, n->name, k);
    if (op == B_POW) {
        if ((rc = ref_check_dtype(n, in[0], REF_DT_FLOAT, err, errlen)) || (rc = ref_check_dtype(n, in[1], REF_DT_FLOAT | REF_DT_INTS, err, errlen))) return rc;
    } else {
        for (int k = 1; k < n->nin; k++)
            if (in[k]->dtype != in[0]->dtype)
                return ref_err(err, errlen, AITC_E_INVALID, "%s (node %s): input types differ (%s, %s)", n->op_type, n->name,
                               ref_dtype_name(in[0]->dtype), ref_dtype_name(in[k]->dtype));
    }
    if ((rc = ref_broadcast_dims(n->nin, in, out[0], err, errlen))) return rc;
    out[0]->dtype = op >= B_EQ ? AITC_DTYPE_BOOL : in[0]->dtype;
    return 0;
}

typedef struct {
    int op;
    const ref_tensor *a, *b;
    ref_tensor *y;
} bin_ctx;

#define FLOOP(EXPR)                                                                                                    \
    do {                                                                                                               \
        if (sa == 1 && sb == 1) {                                                                                      \
            for (int64_t i = 0; i < n; i++) { float x = a[i], z = b[i]; y[i] = (EXPR); }                              \
        } else if (sa == 1 && sb == 0) {                                                                               \
            float z = b[0];                                                                                            \
            for (int64_t i = 0; i < n; i++) { float x = a[i]; y[i] = (EXPR); }                                        \
        } else if (sa == 0 && sb == 1) {                                                                               \
            float x = a[0];                                                                                            \
            for (int64_t i = 0; i < n; i++) { float z = b[i]; y[i] = (EXPR); }                                        \
        } else {                                                                                                       \
            for (int64_t i = 0; i < n; i++) { float x = a[i * sa], z = b[i * sb]; y[i] = (EXPR); }                    \
        }                                                                                                              \
    } while (0)

static int64_t idiv(int64_t x, int64_t z)
{
    if (z == 0 || (z == -1 && x == INT64_MIN)) return 0;
    return x / z;
}

static void bin_row(void *vc, int64_t oo, const int64_t *off, int64_t n, const int64_t *st)
{
    bin_ctx *c = vc;
    int64_t sa = st[0], sb = st[1];
    if (c->a->dtype == AITC_DTYPE_FLOAT32 && c->op < B_EQ) {
        const float *a = (const float *)c->a->data + off[0];
        float *y = (float *)c->y->data + oo;
        if (c->op == B_POW && c->b->dtype != AITC_DTYPE_FLOAT32) {
            for (int64_t i = 0; i < n; i++) y[i] = powf(a[i * sa], (float)ref_get_i64(c->b, off[1] + i * sb));
            return;
        }
        const float *b = (const float *)c->b->data + off[1];
        if (c->op == B_POW && sb == 0 && (b[0] == 2.0f || b[0] == 1.0f)) {
            /* the common constant exponents without powf: x*x is what powf(x, 2) rounds to as well */
            if (b[0] == 2.0f) for (int64_t i = 0; i < n; i++) { const float v = a[i * sa]; y[i] = v * v; }
            else for (int64_t i = 0; i < n; i++) y[i] = a[i * sa];
            return;
        }
        switch (c->op) {
        case B_ADD: FLOOP(x + z); break;
        case B_SUB: FLOOP(x - z); break;
        case B_MUL: FLOOP(x * z); break;
        case B_DIV: FLOOP(x / z); break;
        case B_MAX: FLOOP(x < z ? z : x); break; /* a NaN in the first operand propagates */
        case B_MIN: FLOOP(x > z ? z : x); break;
        default: FLOOP(powf(x, z)); break;
        }
        return;
    }
    if (c->op >= B_EQ) {
        uint8_t *y = (uint8_t *)c->y->data + oo;
        for (int64_t i = 0; i < n; i++) {
            int r;
            if (c->a->dtype == AITC_DTYPE_FLOAT32) {
                float x = ((const float *)c->a->data)[off[0] + i * sa], z = ((const float *)c->b->data)[off[1] + i * sb];
                r = c->op == B_EQ ? x == z : c->op == B_LT ? x < z : x > z;
            } else {
                int64_t x = ref_get_i64(c->a, off[0] + i * sa), z = ref_get_i64(c->b, off[1] + i * sb);
                r = c->op == B_EQ ? x == z : c->op == B_LT ? x < z : x > z;
            }
            y[i] = (uint8_t)r;
        }
        return;
    }
    for (int64_t i = 0; i < n; i++) {
        int64_t x = ref_get_i64(c->a, off[0] + i * sa), z = ref_get_i64(c->b, off[1] + i * sb), r;
        switch (c->op) {
        case B_ADD: r = (int64_t)((uint64_t)x + (uint64_t)z); break;
        case B_SUB: r = (int64_t)((uint64_t)x - (uint64_t)z); break;
        case B_MUL: r = (int64_t)((uint64_t)x * (uint64_t)z); break;
        case B_MAX: r = x < z ? z : x; break;
        case B_MIN: r = x > z ? z : x; break;
        default: r = idiv(x, z); break;
        }
        if (c->y->dtype == AITC_DTYPE_INT64) ((int64_t *)c->y->data)[oo + i] = r;
        else ((int32_t *)c->y->data)[oo + i] = (int32_t)r;
    }
}

static int bin_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    int op = binop_code(n->op_type);
    if (n->nin != 2) { /* variadic Max / Min: y = first input broadcast to the output, then y = op(y, input k) */
        ref_tensor *pair[2] = {in[0], in[0]};
        bin_ctx c0 = {B_MAX, in[0], in[0], out[0]};
        ref_bcast b0;
        ref_bcast_init(&b0, 2, pair, out[0]);
        ref_bcast_run(x, &b0, bin_row, &c0);
        for (int k = 1; k < n->nin; k++) {
            pair[0] = out[0];
            pair[1] = in[k];
            bin_ctx ck = {op, out[0], in[k], out[0]};
            ref_bcast bk;
            ref_bcast_init(&bk, 2, pair, out[0]);
            ref_bcast_run(x, &bk, bin_row, &ck);
        }
        return 0;
    }
    bin_ctx c = {op, in[0], in[1], out[0]};
    ref_bcast b;
    ref_bcast_init(&b, 2, in, out[0]);
    ref_bcast_run(x, &b, bin_row, &c);
    return 0;
}

/* ---- Where ---- */
static int where_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int rc = ref_check_dtype(n, in[0], REF_DT(AITC_DTYPE_BOOL), err, errlen);
    if (rc) return rc;
    if (in[1]->dtype != in[2]->dtype) return ref_err(err, errlen, AITC_E_INVALID, "Where (node %s): X and Y types differ", n->name);
    if ((rc = ref_broadcast_dims(3, in, out[0], err, errlen))) return rc;
    out[0]->dtype = in[1]->dtype;
    return 0;
}

typedef struct {
    ref_tensor **in;
    ref_tensor *y;
    size_t es;
} where_ctx;

static void where_row(void *vc, int64_t oo, const int64_t *off, int64_t n, const int64_t *st)
{
    where_ctx *c = vc;
    const uint8_t *cond = (const uint8_t *)c->in[0]->data;
    const char *xa = c->in[1]->data, *ya = c->in[2]->data;
    char *y = (char *)c->y->data + oo * c->es;
    for (int64_t i = 0; i < n; i++) {
        const char *src = cond[off[0] + i * st[0]] ? xa + (off[1] + i * st[1]) * c->es : ya + (off[2] + i * st[2]) * c->es;
        memcpy(y + i * c->es, src, c->es);
    }
}

static int where_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)x; (void)n; (void)err; (void)errlen;
    where_ctx c = {in, out[0], aitc_dtype_size((aitc_dtype)out[0]->dtype)};
    ref_bcast b;
    ref_bcast_init(&b, 3, in, out[0]);
    ref_bcast_walk(&b, where_row, &c);
    return 0;
}

/* ---- unary ---- */
enum { U_RELU, U_SIGMOID, U_HSIGMOID, U_HSWISH, U_TANH, U_SQRT, U_EXP, U_ERF, U_LEAKY, U_LOG, U_NEG, U_ABS, U_RECIP,
       U_FLOOR, U_CEIL, U_ELU, U_SOFTPLUS, U_ROUND, U_SIN, U_COS, U_SILU_UNUSED };
static const char *const unary_names[] = {"Relu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Sqrt", "Exp",
                                          "Erf", "LeakyRelu", "Log", "Neg", "Abs", "Reciprocal", "Floor", "Ceil",
                                          "Elu", "Softplus", "Round", "Sin", "Cos"};

static int unary_code(const char *s)
{
    for (int i = 0; i < (int)(sizeof unary_names / sizeof unary_names[0]); i++)
        if (!strcmp(s, unary_names[i])) return i;
    return -1;
}

static int same_shape(ref_node *n, ref_tensor **in, ref_tensor **out, int ok, char *err, size_t errlen)
{
    int rc = ref_check_dtype(n, in[0], ok, err, errlen);
    if (rc) return rc;
    out[0]->dtype = in[0]->dtype;
    out[0]->rank = in[0]->rank;
    memcpy(out[0]->dims, in[0]->dims, sizeof out[0]->dims);
    return 0;
}

static int unary_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    return same_shape(n, in, out, REF_DT_FLOAT, err, errlen);
}

typedef struct {
    int op;
    float alpha, beta;
    const float *a;
    float *y;
} unary_ctx;

/* erf as a rational function of x on [-4, 4] (beyond, erf is +-1 in float32): no libm call, so the loop
 * vectorizes. Largest error against double-precision erf 4.2e-7 over [-6, 6] (checked in
 * Tools/refcheck); the operator tolerance is 1e-4 relative / 1e-5 absolute. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline float erf_rational(float v)
{
    float x = v < -4.0f ? -4.0f : v; /* a NaN stays NaN */
    x = x > 4.0f ? 4.0f : x;
    float x2 = x * x;
    float p = -2.72614225801306e-10f;
    p = p * x2 + 2.77068142495902e-08f;
    p = p * x2 - 2.10102402082508e-06f;
    p = p * x2 - 5.69250639462346e-05f;
    p = p * x2 - 7.34990630326855e-04f;
    p = p * x2 - 2.95459980854025e-03f;
    p = p * x2 - 1.60960333262415e-02f;
    float q = -1.45660718464996e-05f;
    q = q * x2 - 2.13374055278905e-04f;
    q = q * x2 - 1.68282697438203e-03f;
    q = q * x2 - 7.37332916720468e-03f;
    q = q * x2 - 1.42647390514189e-02f;
    return x * p / q;
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline void erf_body(const float *a, float *y, int64_t b, int64_t e)
{
    for (int64_t i = b; i < e; i++) y[i] = erf_rational(a[i]);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(REF_NO_SIMD)
/* The same rational in intrinsics (GCC does not if-convert the clamp of the plain loop); max/min with
 * the bound first keep a NaN input NaN. */
__attribute__((target("avx2,fma"))) static void erf_avx2(const float *a, float *y, int64_t b, int64_t e)
{
    static const float pc[7] = {-2.72614225801306e-10f, 2.77068142495902e-08f, -2.10102402082508e-06f, -5.69250639462346e-05f,
                                -7.34990630326855e-04f, -2.95459980854025e-03f, -1.60960333262415e-02f};
    static const float qc[5] = {-1.45660718464996e-05f, -2.13374055278905e-04f, -1.68282697438203e-03f, -7.37332916720468e-03f,
                                -1.42647390514189e-02f};
    const __m256 lo = _mm256_set1_ps(-4.0f), hi = _mm256_set1_ps(4.0f);
    int64_t i = b;
    for (; i + 8 <= e; i += 8) {
        __m256 x = _mm256_min_ps(hi, _mm256_max_ps(lo, _mm256_loadu_ps(a + i))), x2 = _mm256_mul_ps(x, x);
        __m256 p = _mm256_set1_ps(pc[0]), q = _mm256_set1_ps(qc[0]);
        for (int k = 1; k < 7; k++) p = _mm256_fmadd_ps(p, x2, _mm256_set1_ps(pc[k]));
        for (int k = 1; k < 5; k++) q = _mm256_fmadd_ps(q, x2, _mm256_set1_ps(qc[k]));
        _mm256_storeu_ps(y + i, _mm256_div_ps(_mm256_mul_ps(x, p), q));
    }
    erf_body(a, y, i, e);
}
#endif

static void erf_rows(const float *a, float *y, int64_t b, int64_t e)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(REF_NO_SIMD)
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        erf_avx2(a, y, b, e);
        return;
    }
#endif
    erf_body(a, y, b, e);
}

static void unary_task(void *vc, int64_t b, int64_t e, int tid)
{
    (void)tid;
    unary_ctx *c = vc;
    const float *a = c->a;
    float *y = c->y, al = c->alpha, be = c->beta;
    int64_t i;
    switch (c->op) {
    case U_RELU: for (i = b; i < e; i++) y[i] = a[i] > 0.0f ? a[i] : 0.0f; break;
    case U_SIGMOID: for (i = b; i < e; i++) y[i] = 1.0f / (1.0f + expf(-a[i])); break;
    case U_HSIGMOID: for (i = b; i < e; i++) { float v = al * a[i] + be; y[i] = v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v; } break;
    case U_HSWISH: for (i = b; i < e; i++) { float v = a[i] / 6.0f + 0.5f; v = v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v; y[i] = a[i] * v; } break;
    case U_TANH: for (i = b; i < e; i++) y[i] = tanhf(a[i]); break;
    case U_SQRT: for (i = b; i < e; i++) y[i] = sqrtf(a[i]); break;
    case U_EXP: for (i = b; i < e; i++) y[i] = expf(a[i]); break;
    case U_ERF: erf_rows(a, y, b, e); break;
    case U_LEAKY: for (i = b; i < e; i++) y[i] = a[i] >= 0.0f ? a[i] : al * a[i]; break;
    case U_LOG: for (i = b; i < e; i++) y[i] = logf(a[i]); break;
    case U_NEG: for (i = b; i < e; i++) y[i] = -a[i]; break;
    case U_ABS: for (i = b; i < e; i++) y[i] = fabsf(a[i]); break;
    case U_RECIP: for (i = b; i < e; i++) y[i] = 1.0f / a[i]; break;
    case U_FLOOR: for (i = b; i < e; i++) y[i] = floorf(a[i]); break;
    case U_CEIL: for (i = b; i < e; i++) y[i] = ceilf(a[i]); break;
    case U_ELU: for (i = b; i < e; i++) y[i] = a[i] >= 0.0f ? a[i] : al * (expf(a[i]) - 1.0f); break;
    case U_SOFTPLUS: for (i = b; i < e; i++) y[i] = a[i] > 20.0f ? a[i] : log1pf(expf(a[i])); break;
    case U_ROUND: for (i = b; i < e; i++) y[i] = nearbyintf(a[i]); break;
    case U_SIN: for (i = b; i < e; i++) y[i] = sinf(a[i]); break;
    case U_COS: for (i = b; i < e; i++) y[i] = cosf(a[i]); break;
    default: break;
    }
}

static int unary_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    unary_ctx c;
    c.op = unary_code(n->op_type);
    c.alpha = ref_attr_f(n, "alpha", c.op == U_HSIGMOID ? 0.2f : c.op == U_LEAKY ? 0.01f : 1.0f);
    c.beta = ref_attr_f(n, "beta", 0.5f);
    c.a = in[0]->data;
    c.y = out[0]->data;
    int64_t total = ref_numel(out[0]);
    if (x->threads && total >= REF_PAR_MIN_ELEMS && c.op != U_RELU) {
        ref_threads_run(x->threads, total, unary_task, &c);
    } else {
        unary_task(&c, 0, total, 0);
    }
    return 0;
}

/* ---- Clip ---- */
static int clip_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    for (int k = 1; k < n->nin; k++) {
        if (!in[k]) continue;
        if (in[k]->dtype != in[0]->dtype || ref_numel(in[k]) != 1)
            return ref_err(err, errlen, AITC_E_INVALID, "Clip (node %s): min/max must be scalars of the input type", n->name);
    }
    return same_shape(n, in, out, REF_DT_FLOAT | REF_DT_INTS | REF_DT_Q8, err, errlen);
}

typedef struct {
    const float *a;
    float *y;
    float lo, hi;
} clip_ctx;

static void clip_task(void *vc, int64_t b, int64_t e, int tid)
{
    (void)tid;
    const clip_ctx *c = vc;
    for (int64_t i = b; i < e; i++) {
        float v = c->a[i];
        v = v < c->lo ? c->lo : v;
        c->y[i] = v > c->hi ? c->hi : v;
    }
}

static int clip_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    int64_t total = ref_numel(out[0]);
    if (in[0]->dtype == AITC_DTYPE_FLOAT32) {
        float lo = -INFINITY, hi = INFINITY;
        if (n->opset < 11) {
            lo = ref_attr_f(n, "min", lo);
            hi = ref_attr_f(n, "max", hi);
        } else {
            if (n->nin > 1 && in[1]) lo = ((const float *)in[1]->data)[0];
            if (n->nin > 2 && in[2]) hi = ((const float *)in[2]->data)[0];
        }
        clip_ctx c = {in[0]->data, out[0]->data, lo, hi};
        if (x->threads && total >= REF_PAR_MIN_ELEMS) ref_threads_run(x->threads, total, clip_task, &c);
        else clip_task(&c, 0, total, 0);
        return 0;
    }
    int64_t lo = INT64_MIN, hi = INT64_MAX;
    if (n->nin > 1 && in[1]) lo = ref_get_i64(in[1], 0);
    if (n->nin > 2 && in[2]) hi = ref_get_i64(in[2], 0);
    size_t es = aitc_dtype_size((aitc_dtype)in[0]->dtype);
    for (int64_t i = 0; i < total; i++) {
        int64_t v = ref_get_i64(in[0], i);
        v = v < lo ? lo : v > hi ? hi : v;
        switch (es) {
        case 1: if (in[0]->dtype == AITC_DTYPE_INT8) ((int8_t *)out[0]->data)[i] = (int8_t)v; else ((uint8_t *)out[0]->data)[i] = (uint8_t)v; break;
        case 4: ((int32_t *)out[0]->data)[i] = (int32_t)v; break;
        default: ((int64_t *)out[0]->data)[i] = v; break;
        }
    }
    return 0;
}

/* ---- Cast ---- */
static int cast_check(const ref_graph *g, const ref_node *n, char *err, size_t errlen)
{
    (void)g;
    int64_t to = ref_attr_i(n, "to", -1);
    ref_tensor t = {(int)to, 0, {0}, NULL, 0};
    if (to != AITC_DTYPE_FLOAT32 && to != AITC_DTYPE_UINT8 && to != AITC_DTYPE_INT8 && to != AITC_DTYPE_INT32 &&
        to != AITC_DTYPE_INT64 && to != AITC_DTYPE_BOOL)
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "Cast (node %s): target type %lld is not supported", n->name, (long long)to);
    (void)t;
    return 0;
}

static int cast_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int rc = same_shape(n, in, out, REF_DT_FLOAT | REF_DT_INTS | REF_DT_Q8 | REF_DT(AITC_DTYPE_BOOL), err, errlen);
    out[0]->dtype = (int)ref_attr_i(n, "to", AITC_DTYPE_FLOAT32);
    return rc;
}

static int cast_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)x; (void)n; (void)err; (void)errlen;
    int64_t total = ref_numel(out[0]);
    int from = in[0]->dtype, to = out[0]->dtype;
    if (from == to) { memcpy(out[0]->data, in[0]->data, out[0]->bytes); return 0; }
    for (int64_t i = 0; i < total; i++) {
        if (from == AITC_DTYPE_FLOAT32) {
            float f = ((const float *)in[0]->data)[i];
            if (to == AITC_DTYPE_BOOL) { ((uint8_t *)out[0]->data)[i] = f != 0.0f; continue; }
            /* truncate toward zero; out-of-range values saturate rather than invoke undefined behaviour */
            double d = f != f ? 0.0 : (double)f;
            int64_t v = d >= 9.2e18 ? INT64_MAX : d <= -9.2e18 ? INT64_MIN : (int64_t)d;
            switch (to) {
            case AITC_DTYPE_UINT8: ((uint8_t *)out[0]->data)[i] = (uint8_t)v; break;
            case AITC_DTYPE_INT8: ((int8_t *)out[0]->data)[i] = (int8_t)v; break;
            case AITC_DTYPE_INT32: ((int32_t *)out[0]->data)[i] = (int32_t)v; break;
            default: ((int64_t *)out[0]->data)[i] = v; break;
            }
            continue;
        }
        int64_t v = ref_get_i64(in[0], i);
        switch (to) {
        case AITC_DTYPE_FLOAT32: ((float *)out[0]->data)[i] = (float)v; break;
        case AITC_DTYPE_BOOL: ((uint8_t *)out[0]->data)[i] = v != 0; break;
        case AITC_DTYPE_UINT8: ((uint8_t *)out[0]->data)[i] = (uint8_t)v; break;
        case AITC_DTYPE_INT8: ((int8_t *)out[0]->data)[i] = (int8_t)v; break;
        case AITC_DTYPE_INT32: ((int32_t *)out[0]->data)[i] = (int32_t)v; break;
        default: ((int64_t *)out[0]->data)[i] = v; break;
        }
    }
    return 0;
}

#define BIN(name) {name, 2, 2, 1, 1, NULL, bin_shape, bin_run, 0}
#define UN(name) {name, 1, 1, 1, 1, NULL, unary_shape, unary_run, 0}

/* ---- Gelu (internal: fused at load from Div → Erf → Add → Mul → Mul, graph.c) ----
 * y = (x * (erf(x / c) + one)) * half, in the order of the exported nodes, in blocks of 256. */
typedef struct {
    const float *x;
    float *y;
    float c, one, half;
} gelu_ctx;

static void gelu_task(void *vc, int64_t b, int64_t e, int tid)
{
    (void)tid;
    const gelu_ctx *g = vc;
    float t[256];
    for (int64_t i = b; i < e; i += 256) {
        const int64_t n = e - i < 256 ? e - i : 256;
        for (int64_t k = 0; k < n; k++) t[k] = g->x[i + k] / g->c;
        erf_rows(t, t, 0, n);
        for (int64_t k = 0; k < n; k++) g->y[i + k] = (g->x[i + k] * (t[k] + g->one)) * g->half;
    }
}

static int gelu_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    gelu_ctx c = {in[0]->data, out[0]->data, n->fparam[0], n->fparam[1], n->fparam[2]};
    int64_t total = ref_numel(out[0]);
    if (x->threads && total >= REF_PAR_MIN_ELEMS) ref_threads_run(x->threads, total, gelu_task, &c);
    else gelu_task(&c, 0, total, 0);
    return 0;
}

const ref_op ref_op_gelu = {"Gelu", 1, 1, 1, 1, NULL, unary_shape, gelu_run, 0};

const ref_op ref_ops_elementwise[] = {
    BIN("Add"), BIN("Sub"), BIN("Mul"), BIN("Div"), BIN("Pow"), BIN("Equal"), BIN("Less"), BIN("Greater"),
    {"Max", 1, 64, 1, 1, NULL, bin_shape, bin_run, 0}, {"Min", 1, 64, 1, 1, NULL, bin_shape, bin_run, 0},
    {"Where", 3, 3, 1, 1, NULL, where_shape, where_run, 0},
    UN("Relu"), UN("Sigmoid"), UN("HardSigmoid"), UN("HardSwish"), UN("Tanh"), UN("Sqrt"), UN("Exp"), UN("Erf"),
    UN("LeakyRelu"), UN("Log"), UN("Neg"), UN("Abs"), UN("Reciprocal"), UN("Floor"), UN("Ceil"), UN("Elu"),
    UN("Softplus"), UN("Round"), UN("Sin"), UN("Cos"),
    {"Clip", 1, 3, 1, 1, NULL, clip_shape, clip_run, 0},
    {"Cast", 1, 1, 1, 1, cast_check, cast_shape, cast_run, 0},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0},
};
