/* registry.c — operator lookup (read-only tables from each family file) and static model checks. */
#include <string.h>

#include "ref_internal.h"

static const ref_op *const families[] = {ref_ops_conv, ref_ops_gemm, ref_ops_elementwise, ref_ops_pool,
                                         ref_ops_shape, ref_ops_quant, ref_ops_norm, ref_ops_resize, ref_ops_pad};

const ref_op *ref_op_find(const char *domain, const char *op_type)
{
    if (domain && domain[0] && strcmp(domain, "ai.onnx")) return NULL;
    for (size_t f = 0; f < sizeof families / sizeof families[0]; f++)
        for (const ref_op *op = families[f]; op->name; op++)
            if (!strcmp(op->name, op_type)) return op;
    return NULL;
}

int ref_graph_check(const ref_graph *g, char *err, size_t errlen)
{
    for (int i = 0; i < g->nnodes; i++) {
        ref_node *n = &g->nodes[i];
        const ref_op *op = ref_op_find(n->domain, n->op_type);
        if (!op) {
            if (n->domain[0])
                return ref_err(err, errlen, AITC_E_UNSUPPORTED, "unsupported operator %s.%s (node %s)", n->domain, n->op_type, n->name);
            return ref_err(err, errlen, AITC_E_UNSUPPORTED, "unsupported operator %s (node %s)", n->op_type, n->name);
        }
        if (n->nin < op->min_in || n->nin > op->max_in || n->nout < op->min_out || n->nout > op->max_out)
            return ref_err(err, errlen, AITC_E_INVALID, "%s (node %s): %d inputs / %d outputs not valid", n->op_type, n->name, n->nin, n->nout);
        for (int k = 0; k < op->min_in; k++)
            if (n->in[k] < 0)
                return ref_err(err, errlen, AITC_E_INVALID, "%s (node %s): required input %d is missing", n->op_type, n->name, k);
        n->op = op;
        if (op->check) {
            int rc = op->check(g, n, err, errlen);
            if (rc) return rc;
        }
    }
    return ref_graph_topo_check(g, err, errlen);
}
