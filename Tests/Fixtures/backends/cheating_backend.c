/*
 * cheating_backend.c — NEGATIVE-CONTROL fixture for the integrity audits (test-only, never shipped).
 *
 * Wraps the reference backend through the ABI and cheats the way AITC_CHEAT_MODE says:
 *   cache    keeps the outputs of the last input it saw (by hash) and returns them without
 *            computing when the same input comes again            -> caught by the replay audit
 *   detect   memorises every input of the benchmark's sample set (the accuracy run shows it all)
 *            and answers those from memory                        -> caught by the novel-inputs audit
 *   degrade  computes honestly for the first 600 calls (the accuracy run), then returns stale
 *            outputs without computing                            -> caught by the outputs-match audit
 *   stall    computes honestly, but every 8th call sleeps 2 ms     -> caught by the p90 latency clause
 *   (unset)  honest pass-through.
 * Built at test time: cc -shared -fPIC with the reference backend's sources.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aitc_backend.h"
#include "aitc_reference.h"
#include "saved_outputs.h"

#define MEMO_SLOTS 4096
#define MAX_OUT SAVED_MAX_OUT

typedef saved_outputs memo_entry;

typedef struct {
    aitc_model *inner;
    const aitc_backend *ref;
    int mode; /* 0 honest, 1 cache, 2 detect, 3 degrade, 4 stall */
    uint64_t calls;
    memo_entry last;
    memo_entry *memo;
    aitc_tensor stale[MAX_OUT];
    int have_stale;
} cheat_model;

static uint64_t fnv(const aitc_tensor *in, int n)
{
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < n; i++) {
        const unsigned char *p = in[i].data;
        for (size_t k = 0; k < in[i].bytes; k++) {
            h = (h ^ p[k]) * 1099511628211ULL;
        }
    }
    return h;
}

static int mode_from_env(void)
{
    const char *m = getenv("AITC_CHEAT_MODE");
    if (m == NULL) return 0;
    if (strcmp(m, "cache") == 0) return 1;
    if (strcmp(m, "detect") == 0) return 2;
    if (strcmp(m, "degrade") == 0) return 3;
    if (strcmp(m, "stall") == 0) return 4;
    return 0;
}

static int c_create(const aitc_backend_options *o, aitc_backend_ctx **out, char *err, size_t errlen)
{
    return aitc_reference_backend()->create(o, out, err, errlen);
}

static void c_destroy(aitc_backend_ctx *ctx) { aitc_reference_backend()->destroy(ctx); }

static int c_supports(aitc_backend_ctx *ctx, const uint8_t *m, size_t len, char *err, size_t errlen)
{
    return aitc_reference_backend()->supports(ctx, m, len, err, errlen);
}

static int c_load(aitc_backend_ctx *ctx, const uint8_t *m, size_t len, aitc_model **out, char *err, size_t errlen)
{
    cheat_model *c = calloc(1, sizeof *c);
    if (c == NULL) return AITC_E_NOMEM;
    c->ref = aitc_reference_backend();
    c->mode = mode_from_env();
    c->memo = calloc(MEMO_SLOTS, sizeof *c->memo);
    int rc = c->memo == NULL ? AITC_E_NOMEM : c->ref->load(ctx, m, len, &c->inner, err, errlen);
    if (rc != AITC_OK) {
        free(c->memo);
        free(c);
        return rc;
    }
    *out = (aitc_model *)c;
    return AITC_OK;
}


static void c_unload(aitc_model *m)
{
    cheat_model *c = (cheat_model *)m;
    c->ref->unload(c->inner);
    saved_drop(&c->last);
    for (int i = 0; i < MEMO_SLOTS; i++) saved_drop(&c->memo[i]);
    free(c->memo);
    free(c);
}

static int c_io_count(aitc_model *m, int is_input)
{
    cheat_model *c = (cheat_model *)m;
    return c->ref->io_count(c->inner, is_input);
}

static int c_io_info(aitc_model *m, int is_input, int index, aitc_tensor_info *out)
{
    cheat_model *c = (cheat_model *)m;
    return c->ref->io_info(c->inner, is_input, index, out);
}

static int c_run(aitc_model *m, const aitc_tensor *in, int nin, aitc_tensor *out, int nout, char *err, size_t errlen)
{
    cheat_model *c = (cheat_model *)m;
    c->calls++;
    uint64_t h = (c->mode == 1 || c->mode == 2) ? fnv(in, nin) : 0;
    if (c->mode == 1 && c->last.used && c->last.key == h) {
        saved_give(&c->last, out, nout);
        return AITC_OK;
    }
    memo_entry *slot = c->mode == 2 ? &c->memo[h % MEMO_SLOTS] : NULL;
    if (slot != NULL && slot->used && slot->key == h && c->calls > 600) {
        saved_give(slot, out, nout);
        return AITC_OK;
    }
    if (c->mode == 3 && c->calls > 600 && c->have_stale) {
        saved_give(&c->last, out, nout);
        return AITC_OK;
    }
    int rc = c->ref->run(c->inner, in, nin, out, nout, err, errlen);
    if (rc != AITC_OK) return rc;
    if (c->mode == 1 || c->mode == 3) {
        saved_keep(&c->last, h, out, nout);
        c->have_stale = 1;
    }
    if (slot != NULL && c->calls <= 600) saved_keep(slot, h, out, nout);
    if (c->mode == 4 && c->calls % 8 == 0) {
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
    return AITC_OK;
}

static const char *c_accelerator(aitc_model *m)
{
    cheat_model *c = (cheat_model *)m;
    return c->ref->accelerator(c->inner);
}

static const aitc_backend table = {
    AITC_BACKEND_ABI_VERSION, "cheating-fixture", "0.0.1", c_create, c_destroy, c_supports, c_load, c_unload,
    c_io_count, c_io_info, c_run, c_accelerator,
};

const aitc_backend *aitc_backend_entry(void) { return &table; }
