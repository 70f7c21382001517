/*
 * ref_internal.h — types shared by the files of the reference backend (not part of the ABI).
 *
 * A model is parsed into a ref_graph: values (named tensors) and nodes (operator applications) that
 * refer to values by index. A plan (ref_plan, graph.c) fixes every shape for one set of input shapes,
 * folds constant subgraphs and places intermediate tensors in one arena.
 */
#ifndef REF_INTERNAL_H
#define REF_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "aitc_backend.h"

#define REF_MAX_RANK AITC_MAX_RANK
/* Upper bound on the elements of one tensor; larger dims are refused as absurd. */
#define REF_MAX_ELEMS ((int64_t)1 << 32)

/* ---- errors (util.c) ---- */
int ref_err(char *err, size_t errlen, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* ---- tensors ---- */
typedef struct {
    int dtype; /* aitc_dtype */
    int rank;
    int64_t dims[REF_MAX_RANK];
    void *data;   /* NULL at plan time for values that are not constant */
    size_t bytes; /* numel * element size */
} ref_tensor;

int64_t ref_numel(const ref_tensor *t);
/* Sets t->bytes from dtype and dims; AITC_E_INVALID when the count overflows or exceeds REF_MAX_ELEMS. */
int ref_tensor_size(ref_tensor *t, char *err, size_t errlen);
const char *ref_dtype_name(int dtype);
/* Reads element i of an integer or float tensor as int64 / as float (for small parameter tensors). */
int64_t ref_get_i64(const ref_tensor *t, int64_t i);
float ref_get_f32(const ref_tensor *t, int64_t i);
void *ref_aligned_alloc(size_t bytes);
void ref_aligned_free(void *p);

/* ---- attributes ---- */
enum { REF_ATTR_FLOAT = 1, REF_ATTR_INT = 2, REF_ATTR_STRING = 3, REF_ATTR_TENSOR = 4, REF_ATTR_GRAPH = 5,
       REF_ATTR_FLOATS = 6, REF_ATTR_INTS = 7, REF_ATTR_STRINGS = 8 };

typedef struct {
    char *name;
    int type;
    float f;
    int64_t i;
    char *s;
    ref_tensor *t;
    float *floats;
    int64_t *ints;
    size_t n; /* count of floats or ints */
} ref_attr;

struct ref_op;
typedef struct ref_qconv ref_qconv;
typedef struct ref_qmm ref_qmm;

typedef struct ref_node {
    char *name;
    char *op_type;
    char *domain;
    int nin, nout;
    int *in;  /* value index, -1 for an omitted optional input */
    int *out; /* value index, -1 for an omitted optional output */
    ref_attr *attrs;
    int nattrs;
    int64_t opset;
    const struct ref_op *op;
    /* set while planning */
    int skip;        /* folded into a constant or fused into its producer */
    int act;         /* fused activation: 0 none, 1 clamp to [act_min, act_max]; REF_ACT_FAKEQUANT (QuantizeLinear) */
    float act_min, act_max;
    size_t scratch;  /* scratch bytes the op asked for */
    float *packed_w;        /* Conv: constant weights packed for the GEMM micro-kernel once per plan, or NULL */
    const void *packed_src; /* the weight data packed_w was made from */
    ref_qconv *qconv;       /* Conv of a QDQ model run on integers (qconv.c), or NULL */
    ref_qmm *qmm;           /* MatMul of a QDQ model run on integers (qmatmul.c), or NULL */
    int conv_t;             /* Conv: packed_w holds W^T for the small-plane (transposed) GEMM, conv.c */
    int conv_shift;         /* Conv: one GEMM per tap on a padded plane (convshift.c), set by its shape */
    float fparam[3];        /* parameters of an operator fused at load (Gelu: divisor, one, half) */
    int oq;                 /* Conv: the fake-quant of its only consumer (Q→DQ pair) fused after the clamp */
    int oq_node;            /* index of that QuantizeLinear (skipped; its parameters stay readable) */
    float oq_scale, oq_lo, oq_hi; /* y = round_half_even(clamp(v / oq_scale, oq_lo, oq_hi)) * oq_scale */
} ref_node;

/* QuantizeLinear whose only consumer, a DequantizeLinear of the same parameters, was fused: float out. */
#define REF_ACT_FAKEQUANT 2

enum { REF_VAL_INTER = 0, REF_VAL_INPUT = 1, REF_VAL_INIT = 2 };

typedef struct {
    char *name;
    int kind;
    int declared;               /* has a ValueInfo (dtype, rank, dims; -1 = symbolic) */
    int decl_dtype, decl_rank;
    int64_t decl_dims[REF_MAX_RANK];
    ref_tensor init;            /* initializer data (kind == REF_VAL_INIT) */
} ref_value;

typedef struct {
    ref_value *vals;
    int nvals;
    ref_node *nodes;
    int nnodes;
    int *inputs; /* graph inputs that are not initializers */
    int ninputs;
    int *outputs;
    int noutputs;
    int64_t opset; /* default ("" / "ai.onnx") domain */
} ref_graph;

/* model.c */
int ref_graph_parse(const uint8_t *buf, size_t len, ref_graph *g, char *err, size_t errlen);
void ref_graph_free(ref_graph *g);
int ref_value_find(const ref_graph *g, const char *name);

/* attribute getters (util.c) */
const ref_attr *ref_attr_get(const ref_node *n, const char *name);
int64_t ref_attr_i(const ref_node *n, const char *name, int64_t dflt);
float ref_attr_f(const ref_node *n, const char *name, float dflt);
const char *ref_attr_s(const ref_node *n, const char *name, const char *dflt);
/* INTS attribute: returns count (0 when absent), *out points into the attribute. */
size_t ref_attr_ints(const ref_node *n, const char *name, const int64_t **out);

/* ---- thread pool (pool.c is pooling; threads.c) ---- */
typedef struct ref_threads ref_threads;
typedef void (*ref_task_fn)(void *arg, int64_t begin, int64_t end, int tid);
int ref_threads_create(int n, ref_threads **out);
void ref_threads_destroy(ref_threads *t);
int ref_threads_count(const ref_threads *t);
/* Runs fn over [0, n) split in at most count() contiguous chunks; returns when all are done. */
void ref_threads_run(ref_threads *t, int64_t n, ref_task_fn fn, void *arg);

/* ---- execution context given to operators ---- */
typedef struct {
    ref_threads *threads; /* may be NULL: run on the caller */
    int nthreads;
    float **tbuf;         /* per-thread packing buffers, REF_TBUF_FLOATS each */
    float **tcol;         /* per-thread im2col chunk buffers, REF_COL_FLOATS each (conv.c), or NULL */
    void *scratch;        /* node scratch (ref_node.scratch bytes) */
    size_t scratch_bytes;
} ref_exec;

/* ---- SGEMM (sgemm.c) ---- */
#define REF_GEMM_MC 120
#define REF_GEMM_KC 256
#define REF_GEMM_NC 512
#define REF_TBUF_FLOATS (REF_GEMM_MC * REF_GEMM_KC + REF_GEMM_KC * REF_GEMM_NC + 64)
/* Per-thread im2col chunk: 512 KB, half the L2 of the CPUs measured. */
#define REF_COL_FLOATS 131072

typedef struct {
    int64_t M, N, K;
    const float *A; int64_t rsa, csa; /* A[i][k] = A[i*rsa + k*csa] */
    const float *B; int64_t rsb, csb; /* B[k][j] = B[k*rsb + j*csb] */
    float *C; int64_t ldc;            /* C[i][j] = C[i*ldc + j] */
    float alpha;
    int accumulate;                   /* C += alpha*A*B instead of C = alpha*A*B */
    const float *bias_row;            /* added to row i, or NULL */
    int act; float act_min, act_max;  /* clamp after bias */
    const float *packed_a;            /* A already packed by ref_sgemm_pack_a (then A is not read), or NULL */
    int64_t pa_row0, pa_mp;           /* first row of this product in packed_a; packed_a's padded row count */
    const float *packed_b;            /* B already packed by ref_sgemm_pack_b (then B is not read), or NULL */
    int64_t pb_col0, pb_n;            /* first column of this product in packed_b; packed_b's column count */
} ref_gemm_args;

/* Floats ref_sgemm_pack_b writes for a K x N matrix B; the packing of all of B (constant weights). */
size_t ref_sgemm_packed_b_floats(int64_t K, int64_t N);
void ref_sgemm_pack_b(const float *B, int64_t rsb, int64_t csb, int64_t K, int64_t N, float *out);
/* Packs the constant B (weights) of a Gemm or 2-D-weight MatMul into n->packed_w once per weight buffer. */
int ref_gemm_prepack(ref_node *n, ref_tensor **in, char *err, size_t errlen);

/* Floats ref_sgemm_pack_a writes for an M x K row-major A, and its padded row count. */
size_t ref_sgemm_packed_floats(int64_t M, int64_t K, int64_t *mp);
/* Packs all of a row-major M x K matrix in the micro-kernel's panel order (for constant weights). */
void ref_sgemm_pack_a(const float *A, int64_t M, int64_t K, float *out);

/* C = alpha * A * B (+ C) (+ bias) then clamp; splits the work over the threads of x. */
void ref_sgemm(const ref_exec *x, const ref_gemm_args *a);
/* The same on the calling thread only, with packing buffer tbuf (REF_TBUF_FLOATS). */
void ref_sgemm_st(const ref_gemm_args *a, float *tbuf);
/* Elements below which an elementwise operator runs on the calling thread. */
#ifndef REF_PAR_MIN_ELEMS
#define REF_PAR_MIN_ELEMS 65536
#endif
/* Cost (M*N*K, or output elements x taps) below which an operator runs on the calling thread: about
 * 5 us of work. Workers spin between the regions of one run, so waking one costs about a microsecond
 * when its core is idle; when another process holds that core it costs up to a scheduler time slice,
 * for any threaded runtime. Measured on KWS at 2 threads (0.051 ms at 524288, 0.042 ms here; the int8
 * model 0.035 -> 0.028 ms) with the p90 a few microseconds wider. */
#ifndef REF_PAR_MIN_WORK
#define REF_PAR_MIN_WORK 65536
#endif

/* ---- operator registry (registry.c) ---- */
typedef int (*ref_check_fn)(const ref_graph *g, const ref_node *n, char *err, size_t errlen);
/* Sets out[i] dtype/rank/dims (and may set n->scratch). in[i] is NULL for an omitted input; its data
 * is non-NULL only when constant. out[i] is NULL for an omitted output. */
typedef int (*ref_shape_fn)(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen);
typedef int (*ref_run_fn)(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err,
                          size_t errlen);

typedef struct ref_op {
    const char *name;
    int min_in, max_in;
    int min_out, max_out;
    ref_check_fn check; /* may be NULL */
    ref_shape_fn shape;
    ref_run_fn run;
    int shape_only; /* output depends only on input shapes (Shape): always constant */
} ref_op;

const ref_op *ref_op_find(const char *domain, const char *op_type);
/* Checks every node: known op, input/output counts, attributes, static dtypes. */
int ref_graph_check(const ref_graph *g, char *err, size_t errlen);

/* Op tables, one per family file. */
extern const ref_op ref_ops_conv[];
extern const ref_op ref_ops_gemm[];
extern const ref_op ref_ops_elementwise[];
extern const ref_op ref_ops_pool[];
extern const ref_op ref_ops_shape[];
extern const ref_op ref_ops_quant[];
extern const ref_op ref_ops_norm[];
extern const ref_op ref_ops_resize[];
extern const ref_op ref_ops_pad[];
/* Internal operators, only made by load-time fusions (never matched from a model's op_type). */
extern const ref_op ref_op_gelu;

/* ---- broadcasting (util.c) ---- */
int ref_broadcast_dims(int n, ref_tensor **ts, ref_tensor *out, char *err, size_t errlen);
typedef struct {
    int rank;                 /* after collapsing */
    int64_t dims[REF_MAX_RANK];
    int64_t st[3][REF_MAX_RANK]; /* element strides of each input (0 = broadcast) */
    int n;
} ref_bcast;
void ref_bcast_init(ref_bcast *b, int n, ref_tensor **ts, const ref_tensor *out);
/* Calls row(ctx, out_offset, in_offsets, len, inner_strides) for every innermost row. */
typedef void (*ref_row_fn)(void *ctx, int64_t out_off, const int64_t *in_off, int64_t len, const int64_t *st);
void ref_bcast_walk(const ref_bcast *b, ref_row_fn row, void *ctx);
/* The same split over the threads of x (rows, or segments of rows when there are few) when the output
 * has at least REF_PAR_MIN_ELEMS elements; row must only write its own output range. */
void ref_bcast_run(const ref_exec *x, const ref_bcast *b, ref_row_fn row, void *ctx);

/* Sum, max or min of n contiguous floats (util.c); max/min skip NaN as `v > acc ? v : acc` does. */
enum { REF_RED_SUM = 0, REF_RED_MAX = 1, REF_RED_MIN = 2 };
float ref_reduce_row(const float *x, int64_t n, int kind);

/* helpers for ops */
int ref_norm_axis(int64_t axis, int rank, int *out);
int ref_need_const(const ref_node *n, ref_tensor **in, int i, char *err, size_t errlen);
int ref_check_dtype(const ref_node *n, const ref_tensor *t, int ok_mask, char *err, size_t errlen);
#define REF_DT(x) (1 << (x))
#define REF_DT_FLOAT REF_DT(AITC_DTYPE_FLOAT32)
#define REF_DT_INTS (REF_DT(AITC_DTYPE_INT32) | REF_DT(AITC_DTYPE_INT64))
#define REF_DT_Q8 (REF_DT(AITC_DTYPE_INT8) | REF_DT(AITC_DTYPE_UINT8))
#define REF_DT_ANY 0x7fffffff



/* ---- plans (graph.c) ---- */
typedef struct {
    int valid;
    int nvals;
    ref_tensor *t;      /* per value */
    uint8_t *is_const;  /* per value */
    uint8_t *folded;    /* per node: computed at plan time */
    void **owned;       /* folded constant buffers, per value */
    uint8_t *arena;
    size_t arena_bytes;
    void *scratch;
    size_t scratch_bytes;
} ref_plan;

/* Whether value v is one of the graph's outputs (graph.c). */
int ref_graph_is_output(const ref_graph *g, int v);
/* Checks that every node input is defined before use and every value is defined once. */
int ref_graph_topo_check(const ref_graph *g, char *err, size_t errlen);
/* Plans the graph for the given input shapes (data ignored); frees any previous plan first. */
int ref_plan_build(ref_graph *g, ref_plan *p, const ref_tensor *inputs, ref_exec *x, char *err, size_t errlen);
/* Runs a valid plan; inputs must have the planned shapes. */
int ref_plan_run(ref_graph *g, ref_plan *p, ref_exec *x, const aitc_tensor *inputs, char *err, size_t errlen);
void ref_plan_free(ref_plan *p);
/* Load-time rewrites (rewrite.c). Folds Conv → BatchNormalization with constant parameters into the
 * Conv. */
int ref_graph_fold_bn(ref_graph *g, char *err, size_t errlen);
/* Fuses the exported erf Gelu (Div → Erf → Add → Mul → Mul) into one Gelu node (at load). */
int ref_graph_fuse_gelu(ref_graph *g);
/* Folds Conv → Add of a constant per-channel tensor into the Conv's bias (at load). */
int ref_graph_fold_conv_add(ref_graph *g, char *err, size_t errlen);
/* Drops Identity nodes whose output is not a graph output; consumers read the input directly (at load). */
int ref_graph_drop_identity(ref_graph *g);

/* ---- convolution core (conv.c), shared with QLinearConv (quant.c) ---- */
typedef struct {
    int64_t N, C, H, W, M, OH, OW, kh, kw, sh, sw, dh, dw, pt, pl, pb, pr, group;
} ref_conv_p;
/* Resolves Conv attributes for input X (rank 3 or 4) and weights W; sets Y dims when Y != NULL. */
int ref_conv_params(const ref_node *n, const ref_tensor *X, const ref_tensor *W, ref_conv_p *p, char *err, size_t errlen);
size_t ref_conv_scratch(const ref_conv_p *p);
/* Packs a Conv's constant weights for the GEMM path (group 1, not depthwise) into n->packed_w, once per
 * weight buffer; AITC_E_NOMEM on failure. */
int ref_conv_prepack(ref_node *n, const ref_tensor *X, const ref_tensor *W, char *err, size_t errlen);
/* Stride-1 few-tap convolutions on small planes without im2col (convshift.c). */
int ref_conv_shifted_fits(const ref_conv_p *p);
size_t ref_conv_shifted_scratch(const ref_conv_p *p);
void ref_conv_shifted(const ref_exec *x, const ref_node *n, const ref_conv_p *p, const float *X, const float *W, const float *bias,
                      float *Y, float *scratch);
/* Scratch bytes ref_conv_f32 needs for node n (after ref_conv_prepack chose its form). */
size_t ref_conv_plan_scratch(const ref_node *n, const ref_conv_p *p);
/* Y = conv(X, W) + bias, then the node's fused clamp and output fake-quant; float32 data, NCHW. */
void ref_conv_f32(const ref_exec *x, const ref_node *n, const ref_conv_p *p, const float *X, const float *W, const float *bias,
                  float *Y, float *scratch);
/* Depthwise convolution (dwconv.c): one input and one output channel per group; Y = conv + bias, then
 * node n's fused clamp and output fake-quant; splits channels over the threads of x. */
void ref_dwconv_f32(const ref_exec *x, const ref_node *n, const ref_conv_p *p, const float *X, const float *W, const float *bias,
                    float *Y);
/* y = round_half_even(clamp(x / sc, l, h)) * sc over total floats, in place allowed (quant.c). */
void ref_fakequant(const float *x, int64_t total, float sc, float l, float h, float *y);
/* The scale and bounds of a fused fake-quant QuantizeLinear n with inputs in (constant parameters). */
void ref_fakequant_params(const ref_node *n, ref_tensor **in, float *sc, float *l, float *h);

/* Unfolds the cg input channels of plane x into a (cg*kh*kw) x (OH*OW) matrix col (conv.c). */
void ref_im2col(const ref_conv_p *p, const float *x, int64_t cg, float *col);
/* The same for output positions [n0, n1) only: col is (cg*kh*kw) x (n1 - n0). */
void ref_im2col_range(const ref_conv_p *p, const float *x, int64_t cg, int64_t n0, int64_t n1, float *col);

/* Integer Conv for QDQ models (qconv.c). ref_qconv_prepare attaches n->qconv when the Conv reads a
 * fake-quantized input and dequantized constant int8 weights and the CPU has AVX-512 VNNI (set
 * AITC_REF_NO_INT8 to keep the float path); ref_qconv_run returns 1 when it does not apply. */
int ref_qconv_prepare(const ref_graph *g, const ref_plan *p, ref_node *n, char *err, size_t errlen);
size_t ref_qconv_scratch(const ref_qconv *q, const ref_conv_p *p);
int ref_qconv_run(const ref_exec *x, const ref_node *n, const ref_conv_p *p, const float *X, const float *bias, float *Y);
void ref_qconv_free(ref_qconv *q);
/* Shared by the integer paths (qconv.c): the CPU has AVX-512 VNNI (x86-64 builds with SIMD only); the
 * fused fake-quant QuantizeLinear whose output is value v; the folded DequantizeLinear that made v. */
int ref_q_have_vnni(void);
const ref_node *ref_q_fakequant_producer(const ref_graph *g, int v);
const ref_node *ref_q_dq_producer(const ref_graph *g, const ref_plan *p, int v);
/* The operands of a QDQ product: activation value va out of a fused fake-quant (per tensor, u8 or s8;
 * za in the unsigned domain) and weight value vw out of a folded DequantizeLinear of wcount constant
 * symmetric int8 values (scales per tensor, or `channels` of them along `axis`). 0: not this pattern. */
typedef struct {
    float sa;
    int32_t za;
    const int8_t *w;
    const float *sw;
    int64_t nsw;
} ref_q_operands;
int ref_q_operands_get(const ref_graph *g, const ref_plan *p, int va, int vw, int64_t wcount, int64_t channels, int axis,
                       ref_q_operands *o);
/* Packs the weights of `outs` output channels (element (j, k) at o->w[j*so + k*sk]) into panels of
 * `lanes` channels, four k per 32-bit lane, K padded to K4 (dst zeroed by the caller), with each
 * channel's zero-point term za * sum_k w and scale sa * sw. */
void ref_q_pack_weights(const ref_q_operands *o, int64_t outs, int64_t K, int64_t so, int64_t sk, int lanes, int64_t K4, int8_t *dst,
                        int32_t *zsum, float *scale);
/* Integer MatMul for QDQ models (qmatmul.c): A (..., K) fake-quantized, B (K, N) dequantized constant
 * int8; ref_qmm_run returns 1 when it does not apply. Scratch: ref_qmm_scratch for rows of A. */
int ref_qmm_prepare(const ref_graph *g, const ref_plan *p, ref_node *n, char *err, size_t errlen);
size_t ref_qmm_scratch(const ref_qmm *q, int64_t rows);
int ref_qmm_run(const ref_exec *x, const ref_node *n, const float *A, int64_t rows, float *Y);
void ref_qmm_free(ref_qmm *q);

/* Valid output range [lo, hi] for tap offset kd: 0 <= o*s - pad + kd < in (conv.c). */
void ref_conv_tap_range(int64_t in, int64_t out, int64_t s, int64_t pad, int64_t kd, int64_t *lo, int64_t *hi);
#endif /* REF_INTERNAL_H */
