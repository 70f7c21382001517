#include "energy_sampler.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "energy.h"
#include "monotonic.h"

struct energy_sampler {
    char root[512];
    int64_t hz;
    int64_t period_ns;
    pthread_t thread;
    int thread_started;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int stop_requested; /* guarded by lock */
    int64_t started_ns, stopped_ns;
    energy_series series[ENERGY_MAX_SOURCES];
    size_t n_series;
    size_t total_points;
    size_t dropped;
    size_t empty_ticks;
};

static energy_series *series_for(energy_sampler *s, const energy_source *src)
{
    for (size_t i = 0; i < s->n_series; i++) {
        if (strcmp(s->series[i].name, src->name) == 0) {
            return &s->series[i];
        }
    }
    if (s->n_series >= ENERGY_MAX_SOURCES) {
        return NULL;
    }
    energy_series *e = &s->series[s->n_series++];
    memset(e, 0, sizeof *e);
    size_t len = strnlen(src->name, sizeof src->name);
    if (len >= sizeof e->name) {
        len = sizeof e->name - 1;
    }
    memcpy(e->name, src->name, len);
    e->name[len] = '\0';
    e->kind = src->kind;
    e->max = src->max;
    return e;
}

/* Append one reading; 0 on success, -1 when the memory bound or malloc says no (counted as dropped). */
static int append(energy_sampler *s, const energy_source *src)
{
    energy_series *e = series_for(s, src);
    if (e == NULL || s->total_points >= ENERGY_SAMPLER_MAX_POINTS) {
        return -1;
    }
    if (e->n == e->cap) {
        size_t cap = e->cap == 0 ? 256 : e->cap * 2;
        int64_t *t = realloc(e->t_ns, cap * sizeof *t);
        if (t == NULL) {
            return -1;
        }
        e->t_ns = t;
        int64_t *v = realloc(e->value, cap * sizeof *v);
        if (v == NULL) {
            return -1;
        }
        e->value = v;
        e->cap = cap;
    }
    e->t_ns[e->n] = src->t_ns;
    e->value[e->n] = src->value;
    e->n++;
    s->total_points++;
    return 0;
}

static void tick(energy_sampler *s)
{
    energy_source buf[ENERGY_MAX_SOURCES];
    size_t n = energy_read(s->root, buf, ENERGY_MAX_SOURCES);
    if (n == 0) {
        s->empty_ticks++;
    }
    for (size_t i = 0; i < n; i++) {
        if (append(s, &buf[i]) != 0) {
            s->dropped++;
        }
    }
}

static void deadline_after(struct timespec *ts, int64_t at_ns)
{
    ts->tv_sec = (time_t)(at_ns / 1000000000);
    ts->tv_nsec = (long)(at_ns % 1000000000);
}

/* The thread: read at every multiple of the period from the start until told to stop. Only this
 * thread touches the series while it runs; stop joins it before anyone reads them. */
static void *run(void *arg)
{
    energy_sampler *s = arg;
    int64_t next = s->started_ns;
    pthread_mutex_lock(&s->lock);
    while (!s->stop_requested) {
        pthread_mutex_unlock(&s->lock);
        tick(s);
        next += s->period_ns;
        int64_t now = mono_ns();
        if (next < now) {
            next = now; /* fell behind (a slow read): do not burst to catch up */
        }
        struct timespec ts;
        deadline_after(&ts, next);
        pthread_mutex_lock(&s->lock);
        while (!s->stop_requested) {
            int rc = pthread_cond_timedwait(&s->wake, &s->lock, &ts);
            if (rc == ETIMEDOUT) {
                break;
            }
        }
    }
    pthread_mutex_unlock(&s->lock);
    tick(s); /* one reading at the stop, so a window ending now is bracketed */
    return NULL;
}

energy_sampler *energy_sampler_start(const char *root, int64_t hz, agent_error *err)
{
    if (hz < 1 || hz > ENERGY_SAMPLER_MAX_HZ) {
        agent_fail(err, AE_BAD_REQUEST, "sample_hz: must be 1..%d, got %lld", ENERGY_SAMPLER_MAX_HZ, (long long)hz);
        return NULL;
    }
    if (strlen(root) >= sizeof ((energy_sampler *)0)->root) {
        agent_fail(err, AE_BAD_REQUEST, "the sysfs root path is longer than %zu bytes", sizeof ((energy_sampler *)0)->root - 1);
        return NULL;
    }
    energy_source probe[ENERGY_MAX_SOURCES];
    if (energy_read(root, probe, ENERGY_MAX_SOURCES) == 0) {
        agent_fail(err, AE_UNSUPPORTED,
                   "no readable energy or power counter under %s (powercap, hwmon, power_supply); RAPL energy_uj is "
                   "often root-only",
                   root);
        return NULL;
    }
    energy_sampler *s = calloc(1, sizeof *s);
    if (s == NULL) {
        agent_fail(err, AE_IO_ERROR, "out of memory for the energy sampler");
        return NULL;
    }
    snprintf(s->root, sizeof s->root, "%s", root);
    s->hz = hz;
    s->period_ns = 1000000000 / hz;
    pthread_condattr_t attr;
    if (pthread_mutex_init(&s->lock, NULL) != 0 || pthread_condattr_init(&attr) != 0) {
        free(s);
        agent_fail(err, AE_IO_ERROR, "cannot create the energy sampler's lock");
        return NULL;
    }
    int ok = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 && pthread_cond_init(&s->wake, &attr) == 0;
    pthread_condattr_destroy(&attr);
    if (!ok) {
        pthread_mutex_destroy(&s->lock);
        free(s);
        agent_fail(err, AE_IO_ERROR, "cannot create the energy sampler's condition variable");
        return NULL;
    }
    s->started_ns = mono_ns();
    if (pthread_create(&s->thread, NULL, run, s) != 0) {
        pthread_cond_destroy(&s->wake);
        pthread_mutex_destroy(&s->lock);
        free(s);
        agent_fail(err, AE_IO_ERROR, "cannot start the energy sampling thread");
        return NULL;
    }
    s->thread_started = 1;
    return s;
}

void energy_sampler_stop(energy_sampler *s)
{
    if (s == NULL || !s->thread_started) {
        return;
    }
    pthread_mutex_lock(&s->lock);
    s->stop_requested = 1;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->thread, NULL);
    s->thread_started = 0;
    s->stopped_ns = mono_ns();
}

const energy_series *energy_sampler_series(const energy_sampler *s, size_t *count)
{
    *count = s->n_series;
    return s->series;
}

int64_t energy_sampler_started_ns(const energy_sampler *s) { return s->started_ns; }
int64_t energy_sampler_stopped_ns(const energy_sampler *s) { return s->stopped_ns; }
int64_t energy_sampler_hz(const energy_sampler *s) { return s->hz; }
size_t energy_sampler_dropped(const energy_sampler *s) { return s->dropped; }
size_t energy_sampler_empty_ticks(const energy_sampler *s) { return s->empty_ticks; }

void energy_sampler_free(energy_sampler *s)
{
    if (s == NULL) {
        return;
    }
    energy_sampler_stop(s);
    for (size_t i = 0; i < s->n_series; i++) {
        free(s->series[i].t_ns);
        free(s->series[i].value);
    }
    pthread_cond_destroy(&s->wake);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
