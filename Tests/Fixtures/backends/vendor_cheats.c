/*
 * vendor_cheats.c — NEGATIVE-CONTROL fixtures written the way a vendor who has read aitc's code and
 * run rules would cheat (test-only, never shipped). Every real inference is delegated to the
 * reference backend, so the accuracy pass is honest and the quality gate (QUA-01) passes; the cheat
 * is only in what happens during the timed runs. AITC_CHEAT_MODE selects it:
 *
 *   fingerprint  caches outputs by a fingerprint of the first and last 64 bytes of every input (and
 *                its size) and answers any input whose fingerprint it has seen from the cache.
 *   memorise     remembers every output of the accuracy pass (the first pass over the sample set:
 *                every sample once, so it ends at the first repeated input) and answers those
 *                inputs from memory afterwards; once it sees REPLAY_BURST (16) identical inputs in a row
 *                (the replay audit's burst; three in a row also happen by chance in a long run of
 *                random samples, which turned it honest before the audits began) it turns honest
 *                for good.
 *   stale        honest through the accuracy pass and the first AITC_CHEAT_HONEST_CALLS (default
 *                20000) timed calls — where an outputs-match audit with a public seed and a capped
 *                sample count takes all its samples — then returns the previous output without
 *                computing. Calls itself "reference" 0.1.0, like the built-in backend.
 *   throttle     honest, full speed for AITC_CHEAT_THROTTLE_S seconds (default 12) after loading, or
 *                for AITC_CHEAT_THROTTLE_CALLS calls when that is set (the short timed run), then
 *                three times slower (sleeps twice the compute time after every call).
 *   fake-npu     honest on the CPU, but says "npu" ran every query.
 *   jitter       HONEST but noisy: flips the last mantissa bit of float outputs at random and adds
 *                up to ~10 % random latency; it must pass every audit.
 *   warmup       HONEST but slow after idling, as a device whose clocks drop when idle: a call that
 *                comes AITC_CHEAT_IDLE_MS (default 2) ms or more after the previous one starts a
 *                warm-up of WARMUP_CALLS (8) calls, each taking 40 times its compute time. So the first
 *                queries of the timed run, which the harness plans the run from, are far slower than
 *                the rest; it must pass every audit, and the output samples must still span the run.
 *   npu-split    a steady graph split: names "npu" as the unit and reports, through the
 *                accelerator-breakdown extension (aitc_backend_extensions), 90 % of the nodes on the
 *                NPU and 10 % on the CPU for every run (it computes on the CPU: a stand-in for a
 *                partitioned NPU runtime). The accelerator-stable audit must pass it.
 *   npu-fallback the same split for the first AITC_CHEAT_HONEST_CALLS calls, then moves nodes from
 *                the NPU to the CPU mid-run (60 % / 40 %), as a driver falling back under load does,
 *                while still naming "npu" (the largest share): only the breakdown shows the move, and
 *                the accelerator-stable audit must fail it.
 *   late-cache   a cache for the run's last part: computes honestly at a real model's cost (every
 *                computed call takes at least AITC_CHEAT_COST_US, default 500 us) and remembers the
 *                accuracy pass, like memorise; from AITC_CHEAT_LATE_S (default 0.8) s after the first
 *                timed call it answers every input it has seen from memory, at once (novel inputs,
 *                never seen, are still computed). Answering in ~1/100 of the time, its last fifth
 *                of the run makes nine queries in ten — the p90 is the cache's — while most novel
 *                inputs fall before it. It is also slow for its first WARMUP_CALLS timed calls (the
 *                few queries a harness may plan the run from).
 *   offclock     returns from run() at once and does the inference (at AITC_CHEAT_COST_US, default
 *                500 us) in the accelerator() call the agent makes after it: work outside the
 *                query's time unless the agent times every backend call of the query.
 *   (unset)      honest pass-through.
 * Built at test time: cc -shared -fPIC with the reference backend's sources.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aitc_backend.h"
#include "aitc_reference.h"
#include "saved_outputs.h"

#define SLOTS 8192
#define MAX_OUT SAVED_MAX_OUT

enum { HONEST, FINGERPRINT, MEMORISE, STALE, THROTTLE, FAKE_NPU, JITTER, NPU_SPLIT, NPU_FALLBACK, WARMUP, LATE_CACHE, OFFCLOCK };

/* memorise: identical inputs in a row that it takes for the replay audit's burst */
#define REPLAY_BURST 16
/* warmup: slow calls after an idle gap, and how much slower */
#define WARMUP_CALLS 8
#define WARMUP_FACTOR 40

typedef saved_outputs saved;

typedef struct {
    aitc_model *inner;
    int mode;
    saved *table;         /* fingerprint / memorise: outputs by key */
    saved last;           /* stale: the previous computed output */
    uint64_t previous;    /* memorise: the last input key */
    int run;              /* memorise: how many times in a row it came */
    int learning;         /* memorise/stale: still in the accuracy pass */
    int honest_for_good;  /* memorise: saw the replay burst */
    uint64_t timed_calls; /* stale: calls after the accuracy pass */
    uint64_t honest_calls;
    uint64_t loaded_ns;
    double throttle_s;
    uint64_t throttle_calls; /* 0: by time */
    uint64_t calls;
    uint64_t rng;
    uint64_t idle_ns;     /* warmup: a gap this long starts a warm-up */
    uint64_t last_end_ns; /* warmup: when the previous call returned */
    int warming;          /* warmup: slow calls still to come */
    uint64_t cost_ns;     /* late-cache: the least a computed call takes */
    uint64_t late_ns;     /* late-cache: from the first timed call to the cache */
    uint64_t timed_ns;    /* late-cache: when the first timed call came (0: not yet) */
    const aitc_tensor *p_in; /* offclock: the run whose work is deferred to accelerator() */
    aitc_tensor *p_out;
    int p_nin, p_nout, pending;
} cheat;

static const aitc_backend *ref(void) { return aitc_reference_backend(); }

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t fnv(uint64_t h, const unsigned char *p, size_t n)
{
    for (size_t k = 0; k < n; k++) h = (h ^ p[k]) * 1099511628211ULL;
    return h;
}

/* The whole input (memorise, stale) or only its first and last 64 bytes (fingerprint). */
static uint64_t key_of(const aitc_tensor *in, int n, int edges_only)
{
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < n; i++) {
        const unsigned char *p = in[i].data;
        size_t b = in[i].bytes;
        h = fnv(h, (const unsigned char *)&b, sizeof b);
        if (edges_only && b > 128) {
            h = fnv(fnv(h, p, 64), p + b - 64, 64);
        } else {
            h = fnv(h, p, b);
        }
    }
    return h;
}

static int mode_from_env(void)
{
    static const char *names[] = {"", "fingerprint", "memorise", "stale", "throttle", "fake-npu", "jitter", "npu-split", "npu-fallback", "warmup", "late-cache", "offclock"};
    const char *m = getenv("AITC_CHEAT_MODE");
    for (int i = 1; m != NULL && i < (int)(sizeof names / sizeof names[0]); i++) {
        if (strcmp(m, names[i]) == 0) return i;
    }
    return HONEST;
}

static double env_number(const char *name, double fallback)
{
    const char *v = getenv(name);
    if (v == NULL || *v == '\0') return fallback;
    char *end = NULL;
    double d = strtod(v, &end);
    return end != NULL && *end == '\0' && d >= 0 ? d : fallback;
}

/* Whatever unit is asked for ("npu" included), the work goes to the reference CPU backend. */
static int c_create(const aitc_backend_options *o, aitc_backend_ctx **out, char *err, size_t errlen)
{
    aitc_backend_options cpu = {0, "cpu", NULL};
    if (o != NULL) cpu.threads = o->threads;
    return ref()->create(&cpu, out, err, errlen);
}

static void c_destroy(aitc_backend_ctx *ctx) { ref()->destroy(ctx); }

static int c_supports(aitc_backend_ctx *ctx, const uint8_t *m, size_t len, char *err, size_t errlen)
{
    return ref()->supports(ctx, m, len, err, errlen);
}

static int c_load(aitc_backend_ctx *ctx, const uint8_t *m, size_t len, aitc_model **out, char *err, size_t errlen)
{
    cheat *c = calloc(1, sizeof *c);
    if (c == NULL) return AITC_E_NOMEM;
    c->mode = mode_from_env();
    c->table = calloc(SLOTS, sizeof *c->table);
    int rc = c->table == NULL ? AITC_E_NOMEM : ref()->load(ctx, m, len, &c->inner, err, errlen);
    if (rc != AITC_OK) {
        free(c->table);
        free(c);
        return rc;
    }
    c->learning = 1;
    c->honest_calls = (uint64_t)env_number("AITC_CHEAT_HONEST_CALLS", 20000);
    c->throttle_s = env_number("AITC_CHEAT_THROTTLE_S", 12);
    c->throttle_calls = (uint64_t)env_number("AITC_CHEAT_THROTTLE_CALLS", 0);
    c->loaded_ns = now_ns();
    c->idle_ns = (uint64_t)(env_number("AITC_CHEAT_IDLE_MS", 2) * 1e6);
    c->cost_ns = (uint64_t)(env_number("AITC_CHEAT_COST_US", 500) * 1e3);
    c->late_ns = (uint64_t)(env_number("AITC_CHEAT_LATE_S", 0.8) * 1e9);
    c->rng = 0x9E3779B97F4A7C15ULL ^ (uint64_t)(uintptr_t)c;
    *out = (aitc_model *)c;
    return AITC_OK;
}

static void c_unload(aitc_model *m)
{
    cheat *c = (cheat *)m;
    if (c == NULL) return;
    ref()->unload(c->inner);
    for (int i = 0; i < SLOTS; i++) saved_drop(&c->table[i]);
    saved_drop(&c->last);
    free(c->table);
    free(c);
}

static int c_io_count(aitc_model *m, int is_input) { return ref()->io_count(((cheat *)m)->inner, is_input); }

static int c_io_info(aitc_model *m, int is_input, int index, aitc_tensor_info *out)
{
    return ref()->io_info(((cheat *)m)->inner, is_input, index, out);
}

static uint64_t next_random(cheat *c)
{
    c->rng ^= c->rng << 13;
    c->rng ^= c->rng >> 7;
    c->rng ^= c->rng << 17;
    return c->rng;
}

static void spin_for(uint64_t ns)
{
    uint64_t until = now_ns() + ns;
    while (now_ns() < until) {
    }
}

/* Honest inference, then the mode's after-effects (throttle, jitter). */
static int compute(cheat *c, const aitc_tensor *in, int n_in, aitc_tensor *out, int n_out, char *err, size_t errlen)
{
    uint64_t t0 = now_ns();
    int rc = ref()->run(c->inner, in, n_in, out, n_out, err, errlen);
    if (rc != AITC_OK) return rc;
    uint64_t spent = now_ns() - t0;
    c->calls++;
    int throttled = c->throttle_calls > 0 ? c->calls > c->throttle_calls
                                          : (double)(now_ns() - c->loaded_ns) / 1e9 > c->throttle_s;
    if (c->mode == THROTTLE && throttled) {
        struct timespec ts = {(time_t)(2 * spent / 1000000000u), (long)(2 * spent % 1000000000u)};
        nanosleep(&ts, NULL);
    }
    if (c->mode == JITTER) {
        for (int i = 0; i < n_out; i++) {
            if (out[i].info.dtype != AITC_DTYPE_FLOAT32) continue;
            uint32_t *bits = out[i].data;
            for (size_t k = 0; k < out[i].bytes / 4; k++) bits[k] ^= (uint32_t)(next_random(c) & 1);
        }
        spin_for(spent * (next_random(c) % 10) / 100);
    }
    if (c->mode == WARMUP) {
        if (c->last_end_ns != 0 && t0 - c->last_end_ns >= c->idle_ns) c->warming = WARMUP_CALLS;
        if (c->warming > 0) {
            c->warming--;
            spin_for(spent * (WARMUP_FACTOR - 1));
        }
        c->last_end_ns = now_ns();
    }
    if (c->mode == LATE_CACHE) {
        uint64_t until = t0 + c->cost_ns;
        if (c->warming > 0) {
            c->warming--;
            until += WARMUP_FACTOR * c->cost_ns;
        }
        while (now_ns() < until) {
        }
    }
    return AITC_OK;
}

static int c_run(aitc_model *m, const aitc_tensor *in, int n_in, aitc_tensor *out, int n_out, char *err, size_t errlen)
{
    cheat *c = (cheat *)m;
    switch (c->mode) {
    case FINGERPRINT: {
        uint64_t key = key_of(in, n_in, 1);
        saved *slot = &c->table[key % SLOTS];
        if (slot->used && slot->key == key) {
            saved_give(slot, out, n_out);
            return AITC_OK;
        }
        int rc = compute(c, in, n_in, out, n_out, err, errlen);
        if (rc == AITC_OK) saved_keep(slot, key, out, n_out);
        return rc;
    }
    case MEMORISE: {
        uint64_t key = key_of(in, n_in, 0);
        c->run = key == c->previous ? c->run + 1 : 1;
        c->previous = key;
        if (c->run >= REPLAY_BURST) c->honest_for_good = 1;
        saved *slot = &c->table[key % SLOTS];
        if (c->learning && slot->used && slot->key == key) c->learning = 0; /* first repeat: the pass is over */
        if (!c->learning && !c->honest_for_good && slot->used && slot->key == key) {
            saved_give(slot, out, n_out);
            return AITC_OK;
        }
        int rc = compute(c, in, n_in, out, n_out, err, errlen);
        if (rc == AITC_OK && c->learning) saved_keep(slot, key, out, n_out);
        return rc;
    }
    case STALE: {
        uint64_t key = key_of(in, n_in, 0);
        saved *slot = &c->table[key % SLOTS];
        if (c->learning && slot->used && slot->key == key) c->learning = 0;
        if (c->learning) slot->used = 1, slot->key = key;
        if (!c->learning && ++c->timed_calls > c->honest_calls && c->last.used) {
            saved_give(&c->last, out, n_out);
            return AITC_OK;
        }
        int rc = compute(c, in, n_in, out, n_out, err, errlen);
        if (rc == AITC_OK) saved_keep(&c->last, key, out, n_out);
        return rc;
    }
    case LATE_CACHE: {
        uint64_t key = key_of(in, n_in, 0);
        saved *slot = &c->table[key % SLOTS];
        int seen = slot->used && slot->key == key;
        if (c->learning && seen) { /* first repeat: the accuracy pass is over, the timed run begins */
            c->learning = 0;
            c->timed_ns = now_ns();
            c->warming = WARMUP_CALLS;
        }
        if (!c->learning && seen && now_ns() - c->timed_ns >= c->late_ns) {
            saved_give(slot, out, n_out);
            return AITC_OK;
        }
        int rc = compute(c, in, n_in, out, n_out, err, errlen);
        if (rc == AITC_OK && c->learning) saved_keep(slot, key, out, n_out);
        return rc;
    }
    case OFFCLOCK:
        c->p_in = in;
        c->p_nin = n_in;
        c->p_out = out;
        c->p_nout = n_out;
        c->pending = 1;
        return AITC_OK;
    default:
        return compute(c, in, n_in, out, n_out, err, errlen);
    }
}

static const char *c_accelerator(aitc_model *m)
{
    cheat *c = (cheat *)m;
    if (c->mode == OFFCLOCK && c->pending) {
        char err[256];
        uint64_t t0 = now_ns();
        c->pending = 0;
        (void)ref()->run(c->inner, c->p_in, c->p_nin, c->p_out, c->p_nout, err, sizeof err);
        while (now_ns() < t0 + c->cost_ns) {
        }
    }
    return c->mode == FAKE_NPU || c->mode == NPU_SPLIT || c->mode == NPU_FALLBACK ? "npu" : ref()->accelerator(c->inner);
}

/* npu-split / npu-fallback: how the last run was split (0 = unknown for the other modes). */
static int c_breakdown(aitc_model *m, aitc_unit_share *out, int max, const char **basis)
{
    cheat *c = (cheat *)m;
    if (c->mode != NPU_SPLIT && c->mode != NPU_FALLBACK) return 0;
    if (max < 2) return AITC_E_INVALID;
    double npu = c->mode == NPU_FALLBACK && c->calls > c->honest_calls ? 0.6 : 0.9;
    snprintf(out[0].unit, sizeof out[0].unit, "%s", "npu");
    out[0].fraction = npu;
    snprintf(out[1].unit, sizeof out[1].unit, "%s", "cpu");
    out[1].fraction = 1.0 - npu;
    *basis = "nodes";
    return 2;
}

static const aitc_backend_ext extensions = {sizeof(aitc_backend_ext), c_breakdown};

const aitc_backend_ext *aitc_backend_extensions(void) { return &extensions; }

static const aitc_backend stale_table = {
    AITC_BACKEND_ABI_VERSION, "reference", "0.1.0", c_create, c_destroy, c_supports, c_load, c_unload,
    c_io_count, c_io_info, c_run, c_accelerator,
};

static const aitc_backend table = {
    AITC_BACKEND_ABI_VERSION, "vendor-cheats-fixture", "0.0.1", c_create, c_destroy, c_supports, c_load, c_unload,
    c_io_count, c_io_info, c_run, c_accelerator,
};

const aitc_backend *aitc_backend_entry(void) { return mode_from_env() == STALE ? &stale_table : &table; }
