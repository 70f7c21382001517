/*
 * model.c — ONNX ModelProto → ref_graph.
 *
 * Field numbers follow onnx/onnx.proto. Every length is checked by pb.c; this file checks wire types,
 * element counts (overflow, REF_MAX_ELEMS) and that tensor payloads match their dims.
 */
#include <stdlib.h>
#include <string.h>

#include "pb.h"
#include "ref_internal.h"

#define BAD(...) ref_err(err, errlen, AITC_E_INVALID, __VA_ARGS__)
#define NOMEM() ref_err(err, errlen, AITC_E_NOMEM, "out of memory while parsing the model")

typedef struct {
    char *name;
    int has_type;
    int dtype, rank;
    int64_t dims[REF_MAX_RANK];
} vinfo;

typedef struct {
    char *name;
    ref_tensor t;
} named_tensor;

typedef struct {
    ref_node n;
    pb_vec in_names;  /* char* */
    pb_vec out_names; /* char* */
} raw_node;

static int expect_wt(int wt, int want, const char *what, char *err, size_t errlen)
{
    if (wt != want) return BAD("malformed model: wrong wire type %d for %s", wt, what);
    return 0;
}

static int dtype_ok(int dt)
{
    return dt == AITC_DTYPE_FLOAT32 || dt == AITC_DTYPE_UINT8 || dt == AITC_DTYPE_INT8 || dt == AITC_DTYPE_INT32 ||
           dt == AITC_DTYPE_INT64 || dt == AITC_DTYPE_BOOL;
}

/* Parses a TensorProto into t (data malloc'd, owned by the caller); *name gets the tensor name. */
static int parse_tensor(pb_buf b, ref_tensor *t, char **name, char *err, size_t errlen)
{
    pb_vec dims = {0, 0, 0, 8}, f32 = {0, 0, 0, 4}, i32 = {0, 0, 0, 8}, i64 = {0, 0, 0, 8}, f64 = {0, 0, 0, 8};
    pb_buf raw = {0, 0};
    int have_raw = 0, external = 0, rc = 0;
    uint64_t dt = 0;
    memset(t, 0, sizeof *t);
    while (b.p < b.end) {
        uint32_t f;
        int wt;
        if (pb_tag(&b, &f, &wt)) { rc = BAD("malformed tensor: bad field tag"); goto done; }
        int bad = 0;
        switch (f) {
        case 1: bad = pb_rep_varint(&b, wt, &dims); break;
        case 2: bad = wt != PB_VARINT || pb_varint(&b, &dt); break;
        case 3: rc = ref_err(err, errlen, AITC_E_UNSUPPORTED, "segmented tensors are not supported"); goto done;
        case 4: bad = pb_rep_fixed32(&b, wt, &f32); break;
        case 5: bad = pb_rep_varint(&b, wt, &i32); break;
        case 7: bad = pb_rep_varint(&b, wt, &i64); break;
        case 8: bad = wt != PB_LEN || pb_string(&b, name); break;
        case 9: bad = wt != PB_LEN || pb_len(&b, &raw); have_raw = 1; break;
        case 10: bad = pb_rep_fixed64(&b, wt, &f64); break;
        case 14: {
            uint64_t loc;
            bad = wt != PB_VARINT || pb_varint(&b, &loc);
            if (!bad && loc == 1) external = 1;
            break;
        }
        default: bad = pb_skip(&b, wt); break;
        }
        if (bad) { rc = BAD("malformed tensor: bad field %u (wire type %d)", f, wt); goto done; }
    }
    const char *tn = *name ? *name : "?";
    if (external) { rc = ref_err(err, errlen, AITC_E_UNSUPPORTED, "tensor %s: external data is not supported", tn); goto done; }
    if (dims.n > REF_MAX_RANK) { rc = ref_err(err, errlen, AITC_E_UNSUPPORTED, "tensor %s: rank %zu > %d", tn, dims.n, REF_MAX_RANK); goto done; }
    if (!dtype_ok((int)dt)) {
        rc = ref_err(err, errlen, dt > 32 ? AITC_E_INVALID : AITC_E_UNSUPPORTED, "tensor %s: data type %llu is not supported", tn, (unsigned long long)dt);
        goto done;
    }
    t->dtype = (int)dt;
    t->rank = (int)dims.n;
    for (size_t i = 0; i < dims.n; i++) {
        int64_t d = ((int64_t *)dims.v)[i];
        if (d < 0) { rc = BAD("tensor %s: negative dim %lld", tn, (long long)d); goto done; }
        t->dims[i] = d;
    }
    if ((rc = ref_tensor_size(t, err, errlen))) goto done;
    int64_t n = ref_numel(t);
    /* The data must be in the file before anything is allocated for it: dims alone may claim
     * gigabytes (the ONNX fuzzer found a 61-byte model asking for 17 GB). */
    if (have_raw) {
        if ((size_t)(raw.end - raw.p) != t->bytes) {
            rc = BAD("tensor %s: raw_data has %zu bytes, dims need %zu", tn, (size_t)(raw.end - raw.p), t->bytes);
            goto done;
        }
    } else {
        const char *field = "int32_data";
        size_t have = i32.n;
        if (t->dtype == AITC_DTYPE_FLOAT32) { field = "float_data"; have = f32.n; }
        else if (t->dtype == AITC_DTYPE_INT64) { field = "int64_data"; have = i64.n; }
        if ((int64_t)have != n) { rc = BAD("tensor %s: %zu %s values, dims need %lld", tn, have, field, (long long)n); goto done; }
    }
    t->data = ref_aligned_alloc(t->bytes ? t->bytes : 1);
    if (!t->data) { rc = NOMEM(); goto done; }
    if (have_raw) {
        if (t->bytes) memcpy(t->data, raw.p, t->bytes); /* little-endian host assumed */
    } else if (t->dtype == AITC_DTYPE_FLOAT32) {
        if (n) memcpy(t->data, f32.v, (size_t)n * 4);
    } else if (t->dtype == AITC_DTYPE_INT64) {
        if (n) memcpy(t->data, i64.v, (size_t)n * 8);
    } else {
        for (int64_t i = 0; i < n; i++) {
            uint64_t v = ((uint64_t *)i32.v)[i];
            switch (t->dtype) {
            case AITC_DTYPE_INT32: ((int32_t *)t->data)[i] = (int32_t)(uint32_t)v; break;
            case AITC_DTYPE_INT8: ((int8_t *)t->data)[i] = (int8_t)(uint8_t)v; break;
            default: ((uint8_t *)t->data)[i] = (uint8_t)v; break;
            }
        }
    }
done:
    free(dims.v); free(f32.v); free(i32.v); free(i64.v); free(f64.v);
    if (rc) { ref_aligned_free(t->data); t->data = NULL; }
    return rc;
}

static int parse_value_info(pb_buf b, vinfo *vi, char *err, size_t errlen)
{
    memset(vi, 0, sizeof *vi);
    while (b.p < b.end) {
        uint32_t f;
        int wt;
        if (pb_tag(&b, &f, &wt)) return BAD("malformed value info: bad tag");
        if (f == 1) {
            if (expect_wt(wt, PB_LEN, "ValueInfo.name", err, errlen) || pb_string(&b, &vi->name)) return BAD("malformed value info name");
        } else if (f == 2) {
            pb_buf tp;
            if (wt != PB_LEN || pb_len(&b, &tp)) return BAD("malformed value info type");
            while (tp.p < tp.end) {
                uint32_t f2; int w2;
                if (pb_tag(&tp, &f2, &w2)) return BAD("malformed type proto");
                if (f2 != 1) { if (pb_skip(&tp, w2)) return BAD("malformed type proto"); continue; }
                pb_buf tt;
                if (w2 != PB_LEN || pb_len(&tp, &tt)) return BAD("malformed tensor type");
                vi->has_type = 1;
                while (tt.p < tt.end) {
                    uint32_t f3; int w3;
                    if (pb_tag(&tt, &f3, &w3)) return BAD("malformed tensor type");
                    if (f3 == 1) {
                        uint64_t v;
                        if (w3 != PB_VARINT || pb_varint(&tt, &v)) return BAD("malformed elem_type");
                        vi->dtype = (int)(v > 1000 ? 1000 : v);
                    } else if (f3 == 2) {
                        pb_buf sh;
                        if (w3 != PB_LEN || pb_len(&tt, &sh)) return BAD("malformed shape");
                        vi->rank = 0;
                        while (sh.p < sh.end) {
                            uint32_t f4; int w4;
                            pb_buf dim;
                            if (pb_tag(&sh, &f4, &w4)) return BAD("malformed shape");
                            if (f4 != 1) { if (pb_skip(&sh, w4)) return BAD("malformed shape"); continue; }
                            if (w4 != PB_LEN || pb_len(&sh, &dim)) return BAD("malformed dim");
                            if (vi->rank >= REF_MAX_RANK) return ref_err(err, errlen, AITC_E_UNSUPPORTED, "value %s: rank > %d", vi->name ? vi->name : "?", REF_MAX_RANK);
                            int64_t d = -1;
                            while (dim.p < dim.end) {
                                uint32_t f5; int w5;
                                if (pb_tag(&dim, &f5, &w5)) return BAD("malformed dim");
                                if (f5 == 1) {
                                    uint64_t v;
                                    if (w5 != PB_VARINT || pb_varint(&dim, &v)) return BAD("malformed dim_value");
                                    /* Some exporters (old Paddle2ONNX) write -1 for a dynamic dim: symbolic, like a dim_param. */
                                    if ((int64_t)v < 0) d = -1;
                                    else if ((int64_t)v > REF_MAX_ELEMS) return BAD("value %s: absurd dim %lld", vi->name ? vi->name : "?", (long long)v);
                                    else d = (int64_t)v;
                                } else if (pb_skip(&dim, w5)) return BAD("malformed dim");
                            }
                            vi->dims[vi->rank++] = d;
                        }
                    } else if (pb_skip(&tt, w3)) return BAD("malformed tensor type");
                }
            }
        } else if (pb_skip(&b, wt)) return BAD("malformed value info");
    }
    if (!vi->name) return BAD("value info without a name");
    return 0;
}

static void free_attr(ref_attr *a)
{
    free(a->name); free(a->s); free(a->floats); free(a->ints);
    if (a->t) { ref_aligned_free(a->t->data); free(a->t); }
}

static int parse_attr(pb_buf b, ref_attr *a, char *err, size_t errlen)
{
    pb_vec fl = {0, 0, 0, 4}, in = {0, 0, 0, 8};
    int rc = 0, seen = 0;
    uint64_t type = 0;
    memset(a, 0, sizeof *a);
    while (b.p < b.end) {
        uint32_t f; int wt, bad = 0;
        if (pb_tag(&b, &f, &wt)) { rc = BAD("malformed attribute"); goto out; }
        switch (f) {
        case 1: bad = wt != PB_LEN || pb_string(&b, &a->name); break;
        case 20: bad = wt != PB_VARINT || pb_varint(&b, &type); break;
        case 2: {
            uint32_t u = 0;
            bad = wt != PB_FIXED32 || pb_fixed32(&b, &u);
            memcpy(&a->f, &u, 4); seen = REF_ATTR_FLOAT;
            break;
        }
        case 3: {
            uint64_t v = 0;
            bad = wt != PB_VARINT || pb_varint(&b, &v);
            a->i = (int64_t)v; seen = REF_ATTR_INT;
            break;
        }
        case 4: bad = wt != PB_LEN || pb_string(&b, &a->s); seen = REF_ATTR_STRING; break;
        case 5: {
            pb_buf tb; char *tn = NULL;
            if (wt != PB_LEN || pb_len(&b, &tb)) { bad = 1; break; }
            if (a->t) { rc = BAD("attribute with two tensors"); goto out; }
            a->t = calloc(1, sizeof *a->t);
            if (!a->t) { rc = NOMEM(); goto out; }
            rc = parse_tensor(tb, a->t, &tn, err, errlen);
            free(tn);
            if (rc) goto out;
            seen = REF_ATTR_TENSOR;
            break;
        }
        case 6: bad = pb_skip(&b, wt); seen = REF_ATTR_GRAPH; break;
        case 7: bad = pb_rep_fixed32(&b, wt, &fl); seen = REF_ATTR_FLOATS; break;
        case 8: bad = pb_rep_varint(&b, wt, &in); seen = REF_ATTR_INTS; break;
        case 9: bad = pb_skip(&b, wt); seen = REF_ATTR_STRINGS; break;
        default: bad = pb_skip(&b, wt); break;
        }
        if (bad) { rc = BAD("malformed attribute %s (field %u)", a->name ? a->name : "?", f); goto out; }
    }
    if (!a->name) { rc = BAD("attribute without a name"); goto out; }
    a->type = type ? (int)(type > 100 ? 100 : type) : seen;
    if (a->type == REF_ATTR_FLOATS) { a->floats = fl.v; a->n = fl.n; fl.v = NULL; }
    if (a->type == REF_ATTR_INTS) { a->ints = in.v; a->n = in.n; in.v = NULL; }
    if (a->type == REF_ATTR_TENSOR && !a->t) { rc = BAD("attribute %s: TENSOR without a tensor", a->name); goto out; }
out:
    free(fl.v); free(in.v);
    return rc;
}

static void free_names(pb_vec *v)
{
    for (size_t i = 0; i < v->n; i++) free(((char **)v->v)[i]);
    free(v->v);
    v->v = NULL; v->n = 0;
}

static int parse_node(pb_buf b, raw_node *r, char *err, size_t errlen)
{
    ref_node *n = &r->n;
    pb_vec attrs = {0, 0, 0, sizeof(ref_attr)};
    int rc = 0;
    while (b.p < b.end) {
        uint32_t f; int wt, bad = 0;
        if (pb_tag(&b, &f, &wt)) { rc = BAD("malformed node"); goto out; }
        switch (f) {
        case 1: case 2: {
            char *s = NULL;
            if (wt != PB_LEN || pb_string(&b, &s)) { bad = 1; break; }
            if (pb_vec_push(f == 1 ? &r->in_names : &r->out_names, &s)) { free(s); rc = NOMEM(); goto out; }
            break;
        }
        case 3: bad = wt != PB_LEN || pb_string(&b, &n->name); break;
        case 4: bad = wt != PB_LEN || pb_string(&b, &n->op_type); break;
        case 7: bad = wt != PB_LEN || pb_string(&b, &n->domain); break;
        case 5: {
            pb_buf ab; ref_attr a;
            if (wt != PB_LEN || pb_len(&b, &ab)) { bad = 1; break; }
            if ((rc = parse_attr(ab, &a, err, errlen))) { free_attr(&a); goto out; }
            if (pb_vec_push(&attrs, &a)) { free_attr(&a); rc = NOMEM(); goto out; }
            break;
        }
        default: bad = pb_skip(&b, wt); break;
        }
        if (bad) { rc = BAD("malformed node %s (field %u, wire type %d)", n->name ? n->name : "?", f, wt); goto out; }
    }
    if (!n->op_type) { rc = BAD("node %s without op_type", n->name ? n->name : "?"); goto out; }
    if (!n->name && !(n->name = calloc(1, 1))) { rc = NOMEM(); goto out; }
    if (!n->domain && !(n->domain = calloc(1, 1))) { rc = NOMEM(); goto out; }
out:
    n->attrs = attrs.v;
    n->nattrs = (int)attrs.n;
    return rc;
}

int ref_value_find(const ref_graph *g, const char *name)
{
    for (int i = 0; i < g->nvals; i++)
        if (!strcmp(g->vals[i].name, name)) return i;
    return -1;
}

/* Finds or adds a value by name; returns its index or -1 on allocation failure. */
static int value_add(ref_graph *g, int *cap, const char *name)
{
    int i = ref_value_find(g, name);
    if (i >= 0) return i;
    if (g->nvals == *cap) {
        int nc = *cap ? *cap * 2 : 64;
        ref_value *nv = realloc(g->vals, (size_t)nc * sizeof *nv);
        if (!nv) return -1;
        g->vals = nv;
        *cap = nc;
    }
    ref_value *v = &g->vals[g->nvals];
    memset(v, 0, sizeof *v);
    size_t l = strlen(name);
    if (!(v->name = malloc(l + 1))) return -1;
    memcpy(v->name, name, l + 1);
    return g->nvals++;
}

static void apply_info(ref_value *v, const vinfo *vi)
{
    if (!vi->has_type) return;
    v->declared = 1;
    v->decl_dtype = vi->dtype;
    v->decl_rank = vi->rank;
    memcpy(v->decl_dims, vi->dims, sizeof vi->dims);
}

int ref_graph_parse(const uint8_t *buf, size_t len, ref_graph *g, char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    pb_buf b = {buf, buf + len}, gb = {0, 0};
    int have_graph = 0, rc = 0, have_opset = 0;
    g->opset = 1;
    if (!buf || !len) return BAD("empty model");
    while (b.p < b.end) {
        uint32_t f; int wt;
        if (pb_tag(&b, &f, &wt)) return BAD("malformed model: bad field tag at byte %zu", (size_t)(b.p - buf));
        if (f == 7) {
            if (wt != PB_LEN || pb_len(&b, &gb)) return BAD("malformed model: bad graph field");
            have_graph = 1;
        } else if (f == 8) {
            pb_buf ob; char *dom = NULL; uint64_t ver = 0;
            if (wt != PB_LEN || pb_len(&b, &ob)) return BAD("malformed model: bad opset_import");
            while (ob.p < ob.end) {
                uint32_t f2; int w2, bad;
                if (pb_tag(&ob, &f2, &w2)) { free(dom); return BAD("malformed opset_import"); }
                if (f2 == 1) bad = w2 != PB_LEN || pb_string(&ob, &dom);
                else if (f2 == 2) bad = w2 != PB_VARINT || pb_varint(&ob, &ver);
                else bad = pb_skip(&ob, w2);
                if (bad) { free(dom); return BAD("malformed opset_import"); }
            }
            if (!dom || !dom[0] || !strcmp(dom, "ai.onnx")) { g->opset = (int64_t)(ver > 1000 ? 1000 : ver); have_opset = 1; }
            free(dom);
        } else if (f == 1 || f == 5) {
            if (wt != PB_VARINT || pb_skip(&b, wt)) return BAD("malformed model: wrong wire type for field %u", f);
        } else if (f == 2 || f == 3 || f == 4 || f == 6) {
            if (wt != PB_LEN || pb_skip(&b, wt)) return BAD("malformed model: wrong wire type for field %u", f);
        } else if (pb_skip(&b, wt)) return BAD("malformed model: bad field %u", f);
    }
    if (!have_graph) return BAD("model has no graph");
    if (!have_opset) return BAD("model has no opset_import");

    pb_vec nodes = {0, 0, 0, sizeof(raw_node)}, inits = {0, 0, 0, sizeof(named_tensor)};
    pb_vec ins = {0, 0, 0, sizeof(vinfo)}, outs = {0, 0, 0, sizeof(vinfo)}, vis = {0, 0, 0, sizeof(vinfo)};
    int vcap = 0;
    while (gb.p < gb.end) {
        uint32_t f; int wt;
        pb_buf sb;
        if (pb_tag(&gb, &f, &wt)) { rc = BAD("malformed graph: bad tag"); goto done; }
        if (f == 1 || f == 5 || f == 11 || f == 12 || f == 13) {
            if (wt != PB_LEN || pb_len(&gb, &sb)) { rc = BAD("malformed graph: bad field %u", f); goto done; }
        } else if (f == 15) {
            rc = ref_err(err, errlen, AITC_E_UNSUPPORTED, "sparse initializers are not supported");
            goto done;
        } else {
            if (pb_skip(&gb, wt)) { rc = BAD("malformed graph: bad field %u", f); goto done; }
            continue;
        }
        if (f == 1) {
            raw_node r;
            memset(&r, 0, sizeof r);
            r.in_names.elem = r.out_names.elem = sizeof(char *);
            if (pb_vec_push(&nodes, &r)) { rc = NOMEM(); goto done; }
            raw_node *rp = &((raw_node *)nodes.v)[nodes.n - 1];
            if ((rc = parse_node(sb, rp, err, errlen))) goto done;
        } else if (f == 5) {
            named_tensor nt;
            memset(&nt, 0, sizeof nt);
            if ((rc = parse_tensor(sb, &nt.t, &nt.name, err, errlen))) { free(nt.name); goto done; }
            if (!nt.name) { ref_aligned_free(nt.t.data); rc = BAD("initializer without a name"); goto done; }
            if (pb_vec_push(&inits, &nt)) { free(nt.name); ref_aligned_free(nt.t.data); rc = NOMEM(); goto done; }
        } else {
            vinfo vi;
            if ((rc = parse_value_info(sb, &vi, err, errlen))) { free(vi.name); goto done; }
            if (pb_vec_push(f == 11 ? &ins : f == 12 ? &outs : &vis, &vi)) { free(vi.name); rc = NOMEM(); goto done; }
        }
    }

    /* initializers first, then graph inputs, value infos, node outputs */
    for (size_t i = 0; i < inits.n; i++) {
        named_tensor *nt = &((named_tensor *)inits.v)[i];
        int vi = value_add(g, &vcap, nt->name);
        if (vi < 0) { rc = NOMEM(); goto done; }
        if (g->vals[vi].kind == REF_VAL_INIT) { rc = BAD("duplicate initializer %s", nt->name); goto done; }
        g->vals[vi].kind = REF_VAL_INIT;
        g->vals[vi].init = nt->t;
        nt->t.data = NULL;
    }
    if (!(g->inputs = malloc((ins.n + 1) * sizeof(int))) || !(g->outputs = malloc((outs.n + 1) * sizeof(int)))) { rc = NOMEM(); goto done; }
    for (size_t i = 0; i < ins.n; i++) {
        vinfo *v = &((vinfo *)ins.v)[i];
        int vi = value_add(g, &vcap, v->name);
        if (vi < 0) { rc = NOMEM(); goto done; }
        apply_info(&g->vals[vi], v);
        if (g->vals[vi].kind == REF_VAL_INIT) continue; /* an input with a default: treated as constant */
        if (!v->has_type) { rc = ref_err(err, errlen, AITC_E_UNSUPPORTED, "input %s is not a tensor", v->name); goto done; }
        if (!dtype_ok(v->dtype)) { rc = ref_err(err, errlen, AITC_E_UNSUPPORTED, "input %s: data type %d is not supported", v->name, v->dtype); goto done; }
        g->vals[vi].kind = REF_VAL_INPUT;
        g->inputs[g->ninputs++] = vi;
    }
    for (size_t i = 0; i < vis.n; i++) {
        vinfo *v = &((vinfo *)vis.v)[i];
        int vi = value_add(g, &vcap, v->name);
        if (vi < 0) { rc = NOMEM(); goto done; }
        apply_info(&g->vals[vi], v);
    }
    if (!(g->nodes = calloc(nodes.n + 1, sizeof(ref_node)))) { rc = NOMEM(); goto done; }
    for (size_t i = 0; i < nodes.n; i++) {
        raw_node *r = &((raw_node *)nodes.v)[i];
        ref_node *n = &g->nodes[g->nnodes++];
        *n = r->n;
        memset(&r->n, 0, sizeof r->n);
        n->nin = (int)r->in_names.n;
        n->nout = (int)r->out_names.n;
        n->in = malloc((size_t)(n->nin + 1) * sizeof(int));
        n->out = malloc((size_t)(n->nout + 1) * sizeof(int));
        if (!n->in || !n->out) { rc = NOMEM(); goto done; }
        n->opset = g->opset;
        for (int k = 0; k < n->nin; k++) {
            const char *s = ((char **)r->in_names.v)[k];
            n->in[k] = s[0] ? value_add(g, &vcap, s) : -1;
            if (s[0] && n->in[k] < 0) { rc = NOMEM(); goto done; }
        }
        for (int k = 0; k < n->nout; k++) {
            const char *s = ((char **)r->out_names.v)[k];
            n->out[k] = s[0] ? value_add(g, &vcap, s) : -1;
            if (s[0] && n->out[k] < 0) { rc = NOMEM(); goto done; }
        }
    }
    for (size_t i = 0; i < outs.n; i++) {
        vinfo *v = &((vinfo *)outs.v)[i];
        int vi = value_add(g, &vcap, v->name);
        if (vi < 0) { rc = NOMEM(); goto done; }
        apply_info(&g->vals[vi], v);
        g->outputs[g->noutputs++] = vi;
    }
    if (!g->noutputs) { rc = BAD("graph has no outputs"); goto done; }

done:
    for (size_t i = 0; i < nodes.n; i++) {
        raw_node *r = &((raw_node *)nodes.v)[i];
        free_names(&r->in_names);
        free_names(&r->out_names);
        /* A node moved into the graph was zeroed, so this frees only what a refused parse left
         * behind, whichever fields it had (a node with nothing but a domain included). */
        free(r->n.name); free(r->n.op_type); free(r->n.domain);
        for (int k = 0; k < r->n.nattrs; k++) free_attr(&r->n.attrs[k]);
        free(r->n.attrs);
    }
    free(nodes.v);
    for (size_t i = 0; i < inits.n; i++) {
        named_tensor *nt = &((named_tensor *)inits.v)[i];
        free(nt->name);
        ref_aligned_free(nt->t.data);
    }
    free(inits.v);
    for (size_t i = 0; i < ins.n; i++) free(((vinfo *)ins.v)[i].name);
    for (size_t i = 0; i < outs.n; i++) free(((vinfo *)outs.v)[i].name);
    for (size_t i = 0; i < vis.n; i++) free(((vinfo *)vis.v)[i].name);
    free(ins.v); free(outs.v); free(vis.v);
    if (rc) ref_graph_free(g);
    return rc;
}

void ref_graph_free(ref_graph *g)
{
    for (int i = 0; i < g->nvals; i++) {
        free(g->vals[i].name);
        ref_aligned_free(g->vals[i].init.data);
    }
    for (int i = 0; i < g->nnodes; i++) {
        ref_node *n = &g->nodes[i];
        free(n->name); free(n->op_type); free(n->domain); free(n->in); free(n->out);
        for (int k = 0; k < n->nattrs; k++) free_attr(&n->attrs[k]);
        free(n->attrs);
        ref_aligned_free(n->packed_w);
        ref_qconv_free(n->qconv);
        ref_qmm_free(n->qmm);
    }
    free(g->vals); free(g->nodes); free(g->inputs); free(g->outputs);
    memset(g, 0, sizeof *g);
}
