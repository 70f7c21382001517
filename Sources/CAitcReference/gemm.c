/* gemm.c — Gemm (transA/transB/alpha/beta, broadcast C) and MatMul (batched, broadcasting, 1-D). */
#include <string.h>

#include "ref_internal.h"

#define SHAPE_ERR(...) ref_err(err, errlen, AITC_E_SHAPE, __VA_ARGS__)

static int gemm_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    int rc;
    for (int k = 0; k < n->nin; k++)
        if ((rc = ref_check_dtype(n, in[k], REF_DT_FLOAT, err, errlen))) return rc;
    if (in[0]->rank != 2 || in[1]->rank != 2) return SHAPE_ERR("Gemm (node %s): A and B must be 2-D", n->name);
    int ta = ref_attr_i(n, "transA", 0) != 0, tb = ref_attr_i(n, "transB", 0) != 0;
    int64_t M = in[0]->dims[ta], K = in[0]->dims[!ta], K2 = in[1]->dims[tb], N = in[1]->dims[!tb];
    if (K != K2) return SHAPE_ERR("Gemm (node %s): inner dims %lld and %lld differ", n->name, (long long)K, (long long)K2);
    out[0]->dtype = AITC_DTYPE_FLOAT32;
    out[0]->rank = 2;
    out[0]->dims[0] = M;
    out[0]->dims[1] = N;
    if (n->nin > 2 && in[2]) {
        ref_tensor t;
        ref_tensor *two[2] = {out[0], in[2]};
        if (in[2]->rank > 2 || ref_broadcast_dims(2, two, &t, err, errlen) || t.dims[0] != M || t.dims[1] != N)
            return SHAPE_ERR("Gemm (node %s): C does not broadcast to (%lld, %lld)", n->name, (long long)M, (long long)N);
    }
    return 0;
}

static int gemm_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    int ta = ref_attr_i(n, "transA", 0) != 0, tb = ref_attr_i(n, "transB", 0) != 0;
    float alpha = ref_attr_f(n, "alpha", 1.0f), beta = ref_attr_f(n, "beta", 1.0f);
    int64_t M = out[0]->dims[0], N = out[0]->dims[1], K = in[0]->dims[!ta];
    float *Y = out[0]->data;
    int acc = 0;
    if (n->nin > 2 && in[2] && beta != 0.0f) {
        const ref_tensor *c = in[2];
        int64_t cm = c->rank == 2 ? c->dims[0] : 1, cn = c->rank >= 1 ? c->dims[c->rank - 1] : 1;
        const float *cd = c->data;
        for (int64_t i = 0; i < M; i++)
            for (int64_t j = 0; j < N; j++) Y[i * N + j] = beta * cd[(cm == 1 ? 0 : i) * cn + (cn == 1 ? 0 : j)];
        acc = 1;
    }
    ref_gemm_args a;
    memset(&a, 0, sizeof a);
    a.M = M; a.N = N; a.K = K;
    a.A = in[0]->data;
    a.rsa = ta ? 1 : K; a.csa = ta ? M : 1;
    a.B = in[1]->data;
    a.rsb = tb ? 1 : N; a.csb = tb ? K : 1;
    a.C = Y; a.ldc = N;
    a.alpha = alpha;
    a.accumulate = acc;
    if (n->packed_w && n->packed_src == in[1]->data) { a.packed_b = n->packed_w; a.pb_n = N; }
    ref_sgemm(x, &a);
    return 0;
}

int ref_gemm_prepack(ref_node *n, ref_tensor **in, char *err, size_t errlen)
{
    const ref_tensor *B = in[1];
    int gemm = !strcmp(n->op_type, "Gemm"), tb = gemm && ref_attr_i(n, "transB", 0) != 0;
    if (!B->data || B->dtype != AITC_DTYPE_FLOAT32 || B->rank != 2 || !in[0] || in[0]->rank < 2) return 0; /* plain path */
    if (n->packed_w && n->packed_src == B->data) return 0;
    ref_aligned_free(n->packed_w);
    n->packed_w = NULL;
    n->packed_src = NULL;
    int64_t K = B->dims[tb], N = B->dims[!tb];
    if (K <= 0 || N <= 0) return 0;
    float *buf = ref_aligned_alloc(ref_sgemm_packed_b_floats(K, N) * sizeof(float));
    if (!buf) return ref_err(err, errlen, AITC_E_NOMEM, "%s (node %s): cannot pack weights", n->op_type, n->name);
    ref_sgemm_pack_b(B->data, tb ? 1 : N, tb ? K : 1, K, N, buf);
    n->packed_w = buf;
    n->packed_src = B->data;
    return 0;
}

/* MatMul: shapes as (batch..., M, K) x (batch..., K, N). */
typedef struct {
    int64_t M, K, N;
    int br; /* batch rank */
    int64_t bd[REF_MAX_RANK], sa[REF_MAX_RANK], sb[REF_MAX_RANK];
} mm_p;

static int mm_params(const ref_node *n, const ref_tensor *A, const ref_tensor *B, mm_p *p, ref_tensor *Y, char *err, size_t errlen)
{
    if (A->rank < 1 || B->rank < 1) return SHAPE_ERR("MatMul (node %s): scalar input", n->name);
    ref_tensor a = *A, b = *B;
    if (a.rank == 1) { a.rank = 2; a.dims[1] = a.dims[0]; a.dims[0] = 1; }
    if (b.rank == 1) { b.rank = 2; b.dims[1] = 1; }
    p->M = a.dims[a.rank - 2]; p->K = a.dims[a.rank - 1]; p->N = b.dims[b.rank - 1];
    if (b.dims[b.rank - 2] != p->K) return SHAPE_ERR("MatMul (node %s): inner dims %lld and %lld differ", n->name, (long long)p->K, (long long)b.dims[b.rank - 2]);
    int ra = a.rank - 2, rb = b.rank - 2;
    p->br = ra > rb ? ra : rb;
    int64_t sa = p->M * p->K, sb = p->K * p->N;
    for (int i = p->br - 1; i >= 0; i--) {
        int ia = i - (p->br - ra), ib = i - (p->br - rb);
        int64_t da = ia >= 0 ? a.dims[ia] : 1, db = ib >= 0 ? b.dims[ib] : 1;
        if (da != db && da != 1 && db != 1) return SHAPE_ERR("MatMul (node %s): batch dims do not broadcast", n->name);
        p->bd[i] = da > db ? da : db;
        if (da == 0 || db == 0) p->bd[i] = 0;
        p->sa[i] = da == 1 ? 0 : sa;
        p->sb[i] = db == 1 ? 0 : sb;
        sa *= da; sb *= db;
    }
    if (Y) {
        Y->dtype = AITC_DTYPE_FLOAT32;
        Y->rank = 0;
        for (int i = 0; i < p->br; i++) Y->dims[Y->rank++] = p->bd[i];
        if (A->rank > 1) Y->dims[Y->rank++] = p->M;
        if (B->rank > 1) Y->dims[Y->rank++] = p->N;
        if (Y->rank > REF_MAX_RANK) return SHAPE_ERR("MatMul (node %s): rank too high", n->name);
    }
    return 0;
}

static int matmul_shape(ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    mm_p p;
    int rc;
    if ((rc = ref_check_dtype(n, in[0], REF_DT_FLOAT, err, errlen)) || (rc = ref_check_dtype(n, in[1], REF_DT_FLOAT, err, errlen))) return rc;
    return mm_params(n, in[0], in[1], &p, out[0], err, errlen);
}

static int matmul_run(const ref_exec *x, ref_node *n, ref_tensor **in, ref_tensor **out, char *err, size_t errlen)
{
    mm_p p;
    int rc = mm_params(n, in[0], in[1], &p, NULL, err, errlen);
    if (rc) return rc;
    if (n->qmm && in[1]->rank == 2 && p.K > 0 && !ref_qmm_run(x, n, in[0]->data, ref_numel(in[0]) / p.K, out[0]->data)) return 0;
    int64_t nb = 1, idx[REF_MAX_RANK] = {0};
    for (int i = 0; i < p.br; i++) nb *= p.bd[i];
    for (int64_t b = 0; b < nb; b++) {
        int64_t oa = 0, ob = 0;
        for (int i = 0; i < p.br; i++) { oa += idx[i] * p.sa[i]; ob += idx[i] * p.sb[i]; }
        ref_gemm_args a;
        memset(&a, 0, sizeof a);
        a.M = p.M; a.N = p.N; a.K = p.K;
        a.A = (const float *)in[0]->data + oa; a.rsa = p.K; a.csa = 1;
        a.B = (const float *)in[1]->data + ob; a.rsb = p.N; a.csb = 1;
        if (n->packed_w && n->packed_src == in[1]->data && in[1]->rank == 2) { a.packed_b = n->packed_w; a.pb_n = p.N; }
        a.C = (float *)out[0]->data + b * p.M * p.N; a.ldc = p.N;
        a.alpha = 1.0f;
        ref_sgemm(x, &a);
        for (int i = p.br - 1; i >= 0; i--) { if (++idx[i] < p.bd[i]) break; idx[i] = 0; }
    }
    if (n->oq) ref_fakequant(out[0]->data, ref_numel(out[0]), n->oq_scale, n->oq_lo, n->oq_hi, out[0]->data);
    return 0;
}

const ref_op ref_ops_gemm[] = {
    {"Gemm", 2, 3, 1, 1, NULL, gemm_shape, gemm_run, 0},
    {"MatMul", 2, 2, 1, 1, NULL, matmul_shape, matmul_run, 0},
    {NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0},
};
