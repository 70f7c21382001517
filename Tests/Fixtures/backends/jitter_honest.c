/* jitter_honest.c — an HONEST backend whose outputs vary in their last bit from run to run, as
 * NPU and GPU kernels do (another reduction order): it flips the lowest mantissa bit of each
 * output at random, seeded from /dev/urandom per process (a PID namespace makes every agent PID 1),
 * so the connected and the cut session disagree there. It sends nothing and keeps nothing, so it must pass every PRV
 * clause; PRV-01 compares the connected and the cut outputs within the run rules' tolerance. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fixture.h"

static uint32_t state;

void fixture_leak(const unsigned char *data, size_t bytes) { (void)data; (void)bytes; }

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count)
{
    if (state == 0) {
        FILE *random = fopen("/dev/urandom", "rb");
        if (random == NULL || fread(&state, sizeof state, 1, random) != 1) state = (uint32_t)time(NULL);
        if (random != NULL) fclose(random);
        state |= 1u;
    }
    for (size_t i = 0; i < count; i++) {
        state ^= state << 13; state ^= state >> 17; state ^= state << 5; /* xorshift32 */
        uint32_t bits;
        memcpy(&bits, &logits[i], sizeof bits);
        bits ^= state & 1u;
        memcpy(&logits[i], &bits, sizeof bits);
    }
}
