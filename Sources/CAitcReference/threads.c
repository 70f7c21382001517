/* threads.c — a small fixed pthread pool: one parallel-for at a time, chunks claimed dynamically.
 *
 * A region's range is cut into a few chunks per thread; the caller and the workers claim chunks from
 * one atomic word (region number in the high half, next chunk in the low half), so a worker that is
 * late — asleep, or its core taken by another process — leaves its share to whoever is running, and
 * the caller only ever waits for chunks somebody has actually started. (A static split made the caller
 * wait a whole scheduler time slice for a preempted worker: KWS at 2 threads went from 0.04 to 1.2 ms
 * when a neighbour held the other core.)
 *
 * Region parameters live in two alternating slots. A worker checks in to a slot (inflight), re-reads
 * the region word to be sure the region is still current, and only then reads the parameters; the
 * caller reuses a slot two regions later, after its check-ins have drained. Workers spin a bounded
 * time between regions, then sleep on a condition variable; the caller wakes sleepers under the mutex,
 * so no wake-up is lost. */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

#include "ref_internal.h"

#if defined(__GNUC__) || defined(__clang__)
#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define LOAD_SC(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE_SC(x, v) __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELEASE)
#define ADD(x, v) __atomic_add_fetch(&(x), (v), __ATOMIC_SEQ_CST)
#define CAS(x, expect, v) __atomic_compare_exchange_n(&(x), &(expect), (v), 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)
#define SPIN_ROUNDS 2000
#if defined(__x86_64__) || defined(__i386__)
#define RELAX() __builtin_ia32_pause()
#else
#define RELAX() ((void)0)
#endif
#else
#error "the reference backend's thread pool needs GCC or Clang atomics"
#endif

#define CHUNKS_PER_THREAD 2

typedef struct {
    ref_task_fn fn;
    void *arg;
    int64_t total, nchunks;
    int64_t done;     /* chunks finished */
    int64_t inflight; /* workers checked in */
} region;

struct ref_threads {
    int n; /* total participants including the caller */
    pthread_t *tid;
    pthread_mutex_t mu;
    pthread_cond_t go;
    uint64_t word; /* region number << 32 | next chunk */
    uint32_t regions;
    region slot[2];
    int sleepers; /* workers in (or about to enter) the condition wait; changed under mu, read atomically */
    int quit, started;
};

typedef struct {
    ref_threads *t;
    int index;
} worker_arg;

static void chunk_range(const region *r, int64_t c, int64_t *b, int64_t *e)
{
    int64_t per = r->total / r->nchunks, rem = r->total % r->nchunks;
    *b = c * per + (c < rem ? c : rem);
    *e = *b + per + (c < rem ? 1 : 0);
}

/* Claims and runs chunks of region number g until none are left or the region is over. */
static void work(ref_threads *t, uint32_t g, region *r, int me)
{
    for (;;) {
        uint64_t v = LOAD(t->word);
        if ((uint32_t)(v >> 32) != g || (int64_t)(v & 0xffffffffu) >= r->nchunks) return;
        if (!CAS(t->word, v, v + 1)) continue;
        int64_t b, e;
        chunk_range(r, (int64_t)(v & 0xffffffffu), &b, &e);
        if (b < e) r->fn(r->arg, b, e, me);
        ADD(r->done, 1);
    }
}

static void *worker(void *p)
{
    worker_arg *wa = p;
    ref_threads *t = wa->t;
    int me = wa->index;
    free(wa);
    uint32_t seen = 0;
    for (;;) {
        for (int i = 0; i < SPIN_ROUNDS && (uint32_t)(LOAD(t->word) >> 32) == seen && !LOAD(t->quit); i++) RELAX();
        if ((uint32_t)(LOAD(t->word) >> 32) == seen) {
            /* announce the sleep before the last look at the region word (both sequentially
             * consistent): the caller either sees the sleeper and broadcasts under the mutex, or this
             * look sees its new region */
            pthread_mutex_lock(&t->mu);
            ADD(t->sleepers, 1);
            while (!t->quit && (uint32_t)(LOAD_SC(t->word) >> 32) == seen) pthread_cond_wait(&t->go, &t->mu);
            ADD(t->sleepers, -1);
            int quit = t->quit;
            pthread_mutex_unlock(&t->mu);
            if (quit) return NULL;
        }
        if (LOAD(t->quit)) return NULL;
        uint32_t g = (uint32_t)(LOAD(t->word) >> 32);
        region *r = &t->slot[g & 1];
        ADD(r->inflight, 1);
        if ((uint32_t)(LOAD(t->word) >> 32) == g) work(t, g, r, me); /* still current: parameters are stable */
        ADD(r->inflight, -1);
        seen = g;
    }
}

int ref_threads_create(int n, ref_threads **out)
{
    *out = NULL;
    if (n <= 1) return 0;
    ref_threads *t = calloc(1, sizeof *t);
    if (!t) return AITC_E_NOMEM;
    t->n = n;
    t->tid = calloc((size_t)n, sizeof(pthread_t));
    if (!t->tid) { free(t); return AITC_E_NOMEM; }
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->go, NULL);
    for (int i = 1; i < n; i++) {
        worker_arg *wa = malloc(sizeof *wa);
        if (!wa) break;
        wa->t = t; wa->index = i;
        if (pthread_create(&t->tid[i], NULL, worker, wa)) { free(wa); break; }
        t->started++;
    }
    if (t->started != n - 1) { ref_threads_destroy(t); return AITC_E_INTERNAL; }
    *out = t;
    return 0;
}

void ref_threads_destroy(ref_threads *t)
{
    if (!t) return;
    pthread_mutex_lock(&t->mu);
    STORE(t->quit, 1);
    pthread_cond_broadcast(&t->go);
    pthread_mutex_unlock(&t->mu);
    for (int i = 1; i <= t->started; i++) pthread_join(t->tid[i], NULL);
    pthread_mutex_destroy(&t->mu);
    pthread_cond_destroy(&t->go);
    free(t->tid);
    free(t);
}

int ref_threads_count(const ref_threads *t) { return t ? t->n : 1; }

/* Spins, then yields the core, until *x reaches v. */
static void wait_for(int64_t *x, int64_t v)
{
    for (int i = 0; LOAD(*x) != v; i++) {
        if (i < SPIN_ROUNDS) RELAX();
        else sched_yield();
    }
}

void ref_threads_run(ref_threads *t, int64_t n, ref_task_fn fn, void *arg)
{
    if (n <= 0) return;
    if (!t || n == 1) { fn(arg, 0, n, 0); return; }
    uint32_t g = t->regions + 1;
    region *r = &t->slot[g & 1];
    wait_for(&r->inflight, 0); /* a worker late for region g - 2 has left this slot */
    r->fn = fn;
    r->arg = arg;
    r->total = n;
    r->nchunks = n < (int64_t)t->n * CHUNKS_PER_THREAD ? n : (int64_t)t->n * CHUNKS_PER_THREAD;
    STORE(r->done, 0);
    t->regions = g;
    STORE_SC(t->word, (uint64_t)g << 32); /* publishes the slot */
    if (LOAD_SC(t->sleepers)) { /* the mutex only when a worker sleeps: spinning workers see the word */
        pthread_mutex_lock(&t->mu);
        pthread_cond_broadcast(&t->go);
        pthread_mutex_unlock(&t->mu);
    }
    work(t, g, r, 0);
    wait_for(&r->done, r->nchunks); /* only chunks a worker has claimed can still be running */
}
