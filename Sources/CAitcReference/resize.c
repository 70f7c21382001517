/* resize.c — Resize (opset >= 11): nearest (any rank) and linear (the last two dims), the common
 * coordinate_transformation_modes and nearest_modes. float32. */
#include <math.h>
#include <string.h>

#include "ref_internal.h"

#define SHAPE_ERR(...) ref_err(err, errlen, AITC_E_SHAPE, __VA_ARGS__)

static const char *const coord_modes[] = {"half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn"};
static const char *const near_modes[] = {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"};

static int find(const char *const *list, int n, const char *s)
{
    for (int i = 0; i < n; i++) if (!strcmp(list[i], s)) return i;
    return -1;
}

static int resize_check(const ref_graph *g, const ref_node *n, char *err, size_t errlen)
{
    (void)g;
    const char *mode = ref_attr_s(n, "mode", "nearest");
    if (n->opset < 11) return ref_err(err, errlen, AITC_E_UNSUPPORTED, "Resize (node %s): opset %lld is not supported", n->name, (long long)n->opset);
    if (strcmp(mode, "nearest") && strcmp(mode, "linear"))
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "Resize (node %s): mode %s is not supported", n->name, mode);
    if (find(coord_modes, 5, ref_attr_s(n, "coordinate_transformation_mode", "half_pixel")) < 0 ||
        find(near_modes, 4, ref_attr_s(n, "nearest_mode", "round_prefer_floor")) < 0 || ref_attr_i(n, "antialias", 0) ||
        ref_attr_get(n, "axes") || strcmp(ref_attr_s(n, "keep_aspect_ratio_policy", "stretch"), "stretch"))
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "Resize (node %s): attribute combination is not supported", n->name);
    return 0;
}

static int resize_params(ref_node *n, ref_tensor **in, float *scales, int64_t *odims, char *err, size_t errlen)
{
    int r = in[0]->rank, rc;
    const ref_tensor *sc = n->nin > 2 ? in[2] : NULL, *sz = n->nin > 3 ? in[3] : NULL;
    if (sc && ref_numel(sc) == 0) sc = NULL;
    if ((rc = ref_need_const(n, in, 2, err, errlen)) || (rc = ref_need_const(n, in, 3, err, errlen))) return rc;
    if (sz) {
        if (ref_numel(sz) != r || sz->dtype != AITC_DTYPE_INT64) return SHAPE_ERR("Resize (node %s): sizes must have %d int64 values", n->name, r);
        for (int i = 0; i < r; i++) {
            odims[i] = ((const int64_t *)sz->data)[i];
            if (odims[i] < 0 || odims[i] > REF_MAX_ELEMS) return SHAPE_ERR("Resize (node %s): bad size", n->name);
            scales[i] = in[0]->dims[i] ? (float)odims[i] / (float)in[0]->dims[i] : 1.0f;
        }
    } else if (sc) {
        if (ref_numel(sc) != r || sc->dtype != AITC_DTYPE_FLOAT32) return SHAPE_ERR("Resize (node %s): scales must have %d float values", n->name, r);
        for (int i = 0; i < r; i++) {
            scales[i] = ((const float *)sc->data)[i];
            if (!(scales[i] > 0.0f) || scales[i] > 1e6f) return SHAPE_ERR("Resize (node %s): bad scale", n->name);
            odims[i] = (int64_t)floorf((float)in[0]->dims[i] * scales[i]);
        }
    } else {
        return SHAPE_ERR("Resize (node %s): needs scales or sizes", n->name);
    }
    if (!strcmp(ref_attr_s(n, "mode", "nearest"), "linear"))
        for (int i = 0; i < r - 2; i++)
            if (odims[i] != in[0]->dims[i])
                return ref_err(err, errlen, AITC_E_UNSUPPORTED, "Resize (node %s): linear mode resizes only the last two dims", n->name);
    return 0;
}

static int resize_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    float scales[REF_MAX_RANK];
    int rc = ref_check_dtype(n, in[0], REF_DT_FLOAT, err, errlen);
    if (rc || (rc = resize_params(n, in, scales, out[0]->dims, err, errlen))) return rc;
    if (in[0]->rank < 2 && !strcmp(ref_attr_s(n, "mode", "nearest"), "linear"))
        return ref_err(err, errlen, AITC_E_UNSUPPORTED, "Resize (node %s): linear needs rank >= 2", n->name);
    out[0]->dtype = AITC_DTYPE_FLOAT32;
    out[0]->rank = in[0]->rank;
    if (!strcmp(ref_attr_s(n, "mode", "nearest"), "nearest")) { /* per-dim source index tables */
        size_t idx = 0;
        for (int i = 0; i < in[0]->rank; i++) idx += (size_t)out[0]->dims[i];
        n->scratch = idx * sizeof(int64_t);
    }
    return 0;
}

static float src_coord(int cm, int64_t o, float scale, int64_t in, int64_t out)
{
    switch (cm) {
    case 0: return ((float)o + 0.5f) / scale - 0.5f;
    case 1: return out > 1 ? ((float)o + 0.5f) / scale - 0.5f : 0.0f;
    case 2: return out == 1 ? 0.0f : (float)o * (float)(in - 1) / (float)(out - 1);
    case 3: return (float)o / scale;
    default: return ((float)o + 0.5f) / scale;
    }
}

static int64_t nearest(int nm, float x, int64_t in)
{
    int64_t i;
    float f = floorf(x);
    switch (nm) {
    case 0: i = (x - f == 0.5f) ? (int64_t)f : (int64_t)floorf(x + 0.5f); break;
    case 1: i = (x - f == 0.5f) ? (int64_t)f + 1 : (int64_t)floorf(x + 0.5f); break;
    case 2: i = (int64_t)f; break;
    default: i = (int64_t)ceilf(x); break;
    }
    return i < 0 ? 0 : i >= in ? in - 1 : i;
}

static int resize_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)x;
    float scales[REF_MAX_RANK];
    int64_t od[REF_MAX_RANK];
    int rc = resize_params(n, in, scales, od, err, errlen), r = in[0]->rank;
    if (rc) return rc;
    int cm = find(coord_modes, 5, ref_attr_s(n, "coordinate_transformation_mode", "half_pixel"));
    int nm = find(near_modes, 4, ref_attr_s(n, "nearest_mode", "round_prefer_floor"));
    const float *X = in[0]->data;
    float *Y = out[0]->data;
    int64_t total = ref_numel(out[0]);
    if (!strcmp(ref_attr_s(n, "mode", "nearest"), "nearest")) {
        /* source offset of every output coordinate, per dim, computed once; then rows are gathers */
        int64_t ist[REF_MAX_RANK], s = 1, idx[REF_MAX_RANK] = {0}, *tab[REF_MAX_RANK], *t = x->scratch;
        size_t need = 0;
        for (int i = 0; i < r; i++) need += (size_t)od[i] * sizeof(int64_t);
        if (total == 0) return 0;
        if (r < 1) { Y[0] = X[0]; return 0; }
        if (!t || x->scratch_bytes < need) return ref_err(err, errlen, AITC_E_INTERNAL, "Resize (node %s): scratch too small", n->name);
        for (int i = r - 1; i >= 0; i--) { ist[i] = s; s *= in[0]->dims[i]; }
        for (int i = 0; i < r; i++) {
            tab[i] = t;
            for (int64_t o = 0; o < od[i]; o++) t[o] = nearest(nm, src_coord(cm, o, scales[i], in[0]->dims[i], od[i]), in[0]->dims[i]) * ist[i];
            t += od[i];
        }
        const int64_t *last = tab[r - 1], ow = od[r - 1];
        for (int64_t e = 0; e < total; e += ow) {
            int64_t off = 0;
            for (int i = 0; i < r - 1; i++) off += tab[i][idx[i]];
            const float *xr = X + off;
            float *yr = Y + e;
            for (int64_t k = 0; k < ow; k++) yr[k] = xr[last[k]];
            for (int i = r - 2; i >= 0; i--) { if (++idx[i] < od[i]) break; idx[i] = 0; }
        }
        return 0;
    }
    int64_t H = in[0]->dims[r - 2], W = in[0]->dims[r - 1], OH = od[r - 2], OW = od[r - 1], planes = 1;
    for (int i = 0; i < r - 2; i++) planes *= in[0]->dims[i];
    for (int64_t pl = 0; pl < planes; pl++)
        for (int64_t oy = 0; oy < OH; oy++) {
            float fy = src_coord(cm, oy, scales[r - 2], H, OH);
            fy = fy < 0.0f ? 0.0f : fy > (float)(H - 1) ? (float)(H - 1) : fy;
            int64_t y0 = (int64_t)fy, y1 = y0 + 1 < H ? y0 + 1 : H - 1;
            float wy = fy - (float)y0;
            for (int64_t ox = 0; ox < OW; ox++) {
                float fx = src_coord(cm, ox, scales[r - 1], W, OW);
                fx = fx < 0.0f ? 0.0f : fx > (float)(W - 1) ? (float)(W - 1) : fx;
                int64_t x0 = (int64_t)fx, x1 = x0 + 1 < W ? x0 + 1 : W - 1;
                float wx = fx - (float)x0;
                const float *p = X + pl * H * W;
                float a = p[y0 * W + x0] * (1 - wx) + p[y0 * W + x1] * wx, b = p[y1 * W + x0] * (1 - wx) + p[y1 * W + x1] * wx;
                Y[(pl * OH + oy) * OW + ox] = a * (1 - wy) + b * wy;
            }
        }
    return 0;
}

const ref_op ref_ops_resize[] = {
    {"Resize", 1, 4, 1, 1, resize_check, resize_shape, resize_run, 0},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0},
};
