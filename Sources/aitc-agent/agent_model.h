/* agent_model.h — a model loaded under a handle: its backend, context, I/O description. */
#ifndef AITC_AGENT_MODEL_H
#define AITC_AGENT_MODEL_H

#include <stddef.h>

#include "aitc_backend.h"
#include "backend_loader.h"
#include "sha256.h"

typedef struct {
    char *handle;
    backend_handle backend;
    aitc_backend_ctx *ctx;
    aitc_model *model;
    unsigned char *bytes; /* the model file, kept alive for the backend */
    size_t byte_count;
    char sha256[SHA256_HEX_CHARS + 1];
    char *accelerator; /* requested */
    int n_inputs;
    int n_outputs;
    aitc_tensor_info *inputs;
    aitc_tensor_info *outputs;
} agent_model;

/* Unload and free everything; accepts NULL and partially built models. */
void agent_model_free(agent_model *m);

/* Name of a dtype as the protocol spells it ("float32", ...). */
const char *agent_dtype_name(aitc_dtype dtype);

/* Element count of one tensor with symbolic (negative) dims taken as 1; 0 on overflow or a zero dim. */
size_t agent_tensor_elements(const aitc_tensor_info *info);

#endif
