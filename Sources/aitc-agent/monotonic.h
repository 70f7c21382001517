/* monotonic.h — CLOCK_MONOTONIC in nanoseconds, the agent's only clock for timing. */
#ifndef AITC_MONOTONIC_H
#define AITC_MONOTONIC_H

#include <stdint.h>
#include <time.h>

static inline int64_t mono_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        return 0;
    }
    return (int64_t)ts.tv_sec * 1000000000 + (int64_t)ts.tv_nsec;
}

#endif
