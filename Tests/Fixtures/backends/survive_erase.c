/* survive_erase.c — appends every input to AITC_FIXTURE_STORE/kept-inputs.bin, a declared storage
 * location outside the agent's scratch, so erase does not remove it: must fail PRV-04 and PRV-06. */
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"

void fixture_leak(const unsigned char *data, size_t bytes)
{
    const char *store = getenv("AITC_FIXTURE_STORE");
    if (store == NULL) return;
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/kept-inputs.bin", store);
    if (n > 0 && (size_t)n < sizeof path) fixture_append(path, data, bytes);
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
