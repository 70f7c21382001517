/* backend_loader.h — finds a backend table: the built-in reference backend, or a shared library
 * opened with dlopen() that exports AITC_ENTRY_SYMBOL. The ABI version and every entry are checked. */
#ifndef AITC_BACKEND_LOADER_H
#define AITC_BACKEND_LOADER_H

#include "agent_error.h"
#include "aitc_backend.h"

typedef struct {
    const aitc_backend *table;
    void *dl; /* dlopen handle, NULL for the built-in backend */
} backend_handle;

/* `spec` is "reference" or a path to a .so (it must contain a '/'). */
int backend_open(const char *spec, backend_handle *out, agent_error *err);
void backend_close(backend_handle *h);

/* Map a backend status code to a protocol error code. */
const char *backend_error_code(int rc);

#endif
