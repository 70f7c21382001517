/*
 * saved_outputs.h — the outputs a negative-control fixture keeps and serves again instead of
 * computing (test-only, never shipped): a copy of up to SAVED_MAX_OUT output tensors under a key.
 * Shared by cheating_backend.c and vendor_cheats.c.
 */
#ifndef AITC_FIXTURE_SAVED_OUTPUTS_H
#define AITC_FIXTURE_SAVED_OUTPUTS_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aitc_backend.h"

#define SAVED_MAX_OUT 4

typedef struct {
    uint64_t key;
    int used;
    size_t bytes[SAVED_MAX_OUT];
    void *data[SAVED_MAX_OUT];
    aitc_tensor_info info[SAVED_MAX_OUT];
} saved_outputs;

/* Copies the first n outputs under key (keeps the old copy of a tensor it cannot allocate). */
static inline void saved_keep(saved_outputs *e, uint64_t key, const aitc_tensor *out, int n)
{
    for (int i = 0; i < n && i < SAVED_MAX_OUT; i++) {
        void *copy = realloc(e->data[i], out[i].bytes);
        if (copy == NULL) return;
        memcpy(copy, out[i].data, out[i].bytes);
        e->data[i] = copy;
        e->bytes[i] = out[i].bytes;
        e->info[i] = out[i].info;
    }
    e->key = key;
    e->used = 1;
}

/* Serves the kept outputs as the first n outputs (the fixture keeps owning the memory). */
static inline void saved_give(const saved_outputs *e, aitc_tensor *out, int n)
{
    for (int i = 0; i < n && i < SAVED_MAX_OUT; i++) {
        out[i].data = e->data[i];
        out[i].bytes = e->bytes[i];
        out[i].info = e->info[i];
    }
}

/* Frees the kept copies. */
static inline void saved_drop(saved_outputs *e)
{
    for (int i = 0; i < SAVED_MAX_OUT; i++) free(e->data[i]);
}

#endif
