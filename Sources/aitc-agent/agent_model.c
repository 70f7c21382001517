#include "agent_model.h"

#include <stdint.h>
#include <stdlib.h>

void agent_model_free(agent_model *m)
{
    if (m == NULL) {
        return;
    }
    if (m->model != NULL && m->backend.table != NULL) {
        m->backend.table->unload(m->model);
    }
    if (m->ctx != NULL && m->backend.table != NULL) {
        m->backend.table->destroy(m->ctx);
    }
    backend_close(&m->backend);
    free(m->handle);
    free(m->bytes);
    free(m->accelerator);
    free(m->inputs);
    free(m->outputs);
    free(m);
}

const char *agent_dtype_name(aitc_dtype dtype)
{
    switch (dtype) {
    case AITC_DTYPE_FLOAT32: return "float32";
    case AITC_DTYPE_UINT8: return "uint8";
    case AITC_DTYPE_INT8: return "int8";
    case AITC_DTYPE_UINT16: return "uint16";
    case AITC_DTYPE_INT16: return "int16";
    case AITC_DTYPE_INT32: return "int32";
    case AITC_DTYPE_INT64: return "int64";
    case AITC_DTYPE_BOOL: return "bool";
    case AITC_DTYPE_FLOAT16: return "float16";
    case AITC_DTYPE_BFLOAT16: return "bfloat16";
    default: return "undefined";
    }
}

size_t agent_tensor_elements(const aitc_tensor_info *info)
{
    size_t n = 1;
    for (int i = 0; i < info->rank && i < AITC_MAX_RANK; i++) {
        int64_t d = info->dims[i] < 0 ? 1 : info->dims[i];
        if (d == 0) {
            return 0;
        }
        if ((uint64_t)d > SIZE_MAX / n) {
            return 0;
        }
        n *= (size_t)d;
    }
    return n;
}
