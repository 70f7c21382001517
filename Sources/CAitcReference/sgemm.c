/*
 * sgemm.c — blocked, packed single-precision GEMM (Goto-style: NC x KC panels of B, MC x KC of A, an
 * MR x NR micro-kernel). The micro-kernel is plain C that compilers vectorize; on x86-64 an AVX2+FMA
 * variant is chosen at run time. Bias and a clamp are applied in the epilogue of the last K block.
 */
#include <string.h>

#include "ref_internal.h"

/* GCC's -O2 only vectorizes loops whose trip count is a multiple of the vector width; these loops are
 * hot and not, so ask for the dynamic cost model here (clang vectorizes them at -O2 already). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic")
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(REF_NO_SIMD)
#include <immintrin.h>
#define REF_HAVE_AVX2 1
#endif

#define MR 6
#define NR 16
#ifndef REF_GEMM_USE_AVX512
#define REF_GEMM_USE_AVX512 1
#endif
#ifndef REF_GEMM_WIDE
#define REF_GEMM_WIDE 1
#endif
#ifndef REF_GEMM_DIRECT_B_MAX_M
#define REF_GEMM_DIRECT_B_MAX_M 96
#endif

static void kernel_c(int64_t kc, const float *a, const float *b, int64_t ldb, float *out)
{
    float acc[MR][NR];
    memset(acc, 0, sizeof acc);
    for (int64_t k = 0; k < kc; k++) {
        const float *bp = b + k * ldb;
        const float *ap = a + k * MR;
        for (int i = 0; i < MR; i++) {
            float av = ap[i];
            for (int j = 0; j < NR; j++) acc[i][j] += av * bp[j];
        }
    }
    memcpy(out, acc, sizeof acc);
}

#ifdef REF_HAVE_AVX2
__attribute__((target("avx2,fma"))) static void kernel_avx2(int64_t kc, const float *a, const float *b, int64_t ldb, float *out)
{
    __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    for (int64_t k = 0; k < kc; k++) {
        __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8), av;
        av = _mm256_broadcast_ss(a + 0); c00 = _mm256_fmadd_ps(av, b0, c00); c01 = _mm256_fmadd_ps(av, b1, c01);
        av = _mm256_broadcast_ss(a + 1); c10 = _mm256_fmadd_ps(av, b0, c10); c11 = _mm256_fmadd_ps(av, b1, c11);
        av = _mm256_broadcast_ss(a + 2); c20 = _mm256_fmadd_ps(av, b0, c20); c21 = _mm256_fmadd_ps(av, b1, c21);
        av = _mm256_broadcast_ss(a + 3); c30 = _mm256_fmadd_ps(av, b0, c30); c31 = _mm256_fmadd_ps(av, b1, c31);
        av = _mm256_broadcast_ss(a + 4); c40 = _mm256_fmadd_ps(av, b0, c40); c41 = _mm256_fmadd_ps(av, b1, c41);
        av = _mm256_broadcast_ss(a + 5); c50 = _mm256_fmadd_ps(av, b0, c50); c51 = _mm256_fmadd_ps(av, b1, c51);
        a += MR;
        b += ldb;
    }
    _mm256_storeu_ps(out + 0, c00); _mm256_storeu_ps(out + 8, c01);
    _mm256_storeu_ps(out + 16, c10); _mm256_storeu_ps(out + 24, c11);
    _mm256_storeu_ps(out + 32, c20); _mm256_storeu_ps(out + 40, c21);
    _mm256_storeu_ps(out + 48, c30); _mm256_storeu_ps(out + 56, c31);
    _mm256_storeu_ps(out + 64, c40); _mm256_storeu_ps(out + 72, c41);
    _mm256_storeu_ps(out + 80, c50); _mm256_storeu_ps(out + 88, c51);
}

/* The same product for a full MR x NR tile, finished in registers: C = alpha*AB (+ C when add) (+ bias
 * per row when bias != NULL) then clamped to [lo, hi] when act. */
__attribute__((target("avx2,fma"))) static void kernel_avx2_c(int64_t kc, const float *a, const float *b, int64_t ldb, float *C, int64_t ldc,
                                                               float alpha, int add, const float *bias, int act, float lo,
                                                               float hi)
{
    /* named accumulators, not an array: GCC at -O2 keeps an array of vectors in memory */
    __m256 c00 = _mm256_setzero_ps(), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    __m256 c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    for (int64_t k = 0; k < kc; k++) {
        __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8), av;
        av = _mm256_broadcast_ss(a + 0); c00 = _mm256_fmadd_ps(av, b0, c00); c01 = _mm256_fmadd_ps(av, b1, c01);
        av = _mm256_broadcast_ss(a + 1); c10 = _mm256_fmadd_ps(av, b0, c10); c11 = _mm256_fmadd_ps(av, b1, c11);
        av = _mm256_broadcast_ss(a + 2); c20 = _mm256_fmadd_ps(av, b0, c20); c21 = _mm256_fmadd_ps(av, b1, c21);
        av = _mm256_broadcast_ss(a + 3); c30 = _mm256_fmadd_ps(av, b0, c30); c31 = _mm256_fmadd_ps(av, b1, c31);
        av = _mm256_broadcast_ss(a + 4); c40 = _mm256_fmadd_ps(av, b0, c40); c41 = _mm256_fmadd_ps(av, b1, c41);
        av = _mm256_broadcast_ss(a + 5); c50 = _mm256_fmadd_ps(av, b0, c50); c51 = _mm256_fmadd_ps(av, b1, c51);
        a += MR;
        b += ldb;
    }
    __m256 c[MR][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}, {c40, c41}, {c50, c51}};
    __m256 al = _mm256_set1_ps(alpha), l = _mm256_set1_ps(lo), h = _mm256_set1_ps(hi);
    for (int i = 0; i < MR; i++) {
        float *cr = C + i * ldc;
        __m256 v0 = _mm256_mul_ps(c[i][0], al), v1 = _mm256_mul_ps(c[i][1], al);
        if (add) { v0 = _mm256_add_ps(v0, _mm256_loadu_ps(cr)); v1 = _mm256_add_ps(v1, _mm256_loadu_ps(cr + 8)); }
        if (bias) { __m256 bv = _mm256_set1_ps(bias[i]); v0 = _mm256_add_ps(v0, bv); v1 = _mm256_add_ps(v1, bv); }
        if (act) { v0 = _mm256_min_ps(_mm256_max_ps(v0, l), h); v1 = _mm256_min_ps(_mm256_max_ps(v1, l), h); }
        _mm256_storeu_ps(cr, v0);
        _mm256_storeu_ps(cr + 8, v1);
    }
}

/* AVX-512F: one 16-float register per row; k is unrolled by two into a second accumulator set so
 * twelve independent FMA chains cover the FMA latency (the two sets are added at the end). */
__attribute__((target("avx512f"))) static void kernel_avx512_c(int64_t kc, const float *a, const float *b, int64_t ldb, float *C,
                                                               int64_t ldc, float alpha, int add, const float *bias, int act,
                                                               float lo, float hi, int64_t nr, int64_t mr)
{
    /* nr < NR: a panel at the right edge (B zero-padded to NR), stored through a mask */
    const __mmask16 mk = nr >= NR ? (__mmask16)0xffff : (__mmask16)((1u << nr) - 1);
    __m512 c0 = _mm512_setzero_ps(), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
    __m512 d0 = c0, d1 = c0, d2 = c0, d3 = c0, d4 = c0, d5 = c0;
    int64_t k = 0;
    for (; k + 1 < kc; k += 2) {
        __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + ldb);
        c0 = _mm512_fmadd_ps(_mm512_set1_ps(a[0]), b0, c0); d0 = _mm512_fmadd_ps(_mm512_set1_ps(a[MR + 0]), b1, d0);
        c1 = _mm512_fmadd_ps(_mm512_set1_ps(a[1]), b0, c1); d1 = _mm512_fmadd_ps(_mm512_set1_ps(a[MR + 1]), b1, d1);
        c2 = _mm512_fmadd_ps(_mm512_set1_ps(a[2]), b0, c2); d2 = _mm512_fmadd_ps(_mm512_set1_ps(a[MR + 2]), b1, d2);
        c3 = _mm512_fmadd_ps(_mm512_set1_ps(a[3]), b0, c3); d3 = _mm512_fmadd_ps(_mm512_set1_ps(a[MR + 3]), b1, d3);
        c4 = _mm512_fmadd_ps(_mm512_set1_ps(a[4]), b0, c4); d4 = _mm512_fmadd_ps(_mm512_set1_ps(a[MR + 4]), b1, d4);
        c5 = _mm512_fmadd_ps(_mm512_set1_ps(a[5]), b0, c5); d5 = _mm512_fmadd_ps(_mm512_set1_ps(a[MR + 5]), b1, d5);
        a += 2 * MR;
        b += 2 * ldb;
    }
    if (k < kc) {
        __m512 b0 = _mm512_loadu_ps(b);
        c0 = _mm512_fmadd_ps(_mm512_set1_ps(a[0]), b0, c0);
        c1 = _mm512_fmadd_ps(_mm512_set1_ps(a[1]), b0, c1);
        c2 = _mm512_fmadd_ps(_mm512_set1_ps(a[2]), b0, c2);
        c3 = _mm512_fmadd_ps(_mm512_set1_ps(a[3]), b0, c3);
        c4 = _mm512_fmadd_ps(_mm512_set1_ps(a[4]), b0, c4);
        c5 = _mm512_fmadd_ps(_mm512_set1_ps(a[5]), b0, c5);
    }
    __m512 c[MR] = {_mm512_add_ps(c0, d0), _mm512_add_ps(c1, d1), _mm512_add_ps(c2, d2),
                    _mm512_add_ps(c3, d3), _mm512_add_ps(c4, d4), _mm512_add_ps(c5, d5)};
    __m512 al = _mm512_set1_ps(alpha), l = _mm512_set1_ps(lo), h = _mm512_set1_ps(hi);
    for (int i = 0; i < MR && i < mr; i++) { /* mr < MR: the bottom edge (A zero-padded) */
        float *cr = C + i * ldc;
        __m512 v = _mm512_mul_ps(c[i], al);
        if (add) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(mk, cr));
        if (bias) v = _mm512_add_ps(v, _mm512_set1_ps(bias[i]));
        if (act) v = _mm512_min_ps(_mm512_max_ps(v, l), h);
        _mm512_mask_storeu_ps(cr, mk, v);
    }
}

/* AVX-512F, two B panels at once (32 columns) and R = 6 or 12 rows (one or two A panels): 2R
 * accumulators, so each k step is 2 loads of B and R broadcasts of A for 2R multiply-adds, and the
 * epilogue runs once per 32 columns. R is a constant in both callers, so the loops unroll. */
#define K512_ROW(i) acc[i][0] = _mm512_fmadd_ps(_mm512_set1_ps(ar[(i) / MR][(i) % MR]), b0, acc[i][0]); \
                    acc[i][1] = _mm512_fmadd_ps(_mm512_set1_ps(ar[(i) / MR][(i) % MR]), b1, acc[i][1]);
__attribute__((target("avx512f"))) static inline __attribute__((always_inline)) void
kernel_avx512_wide(int R, int64_t kc, const float *a0, const float *a1, const float *bp0, const float *bp1, int64_t ldb, float *C,
                   int64_t ldc, float alpha, int add, const float *bias, int act, float lo, float hi, int64_t rows)
{
    /* rows <= R: the bottom edge; the packed A panels are zero-padded, only the real rows are stored */
    __m512 acc[2 * MR][2];
    for (int i = 0; i < R; i++) acc[i][0] = acc[i][1] = _mm512_setzero_ps();
    for (int64_t k = 0; k < kc; k++) {
        const __m512 b0 = _mm512_loadu_ps(bp0 + k * ldb), b1 = _mm512_loadu_ps(bp1 + k * ldb);
        const float *ar[2] = {a0 + k * MR, a1 + k * MR};
        K512_ROW(0) K512_ROW(1) K512_ROW(2) K512_ROW(3) K512_ROW(4) K512_ROW(5)
        if (R == 2 * MR) { K512_ROW(6) K512_ROW(7) K512_ROW(8) K512_ROW(9) K512_ROW(10) K512_ROW(11) }
    }
    const __m512 al = _mm512_set1_ps(alpha), l = _mm512_set1_ps(lo), h = _mm512_set1_ps(hi);
    for (int i = 0; i < R && i < rows; i++) {
        float *cr = C + i * ldc;
        __m512 v0 = acc[i][0], v1 = acc[i][1];
        if (alpha != 1.0f) { v0 = _mm512_mul_ps(v0, al); v1 = _mm512_mul_ps(v1, al); }
        if (add) { v0 = _mm512_add_ps(v0, _mm512_loadu_ps(cr)); v1 = _mm512_add_ps(v1, _mm512_loadu_ps(cr + NR)); }
        if (bias) { const __m512 bv = _mm512_set1_ps(bias[i]); v0 = _mm512_add_ps(v0, bv); v1 = _mm512_add_ps(v1, bv); }
        if (act) { v0 = _mm512_min_ps(_mm512_max_ps(v0, l), h); v1 = _mm512_min_ps(_mm512_max_ps(v1, l), h); }
        _mm512_storeu_ps(cr, v0);
        _mm512_storeu_ps(cr + NR, v1);
    }
}
#undef K512_ROW

__attribute__((target("avx512f"))) static void kernel_avx512_12x32(int64_t kc, const float *a0, const float *a1, const float *b0,
                                                                   const float *b1, int64_t ldb, float *C, int64_t ldc, float alpha,
                                                                   int add, const float *bias, int act, float lo, float hi, int64_t rows)
{
    kernel_avx512_wide(2 * MR, kc, a0, a1, b0, b1, ldb, C, ldc, alpha, add, bias, act, lo, hi, rows);
}

__attribute__((target("avx512f"))) static void kernel_avx512_6x32(int64_t kc, const float *a0, const float *b0, const float *b1,
                                                                  int64_t ldb, float *C, int64_t ldc, float alpha, int add,
                                                                  const float *bias, int act, float lo, float hi, int64_t rows)
{
    kernel_avx512_wide(MR, kc, a0, a0, b0, b1, ldb, C, ldc, alpha, add, bias, act, lo, hi, rows);
}
#endif

#ifdef REF_HAVE_AVX2
/* One row of A (a vector-matrix product, M = 1) against four 16-column panels of B at once: four
 * independent chains, each summed in k order as the GEMM kernels do. The 6-row kernels would compute
 * five zero rows for it. Panel p has its columns at bpan[p] + k*ldb; mask[p] marks its real columns
 * (all of them for packed, zero-padded panels). Writes 16 floats per panel into out. */
__attribute__((target("avx512f"))) static void gemv_avx512(int64_t kc, const float *a, int np, const float *const *bpan, int64_t ldb,
                                                          const __mmask16 *mask, float *out)
{
    __m512 c0 = _mm512_setzero_ps(), c1 = c0, c2 = c0, c3 = c0;
    const __mmask16 m0 = mask[0], m1 = np > 1 ? mask[1] : 0, m2 = np > 2 ? mask[2] : 0, m3 = np > 3 ? mask[3] : 0;
    const float *b0 = bpan[0], *b1 = np > 1 ? bpan[1] : b0, *b2 = np > 2 ? bpan[2] : b0, *b3 = np > 3 ? bpan[3] : b0;
    for (int64_t k = 0; k < kc; k++) {
        const __m512 av = _mm512_set1_ps(a[k]);
        c0 = _mm512_fmadd_ps(av, _mm512_maskz_loadu_ps(m0, b0 + k * ldb), c0);
        c1 = _mm512_fmadd_ps(av, _mm512_maskz_loadu_ps(m1, b1 + k * ldb), c1);
        c2 = _mm512_fmadd_ps(av, _mm512_maskz_loadu_ps(m2, b2 + k * ldb), c2);
        c3 = _mm512_fmadd_ps(av, _mm512_maskz_loadu_ps(m3, b3 + k * ldb), c3);
    }
    _mm512_storeu_ps(out, c0);
    _mm512_storeu_ps(out + 16, c1);
    _mm512_storeu_ps(out + 32, c2);
    _mm512_storeu_ps(out + 48, c3);
}

#endif

typedef void (*kernel_fn)(int64_t kc, const float *a, const float *b, int64_t ldb, float *out);

static kernel_fn pick_kernel(void)
{
#ifdef REF_HAVE_AVX2
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return kernel_avx2;
#endif
    return kernel_c;
}

static void pack_a(const ref_gemm_args *g, int64_t i0, int64_t mc, int64_t k0, int64_t kc, float *ap)
{
    for (int64_t ip = 0; ip < mc; ip += MR) {
        int64_t mr = mc - ip < MR ? mc - ip : MR;
        for (int64_t k = 0; k < kc; k++) {
            const float *src = g->A + (i0 + ip) * g->rsa + (k0 + k) * g->csa;
            int64_t i = 0;
            for (; i < mr; i++) ap[i] = src[i * g->rsa];
            for (; i < MR; i++) ap[i] = 0.0f;
            ap += MR;
        }
    }
}

size_t ref_sgemm_packed_floats(int64_t M, int64_t K, int64_t *mp)
{
    *mp = (M + MR - 1) / MR * MR;
    return (size_t)(*mp * K);
}

void ref_sgemm_pack_a(const float *A, int64_t M, int64_t K, float *out)
{
    ref_gemm_args g;
    int64_t mp;
    memset(&g, 0, sizeof g);
    g.M = M; g.K = K; g.A = A; g.rsa = K; g.csa = 1;
    ref_sgemm_packed_floats(M, K, &mp);
    for (int64_t pc = 0; pc < K; pc += REF_GEMM_KC) {
        int64_t kc = K - pc < REF_GEMM_KC ? K - pc : REF_GEMM_KC;
        pack_a(&g, 0, M, pc, kc, out + pc * mp);
    }
}

static void pack_b(const ref_gemm_args *g, int64_t k0, int64_t kc, int64_t j0, int64_t nc, float *bp)
{
    for (int64_t jp = 0; jp < nc; jp += NR) {
        int64_t nr = nc - jp < NR ? nc - jp : NR;
        for (int64_t k = 0; k < kc; k++) {
            const float *src = g->B + (k0 + k) * g->rsb + (j0 + jp) * g->csb;
            int64_t j = 0;
            if (g->csb == 1 && nr == NR) {
                for (j = 0; j < NR; j++) bp[j] = src[j]; /* a loop the compiler vectorizes, not a libc call per 64 bytes */
            } else {
                for (; j < nr; j++) bp[j] = src[j * g->csb];
                for (; j < NR; j++) bp[j] = 0.0f;
            }
            bp += NR;
        }
    }
}

size_t ref_sgemm_packed_b_floats(int64_t K, int64_t N) { return (size_t)(K * ((N + NR - 1) / NR * NR)); }

/* Block (jc, pc) of the whole-B packing starts at jc*K + pc*ncpad: every earlier column block is a full
 * REF_GEMM_NC (a multiple of NR) wide. */
void ref_sgemm_pack_b(const float *B, int64_t rsb, int64_t csb, int64_t K, int64_t N, float *out)
{
    ref_gemm_args g;
    memset(&g, 0, sizeof g);
    g.K = K; g.N = N; g.B = B; g.rsb = rsb; g.csb = csb;
    for (int64_t jc = 0; jc < N; jc += REF_GEMM_NC) {
        int64_t nc = N - jc < REF_GEMM_NC ? N - jc : REF_GEMM_NC, ncpad = (nc + NR - 1) / NR * NR;
        for (int64_t pc = 0; pc < K; pc += REF_GEMM_KC) {
            int64_t kc = K - pc < REF_GEMM_KC ? K - pc : REF_GEMM_KC;
            pack_b(&g, pc, kc, jc, nc, out + jc * K + pc * ncpad);
        }
    }
}

static void epilogue(const ref_gemm_args *g, const float *tile, int64_t i0, int64_t j0, int64_t mr, int64_t nr, int first,
                     int last)
{
    int add = !first || g->accumulate, act = last && g->act;
    float alpha = g->alpha, lo = g->act_min, hi = g->act_max;
    for (int64_t i = 0; i < mr; i++) {
        float *c = g->C + (i0 + i) * g->ldc + j0;
        const float *t = tile + i * NR;
        float bias = (last && g->bias_row) ? g->bias_row[i0 + i] : 0.0f;
        float v[NR];
        if (add) for (int j = 0; j < NR; j++) v[j] = alpha * t[j] + (j < nr ? c[j] : 0.0f) + bias;
        else for (int j = 0; j < NR; j++) v[j] = alpha * t[j] + bias;
        if (act) for (int j = 0; j < NR; j++) { float x = v[j] < lo ? lo : v[j]; v[j] = x > hi ? hi : x; }
        if (nr == NR) memcpy(c, v, sizeof v);
        else memcpy(c, v, (size_t)nr * sizeof(float));
    }
}

#ifdef REF_HAVE_AVX2
/* M = 1 on AVX-512: the same blocking and epilogue as below, the products by gemv_avx512. */
static void sgemv_st(const ref_gemm_args *g)
{
    float arow[REF_GEMM_KC], tile[MR * NR], part[4 * NR];
    for (int64_t jc = 0; jc < g->N; jc += REF_GEMM_NC) {
        const int64_t nc = g->N - jc < REF_GEMM_NC ? g->N - jc : REF_GEMM_NC;
        for (int64_t pc = 0; pc < g->K; pc += REF_GEMM_KC) {
            const int64_t kc = g->K - pc < REF_GEMM_KC ? g->K - pc : REF_GEMM_KC;
            const int first = pc == 0, last = pc + kc >= g->K;
            for (int64_t k = 0; k < kc; k++) arow[k] = g->packed_a ? g->packed_a[pc * g->pa_mp + g->pa_row0 * kc + k * MR] : g->A[(pc + k) * g->csa];
            const float *bpb = NULL;
            if (g->packed_b) {
                int64_t gc = g->pb_col0 + jc, gnc = g->pb_n - gc < REF_GEMM_NC ? g->pb_n - gc : REF_GEMM_NC;
                bpb = g->packed_b + gc * g->K + pc * ((gnc + NR - 1) / NR * NR);
            }
            for (int64_t jr = 0; jr < nc; jr += 4 * NR) {
                const float *bpan[4];
                __mmask16 mask[4];
                int np = 0;
                for (; np < 4 && jr + np * NR < nc; np++) {
                    const int64_t j = jr + np * NR, nr = nc - j < NR ? nc - j : NR;
                    bpan[np] = g->packed_b ? bpb + j * kc : g->B + pc * g->rsb + jc + j;
                    mask[np] = g->packed_b || nr == NR ? (__mmask16)0xffff : (__mmask16)((1u << nr) - 1);
                }
                gemv_avx512(kc, arow, np, bpan, g->packed_b ? NR : g->rsb, mask, part);
                for (int p = 0; p < np; p++) {
                    const int64_t j = jr + p * NR, nr = nc - j < NR ? nc - j : NR;
                    memcpy(tile, part + p * NR, NR * sizeof(float));
                    epilogue(g, tile, 0, jc + j, 1, nr, first, last);
                }
            }
        }
    }
}
#endif

void ref_sgemm_st(const ref_gemm_args *g, float *tbuf)
{
    kernel_fn kern = pick_kernel();
#ifdef REF_HAVE_AVX2
    int fused = kern == kernel_avx2;
    int avx512 = fused && REF_GEMM_USE_AVX512 && __builtin_cpu_supports("avx512f");
#endif
    /* Few rows of A reuse a packed B panel only M/MR times: then the kernel reads B rows in place
     * (full 16-column panels) instead of copying every element once more. */
    int direct_b = !g->packed_b && g->csb == 1 && g->M <= REF_GEMM_DIRECT_B_MAX_M;
    float *ap = tbuf, *bp = tbuf + REF_GEMM_MC * REF_GEMM_KC;
    float tile[MR * NR];
    if (g->M <= 0 || g->N <= 0) return;
#ifdef REF_HAVE_AVX2
    if (g->M == 1 && g->K > 0 && avx512 && (g->packed_b || g->csb == 1)) {
        sgemv_st(g);
        return;
    }
#endif
    if (g->K <= 0) {
        memset(tile, 0, sizeof tile);
        for (int64_t i = 0; i < g->M; i += MR)
            for (int64_t j = 0; j < g->N; j += NR)
                epilogue(g, tile, i, j, g->M - i < MR ? g->M - i : MR, g->N - j < NR ? g->N - j : NR, 1, 1);
        return;
    }
    for (int64_t jc = 0; jc < g->N; jc += REF_GEMM_NC) {
        int64_t nc = g->N - jc < REF_GEMM_NC ? g->N - jc : REF_GEMM_NC;
        for (int64_t pc = 0; pc < g->K; pc += REF_GEMM_KC) {
            int64_t kc = g->K - pc < REF_GEMM_KC ? g->K - pc : REF_GEMM_KC;
            int first = pc == 0, last = pc + kc >= g->K;
            const float *bpb = bp;
            if (g->packed_b) {
                int64_t gc = g->pb_col0 + jc, gnc = g->pb_n - gc < REF_GEMM_NC ? g->pb_n - gc : REF_GEMM_NC;
                bpb = g->packed_b + gc * g->K + pc * ((gnc + NR - 1) / NR * NR);
            } else if (!direct_b) {
                pack_b(g, pc, kc, jc, nc, bp);
            }
            for (int64_t ic = 0; ic < g->M; ic += REF_GEMM_MC) {
                int64_t mc = g->M - ic < REF_GEMM_MC ? g->M - ic : REF_GEMM_MC;
                const float *apb = ap;
                if (g->packed_a) apb = g->packed_a + pc * g->pa_mp + (g->pa_row0 + ic) * kc;
                else pack_a(g, ic, mc, pc, kc, ap);
                for (int64_t jr = 0; jr < nc; jr += NR) {
                    int64_t nr = nc - jr < NR ? nc - jr : NR, ldb = NR;
#ifdef REF_HAVE_AVX2
                    if (REF_GEMM_WIDE && avx512 && nc - jr >= 2 * NR) { /* two full panels: the 32-column kernels */
                        const float *b0 = direct_b ? g->B + pc * g->rsb + jc + jr : bpb + jr * kc;
                        const float *b1 = direct_b ? b0 + NR : b0 + NR * kc;
                        int64_t ldw = direct_b ? g->rsb : NR, ir = 0;
                        int add = !first || g->accumulate, act = last && g->act;
                        for (; ir < mc; ir += MR) {
                            int64_t i0 = ic + ir;
                            float *c0 = g->C + i0 * g->ldc + jc + jr;
                            const float *bias = last && g->bias_row ? g->bias_row + i0 : NULL;
                            if (mc - ir > MR) { /* 7..12 rows: two A panels, the second zero-padded */
                                kernel_avx512_12x32(kc, apb + ir * kc, apb + (ir + MR) * kc, b0, b1, ldw, c0, g->ldc, g->alpha, add,
                                                    bias, act, g->act_min, g->act_max, mc - ir);
                                ir += MR;
                            } else {
                                kernel_avx512_6x32(kc, apb + ir * kc, b0, b1, ldw, c0, g->ldc, g->alpha, add, bias, act,
                                                   g->act_min, g->act_max, mc - ir);
                            }
                        }
                        jr += NR; /* with the loop's own step: two panels */
                        continue;
                    }
#endif
                    const float *bpan = bpb + jr * kc;
                    if (direct_b && nr == NR) {
                        bpan = g->B + pc * g->rsb + jc + jr;
                        ldb = g->rsb;
                    } else if (direct_b) {
                        pack_b(g, pc, kc, jc + jr, nr, bp);
                        bpan = bp;
                    }
                    for (int64_t ir = 0; ir < mc; ir += MR) {
                        int64_t mr = mc - ir < MR ? mc - ir : MR;
#ifdef REF_HAVE_AVX2
                        if (fused && ((mr == MR && nr == NR) || avx512)) {
                            int64_t i0 = ic + ir;
                            float *c0 = g->C + i0 * g->ldc + jc + jr;
                            const float *bias = last && g->bias_row ? g->bias_row + i0 : NULL;
                            if (avx512)
                                kernel_avx512_c(kc, apb + ir * kc, bpan, ldb, c0, g->ldc, g->alpha, !first || g->accumulate, bias,
                                                last && g->act, g->act_min, g->act_max, nr, mr);
                            else
                                kernel_avx2_c(kc, apb + ir * kc, bpan, ldb, c0, g->ldc, g->alpha, !first || g->accumulate, bias,
                                              last && g->act, g->act_min, g->act_max);
                            continue;
                        }
#endif
                        kern(kc, apb + ir * kc, bpan, ldb, tile);
                        epilogue(g, tile, ic + ir, jc + jr, mr, nr, first, last);
                    }
                }
            }
        }
    }
}

typedef struct {
    const ref_exec *x;
    const ref_gemm_args *g;
    int split_n;
    int64_t unit;
} par_ctx;

static void par_task(void *arg, int64_t b, int64_t e, int tid)
{
    par_ctx *p = arg;
    ref_gemm_args s = *p->g;
    int64_t lo = b * p->unit, hi = e * p->unit;
    if (p->split_n) {
        if (hi > s.N) hi = s.N;
        s.N = hi - lo;
        s.B += lo * s.csb;
        s.pb_col0 += lo;
        s.C += lo;
    } else {
        if (hi > s.M) hi = s.M;
        s.M = hi - lo;
        s.A += lo * s.rsa;
        s.pa_row0 += lo;
        s.C += lo * s.ldc;
        if (s.bias_row) s.bias_row += lo;
    }
    ref_sgemm_st(&s, p->x->tbuf[tid]);
}

void ref_sgemm(const ref_exec *x, const ref_gemm_args *g)
{
    int nt = x->nthreads;
    if (nt <= 1 || !x->threads || g->M * g->N * (g->K ? g->K : 1) < REF_PAR_MIN_WORK) {
        ref_sgemm_st(g, x->tbuf[0]);
        return;
    }
    par_ctx p = {x, g, 0, 0};
    if (g->packed_b) { /* column splits must fall on the packing's block boundaries */
        if ((g->N + REF_GEMM_NC - 1) / REF_GEMM_NC >= nt) {
            p.split_n = 1;
            p.unit = REF_GEMM_NC;
            ref_threads_run(x->threads, (g->N + REF_GEMM_NC - 1) / REF_GEMM_NC, par_task, &p);
        } else {
            p.unit = MR;
            ref_threads_run(x->threads, (g->M + MR - 1) / MR, par_task, &p);
        }
        return;
    }
    if (g->N >= (int64_t)nt * NR * 2 || g->N >= g->M) {
        p.split_n = 1;
        p.unit = NR;
        ref_threads_run(x->threads, (g->N + NR - 1) / NR, par_task, &p);
    } else {
        p.unit = MR;
        ref_threads_run(x->threads, (g->M + MR - 1) / MR, par_task, &p);
    }
}
