/*
 * shape_ops.c — data movement: Reshape, Flatten, Shape, Gather, Concat, Unsqueeze, Squeeze, Transpose,
 * Identity, Dropout (inference), Constant, Split, Slice, Expand.
 */
#include <string.h>

#include "ref_internal.h"

#define SHAPE_ERR(...) ref_err(err, errlen, AITC_E_SHAPE, __VA_ARGS__)

static size_t esize(const ref_tensor *t) { return aitc_dtype_size((aitc_dtype)t->dtype); }

static int copy_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)x; (void)n; (void)err; (void)errlen;
    if (out[0]->bytes && out[0]->data != in[0]->data) memcpy(out[0]->data, in[0]->data, out[0]->bytes);
    return 0;
}

static void set_like(ref_tensor *o, const ref_tensor *i)
{
    o->dtype = i->dtype;
    o->rank = i->rank;
    memcpy(o->dims, i->dims, sizeof o->dims);
}

/* ---- Identity / Dropout ---- */
static int identity_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    set_like(out[0], in[0]);
    if (n->nout > 1 && out[1]) { set_like(out[1], in[0]); out[1]->dtype = AITC_DTYPE_BOOL; }
    return 0;
}

static int dropout_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    if (n->nout > 1 && out[1]) memset(out[1]->data, 1, out[1]->bytes);
    return copy_run(x, n, in, out, err, errlen);
}

/* ---- Reshape ---- */
static int reshape_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int rc = ref_need_const(n, in, 1, err, errlen);
    if (rc) return rc;
    if (in[1]->dtype != AITC_DTYPE_INT64 || in[1]->rank != 1) return ref_err(err, errlen, AITC_E_INVALID, "Reshape (node %s): shape must be 1-D int64", n->name);
    int64_t r = in[1]->dims[0], known = 1, neg = -1;
    if (r > REF_MAX_RANK) return ref_err(err, errlen, AITC_E_UNSUPPORTED, "Reshape (node %s): rank %lld", n->name, (long long)r);
    int allowzero = (int)ref_attr_i(n, "allowzero", 0);
    out[0]->dtype = in[0]->dtype;
    out[0]->rank = (int)r;
    for (int i = 0; i < r; i++) {
        int64_t d = ((const int64_t *)in[1]->data)[i];
        if (d == 0 && !allowzero) {
            if (i >= in[0]->rank) return SHAPE_ERR("Reshape (node %s): 0 at dim %d beyond input rank", n->name, i);
            d = in[0]->dims[i];
        }
        if (d == -1) {
            if (neg >= 0) return SHAPE_ERR("Reshape (node %s): two -1 dims", n->name);
            neg = i;
            d = 1;
        } else if (d < 0 || d > REF_MAX_ELEMS) {
            return SHAPE_ERR("Reshape (node %s): bad dim %lld", n->name, (long long)d);
        }
        out[0]->dims[i] = d;
        if (d && known > REF_MAX_ELEMS / d) return SHAPE_ERR("Reshape (node %s): too many elements", n->name);
        known *= d;
    }
    int64_t total = ref_numel(in[0]);
    if (neg >= 0) {
        if (known == 0 || total % known) return SHAPE_ERR("Reshape (node %s): cannot infer -1", n->name);
        out[0]->dims[neg] = total / known;
    } else if (known != total) {
        return SHAPE_ERR("Reshape (node %s): %lld elements into %lld", n->name, (long long)total, (long long)known);
    }
    return 0;
}

/* ---- Flatten ---- */
static int flatten_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int axis;
    int64_t a = ref_attr_i(n, "axis", 1);
    if (a == in[0]->rank) axis = in[0]->rank;
    else if (ref_norm_axis(a, in[0]->rank, &axis)) return SHAPE_ERR("Flatten (node %s): bad axis", n->name);
    int64_t d0 = 1, d1 = 1;
    for (int i = 0; i < in[0]->rank; i++) { if (i < axis) d0 *= in[0]->dims[i]; else d1 *= in[0]->dims[i]; }
    out[0]->dtype = in[0]->dtype;
    out[0]->rank = 2;
    out[0]->dims[0] = d0;
    out[0]->dims[1] = d1;
    return 0;
}

/* ---- Shape ---- */
static void shape_range(const ref_node *n, int rank, int64_t *s, int64_t *e)
{
    *s = ref_attr_i(n, "start", 0);
    *e = ref_attr_i(n, "end", rank);
    if (*s < 0) *s += rank;
    if (*e < 0) *e += rank;
    if (*s < 0) *s = 0;
    if (*s > rank) *s = rank;
    if (*e < *s) *e = *s;
    if (*e > rank) *e = rank;
}

static int shape_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    int64_t s, e;
    shape_range(n, in[0]->rank, &s, &e);
    out[0]->dtype = AITC_DTYPE_INT64;
    out[0]->rank = 1;
    out[0]->dims[0] = e - s;
    return 0;
}

static int shape_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)x; (void)err; (void)errlen;
    int64_t s, e;
    shape_range(n, in[0]->rank, &s, &e);
    for (int64_t i = s; i < e; i++) ((int64_t *)out[0]->data)[i - s] = in[0]->dims[i];
    return 0;
}

/* ---- Gather ---- */
static int gather_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int axis, rc = ref_check_dtype(n, in[1], REF_DT_INTS, err, errlen);
    if (rc) return rc;
    if (ref_norm_axis(ref_attr_i(n, "axis", 0), in[0]->rank, &axis)) return SHAPE_ERR("Gather (node %s): bad axis", n->name);
    int r = in[0]->rank - 1 + in[1]->rank;
    if (r > REF_MAX_RANK) return ref_err(err, errlen, AITC_E_UNSUPPORTED, "Gather (node %s): rank too high", n->name);
    out[0]->dtype = in[0]->dtype;
    out[0]->rank = r;
    int k = 0;
    for (int i = 0; i < axis; i++) out[0]->dims[k++] = in[0]->dims[i];
    for (int i = 0; i < in[1]->rank; i++) out[0]->dims[k++] = in[1]->dims[i];
    for (int i = axis + 1; i < in[0]->rank; i++) out[0]->dims[k++] = in[0]->dims[i];
    return 0;
}

static int gather_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)x;
    int axis;
    ref_norm_axis(ref_attr_i(n, "axis", 0), in[0]->rank, &axis);
    int64_t outer = 1, inner = 1, dim = in[0]->dims[axis], ni = ref_numel(in[1]);
    for (int i = 0; i < axis; i++) outer *= in[0]->dims[i];
    for (int i = axis + 1; i < in[0]->rank; i++) inner *= in[0]->dims[i];
    size_t blk = (size_t)inner * esize(in[0]);
    const char *src = in[0]->data;
    char *dst = out[0]->data;
    for (int64_t o = 0; o < outer; o++)
        for (int64_t j = 0; j < ni; j++) {
            int64_t id = ref_get_i64(in[1], j);
            if (id < 0) id += dim;
            if (id < 0 || id >= dim) return ref_err(err, errlen, AITC_E_INVALID, "Gather (node %s): index %lld out of range", n->name, (long long)ref_get_i64(in[1], j));
            memcpy(dst + (o * ni + j) * blk, src + (o * dim + id) * blk, blk);
        }
    return 0;
}

/* ---- Concat ---- */
static int concat_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int axis;
    const ref_tensor *f = NULL;
    for (int k = 0; k < n->nin; k++) if (in[k]) { f = in[k]; break; }
    if (!f) return ref_err(err, errlen, AITC_E_INVALID, "Concat (node %s): no inputs", n->name);
    if (ref_norm_axis(ref_attr_i(n, "axis", 0), f->rank, &axis)) return SHAPE_ERR("Concat (node %s): bad axis", n->name);
    set_like(out[0], f);
    out[0]->dims[axis] = 0;
    for (int k = 0; k < n->nin; k++) {
        if (!in[k]) continue;
        if (in[k]->rank != f->rank || in[k]->dtype != f->dtype) return SHAPE_ERR("Concat (node %s): input %d rank/type differ", n->name, k);
        for (int i = 0; i < f->rank; i++)
            if (i != axis && in[k]->dims[i] != f->dims[i]) return SHAPE_ERR("Concat (node %s): input %d dim %d differs", n->name, k, i);
        out[0]->dims[axis] += in[k]->dims[axis];
    }
    return 0;
}

static int concat_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)x; (void)err; (void)errlen;
    int axis;
    ref_norm_axis(ref_attr_i(n, "axis", 0), out[0]->rank, &axis);
    int64_t outer = 1, inner = 1;
    for (int i = 0; i < axis; i++) outer *= out[0]->dims[i];
    for (int i = axis + 1; i < out[0]->rank; i++) inner *= out[0]->dims[i];
    size_t es = esize(out[0]), orow = (size_t)(out[0]->dims[axis] * inner) * es, off = 0;
    for (int k = 0; k < n->nin; k++) {
        if (!in[k]) continue;
        size_t row = (size_t)(in[k]->dims[axis] * inner) * es;
        for (int64_t o = 0; o < outer; o++)
            if (row) memcpy((char *)out[0]->data + o * orow + off, (const char *)in[k]->data + o * row, row);
        off += row;
    }
    return 0;
}

/* ---- Unsqueeze / Squeeze ---- */
static int get_axes(ref_node *n, ref_tensor **in, int64_t *axes, int *na, char *err, size_t errlen)
{
    *na = 0;
    if (n->opset >= 13) {
        if (n->nin < 2 || !in[1]) return 0;
        int rc = ref_need_const(n, in, 1, err, errlen);
        if (rc) return rc;
        int64_t c = ref_numel(in[1]);
        if (c > REF_MAX_RANK) return SHAPE_ERR("%s (node %s): too many axes", n->op_type, n->name);
        for (int64_t i = 0; i < c; i++) axes[(*na)++] = ref_get_i64(in[1], i);
        return 0;
    }
    const int64_t *a;
    size_t c = ref_attr_ints(n, "axes", &a);
    if (c > REF_MAX_RANK) return SHAPE_ERR("%s (node %s): too many axes", n->op_type, n->name);
    for (size_t i = 0; i < c; i++) axes[(*na)++] = a[i];
    return 0;
}

static int unsqueeze_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int64_t axes[REF_MAX_RANK];
    int na, rc = get_axes(n, in, axes, &na, err, errlen);
    if (rc) return rc;
    int r = in[0]->rank + na;
    if (r > REF_MAX_RANK || na == 0) return SHAPE_ERR("Unsqueeze (node %s): bad axes", n->name);
    uint8_t mark[REF_MAX_RANK] = {0};
    for (int i = 0; i < na; i++) {
        int a;
        if (ref_norm_axis(axes[i], r, &a) || mark[a]) return SHAPE_ERR("Unsqueeze (node %s): bad axis %lld", n->name, (long long)axes[i]);
        mark[a] = 1;
    }
    out[0]->dtype = in[0]->dtype;
    out[0]->rank = r;
    for (int i = 0, k = 0; i < r; i++) out[0]->dims[i] = mark[i] ? 1 : in[0]->dims[k++];
    return 0;
}

static int squeeze_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int64_t axes[REF_MAX_RANK];
    int na, rc = get_axes(n, in, axes, &na, err, errlen);
    if (rc) return rc;
    uint8_t mark[REF_MAX_RANK] = {0};
    for (int i = 0; i < na; i++) {
        int a;
        if (ref_norm_axis(axes[i], in[0]->rank, &a) || in[0]->dims[a] != 1) return SHAPE_ERR("Squeeze (node %s): bad axis %lld", n->name, (long long)axes[i]);
        mark[a] = 1;
    }
    if (na == 0)
        for (int i = 0; i < in[0]->rank; i++) mark[i] = in[0]->dims[i] == 1;
    out[0]->dtype = in[0]->dtype;
    out[0]->rank = 0;
    for (int i = 0; i < in[0]->rank; i++) if (!mark[i]) out[0]->dims[out[0]->rank++] = in[0]->dims[i];
    return 0;
}

/* ---- Transpose ---- */
static int get_perm(const ref_node *n, int rank, int *perm)
{
    const int64_t *p;
    size_t c = ref_attr_ints(n, "perm", &p);
    if (!c) { for (int i = 0; i < rank; i++) perm[i] = rank - 1 - i; return 0; }
    if ((int)c != rank) return -1;
    uint8_t seen[REF_MAX_RANK] = {0};
    for (int i = 0; i < rank; i++) {
        if (p[i] < 0 || p[i] >= rank || seen[p[i]]) return -1;
        seen[p[i]] = 1;
        perm[i] = (int)p[i];
    }
    return 0;
}

static int transpose_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int perm[REF_MAX_RANK];
    if (get_perm(n, in[0]->rank, perm)) return SHAPE_ERR("Transpose (node %s): bad perm", n->name);
    out[0]->dtype = in[0]->dtype;
    out[0]->rank = in[0]->rank;
    for (int i = 0; i < in[0]->rank; i++) out[0]->dims[i] = in[0]->dims[perm[i]];
    return 0;
}

typedef struct {
    const char *src;
    char *dst;
    size_t es;
    int r;
    int64_t st[REF_MAX_RANK], dims[REF_MAX_RANK]; /* source stride of each output axis; output dims */
} tr_ctx;

/* Output rows [r0, r1) (all axes but the last): each row is a strided gather along the source, a plain
 * copy when the last axis stays innermost. */
static void tr_task(void *arg, int64_t r0, int64_t r1, int tid)
{
    (void)tid;
    const tr_ctx *c = arg;
    const int r = c->r;
    const int64_t len = c->dims[r - 1], s = c->st[r - 1];
    for (int64_t row = r0; row < r1; row++) {
        int64_t off = 0, rem = row;
        for (int i = r - 2; i >= 0; i--) {
            off += (rem % c->dims[i]) * c->st[i];
            rem /= c->dims[i];
        }
        char *d = c->dst + row * len * (int64_t)c->es;
        const char *sp = c->src + off * (int64_t)c->es;
        if (s == 1) memcpy(d, sp, (size_t)len * c->es);
        else if (c->es == 4)
            for (int64_t k = 0; k < len; k++) ((uint32_t *)d)[k] = ((const uint32_t *)sp)[k * s];
        else
            for (int64_t k = 0; k < len; k++) memcpy(d + k * (int64_t)c->es, sp + k * s * (int64_t)c->es, c->es);
    }
}

static int transpose_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    int perm[REF_MAX_RANK], r = in[0]->rank;
    get_perm(n, r, perm);
    tr_ctx c;
    int64_t ist[REF_MAX_RANK], s = 1;
    for (int i = r - 1; i >= 0; i--) { ist[i] = s; s *= in[0]->dims[i]; }
    for (int i = 0; i < r; i++) { c.st[i] = ist[perm[i]]; c.dims[i] = out[0]->dims[i]; }
    c.src = in[0]->data;
    c.dst = out[0]->data;
    c.es = esize(in[0]);
    c.r = r;
    if (r == 0) { memcpy(c.dst, c.src, c.es); return 0; }
    const int64_t total = ref_numel(out[0]), len = c.dims[r - 1], rows = len ? total / len : 0;
    if (x->threads && total >= REF_PAR_MIN_ELEMS && rows > 1) ref_threads_run(x->threads, rows, tr_task, &c);
    else tr_task(&c, 0, rows, 0);
    return 0;
}

/* ---- Constant ---- */
static int constant_check(const ref_graph *g, const ref_node *n, char *err, size_t errlen)
{
    (void)g;
    if (n->nattrs != 1) return ref_err(err, errlen, AITC_E_INVALID, "Constant (node %s): needs exactly one attribute", n->name);
    const ref_attr *a = &n->attrs[0];
    if ((!strcmp(a->name, "value") && a->type == REF_ATTR_TENSOR) || (!strcmp(a->name, "value_float") && a->type == REF_ATTR_FLOAT) ||
        (!strcmp(a->name, "value_floats") && a->type == REF_ATTR_FLOATS) || (!strcmp(a->name, "value_int") && a->type == REF_ATTR_INT) ||
        (!strcmp(a->name, "value_ints") && a->type == REF_ATTR_INTS))
        return 0;
    return ref_err(err, errlen, AITC_E_UNSUPPORTED, "Constant (node %s): attribute %s is not supported", n->name, a->name);
}

static int constant_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)in; (void)err; (void)errlen;
    const ref_attr *a = &n->attrs[0];
    out[0]->rank = 0;
    switch (a->type) {
    case REF_ATTR_TENSOR: set_like(out[0], a->t); break;
    case REF_ATTR_FLOAT: out[0]->dtype = AITC_DTYPE_FLOAT32; break;
    case REF_ATTR_INT: out[0]->dtype = AITC_DTYPE_INT64; break;
    case REF_ATTR_FLOATS: out[0]->dtype = AITC_DTYPE_FLOAT32; out[0]->rank = 1; out[0]->dims[0] = (int64_t)a->n; break;
    default: out[0]->dtype = AITC_DTYPE_INT64; out[0]->rank = 1; out[0]->dims[0] = (int64_t)a->n; break;
    }
    return 0;
}

static int constant_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)x; (void)in; (void)err; (void)errlen;
    const ref_attr *a = &n->attrs[0];
    switch (a->type) {
    case REF_ATTR_TENSOR: if (a->t->bytes) memcpy(out[0]->data, a->t->data, a->t->bytes); break;
    case REF_ATTR_FLOAT: *(float *)out[0]->data = a->f; break;
    case REF_ATTR_INT: *(int64_t *)out[0]->data = a->i; break;
    case REF_ATTR_FLOATS: if (a->n) memcpy(out[0]->data, a->floats, a->n * 4); break;
    default: if (a->n) memcpy(out[0]->data, a->ints, a->n * 8); break;
    }
    return 0;
}

/* ---- Split ---- */
static int split_sizes(ref_node *n, ref_tensor **in, int axis, int64_t *sizes, char *err, size_t errlen)
{
    int64_t dim = in[0]->dims[axis], sum = 0;
    const int64_t *sp = NULL;
    size_t c = 0;
    if (n->opset >= 13) {
        if (n->nin > 1 && in[1]) {
            int rc = ref_need_const(n, in, 1, err, errlen);
            if (rc) return rc;
            if (in[1]->dtype != AITC_DTYPE_INT64) return SHAPE_ERR("Split (node %s): split must be int64", n->name);
            sp = in[1]->data;
            c = (size_t)ref_numel(in[1]);
        }
    } else {
        c = ref_attr_ints(n, "split", &sp);
    }
    if (c) {
        if ((int)c != n->nout) return SHAPE_ERR("Split (node %s): %zu sizes for %d outputs", n->name, c, n->nout);
        for (int i = 0; i < n->nout; i++) { if (sp[i] < 0) return SHAPE_ERR("Split (node %s): negative size", n->name); sizes[i] = sp[i]; sum += sp[i]; }
        if (sum != dim) return SHAPE_ERR("Split (node %s): sizes sum to %lld, dim is %lld", n->name, (long long)sum, (long long)dim);
        return 0;
    }
    int64_t per = (dim + n->nout - 1) / n->nout;
    for (int i = 0; i < n->nout; i++) {
        sizes[i] = dim - sum < per ? dim - sum : per;
        sum += sizes[i];
    }
    if (n->opset < 18 && dim % n->nout) return SHAPE_ERR("Split (node %s): %lld not divisible by %d", n->name, (long long)dim, n->nout);
    return 0;
}

static int split_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int axis;
    int64_t sizes[64];
    if (ref_norm_axis(ref_attr_i(n, "axis", 0), in[0]->rank, &axis)) return SHAPE_ERR("Split (node %s): bad axis", n->name);
    int rc = split_sizes(n, in, axis, sizes, err, errlen);
    if (rc) return rc;
    for (int i = 0; i < n->nout; i++) {
        if (!out[i]) continue;
        set_like(out[i], in[0]);
        out[i]->dims[axis] = sizes[i];
    }
    return 0;
}

static int split_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)x;
    int axis;
    int64_t sizes[64];
    ref_norm_axis(ref_attr_i(n, "axis", 0), in[0]->rank, &axis);
    int rc = split_sizes(n, in, axis, sizes, err, errlen);
    if (rc) return rc;
    int64_t outer = 1, inner = 1;
    for (int i = 0; i < axis; i++) outer *= in[0]->dims[i];
    for (int i = axis + 1; i < in[0]->rank; i++) inner *= in[0]->dims[i];
    size_t es = esize(in[0]), irow = (size_t)(in[0]->dims[axis] * inner) * es, off = 0;
    for (int k = 0; k < n->nout; k++) {
        size_t row = (size_t)(sizes[k] * inner) * es;
        if (out[k])
            for (int64_t o = 0; o < outer; o++)
                if (row) memcpy((char *)out[k]->data + o * row, (const char *)in[0]->data + o * irow + off, row);
        off += row;
    }
    return 0;
}

/* ---- Slice ---- */
typedef struct {
    int64_t start[REF_MAX_RANK], step[REF_MAX_RANK];
} slice_p;

static int slice_params(ref_node *n, ref_tensor **in, ref_tensor *o, slice_p *sp, char *err, size_t errlen)
{
    int r = in[0]->rank;
    int64_t st[REF_MAX_RANK], en[REF_MAX_RANK], ax[REF_MAX_RANK], stp[REF_MAX_RANK];
    int cnt;
    if (n->opset < 10) {
        const int64_t *s, *e, *a;
        size_t cs = ref_attr_ints(n, "starts", &s), ce = ref_attr_ints(n, "ends", &e), ca = ref_attr_ints(n, "axes", &a);
        if (cs != ce || cs > REF_MAX_RANK || (ca && ca != cs)) return SHAPE_ERR("Slice (node %s): bad attributes", n->name);
        cnt = (int)cs;
        for (int i = 0; i < cnt; i++) { st[i] = s[i]; en[i] = e[i]; ax[i] = ca ? a[i] : i; stp[i] = 1; }
    } else {
        if (n->nin < 3 || !in[1] || !in[2]) return SHAPE_ERR("Slice (node %s): starts and ends are required", n->name);
        for (int k = 1; k < n->nin; k++) { int rc = ref_need_const(n, in, k, err, errlen); if (rc) return rc; }
        for (int k = 1; k < n->nin; k++)
            if (in[k] && (ref_check_dtype(n, in[k], REF_DT_INTS, err, errlen) || in[k]->rank != 1 || in[k]->dims[0] != in[1]->dims[0]))
                return SHAPE_ERR("Slice (node %s): bad starts/ends/axes/steps", n->name);
        cnt = (int)in[1]->dims[0];
        if (cnt > REF_MAX_RANK) return SHAPE_ERR("Slice (node %s): too many axes", n->name);
        for (int i = 0; i < cnt; i++) {
            st[i] = ref_get_i64(in[1], i);
            en[i] = ref_get_i64(in[2], i);
            ax[i] = n->nin > 3 && in[3] ? ref_get_i64(in[3], i) : i;
            stp[i] = n->nin > 4 && in[4] ? ref_get_i64(in[4], i) : 1;
        }
    }
    set_like(o, in[0]);
    for (int i = 0; i < r; i++) { sp->start[i] = 0; sp->step[i] = 1; }
    for (int i = 0; i < cnt; i++) {
        int a;
        if (ref_norm_axis(ax[i], r, &a) || stp[i] == 0) return SHAPE_ERR("Slice (node %s): bad axis or step", n->name);
        int64_t d = in[0]->dims[a], s = st[i], e = en[i], k = stp[i];
        if (s < 0) s += d;
        if (e < 0 && e > INT64_MIN / 2) e += d;
        if (k > 0) {
            s = s < 0 ? 0 : s > d ? d : s;
            e = e < 0 ? 0 : e > d ? d : e;
            o->dims[a] = e > s ? (e - s + k - 1) / k : 0;
        } else {
            s = s < 0 ? -1 : s > d - 1 ? d - 1 : s;
            e = e < -1 ? -1 : e > d - 1 ? d - 1 : e;
            o->dims[a] = s > e ? (s - e + (-k) - 1) / (-k) : 0;
        }
        sp->start[a] = s;
        sp->step[a] = k;
    }
    return 0;
}

static int slice_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    slice_p sp;
    return slice_params(n, in, out[0], &sp, err, errlen);
}

static int slice_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)x;
    slice_p sp;
    ref_tensor o;
    int rc = slice_params(n, in, &o, &sp, err, errlen), r = in[0]->rank;
    if (rc) return rc;
    int64_t ist[REF_MAX_RANK], idx[REF_MAX_RANK] = {0}, s = 1, base = 0, total = ref_numel(out[0]);
    for (int i = r - 1; i >= 0; i--) { ist[i] = s; s *= in[0]->dims[i]; }
    for (int i = 0; i < r; i++) base += sp.start[i] * ist[i];
    size_t es = esize(in[0]);
    int64_t off = base;
    for (int64_t e = 0; e < total; e++) {
        memcpy((char *)out[0]->data + e * es, (const char *)in[0]->data + off * es, es);
        for (int i = r - 1; i >= 0; i--) {
            off += sp.step[i] * ist[i];
            if (++idx[i] < out[0]->dims[i]) break;
            off -= sp.step[i] * ist[i] * out[0]->dims[i];
            idx[i] = 0;
        }
    }
    return 0;
}

/* ---- Expand ---- */
static int expand_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int rc = ref_need_const(n, in, 1, err, errlen);
    if (rc) return rc;
    int64_t c = ref_numel(in[1]);
    if (c > REF_MAX_RANK || in[1]->dtype != AITC_DTYPE_INT64) return SHAPE_ERR("Expand (node %s): bad shape", n->name);
    ref_tensor s = {AITC_DTYPE_INT64, (int)c, {0}, NULL, 0};
    for (int i = 0; i < c; i++) s.dims[i] = ((const int64_t *)in[1]->data)[i];
    ref_tensor *two[2] = {in[0], &s};
    if ((rc = ref_broadcast_dims(2, two, out[0], err, errlen))) return rc;
    out[0]->dtype = in[0]->dtype;
    return 0;
}

typedef struct {
    const char *src;
    char *dst;
    size_t es;
} expand_ctx;

static void expand_row(void *vc, int64_t oo, const int64_t *off, int64_t n, const int64_t *st)
{
    expand_ctx *c = vc;
    for (int64_t i = 0; i < n; i++) memcpy(c->dst + (oo + i) * c->es, c->src + (off[0] + i * st[0]) * c->es, c->es);
}

static int expand_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)x; (void)n; (void)err; (void)errlen;
    expand_ctx c = {in[0]->data, out[0]->data, esize(in[0])};
    ref_bcast b;
    ref_bcast_init(&b, 1, in, out[0]);
    ref_bcast_walk(&b, expand_row, &c);
    return 0;
}

const ref_op ref_ops_shape[] = {
    {"Identity", 1, 1, 1, 1, NULL, identity_shape, copy_run, 0},
    {"Dropout", 1, 3, 1, 2, NULL, identity_shape, dropout_run, 0},
    {"Reshape", 2, 2, 1, 1, NULL, reshape_shape, copy_run, 0},
    {"Flatten", 1, 1, 1, 1, NULL, flatten_shape, copy_run, 0},
    {"Shape", 1, 1, 1, 1, NULL, shape_shape, shape_run, 1},
    {"Gather", 2, 2, 1, 1, NULL, gather_shape, gather_run, 0},
    {"Concat", 1, 64, 1, 1, NULL, concat_shape, concat_run, 0},
    {"Unsqueeze", 1, 2, 1, 1, NULL, unsqueeze_shape, copy_run, 0},
    {"Squeeze", 1, 2, 1, 1, NULL, squeeze_shape, copy_run, 0},
    {"Transpose", 1, 1, 1, 1, NULL, transpose_shape, transpose_run, 0},
    {"Constant", 0, 0, 1, 1, constant_check, constant_shape, constant_run, 0},
    {"Split", 1, 2, 1, 64, NULL, split_shape, split_run, 0},
    {"Slice", 1, 5, 1, 1, NULL, slice_shape, slice_run, 0},
    {"Expand", 2, 2, 1, 1, NULL, expand_shape, expand_run, 0},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0},
};
