/*
 * dwconv.c — depthwise convolution (one input and one output channel per group), float32 NCHW.
 *
 * Main path (kernels up to 7x7, no dilation, strides 1 or 2): each channel is copied once into a
 * zero-padded plane in a per-thread buffer, so every output is kh*kw unconditional multiply-adds over
 * contiguous memory. For a column stride of 2 the plane is stored de-interleaved (even padded columns,
 * then odd ones): tap kx of output column ox then reads element ox + kx/2 of one half, contiguous again.
 * AVX-512 runs 16 outputs per instruction with a masked row tail; other CPUs get the same loops
 * vectorized by the compiler. Anything else (dilations, larger strides or planes) takes the direct loop.
 * Bias and the fused clamp are applied before the row is stored.
 */
#include <string.h>

#include "ref_internal.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic")
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(REF_NO_SIMD)
#define DW_X86 1
#include <immintrin.h>
#endif

#if defined(__GNUC__) || defined(__clang__)
#define DW_INLINE static inline __attribute__((always_inline))
#else
#define DW_INLINE static inline
#endif

#define DW_MAX_TAPS 49

typedef struct {
    const ref_conv_p *p;
    const float *X, *W, *bias;
    float *Y;
    int act;
    float lo, hi;
    int oq;
    float oq_scale, oq_lo, oq_hi;
    float *const *tbuf; /* per-thread buffers (REF_TBUF_FLOATS) for the padded-plane path, or NULL */
} dw_ctx;

/* The fused clamp and output fake-quant of one output row (the scalar paths). */
DW_INLINE void finish_row(const dw_ctx *c, float *yr, int64_t n)
{
    if (c->act)
        for (int64_t i = 0; i < n; i++) {
            float v = yr[i] < c->lo ? c->lo : yr[i];
            yr[i] = v > c->hi ? c->hi : v;
        }
    if (c->oq) ref_fakequant(yr, n, c->oq_scale, c->oq_lo, c->oq_hi, yr);
}

/* ---- direct loop: any stride, dilation and size ---- */

DW_INLINE void direct_body(const dw_ctx *c, int64_t b, int64_t e)
{
    const ref_conv_p *p = c->p;
    for (int64_t nc = b; nc < e; nc++) {
        int64_t ch = nc % p->C;
        const float *x = c->X + nc * p->H * p->W, *w = c->W + ch * p->kh * p->kw;
        float *y = c->Y + nc * p->OH * p->OW;
        float bv = c->bias ? c->bias[ch] : 0.0f;
        for (int64_t oy = 0; oy < p->OH; oy++) {
            float *yr = y + oy * p->OW;
            for (int64_t ox = 0; ox < p->OW; ox++) yr[ox] = bv;
            for (int64_t ky = 0; ky < p->kh; ky++) {
                int64_t iy = oy * p->sh - p->pt + ky * p->dh;
                if (iy < 0 || iy >= p->H) continue;
                const float *xr = x + iy * p->W;
                for (int64_t kx = 0; kx < p->kw; kx++) {
                    int64_t lo, hi, off = kx * p->dw - p->pl;
                    float wv = w[ky * p->kw + kx];
                    ref_conv_tap_range(p->W, p->OW, p->sw, p->pl, kx * p->dw, &lo, &hi);
                    for (int64_t ox = lo; ox <= hi; ox++) yr[ox] += wv * xr[ox * p->sw + off];
                }
            }
            finish_row(c, yr, p->OW);
        }
    }
}

/* ---- padded-plane path ---- */

/* Whether the padded-plane path applies: its plane must fit a thread's buffer and every tap must stay
 * inside it. */
static int plane_fits(const ref_conv_p *p)
{
    return p->kh <= 7 && p->kw <= 7 && p->dh == 1 && p->dw == 1 && (p->sh == 1 || p->sh == 2) && (p->sw == 1 || p->sw == 2) &&
           (p->H + p->pt + p->pb) * (p->W + p->pl + p->pr) <= (int64_t)REF_TBUF_FLOATS && p->pt < p->kh && p->pl < p->kw &&
           (p->OH - 1) * p->sh + p->kh <= p->H + p->pt + p->pb && (p->OW - 1) * p->sw + p->kw <= p->W + p->pl + p->pr;
}

typedef struct {
    int64_t Wp, half; /* padded row length; for column stride 2 the offset of the odd half within a row */
} plane_geom;

static plane_geom plane_geometry(const ref_conv_p *p)
{
    plane_geom g;
    g.Wp = p->W + p->pl + p->pr;
    g.half = p->sw == 2 ? (g.Wp + 1) / 2 : 0;
    return g;
}

/* Copies channel plane x into the interior of pad (whose border is zero and stays zero). */
DW_INLINE void fill_plane(const ref_conv_p *p, plane_geom g, const float *x, float *pad)
{
    for (int64_t iy = 0; iy < p->H; iy++) {
        float *r = pad + (iy + p->pt) * g.Wp;
        const float *xr = x + iy * p->W;
        if (p->sw == 1) {
            memcpy(r + p->pl, xr, (size_t)p->W * sizeof(float));
            continue;
        }
        /* padded column j = pl + ix goes to j/2 of the even half or of the odd half */
        int64_t ix = 0;
        if (p->pl & 1) { r[g.half + p->pl / 2] = xr[0]; ix = 1; }
        float *ev = r + (p->pl + ix) / 2, *od = r + g.half + (p->pl + ix) / 2;
        int64_t pairs = (p->W - ix) / 2;
        for (int64_t k = 0; k < pairs; k++) {
            ev[k] = xr[ix + 2 * k];
            od[k] = xr[ix + 2 * k + 1];
        }
        if ((p->W - ix) & 1) ev[pairs] = xr[p->W - 1];
    }
}

/* Pointers to the first input of output row oy for each tap, row-major over (ky, kx). */
DW_INLINE void row_taps(const ref_conv_p *p, plane_geom g, const float *pad, int64_t oy, const float **t)
{
    for (int64_t ky = 0; ky < p->kh; ky++) {
        const float *r = pad + (oy * p->sh + ky) * g.Wp;
        for (int64_t kx = 0; kx < p->kw; kx++) t[ky * p->kw + kx] = p->sw == 1 ? r + kx : r + (kx & 1 ? g.half : 0) + kx / 2;
    }
}

DW_INLINE void plane_rows(const dw_ctx *c, plane_geom g, const float *pad, const float *w, float bv, float *y, int taps)
{
    const ref_conv_p *p = c->p;
    const float *t[DW_MAX_TAPS];
    const int64_t OW = p->OW;
    for (int64_t oy = 0; oy < p->OH; oy++) {
        float *yr = y + oy * OW;
        row_taps(p, g, pad, oy, t);
        if (taps == 9) {
            const float *t0 = t[0], *t1 = t[1], *t2 = t[2], *t3 = t[3], *t4 = t[4], *t5 = t[5], *t6 = t[6], *t7 = t[7], *t8 = t[8];
            for (int64_t ox = 0; ox < OW; ox++)
                yr[ox] = bv + w[0] * t0[ox] + w[1] * t1[ox] + w[2] * t2[ox] + w[3] * t3[ox] + w[4] * t4[ox] + w[5] * t5[ox] +
                         w[6] * t6[ox] + w[7] * t7[ox] + w[8] * t8[ox];
        } else {
            for (int64_t ox = 0; ox < OW; ox++) yr[ox] = bv;
            for (int k = 0; k < taps; k++) {
                const float wv = w[k], *tk = t[k];
                for (int64_t ox = 0; ox < OW; ox++) yr[ox] += wv * tk[ox];
            }
        }
        finish_row(c, yr, OW);
    }
}

/* The rows of one channel from its padded plane: plain C, the same compiled for AVX2, or AVX-512. */
typedef void (*rows_fn)(const dw_ctx *c, plane_geom g, const float *pad, const float *w, float bv, float *y);

static void rows_c(const dw_ctx *c, plane_geom g, const float *pad, const float *w, float bv, float *y)
{
    int taps = (int)(c->p->kh * c->p->kw);
    if (taps == 9) plane_rows(c, g, pad, w, bv, y, 9);
    else plane_rows(c, g, pad, w, bv, y, taps);
}

static void plane_loop(const dw_ctx *c, int64_t b, int64_t e, float *pad, rows_fn rows)
{
    const ref_conv_p *p = c->p;
    const plane_geom g = plane_geometry(p);
    const int64_t taps = p->kh * p->kw;
    memset(pad, 0, (size_t)((p->H + p->pt + p->pb) * g.Wp) * sizeof(float));
    for (int64_t nc = b; nc < e; nc++) {
        int64_t ch = nc % p->C;
        fill_plane(p, g, c->X + nc * p->H * p->W, pad);
        rows(c, g, pad, c->W + ch * taps, c->bias ? c->bias[ch] : 0.0f, c->Y + nc * p->OH * p->OW);
    }
}

#ifdef DW_X86
__attribute__((target("avx2,fma"))) static void direct_avx2(const dw_ctx *c, int64_t b, int64_t e) { direct_body(c, b, e); }
__attribute__((target("avx2,fma"))) static void rows_avx2(const dw_ctx *c, plane_geom g, const float *pad, const float *w, float bv,
                                                           float *y)
{
    int taps = (int)(c->p->kh * c->p->kw);
    if (taps == 9) plane_rows(c, g, pad, w, bv, y, 9);
    else plane_rows(c, g, pad, w, bv, y, taps);
}

/* The fused clamp and output fake-quant of 16 outputs (max/min take the bound for a NaN, as the scalar
 * fake-quant). */
__attribute__((target("avx512f"))) DW_INLINE __m512 finish_avx512(const dw_ctx *c, __m512 v)
{
    if (c->act) v = _mm512_min_ps(_mm512_max_ps(v, _mm512_set1_ps(c->lo)), _mm512_set1_ps(c->hi));
    if (c->oq) {
        const __m512 s = _mm512_set1_ps(c->oq_scale);
        v = _mm512_min_ps(_mm512_max_ps(_mm512_div_ps(v, s), _mm512_set1_ps(c->oq_lo)), _mm512_set1_ps(c->oq_hi));
        v = _mm512_mul_ps(_mm512_roundscale_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC), s);
    }
    return v;
}

/* 16 outputs per step, masked tail; taps is a constant in the specialized calls below. */
__attribute__((target("avx512f"))) DW_INLINE void rows_avx512(const dw_ctx *c, plane_geom g, const float *pad, const float *w,
                                                              float bv, float *y, int taps)
{
    const ref_conv_p *p = c->p;
    const float *t[DW_MAX_TAPS];
    const int64_t OW = p->OW;
    const __m512 vb = _mm512_set1_ps(bv);
    __m512 wv[DW_MAX_TAPS];
    for (int k = 0; k < taps; k++) wv[k] = _mm512_set1_ps(w[k]);
    for (int64_t oy = 0; oy < p->OH; oy++) {
        float *yr = y + oy * OW;
        row_taps(p, g, pad, oy, t);
        for (int64_t ox = 0; ox < OW; ox += 16) {
            const __mmask16 m = OW - ox >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (OW - ox)) - 1);
            __m512 a0 = vb, a1 = _mm512_setzero_ps();
            int k = 0;
            for (; k + 1 < taps; k += 2) {
                a0 = _mm512_fmadd_ps(wv[k], _mm512_maskz_loadu_ps(m, t[k] + ox), a0);
                a1 = _mm512_fmadd_ps(wv[k + 1], _mm512_maskz_loadu_ps(m, t[k + 1] + ox), a1);
            }
            if (k < taps) a0 = _mm512_fmadd_ps(wv[k], _mm512_maskz_loadu_ps(m, t[k] + ox), a0);
            a0 = finish_avx512(c, _mm512_add_ps(a0, a1));
            _mm512_mask_storeu_ps(yr + ox, m, a0);
        }
    }
}

/* 3x3, unrolled: nine taps held in registers, 16 outputs per step. */
__attribute__((target("avx512f"))) static void rows3_avx512(const dw_ctx *c, plane_geom g, const float *pad, const float *w,
                                                            float bv, float *y)
{
    const ref_conv_p *p = c->p;
    const float *t[9];
    const int64_t OW = p->OW;
    const __m512 vb = _mm512_set1_ps(bv);
    const __m512 w0 = _mm512_set1_ps(w[0]), w1 = _mm512_set1_ps(w[1]), w2 = _mm512_set1_ps(w[2]), w3 = _mm512_set1_ps(w[3]),
                 w4 = _mm512_set1_ps(w[4]), w5 = _mm512_set1_ps(w[5]), w6 = _mm512_set1_ps(w[6]), w7 = _mm512_set1_ps(w[7]),
                 w8 = _mm512_set1_ps(w[8]);
    for (int64_t oy = 0; oy < p->OH; oy++) {
        float *yr = y + oy * OW;
        row_taps(p, g, pad, oy, t);
        const float *t0 = t[0], *t1 = t[1], *t2 = t[2], *t3 = t[3], *t4 = t[4], *t5 = t[5], *t6 = t[6], *t7 = t[7], *t8 = t[8];
        for (int64_t ox = 0; ox < OW; ox += 16) {
            const __mmask16 m = OW - ox >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (OW - ox)) - 1);
            __m512 a0 = _mm512_fmadd_ps(w0, _mm512_maskz_loadu_ps(m, t0 + ox), vb);
            __m512 a1 = _mm512_mul_ps(w1, _mm512_maskz_loadu_ps(m, t1 + ox));
            __m512 a2 = _mm512_mul_ps(w2, _mm512_maskz_loadu_ps(m, t2 + ox));
            a0 = _mm512_fmadd_ps(w3, _mm512_maskz_loadu_ps(m, t3 + ox), a0);
            a1 = _mm512_fmadd_ps(w4, _mm512_maskz_loadu_ps(m, t4 + ox), a1);
            a2 = _mm512_fmadd_ps(w5, _mm512_maskz_loadu_ps(m, t5 + ox), a2);
            a0 = _mm512_fmadd_ps(w6, _mm512_maskz_loadu_ps(m, t6 + ox), a0);
            a1 = _mm512_fmadd_ps(w7, _mm512_maskz_loadu_ps(m, t7 + ox), a1);
            a2 = _mm512_fmadd_ps(w8, _mm512_maskz_loadu_ps(m, t8 + ox), a2);
            a0 = finish_avx512(c, _mm512_add_ps(_mm512_add_ps(a0, a1), a2));
            _mm512_mask_storeu_ps(yr + ox, m, a0);
        }
    }
}

__attribute__((target("avx512f"))) static void rows_avx512_any(const dw_ctx *c, plane_geom g, const float *pad, const float *w,
                                                                 float bv, float *y)
{
    int taps = (int)(c->p->kh * c->p->kw);
    if (taps == 9) rows3_avx512(c, g, pad, w, bv, y);
    else if (taps == 25) rows_avx512(c, g, pad, w, bv, y, 25);
    else if (taps == 49) rows_avx512(c, g, pad, w, bv, y, 49);
    else rows_avx512(c, g, pad, w, bv, y, taps);
}

/* Lanes [lo, hi) of 16, clipped to [0, 16]. */
static inline __mmask16 lane_range(int64_t lo, int64_t hi)
{
    lo = lo < 0 ? 0 : lo;
    hi = hi > 16 ? 16 : hi;
    if (hi <= lo) return 0;
    return (__mmask16)((((uint32_t)1 << hi) - 1) & ~(((uint32_t)1 << lo) - 1));
}

/* Masked AVX-512 straight from the unpadded input (no plane copy): a tap's 16 inputs are one masked
 * load (stride 1), or the even lanes of two masked loads (stride 2); lanes that fall in the padding
 * are masked off, so they read as zero and never touch memory. Input rows in the padding are skipped.
 * KH, KW and S are constants in the specialized calls below (loops unroll, masks stay in registers). */
__attribute__((target("avx512f"))) DW_INLINE void direct512_body(const dw_ctx *c, int64_t b, int64_t e, const int64_t KH,
                                                                 const int64_t KW, const int64_t S)
{
    const ref_conv_p *p = c->p;
    const int64_t W = p->W, OW = p->OW;
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    for (int64_t nc = b; nc < e; nc++) {
        const int64_t ch = nc % p->C;
        const float *x = c->X + nc * p->H * W, *w = c->W + ch * KH * KW;
        const __m512 vb = _mm512_set1_ps(c->bias ? c->bias[ch] : 0.0f);
        float *y = c->Y + nc * p->OH * OW;
        for (int64_t ox = 0; ox < OW; ox += 16) {
            const int64_t n = OW - ox < 16 ? OW - ox : 16;
            __mmask16 m0[7], m1[7];
            int64_t c0[7];
            for (int64_t kx = 0; kx < KW; kx++) {
                c0[kx] = ox * S - p->pl + kx; /* input column of lane 0 */
                if (S == 1) {
                    m0[kx] = lane_range(-c0[kx], W - c0[kx] < n ? W - c0[kx] : n);
                } else {
                    m0[kx] = lane_range(-c0[kx], W - c0[kx]);
                    m1[kx] = lane_range(-c0[kx] - 16, W - c0[kx] - 16);
                }
            }
            const __mmask16 out = lane_range(0, n);
            for (int64_t oy = 0; oy < p->OH; oy++) {
                __m512 a0 = vb, a1 = _mm512_setzero_ps();
                for (int64_t ky = 0; ky < KH; ky++) {
                    const int64_t iy = oy * p->sh - p->pt + ky;
                    if (iy < 0 || iy >= p->H) continue;
                    const float *row = x + iy * W;
                    for (int64_t kx = 0; kx < KW; kx++) {
                        __m512 v;
                        if (S == 1) {
                            v = _mm512_maskz_loadu_ps(m0[kx], row + c0[kx]);
                        } else { /* lane l reads column c0 + 2l: the even lanes of 32 columns from c0 */
                            v = _mm512_permutex2var_ps(_mm512_maskz_loadu_ps(m0[kx], row + c0[kx]), even,
                                                       _mm512_maskz_loadu_ps(m1[kx], row + c0[kx] + 16));
                        }
                        const __m512 wv = _mm512_set1_ps(w[ky * KW + kx]);
                        if (kx & 1) a1 = _mm512_fmadd_ps(wv, v, a1);
                        else a0 = _mm512_fmadd_ps(wv, v, a0);
                    }
                }
                _mm512_mask_storeu_ps(y + oy * OW + ox, out, finish_avx512(c, _mm512_add_ps(a0, a1)));
            }
        }
    }
}

/* Narrow planes (stride 1, output as wide as the input, at most 32 vectors): output position p = oy*OW + ox
 * reads input p + (ky - pt)*W + (kx - pl) for every tap, so 16 consecutive positions — several rows —
 * are one masked load per tap. The masks (which lanes stay inside the plane, row by row) are the same
 * for every channel and computed once per call. KWS's 25x5 planes: 8 vectors per channel, not 25. */
#define FLAT_MAX_VEC 32
static int flat_fits(const ref_conv_p *p)
{
    return p->sh == 1 && p->sw == 1 && p->dh == 1 && p->dw == 1 && p->OW == p->W && p->OW < 16 && p->kh * p->kw <= DW_MAX_TAPS &&
           (p->OH * p->OW + 15) / 16 <= FLAT_MAX_VEC;
}

__attribute__((target("avx512f"))) static void flat_avx512(const dw_ctx *c, int64_t b, int64_t e)
{
    const ref_conv_p *p = c->p;
    const int64_t n = p->OH * p->OW, nvec = (n + 15) / 16, taps = p->kh * p->kw;
    __mmask16 mask[FLAT_MAX_VEC * DW_MAX_TAPS];
    int64_t shift[DW_MAX_TAPS];
    /* (oy, ox) of every position, past the end a row that is never valid; then per tap and vector four
     * compares give the lanes whose input lies inside the plane */
    int32_t oyv[FLAT_MAX_VEC * 16], oxv[FLAT_MAX_VEC * 16];
    for (int64_t q = 0, oy = 0, ox = 0; q < nvec * 16; q++) {
        oyv[q] = q < n ? (int32_t)oy : (int32_t)(p->H + p->kh);
        oxv[q] = (int32_t)ox;
        if (++ox == p->OW) { ox = 0; oy++; }
    }
    const __m512i zero = _mm512_setzero_si512(), vh = _mm512_set1_epi32((int32_t)p->H), vw = _mm512_set1_epi32((int32_t)p->W);
    for (int64_t t = 0; t < taps; t++) {
        const int64_t dy = t / p->kw - p->pt, dx = t % p->kw - p->pl;
        shift[t] = dy * p->W + dx;
        const __m512i vdy = _mm512_set1_epi32((int32_t)dy), vdx = _mm512_set1_epi32((int32_t)dx);
        for (int64_t v = 0; v < nvec; v++) {
            const __m512i iy = _mm512_add_epi32(_mm512_loadu_si512((const void *)(oyv + v * 16)), vdy);
            const __m512i ix = _mm512_add_epi32(_mm512_loadu_si512((const void *)(oxv + v * 16)), vdx);
            mask[v * taps + t] = _mm512_cmpge_epi32_mask(iy, zero) & _mm512_cmplt_epi32_mask(iy, vh) & _mm512_cmpge_epi32_mask(ix, zero) &
                                 _mm512_cmplt_epi32_mask(ix, vw);
        }
    }
    for (int64_t nc = b; nc < e; nc++) {
        const int64_t ch = nc % p->C;
        const float *x = c->X + nc * p->H * p->W, *w = c->W + ch * taps;
        float *y = c->Y + nc * n;
        const __m512 vb = _mm512_set1_ps(c->bias ? c->bias[ch] : 0.0f);
        /* four vectors at a time: four independent multiply-add chains hide the FMA latency */
        for (int64_t v0 = 0; v0 < nvec; v0 += 4) {
            const int64_t nv = nvec - v0 < 4 ? nvec - v0 : 4;
            __m512 a[4] = {vb, vb, vb, vb};
            for (int64_t t = 0; t < taps; t++) {
                const __m512 wv = _mm512_set1_ps(w[t]);
                const float *xt = x + v0 * 16 + shift[t];
                for (int64_t k = 0; k < nv; k++) a[k] = _mm512_fmadd_ps(wv, _mm512_maskz_loadu_ps(mask[(v0 + k) * taps + t], xt + k * 16), a[k]);
            }
            for (int64_t k = 0; k < nv; k++) {
                const int64_t left = n - (v0 + k) * 16;
                _mm512_mask_storeu_ps(y + (v0 + k) * 16, left >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << left) - 1), finish_avx512(c, a[k]));
            }
        }
    }
}

__attribute__((target("avx512f"))) static void direct_avx512(const dw_ctx *c, int64_t b, int64_t e)
{
    const ref_conv_p *p = c->p;
    if (p->kh == 3 && p->kw == 3 && p->sw == 1) direct512_body(c, b, e, 3, 3, 1);
    else if (p->kh == 3 && p->kw == 3) direct512_body(c, b, e, 3, 3, 2);
    else if (p->kh == 5 && p->kw == 5 && p->sw == 1) direct512_body(c, b, e, 5, 5, 1);
    else if (p->kh == 5 && p->kw == 5) direct512_body(c, b, e, 5, 5, 2);
    else if (p->sw == 1) direct512_body(c, b, e, p->kh, p->kw, 1);
    else direct512_body(c, b, e, p->kh, p->kw, 2);
}
/* Whether direct_avx512 applies (no dilation, strides 1 or 2) and is the faster path: output rows of up
 * to two vectors, where the padded-plane copy costs more than the masks (measured on MobileNetV2's
 * 7x7 to 28x28 layers; at 56x56 and 112x112 the plane path was 25 % faster). */
static int direct512_fits(const ref_conv_p *p)
{
    return p->dh == 1 && p->dw == 1 && (p->sw == 1 || p->sw == 2) && p->sh >= 1 && p->kw <= 7 &&
           (p->OW <= 32 || !plane_fits(p));
}

#endif

static void dw_task(void *arg, int64_t b, int64_t e, int tid)
{
    const dw_ctx *c = arg;
    const int plane = c->tbuf && plane_fits(c->p);
#ifdef DW_X86
    if (flat_fits(c->p) && __builtin_cpu_supports("avx512f")) { flat_avx512(c, b, e); return; }
    if (direct512_fits(c->p) && __builtin_cpu_supports("avx512f")) { direct_avx512(c, b, e); return; }
    if (plane && __builtin_cpu_supports("avx512f")) { plane_loop(c, b, e, c->tbuf[tid], rows_avx512_any); return; }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        if (plane) plane_loop(c, b, e, c->tbuf[tid], rows_avx2);
        else direct_avx2(c, b, e);
        return;
    }
#endif
    if (plane) plane_loop(c, b, e, c->tbuf[tid], rows_c);
    else direct_body(c, b, e);
}

void ref_dwconv_f32(const ref_exec *x, const ref_node *n, const ref_conv_p *p, const float *X, const float *W, const float *bias,
                    float *Y)
{
    dw_ctx c = {p, X, W, bias, Y, n->act, n->act ? n->act_min : 0.0f, n->act ? n->act_max : 0.0f,
                n->oq, n->oq_scale, n->oq_lo, n->oq_hi, x->tbuf};
    if (x->threads && p->N * p->C * p->OH * p->OW * p->kh * p->kw >= REF_PAR_MIN_WORK)
        ref_threads_run(x->threads, p->N * p->C, dw_task, &c);
    else
        dw_task(&c, 0, p->N * p->C, 0);
}
