/*
 * quant.c — QuantizeLinear / DequantizeLinear (per-tensor and per-axis, int8/uint8, int32 for biases)
 * and QLinearConv / QLinearMatMul. The QLinear ops dequantize into scratch, compute in float and
 * requantize; results match integer implementations within one quantization step.
 */
#include <math.h>
#include <string.h>

#include "ref_internal.h"

/* GCC's -O2 only vectorizes loops whose trip count is a multiple of the vector width; these loops are
 * hot and not, so ask for the dynamic cost model here (clang vectorizes them at -O2 already). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic")
#endif

#define SHAPE_ERR(...) ref_err(err, errlen, AITC_E_SHAPE, __VA_ARGS__)

/* Channel count and inner size for per-axis parameters; scale has 1 element (per tensor) or dims[axis]. */
static int qaxis(const ref_node *n, const ref_tensor *x, const ref_tensor *scale, const ref_tensor *zp, int64_t axis_attr,
                 int64_t *inner, int64_t *ch, char *err, size_t errlen)
{
    int64_t ns = ref_numel(scale);
    *inner = 1;
    *ch = 1;
    if (scale->dtype != AITC_DTYPE_FLOAT32) return ref_err(err, errlen, AITC_E_UNSUPPORTED, "%s (node %s): scale must be float32", n->op_type, n->name);
    if (zp && ref_numel(zp) != ns) return SHAPE_ERR("%s (node %s): zero point and scale sizes differ", n->op_type, n->name);
    if (ns == 1 && scale->rank <= 1) return 0;
    int axis;
    if (scale->rank != 1 || ref_norm_axis(axis_attr, x->rank, &axis) || x->dims[axis] != ns)
        return SHAPE_ERR("%s (node %s): scale of %lld elements does not fit the axis", n->op_type, n->name, (long long)ns);
    for (int i = axis + 1; i < x->rank; i++) *inner *= x->dims[i];
    *ch = ns;
    return 0;
}

static int q_check(const ref_graph *g, const ref_node *n, char *err, size_t errlen)
{
    (void)g;
    if (ref_attr_i(n, "block_size", 0) != 0)
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "%s (node %s): blocked quantization is not supported", n->op_type, n->name);
    return 0;
}

static int dq_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int64_t inner, ch;
    int rc = ref_check_dtype(n, in[0], REF_DT_Q8 | REF_DT(AITC_DTYPE_INT32), err, errlen);
    if (rc) return rc;
    if (n->nin > 2 && in[2] && in[2]->dtype != in[0]->dtype) return SHAPE_ERR("DequantizeLinear (node %s): zero point type differs", n->name);
    if ((rc = qaxis(n, in[0], in[1], n->nin > 2 ? in[2] : NULL, ref_attr_i(n, "axis", 1), &inner, &ch, err, errlen))) return rc;
    out[0]->dtype = AITC_DTYPE_FLOAT32;
    out[0]->rank = in[0]->rank;
    memcpy(out[0]->dims, in[0]->dims, sizeof out[0]->dims);
    return 0;
}

static void dequant(const ref_tensor *x, const ref_tensor *scale, const ref_tensor *zp, int64_t inner, int64_t ch, float *y)
{
    int64_t total = ref_numel(x);
    const float *s = scale->data;
    if (ch == 1) inner = total;
    for (int64_t i = 0; i < total;) {
        int64_t c = (i / inner) % ch, end = i + inner;
        float sc = s[c];
        int64_t z = zp ? ref_get_i64(zp, c) : 0;
        if (x->dtype == AITC_DTYPE_UINT8) {
            const uint8_t *xd = x->data;
            int32_t zi = (int32_t)z;
            for (; i < end; i++) y[i] = (float)((int32_t)xd[i] - zi) * sc;
        } else if (x->dtype == AITC_DTYPE_INT8) {
            const int8_t *xd = x->data;
            int32_t zi = (int32_t)z;
            for (; i < end; i++) y[i] = (float)((int32_t)xd[i] - zi) * sc;
        } else {
            const int32_t *xd = x->data;
            for (; i < end; i++) y[i] = (float)((int64_t)xd[i] - z) * sc;
        }
    }
}

static int dq_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)x;
    int64_t inner, ch;
    int rc = qaxis(n, in[0], in[1], n->nin > 2 ? in[2] : NULL, ref_attr_i(n, "axis", 1), &inner, &ch, err, errlen);
    if (rc) return rc;
    dequant(in[0], in[1], n->nin > 2 ? in[2] : NULL, inner, ch, out[0]->data);
    return 0;
}

static int qout_dtype(const ref_node *n, ref_tensor **in, int zi)
{
    if (n->nin > zi && in[zi]) return in[zi]->dtype;
    int64_t od = ref_attr_i(n, "output_dtype", 0);
    return od ? (int)od : AITC_DTYPE_UINT8;
}

static int q_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int64_t inner, ch;
    int rc = ref_check_dtype(n, in[0], REF_DT_FLOAT, err, errlen);
    if (rc) return rc;
    int dt = qout_dtype(n, in, 2);
    if (dt != AITC_DTYPE_UINT8 && dt != AITC_DTYPE_INT8)
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "QuantizeLinear (node %s): output type %s is not supported", n->name, ref_dtype_name(dt));
    if ((rc = qaxis(n, in[0], in[1], n->nin > 2 ? in[2] : NULL, ref_attr_i(n, "axis", 1), &inner, &ch, err, errlen))) return rc;
    out[0]->dtype = n->act == REF_ACT_FAKEQUANT ? AITC_DTYPE_FLOAT32 : dt;
    out[0]->rank = in[0]->rank;
    memcpy(out[0]->dims, in[0]->dims, sizeof out[0]->dims);
    return 0;
}

/* QuantizeLinear fused with its only consumer, a DequantizeLinear with the same per-tensor parameters:
 * y = round_half_even(clamp(x / s, lo - z, hi - z)) * s, which is bit for bit (q - z) * s of the
 * two-node path, in one pass and without the 8-bit intermediate. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline void fakequant_body(const float *x, int64_t total, float sc, float l, float h, float *y)
{
    const float m = 12582912.0f;
    for (int64_t k = 0; k < total; k++) {
        float v = x[k] / sc;
        v = v >= l ? v : l; /* NaN → low bound, as quant() */
        v = v <= h ? v : h;
        y[k] = ((v + m) - m) * sc;
    }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(REF_NO_SIMD)
__attribute__((target("avx2,fma"))) static void fakequant_avx2(const float *x, int64_t total, float sc, float l, float h, float *y)
{
    fakequant_body(x, total, sc, l, h, y);
}
#endif

void ref_fakequant(const float *x, int64_t total, float sc, float l, float h, float *y)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(REF_NO_SIMD)
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        fakequant_avx2(x, total, sc, l, h, y);
        return;
    }
#endif
    fakequant_body(x, total, sc, l, h, y);
}

/* Rounds half to even with the 1.5*2^23 trick (exact for |v| < 2^22, guaranteed by clamping first). */
static void quant(const float *x, int64_t total, const ref_tensor *scale, const ref_tensor *zp, int64_t inner, int64_t ch, ref_tensor *y)
{
    const float *s = scale->data;
    int i8 = y->dtype == AITC_DTYPE_INT8;
    float lo = i8 ? -128.0f : 0.0f, hi = i8 ? 127.0f : 255.0f, m = 12582912.0f;
    if (ch == 1) inner = total;
    for (int64_t i = 0; i < total; i += inner) {
        int64_t c = (i / inner) % ch;
        float sc = s[c], z = zp ? (float)ref_get_i64(zp, c) : 0.0f, l = lo - z, h = hi - z;
        const float *xs = x + i;
        if (i8) {
            int8_t *yd = (int8_t *)y->data + i;
            for (int64_t k = 0; k < inner; k++) {
                float v = xs[k] / sc;
                v = v >= l ? v : l; /* NaN → low bound */
                v = v <= h ? v : h;
                yd[k] = (int8_t)(int)(((v + m) - m) + z);
            }
        } else {
            uint8_t *yd = (uint8_t *)y->data + i;
            for (int64_t k = 0; k < inner; k++) {
                float v = xs[k] / sc;
                v = v >= l ? v : l;
                v = v <= h ? v : h;
                yd[k] = (uint8_t)(int)(((v + m) - m) + z);
            }
        }
    }
}

void ref_fakequant_params(const ref_node *n, ref_tensor **in, float *sc, float *l, float *h)
{
    int i8 = qout_dtype(n, in, 2) == AITC_DTYPE_INT8;
    float z = n->nin > 2 && in[2] ? (float)ref_get_i64(in[2], 0) : 0.0f;
    *sc = ((const float *)in[1]->data)[0];
    *l = (i8 ? -128.0f : 0.0f) - z;
    *h = (i8 ? 127.0f : 255.0f) - z;
}

static int q_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)x;
    int64_t inner, ch;
    int rc = qaxis(n, in[0], in[1], n->nin > 2 ? in[2] : NULL, ref_attr_i(n, "axis", 1), &inner, &ch, err, errlen);
    if (rc) return rc;
    if (n->act == REF_ACT_FAKEQUANT) {
        float sc, l, h;
        ref_fakequant_params(n, in, &sc, &l, &h);
        ref_fakequant(in[0]->data, ref_numel(in[0]), sc, l, h, out[0]->data);
        return 0;
    }
    quant(in[0]->data, ref_numel(in[0]), in[1], n->nin > 2 ? in[2] : NULL, inner, ch, out[0]);
    return 0;
}

/* ---- QLinearConv: x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp, [B] ---- */
static size_t align64(size_t b) { return (b + 63) & ~(size_t)63; }

static int qconv_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int rc;
    int64_t inner, ch;
    for (int k = 0; k < 8; k++) if (!in[k]) return SHAPE_ERR("QLinearConv (node %s): input %d is required", n->name, k);
    if ((rc = ref_check_dtype(n, in[0], REF_DT_Q8, err, errlen)) || (rc = ref_check_dtype(n, in[3], REF_DT_Q8, err, errlen)) ||
        (rc = ref_check_dtype(n, in[7], REF_DT_Q8, err, errlen)) || (rc = ref_check_dtype(n, n->nin > 8 ? in[8] : NULL, REF_DT(AITC_DTYPE_INT32), err, errlen)))
        return rc;
    if ((rc = qaxis(n, in[0], in[1], in[2], 1, &inner, &ch, err, errlen)) || (rc = qaxis(n, in[3], in[4], in[5], 0, &inner, &ch, err, errlen)) ||
        (rc = qaxis(n, in[0], in[6], in[7], 1, &inner, &ch, err, errlen)))
        return rc;
    if (ref_numel(in[1]) != 1 || ref_numel(in[6]) != 1) return SHAPE_ERR("QLinearConv (node %s): x and y scales must be scalars", n->name);
    ref_conv_p p;
    if ((rc = ref_conv_params(n, in[0], in[3], &p, err, errlen))) return rc;
    if (n->nin > 8 && in[8] && ref_numel(in[8]) != p.M) return SHAPE_ERR("QLinearConv (node %s): bias size differs", n->name);
    out[0]->dtype = in[7]->dtype;
    out[0]->rank = in[0]->rank;
    out[0]->dims[0] = p.N;
    out[0]->dims[1] = p.M;
    if (in[0]->rank == 4) { out[0]->dims[2] = p.OH; out[0]->dims[3] = p.OW; }
    else out[0]->dims[2] = p.OW;
    int64_t ny = p.N * p.M * p.OH * p.OW;
    n->scratch = align64((size_t)ref_numel(in[0]) * 4) + align64((size_t)ref_numel(in[3]) * 4) + align64((size_t)p.M * 4) +
                 align64((size_t)ny * 4) + ref_conv_scratch(&p);
    return 0;
}

static int qconv_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    ref_conv_p p;
    int64_t inner, ch;
    int rc = ref_conv_params(n, in[0], in[3], &p, err, errlen);
    if (rc) return rc;
    char *s = x->scratch;
    float *xf = (float *)s;
    s += align64((size_t)ref_numel(in[0]) * 4);
    float *wf = (float *)s;
    s += align64((size_t)ref_numel(in[3]) * 4);
    float *bf = (float *)s;
    s += align64((size_t)p.M * 4);
    float *yf = (float *)s;
    int64_t ny = ref_numel(out[0]);
    s += align64((size_t)ny * 4);
    qaxis(n, in[0], in[1], in[2], 1, &inner, &ch, err, errlen);
    dequant(in[0], in[1], in[2], inner, ch, xf);
    qaxis(n, in[3], in[4], in[5], 0, &inner, &ch, err, errlen);
    dequant(in[3], in[4], in[5], inner, ch, wf);
    const float *ws = in[4]->data;
    float xs = ((const float *)in[1]->data)[0];
    int64_t nws = ref_numel(in[4]);
    if (n->nin > 8 && in[8])
        for (int64_t m = 0; m < p.M; m++) bf[m] = (float)((const int32_t *)in[8]->data)[m] * xs * ws[nws == 1 ? 0 : m];
    ref_node plain = *n;
    plain.act = 0;
    ref_conv_f32(x, &plain, &p, xf, wf, n->nin > 8 && in[8] ? bf : NULL, yf, (float *)s);
    quant(yf, ny, in[6], in[7], ny, 1, out[0]);
    return 0;
}

/* ---- QLinearMatMul: a, a_scale, a_zp, b, b_scale, b_zp, y_scale, y_zp; A (..., M, K), B (K, N) ---- */
static int qmm_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int rc;
    for (int k = 0; k < 8; k++) if (!in[k]) return SHAPE_ERR("QLinearMatMul (node %s): input %d is required", n->name, k);
    if ((rc = ref_check_dtype(n, in[0], REF_DT_Q8, err, errlen)) || (rc = ref_check_dtype(n, in[3], REF_DT_Q8, err, errlen)) ||
        (rc = ref_check_dtype(n, in[7], REF_DT_Q8, err, errlen)))
        return rc;
    if (in[0]->rank < 2 || in[3]->rank != 2)
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "QLinearMatMul (node %s): only A (..., M, K) x B (K, N) is supported", n->name);
    int64_t K = in[0]->dims[in[0]->rank - 1], N = in[3]->dims[1];
    if (in[3]->dims[0] != K) return SHAPE_ERR("QLinearMatMul (node %s): inner dims differ", n->name);
    if (ref_numel(in[1]) != 1 || ref_numel(in[2]) != 1 || ref_numel(in[6]) != 1 || ref_numel(in[7]) != 1 ||
        (ref_numel(in[4]) != 1 && ref_numel(in[4]) != N) || ref_numel(in[5]) != ref_numel(in[4]))
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "QLinearMatMul (node %s): unsupported scale/zero point shapes", n->name);
    out[0]->dtype = in[7]->dtype;
    out[0]->rank = in[0]->rank;
    memcpy(out[0]->dims, in[0]->dims, sizeof out[0]->dims);
    out[0]->dims[out[0]->rank - 1] = N;
    n->scratch = align64((size_t)ref_numel(in[0]) * 4) + align64((size_t)ref_numel(in[3]) * 4) + align64((size_t)ref_numel(out[0]) * 4);
    return 0;
}

static int qmm_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)n; (void)err; (void)errlen;
    int64_t K = in[0]->dims[in[0]->rank - 1], N = in[3]->dims[1], M = ref_numel(in[0]) / (K ? K : 1), ny = ref_numel(out[0]);
    char *s = x->scratch;
    float *af = (float *)s;
    s += align64((size_t)ref_numel(in[0]) * 4);
    float *bf = (float *)s;
    s += align64((size_t)ref_numel(in[3]) * 4);
    float *yf = (float *)s;
    dequant(in[0], in[1], in[2], ref_numel(in[0]), 1, af);
    int64_t nb = ref_numel(in[4]);
    dequant(in[3], in[4], in[5], nb == 1 ? ref_numel(in[3]) : 1, nb, bf);
    ref_gemm_args a;
    memset(&a, 0, sizeof a);
    a.M = M; a.N = N; a.K = K;
    a.A = af; a.rsa = K; a.csa = 1;
    a.B = bf; a.rsb = N; a.csb = 1;
    a.C = yf; a.ldc = N; a.alpha = 1.0f;
    ref_sgemm(x, &a);
    quant(yf, ny, in[6], in[7], ny, 1, out[0]);
    return 0;
}

const ref_op ref_ops_quant[] = {
    {"QuantizeLinear", 2, 3, 1, 1, q_check, q_shape, q_run, 0},
    {"DequantizeLinear", 2, 3, 1, 1, q_check, dq_shape, dq_run, 0},
    {"QLinearConv", 8, 9, 1, 1, NULL, qconv_shape, qconv_run, 0},
    {"QLinearMatMul", 8, 8, 1, 1, NULL, qmm_shape, qmm_run, 0},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0},
};
