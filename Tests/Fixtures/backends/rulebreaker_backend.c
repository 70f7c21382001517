/*
 * rulebreaker_backend.c — NEGATIVE-CONTROL fixture for `aitc backend check` (test-only, never shipped).
 *
 * Wraps the reference backend through the ABI and breaks the rule AITC_BREAK names:
 *   stdout   prints a line to stdout in every run (the agent's protocol channel)
 *   threads  ignores the thread count: a second thread spins for as long as the context lives
 *   noinfo   returns outputs whose info has rank 0 (dims not filled)
 *   (unset)  honest pass-through.
 * Built at test time: cc -shared -fPIC with the reference backend's sources.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aitc_backend.h"
#include "aitc_reference.h"

typedef struct {
    aitc_backend_ctx *inner;
    pthread_t spinner;
    volatile int stop;
    int spinning;
} rb_ctx;

static const char *mode(void)
{
    const char *m = getenv("AITC_BREAK");
    return m != NULL ? m : "";
}

static void *spin(void *arg)
{
    rb_ctx *c = arg;
    volatile unsigned long x = 0;
    while (!c->stop) {
        x++;
    }
    return NULL;
}

static int r_create(const aitc_backend_options *o, aitc_backend_ctx **out, char *err, size_t errlen)
{
    rb_ctx *c = calloc(1, sizeof *c);
    if (c == NULL) return AITC_E_NOMEM;
    int rc = aitc_reference_backend()->create(o, &c->inner, err, errlen);
    if (rc != AITC_OK) {
        free(c);
        return rc;
    }
    if (strcmp(mode(), "threads") == 0 && pthread_create(&c->spinner, NULL, spin, c) == 0) c->spinning = 1;
    *out = (aitc_backend_ctx *)c;
    return AITC_OK;
}

static void r_destroy(aitc_backend_ctx *ctx)
{
    rb_ctx *c = (rb_ctx *)ctx;
    c->stop = 1;
    if (c->spinning) pthread_join(c->spinner, NULL);
    aitc_reference_backend()->destroy(c->inner);
    free(c);
}

static int r_supports(aitc_backend_ctx *ctx, const uint8_t *m, size_t len, char *err, size_t errlen)
{
    return aitc_reference_backend()->supports(((rb_ctx *)ctx)->inner, m, len, err, errlen);
}

static int r_load(aitc_backend_ctx *ctx, const uint8_t *m, size_t len, aitc_model **out, char *err, size_t errlen)
{
    return aitc_reference_backend()->load(((rb_ctx *)ctx)->inner, m, len, out, err, errlen);
}

static void r_unload(aitc_model *m) { aitc_reference_backend()->unload(m); }
static int r_io_count(aitc_model *m, int is_input) { return aitc_reference_backend()->io_count(m, is_input); }
static int r_io_info(aitc_model *m, int is_input, int i, aitc_tensor_info *out)
{
    return aitc_reference_backend()->io_info(m, is_input, i, out);
}

static int r_run(aitc_model *m, const aitc_tensor *in, int nin, aitc_tensor *out, int nout, char *err, size_t errlen)
{
    int rc = aitc_reference_backend()->run(m, in, nin, out, nout, err, errlen);
    if (strcmp(mode(), "stdout") == 0) {
        printf("rulebreaker: ran\n");
        fflush(stdout);
    }
    if (rc == AITC_OK && strcmp(mode(), "noinfo") == 0) {
        for (int i = 0; i < nout; i++) out[i].info.rank = 0;
    }
    return rc;
}

static const char *r_accelerator(aitc_model *m) { return aitc_reference_backend()->accelerator(m); }

static const aitc_backend table = {
    AITC_BACKEND_ABI_VERSION, "rulebreaker-fixture", "0.0.1", r_create, r_destroy, r_supports, r_load, r_unload,
    r_io_count, r_io_info, r_run, r_accelerator,
};

const aitc_backend *aitc_backend_entry(void) { return &table; }
