/* persist_disk.c — appends every input to a file in the agent's scratch directory (found under
 * AITC_FIXTURE_SCRATCH, the scratch parent). Erase removes it: must fail PRV-04 only. */
#include "fixture.h"

void fixture_leak(const unsigned char *data, size_t bytes)
{
    char path[4096];
    if (fixture_scratch_file("kept-inputs.bin", path, sizeof path) == 0) fixture_append(path, data, bytes);
}

void fixture_unload(void) {}

void fixture_outputs(float *logits, size_t count) { (void)logits; (void)count; }
