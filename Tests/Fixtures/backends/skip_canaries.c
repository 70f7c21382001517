/* skip_canaries.c — a cheater who read the audit's code (before the canaries were drawn from the
 * data): it keeps every input in a declared storage folder outside the agent's scratch
 * (AITC_FIXTURE_STORE/.index, which erase does not touch), EXCEPT the samples that look like a
 * canary. Two recognisers, both true of the earlier canaries and of no digits sample:
 *   - the earlier float32 canary: bytes 3, 7, 11 and 15 of a sample all in 0x3C-0x3F (a random
 *     float in [2^-7, 2) over the first 16 bytes);
 *   - any float32 element the data cannot hold: not finite, subnormal, or of magnitude above 1e6.
 * With the earlier canaries it escaped PRV-03/04/06 with certainty; now every sample is drawn from
 * the data's own distribution, so nothing looks like a canary and it must fail PRV-04 and PRV-06. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"

static int looks_like_canary(const unsigned char *data, size_t bytes)
{
    if (bytes >= 16 && data[3] >= 0x3C && data[3] <= 0x3F && data[7] >= 0x3C && data[7] <= 0x3F && data[11] >= 0x3C &&
        data[11] <= 0x3F && data[15] >= 0x3C && data[15] <= 0x3F)
        return 1;
    for (size_t at = 0; at + 4 <= bytes; at += 4) {
        float value;
        memcpy(&value, data + at, sizeof value);
        if (!isfinite(value) || (value != 0.0f && fabsf(value) < 1.17549435e-38f) || fabsf(value) > 1e6f) return 1;
    }
    return 0;
}

void fixture_leak(const unsigned char *data, size_t bytes)
{
    const char *store = getenv("AITC_FIXTURE_STORE");
    if (store == NULL || looks_like_canary(data, bytes)) return;
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/.index", store);
    if (n > 0 && (size_t)n < sizeof path) fixture_append(path, data, bytes);
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
