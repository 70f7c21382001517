/*
 * pad.c — Pad: modes constant, reflect and edge; pads as an attribute (opset < 11) or a constant input
 * (opset 11+, with the optional constant_value and, from opset 18, axes). Negative pads crop, as the
 * ONNX definition allows. Any element type; the constant value is converted to it.
 */
#include <string.h>

#include "ref_internal.h"

#define SHAPE_ERR(...) ref_err(err, errlen, AITC_E_SHAPE, __VA_ARGS__)

enum { PAD_CONSTANT, PAD_REFLECT, PAD_EDGE };

typedef struct {
    int mode;
    int64_t begin[REF_MAX_RANK], end[REF_MAX_RANK];
} pad_p;

static int pad_check(const ref_graph *g, const ref_node *n, char *err, size_t errlen)
{
    (void)g;
    const char *m = ref_attr_s(n, "mode", "constant");
    if (strcmp(m, "constant") && strcmp(m, "reflect") && strcmp(m, "edge"))
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "Pad (node %s): mode %s is not supported", n->name, m);
    return 0;
}

static int pad_params(const ref_node *n, ref_tensor **in, pad_p *p, char *err, size_t errlen)
{
    const int r = in[0]->rank;
    const char *m = ref_attr_s(n, "mode", "constant");
    p->mode = !strcmp(m, "reflect") ? PAD_REFLECT : !strcmp(m, "edge") ? PAD_EDGE : PAD_CONSTANT;
    memset(p->begin, 0, sizeof p->begin);
    memset(p->end, 0, sizeof p->end);
    int axes[REF_MAX_RANK], na = r;
    for (int i = 0; i < r; i++) axes[i] = i;
    if (n->opset < 11) {
        const int64_t *v;
        size_t c = ref_attr_ints(n, "pads", &v);
        if ((int)c != 2 * r) return SHAPE_ERR("Pad (node %s): pads needs %d values", n->name, 2 * r);
        for (int i = 0; i < r; i++) { p->begin[i] = v[i]; p->end[i] = v[r + i]; }
    } else {
        int rc = ref_need_const(n, in, 1, err, errlen);
        if (rc) return rc;
        if (n->nin > 3 && in[3]) {
            if ((rc = ref_need_const(n, in, 3, err, errlen))) return rc;
            na = (int)ref_numel(in[3]);
            if (na > r) return SHAPE_ERR("Pad (node %s): %d axes for rank %d", n->name, na, r);
            for (int i = 0; i < na; i++) {
                int a;
                if (ref_norm_axis(ref_get_i64(in[3], i), r, &a)) return SHAPE_ERR("Pad (node %s): bad axis", n->name);
                axes[i] = a;
            }
        }
        if (ref_numel(in[1]) != 2 * na) return SHAPE_ERR("Pad (node %s): pads needs %d values", n->name, 2 * na);
        for (int i = 0; i < na; i++) { p->begin[axes[i]] = ref_get_i64(in[1], i); p->end[axes[i]] = ref_get_i64(in[1], na + i); }
    }
    for (int i = 0; i < r; i++) {
        const int64_t d = in[0]->dims[i], o = d + p->begin[i] + p->end[i];
        if (p->begin[i] < -d || p->end[i] < -d || p->begin[i] > (1 << 24) || p->end[i] > (1 << 24) || o < 0)
            return SHAPE_ERR("Pad (node %s): pads out of range on axis %d", n->name, i);
        if (p->mode == PAD_REFLECT && (p->begin[i] > d - 1 || p->end[i] > d - 1) && (p->begin[i] > 0 || p->end[i] > 0))
            return SHAPE_ERR("Pad (node %s): reflect pads on axis %d must be under the axis size %lld", n->name, i, (long long)d);
        if (p->mode != PAD_CONSTANT && d == 0 && o > 0) return SHAPE_ERR("Pad (node %s): cannot %s-pad an empty axis", n->name, p->mode == PAD_EDGE ? "edge" : "reflect");
    }
    return 0;
}

static int pad_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    pad_p p;
    int rc = pad_params(n, in, &p, err, errlen);
    if (rc) return rc;
    out[0]->dtype = in[0]->dtype;
    out[0]->rank = in[0]->rank;
    for (int i = 0; i < in[0]->rank; i++) out[0]->dims[i] = in[0]->dims[i] + p.begin[i] + p.end[i];
    return 0;
}

/* Source index of output index o along an axis of size d padded by b in front, or -1 for the constant. */
static int64_t src_index(int mode, int64_t o, int64_t b, int64_t d)
{
    int64_t i = o - b;
    if (i >= 0 && i < d) return i;
    if (mode == PAD_CONSTANT) return -1;
    if (mode == PAD_EDGE) return i < 0 ? 0 : d - 1;
    return i < 0 ? -i : 2 * (d - 1) - i; /* reflect, without repeating the edge */
}

/* The padding loop over the first r axes of X and Y with elements of es bytes (several trailing axes
 * folded into one element by the caller); fill is one element. */
static int pad_rows(const pad_p *pp, const ref_tensor *X, ref_tensor *Y, int r, size_t es, const unsigned char *fill)
{
    const pad_p p = *pp;
    int64_t total = 1;
    for (int i = 0; i < r; i++) total *= Y->dims[i];
    const int64_t len = Y->dims[r - 1], d = X->dims[r - 1];
    int64_t ist[REF_MAX_RANK], s = 1;
    for (int i = r - 1; i >= 0; i--) { ist[i] = s; s *= X->dims[i]; }
    char *dst = Y->data;
    const char *src = X->data;
    for (int64_t row = 0; len && row < total / len; row++) {
        int64_t rem = row, off = 0, konst = 0;
        for (int i = r - 2; i >= 0; i--) {
            const int64_t o = rem % Y->dims[i], si = src_index(p.mode, o, p.begin[i], X->dims[i]);
            rem /= Y->dims[i];
            if (si < 0) konst = 1;
            else off += si * ist[i];
        }
        char *yr = dst + row * len * (int64_t)es;
        if (konst) {
            for (int64_t k = 0; k < len; k++) memcpy(yr + k * (int64_t)es, fill, es);
            continue;
        }
        const char *xr = src + off * (int64_t)es;
        const int64_t lo = p.begin[r - 1] > 0 ? p.begin[r - 1] : 0, hi = p.begin[r - 1] + d < len ? p.begin[r - 1] + d : len;
        for (int64_t k = 0; k < lo; k++) {
            const int64_t si = src_index(p.mode, k, p.begin[r - 1], d);
            memcpy(yr + k * (int64_t)es, si < 0 ? (const char *)fill : xr + si * (int64_t)es, es);
        }
        if (hi > lo) memcpy(yr + lo * (int64_t)es, xr + (lo - p.begin[r - 1]) * (int64_t)es, (size_t)(hi - lo) * es);
        for (int64_t k = hi > lo ? hi : lo; k < len; k++) {
            const int64_t si = src_index(p.mode, k, p.begin[r - 1], d);
            memcpy(yr + k * (int64_t)es, si < 0 ? (const char *)fill : xr + si * (int64_t)es, es);
        }
    }
    return 0;
}


static int pad_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)x;
    pad_p p;
    int rc = pad_params(n, in, &p, err, errlen);
    if (rc) return rc;
    const ref_tensor *X = in[0];
    ref_tensor *Y = out[0];
    const size_t es = aitc_dtype_size((aitc_dtype)X->dtype);
    const int r = X->rank;
    unsigned char fill[8] = {0};
    if (p.mode == PAD_CONSTANT && n->opset >= 11 && n->nin > 2 && in[2] && ref_numel(in[2]) > 0) {
        if (in[2]->dtype != X->dtype) return ref_err(err, errlen, AITC_E_INVALID, "Pad (node %s): constant_value type differs from data", n->name);
        memcpy(fill, in[2]->data, es);
    } else if (p.mode == PAD_CONSTANT && n->opset < 11) {
        const float v = ref_attr_f(n, "value", 0.0f);
        if (X->dtype == AITC_DTYPE_FLOAT32) memcpy(fill, &v, 4);
        else if (v != 0.0f) return ref_err(err, errlen, AITC_E_UNSUPPORTED, "Pad (node %s): a non-zero value needs float data", n->name);
    }
    if (r == 0) { memcpy(Y->data, X->data, es); return 0; }
    /* trailing axes without padding travel as one element (NHWC data padded in H and W moves whole
     * channel vectors), so the loops below run over the padded axes only */
    size_t ues = es;
    int ur = r;
    while (ur > 1 && !p.begin[ur - 1] && !p.end[ur - 1]) ues *= (size_t)X->dims[--ur];
    if (ues != es) {
        unsigned char big[4096];
        if (ues > sizeof big) return pad_rows(&p, X, Y, r, es, fill); /* too large to fold: element by element */
        for (size_t k = 0; k < ues; k += es) memcpy(big + k, fill, es);
        return pad_rows(&p, X, Y, ur, ues, big);
    }
    return pad_rows(&p, X, Y, r, es, fill);
}
const ref_op ref_ops_pad[] = {
    {"Pad", 1, 4, 1, 1, pad_check, pad_shape, pad_run, 0},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0},
};
