/*
 * qconv.c — integer convolution for quantized (QDQ) models on CPUs with AVX-512 VNNI.
 *
 * A QDQ model wraps each Conv in DequantizeLinear nodes: its input comes out of a QuantizeLinear →
 * DequantizeLinear pair (fused into one fake-quant pass, graph.c) and its weights are a constant int8
 * tensor behind a DequantizeLinear. Such a Conv (group 1, symmetric int8 weights, per-tensor or
 * per-output-channel scales) is run here on integers, as onnxruntime runs it:
 *
 *   q(x) = round(x / sx) + zx            exact: x is already on the grid of (sx, zx)
 *   acc  = sum_k q(x) * w                u8 x s8 → s32 with VPDPBUSD, 64 multiply-adds per instruction
 *   y    = (acc - zx * sum_k w) * (sx * sw[m]) + bias[m], then the fused clamp, as float
 *
 * so the result is the float path's up to the rounding of one product sum (the next fake-quant then
 * lands on the same step, or one step away on an exact tie). The activations are quantized straight
 * into the kernel's layout: 16 output positions per 64-byte row, four consecutive k per position.
 * Weights are packed once per plan. Other CPUs and other patterns keep the float path (conv.c).
 */
#include <stdlib.h>
#include <string.h>

#include "ref_internal.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(REF_NO_SIMD)
#define QC_X86 1
#include <immintrin.h>
#endif

#define QMR 12 /* weight rows per packed panel */
#define QNR 16 /* output positions per activation panel */

struct ref_qconv {
    int64_t M, K, K4; /* output channels, C*kh*kw, K rounded up to a multiple of 4 */
    int8_t *w;        /* [ceil(M/QMR)][K4/4][QMR][4] */
    int32_t *zsum;    /* zx * sum_k w[m][k] */
    float *scale;     /* sx * sw[m] */
    float inv_sx;
    int32_t zx; /* activation zero point in the unsigned domain (int8 activations are shifted by 128) */
};

void ref_qconv_free(ref_qconv *q)
{
    if (!q) return;
    ref_aligned_free(q->w);
    free(q->zsum);
    free(q->scale);
    free(q);
}

size_t ref_qconv_scratch(const ref_qconv *q, const ref_conv_p *p)
{
    int64_t n = p->OH * p->OW, panels = (n + QNR - 1) / QNR;
    return ((size_t)(panels * QNR * q->K4) + 63) / 64 * 64 + ref_conv_scratch(p);
}

#ifdef QC_X86
int ref_q_have_vnni(void)
{
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512bw");
}

/* The fused fake-quant QuantizeLinear whose output is value v (run alone, or fused into the Conv that
 * produces v), or NULL. */
const ref_node *ref_q_fakequant_producer(const ref_graph *g, int v)
{
    for (int i = 0; i < g->nnodes; i++) {
        const ref_node *n = &g->nodes[i];
        if (n->skip || n->nout != 1 || n->out[0] != v) continue;
        if (n->act == REF_ACT_FAKEQUANT) return n;
        if (n->oq && n->oq_node >= 0 && n->oq_node < g->nnodes) return &g->nodes[n->oq_node];
    }
    return NULL;
}

/* The folded DequantizeLinear that made the constant value v, or NULL. */
const ref_node *ref_q_dq_producer(const ref_graph *g, const ref_plan *p, int v)
{
    for (int i = 0; i < g->nnodes; i++) {
        const ref_node *n = &g->nodes[i];
        if (p->folded[i] && !strcmp(n->op_type, "DequantizeLinear") && n->nout == 1 && n->out[0] == v) return n;
    }
    return NULL;
}


int ref_q_operands_get(const ref_graph *g, const ref_plan *p, int va, int vw, int64_t wcount, int64_t channels, int axis,
                       ref_q_operands *o)
{
    const ref_node *fq = ref_q_fakequant_producer(g, va), *dq = ref_q_dq_producer(g, p, vw);
    if (!fq || !dq || dq->nin < 2) return 0;
    const ref_tensor *saT = &p->t[fq->in[1]], *zaT = fq->nin > 2 && fq->in[2] >= 0 ? &p->t[fq->in[2]] : NULL;
    const ref_tensor *wq = &p->t[dq->in[0]], *swT = &p->t[dq->in[1]], *zwT = dq->nin > 2 && dq->in[2] >= 0 ? &p->t[dq->in[2]] : NULL;
    if (!p->is_const[dq->in[0]] || wq->dtype != AITC_DTYPE_INT8 || !wq->data || ref_numel(wq) != wcount) return 0;
    o->nsw = ref_numel(swT);
    if (swT->dtype != AITC_DTYPE_FLOAT32 || !swT->data || (o->nsw != 1 && (o->nsw != channels || ref_attr_i(dq, "axis", 1) != axis))) return 0;
    for (int64_t i = 0; zwT && i < ref_numel(zwT); i++)
        if (!zwT->data || ref_get_i64(zwT, i) != 0) return 0; /* asymmetric weights: float path */
    o->za = zaT && zaT->data ? (int32_t)ref_get_i64(zaT, 0) : 0;
    if (zaT && zaT->dtype == AITC_DTYPE_INT8) o->za += 128;
    else if (zaT && zaT->dtype != AITC_DTYPE_UINT8) return 0;
    o->sa = ((const float *)saT->data)[0];
    if (!(o->sa > 0.0f)) return 0;
    o->w = wq->data;
    o->sw = swT->data;
    return 1;
}

void ref_q_pack_weights(const ref_q_operands *o, int64_t outs, int64_t K, int64_t so, int64_t sk, int lanes, int64_t K4, int8_t *dst,
                        int32_t *zsum, float *scale)
{
    for (int64_t j = 0; j < outs; j++) {
        int32_t sum = 0;
        int8_t *d = dst + (j / lanes) * lanes * K4 + (j % lanes) * 4;
        for (int64_t k = 0; k < K; k++) {
            const int8_t v = o->w[j * so + k * sk];
            sum += v;
            d[(k / 4) * lanes * 4 + (k % 4)] = v;
        }
        zsum[j] = o->za * sum;
        scale[j] = o->sa * o->sw[o->nsw == 1 ? 0 : j];
    }
}
#endif

int ref_qconv_prepare(const ref_graph *g, const ref_plan *p, ref_node *n, char *err, size_t errlen)
{
    ref_qconv_free(n->qconv);
    n->qconv = NULL;
#ifdef QC_X86
    if (getenv("AITC_REF_NO_INT8") || !ref_q_have_vnni()) return 0;
    const ref_tensor *X = &p->t[n->in[0]], *Wf = &p->t[n->in[1]];
    ref_conv_p cp;
    char e2[8];
    if (X->dtype != AITC_DTYPE_FLOAT32 || ref_conv_params(n, X, Wf, &cp, e2, sizeof e2) || cp.group != 1) return 0;
    ref_q_operands o;
    if (!ref_q_operands_get(g, p, n->in[0], n->in[1], ref_numel(Wf), cp.M, 0, &o)) return 0;
    const int32_t zx = o.za;
    const float sx = o.sa;

    ref_qconv *q = calloc(1, sizeof *q);
    if (!q) return ref_err(err, errlen, AITC_E_NOMEM, "Conv (node %s): out of memory", n->name);
    q->M = cp.M;
    q->K = cp.C * cp.kh * cp.kw;
    q->K4 = (q->K + 3) / 4 * 4;
    q->inv_sx = 1.0f / sx;
    q->zx = zx;
    int64_t panels = (q->M + QMR - 1) / QMR;
    q->w = ref_aligned_alloc((size_t)(panels * QMR * q->K4));
    q->zsum = malloc((size_t)q->M * sizeof(int32_t));
    q->scale = malloc((size_t)q->M * sizeof(float));
    if (!q->w || !q->zsum || !q->scale) {
        ref_qconv_free(q);
        return ref_err(err, errlen, AITC_E_NOMEM, "Conv (node %s): out of memory", n->name);
    }
    memset(q->w, 0, (size_t)(panels * QMR * q->K4));
    ref_q_pack_weights(&o, q->M, q->K, q->K, 1, QMR, q->K4, q->w, q->zsum, q->scale);
    n->qconv = q;
#else
    (void)g; (void)p; (void)err; (void)errlen;
#endif
    return 0;
}

#ifdef QC_X86
typedef struct {
    const ref_qconv *q;
    const float *B; /* K x N activations (the input plane or its im2col), row stride N */
    int64_t N;
    uint8_t *bq;    /* ceil(N/QNR) panels of K4*QNR bytes */
    const float *bias;
    float *Y;       /* M x N */
    int act;
    float lo, hi;
    int oq;
    float oq_scale, qlo, qhi; /* output step; bounds in steps (fake-quant range, activation folded in) */
    int split_rows; /* threads split weight panels (activations packed beforehand) instead of columns */
} qc_ctx;

/* Quantizes columns [j0, j0 + 16) of B into one panel: dword lane n of row k4 holds q(B[4k4 + i][j0 + n])
 * in byte i; positions past N and rows past K are zero. */
__attribute__((target("avx512f,avx512bw"))) static void pack_panel(const qc_ctx *c, int64_t j0, uint8_t *dst)
{
    const ref_qconv *q = c->q;
    const int64_t left = c->N - j0;
    const __mmask16 m = left >= QNR ? (__mmask16)0xffff : (__mmask16)((1u << left) - 1);
    const __m512 inv = _mm512_set1_ps(q->inv_sx);
    const __m512i z = _mm512_set1_epi32(q->zx), lo = _mm512_setzero_si512(), hi = _mm512_set1_epi32(255);
    for (int64_t k4 = 0; k4 < q->K4; k4 += 4) {
        __m512i acc = _mm512_setzero_si512();
        for (int i = 0; i < 4 && k4 + i < q->K; i++) {
            __m512 v = _mm512_maskz_loadu_ps(m, c->B + (k4 + i) * c->N + j0);
            __m512i r = _mm512_add_epi32(_mm512_cvtps_epi32(_mm512_mul_ps(v, inv)), z); /* round half to even */
            r = _mm512_maskz_mov_epi32(m, _mm512_min_epi32(_mm512_max_epi32(r, lo), hi));
            acc = _mm512_or_si512(acc, _mm512_slli_epi32(r, 8 * i));
        }
        _mm512_store_si512((void *)(dst + k4 * QNR), acc);
    }
}

/* R weight rows (6 or 12) x NP activation panels (1 or 2), constants at the call sites. The accumulators
 * are named variables, not an array: GCC keeps an array of vectors in memory even when fully unrolled. */
#define QC_ACC(r) __m512i c##r##0 = _mm512_setzero_si512(), c##r##1 = c##r##0;
#define QC_STEP(r)                                                              \
    if (r < R) {                                                                \
        int32_t wd;                                                             \
        memcpy(&wd, wk + 4 * r, 4);                                             \
        const __m512i wv = _mm512_set1_epi32(wd);                               \
        c##r##0 = _mm512_dpbusd_epi32(c##r##0, x0, wv);                         \
        if (NP == 2) c##r##1 = _mm512_dpbusd_epi32(c##r##1, x1, wv);            \
    }
#define QC_SAVE(r) acc[r][0] = c##r##0; acc[r][1] = c##r##1;
__attribute__((target("avx512f,avx512bw,avx512vnni"))) static inline __attribute__((always_inline)) void
tile(const qc_ctx *c, const int R, const int NP, int64_t m0, int64_t j0)
{
    const ref_qconv *q = c->q;
    const int8_t *wp = q->w + (m0 / QMR) * QMR * q->K4 + (m0 % QMR) * 4;
    const uint8_t *b0 = c->bq + (j0 / QNR) * QNR * q->K4, *b1 = b0 + QNR * q->K4;
    QC_ACC(0) QC_ACC(1) QC_ACC(2) QC_ACC(3) QC_ACC(4) QC_ACC(5) QC_ACC(6) QC_ACC(7) QC_ACC(8) QC_ACC(9) QC_ACC(10) QC_ACC(11)
    for (int64_t k4 = 0; k4 < q->K4; k4 += 4) {
        const __m512i x0 = _mm512_load_si512((const void *)(b0 + k4 * QNR));
        const __m512i x1 = NP == 2 ? _mm512_load_si512((const void *)(b1 + k4 * QNR)) : x0;
        const int8_t *wk = wp + k4 * QMR;
        QC_STEP(0) QC_STEP(1) QC_STEP(2) QC_STEP(3) QC_STEP(4) QC_STEP(5)
        QC_STEP(6) QC_STEP(7) QC_STEP(8) QC_STEP(9) QC_STEP(10) QC_STEP(11)
    }
    /* the epilogue reads them back by row; the stores are cheap next to the K loop */
    __m512i acc[QMR][2];
    QC_SAVE(0) QC_SAVE(1) QC_SAVE(2) QC_SAVE(3) QC_SAVE(4) QC_SAVE(5) QC_SAVE(6) QC_SAVE(7) QC_SAVE(8) QC_SAVE(9) QC_SAVE(10) QC_SAVE(11)
    /* With the output fake-quant the row's scale and bias are divided by its step once, so each vector
     * is one multiply-add into the quantized domain, one clamp (the activation's bounds folded in),
     * a rounding and the multiply back. max/min take the bound for a NaN, as the scalar fake-quant. */
    const __m512 vlo = _mm512_set1_ps(c->oq ? c->qlo : c->lo), vhi = _mm512_set1_ps(c->oq ? c->qhi : c->hi);
    const __m512 vqs = _mm512_set1_ps(c->oq_scale);
    const int clamp = c->act || c->oq;
    const int64_t rows = q->M - m0 < R ? q->M - m0 : R;
    for (int r = 0; r < rows; r++) {
        const int64_t m = m0 + r;
        float sc = q->scale[m], bb = c->bias ? c->bias[m] : 0.0f;
        if (c->oq) { sc /= c->oq_scale; bb /= c->oq_scale; }
        const __m512 vsc = _mm512_set1_ps(sc), vbb = _mm512_set1_ps(bb);
        const __m512i vz = _mm512_set1_epi32(q->zsum[m]);
        for (int p = 0; p < NP; p++) {
            const int64_t left = c->N - j0 - p * QNR;
            if (left <= 0) break;
            const __mmask16 mk = left >= QNR ? (__mmask16)0xffff : (__mmask16)((1u << left) - 1);
            __m512 v = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_sub_epi32(acc[r][p], vz)), vsc, vbb);
            if (clamp) v = _mm512_min_ps(_mm512_max_ps(v, vlo), vhi);
            if (c->oq) v = _mm512_mul_ps(_mm512_roundscale_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC), vqs);
            _mm512_mask_storeu_ps(c->Y + m * c->N + j0 + p * QNR, mk, v);
        }
    }
}
#undef QC_ACC
#undef QC_STEP
#undef QC_SAVE

__attribute__((target("avx512f,avx512bw,avx512vnni"))) static void tiles(const qc_ctx *c, int64_t m_lo, int64_t m_hi, int64_t j_lo,
                                                                        int64_t j_hi)
{
    for (int64_t j = j_lo; j < j_hi; j += 2 * QNR) {
        const int two = j + QNR < j_hi;
        for (int64_t m = m_lo; m < m_hi; m += QMR) {
            const int six = m_hi - m <= 6;
            if (two) { if (six) tile(c, 6, 2, m, j); else tile(c, QMR, 2, m, j); }
            else { if (six) tile(c, 6, 1, m, j); else tile(c, QMR, 1, m, j); }
        }
    }
}

static void qc_task(void *arg, int64_t b, int64_t e, int tid)
{
    (void)tid;
    const qc_ctx *c = arg;
    if (c->split_rows) {
        int64_t m_hi = e * QMR < c->q->M ? e * QMR : c->q->M;
        tiles(c, b * QMR, m_hi, 0, c->N);
        return;
    }
    /* units of two panels: pack this thread's columns, then compute them */
    int64_t j_lo = b * 2 * QNR, j_hi = e * 2 * QNR < c->N ? e * 2 * QNR : c->N;
    for (int64_t j = j_lo; j < j_hi; j += QNR) pack_panel(c, j, c->bq + (j / QNR) * QNR * c->q->K4);
    tiles(c, 0, c->q->M, j_lo, j_hi);
}
#endif

int ref_qconv_run(const ref_exec *x, const ref_node *n, const ref_conv_p *p, const float *X, const float *bias, float *Y)
{
#ifdef QC_X86
    const ref_qconv *q = n->qconv;
    if (!q || p->group != 1 || q->M != p->M || q->K != p->C * p->kh * p->kw) return 1;
    const int64_t N = p->OH * p->OW, panels = (N + QNR - 1) / QNR;
    uint8_t *bq = x->scratch;
    float *col = (float *)((char *)x->scratch + ((size_t)(panels * QNR * q->K4) + 63) / 64 * 64);
    const int direct = ref_conv_scratch(p) == 0;
    for (int64_t b = 0; b < p->N; b++) {
        const float *xb = X + b * p->C * p->H * p->W;
        if (!direct) ref_im2col(p, xb, p->C, col);
        qc_ctx c = {q, direct ? xb : col, N, bq, bias, Y + b * p->M * N, n->act, n->act ? n->act_min : 0.0f,
                    n->act ? n->act_max : 0.0f, n->oq, n->oq_scale, n->oq_lo, n->oq_hi, 0};
        if (n->oq && n->act) {
            float l = n->act_min / n->oq_scale, h = n->act_max / n->oq_scale;
            c.qlo = l > c.qlo ? l : c.qlo;
            c.qhi = h < c.qhi ? h : c.qhi;
        }
        const int64_t units = (N + 2 * QNR - 1) / (2 * QNR), work = q->M * N * q->K / 4;
        if (!x->threads || x->nthreads < 2 || work < REF_PAR_MIN_WORK) {
            qc_task(&c, 0, units, 0);
        } else if (units >= 2 * x->nthreads) {
            ref_threads_run(x->threads, units, qc_task, &c);
        } else { /* few columns: pack them here, split the weight panels */
            for (int64_t j = 0; j < N; j += QNR) pack_panel(&c, j, bq + (j / QNR) * QNR * q->K4);
            c.split_rows = 1;
            ref_threads_run(x->threads, (q->M + QMR - 1) / QMR, qc_task, &c);
        }
    }
    return 0;
#else
    (void)x; (void)n; (void)p; (void)X; (void)bias; (void)Y;
    return 1;
#endif
}
