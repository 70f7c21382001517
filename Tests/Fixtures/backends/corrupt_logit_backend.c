/*
 * corrupt_logit_backend.c — NEGATIVE-CONTROL fixture for the LLM quality gate (test-only, never shipped).
 *
 * Wraps the reference backend through the ABI. With AITC_CORRUPT_LOGIT=1, every 5th run of a decode
 * model (a model with more than two inputs: token, position, KV cache) raises the logit just after
 * the arg-max above it, so greedy decoding picks a wrong token there — one corrupted logit, the kind
 * of error a broken kernel or a too-coarse quantisation makes. The token-match gate (QUA-01) must
 * fail. Unset: honest pass-through (it must pass). Built at test time with the reference sources.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aitc_backend.h"
#include "aitc_reference.h"

typedef struct {
    aitc_model *inner;
    int corrupt; /* decode model and AITC_CORRUPT_LOGIT=1 */
    uint64_t calls;
} corrupt_model;

static const aitc_backend *ref(void) { return aitc_reference_backend(); }

static int c_create(const aitc_backend_options *o, aitc_backend_ctx **out, char *err, size_t errlen)
{
    return ref()->create(o, out, err, errlen);
}

static void c_destroy(aitc_backend_ctx *ctx) { ref()->destroy(ctx); }

static int c_supports(aitc_backend_ctx *ctx, const uint8_t *m, size_t len, char *err, size_t errlen)
{
    return ref()->supports(ctx, m, len, err, errlen);
}

static int c_load(aitc_backend_ctx *ctx, const uint8_t *m, size_t len, aitc_model **out, char *err, size_t errlen)
{
    corrupt_model *c = calloc(1, sizeof *c);
    if (c == NULL) return AITC_E_NOMEM;
    int rc = ref()->load(ctx, m, len, &c->inner, err, errlen);
    if (rc != AITC_OK) {
        free(c);
        return rc;
    }
    const char *mode = getenv("AITC_CORRUPT_LOGIT");
    c->corrupt = mode != NULL && strcmp(mode, "1") == 0 && ref()->io_count(c->inner, 1) > 2;
    *out = (aitc_model *)c;
    return AITC_OK;
}

static void c_unload(aitc_model *m)
{
    corrupt_model *c = (corrupt_model *)m;
    if (c == NULL) return;
    ref()->unload(c->inner);
    free(c);
}

static int c_io_count(aitc_model *m, int is_input) { return ref()->io_count(((corrupt_model *)m)->inner, is_input); }

static int c_io_info(aitc_model *m, int is_input, int index, aitc_tensor_info *out)
{
    return ref()->io_info(((corrupt_model *)m)->inner, is_input, index, out);
}

static int c_run(aitc_model *m, const aitc_tensor *in, int n_in, aitc_tensor *out, int n_out, char *err, size_t errlen)
{
    corrupt_model *c = (corrupt_model *)m;
    int rc = ref()->run(c->inner, in, n_in, out, n_out, err, errlen);
    if (rc != AITC_OK || !c->corrupt || ++c->calls % 5 != 0 || n_out < 1) return rc;
    aitc_tensor *logits = &out[0];
    if (logits->info.dtype != AITC_DTYPE_FLOAT32 || logits->bytes < 2 * sizeof(float)) return rc;
    float *v = logits->data;
    size_t n = logits->bytes / sizeof(float), best = 0;
    for (size_t i = 1; i < n; i++) {
        if (v[i] > v[best]) best = i;
    }
    v[(best + 1) % n] = v[best] + 1.0f;
    return rc;
}

static const char *c_accelerator(aitc_model *m) { return ref()->accelerator(((corrupt_model *)m)->inner); }

static const aitc_backend table = {
    AITC_BACKEND_ABI_VERSION, "corrupt-logit-fixture", "0.1.0", c_create, c_destroy, c_supports, c_load, c_unload,
    c_io_count, c_io_info, c_run, c_accelerator,
};

const aitc_backend *aitc_backend_entry(void) { return &table; }
