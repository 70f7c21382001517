/*
 * conv.c — Conv (1-D/2-D, groups, depthwise, pads, strides, dilations, auto_pad) and ConvTranspose.
 *
 * Paths: depthwise (one input and one output channel per group) → dwconv.c; QDQ models on VNNI CPUs →
 * the integer kernel of qconv.c;
 * 1x1 stride 1 no pad → GEMM on the input as is; otherwise im2col into scratch + GEMM. Bias and a fused
 * Relu/Clip are applied in the GEMM epilogue.
 */
#include <string.h>

#include "ref_internal.h"

/* GCC's -O2 only vectorizes loops whose trip count is a multiple of the vector width; these loops are
 * hot and not, so ask for the dynamic cost model here (clang vectorizes them at -O2 already). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic")
#endif

#define SHAPE_ERR(...) ref_err(err, errlen, AITC_E_SHAPE, __VA_ARGS__)

static int conv_check(const ref_graph *g, const ref_node *n, char *err, size_t errlen)
{
    (void)g;
    const char *ap = ref_attr_s(n, "auto_pad", "NOTSET");
    if (strcmp(ap, "NOTSET") && strcmp(ap, "SAME_UPPER") && strcmp(ap, "SAME_LOWER") && strcmp(ap, "VALID"))
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "%s (node %s): auto_pad %s is not supported", n->op_type, n->name, ap);
    if (!strcmp(n->op_type, "ConvTranspose") && (ref_attr_get(n, "output_shape") || (strcmp(ap, "NOTSET") && strcmp(ap, "VALID"))))
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "ConvTranspose (node %s): output_shape / SAME auto_pad are not supported", n->name);
    return 0;
}

/* Reads a 1- or 2-element spatial attribute into (h, w). */
static int spatial(const ref_node *n, const char *name, int nsp, int64_t dflt, int64_t *h, int64_t *w)
{
    const int64_t *v;
    size_t c = ref_attr_ints(n, name, &v);
    *h = *w = dflt;
    if (!c) return 0;
    if ((int)c != nsp) return -1;
    if (nsp == 1) *w = v[0];
    else { *h = v[0]; *w = v[1]; }
    return 0;
}

static void same_pad(int64_t in, int64_t k, int64_t s, int64_t d, int upper, int64_t *b, int64_t *e, int64_t *out)
{
    *out = (in + s - 1) / s;
    int64_t total = (*out - 1) * s + (k - 1) * d + 1 - in;
    if (total < 0) total = 0;
    *b = upper ? total / 2 : total - total / 2;
    *e = total - *b;
}

int ref_conv_params(const ref_node *n, const ref_tensor *X, const ref_tensor *W, ref_conv_p *p, char *err, size_t errlen)
{
    int r = X->rank;
    if ((r != 3 && r != 4) || W->rank != r)
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "%s (node %s): only 1-D and 2-D convolutions are supported", n->op_type, n->name);
    int nsp = r - 2;
    memset(p, 0, sizeof *p);
    p->N = X->dims[0]; p->C = X->dims[1];
    p->H = nsp == 2 ? X->dims[2] : 1; p->W = X->dims[r - 1];
    p->M = W->dims[0];
    p->kh = nsp == 2 ? W->dims[2] : 1; p->kw = W->dims[r - 1];
    p->group = ref_attr_i(n, "group", 1);
    int64_t kh, kw, pads[4] = {0, 0, 0, 0};
    if (spatial(n, "kernel_shape", nsp, -1, &kh, &kw)) return SHAPE_ERR("%s (node %s): bad kernel_shape", n->op_type, n->name);
    if ((kw >= 0 && kw != p->kw) || (nsp == 2 && kh >= 0 && kh != p->kh)) return SHAPE_ERR("%s (node %s): kernel_shape differs from weights", n->op_type, n->name);
    if (spatial(n, "strides", nsp, 1, &p->sh, &p->sw) || spatial(n, "dilations", nsp, 1, &p->dh, &p->dw))
        return SHAPE_ERR("%s (node %s): bad strides/dilations", n->op_type, n->name);
    const int64_t *pv;
    size_t pc = ref_attr_ints(n, "pads", &pv);
    if (pc) {
        if ((int)pc != 2 * nsp) return SHAPE_ERR("%s (node %s): bad pads", n->op_type, n->name);
        if (nsp == 2) { pads[0] = pv[0]; pads[1] = pv[1]; pads[2] = pv[2]; pads[3] = pv[3]; }
        else { pads[1] = pv[0]; pads[3] = pv[1]; }
    }
    p->pt = pads[0]; p->pl = pads[1]; p->pb = pads[2]; p->pr = pads[3];
    if (p->group <= 0 || p->sh <= 0 || p->sw <= 0 || p->dh <= 0 || p->dw <= 0 || p->kh <= 0 || p->kw <= 0 || p->pt < 0 || p->pl < 0 ||
        p->pb < 0 || p->pr < 0 || p->sh > 1 << 20 || p->sw > 1 << 20 || p->dh > 1 << 20 || p->dw > 1 << 20 || p->pt > 1 << 20 ||
        p->pl > 1 << 20 || p->pb > 1 << 20 || p->pr > 1 << 20)
        return SHAPE_ERR("%s (node %s): bad group/strides/dilations/pads", n->op_type, n->name);
    int transpose = !strcmp(n->op_type, "ConvTranspose");
    if (!transpose) {
        if (p->C % p->group || p->M % p->group || W->dims[1] * p->group != p->C)
            return SHAPE_ERR("%s (node %s): %lld input channels, weights want %lld x group %lld", n->op_type, n->name, (long long)p->C,
                             (long long)W->dims[1], (long long)p->group);
        const char *ap = ref_attr_s(n, "auto_pad", "NOTSET");
        int64_t ekh = (p->kh - 1) * p->dh + 1, ekw = (p->kw - 1) * p->dw + 1;
        if (!strcmp(ap, "SAME_UPPER") || !strcmp(ap, "SAME_LOWER")) {
            int up = ap[5] == 'U';
            same_pad(p->H, p->kh, p->sh, p->dh, up, &p->pt, &p->pb, &p->OH);
            same_pad(p->W, p->kw, p->sw, p->dw, up, &p->pl, &p->pr, &p->OW);
            if (nsp == 1) { p->pt = p->pb = 0; p->OH = 1; }
        } else {
            if (!strcmp(ap, "VALID")) p->pt = p->pl = p->pb = p->pr = 0;
            int64_t hh = p->H + p->pt + p->pb - ekh, ww = p->W + p->pl + p->pr - ekw;
            if (hh < 0 || ww < 0) return SHAPE_ERR("%s (node %s): kernel larger than padded input", n->op_type, n->name);
            p->OH = hh / p->sh + 1;
            p->OW = ww / p->sw + 1;
        }
    } else {
        if (W->dims[0] != p->C || p->C % p->group) return SHAPE_ERR("ConvTranspose (node %s): weights do not fit the input", n->name);
        p->M = W->dims[1] * p->group;
        int64_t oph = 0, opw = 0;
        if (spatial(n, "output_padding", nsp, 0, &oph, &opw)) return SHAPE_ERR("ConvTranspose (node %s): bad output_padding", n->name);
        if (!strcmp(ref_attr_s(n, "auto_pad", "NOTSET"), "VALID")) p->pt = p->pl = p->pb = p->pr = 0;
        p->OH = p->sh * (p->H - 1) + oph + (p->kh - 1) * p->dh + 1 - p->pt - p->pb;
        p->OW = p->sw * (p->W - 1) + opw + (p->kw - 1) * p->dw + 1 - p->pl - p->pr;
        if (p->OH <= 0 || p->OW <= 0) return SHAPE_ERR("ConvTranspose (node %s): empty output", n->name);
    }
    return 0;
}

size_t ref_conv_scratch(const ref_conv_p *p)
{
    int64_t cg = p->C / p->group;
    if (p->group == p->C && p->M == p->C) return 0;
    if (p->kh == 1 && p->kw == 1 && p->sh == 1 && p->sw == 1 && !p->pt && !p->pl && !p->pb && !p->pr) return 0;
    return (size_t)(cg * p->kh * p->kw) * (size_t)(p->OH * p->OW) * sizeof(float);
}

/* The chunked im2col form (group 1, im2col needed, 16 positions of all K rows fit a thread's column
 * buffer): positions are taken in chunks whose K x chunk matrix stays in cache, each unfolded into the
 * thread's buffer and multiplied at once, instead of unfolding the whole plane (K x OH*OW floats, 88 MB
 * for a 3x3 layer of 96 channels at 160x160) and streaming it back through memory. */
static int conv_chunked(const ref_conv_p *p)
{
    return p->group == 1 && ref_conv_scratch(p) > 0 && p->C * p->kh * p->kw * 16 <= REF_COL_FLOATS;
}

static int conv_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    ref_conv_p p;
    int rc;
    if ((rc = ref_check_dtype(n, in[0], REF_DT_FLOAT, err, errlen)) || (rc = ref_check_dtype(n, in[1], REF_DT_FLOAT, err, errlen)) ||
        (rc = ref_check_dtype(n, n->nin > 2 ? in[2] : NULL, REF_DT_FLOAT, err, errlen)))
        return rc;
    if ((rc = ref_conv_params(n, in[0], in[1], &p, err, errlen))) return rc;
    if (n->nin > 2 && in[2] && ref_numel(in[2]) != p.M) return SHAPE_ERR("%s (node %s): bias size differs from output channels", n->op_type, n->name);
    out[0]->dtype = AITC_DTYPE_FLOAT32;
    out[0]->rank = in[0]->rank;
    out[0]->dims[0] = p.N;
    out[0]->dims[1] = p.M;
    if (in[0]->rank == 4) { out[0]->dims[2] = p.OH; out[0]->dims[3] = p.OW; }
    else out[0]->dims[2] = p.OW;
    if (!strcmp(n->op_type, "ConvTranspose")) {
        n->scratch = (size_t)((p.M / p.group) * p.kh * p.kw) * (size_t)(p.H * p.W) * sizeof(float);
    } else {
        n->conv_shift = !strcmp(n->op_type, "Conv") && ref_conv_shifted_fits(&p);
        n->scratch = n->conv_shift ? ref_conv_shifted_scratch(&p)
                     : conv_chunked(&p) ? 0 /* chunks use the threads' column buffers */
                                        : ref_conv_scratch(&p);
    }
    return 0;
}

/* Valid output range [lo, hi] for tap offset k: 0 <= o*s - pad + k*d < in. */
void ref_conv_tap_range(int64_t in, int64_t out, int64_t s, int64_t pad, int64_t kd, int64_t *lo, int64_t *hi)
{
    int64_t a = pad - kd;
    *lo = a <= 0 ? 0 : (a + s - 1) / s;
    int64_t b = in - 1 + pad - kd;
    *hi = b < 0 ? -1 : b / s;
    if (*hi > out - 1) *hi = out - 1;
}

/* The whole plane: each (channel, tap) row is zeroed once and filled over the output rows and columns
 * whose input lies inside the plane (both ranges computed once, no test per segment). */
static void im2col_plane(const ref_conv_p *p, const float *x, int64_t cg, float *col)
{
    const int64_t ohw = p->OH * p->OW;
    for (int64_t c = 0; c < cg; c++)
        for (int64_t ky = 0; ky < p->kh; ky++) {
            int64_t ylo, yhi;
            ref_conv_tap_range(p->H, p->OH, p->sh, p->pt, ky * p->dh, &ylo, &yhi);
            for (int64_t kx = 0; kx < p->kw; kx++) {
                float *row = col + ((c * p->kh + ky) * p->kw + kx) * ohw;
                int64_t lo, hi;
                const int64_t off = kx * p->dw - p->pl;
                ref_conv_tap_range(p->W, p->OW, p->sw, p->pl, kx * p->dw, &lo, &hi);
                if (ylo > 0 || yhi < p->OH - 1 || lo > 0 || hi < p->OW - 1) memset(row, 0, (size_t)ohw * sizeof(float));
                for (int64_t oy = ylo; oy <= yhi && lo <= hi; oy++) {
                    const float *src = x + (c * p->H + oy * p->sh - p->pt + ky * p->dh) * p->W + off;
                    float *dst = row + oy * p->OW;
                    if (p->sw == 1) for (int64_t ox = lo; ox <= hi; ox++) dst[ox] = src[ox];
                    else for (int64_t ox = lo; ox <= hi; ox++) dst[ox] = src[ox * p->sw];
                }
            }
        }
}

void ref_im2col_range(const ref_conv_p *p, const float *x, int64_t cg, int64_t n0, int64_t n1, float *col)
{
    if (n0 == 0 && n1 == p->OH * p->OW) {
        im2col_plane(p, x, cg, col);
        return;
    }
    const int64_t nc = n1 - n0;
    for (int64_t c = 0; c < cg; c++)
        for (int64_t ky = 0; ky < p->kh; ky++)
            for (int64_t kx = 0; kx < p->kw; kx++) {
                float *row = col + ((c * p->kh + ky) * p->kw + kx) * nc - n0; /* row[n] for n in [n0, n1) */
                int64_t lo, hi, off = kx * p->dw - p->pl;
                ref_conv_tap_range(p->W, p->OW, p->sw, p->pl, kx * p->dw, &lo, &hi);
                for (int64_t oy = n0 / p->OW; oy * p->OW < n1; oy++) {
                    const int64_t a = n0 > oy * p->OW ? n0 - oy * p->OW : 0, b = n1 - oy * p->OW < p->OW ? n1 - oy * p->OW : p->OW;
                    float *r = row + oy * p->OW; /* r[ox] for ox in [a, b) */
                    int64_t iy = oy * p->sh - p->pt + ky * p->dh;
                    if (iy < 0 || iy >= p->H || lo > hi) {
                        for (int64_t ox = a; ox < b; ox++) r[ox] = 0.0f; /* short rows: no libc call per row */
                        continue;
                    }
                    const float *xr = x + (c * p->H + iy) * p->W + off;
                    const int64_t l = lo > a ? lo : a, h = hi < b - 1 ? hi : b - 1;
                    for (int64_t ox = a; ox < l && ox < b; ox++) r[ox] = 0.0f;
                    if (l <= h) {
                        if (p->sw == 1 && h - l >= 32) memcpy(r + l, xr + l, (size_t)(h - l + 1) * sizeof(float));
                        else if (p->sw == 1) for (int64_t ox = l; ox <= h; ox++) r[ox] = xr[ox];
                        else for (int64_t ox = l; ox <= h; ox++) r[ox] = xr[ox * p->sw];
                    }
                    for (int64_t ox = (h + 1 > a ? h + 1 : a); ox < b; ox++) r[ox] = 0.0f;
                }
            }
}

void ref_im2col(const ref_conv_p *p, const float *x, int64_t cg, float *col) { ref_im2col_range(p, x, cg, 0, p->OH * p->OW, col); }

typedef struct {
    const ref_exec *x;
    const ref_node *n;
    const ref_conv_p *p;
    const float *X, *W, *bias;
    float *Y;
    int64_t chunk;    /* positions per chunk */
    int parallel_gemm; /* one chunk at a time, the GEMM split over the threads */
} chunk_ctx;

static void chunk_task(void *arg, int64_t cb, int64_t ce, int tid)
{
    const chunk_ctx *c = arg;
    const ref_conv_p *p = c->p;
    const ref_node *n = c->n;
    const int64_t K = p->C * p->kh * p->kw, ohw = p->OH * p->OW;
    float *col = c->x->tcol[tid];
    for (int64_t i = cb; i < ce; i++) {
        const int64_t b = i / ((ohw + c->chunk - 1) / c->chunk), n0 = (i % ((ohw + c->chunk - 1) / c->chunk)) * c->chunk;
        const int64_t n1 = n0 + c->chunk < ohw ? n0 + c->chunk : ohw;
        ref_im2col_range(p, c->X + b * p->C * p->H * p->W, p->C, n0, n1, col);
        ref_gemm_args a;
        memset(&a, 0, sizeof a);
        a.M = p->M; a.N = n1 - n0; a.K = K;
        a.A = c->W; a.rsa = K; a.csa = 1;
        if (n->packed_w && n->packed_src == c->W && !n->conv_t) {
            a.packed_a = n->packed_w;
            ref_sgemm_packed_floats(p->M, K, &a.pa_mp);
        }
        a.B = col; a.rsb = n1 - n0; a.csb = 1;
        a.C = c->Y + b * p->M * ohw + n0; a.ldc = ohw;
        a.alpha = 1.0f;
        a.bias_row = c->bias;
        a.act = n->act; a.act_min = n->act ? n->act_min : 0.0f; a.act_max = n->act ? n->act_max : 0.0f;
        if (c->parallel_gemm) ref_sgemm(c->x, &a);
        else ref_sgemm_st(&a, c->x->tbuf[tid]);
    }
}

static void conv_chunks(const ref_exec *x, const ref_node *n, const ref_conv_p *p, const float *X, const float *W, const float *bias,
                        float *Y)
{
    const int64_t K = p->C * p->kh * p->kw, ohw = p->OH * p->OW;
    int64_t chunk = REF_COL_FLOATS / K / 16 * 16;
    if (x->threads && x->nthreads > 1) { /* at least four chunks per thread when chunks of 64+ allow it */
        int64_t even = (ohw + 4 * x->nthreads - 1) / (4 * x->nthreads);
        even = (even + 15) / 16 * 16;
        if (even < 64) even = 64;
        if (even < chunk) chunk = even;
    }
    if (chunk > ohw) chunk = ohw;
    const int64_t chunks = p->N * ((ohw + chunk - 1) / chunk);
    chunk_ctx c = {x, n, p, X, W, bias, Y, chunk, 0};
    if (x->threads && x->nthreads > 1 && chunks >= x->nthreads && p->M * ohw * K >= REF_PAR_MIN_WORK) {
        ref_threads_run(x->threads, chunks, chunk_task, &c);
    } else {
        c.parallel_gemm = 1;
        chunk_task(&c, 0, chunks, 0);
    }
}

/* Whether the small-plane form applies: output planes so small that 16-column panels of positions
 * would waste much of the kernel (7x7 = 49 positions fill 64 columns), while the output channels fill
 * whole panels. Then the GEMM runs transposed, positions as rows and channels as columns. */
static int conv_transposed(const ref_conv_p *p)
{
    int64_t ohw = p->OH * p->OW, cols = (ohw + 15) / 16 * 16;
    return p->group == 1 && ohw < 256 && p->M % 16 == 0 && p->M >= 32 && cols * 100 > ohw * 115;
}

size_t ref_conv_plan_scratch(const ref_node *n, const ref_conv_p *p)
{
    if (n->conv_t) return ref_conv_scratch(p) + (size_t)(p->OH * p->OW * p->M) * sizeof(float);
    if (n->conv_shift) return ref_conv_shifted_scratch(p);
    return conv_chunked(p) ? 0 : ref_conv_scratch(p);
}

int ref_conv_prepack(ref_node *n, const ref_tensor *X, const ref_tensor *W, char *err, size_t errlen)
{
    ref_conv_p p;
    int64_t mp;
    if (ref_conv_params(n, X, W, &p, err, errlen) || p.group != 1 || !W->data) return 0; /* plain path */
    if (n->packed_w && n->packed_src == W->data) return 0;
    ref_aligned_free(n->packed_w);
    n->packed_w = NULL;
    n->packed_src = NULL;
    int64_t K = p.C * p.kh * p.kw;
    n->conv_t = conv_transposed(&p);
    size_t floats = n->conv_t ? ref_sgemm_packed_b_floats(K, p.M) : ref_sgemm_packed_floats(p.M, K, &mp);
    float *buf = ref_aligned_alloc(floats * sizeof(float));
    if (!buf) return ref_err(err, errlen, AITC_E_NOMEM, "Conv (node %s): cannot pack weights", n->name);
    if (n->conv_t) ref_sgemm_pack_b(W->data, 1, K, K, p.M, buf); /* B[k][m] = W[m][k] */
    else ref_sgemm_pack_a(W->data, p.M, K, buf);
    n->packed_w = buf;
    n->packed_src = W->data;
    return 0;
}

typedef struct {
    const float *T, *bias;
    float *Y;
    int64_t M, ohw;
    float lo, hi;
} small_plane_out;

/* Channels [b, e) of Y = T^T + bias, clamped. */
static void small_plane_task(void *arg, int64_t b, int64_t e, int tid)
{
    (void)tid;
    const small_plane_out *o = arg;
    for (int64_t m = b; m < e; m++) {
        const float bv = o->bias ? o->bias[m] : 0.0f;
        float *yr = o->Y + m * o->ohw;
        for (int64_t i = 0; i < o->ohw; i++) {
            float v = o->T[i * o->M + m] + bv;
            v = v < o->lo ? o->lo : v;
            yr[i] = v > o->hi ? o->hi : v;
        }
    }
}

/* The small-plane form: T (positions x channels) = X^T W^T with the packed W^T, then Y = T^T + bias with
 * the node's clamp and output fake-quant, written channel by channel. */
static void conv_small_plane(const ref_exec *x, const ref_node *n, const ref_conv_p *p, const float *X, const float *bias, float *Y,
                             float *scratch)
{
    const int64_t K = p->C * p->kh * p->kw, ohw = p->OH * p->OW, M = p->M;
    const int direct = ref_conv_scratch(p) == 0;
    float *col = scratch, *T = scratch + (direct ? 0 : K * ohw);
    const float lo = n->act ? n->act_min : -3.4e38f, hi = n->act ? n->act_max : 3.4e38f;
    for (int64_t b = 0; b < p->N; b++) {
        const float *xb = X + b * p->C * p->H * p->W;
        if (!direct) ref_im2col(p, xb, p->C, col);
        ref_gemm_args a;
        memset(&a, 0, sizeof a);
        a.M = ohw; a.N = M; a.K = K;
        a.A = direct ? xb : col; a.rsa = 1; a.csa = ohw;
        a.packed_b = n->packed_w; a.pb_col0 = 0; a.pb_n = M;
        a.C = T; a.ldc = M; a.alpha = 1.0f;
        ref_sgemm(x, &a);
        small_plane_out o = {T, bias, Y + b * M * ohw, M, ohw, lo, hi};
        if (x->threads && M * ohw >= REF_PAR_MIN_ELEMS) ref_threads_run(x->threads, M, small_plane_task, &o);
        else small_plane_task(&o, 0, M, 0);
    }
}

void ref_conv_f32(const ref_exec *x, const ref_node *n, const ref_conv_p *p, const float *X, const float *W, const float *bias,
                  float *Y, float *scratch)
{
    float lo = n->act ? n->act_min : 0.0f, hi = n->act ? n->act_max : 0.0f;
    if (p->group == p->C && p->M == p->C) {
        ref_dwconv_f32(x, n, p, X, W, bias, Y);
        return;
    }
    if (n->conv_t && n->packed_w && n->packed_src == W && p->group == 1) {
        conv_small_plane(x, n, p, X, bias, Y, scratch);
        if (n->oq) ref_fakequant(Y, p->N * p->M * p->OH * p->OW, n->oq_scale, n->oq_lo, n->oq_hi, Y);
        return;
    }
    if (n->conv_shift && !n->conv_t && ref_conv_shifted_fits(p)) {
        ref_conv_shifted(x, n, p, X, W, bias, Y, scratch);
        if (n->oq) ref_fakequant(Y, p->N * p->M * p->OH * p->OW, n->oq_scale, n->oq_lo, n->oq_hi, Y);
        return;
    }
    if (conv_chunked(p) && !n->conv_t) {
        conv_chunks(x, n, p, X, W, bias, Y);
        if (n->oq) ref_fakequant(Y, p->N * p->M * p->OH * p->OW, n->oq_scale, n->oq_lo, n->oq_hi, Y);
        return;
    }
    int64_t cg = p->C / p->group, mg = p->M / p->group, K = cg * p->kh * p->kw, ohw = p->OH * p->OW;
    int direct = ref_conv_scratch(p) == 0;
    for (int64_t b = 0; b < p->N; b++)
        for (int64_t g = 0; g < p->group; g++) {
            const float *xg = X + (b * p->C + g * cg) * p->H * p->W;
            if (!direct) ref_im2col(p, xg, cg, scratch);
            ref_gemm_args a;
            memset(&a, 0, sizeof a);
            a.M = mg; a.N = ohw; a.K = K;
            a.A = W + g * mg * K; a.rsa = K; a.csa = 1;
            if (p->group == 1 && n->packed_w && n->packed_src == W) {
                a.packed_a = n->packed_w;
                ref_sgemm_packed_floats(mg, K, &a.pa_mp);
            }
            a.B = direct ? xg : scratch; a.rsb = ohw; a.csb = 1;
            a.C = Y + (b * p->M + g * mg) * ohw; a.ldc = ohw;
            a.alpha = 1.0f;
            a.bias_row = bias ? bias + g * mg : NULL;
            a.act = n->act; a.act_min = lo; a.act_max = hi;
            ref_sgemm(x, &a);
        }
    if (n->oq) ref_fakequant(Y, p->N * p->M * p->OH * p->OW, n->oq_scale, n->oq_lo, n->oq_hi, Y);
}

static int conv_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    ref_conv_p p;
    int rc = ref_conv_params(n, in[0], in[1], &p, err, errlen);
    if (rc) return rc;
    const float *bias = n->nin > 2 && in[2] ? in[2]->data : NULL;
    if (n->qconv && !ref_qconv_run(x, n, &p, in[0]->data, bias, out[0]->data)) return 0;
    ref_conv_f32(x, n, &p, in[0]->data, in[1]->data, bias, out[0]->data, x->scratch);
    return 0;
}

static int convt_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    ref_conv_p p;
    int rc = ref_conv_params(n, in[0], in[1], &p, err, errlen);
    if (rc) return rc;
    int64_t cg = p.C / p.group, mg = p.M / p.group, R = mg * p.kh * p.kw, hw = p.H * p.W, ohw = p.OH * p.OW;
    const float *X = in[0]->data, *W = in[1]->data, *bias = n->nin > 2 && in[2] ? in[2]->data : NULL;
    float *Y = out[0]->data, *col = x->scratch;
    for (int64_t b = 0; b < p.N; b++)
        for (int64_t g = 0; g < p.group; g++) {
            ref_gemm_args a;
            memset(&a, 0, sizeof a);
            a.M = R; a.N = hw; a.K = cg;
            a.A = W + g * cg * R; a.rsa = 1; a.csa = R;
            a.B = X + (b * p.C + g * cg) * hw; a.rsb = hw; a.csb = 1;
            a.C = col; a.ldc = hw; a.alpha = 1.0f;
            ref_sgemm(x, &a);
            float *yg = Y + (b * p.M + g * mg) * ohw;
            if (p.kh == p.sh && p.kw == p.sw && p.dh == 1 && p.dw == 1 && !p.pt && !p.pl && p.OH == p.H * p.sh && p.OW == p.W * p.sw) {
                /* kernel = stride, no padding (2x2 / 2 upsampling): every output takes exactly one tap,
                 * so col2im is a copy into a strided pattern */
                for (int64_t m = 0; m < mg; m++) {
                    const float bv = bias ? bias[g * mg + m] : 0.0f;
                    for (int64_t ky = 0; ky < p.kh; ky++) {
                        const float *cr = col + (m * p.kh + ky) * p.kw * hw; /* rows kx = 0 .. kw-1 follow */
                        for (int64_t iy = 0; iy < p.H; iy++) {
                            float *yr = yg + m * ohw + (iy * p.sh + ky) * p.OW; /* written in order */
                            const float *cs = cr + iy * p.W;
                            if (p.kw == 2) {
                                for (int64_t ix = 0; ix < p.W; ix++) {
                                    yr[2 * ix] = cs[ix] + bv;
                                    yr[2 * ix + 1] = cs[hw + ix] + bv;
                                }
                            } else {
                                for (int64_t ix = 0; ix < p.W; ix++)
                                    for (int64_t kx = 0; kx < p.kw; kx++) yr[ix * p.kw + kx] = cs[kx * hw + ix] + bv;
                            }
                        }
                    }
                }
                continue;
            }
            for (int64_t m = 0; m < mg; m++) {
                float bv = bias ? bias[g * mg + m] : 0.0f;
                for (int64_t i = 0; i < ohw; i++) yg[m * ohw + i] = bv;
                for (int64_t ky = 0; ky < p.kh; ky++)
                    for (int64_t kx = 0; kx < p.kw; kx++) {
                        const float *cr = col + ((m * p.kh + ky) * p.kw + kx) * hw;
                        for (int64_t iy = 0; iy < p.H; iy++) {
                            int64_t oy = iy * p.sh - p.pt + ky * p.dh;
                            if (oy < 0 || oy >= p.OH) continue;
                            for (int64_t ix = 0; ix < p.W; ix++) {
                                int64_t ox = ix * p.sw - p.pl + kx * p.dw;
                                if (ox >= 0 && ox < p.OW) yg[m * ohw + oy * p.OW + ox] += cr[iy * p.W + ix];
                            }
                        }
                    }
            }
        }
    return 0;
}

const ref_op ref_ops_conv[] = {
    {"Conv", 2, 3, 1, 1, conv_check, conv_shape, conv_run, 0},
    {"ConvTranspose", 2, 3, 1, 1, conv_check, conv_shape, convt_run, 0},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0},
};
