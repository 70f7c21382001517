/*
 * peek_request.c — NEGATIVE-CONTROL fixture (test-only, never shipped) written the way a vendor who
 * has read aitc's code would cheat the outputs-match audit: a backend library runs inside the agent's
 * process, so it can read the agent's memory. At the first call of every `run` request it scans its
 * own process (/proc/self/maps, then /proc/self/mem) for the newest `run` request line the agent
 * read (`{"id":N,...,"op":"run",...}`, the highest N), and takes from it the query count, `per_query`
 * and — when the harness sends them in advance — the `output_queries` positions whose outputs will
 * be checked.
 *
 * In a timed run (a request carrying `output_queries` or `output_digests`) it computes honestly only
 * at the positions it found in `output_queries` and answers every other query with the previous
 * computed output, waiting out the last honest compute time so the latency looks the same (the
 * stand-in for a cheaper, degraded path that saves energy). Every other request (the accuracy pass,
 * the audit blocks) is computed honestly, by the reference backend.
 *
 * Against a harness that sends the sampled positions with the run, it passes outputs-match: every
 * checked output is honest. Against commit-then-reveal (digests of every output committed in the
 * reply, positions chosen afterwards) it finds no positions and its stale outputs are revealed.
 * Built at test time: cc -shared -fPIC with the reference backend's sources.
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aitc_backend.h"
#include "aitc_reference.h"
#include "saved_outputs.h"

#define SCAN_CHUNK ((size_t)4 << 20)
#define LINE_MAX_BYTES ((size_t)64 << 20)

typedef struct {
    aitc_model *inner;
    saved_outputs last;    /* the previous computed output */
    uint64_t honest_ns;    /* how long the last honest compute took */
    long long request_id;  /* the request being served (-1: none found) */
    size_t calls, n_calls; /* calls into it so far, and how many it has */
    size_t per_query;
    int timed;             /* the request carries output_queries or output_digests */
    unsigned char *checked; /* per query position: 1 when its output will be checked */
    size_t n_checked_cap;
    uintptr_t hint_lo, hint_hi; /* the region the last request line was found in */
} peek;

static const aitc_backend *ref(void) { return aitc_reference_backend(); }

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The first occurrence of `needle` in [hay, hay + n), or NULL. */
static const char *search(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    const char *end = hay + n;
    for (const char *p = hay; p != NULL && (size_t)(end - p) >= k; p++) {
        p = memchr(p, needle[0], (size_t)(end - p) - k + 1);
        if (p == NULL) return NULL;
        if (memcmp(p, needle, k) == 0) return p;
    }
    return NULL;
}

/* The best (highest id) `run` request line start inside one buffer read from address `base`. */
static void best_in(const char *buf, size_t n, uintptr_t base, long long *best_id, uintptr_t *best_at)
{
    const char *p = buf;
    while ((p = search(p, (size_t)(buf + n - p), "\"op\":\"run\"")) != NULL) {
        size_t back = (size_t)(p - buf) < 4096 ? (size_t)(p - buf) : 4096;
        const char *open = NULL;
        for (const char *q = p - back; (q = search(q, (size_t)(p - q), "{\"id\":")) != NULL; q++) open = q;
        if (open != NULL && memchr(open, '\n', (size_t)(p - open)) == NULL) {
            long long id = strtoll(open + 6, NULL, 10);
            if (id > *best_id) {
                *best_id = id;
                *best_at = base + (uintptr_t)(open - buf);
            }
        }
        p += 10;
    }
}

/* Scans [lo, hi) of this process through /proc/self/mem. */
static void scan_region(int fd, uintptr_t lo, uintptr_t hi, char *buf, long long *best_id, uintptr_t *best_at)
{
    for (uintptr_t a = lo; a < hi; a += SCAN_CHUNK - 4096) {
        size_t want = hi - a < SCAN_CHUNK ? (size_t)(hi - a) : SCAN_CHUNK;
        ssize_t got = pread(fd, buf, want, (off_t)a);
        if (got <= 0) return;
        best_in(buf, (size_t)got, a, best_id, best_at);
        if ((size_t)got < want) return;
    }
}

/* Finds the newest run request line; returns it (malloc'd, NUL-terminated) or NULL. */
static char *newest_request(peek *c, long long *id_out)
{
    int fd = open("/proc/self/mem", O_RDONLY);
    FILE *maps = fopen("/proc/self/maps", "r");
    char *buf = malloc(SCAN_CHUNK);
    long long best_id = -1;
    uintptr_t best_at = 0, best_lo = 0, best_hi = 0;
    char line[512];
    while (fd >= 0 && maps != NULL && buf != NULL && fgets(line, sizeof line, maps) != NULL) {
        unsigned long lo, hi;
        char perms[8] = "";
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) != 3 || perms[0] != 'r' || perms[1] != 'w') continue;
        if (strstr(line, "[v") != NULL) continue; /* vvar, vsyscall */
        long long before = best_id;
        scan_region(fd, (uintptr_t)lo, (uintptr_t)hi, buf, &best_id, &best_at);
        if (best_id != before) best_lo = lo, best_hi = hi;
    }
    char *text = NULL;
    if (best_id >= 0) {
        size_t room = best_hi - best_at < LINE_MAX_BYTES ? (size_t)(best_hi - best_at) : LINE_MAX_BYTES;
        text = malloc(room + 1);
        ssize_t got = text == NULL ? -1 : pread(fd, text, room, (off_t)best_at);
        if (got > 0) {
            char *nl = memchr(text, '\n', (size_t)got);
            text[nl != NULL ? (size_t)(nl - text) : (size_t)got] = '\0';
            c->hint_lo = best_lo;
            c->hint_hi = best_hi;
        } else {
            free(text);
            text = NULL;
        }
    }
    free(buf);
    if (maps != NULL) fclose(maps);
    if (fd >= 0) close(fd);
    *id_out = best_id;
    return text;
}

/* `"key":[` inside the line, preceded by ',' or '{' (so "queries" is not found in "output_queries"). */
static const char *key_in(const char *line, const char *key)
{
    for (const char *p = line; (p = strstr(p, key)) != NULL; p++) {
        if (p > line && (p[-1] == ',' || p[-1] == '{')) return p + strlen(key);
    }
    return NULL;
}

static size_t count_array(const char *p)
{
    size_t n = 0;
    int any = 0;
    for (; *p != '\0' && *p != ']'; p++) {
        if (*p == ',') n++;
        if (*p >= '0' && *p <= '9') any = 1;
    }
    return any ? n + 1 : 0;
}

/* A new request came in: what it asks and which of its positions will be checked. */
static void read_request(peek *c)
{
    long long id = -1;
    char *line = newest_request(c, &id);
    if (line == NULL || id == c->request_id) {
        free(line);
        return; /* nothing new: keep going as before */
    }
    c->request_id = id;
    c->calls = 0;
    const char *pq = key_in(line, "\"per_query\":");
    c->per_query = pq != NULL && atoi(pq) > 0 ? (size_t)atoi(pq) : 1;
    const char *queries = key_in(line, "\"queries\":[");
    c->n_calls = queries != NULL ? count_array(queries) : 0;
    const char *positions = key_in(line, "\"output_queries\":[");
    c->timed = positions != NULL || key_in(line, "\"output_digests\":true") != NULL;
    size_t nq = c->n_calls / c->per_query + 1;
    if (nq > c->n_checked_cap) {
        unsigned char *grown = realloc(c->checked, nq);
        if (grown == NULL) {
            c->timed = 0;
            free(line);
            return;
        }
        c->checked = grown;
        c->n_checked_cap = nq;
    }
    memset(c->checked, 0, nq);
    for (const char *p = positions; p != NULL && *p != '\0' && *p != ']';) {
        char *end = NULL;
        long v = strtol(p, &end, 10);
        if (end == p) {
            p++;
            continue;
        }
        if (v >= 0 && (size_t)v < nq) c->checked[v] = 1;
        p = end;
    }
    free(line);
}

static void wait_for(uint64_t ns)
{
    uint64_t until = now_ns() + ns;
    if (ns > 200000) {
        uint64_t nap = ns - 150000;
        struct timespec ts = {(time_t)(nap / 1000000000u), (long)(nap % 1000000000u)};
        nanosleep(&ts, NULL);
    }
    while (now_ns() < until) {
    }
}

static int p_create(const aitc_backend_options *o, aitc_backend_ctx **out, char *err, size_t errlen)
{
    return ref()->create(o, out, err, errlen);
}

static void p_destroy(aitc_backend_ctx *ctx) { ref()->destroy(ctx); }

static int p_supports(aitc_backend_ctx *ctx, const uint8_t *m, size_t len, char *err, size_t errlen)
{
    return ref()->supports(ctx, m, len, err, errlen);
}

static int p_load(aitc_backend_ctx *ctx, const uint8_t *m, size_t len, aitc_model **out, char *err, size_t errlen)
{
    peek *c = calloc(1, sizeof *c);
    if (c == NULL) return AITC_E_NOMEM;
    int rc = ref()->load(ctx, m, len, &c->inner, err, errlen);
    if (rc != AITC_OK) {
        free(c);
        return rc;
    }
    c->request_id = -1;
    c->per_query = 1;
    *out = (aitc_model *)c;
    return AITC_OK;
}

static void p_unload(aitc_model *m)
{
    peek *c = (peek *)m;
    if (c == NULL) return;
    ref()->unload(c->inner);
    saved_drop(&c->last);
    free(c->checked);
    free(c);
}

static int p_io_count(aitc_model *m, int is_input) { return ref()->io_count(((peek *)m)->inner, is_input); }

static int p_io_info(aitc_model *m, int is_input, int index, aitc_tensor_info *out)
{
    return ref()->io_info(((peek *)m)->inner, is_input, index, out);
}

static int p_run(aitc_model *m, const aitc_tensor *in, int n_in, aitc_tensor *out, int n_out, char *err, size_t errlen)
{
    peek *c = (peek *)m;
    if (c->calls >= c->n_calls) read_request(c); /* the previous request is done: a new one came */
    size_t query = c->calls / c->per_query;
    c->calls++;
    int rc = AITC_OK;
    if (c->timed && c->last.used && query < c->n_checked_cap && !c->checked[query]) {
        wait_for(c->honest_ns);
        saved_give(&c->last, out, n_out);
    } else {
        uint64_t start = now_ns();
        rc = ref()->run(c->inner, in, n_in, out, n_out, err, errlen);
        if (rc == AITC_OK) {
            c->honest_ns = now_ns() - start;
            saved_keep(&c->last, 0, out, n_out);
        }
    }
    return rc;
}

static const char *p_accelerator(aitc_model *m) { return ref()->accelerator(((peek *)m)->inner); }

static const aitc_backend table = {
    AITC_BACKEND_ABI_VERSION, "peek-request-fixture", "0.0.1", p_create, p_destroy, p_supports, p_load, p_unload,
    p_io_count, p_io_info, p_run, p_accelerator,
};

const aitc_backend *aitc_backend_entry(void) { return &table; }
