/*
 * null_backend.c — a backend that does no work, for measuring the agent's own per-query overhead
 * (Tools/bench/overhead.py). Declares one float input [1,1,8,8] and one float output [1,10]; run()
 * returns at once. Never used for a certification.
 */
#include <stdlib.h>
#include <string.h>

#include "aitc_backend.h"

struct aitc_backend_ctx { int unused; };
struct aitc_model { float out[10]; };

static aitc_backend_ctx context;

static int n_create(const aitc_backend_options *o, aitc_backend_ctx **out, char *err, size_t errlen)
{
    (void)o; (void)err; (void)errlen;
    *out = &context;
    return AITC_OK;
}

static void n_destroy(aitc_backend_ctx *ctx) { (void)ctx; }

static int n_supports(aitc_backend_ctx *ctx, const uint8_t *m, size_t len, char *err, size_t errlen)
{
    (void)ctx; (void)m; (void)len; (void)err; (void)errlen;
    return AITC_OK;
}

static int n_load(aitc_backend_ctx *ctx, const uint8_t *m, size_t len, aitc_model **out, char *err, size_t errlen)
{
    (void)ctx; (void)m; (void)len; (void)err; (void)errlen;
    *out = calloc(1, sizeof(aitc_model));
    return *out == NULL ? AITC_E_NOMEM : AITC_OK;
}

static void n_unload(aitc_model *m) { free(m); }

static int n_io_count(aitc_model *m, int is_input) { (void)m; (void)is_input; return 1; }

static int n_io_info(aitc_model *m, int is_input, int index, aitc_tensor_info *out)
{
    (void)m; (void)index;
    memset(out, 0, sizeof *out);
    strcpy(out->name, is_input ? "input" : "logits");
    out->dtype = AITC_DTYPE_FLOAT32;
    if (is_input) {
        out->rank = 4;
        out->dims[0] = 1; out->dims[1] = 1; out->dims[2] = 8; out->dims[3] = 8;
    } else {
        out->rank = 2;
        out->dims[0] = 1; out->dims[1] = 10;
    }
    return AITC_OK;
}

static int n_run(aitc_model *m, const aitc_tensor *in, int nin, aitc_tensor *out, int nout, char *err, size_t errlen)
{
    (void)in; (void)nin; (void)err; (void)errlen;
    if (nout < 1) return AITC_E_INVALID;
    n_io_info(m, 0, 0, &out[0].info);
    out[0].data = m->out;
    out[0].bytes = sizeof m->out;
    return AITC_OK;
}

static const char *n_accelerator(aitc_model *m) { (void)m; return "cpu"; }

static const aitc_backend table = {
    AITC_BACKEND_ABI_VERSION, "null", "0.0.1", n_create, n_destroy, n_supports, n_load, n_unload,
    n_io_count, n_io_info, n_run, n_accelerator,
};

const aitc_backend *aitc_backend_entry(void) { return &table; }
