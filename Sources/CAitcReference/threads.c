/* threads.c — a small fixed pthread pool: one parallel-for at a time, the caller takes chunk 0. */
#include <pthread.h>
#include <stdlib.h>

#include "ref_internal.h"

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
        pthread_mutex_lock(&t->mu);
        while (!t->quit && t->gen == seen) pthread_cond_wait(&t->go, &t->mu);
        if (t->quit) { pthread_mutex_unlock(&t->mu); return NULL; }
        seen = t->gen;
        pthread_mutex_unlock(&t->mu);
        int64_t b, e;
        chunk(t, me, &b, &e);
        if (b < e) t->fn(t->arg, b, e, me);
        pthread_mutex_lock(&t->mu);
        if (--t->pending == 0) pthread_cond_signal(&t->done);
        pthread_mutex_unlock(&t->mu);
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
    t->pending = t->n - 1;
    t->gen++;
    pthread_cond_broadcast(&t->go);
    pthread_mutex_unlock(&t->mu);
    int64_t b, e;
    chunk(t, 0, &b, &e);
    if (b < e) fn(arg, b, e, 0);
    pthread_mutex_lock(&t->mu);
    while (t->pending) pthread_cond_wait(&t->done, &t->mu);
    pthread_mutex_unlock(&t->mu);
}
