/* agent_samples.h — a sample set loaded under a handle: one .npy per model input, N samples each. */
#ifndef AITC_AGENT_SAMPLES_H
#define AITC_AGENT_SAMPLES_H

#include <stddef.h>

#include "aitc_backend.h"
#include "npy.h"
#include "sha256.h"

typedef struct {
    char name[128];             /* the model input it feeds */
    aitc_dtype dtype;
    int rank;                   /* shape of one sample as the model runs it: the model input's */
    int64_t dims[AITC_MAX_RANK]; /* dims with symbolic ones bound from the npy */
    size_t sample_elements;     /* elements in one sample */
    size_t sample_bytes;
    unsigned char *file;        /* the whole .npy, owned */
    npy_array array;            /* views `file` */
    char sha256[SHA256_HEX_CHARS + 1];
} agent_sample_input;

typedef struct {
    char *handle;
    size_t count; /* N */
    int n_inputs;
    agent_sample_input *inputs;
} agent_samples;

void agent_samples_free(agent_samples *s);

/* The input called `name`, or NULL. */
const agent_sample_input *agent_samples_input(const agent_samples *s, const char *name);

#endif
