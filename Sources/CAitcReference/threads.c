/* threads.c — a small fixed pthread pool: one parallel-for at a time, the caller takes chunk 0.
 *
 * Between parallel regions (microseconds apart inside one model run) workers first spin a bounded
 * number of times on the generation counter before sleeping on the condition variable, and the caller
 * spins briefly on the pending count before waiting: a futex round trip per region cost more than the
 * work of a small layer. Every sleep is still guarded by the mutex, so no wake-up is lost. */
#include <pthread.h>
#include <stdlib.h>

#include "ref_internal.h"

#if defined(__GNUC__) || defined(__clang__)
#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELEASE)
#define DEC(x) __atomic_sub_fetch(&(x), 1, __ATOMIC_ACQ_REL)
#define SPIN_ROUNDS 2000
#if defined(__x86_64__) || defined(__i386__)
#define RELAX() __builtin_ia32_pause()
#else
#define RELAX() ((void)0)
#endif
#else /* no atomics: always sleep (every access below is then under the mutex as well) */
#define LOAD(x) (x)
#define STORE(x, v) ((x) = (v))
#define DEC(x) (--(x))
#define SPIN_ROUNDS 0
#define RELAX() ((void)0)
#endif

struct ref_threads {
    int n; /* total participants including the caller */
    pthread_t *tid;
    pthread_mutex_t mu;
    pthread_cond_t go, done;
    uint64_t gen;
    int pending, quit;
    int64_t total;
    ref_task_fn fn;
    void *arg;
    int started;
};

typedef struct {
    ref_threads *t;
    int index;
} worker_arg;

static void chunk(const ref_threads *t, int i, int64_t *b, int64_t *e)
{
    int64_t per = t->total / t->n, rem = t->total % t->n;
    *b = i * per + (i < rem ? i : rem);
    *e = *b + per + (i < rem ? 1 : 0);
}

static void *worker(void *p)
{
    worker_arg *wa = p;
    ref_threads *t = wa->t;
    int me = wa->index;
    free(wa);
    uint64_t seen = 0;
    for (;;) {
        for (int i = 0; i < SPIN_ROUNDS && LOAD(t->gen) == seen; i++) RELAX();
        pthread_mutex_lock(&t->mu);
        while (!t->quit && LOAD(t->gen) == seen) pthread_cond_wait(&t->go, &t->mu);
        if (t->quit) { pthread_mutex_unlock(&t->mu); return NULL; }
        seen = LOAD(t->gen);
        pthread_mutex_unlock(&t->mu);
        int64_t b, e;
        chunk(t, me, &b, &e);
        if (b < e) t->fn(t->arg, b, e, me);
        if (DEC(t->pending) == 0) {
            pthread_mutex_lock(&t->mu);
            pthread_cond_signal(&t->done);
            pthread_mutex_unlock(&t->mu);
        }
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
    pthread_cond_init(&t->done, NULL);
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
    t->quit = 1;
    pthread_cond_broadcast(&t->go);
    pthread_mutex_unlock(&t->mu);
    for (int i = 1; i <= t->started; i++) pthread_join(t->tid[i], NULL);
    pthread_mutex_destroy(&t->mu);
    pthread_cond_destroy(&t->go);
    pthread_cond_destroy(&t->done);
    free(t->tid);
    free(t);
}

int ref_threads_count(const ref_threads *t) { return t ? t->n : 1; }

void ref_threads_run(ref_threads *t, int64_t n, ref_task_fn fn, void *arg)
{
    if (n <= 0) return;
    if (!t || n == 1) { fn(arg, 0, n, 0); return; }
    pthread_mutex_lock(&t->mu);
    t->fn = fn; t->arg = arg; t->total = n;
    STORE(t->pending, t->n - 1);
    STORE(t->gen, t->gen + 1); /* publishes fn, arg, total to spinning workers */
    pthread_cond_broadcast(&t->go);
    pthread_mutex_unlock(&t->mu);
    int64_t b, e;
    chunk(t, 0, &b, &e);
    if (b < e) fn(arg, b, e, 0);
    for (int i = 0; i < SPIN_ROUNDS && LOAD(t->pending); i++) RELAX();
    if (LOAD(t->pending)) {
        pthread_mutex_lock(&t->mu);
        while (LOAD(t->pending)) pthread_cond_wait(&t->done, &t->mu);
        pthread_mutex_unlock(&t->mu);
    }
}
