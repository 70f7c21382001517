/* energy_sampler.h — samples every readable on-device energy/power source (energy.h) in a thread of
 * its own at a fixed rate, stamping each reading on CLOCK_MONOTONIC (the clock of run replies).
 *
 * One sampler per session, held in agent_state; the `energy` op starts and stops it. Memory is
 * bounded: at most ENERGY_SAMPLER_MAX_POINTS readings in all; beyond that readings are dropped and
 * counted, never invented. */
#ifndef AITC_ENERGY_SAMPLER_H
#define AITC_ENERGY_SAMPLER_H

#include <stddef.h>
#include <stdint.h>

#include "agent_error.h"

#define ENERGY_SAMPLER_MAX_HZ 10000
#define ENERGY_SAMPLER_MAX_POINTS 4000000

/* One source's readings, in time order. */
typedef struct {
    char name[160];
    const char *kind; /* "energy_uj" or "power_uw" (static storage) */
    int64_t max;      /* wrap-around range, -1 when not stated */
    int64_t *t_ns;
    int64_t *value;
    size_t n, cap;
} energy_series;

typedef struct energy_sampler energy_sampler;

/* Start sampling the sources under sysfs directory `root` (e.g. "/sys") every 1/hz seconds. Reads
 * once first: a device without a readable source is `unsupported`. Returns NULL with `err` filled. */
energy_sampler *energy_sampler_start(const char *root, int64_t hz, agent_error *err);

/* Stop the thread and wait for it. Idempotent. */
void energy_sampler_stop(energy_sampler *s);

/* After stop: the series, their count, the start/stop times, readings dropped for lack of memory,
 * and sampling ticks in which no source could be read. */
const energy_series *energy_sampler_series(const energy_sampler *s, size_t *count);
int64_t energy_sampler_started_ns(const energy_sampler *s);
int64_t energy_sampler_stopped_ns(const energy_sampler *s);
int64_t energy_sampler_hz(const energy_sampler *s);
size_t energy_sampler_dropped(const energy_sampler *s);
size_t energy_sampler_empty_ticks(const energy_sampler *s);

/* Stop (if needed) and free. NULL is fine. */
void energy_sampler_free(energy_sampler *s);

#endif
