/*
 * qmatmul.c — integer MatMul for quantized (QDQ) models on CPUs with AVX-512 VNNI, the MatMul
 * counterpart of qconv.c: A (..., K) comes out of a fake-quant (per tensor, u8 or s8), B (K, N) is a
 * constant int8 tensor behind a DequantizeLinear (per tensor or per column, symmetric). Rows of A are
 * quantized back to u8 (exact: they lie on the grid), the products run u8 x s8 → s32 with VPDPBUSD
 * (16 columns per register, four k per byte lane), and the epilogue subtracts the zero-point term
 * per column, scales, and applies the fused output fake-quant of the next Q → DQ pair.
 */
#include <stdlib.h>
#include <string.h>

#include "ref_internal.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(REF_NO_SIMD)
#define QM_X86 1
#include <immintrin.h>
#endif

#define QM_NR 16 /* columns per panel */
#define QM_MR 8  /* rows per tile */

struct ref_qmm {
    int64_t K, K4, N, panels;
    int8_t *w;     /* [panels][K4/4][QM_NR][4] */
    int32_t *zsum; /* za * sum_k w[k][n], padded to panels*QM_NR */
    float *scale;  /* sa * sw[n], padded */
    float inv_sa;
    int32_t za; /* activation zero point in the unsigned domain */
};

void ref_qmm_free(ref_qmm *q)
{
    if (!q) return;
    ref_aligned_free(q->w);
    free(q->zsum);
    free(q->scale);
    free(q);
}

size_t ref_qmm_scratch(const ref_qmm *q, int64_t rows) { return ((size_t)(rows * q->K4) + 63) / 64 * 64; }

int ref_qmm_prepare(const ref_graph *g, const ref_plan *p, ref_node *n, char *err, size_t errlen)
{
    ref_qmm_free(n->qmm);
    n->qmm = NULL;
#ifdef QM_X86
    if (getenv("AITC_REF_NO_INT8") || !ref_q_have_vnni()) return 0;
    const ref_tensor *A = &p->t[n->in[0]], *Bf = &p->t[n->in[1]];
    if (A->dtype != AITC_DTYPE_FLOAT32 || Bf->rank != 2 || A->rank < 1 || A->dims[A->rank - 1] != Bf->dims[0]) return 0;
    const int64_t K = Bf->dims[0], N = Bf->dims[1];
    ref_q_operands o;
    if (!ref_q_operands_get(g, p, n->in[0], n->in[1], K * N, N, 1, &o)) return 0;
    const int32_t za = o.za;
    const float sa = o.sa;
    ref_qmm *q = calloc(1, sizeof *q);
    if (!q) return ref_err(err, errlen, AITC_E_NOMEM, "MatMul (node %s): out of memory", n->name);
    q->K = K;
    q->K4 = (K + 3) / 4 * 4;
    q->N = N;
    q->panels = (N + QM_NR - 1) / QM_NR;
    q->inv_sa = 1.0f / sa;
    q->za = za;
    const int64_t npad = q->panels * QM_NR;
    q->w = ref_aligned_alloc((size_t)(npad * q->K4));
    q->zsum = calloc((size_t)npad, sizeof(int32_t));
    q->scale = calloc((size_t)npad, sizeof(float));
    if (!q->w || !q->zsum || !q->scale) {
        ref_qmm_free(q);
        return ref_err(err, errlen, AITC_E_NOMEM, "MatMul (node %s): out of memory", n->name);
    }
    memset(q->w, 0, (size_t)(npad * q->K4));
    ref_q_pack_weights(&o, N, K, 1, N, QM_NR, q->K4, q->w, q->zsum, q->scale);
    n->qmm = q;
#else
    (void)g; (void)p; (void)err; (void)errlen;
#endif
    return 0;
}

#ifdef QM_X86
typedef struct {
    const ref_qmm *q;
    const float *A;
    uint8_t *aq; /* rows x K4 */
    float *Y;
    int64_t rows;
    int oq;
    float oq_scale, oq_lo, oq_hi;
} qm_ctx;

/* Rows [r0, r1) of A quantized back to u8 (zero padded to K4). */
__attribute__((target("avx512f,avx512bw"))) static void quantize_rows(const qm_ctx *c, int64_t r0, int64_t r1)
{
    const ref_qmm *q = c->q;
    const __m512 inv = _mm512_set1_ps(q->inv_sa);
    const __m512i z = _mm512_set1_epi32(q->za), lo = _mm512_setzero_si512(), hi = _mm512_set1_epi32(255);
    for (int64_t r = r0; r < r1; r++) {
        const float *a = c->A + r * q->K;
        uint8_t *d = c->aq + r * q->K4;
        int64_t k = 0;
        for (; k < q->K; k += 16) {
            const __mmask16 m = q->K - k >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (q->K - k)) - 1);
            __m512i v = _mm512_add_epi32(_mm512_cvtps_epi32(_mm512_mul_ps(_mm512_maskz_loadu_ps(m, a + k), inv)), z);
            v = _mm512_min_epi32(_mm512_max_epi32(v, lo), hi);
            _mm512_mask_cvtepi32_storeu_epi8(d + k, m, v);
        }
        for (k = q->K; k < q->K4; k++) d[k] = 0;
    }
}

/* R rows (up to QM_MR) x NP panels (1 or 2); R and NP constant at the call sites. */
#define QM_ACC(r) __m512i c##r##0 = _mm512_setzero_si512(), c##r##1 = c##r##0;
#define QM_STEP(r)                                                               \
    if (r < R) {                                                                 \
        int32_t ad;                                                              \
        memcpy(&ad, c->aq + (m0 + r) * q->K4 + k4, 4);                           \
        const __m512i av = _mm512_set1_epi32(ad);                                \
        c##r##0 = _mm512_dpbusd_epi32(c##r##0, av, w0);                          \
        if (NP == 2) c##r##1 = _mm512_dpbusd_epi32(c##r##1, av, w1);             \
    }
#define QM_SAVE(r) acc[r][0] = c##r##0; acc[r][1] = c##r##1;
__attribute__((target("avx512f,avx512bw,avx512vnni"))) static inline __attribute__((always_inline)) void
qm_tile(const qm_ctx *c, const int R, const int NP, int64_t m0, int64_t panel)
{
    const ref_qmm *q = c->q;
    const int8_t *wp0 = q->w + panel * QM_NR * q->K4, *wp1 = wp0 + QM_NR * q->K4;
    QM_ACC(0) QM_ACC(1) QM_ACC(2) QM_ACC(3) QM_ACC(4) QM_ACC(5) QM_ACC(6) QM_ACC(7)
    for (int64_t k4 = 0; k4 < q->K4; k4 += 4) {
        const __m512i w0 = _mm512_load_si512((const void *)(wp0 + k4 * QM_NR));
        const __m512i w1 = NP == 2 ? _mm512_load_si512((const void *)(wp1 + k4 * QM_NR)) : w0;
        QM_STEP(0) QM_STEP(1) QM_STEP(2) QM_STEP(3) QM_STEP(4) QM_STEP(5) QM_STEP(6) QM_STEP(7)
    }
    __m512i acc[QM_MR][2];
    QM_SAVE(0) QM_SAVE(1) QM_SAVE(2) QM_SAVE(3) QM_SAVE(4) QM_SAVE(5) QM_SAVE(6) QM_SAVE(7)
    const __m512 vqs = _mm512_set1_ps(c->oq_scale), vql = _mm512_set1_ps(c->oq_lo), vqh = _mm512_set1_ps(c->oq_hi);
    for (int p = 0; p < NP; p++) {
        const int64_t j0 = (panel + p) * QM_NR, left = q->N - j0;
        if (left <= 0) break;
        const __mmask16 mk = left >= QM_NR ? (__mmask16)0xffff : (__mmask16)((1u << left) - 1);
        __m512 sc = _mm512_loadu_ps(q->scale + j0);
        if (c->oq) sc = _mm512_div_ps(sc, vqs); /* straight into steps of the output quantization */
        const __m512i zs = _mm512_loadu_si512((const void *)(q->zsum + j0));
        for (int r = 0; r < R; r++) {
            __m512 v = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_sub_epi32(acc[r][p], zs)), sc);
            if (c->oq) { /* max/min take the bound for a NaN, as the scalar fake-quant */
                v = _mm512_min_ps(_mm512_max_ps(v, vql), vqh);
                v = _mm512_mul_ps(_mm512_roundscale_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC), vqs);
            }
            _mm512_mask_storeu_ps(c->Y + (m0 + r) * q->N + j0, mk, v);
        }
    }
}
#undef QM_ACC
#undef QM_STEP
#undef QM_SAVE

__attribute__((target("avx512f,avx512bw,avx512vnni"))) static void qm_rows(const qm_ctx *c, int64_t m_lo, int64_t m_hi)
{
    const ref_qmm *q = c->q;
    for (int64_t m = m_lo; m < m_hi; m += QM_MR) {
        const int64_t r = m_hi - m < QM_MR ? m_hi - m : QM_MR;
        for (int64_t pn = 0; pn < q->panels; pn += 2) {
            const int two = pn + 1 < q->panels;
            switch (r) { /* constant row counts: the accumulators stay in registers */
            case 8: if (two) qm_tile(c, 8, 2, m, pn); else qm_tile(c, 8, 1, m, pn); break;
            case 7: if (two) qm_tile(c, 7, 2, m, pn); else qm_tile(c, 7, 1, m, pn); break;
            case 6: if (two) qm_tile(c, 6, 2, m, pn); else qm_tile(c, 6, 1, m, pn); break;
            case 5: if (two) qm_tile(c, 5, 2, m, pn); else qm_tile(c, 5, 1, m, pn); break;
            case 4: if (two) qm_tile(c, 4, 2, m, pn); else qm_tile(c, 4, 1, m, pn); break;
            case 3: if (two) qm_tile(c, 3, 2, m, pn); else qm_tile(c, 3, 1, m, pn); break;
            case 2: if (two) qm_tile(c, 2, 2, m, pn); else qm_tile(c, 2, 1, m, pn); break;
            default: if (two) qm_tile(c, 1, 2, m, pn); else qm_tile(c, 1, 1, m, pn); break;
            }
        }
    }
}

static void qm_task(void *arg, int64_t b, int64_t e, int tid)
{
    (void)tid;
    const qm_ctx *c = arg;
    const int64_t lo = b * QM_MR, hi = e * QM_MR < c->rows ? e * QM_MR : c->rows;
    if (lo >= hi) return;
    quantize_rows(c, lo, hi);
    qm_rows(c, lo, hi);
}
#endif

int ref_qmm_run(const ref_exec *x, const ref_node *n, const float *A, int64_t rows, float *Y)
{
#ifdef QM_X86
    const ref_qmm *q = n->qmm;
    if (!q) return 1;
    qm_ctx c = {q, A, x->scratch, Y, rows, n->oq, n->oq_scale, n->oq_lo, n->oq_hi};
    const int64_t units = (rows + QM_MR - 1) / QM_MR;
    if (x->threads && units >= 2 && rows * q->N * q->K / 4 >= REF_PAR_MIN_WORK) ref_threads_run(x->threads, units, qm_task, &c);
    else qm_task(&c, 0, units, 0);
    return 0;
#else
    (void)x; (void)n; (void)A; (void)rows; (void)Y;
    return 1;
#endif
}
