/* pool.c — MaxPool, AveragePool (pads, strides, dilations, ceil_mode, auto_pad, count_include_pad),
 * GlobalAveragePool, GlobalMaxPool; 1-D and 2-D, float32. */
#include <math.h>
#include <string.h>

#include "ref_internal.h"

/* GCC's -O2 only vectorizes loops whose trip count is a multiple of the vector width; these loops are
 * hot and not, so ask for the dynamic cost model here (clang vectorizes them at -O2 already). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("tree-vectorize", "vect-cost-model=dynamic")
#endif

#define SHAPE_ERR(...) ref_err(err, errlen, AITC_E_SHAPE, __VA_ARGS__)

typedef struct {
    int64_t NC, H, W, OH, OW, kh, kw, sh, sw, dh, dw, pt, pl, pb, pr;
    int incl_pad, is_max;
} pool_p;

static int pool_check(const ref_graph *g, const ref_node *n, char *err, size_t errlen)
{
    (void)g;
    const char *ap = ref_attr_s(n, "auto_pad", "NOTSET");
    if (strcmp(ap, "NOTSET") && strcmp(ap, "SAME_UPPER") && strcmp(ap, "SAME_LOWER") && strcmp(ap, "VALID"))
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "%s (node %s): auto_pad %s is not supported", n->op_type, n->name, ap);
    if (n->nout > 1 && n->out[1] >= 0)
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "%s (node %s): the Indices output is not supported", n->op_type, n->name);
    if (ref_attr_i(n, "storage_order", 0) != 0)
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "%s (node %s): storage_order 1 is not supported", n->op_type, n->name);
    return 0;
}

static int two(const ref_node *n, const char *name, int nsp, int64_t d, int64_t *h, int64_t *w)
{
    const int64_t *v;
    size_t c = ref_attr_ints(n, name, &v);
    *h = *w = d;
    if (!c) return name[0] == 'k' ? -1 : 0;
    if ((int)c != nsp) return -1;
    if (nsp == 1) *w = v[0];
    else { *h = v[0]; *w = v[1]; }
    return 0;
}

static int64_t pool_out(int64_t in, int64_t pads, int64_t ek, int64_t s, int ceil_mode, int64_t pb)
{
    int64_t num = in + pads - ek;
    int64_t o = (ceil_mode ? (num + s - 1) / s : num / s) + 1;
    if (ceil_mode && (o - 1) * s >= in + pb) o--;
    return o;
}

static int pool_params(const ref_node *n, const ref_tensor *X, pool_p *p, char *err, size_t errlen)
{
    int r = X->rank, nsp = r - 2;
    if (r != 3 && r != 4) return ref_err(err, errlen, AITC_E_UNSUPPORTED, "%s (node %s): only 1-D and 2-D pooling is supported", n->op_type, n->name);
    memset(p, 0, sizeof *p);
    p->NC = X->dims[0] * X->dims[1];
    p->H = nsp == 2 ? X->dims[2] : 1;
    p->W = X->dims[r - 1];
    p->is_max = !strcmp(n->op_type, "MaxPool") || !strcmp(n->op_type, "GlobalMaxPool");
    if (!strncmp(n->op_type, "Global", 6)) {
        p->kh = p->H; p->kw = p->W; p->sh = p->sw = p->dh = p->dw = 1; p->OH = p->OW = 1;
        return 0;
    }
    if (two(n, "kernel_shape", nsp, 1, &p->kh, &p->kw)) return SHAPE_ERR("%s (node %s): bad kernel_shape", n->op_type, n->name);
    if (two(n, "strides", nsp, 1, &p->sh, &p->sw) || two(n, "dilations", nsp, 1, &p->dh, &p->dw)) return SHAPE_ERR("%s (node %s): bad strides/dilations", n->op_type, n->name);
    const int64_t *pv;
    size_t pc = ref_attr_ints(n, "pads", &pv);
    if (pc) {
        if ((int)pc != 2 * nsp) return SHAPE_ERR("%s (node %s): bad pads", n->op_type, n->name);
        if (nsp == 2) { p->pt = pv[0]; p->pl = pv[1]; p->pb = pv[2]; p->pr = pv[3]; }
        else { p->pl = pv[0]; p->pr = pv[1]; }
    }
    if (p->kh <= 0 || p->kw <= 0 || p->sh <= 0 || p->sw <= 0 || p->dh <= 0 || p->dw <= 0 || p->pt < 0 || p->pl < 0 || p->pb < 0 || p->pr < 0 ||
        p->kh > 1 << 20 || p->kw > 1 << 20 || p->sh > 1 << 20 || p->sw > 1 << 20 || p->dh > 1 << 20 || p->dw > 1 << 20 ||
        p->pt > 1 << 20 || p->pl > 1 << 20 || p->pb > 1 << 20 || p->pr > 1 << 20)
        return SHAPE_ERR("%s (node %s): bad kernel/strides/pads", n->op_type, n->name);
    int ceil_mode = (int)ref_attr_i(n, "ceil_mode", 0);
    p->incl_pad = (int)ref_attr_i(n, "count_include_pad", 0);
    int64_t ekh = (p->kh - 1) * p->dh + 1, ekw = (p->kw - 1) * p->dw + 1;
    const char *ap = ref_attr_s(n, "auto_pad", "NOTSET");
    if (!strncmp(ap, "SAME", 4)) {
        p->OH = (p->H + p->sh - 1) / p->sh;
        p->OW = (p->W + p->sw - 1) / p->sw;
        int64_t th = (p->OH - 1) * p->sh + ekh - p->H, tw = (p->OW - 1) * p->sw + ekw - p->W;
        if (th < 0) th = 0;
        if (tw < 0) tw = 0;
        int up = ap[5] == 'U';
        p->pt = up ? th / 2 : th - th / 2; p->pb = th - p->pt;
        p->pl = up ? tw / 2 : tw - tw / 2; p->pr = tw - p->pl;
        return 0;
    }
    if (!strcmp(ap, "VALID")) p->pt = p->pl = p->pb = p->pr = 0;
    if (p->H + p->pt + p->pb < ekh || p->W + p->pl + p->pr < ekw) return SHAPE_ERR("%s (node %s): kernel larger than input", n->op_type, n->name);
    p->OH = pool_out(p->H, p->pt + p->pb, ekh, p->sh, ceil_mode, p->pt);
    p->OW = pool_out(p->W, p->pl + p->pr, ekw, p->sw, ceil_mode, p->pl);
    return 0;
}

static int pool_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    pool_p p;
    int rc = ref_check_dtype(n, in[0], REF_DT_FLOAT, err, errlen);
    if (rc || (rc = pool_params(n, in[0], &p, err, errlen))) return rc;
    out[0]->dtype = in[0]->dtype;
    out[0]->rank = in[0]->rank;
    out[0]->dims[0] = in[0]->dims[0];
    out[0]->dims[1] = in[0]->dims[1];
    if (in[0]->rank == 4) { out[0]->dims[2] = p.OH; out[0]->dims[3] = p.OW; }
    else out[0]->dims[2] = p.OW;
    return 0;
}

typedef struct {
    const pool_p *p;
    const float *X;
    float *Y;
} pool_ctx;

/* Number of taps kx whose column for output ox lies inside the input. */
static int64_t taps_in(const pool_p *p, int64_t ox)
{
    int64_t c = 0;
    for (int64_t kx = 0; kx < p->kw; kx++) {
        int64_t ix = ox * p->sw - p->pl + kx * p->dw;
        c += ix >= 0 && ix < p->W;
    }
    return c;
}

/* One plane, a row of outputs at a time: for each tap, a loop over the outputs whose input column is
 * inside the plane (contiguous for stride 1, so it vectorizes); padding never enters the maximum or
 * the sum. Global pooling reduces the contiguous plane directly. */
static void pool_plane(const pool_p *p, const float *x, float *y)
{
    if (p->OH == 1 && p->OW == 1 && p->kh == p->H && p->kw == p->W && !p->pt && !p->pl && !p->pb && !p->pr && p->dh == 1 && p->dw == 1) {
        float r = ref_reduce_row(x, p->H * p->W, p->is_max ? REF_RED_MAX : REF_RED_SUM);
        y[0] = p->is_max ? r : r / (float)(p->H * p->W);
        return;
    }
    if (p->is_max && p->kh == 2 && p->kw == 2 && p->sh == 2 && p->sw == 2 && p->dh == 1 && p->dw == 1 && !p->pt && !p->pl &&
        2 * p->OH <= p->H && 2 * p->OW <= p->W) {
        /* 2x2 / 2 without padding (the common downsampling): four loads per output, no tap loops */
        for (int64_t oy = 0; oy < p->OH; oy++) {
            const float *r0 = x + 2 * oy * p->W, *r1 = r0 + p->W;
            float *yr = y + oy * p->OW;
            for (int64_t ox = 0; ox < p->OW; ox++) {
                float a = r0[2 * ox], b = r0[2 * ox + 1], c = r1[2 * ox], d = r1[2 * ox + 1];
                float m = -INFINITY; /* the order and comparisons of the general loop: NaN never wins */
                m = a > m ? a : m;
                m = b > m ? b : m;
                m = c > m ? c : m;
                m = d > m ? d : m;
                yr[ox] = m;
            }
        }
        return;
    }
    for (int64_t oy = 0; oy < p->OH; oy++) {
        float *yr = y + oy * p->OW;
        const float init = p->is_max ? -INFINITY : 0.0f;
        for (int64_t ox = 0; ox < p->OW; ox++) yr[ox] = init;
        int64_t rows = 0;
        for (int64_t ky = 0; ky < p->kh; ky++) {
            const int64_t iy = oy * p->sh - p->pt + ky * p->dh;
            if (iy < 0 || iy >= p->H) continue;
            rows++;
            const float *xr = x + iy * p->W;
            for (int64_t kx = 0; kx < p->kw; kx++) {
                int64_t lo, hi;
                const int64_t off = kx * p->dw - p->pl;
                ref_conv_tap_range(p->W, p->OW, p->sw, p->pl, kx * p->dw, &lo, &hi);
                if (p->sw == 1) {
                    const float *xs = xr + off;
                    if (p->is_max) for (int64_t ox = lo; ox <= hi; ox++) yr[ox] = xs[ox] > yr[ox] ? xs[ox] : yr[ox];
                    else for (int64_t ox = lo; ox <= hi; ox++) yr[ox] += xs[ox];
                } else {
                    for (int64_t ox = lo; ox <= hi; ox++) {
                        const float v = xr[ox * p->sw + off];
                        yr[ox] = p->is_max ? (v > yr[ox] ? v : yr[ox]) : yr[ox] + v;
                    }
                }
            }
        }
        if (p->is_max) continue;
        for (int64_t ox = 0; ox < p->OW; ox++) {
            int64_t cnt;
            if (p->incl_pad) {
                const int64_t hs = oy * p->sh - p->pt, ws = ox * p->sw - p->pl;
                int64_t he = hs + p->kh, we = ws + p->kw;
                if (he > p->H + p->pb) he = p->H + p->pb;
                if (we > p->W + p->pr) we = p->W + p->pr;
                cnt = (he - hs) * (we - ws);
            } else {
                cnt = rows * taps_in(p, ox);
            }
            yr[ox] = cnt ? yr[ox] / (float)cnt : 0.0f;
        }
    }
}

static void pool_task(void *arg, int64_t b, int64_t e, int tid)
{
    (void)tid;
    const pool_ctx *c = arg;
    const pool_p *p = c->p;
    for (int64_t pl = b; pl < e; pl++) pool_plane(p, c->X + pl * p->H * p->W, c->Y + pl * p->OH * p->OW);
}

static int pool_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    pool_p p;
    int rc = pool_params(n, in[0], &p, err, errlen);
    if (rc) return rc;
    pool_ctx c = {&p, in[0]->data, out[0]->data};
    if (x->threads && p.NC * p.OH * p.OW * p.kh * p.kw >= REF_PAR_MIN_WORK) ref_threads_run(x->threads, p.NC, pool_task, &c);
    else pool_task(&c, 0, p.NC, 0);
    return 0;
}

const ref_op ref_ops_pool[] = {
    {"MaxPool", 1, 1, 1, 2, pool_check, pool_shape, pool_run, 0},
    {"AveragePool", 1, 1, 1, 1, pool_check, pool_shape, pool_run, 0},
    {"GlobalAveragePool", 1, 1, 1, 1, NULL, pool_shape, pool_run, 0},
    {"GlobalMaxPool", 1, 1, 1, 1, NULL, pool_shape, pool_run, 0},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0},
};
